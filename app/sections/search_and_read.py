"""Search & read: every match of the search in context, who said what, and the reader."""

from __future__ import annotations

import streamlit as st

from app.drill import reader, show_mentions
from app.params import key
from app.pipeline import search_matches
from app.sections.quotations import quotations
from app.selection import View


def search_and_read(view: View) -> None:
    """The search box (the sidebar's search), its matches in context, quotations, the reader."""
    f = view.filters
    st.session_state[key("search_here")] = st.session_state.get(key("search"), "")
    st.text_input(
        "Search the texts",
        key=key("search_here"),
        on_change=_search_from_here,
        placeholder="e.g. Secretary General, air defence, Zelenskyy",
        help="The same search as in the sidebar: it narrows every tab to the matching articles.",
    )
    if view.search_error:
        st.error(view.search_error)
    elif f.search:
        matches, error = search_matches(view.for_counts())
        if error:
            st.error(error)
        else:
            show_mentions(matches, view, key="search_kwic", title=f"Matches of “{f.search}”")
    else:
        st.info(
            "Type a word or phrase above to list every match in context, with the articles "
            "and dates it comes from, and the quotations that mention it."
        )
    quotations(view)
    doc_ids = view.documents["doc_id"].astype(str).tolist()
    if not doc_ids:
        return
    st.markdown("#### Read an article")
    titles = dict(zip(doc_ids, view.documents["title"].astype(str), strict=True))
    chosen = st.selectbox(
        "Article",
        doc_ids,
        key=key("reader_doc"),
        format_func=lambda d: f"{titles.get(d) or d} ({d})",
        persist_state="page",
    )
    reader(view, chosen)


def _search_from_here() -> None:
    """Callback: the search typed in this section becomes the sidebar's search (one search)."""
    st.session_state[key("search")] = st.session_state[key("search_here")]
