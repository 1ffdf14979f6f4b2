"""The sidebar filters: widgets with stable keys, restored from and saved to the URL.

A view is shareable: the filters live in ``st.query_params``, so a copied link reopens the same
selection. Widget values are checked against the current corpus before the widgets are drawn, so
a stale link or a new upload never breaks the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from analysis.filters import PERIODS, Filters
from analysis.schema import ENTITY_LABELS
from analysis.terms import parse_terms

#: Entity types shown by default: nationalities (NORP) and MISC are kept apart from the charts.
DEFAULT_ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC"]
_RESTORED = "_filters_restored"


@dataclass(frozen=True)
class Options:
    """What the corpus offers to choose from."""

    sources: list[str]
    doc_ids: list[str]
    titles: dict[str, str]
    first_date: date | None
    last_date: date | None


def options_for(documents: pd.DataFrame) -> Options:
    """The choices the filters offer for ``documents``."""
    dates = pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce").dropna()
    titles = {
        row.doc_id: f"{row.doc_id} · {row.title[:60]}" if row.title else row.doc_id
        for row in documents[["doc_id", "title"]].itertuples(index=False)
    }
    return Options(
        sources=sorted(documents["source"].unique().tolist()),
        doc_ids=documents["doc_id"].tolist(),
        titles=titles,
        first_date=dates.min().date() if len(dates) else None,
        last_date=dates.max().date() if len(dates) else None,
    )


def restore_from_url(options: Options) -> None:
    """On a session's first run, put the URL's filters into the widgets' state."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    f = Filters.from_params(params)
    state = st.session_state
    state["sources"] = list(f.sources)
    state["docs"] = list(f.doc_ids)
    state["entity_types"] = list(f.entity_types) or DEFAULT_ENTITY_TYPES
    state["search"] = f.search
    state["search_regex"] = f.search_regex
    state["min_count"] = f.min_count
    state["per_1k"] = f.per_1k
    state["period"] = f.period
    state["terms"] = ", ".join(f.terms)
    state["term_regex"] = f.term_regex
    state["focus"] = list(f.focus)
    if f.date_from or f.date_to:
        state["date_range"] = (
            date.fromisoformat(f.date_from) if f.date_from else options.first_date,
            date.fromisoformat(f.date_to) if f.date_to else options.last_date,
        )


def _keep_valid(key: str, allowed: list[str]) -> None:
    """Drop values of a multiselect that the current corpus does not offer."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def _clamp_dates(options: Options) -> None:
    value = st.session_state.get("date_range")
    if value is None or options.first_date is None:
        return
    if not isinstance(value, (tuple, list)) or len(value) != 2 or None in value:
        return  # a range being picked: leave it to the widget
    start = min(max(value[0], options.first_date), options.last_date)
    end = max(min(value[1], options.last_date), start)
    st.session_state["date_range"] = (start, end)


def sidebar_filters(options: Options) -> Filters:
    """Draw the filter widgets (stable keys) and return the :class:`Filters` they describe."""
    restore_from_url(options)
    _keep_valid("sources", options.sources)
    _keep_valid("docs", options.doc_ids)
    _keep_valid("entity_types", list(ENTITY_LABELS))
    _clamp_dates(options)

    date_from = date_to = None
    if options.first_date is not None:
        if "date_range" not in st.session_state:
            st.session_state["date_range"] = (options.first_date, options.last_date)
        picked = st.date_input(
            "Dates",
            min_value=options.first_date,
            max_value=options.last_date,
            key="date_range",
            help="Narrowing the range leaves out undated documents.",
        )
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            if picked[0] > options.first_date:
                date_from = picked[0]
            if picked[1] < options.last_date:
                date_to = picked[1]
    else:
        st.caption("No document has a date.")
    sources = st.multiselect(
        "Sources",
        options.sources,
        key="sources",
        format_func=lambda s: s or "(no source)",
        placeholder="All sources",
    )
    docs = st.multiselect(
        "Documents",
        options.doc_ids,
        key="docs",
        format_func=lambda d: options.titles.get(d, d),
        placeholder="All documents",
    )
    entity_types = st.multiselect(
        "Entity types",
        list(ENTITY_LABELS),
        key="entity_types",
        help="PERSON people · ORG organisations · GPE countries and cities · LOC regions · "
        "NORP nationalities and groups · MISC other",
    )
    search = st.text_input(
        "Search the texts",
        key="search",
        placeholder="e.g. air defence",
        help="Keeps documents whose title or text contains this (case-insensitive).",
    )
    search_regex = st.checkbox("Search is a regular expression", key="search_regex")
    with st.expander("Counting", expanded=False):
        min_count = st.number_input("Minimum mentions", min_value=1, step=1, key="min_count")
        per_1k = st.toggle("Per 1,000 words", key="per_1k", help="Normalise counts by text length.")
        period = st.selectbox("Time step", PERIODS, key="period")
    with st.expander("Tracked terms", expanded=True):
        terms = st.text_input(
            "Terms to count",
            key="terms",
            placeholder="air defence, F-16, drones",
            help="Comma-separated; whole words, any case, plurals included.",
        )
        term_regex = st.text_input(
            "Regular expression to count",
            key="term_regex",
            placeholder=r"\b\d+ billion euros\b",
            help="Counted as a term of its own (runs with a time limit).",
        )
    return Filters(
        date_from=date_from,
        date_to=date_to,
        sources=tuple(sources),
        doc_ids=tuple(docs),
        entity_types=tuple(entity_types),
        min_count=int(min_count),
        per_1k=per_1k,
        period=period,
        terms=tuple(parse_terms(terms)),
        term_regex=term_regex,
        focus=tuple(st.session_state.get("focus", [])),
        search=search,
        search_regex=search_regex,
    )


def save_to_url(f: Filters) -> None:
    """Write the filters into the URL so that the view can be shared and reloaded."""
    params = f.to_params()
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    wanted = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    if current != wanted:
        st.query_params.from_dict(params)
