"""Spikes: a planted burst of one entity is found as the peak and named as its driver."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.schema import MENTION_COLUMNS, mentions_frame
from analysis.query.spikes import (
    DRIVER_COLUMNS,
    PEAK_COLUMNS,
    SOURCE_TIMELINE_COLUMNS,
    TIMELINE_COLUMNS,
    explain_period,
    find_peaks,
    period_counts,
    period_range,
    timeline_by_source,
)

BURST_DAY = "2024-01-15"


def _article(doc_id: str, date: str, source: str, entities: list[tuple[str, str]]) -> tuple:
    text = " ".join(f"{name} was in the news today." for name, _ in entities)
    return (doc_id, f"Title {doc_id}", date, source, len(text.split()), text, entities)


@pytest.fixture(scope="module")
def burst() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two articles a day from 1 to 21 January (Berlin and Paris, or Rome), and on the 15th six
    more, each mentioning Lagos twice: the burst."""
    articles = []
    for day in range(1, 22):
        date = f"2024-01-{day:02d}"
        articles.append(
            _article(f"a{day:02d}", date, "Wire", [("Berlin", "GPE"), ("Paris", "GPE")])
        )
        articles.append(_article(f"b{day:02d}", date, "Daily", [("Rome", "GPE"), ("Paris", "GPE")]))
    for number in range(6):
        entities = [("Lagos", "GPE"), ("Berlin", "GPE"), ("Lagos", "GPE")]
        articles.append(_article(f"lagos{number}", BURST_DAY, "Wire", entities))
    articles.append(_article("undated", "", "Wire", [("Lagos", "GPE")]))
    documents = pd.DataFrame(
        [row[:6] for row in articles],
        columns=["doc_id", "title", "date", "source", "n_words", "text"],
    )
    rows = []
    for doc_id, *_, text, entities in articles:
        position = 0
        for name, label in entities:
            start = text.index(name, position)
            rows.append((doc_id, "entity", name, label, start, start + len(name), name))
            position = start + len(name)
    return documents, mentions_frame(rows)


def test_period_counts_fill_the_quiet_days(burst) -> None:
    documents, mentions = burst
    timeline = period_counts(documents)
    assert list(timeline.columns) == TIMELINE_COLUMNS
    assert len(timeline) == 21
    assert timeline.set_index("date")["count"].to_dict()[BURST_DAY] == 8
    lagos = period_counts(documents, mentions, term="lagos")
    assert lagos["count"].sum() == 6  # the undated article is left out
    assert len(lagos) == 21


def test_the_burst_is_the_only_peak(burst) -> None:
    documents, _ = burst
    peaks = find_peaks(period_counts(documents))
    assert list(peaks.columns) == PEAK_COLUMNS
    assert peaks[["date", "count", "baseline", "threshold"]].values.tolist() == [
        [BURST_DAY, 8, 2.0, 5.0]
    ]


def test_the_burst_is_explained_by_lagos(burst) -> None:
    documents, mentions = burst
    explanation = explain_period(documents, mentions, BURST_DAY)
    assert explanation.baseline == tuple(f"2024-01-{day:02d}" for day in range(8, 15))
    assert explanation.n_baseline == 14
    assert len(explanation.articles) == 8
    drivers = explanation.drivers
    assert list(drivers.columns) == DRIVER_COLUMNS
    top = drivers.iloc[0]
    assert (top["kind"], top["item"], top["label"], top["freq_a"], top["docs_a"]) == (
        "entity",
        "Lagos",
        "GPE",
        12,
        6,
    )
    assert set(drivers["side"]) == {"a"}
    behind = explanation.driver_mentions("entity", "Lagos")
    assert list(behind.columns) == MENTION_COLUMNS
    assert len(behind) == 12
    text = documents.set_index("doc_id").loc[behind.iloc[0]["doc_id"], "text"]
    assert text[behind.iloc[0]["start"] : behind.iloc[0]["end"]] == "Lagos"
    summary = explanation.to_dict()
    assert summary["drivers"][0]["item"] == "Lagos"
    assert summary["drivers"][0]["mentions"] == 12


