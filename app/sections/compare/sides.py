"""The two sides of a comparison: what a side picker offers and which documents a choice means.

Pure functions of the documents (no widget): a side is one document (``doc:<doc_id>``), every
document of a source (``source:<name>``), a date range (:data:`DATES`) or the sidebar's current
filter selection (:data:`SELECTION`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from app.params import COMPARE_DATES

#: Choice keys of the side pickers (documents are ``doc:<doc_id>``, sources ``source:<name>``).
SELECTION, DATES = "selection", COMPARE_DATES
#: Longest title shown in a picker.
TITLE_LENGTH = 160


@dataclass(frozen=True)
class Side:
    """One side of the comparison: what the page calls it and the documents it holds.

    ``problem`` says what to do when the side cannot be compared yet (no document, a date range
    being picked); ``doc_ids`` is then empty.
    """

    label: str
    doc_ids: tuple[str, ...]
    problem: str | None = None


def document_label(doc_id: str, title: str) -> str:
    """How a document is offered in the pickers: its (shortened) title and its id."""
    title = " ".join(str(title or "").split())
    if not title:
        return str(doc_id)
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1].rstrip() + "…"
    return f"{title} · {doc_id}"


def side_choices(documents: pd.DataFrame, n_selected: int) -> dict[str, str]:
    """The choices of a side picker, key to label: the current filter selection, every source,
    a date range (when some document has a date), then every document in corpus order."""
    choices = {SELECTION: f"Current filter selection · {n_documents(n_selected)}"}
    sources = documents["source"].fillna("").astype(str).value_counts()
    for source in sorted(sources.index):
        choices[f"source:{source}"] = (
            f"Source: {source or '(no source)'} · {n_documents(int(sources[source]))}"
        )
    if _dated(documents).any():
        choices[DATES] = "A date range…"
    titles = documents["title"].fillna("").astype(str)
    for doc_id, title in zip(documents["doc_id"].astype(str), titles, strict=True):
        choices[f"doc:{doc_id}"] = document_label(doc_id, title)
    return choices


def n_documents(n: int) -> str:
    """How many documents, in words: "1 document", "2 documents"."""
    return f"{n} document" + ("" if n == 1 else "s")


def _dated(documents: pd.DataFrame) -> pd.Series:
    return documents["date"].fillna("").astype(str) != ""


def default_choices(choices: dict[str, str]) -> tuple[str, str]:
    """The sides shown at first: the first and the third document (the second if only two)."""
    docs = [key for key in choices if key.startswith("doc:")]
    if len(docs) >= 2:
        return docs[0], docs[min(2, len(docs) - 1)]
    keys = list(choices)
    return keys[0], keys[min(1, len(keys) - 1)]


def date_bounds(documents: pd.DataFrame) -> tuple[date, date] | None:
    """The first and last date of the corpus, or ``None`` when no document has one."""
    dates = pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce").dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def default_ranges(documents: pd.DataFrame) -> tuple[tuple[date, date], tuple[date, date]]:
    """Date ranges that split the dated documents in two halves (earlier for A, later for B)."""
    dates = sorted(
        pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce").dropna().dt.date
    )
    first, last = dates[0], dates[-1]
    middle = dates[(len(dates) - 1) // 2]
    later = next((d for d in dates if d > middle), last)
    return (first, middle), (later, last)


def resolve_side(
    choice: str,
    documents: pd.DataFrame,
    selected: pd.Series | list[str],
    dates: tuple | None = None,
) -> Side:
    """The documents a picker's ``choice`` stands for.

    ``selected`` holds the doc_ids passing the sidebar filters; ``dates`` is the value of the
    side's date range picker (a pair of dates, or one date while the range is being picked).
    """
    ids = documents["doc_id"].astype(str)
    kind, _, value = choice.partition(":")
    if kind == "doc":
        if value not in set(ids):
            return Side(value, (), "That document is not in the corpus: pick another.")
        title = documents.loc[ids == value, "title"].fillna("").astype(str).iloc[0]
        return Side(title or value, (value,))
    if kind == "source":
        sources = documents["source"].fillna("").astype(str)
        picked = tuple(ids[sources == value])
        label = f"Source: {value or '(no source)'}"
        return Side(label, picked, None if picked else f"{label} has no document.")
    if choice == SELECTION:
        wanted = set(map(str, selected))
        picked = tuple(doc_id for doc_id in ids if doc_id in wanted)
        problem = (
            None
            if picked
            else "No document passes the sidebar filters: widen them, or pick a document or a "
            "source here."
        )
        return Side("Filter selection", picked, problem)
    if choice == DATES:
        if not isinstance(dates, tuple | list) or len(dates) != 2 or None in dates:
            return Side("Date range", (), "Pick the last day of the date range too.")
        start, end = (d.isoformat() for d in dates)
        text = documents["date"].fillna("").astype(str)
        picked = tuple(ids[(text != "") & (text >= start) & (text <= end)])
        label = f"{start} to {end}"
        problem = None if picked else f"No document is dated from {start} to {end}: widen it."
        return Side(label, picked, problem)
    return Side(choice, (), "Pick a document, a source, a date range or the filter selection.")
