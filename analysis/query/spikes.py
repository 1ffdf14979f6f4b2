"""Spikes in a timeline: found automatically, and explained by what the articles of the period
say more than those before it.

A timeline counts articles per period (all of them, or those mentioning one term). Two questions
follow every bump in it, and this module answers both:

- **Which periods are spikes?** :func:`find_peaks` flags a period whose count exceeds the
  median of the ``window`` periods before it by more than ``k`` times their spread, where the
  spread is the median absolute deviation (MAD) scaled by 1.4826 (so that it estimates the
  standard deviation of normal noise) and never taken below 1 article. Median and MAD, not mean
  and standard deviation, so that one earlier spike does not hide the next one. Periods with no
  article count as 0 (the timeline is filled), so a quiet week before a burst is a low baseline,
  not a missing one.
- **What made it?** :func:`explain_period` lists the articles of the period and the entities,
  keywords and terms they over-use against the periods before it, with the keyness of
  :mod:`analysis.query.keyness` (log-likelihood and Log Ratio, with its document-range guard),
  and the mentions behind each, so that every driver is one step from its sentences.

:func:`timeline_by_source` splits the same counts by source.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.counting import PERIODS, document_dates, period_of
from analysis.core.schema import MENTION_COLUMNS, as_text
from analysis.query.keyness import KEYNESS_COLUMNS, keyness, mention_counts, word_counts

TIMELINE_COLUMNS = ["date", "count"]
SOURCE_TIMELINE_COLUMNS = ["date", "source", "count"]
PEAK_COLUMNS = ["date", "count", "baseline", "spread", "threshold", "excess"]
DRIVER_COLUMNS = ["kind", *KEYNESS_COLUMNS]
ARTICLE_COLUMNS = ["doc_id", "title", "date", "source", "n_words"]

#: The periods a spike can be looked for in (``year`` is too coarse for news).
SPIKE_PERIODS = tuple(period for period in PERIODS if period != "year")

PEAK_RULE = (
    "count > median of the previous {window} periods + {k} x max(1, 1.4826 x their median "
    "absolute deviation), and count >= {min_count}"
)


def _check_period(period: str) -> None:
    if period not in SPIKE_PERIODS:
        raise ValueError(f"period must be one of {', '.join(SPIKE_PERIODS)}, not {period!r}")


def period_range(first: str, last: str, period: str = "day") -> list[str]:
    """Every period label from ``first`` to ``last`` (labels as :func:`period_of` gives them)."""
    _check_period(period)
    if not first or not last:
        return []
    if period == "month":
        months = pd.period_range(first[:7], last[:7], freq="M")
        return [str(month) for month in months]
    step = "D" if period == "day" else "7D"
    return [day.strftime("%Y-%m-%d") for day in pd.date_range(first, last, freq=step)]


def term_documents(mentions: pd.DataFrame, term: str) -> set[str]:
    """The documents with a mention of ``term`` (any kind; matched ignoring case)."""
    wanted = term.casefold()
    hits = mentions[as_text(mentions["term"]).str.casefold() == wanted]
    return set(as_text(hits["doc_id"]))


def _periods(documents: pd.DataFrame, period: str) -> pd.Series:
    return pd.Series(
        period_of(document_dates(documents), period).to_numpy(),
        index=as_text(documents["doc_id"]).to_numpy(),
    )


def _selected(
    documents: pd.DataFrame, mentions: pd.DataFrame | None, term: str | None
) -> pd.DataFrame:
    if not term:
        return documents
    if mentions is None:
        raise ValueError("a term timeline needs the mentions table")
    return documents[as_text(documents["doc_id"]).isin(term_documents(mentions, term))]


def period_counts(
    documents: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    *,
    term: str | None = None,
    period: str = "day",
) -> pd.DataFrame:
    """Articles per period: :data:`TIMELINE_COLUMNS`, every period from the corpus' first dated
    article to its last, 0 where none was published (undated articles are left out).

    With ``term``, only the articles that mention it count (``mentions`` needed); the range is
    still the whole corpus', so the term's quiet periods show as zeros.
    """
    _check_period(period)
    periods = _periods(documents, period)
    dated = periods[periods != ""]
    frame = pd.DataFrame(
        {"date": period_range(dated.min(), dated.max(), period)} if len(dated) else {"date": []}
    )
    chosen = _selected(documents, mentions, term)
    counts = _periods(chosen, period)
    counts = counts[counts != ""].value_counts()
    frame["count"] = frame["date"].map(counts).fillna(0).astype("int64")
    return frame[TIMELINE_COLUMNS].astype({"date": "object"})


def timeline_by_source(
    documents: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    *,
    term: str | None = None,
    period: str = "day",
) -> pd.DataFrame:
    """Articles per period per source: :data:`SOURCE_TIMELINE_COLUMNS`, filled with 0 over the
    corpus' dated range for every source, sorted by date then source. Articles without a source
    count under ``""``. ``term`` as in :func:`period_counts`."""
    dates = period_counts(documents, period=period)["date"]
    chosen = _selected(documents, mentions, term)
    table = pd.DataFrame(
        {
            "date": period_of(document_dates(chosen), period).to_numpy(),
            "source": as_text(chosen["source"]).to_numpy() if "source" in chosen else "",
        }
    )
    table = table[table["date"] != ""]
    sources = sorted(set(as_text(documents["source"]))) if "source" in documents else [""]
    grid = pd.MultiIndex.from_product([dates, sources], names=["date", "source"])
    counts = table.groupby(["date", "source"]).size().reindex(grid, fill_value=0)
    frame = counts.rename("count").reset_index()
    return frame.astype({"count": "int64"})[SOURCE_TIMELINE_COLUMNS]


def _mad(values: np.ndarray) -> float:
    """Median absolute deviation of the window's values (the window's first ones are NaN: the
    periods before the timeline's start, which are none)."""
    values = values[~np.isnan(values)]
    return float(np.median(np.abs(values - np.median(values))))


