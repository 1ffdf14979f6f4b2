"""News explorer: keywords, entities and terms across a corpus of news articles.

Run with ``streamlit run dashboard.py``; ``ANALYSIS_CORPUS=PATH`` names another corpus. This file
only composes: widgets, one library call per section (in ``app/``), the figures.
"""

from __future__ import annotations

import streamlit as st

from analysis.keywords import KeywordSettings, parse_stopwords
from app import compare_view, views
from app.data import (
    UPLOAD_TYPES,
    Source,
    analyse_source,
    check_uploads,
    default_source,
    load_source,
    terms_for,
)
from app.state import options_for, save_to_url, sidebar_filters

st.set_page_config(page_title="News explorer", page_icon="📰", layout="wide")
st.title("News explorer")

# --- corpus in -------------------------------------------------------------------------------------
with st.sidebar:
    st.header("Corpus")
    uploaded = st.file_uploader(
        "Upload articles",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="uploads",
        help=".txt files, .csv/.tsv/.jsonl/.json tables with a 'text' column, .gz or .zip of "
        "them, and an optional metadata.csv (id,title,date,source,url).",
    )
    files = [(file.name, file.getvalue()) for file in uploaded or []]
    refusal = check_uploads(files)
    if refusal:
        st.error(refusal)
    source = (
        Source(label="Uploaded files", uploads=tuple(files))
        if files and not refusal
        else default_source()
    )
    st.caption(f"Analysing: {source.label}")
    with st.expander("Keyword settings"):
        defaults = KeywordSettings()
        settings = KeywordSettings(
            top_k=st.slider("Keywords per article", 3, 30, defaults.top_k, key="top_k"),
            max_ngram=st.slider(
                "Longest keyword (words)", 1, 5, defaults.max_ngram, key="max_ngram"
            ),
            dedup_threshold=st.slider(
                "De-duplication threshold", 0.5, 1.0, defaults.dedup_threshold, key="dedup"
            ),
            stopwords=parse_stopwords(st.text_input("Extra stop words", key="stopwords")),
        )

corpus, error = load_source(source)
if corpus is None:
    st.error(error or "The corpus could not be read.")
    st.stop()
if corpus.documents.empty:
    st.warning("None of the files could be analysed. Each is listed with its reason.")
    st.dataframe(corpus.problems, hide_index=True)
    st.stop()

# --- filters ---------------------------------------------------------------------------------------
with st.sidebar:
    st.header("Filters")
    filters = sidebar_filters(options_for(corpus.documents))
save_to_url(filters)

result, error = analyse_source(source, settings)
if result is None:
    st.error(error or "The corpus could not be analysed.")
    st.stop()
view = views.build_view(result, filters, terms_for(source, filters.terms))
if view.regex_error:
    st.sidebar.error(view.regex_error)
if len(result.problems):
    st.warning(f"{len(result.problems)} input(s) were not analysed: see the Problems tab.")

# --- sections --------------------------------------------------------------------------------------
tabs = st.tabs(
    ["Overview", "Keywords", "Entities", "Over time", "Search & read", "Compare", "Problems"]
)
with tabs[0]:
    views.overview(view)
with tabs[1]:
    views.keywords(view)
with tabs[2]:
    views.entities(view)
with tabs[3]:
    views.over_time(view)
with tabs[4]:
    views.search_and_read(view)
with tabs[5]:
    compare_view.compare(view)
with tabs[6]:
    views.problems(view)
