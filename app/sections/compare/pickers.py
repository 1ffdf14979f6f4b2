"""The Compare tab's widgets: the two side pickers (with their date ranges) and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from analysis.query.compare import PASSAGE_MEASURE
from app.params import key
from app.sections.compare.sides import (
    DATES,
    Side,
    date_bounds,
    default_choices,
    default_ranges,
    n_documents,
    resolve_side,
    side_choices,
)
from app.selection import View


@dataclass(frozen=True)
class Settings:
    """How to compare: the similarity of a reused sentence, and keyness' group guard."""

    threshold: float
    min_docs: int | None


def pick_sides(view: View) -> tuple[Side, Side]:
    """Draw the two side pickers (and their date ranges when chosen); return both sides."""
    documents = view.result.documents
    choices = side_choices(documents, len(view.documents))
    defaults = default_choices(choices)
    ranges = default_ranges(documents) if DATES in choices else None
    bounds = date_bounds(documents)
    sides = []
    for column, name, default, label in zip(
        st.columns(2), "ab", defaults, ("Compare A", "with B"), strict=True
    ):
        picker = key(f"compare_{name}")
        if st.session_state.get(picker) not in choices:
            st.session_state[picker] = default  # first visit, or a choice from another corpus
        with column:
            choice = st.selectbox(
                label,
                list(choices),
                key=picker,
                format_func=choices.__getitem__,
                help="A document, every document of a source, a date range, or the documents "
                "that pass the sidebar filters.",
                persist_state="page",
            )
            picked = None
            if choice == DATES and ranges is not None and bounds is not None:
                dates_key = key(f"compare_{name}_dates")
                _drop_stale_range(dates_key, bounds)
                # a range restored from a link is in the session state already: no default
                default = (
                    {}
                    if dates_key in st.session_state
                    else {"value": ranges[0] if name == "a" else ranges[1]}
                )
                picked = st.date_input(
                    "Dates",
                    min_value=bounds[0],
                    max_value=bounds[1],
                    key=dates_key,
                    persist_state="page",
                    format="YYYY-MM-DD",  # as the sidebar's dates
                    **default,
                )
            side = resolve_side(choice, documents, view.documents["doc_id"], picked)
            st.caption(f"{name.upper()}: {n_documents(len(side.doc_ids))}")
        sides.append(side)
    return sides[0], sides[1]


def _drop_stale_range(widget: str, bounds: tuple[date, date]) -> None:
    """Forget a date range picked on another corpus: outside the new bounds it would fail."""
    value = st.session_state.get(widget)
    if isinstance(value, tuple | list) and any(
        day is not None and not bounds[0] <= day <= bounds[1] for day in value
    ):
        del st.session_state[widget]


def pick_settings() -> Settings:
    """The comparison settings, in a closed expander."""
    with st.expander("Comparison settings", expanded=False):
        threshold = st.slider(
            "Reused sentence: minimum similarity",
            0.3,
            1.0,
            0.5,
            0.05,
            key=key("compare_threshold"),
            help=PASSAGE_MEASURE,
            persist_state="page",
        )
        min_docs = st.number_input(
            "Keyness for groups: minimum documents per item",
            min_value=1,
            value=None,
            step=1,
            key=key("compare_min_docs"),
            placeholder="automatic: 2, or 1% of the smaller group",
            help="An item is key for a group only if it occurs in at least this many of its "
            "documents, so that one long article cannot make a group's key words.",
            persist_state="page",
        )
    return Settings(float(threshold), None if min_docs is None else int(min_docs))