def test_a_period_after_nothing_is_compared_with_the_rest(burst) -> None:
    documents, mentions = burst
    explanation = explain_period(documents, mentions, "2024-01-01")
    assert explanation.baseline == ("rest",)
    assert explanation.n_baseline == len(documents) - 2
    day_before = explain_period(documents, mentions, BURST_DAY, before=1)
    assert (day_before.baseline, day_before.n_baseline) == (("2024-01-14",), 2)
    assert day_before.drivers.iloc[0]["item"] == "Lagos"


def test_weeks_and_months(burst) -> None:
    documents, mentions = burst
    weeks = period_counts(documents, period="week")
    assert weeks["date"].tolist() == ["2024-01-01", "2024-01-08", "2024-01-15"]
    assert weeks["count"].tolist() == [14, 14, 20]
    assert period_counts(documents, period="month").values.tolist() == [["2024-01", 48]]
    explanation = explain_period(documents, mentions, "2024-01-17", period="week")
    assert explanation.date == "2024-01-15"
    assert explanation.baseline == ("2024-01-01", "2024-01-08")
    assert explanation.drivers.iloc[0]["item"] == "Lagos"


def test_timeline_by_source(burst) -> None:
    documents, _ = burst
    split = timeline_by_source(documents)
    assert list(split.columns) == SOURCE_TIMELINE_COLUMNS
    assert len(split) == 21 * 2
    on_burst = split[split["date"] == BURST_DAY].set_index("source")["count"].to_dict()
    assert on_burst == {"Daily": 1, "Wire": 7}
    assert split["count"].sum() == len(documents) - 1


def test_period_range_and_bad_period() -> None:
    assert period_range("2024-01-29", "2024-02-12", "week") == [
        "2024-01-29",
        "2024-02-05",
        "2024-02-12",
    ]
    assert period_range("2023-12", "2024-02", "month") == ["2023-12", "2024-01", "2024-02"]
    assert period_range("", "", "day") == []
    with pytest.raises(ValueError, match="period"):
        period_range("2024-01-01", "2024-01-02", "year")


def test_flat_timeline_has_no_peak() -> None:
    timeline = pd.DataFrame({"date": [f"2024-01-{d:02d}" for d in range(1, 11)], "count": [4] * 10})
    assert find_peaks(timeline).empty


def test_empty_corpus() -> None:
    documents = pd.DataFrame(columns=["doc_id", "title", "date", "source", "n_words", "text"])
    assert period_counts(documents).empty
    assert find_peaks(period_counts(documents)).empty


def test_a_gap_in_the_collection_is_no_baseline_of_zeros() -> None:
    """Two sources gathered two months apart: weekly counts 5-7, eight empty weeks, 6-11. The
    weeks after the gap are no spikes over zeros; a real burst after them still is one."""
    counts = [5, 6, 7, 5, 6] + [0] * 8 + [6, 7, 6, 30, 7]
    timeline = pd.DataFrame({"date": [f"w{i:02d}" for i in range(len(counts))], "count": counts})
    naive = find_peaks(timeline)
    assert {"w13", "w14", "w15"} <= set(naive["date"])  # the baseline of zeros flags them all
    peaks = find_peaks(timeline, coverage=timeline)
    assert peaks["date"].tolist() == ["w16"]
    assert peaks["baseline"].iloc[0] == 6.0  # the covered weeks before: 5 6 7 5 6 6 7 6


def test_a_term_timeline_keeps_its_quiet_weeks_inside_the_coverage() -> None:
    every = pd.DataFrame({"date": ["a", "b", "c", "d", "e"], "count": [9, 9, 9, 9, 9]})
    term = pd.DataFrame({"date": ["a", "b", "c", "d", "e"], "count": [0, 0, 0, 0, 8]})
    assert find_peaks(term, coverage=every)["date"].tolist() == ["e"]
