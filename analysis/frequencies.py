"""Counts derived from mentions: per article, per date, raw and per 1,000 words.

Every number the product shows is one of these group-bys over the mentions table, so any count
can be traced back to the occurrences (and sentences) behind it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.schema import ENTITY_COLUMNS, FREQUENCY_COLUMNS, empty_frame

#: Columns of the per-date table: one row a (date, kind, term, label).
DATE_FREQUENCY_COLUMNS = ["date", "kind", "term", "label", "count", "documents", "per_1k_words"]


def per_1k(counts: pd.Series, words: pd.Series) -> pd.Series:
    """``counts`` per 1,000 ``words``, rounded to 3 decimals; 0 where there are no words."""
    rate = counts.astype("float64") * 1000.0 / words.astype("float64").where(words > 0)
    return rate.fillna(0.0).round(3)


def document_frequencies(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """How often each term of each kind occurs in each document (``frequencies.csv``).

    One row per (doc_id, kind, term, label) with ``count`` and ``per_1k_words`` (relative to the
    document's ``n_words``), carrying the document's ``date`` so per-date views are a group-by.
    Sorted by document, kind, then descending count.
    """
    if mentions.empty:
        return empty_frame(FREQUENCY_COLUMNS)
    counts = (
        mentions.groupby(["doc_id", "kind", "term", "label"], sort=False, dropna=False)
        .size()
        .rename("count")
        .reset_index()
    )
    frame = counts.merge(documents[["doc_id", "date", "n_words"]], on="doc_id", how="left")
    frame["per_1k_words"] = per_1k(frame["count"], frame["n_words"])
    frame["date"] = frame["date"].fillna("")
    frame = frame.sort_values(
        ["doc_id", "kind", "count", "term"], ascending=[True, True, False, True], kind="stable"
    )
    return frame[FREQUENCY_COLUMNS].reset_index(drop=True)


def date_frequencies(frequencies: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per-date totals of a :func:`document_frequencies` table.

    ``documents`` is how many documents of that date mention the term; ``per_1k_words`` is relative
    to all words published that date (including documents that do not mention it), so dates with
    more text do not look busier than they are. Undated documents are left out.
    """
    dated = frequencies[frequencies["date"].astype(str) != ""]
    if dated.empty:
        return empty_frame(DATE_FREQUENCY_COLUMNS)
    grouped = (
        dated.groupby(["date", "kind", "term", "label"], sort=True, dropna=False)
        .agg(count=("count", "sum"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    words = documents[documents["date"].astype(str) != ""].groupby("date")["n_words"].sum()
    grouped["per_1k_words"] = per_1k(grouped["count"], grouped["date"].map(words).fillna(0))
    return grouped[DATE_FREQUENCY_COLUMNS]


def entity_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """Entities per document (``entities.csv``): canonical name, label, count, surface forms.

    ``surface_forms`` joins the distinct spellings seen in that document with ``|``, most frequent
    first (ties alphabetical), so "Zelenskyy|President Zelenskyy" shows how a name was written.
    """
    entities = mentions[mentions["kind"] == "entity"]
    if entities.empty:
        return empty_frame(ENTITY_COLUMNS)
    keys = ["doc_id", "term", "label"]
    forms = (
        entities.groupby([*keys, "surface"], sort=False, observed=True)
        .size()
        .rename("n")
        .reset_index()
        .sort_values([*keys, "n", "surface"], ascending=[True, True, True, False, True])
    )
    # Each (doc_id, term, label) is now a run of rows: join its surfaces in one pass, not per
    # group through pandas (which costs seconds on a corpus of thousands of documents).
    starts = np.flatnonzero(~forms.duplicated(keys).to_numpy())
    surfaces = forms["surface"].tolist()
    stops = [*starts[1:].tolist(), len(surfaces)]
    table = forms.iloc[starts][keys].rename(columns={"term": "entity"})
    table["count"] = np.add.reduceat(forms["n"].to_numpy(), starts)
    table["surface_forms"] = [
        "|".join(surfaces[start:stop]) for start, stop in zip(starts.tolist(), stops, strict=True)
    ]
    table = table.sort_values(
        ["doc_id", "count", "entity"], ascending=[True, False, True], kind="stable"
    )
    return table[ENTITY_COLUMNS].reset_index(drop=True)
