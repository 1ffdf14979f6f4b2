"""Where a document's date came from and what cleaning removed from it, worded for the reader.

Ingest records both on each row of ``Corpus.documents``: ``date_source`` with ``date_evidence``
(the text that stated the date) and its offsets ``date_evidence_start``/``date_evidence_end`` into
the cleaned ``text`` (-1 when that text is not in it: a date line above the story, or furniture),
and ``removed``, the page furniture cut from the text as ``(offset in text, removed string, kind)``.
This module turns those values into what the reader shows: a sentence saying where the date came
from, a highlight span on the evidence, a count of the furniture, and the removed pieces as rows
or as insertions at the offsets where they stood (see :mod:`analysis.present.highlight`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.present.highlight import Insertion, Span

#: The CSS class of the date evidence's highlight, and of removed text shown in place.
DATE_CLASS = "date"
REMOVED_CLASS = "removed"

#: A reader's name for each kind of furniture ``analysis.ingest.boilerplate`` removes.
FURNITURE_KINDS: dict[str, str] = {
    "recurring": "recurs across this source",
    "share_bar": "share bar",
    "teaser": "teaser",
    "promo": "promotion",
    "email": "e-mail address",
    "social_link": "social-media link",
    "trailer": "print trailer",
}

#: How each ``date_source`` is said in a tooltip on the evidence.
_HOW_STATED = {"text": "stated in the text", "inferred": "year inferred"}

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class RemovedPiece:
    """One piece of furniture: ``text`` stood at ``offset`` of the cleaned text."""

    offset: int
    text: str
    kind: str

    @property
    def kind_name(self) -> str:
        """The reader's name of the kind (the kind itself when it has none)."""
        return FURNITURE_KINDS.get(self.kind, self.kind.replace("_", " "))


def spoken_date(iso: str) -> str:
    """``"2020-05-07"`` as ``"7 May 2020"`` (no zero padding, unambiguous in any locale);
    a value that is not an ISO date is returned as it is, and ``""`` stays ``""``."""
    try:
        day = date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def evidence_in_text(text: str, evidence: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the evidence: offsets valid, and the same characters."""
    return 0 <= start < end <= len(text) and bool(evidence) and text[start:end] == evidence


def date_sentence(date_source: str, evidence: str = "", in_text: bool = True) -> str:
    """Where a document's date came from, in a few words for the reader's heading.

    ``"date from the text: 'Published: 7 May 2020'"``, ``"date from metadata"``,
    ``"date from the file name"``, ``"date from the text, inferred year: 'Thursday (October
    17)'"`` or ``"no date stated"``. Evidence that is not in the text shown (``in_text`` false: a
    date line above the story) is said to be so. The result is plain text, not escaped.
    """
    quoted = f": '{' '.join(evidence.split())}'" if evidence else ""
    where = " (a line above the story, not in the text shown)" if evidence and not in_text else ""
    if date_source == "text":
        return f"date from the text{quoted}{where}"
    if date_source == "inferred":
        return f"date from the text, inferred year{quoted}{where}"
    if date_source == "metadata":
        return "date from metadata"
    if date_source == "url":
        return "date from the article's link"
    if date_source == "filename":
        return "date from the file name"
    if date_source in ("none", ""):
        return "no date stated"
    return f"date from {date_source}"


def date_span(
    text: str, day: str, date_source: str, evidence: str, start: int, end: int
) -> list[Span]:
    """The highlight of the text that stated the date: one span, class :data:`DATE_CLASS`, with
    a tooltip such as "publication date (stated in the text): 7 May 2020"; none when the date did
    not come from the text or the evidence is not where its offsets say."""
    how = _HOW_STATED.get(date_source)
    if how is None or not day or not evidence_in_text(text, evidence, start, end):
        return []
    return [(start, end, DATE_CLASS, f"publication date ({how}): {spoken_date(day)}")]


def _value(row: Mapping, column: str, default: object) -> object:
    """``row[column]``, or ``default`` when the row lacks it or holds a missing value."""
    value = row.get(column, default)
    if value is None or (isinstance(value, float) and value != value):
        return default
    return value


def _evidence_fields(row: Mapping) -> tuple[str, str, int, int]:
    """A row's text, evidence and evidence offsets (``"", -1, -1`` where it has none)."""
    return (
        str(_value(row, "text", "")),
        str(_value(row, "date_evidence", "")),
        int(_value(row, "date_evidence_start", -1)),  # type: ignore[call-overload]
        int(_value(row, "date_evidence_end", -1)),  # type: ignore[call-overload]
    )


def row_date_span(row: Mapping) -> list[Span]:
    """:func:`date_span` of one row of ``Corpus.documents`` (none for a row without evidence
    columns)."""
    text, evidence, start, end = _evidence_fields(row)
    day, source = str(_value(row, "date", "")), str(_value(row, "date_source", "none"))
    return date_span(text, day, source, evidence, start, end)


def row_date_sentence(row: Mapping) -> str:
    """:func:`date_sentence` of one row of ``Corpus.documents``."""
    text, evidence, start, end = _evidence_fields(row)
    source = str(_value(row, "date_source", "none"))
    return date_sentence(source, evidence, evidence_in_text(text, evidence, start, end))


def removed_pieces(removed: Iterable | None) -> list[RemovedPiece]:
    """The ``removed`` value of a document row as pieces, in the order given.

    Accepts the tuples ingest makes, and the lists or arrays a round trip through a file gives;
    ``None`` or a missing value (a row without the column) is no piece.
    """
    if removed is None or isinstance(removed, float):
        return []
    return [RemovedPiece(int(offset), str(text), str(kind)) for offset, text, kind in removed]


def furniture_count(n: int) -> str:
    """``"3 pieces of page furniture removed"``, ``"1 piece of …"``, ``"no page furniture
    removed"``."""
    if n <= 0:
        return "no page furniture removed"
    return f"{n:,} piece{'s' * (n != 1)} of page furniture removed"


def removed_table(pieces: Iterable[RemovedPiece]) -> pd.DataFrame:
    """The pieces as a table for the page: ``kind`` (the reader's name), ``removed`` (the text),
    ``at`` (the offset in the cleaned text where it stood)."""
    rows = [(piece.kind_name, piece.text, piece.offset) for piece in pieces]
    return pd.DataFrame(rows, columns=["kind", "removed", "at"]).astype({"at": "int64"})


def removed_insertions(pieces: Iterable[RemovedPiece]) -> list[Insertion]:
    """The pieces as insertions for :func:`~analysis.present.highlight.highlight_html`, struck
    through where they stood, each with a tooltip naming its kind ("removed: share bar")."""
    return [
        (piece.offset, piece.text, REMOVED_CLASS, f"removed: {piece.kind_name}") for piece in pieces
    ]