def find_peaks(
    timeline: pd.DataFrame,
    *,
    window: int = 7,
    k: float = 3.0,
    min_count: int = 3,
    coverage: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The spikes of a :func:`period_counts` timeline: :data:`PEAK_COLUMNS`, in date order.

    The rule is :data:`PEAK_RULE`: ``baseline`` is the median of the ``window`` periods before
    (fewer at the start, at least 2), ``spread`` 1.4826 x their MAD, ``threshold`` ``baseline +
    k * max(spread, 1)``, ``excess`` ``count - baseline``. The first two periods have no
    baseline and are never peaks.

    ``coverage`` is a timeline of every article of the corpus (the same one, for a timeline of
    all articles): a period in which it holds none is a gap in the collection, not a quiet
    time, and is left out, so the window is the ``window`` covered periods before. Otherwise two
    sources gathered months apart would make the first weeks after the gap spikes over a
    baseline of zeros.
    """
    if window < 2:
        raise ValueError(f"window must be at least 2 periods, not {window}")
    if coverage is not None:
        covered = set(coverage.loc[coverage["count"] > 0, "date"])
        timeline = timeline[timeline["date"].isin(covered)].reset_index(drop=True)
    counts = timeline["count"].astype("float64")
    previous = counts.shift(1).rolling(window, min_periods=2)
    baseline = previous.median()
    spread = 1.4826 * previous.apply(_mad, raw=True)
    threshold = baseline + k * np.maximum(spread, 1.0)
    frame = timeline[["date", "count"]].assign(
        baseline=baseline.round(3), spread=spread.round(3), threshold=threshold.round(3)
    )
    frame["excess"] = (frame["count"] - frame["baseline"]).round(3)
    peaks = frame[(counts > threshold) & (counts >= min_count)]
    return peaks[PEAK_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class SpikeExplanation:
    """What one period of a timeline holds and what it over-uses against its baseline.

    ``articles``: :data:`ARTICLE_COLUMNS` of the period's articles (those mentioning ``term``
    when one is given). ``baseline``: which periods the period is compared with, and ``n_baseline``
    how many articles they hold (``baseline`` is ``["rest"]`` when the preceding periods held
    none: the period is then compared with every other article). ``drivers``: :data:`DRIVER_COLUMNS`,
    the items the period over-uses (``side`` always ``a``), the strongest first within each kind.
    ``mentions``: the period articles' mentions of the drivers (:data:`MENTION_COLUMNS`, kind
    ``word`` has none), ready for :func:`analysis.query.kwic.sentences_for` or a highlighter.
    """

    date: str
    period: str
    term: str | None
    baseline: tuple[str, ...]
    n_baseline: int
    articles: pd.DataFrame
    drivers: pd.DataFrame
    mentions: pd.DataFrame

    def driver_mentions(self, kind: str, item: str) -> pd.DataFrame:
        """The mentions behind one driver (click on a bar: these are its sentences)."""
        rows = self.mentions
        return rows[(rows["kind"] == kind) & (rows["term"] == item)].reset_index(drop=True)

    def to_dict(self, n_mentions: bool = True) -> dict:
        """JSON-able summary: the period, its baseline, article ids and the drivers, each with
        its number of mentions in the period when ``n_mentions``."""
        drivers = self.drivers.copy()
        if n_mentions:
            counts = self.mentions.groupby(["kind", "term"]).size()
            keys = list(zip(drivers["kind"], drivers["item"], strict=True))
            drivers["mentions"] = [int(counts.get(key, 0)) for key in keys]
        records = drivers.astype(object).where(drivers.notna(), None).to_dict(orient="records")
        return {
            "date": self.date,
            "period": self.period,
            "term": self.term,
            "baseline": list(self.baseline),
            "n_articles": len(self.articles),
            "n_baseline": self.n_baseline,
            "doc_ids": self.articles["doc_id"].tolist(),
            "drivers": [
                {
                    key: (value.item() if hasattr(value, "item") else value)
                    for key, value in row.items()
                }
                for row in records
            ],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _articles(documents: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    rows = documents[as_text(documents["doc_id"]).isin(ids)]
    table = pd.DataFrame({column: rows.get(column, "") for column in ARTICLE_COLUMNS})
    table["date"] = document_dates(rows).to_numpy()
    return table.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)


def _words(documents: pd.DataFrame, ids: set[str]) -> int:
    rows = documents[as_text(documents["doc_id"]).isin(ids)]
    return int(pd.to_numeric(rows["n_words"], errors="coerce").fillna(0).sum())


def explain_period(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    date: str,
    *,
    period: str = "day",
    term: str | None = None,
    before: int = 7,
    kinds: Sequence[str] = ("entity", "keyword", "term"),
    min_docs: int = 2,
    max_p: float = 0.05,
    top: int = 10,
) -> SpikeExplanation:
    """Explain one period of a timeline (``date`` is its label, as :func:`period_of` gives it,
    or any day inside it).

    The period's articles are compared with those of the ``before`` periods just before it
    (by default 7, the window :func:`find_peaks` measures its baseline over: one quiet day is
    too little text to show anything as significant), or with all other articles if those
    hold none: per kind in ``kinds`` (``entity``, ``keyword``,
    ``term``, ``word``), :func:`~analysis.query.keyness.keyness` with the range guard
    ``min_docs`` (an item must occur in that many of the period's articles, or in all of them if
    it has fewer), keeping items the period over-uses with ``p_value <= max_p``, the ``top``
    strongest by log-likelihood. Mention counts are relative to running words (``n_words``), as
    word counts are. With ``term``, both sides hold only the articles that mention it.
    """
    _check_period(period)
    if before < 1:
        raise ValueError(f"before must be 1 period or more, not {before}")
    label = period_of(pd.Series([date]), period).iloc[0] if date else ""
    periods = _periods(documents, period)
    pool = set(periods.index) if not term else term_documents(mentions, term)
    inside = {doc_id for doc_id, value in periods.items() if value == label and doc_id in pool}
    dated = periods[periods != ""]
    first = dated.min() if len(dated) else label
    earlier = [value for value in period_range(first, label, period) if value < label][-before:]
    base = {doc_id for doc_id, value in periods.items() if value in set(earlier) and doc_id in pool}
    baseline = tuple(earlier)
    if not base:
        base = (pool - inside) or (set(periods.index) - inside)
        baseline = ("rest",)
    mention_docs = as_text(mentions["doc_id"])  # once: each side is a mask over the same column
    period_mentions = mentions[mention_docs.isin(inside).to_numpy()]
    base_mentions = mentions[mention_docs.isin(base).to_numpy()]
    sides = {"a": (inside, period_mentions), "b": (base, base_mentions)}
    drivers = _drivers(documents, sides, kinds, min_docs, max_p, top)
    keys = set(zip(drivers["kind"], drivers["item"], strict=True))
    in_drivers = [
        (kind, term_) in keys
        for kind, term_ in zip(period_mentions["kind"], period_mentions["term"], strict=True)
    ]
    driver_mentions = period_mentions[np.asarray(in_drivers, dtype=bool)][MENTION_COLUMNS]
    return SpikeExplanation(
        date=label,
        period=period,
        term=term,
        baseline=baseline,
        n_baseline=len(base),
        articles=_articles(documents, inside),
        drivers=drivers,
        mentions=driver_mentions.sort_values(["doc_id", "start"], kind="stable").reset_index(
            drop=True
        ),
    )


def _drivers(
    documents: pd.DataFrame,
    sides: dict[str, tuple[set[str], pd.DataFrame]],
    kinds: Sequence[str],
    min_docs: int,
    max_p: float,
    top: int,
) -> pd.DataFrame:
    """The items side ``a`` over-uses against side ``b``; ``sides`` maps each to its document ids
    and their mentions."""
    tables = []
    (inside, _), (base, _) = sides["a"], sides["b"]
    words = {"a": _words(documents, inside), "b": _words(documents, base)}
    for kind in kinds:
        if kind == "word":
            texts = dict(zip(as_text(documents["doc_id"]), as_text(documents["text"]), strict=True))
            side_a = word_counts(texts[doc_id] for doc_id in sorted(inside))
            side_b = word_counts(texts[doc_id] for doc_id in sorted(base))
        else:
            side_a, side_b = (
                mention_counts(rows, kind, total=words[name] or None, n_docs=len(ids))
                for name, (ids, rows) in sides.items()
            )
        table = keyness(side_a, side_b, min_docs=min_docs, max_p=max_p)
        table = table[table["side"] == "a"].head(top)
        tables.append(table.assign(kind=kind))
    if not tables:
        return pd.DataFrame(columns=DRIVER_COLUMNS)
    return pd.concat(tables, ignore_index=True)[DRIVER_COLUMNS]
