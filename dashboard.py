"""News explorer: keywords, entities and terms across a corpus of news articles.

Run with ``streamlit run dashboard.py``; ``ANALYSIS_CORPUS=PATH`` names another corpus. This file
only composes the page, top to bottom: the corpus, the settings and filters (in the sidebar and
the URL), one analysis (cached by content), then one section per tab (in ``app/``).
"""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from analysis.extract.entities import available_backends
from app import aliases_view, compare_view, data, views
from app.state import analysis_settings, options_for, save_to_url, sidebar_filters

st.set_page_config(page_title="News explorer", page_icon="📰", layout="wide")
st.title("News explorer")
st.caption(
    "Keywords, named entities and your own terms across a collection of news articles. The "
    "sidebar filters apply to every tab and live in the page's address, so a copied link "
    "reopens this view. Click any bar, cell or point to read the sentences behind it."
)

# --- corpus in and analysis settings --------------------------------------------------------------
with st.sidebar:
    st.header("Corpus")
    uploaded = st.file_uploader(
        "Upload articles",
        type=data.UPLOAD_TYPES,
        accept_multiple_files=True,
        key="uploads",
        help=".txt files; .csv/.tsv/.jsonl/.json tables with a 'text' column; .gz or .zip of "
        "them; a metadata.csv (id,title,date,source,url) and an aliases.csv or .yaml alias table.",
    )
    articles, alias_files = data.split_uploads((f.name, f.getvalue()) for f in uploaded or [])
    refusal = data.check_uploads(articles)
    if refusal:
        st.error(refusal)
    source = data.upload_source(articles) if articles and not refusal else data.default_source()
    st.caption(f"Analysing: {source.label}")
    uploaded_aliases, alias_problems = aliases_view.read_uploaded(alias_files)
    for name, reason in alias_problems:
        st.error(f"{name}: {reason}")
    settings, backend = analysis_settings(available_backends())

corpus, error = data.load_source(source)
if corpus is None:
    st.error(error or "The corpus could not be read.")
    st.stop()
if corpus.documents.empty:
    st.warning("None of the files could be read as articles. Each is listed with its reason.")
    st.dataframe(corpus.problems, hide_index=True, width="stretch")
    st.stop()

# --- filters (sidebar, URL) -----------------------------------------------------------------------
with st.sidebar:
    st.header("Filters")
    options = data.cached("options", source.key, lambda: options_for(corpus.documents), size=4)
    filters = sidebar_filters(options)
save_to_url(filters, settings, backend)

# --- analysis once, then the filtered view -------------------------------------------------------
aliases, aliases_csv = aliases_view.aliases_in_effect(uploaded_aliases)
result, error = data.analyse_source(source, corpus, settings, aliases, aliases_csv, backend)
if result is None:
    st.error(error or "The corpus could not be analysed.")
    st.stop()
key = data.analysis_key(source, settings, aliases_csv, backend)
context = {
    "corpus": source.label,
    "corpus_key": source.key,
    "keyword_settings": asdict(settings),
    "entity_backend": backend,
    "aliases_csv": aliases_csv.decode("utf-8"),
}
view = data.view_of(source, result, filters, key, context)
for message in (view.regex_error, view.search_error):
    if message:
        st.sidebar.error(message)
with st.sidebar.expander("Reproduce this view"):
    st.caption("Every download carries these parameters (parameters.json or Parquet metadata).")
    st.json({k: v for k, v in view.parameters.items() if k != "documents"}, expanded=False)
n_problems = len(result.problems) + len(alias_problems)
if n_problems:
    st.warning(f"{n_problems} input(s) were not used: see the Problems tab for the reasons.")

# --- sections -------------------------------------------------------------------------------------
tabs = st.tabs(
    ["Overview", "Keywords", "Entities", "Over time", "Search & read", "Compare", "Problems"]
)
with tabs[0]:
    views.overview(view)
with tabs[1]:
    views.keywords(view)
with tabs[2]:
    views.entities(view)
    with st.expander("Alias table: merge, rename, split or exclude entities"):
        aliases_view.alias_editor(aliases_csv)
with tabs[3]:
    views.over_time(view)
with tabs[4]:
    views.search_and_read(view)
with tabs[5]:
    compare_view.compare(view)
with tabs[6]:
    views.problems(view, alias_problems)
