"""Column names of the public tables: the contract that the CLI's CSV files and users' scripts use.

Every table the library returns has exactly these columns, in this order, so that a CSV written by
``python -m analysis export`` and a DataFrame from :func:`analysis.analyze` are interchangeable.
"""

from __future__ import annotations

import pandas as pd

DOCUMENT_COLUMNS = ["doc_id", "title", "date", "date_source", "source", "n_words", "text"]
MENTION_COLUMNS = ["doc_id", "kind", "term", "label", "start", "end", "surface"]
KEYWORD_COLUMNS = ["doc_id", "keyword", "rank", "score", "count"]
ENTITY_COLUMNS = ["doc_id", "entity", "label", "count", "surface_forms"]
FREQUENCY_COLUMNS = ["doc_id", "date", "kind", "term", "label", "count", "per_1k_words"]
PROBLEM_COLUMNS = ["path", "reason"]
SENTENCE_COLUMNS = ["doc_id", "sentence", "start", "end"]

#: ``date_source`` values, from most to least trustworthy.
DATE_SOURCES = ("metadata", "url", "text", "inferred", "filename", "none")

#: ``kind`` values of a mention.
MENTION_KINDS = ("entity", "keyword", "term")

#: Entity labels. NORP (nationalities, "Allied") and MISC are kept apart from the charts' defaults.
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "MISC")


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """An empty DataFrame with the given columns, so that group-bys on "no data" still work."""
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})


def mentions_frame(rows: list[tuple]) -> pd.DataFrame:
    """Build a mentions table from ``(doc_id, kind, term, label, start, end, surface)`` tuples."""
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS) if rows else empty_frame(MENTION_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"})


def mentions_from_columns(
    doc_id: list,
    kind: str,
    term: list[str],
    label: str | list[str],
    start: list[int],
    end: list[int],
    surface: list[str],
) -> pd.DataFrame:
    """The table :func:`mentions_frame` builds, from its columns (one ``kind`` for all rows, one
    ``label`` or one per row): for many mentions, cheaper than rows of tuples."""
    if not doc_id:
        return mentions_frame([])
    size = len(doc_id)
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "kind": [kind] * size,
            "term": term,
            "label": [label] * size if isinstance(label, str) else label,
            "start": pd.array(start, dtype="int64"),
            "end": pd.array(end, dtype="int64"),
            "surface": surface,
        }
    )


#: The value a clicked point carries for "no date" or "no source" (``""`` means "not given").
NONE_VALUE = "(none)"


def as_text(values: pd.Series) -> pd.Series:
    """``values`` as strings with ``""`` for missing ones; works on object, str and categorical."""
    return values.astype("str").fillna("")
