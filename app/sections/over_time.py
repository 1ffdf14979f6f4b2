"""Over time: chosen terms and entities per date, per article, and as a term × article heatmap."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pandas as pd
import streamlit as st

from analysis.core.counting import (
    count_terms,
    counts_by_date,
    counts_by_doc,
    document_dates,
    period_of,
)
from analysis.present import charts
from analysis.query.filters import drop_keyword_echoes
from app.caching import cache_data, cache_resource
from app.drill import chart_with_drilldown, download
from app.markup import plain
from app.params import key
from app.sections.hints import NO_MENTIONS_HINT
from app.sections.spikes import below_timeline
from app.selection import View
from app.sidebar import FOCUS_DEFAULT

#: Session key of the tracked terms the time charts last saw.
FOCUS_TRACKED = "_focus_tracked"
#: Most terms offered to follow (the tracked ones, then the most mentioned).
CHOICES = 200


@cache_resource(max_entries=4)
def followable(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions the time charts can follow (keywords that repeat a name left out) and their
    counts, largest first (pass ``view.for_counts()``; shared, never mutated)."""
    mentions = drop_keyword_echoes(view.mentions)
    return mentions, count_terms(mentions, view.documents)


@cache_data(max_entries=8)
def time_charts(view: View, picked: tuple[str, ...]) -> tuple:
    """Counts of the ``picked`` terms per date and per article, and the three time figures."""
    mentions, _ = followable(view.for_counts())
    per_1k, period = view.filters.per_1k, view.filters.period
    terms = list(picked)
    focused = mentions[mentions["term"].isin(terms)]
    dates = period_of(view.documents["date"], period)
    by_date = counts_by_date(focused, view.documents, per_1k=per_1k, period=period)
    by_doc = counts_by_doc(focused, view.documents, per_1k=per_1k)
    figures = (
        charts.timeline(
            by_date,
            terms=terms,
            per_1k=per_1k,
            dates=dates[dates != ""].unique().tolist(),
            title="Mentions over time",
            period=period,
        ),
        charts.timeline_by_article(by_doc, terms=terms, per_1k=per_1k, title="Per article"),
        charts.term_doc_heatmap(by_doc, terms=terms, per_1k=per_1k, title="Terms × articles"),
    )
    return by_date, by_doc, figures


def undated_note(documents: pd.DataFrame, mentions: pd.DataFrame, terms: list[str]) -> str | None:
    """What the time axis leaves out, or ``None`` when every article has a date: how many of the
    ``documents`` are undated, how many ``mentions`` of the followed ``terms`` they hold, and
    which of those terms have no dated mention at all (they draw no line)."""
    undated = documents.loc[document_dates(documents) == "", "doc_id"]
    if undated.empty:
        return None
    focused = mentions[mentions["term"].isin(terms) & mentions["doc_id"].isin(documents["doc_id"])]
    in_undated = focused["doc_id"].isin(undated)
    n_undated, n_docs = len(undated), len(documents)
    one = n_undated == 1
    has, are, them, they = (
        ("has", "is", "it", "It holds") if one else ("have", "are", "them", "They hold")
    )
    note = (
        f"**{n_undated:,} of the {n_docs:,} articles in view {has} no date** and {are} not on "
        "the time axis: Mentions over time, Per article, the spikes and the split by source "
        f"leave {them} out (the Terms × articles heatmap keeps {them}, after the dated ones). "
        f"{they} {int(in_undated.sum()):,} of the {len(focused):,} mentions of the followed "
        "terms."
    )
    dated_terms = set(focused.loc[~in_undated, "term"].astype(str))
    undated_only = set(focused.loc[in_undated, "term"].astype(str)) - dated_terms
    only = [term for term in terms if term in undated_only]
    if only:
        named = ", ".join(f"“{plain(term)}”" for term in only[:10])
        more = f" and {len(only) - 10:,} more" if len(only) > 10 else ""
        note += f" Mentioned only in undated articles, so with no line or point over time: {named}{more}."
    return note


def follow(
    state: MutableMapping[str, Any], default: list[str], tracked: list[str], choices: list[str]
) -> list[str]:
    """The terms the time charts follow: the default until the analyst picks others; a newly
    tracked term joins the analyst's pick; "Clear all" stays cleared (an empty pick is a pick).
    Terms outside ``choices`` (what the filters keep) are dropped. Remembers the default in
    ``state`` to tell them apart."""
    previous_default = state.get(FOCUS_DEFAULT)
    previous_tracked = state.get(FOCUS_TRACKED, tracked)  # first run: nothing is new
    state[FOCUS_DEFAULT] = default
    state[FOCUS_TRACKED] = tracked
    stored = state.get(key("focus"))
    focus = [term for term in stored or () if term in choices]
    new = [term for term in tracked if term not in previous_tracked and term not in focus]
    if stored is not None and not stored and previous_default is not None:
        return new  # cleared by the analyst: only a newly tracked term comes in
    if not focus or focus == previous_default:
        return default
    new = [term for term in tracked if term not in previous_tracked and term not in focus]
    return focus + new


def over_time(view: View) -> None:
    """Pick the terms to follow, then their timeline, per-article points and heatmap."""
    if view.mentions.empty:
        st.info(NO_MENTIONS_HINT)
        return
    _, counts = followable(view.for_counts())
    f = view.filters
    tracked = [*f.terms, *([f.term_regex] if f.term_regex else [])]
    choices = list(dict.fromkeys([*tracked, *counts["term"].astype(str).head(CHOICES)]))
    entities = counts.loc[counts["kind"] == "entity", "term"].astype(str).head(5).tolist()
    default = [term for term in tracked if term in choices] or entities or choices[:5]
    st.session_state[key("focus")] = follow(st.session_state, default, tracked, choices)
    picked = st.multiselect(
        "Terms and entities to follow",
        choices,
        key=key("focus"),
        placeholder="Pick terms, entities or keywords",
        help="Your tracked terms come first, then the most mentioned names and keywords.",
        persist_state="page",
    )
    if not picked:
        st.info("Pick at least one term above, or track terms in the sidebar.")
        return
    by_date, by_doc, figures = time_charts(view, tuple(picked))
    note = undated_note(view.documents, followable(view.for_counts())[0], picked)
    if note:
        st.info(note)
    for figure, chart_key, hint in zip(
        figures,
        ("chart_timeline", "chart_articles", "chart_heatmap"),
        (
            "Click a point to read the mentions of that date.",
            "One point per article: click it to read that article's mentions.",
            "Click a cell to read the mentions in that article.",
        ),
        strict=True,
    ):
        chart_with_drilldown(figure, view, key=chart_key, hint=hint)
    download(by_date, "mentions_per_date", view, "per_date", what="Counts per date")
    download(by_doc, "mentions_per_article", view, "per_article", what="Counts per article")
    below_timeline(view, picked)  # spikes explained, split by source, dispersion
