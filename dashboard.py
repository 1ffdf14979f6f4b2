"""News explorer: keywords, entities and terms across a corpus of news articles.

Run with ``streamlit run dashboard.py``; ``ANALYSIS_CORPUS=PATH`` names another corpus. This file
only composes the page, top to bottom: the corpus and the analysis settings, the filters (in the
sidebar and the URL), one analysis (cached by content), then the section on screen (one module
each in ``app/sections/``; the others do not compute).
"""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from analysis.extract.entities import available_backends
from app import alias_table, pipeline, url
from app.lazy import lazy_expander
from app.markup import plain
from app.params import key
from app.sections import SECTIONS
from app.sections.compare import compare
from app.sections.duplicates import count_each_story_once, duplicates, once_toggle, save_once
from app.sections.entities import entities
from app.sections.groups import groups
from app.sections.keywords import keywords
from app.sections.over_time import over_time
from app.sections.overview import overview
from app.sections.problems import inputs_not_used, problems
from app.sections.search_and_read import search_and_read
from app.sections.words import words
from app.selection import AnalysisKey
from app.sidebar import analysis_settings, hidden_note, sidebar_filters
from app.sources import (
    UPLOAD_HELP,
    UPLOAD_TYPES,
    check_uploads,
    default_source,
    digest,
    split_uploads,
    upload_source,
)

st.set_page_config(page_title="News explorer", page_icon="📰", layout="wide")
st.title("News explorer")
st.caption(
    "Keywords, named entities and your own terms across a collection of news articles. The "
    "sidebar filters apply to every tab and live in the page's address, so a copied link "
    "reopens this view. Click any bar, cell or point to read the sentences behind it."
)
url.restore_view(SECTIONS)

# --- corpus in and analysis settings --------------------------------------------------------------
with st.sidebar:
    st.header("Corpus")
    uploaded = st.file_uploader(
        "Upload articles",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=key("uploads"),
        help=UPLOAD_HELP,
    )
    articles, alias_files = split_uploads((f.name, f.getvalue()) for f in uploaded or [])
    refusal = check_uploads(articles)
    if refusal:
        st.error(refusal)
    source = upload_source(articles) if articles and not refusal else default_source()
    st.caption(f"Analysing: {plain(source.label)}")
    uploaded_aliases, alias_problems = alias_table.read_uploaded(alias_files)
    for name, reason in alias_problems:
        st.error(f"{plain(name)}: {reason}")
    settings, backend = analysis_settings(available_backends())

corpus, error = pipeline.load_source(source)
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
    filters = sidebar_filters(pipeline.corpus_options(source))
    once = once_toggle()

# --- analysis once, then the filtered view -------------------------------------------------------
aliases, aliases_csv = alias_table.aliases_in_effect(uploaded_aliases)
analysis_key = AnalysisKey(
    source.key, settings, digest(aliases_csv) if aliases_csv else "", backend
)
analysed, error = pipeline.analyse(analysis_key, corpus, aliases, is_upload=source.path is None)
if analysed is None:
    st.error(error or "The corpus could not be analysed.")
    st.stop()
context = {
    "corpus": source.label,
    "corpus_key": source.key,
    "keyword_settings": asdict(settings),
    "entity_backend": backend,
    "aliases_csv": aliases_csv.decode("utf-8"),
}
view = pipeline.select(analysed, filters, context)
unfolded, view = view, count_each_story_once(analysed, filters, view, context, once)
for message in (view.regex_error, view.search_error):
    if message:
        st.sidebar.error(message)
        st.error(message)  # where the analyst looks, not only below the sidebar's search box
hidden_note(view)
with st.sidebar:
    reproduce = lazy_expander("Reproduce this view", key="reproduce_open")
if reproduce is not None:
    with reproduce:
        st.caption("Every download carries these parameters (parameters.json or Parquet metadata).")
        st.json({k: v for k, v in view.parameters.items() if k != "documents"}, expanded=False)
n_problems = len(analysed.result.problems) + len(alias_problems)
if n_problems:
    st.warning(f"{inputs_not_used(n_problems)}: see the Problems tab for the reasons.")

# --- the section on screen (the others are not computed) ------------------------------------------
#: Each tab's section, in the order of SECTIONS; only the open tab's runs.
renderers = (
    lambda: overview(view),
    lambda: keywords(view),
    lambda: entities(view, aliases_csv),
    lambda: over_time(view),
    lambda: search_and_read(view),
    lambda: compare(view),
    lambda: words(view),
    lambda: groups(view),
    lambda: duplicates(view, unfolded),
    lambda: problems(view, alias_problems),
)
tabs = st.tabs(list(SECTIONS.values()), key=key("section"), on_change="rerun")
for tab, render in zip(tabs, renderers, strict=True):
    if tab.open:
        with tab:
            render()

url.save(filters, settings, backend, SECTIONS)
save_once(once)
