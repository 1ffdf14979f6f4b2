"""Under the timeline (the Over time tab): explain a spike, split the timeline by source, and show
where in the articles the followed terms fall.

A click on a point of the timeline above (or of the article timeline here) explains that period:
its articles and the entities, keywords and terms they over-use against the periods just before
it, each driver a click away from its sentences. Spikes are also found automatically (a count
above the recent median by several deviations) and listed with their drivers.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis.present.charts import clicked_points, n_articles
from analysis.present.group_charts import (
    spike_drivers,
    spike_timeline,
    timeline_by_source_figure,
)
from analysis.present.tool_charts import dispersion_strip
from analysis.query.corpus_index import mention_hits
from analysis.query.dispersion import dispersion_table, hit_positions
from analysis.query.filters import drop_keyword_echoes
from analysis.query.spikes import (
    SPIKE_PERIODS,
    SpikeExplanation,
    explain_period,
    find_peaks,
    period_counts,
    timeline_by_source,
)
from app.caching import cache_data
from app.drill import show_mentions, show_table
from app.lazy import lazy_expander
from app.markup import plain
from app.sections.words import corpus_index, doc_ids_of
from app.selection import View

#: The key of the Over time tab's timeline (``app/sections/over_time.py``): its clicks are read.
TIMELINE_CHART = "chart_timeline"
SPIKE_CHART = "chart_spikes"
DRIVER_CHART = "chart_spike_drivers"
#: Most spikes listed with their drivers, and drivers named per spike in the list.
MAX_PEAKS, DRIVERS_NAMED = 12, 3
#: Most followed terms drawn as dispersion strips.
MAX_STRIPS = 4
#: Largest corpus, in words, whose dispersion section is open on arrival: it needs the corpus's
#: word index, built on first use (seconds on 20,000 articles), so a larger one waits for a click.
DISPERSION_OPEN_UP_TO = 300_000


def spike_period(view: View) -> str:
    """The time step spikes are looked for at: the tab's own, or months for years."""
    return view.filters.period if view.filters.period in SPIKE_PERIODS else "month"


@cache_data(max_entries=8)
def spikes_of(view: View, period: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Articles per period, the spikes among them (with their top drivers named), and the
    timeline by source."""
    timeline = period_counts(view.documents, period=period)
    peaks = find_peaks(timeline, coverage=timeline).tail(MAX_PEAKS)
    named = []
    for date in peaks["date"]:
        drivers = explain_period(view.documents, view.mentions, date, period=period).drivers
        named.append(", ".join(drivers["item"].astype(str).head(DRIVERS_NAMED)))
    peaks = peaks.assign(drivers=named)
    return timeline, peaks, timeline_by_source(view.documents, period=period)


@cache_data(max_entries=16)
def explained(view: View, date: str, period: str) -> SpikeExplanation:
    """One period of the timeline explained against the periods just before it."""
    return explain_period(view.documents, view.mentions, date, period=period)


def clicked_date(chart_key: str) -> str:
    """The date of the point last clicked on the chart drawn with ``chart_key`` (``""``: none)."""
    event = st.session_state.get(chart_key)
    selection = event.get("selection") if isinstance(event, dict) or hasattr(event, "get") else None
    return next((point["date"] for point in clicked_points(selection) if "date" in point), "")


def below_timeline(view: View, picked: Sequence[str]) -> None:
    """Under the timeline: spikes and their explanation, the split by source, dispersion."""
    if view.documents.empty:
        return
    st.divider()
    explain_spikes(view)
    dispersion_of(view, picked)


def explain_spikes(view: View) -> None:
    """The article timeline with its spikes; the clicked (or largest) period explained."""
    period = spike_period(view)
    timeline, peaks, by_source = spikes_of(view, period)
    st.subheader("Explain a spike")
    event = st.plotly_chart(
        spike_timeline(timeline, peaks, title=f"Articles per {period}"),
        key=SPIKE_CHART,
        on_select="rerun",
        selection_mode=("points",),
        width="stretch",
        config={"displaylogo": False},
    )
    points = clicked_points(event["selection"] if event else None)
    date = next((p["date"] for p in points if "date" in p), "") or clicked_date(TIMELINE_CHART)
    if peaks.empty:
        st.caption("No spike found: no period rises well above the periods before it.")
    else:
        st.markdown("**Spikes found** (a count above the median of the 7 periods before it)")
        show_table(peaks, key="spike_peaks")
        date = date or str(peaks.sort_values("excess")["date"].iloc[-1])
    with st.expander("Articles per source", expanded=True):
        st.plotly_chart(
            timeline_by_source_figure(by_source), key="chart_by_source", width="stretch"
        )
    if not date:
        st.caption("Click a point of a timeline to see what its articles are about.")
        return
    explain(view, date, period)


def explain(view: View, date: str, period: str) -> None:
    """What the period of ``date`` over-uses against the periods before it, and its articles."""
    found = explained(view, date, period)
    baseline = (
        "every other article"
        if found.baseline == ("rest",)
        else f"the {len(found.baseline)} {period}(s) before ({n_articles(found.n_baseline)})"
    )
    st.markdown(
        f"**{plain(found.date)}: {n_articles(len(found.articles))}, compared with "
        f"{plain(baseline)}**"
    )
    event = st.plotly_chart(
        spike_drivers(found.drivers, date=found.date, title="What this period over-uses"),
        key=DRIVER_CHART,
        on_select="rerun",
        selection_mode=("points",),
        width="stretch",
        config={"displaylogo": False},
    )
    show_table(found.articles, key="spike_articles")
    points = clicked_points(event["selection"] if event else None)
    if not points:
        st.caption("Click a driver to read its sentences in this period.")
        return
    point = points[0]
    mentions = found.driver_mentions(point.get("kind", ""), point.get("term", ""))
    with st.container(border=True):
        show_mentions(mentions, view, key="spike_driver", title=f"{point.get('term', '')}")


def dispersion_of(view: View, picked: Sequence[str]) -> None:
    """Where in each article the followed terms fall, and how evenly they spread (DP, D)."""
    terms = list(picked)[:MAX_STRIPS]
    if not terms:
        return
    words = int(view.result.documents["n_words"].sum())
    box = lazy_expander(
        "Where in the articles: dispersion of the followed terms",
        key="dispersion_open",
        expanded=words <= DISPERSION_OPEN_UP_TO,
    )
    if box is None:
        return
    index = corpus_index(view.analysed)
    # the mentions the time charts count: a keyword that repeats a name is not counted twice
    followed = drop_keyword_echoes(view.mentions)
    mentions = followed[followed["term"].isin(terms)]
    hits = {term: mention_hits(index, mentions[mentions["term"] == term]) for term in terms}
    with box:
        left_out = list(picked)[MAX_STRIPS:]
        if left_out:
            st.caption(
                f"The first {MAX_STRIPS} followed terms; left out here: "
                + ", ".join(plain(str(term)) for term in left_out)
                + " (follow fewer terms to see them)."
            )
        show_table(dispersion_table(index, doc_ids_of(view), terms=hits), key="time_dispersion")
        for number, term in enumerate(terms):
            st.plotly_chart(
                dispersion_strip(
                    hit_positions(index, hits[term]), view.result.documents, term=term, title=term
                ),
                key=f"chart_time_dispersion_{number}",
                width="stretch",
            )
