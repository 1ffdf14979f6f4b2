"""Counting mentions: every number the product shows is one of these group-bys.

Two families, one module, one ``per_1k`` rule: the exported tables (``frequencies.csv`` per
document, :func:`date_frequencies` per date, :func:`entity_table`) that the analysis builds once,
and the chart counts (:func:`count_terms`, :func:`counts_by_date`, :func:`counts_by_doc`) that a
filter change recomputes over the filtered mentions. All of it is vectorised pandas, so a filter
change on 20,000 documents costs about what it costs on five, and every count can be traced to
its mentions and so to its sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.core.schema import ENTITY_COLUMNS, FREQUENCY_COLUMNS, as_text, empty_frame

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


#: Granularities of a time axis, finest first.
PERIODS = ("day", "week", "month", "year")


def document_dates(documents: pd.DataFrame) -> pd.Series:
    """The ``date`` column as strings, ``""`` where a document has no date."""
    return as_text(documents["date"])


def period_of(dates: pd.Series, period: str = "day") -> pd.Series:
    """Map ``YYYY-MM-DD`` strings to the start of their period (``""`` stays ``""``).

    ``week`` is the Monday that starts the ISO week, ``month`` is ``YYYY-MM``, ``year`` ``YYYY``:
    labels that sort in time order as plain strings.
    """
    dates = as_text(dates)
    if period == "day":
        return dates
    if period == "month":
        return dates.str.slice(0, 7)
    if period == "year":
        return dates.str.slice(0, 4)
    if period == "week":
        parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
        monday = parsed - pd.to_timedelta(parsed.dt.day_of_week, unit="D")
        return as_text(monday.dt.strftime("%Y-%m-%d"))
    raise ValueError(f"period must be one of {PERIODS}, not {period!r}")


def _finish_counts(
    counts: pd.DataFrame, words: pd.Series | float, per_1k: bool, first: list[str], then: list[str]
) -> pd.DataFrame:
    """Add ``per_1k_words`` (count per 1,000 of ``words``) and ``value`` (the one to chart).

    Sorted by the ``first`` columns, then ``value`` largest first, then the ``then`` columns: the
    order never depends on the order of the mentions.
    """
    if not isinstance(words, pd.Series):
        words = pd.Series(float(words), index=counts.index)
    words = words.astype(float)
    rate = (counts["count"].astype(float) * 1000 / words.where(words > 0)).fillna(0.0)
    counts = counts.assign(per_1k_words=rate)
    counts["value"] = counts["per_1k_words"] if per_1k else counts["count"].astype(float)
    order = [*first, "value", *then]
    ascending = [True] * len(first) + [False] + [True] * len(then)
    return counts.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)


def _empty_counts(keys: Sequence[str]) -> pd.DataFrame:
    frame = empty_frame([*keys, "count", "n_docs", "per_1k_words", "value"])
    return frame.astype(
        {"count": "int64", "n_docs": "int64", "per_1k_words": float, "value": float}
    )


def _group_counts(mentions: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``count`` (mentions) and ``n_docs`` (distinct documents) per ``keys``, groups in order of
    first mention (pandas' ``groupby(sort=False)``)."""
    grouped = mentions.groupby(keys, sort=False, observed=True, dropna=False)["doc_id"]
    if "doc_id" in keys:  # one document per group: skip the costly distinct count
        return grouped.size().rename("count").reset_index().assign(n_docs=1)
    if all(isinstance(mentions[key].dtype, pd.CategoricalDtype) for key in keys):
        return _categorical_group_counts(mentions, keys)
    return grouped.agg(count="size", n_docs="nunique").reset_index()


def _categorical_group_counts(mentions: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """:func:`_group_counts` over categorical keys (the app's mentions), by integer work rather
    than a pandas group-by, which recodes every key and hashes the documents again per group.

    The keys' codes are combined into one integer per mention (a missing value a code of its
    own), the groups are its distinct values in order of first mention, and ``n_docs`` counts
    distinct (group, document) pairs. Each group's keys are its first mention's: same dtypes.
    """
    combined = np.zeros(len(mentions), dtype=np.int64)
    for key in keys:
        column = mentions[key]
        size = len(column.cat.categories) + 1
        codes = column.cat.codes.to_numpy(np.int64)
        combined = combined * size + np.where(codes < 0, size - 1, codes)
    group, uniques = pd.factorize(combined)  # numbered in order of first mention
    n_groups = len(uniques)
    seen_before = np.concatenate(([-1], np.maximum.accumulate(group)))[:-1]
    firsts = np.flatnonzero(group > seen_before)  # each group's first mention, in group order
    counts = mentions[keys].iloc[firsts].reset_index(drop=True)
    counts["count"] = np.bincount(group, minlength=n_groups).astype(np.int64)
    documents, _ = pd.factorize(mentions["doc_id"])  # a missing document: -1, not counted
    known = documents >= 0
    width = np.int64(int(documents.max(initial=0)) + 1)
    pairs = pd.unique(group[known].astype(np.int64) * width + documents[known])
    counts["n_docs"] = np.bincount(pairs // width, minlength=n_groups).astype(np.int64)
    return counts


def count_terms(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    by: Sequence[str] = ("kind", "term", "label"),
    per_1k: bool = False,
) -> pd.DataFrame:
    """Mentions per term over the whole selection: ``*by, count, n_docs, per_1k_words, value``.

    ``per_1k_words`` divides by the words of all ``documents`` (pass the filtered documents);
    ``value`` is ``per_1k_words`` when ``per_1k`` else ``count``. Sorted by ``value``, largest first
    (ties by ``by``). ``by`` includes ``kind`` so that the keyword "ukraine" and the
    entity "Ukraine" stay apart.
    """
    keys = list(by)
    if mentions.empty:
        return _empty_counts(keys)
    total_words = float(pd.to_numeric(documents["n_words"], errors="coerce").fillna(0).sum())
    return _finish_counts(_group_counts(mentions, keys), total_words, per_1k, [], keys)


def counts_by_date(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    by: Sequence[str] = ("kind", "term", "label"),
    per_1k: bool = False,
    period: str = "day",
) -> pd.DataFrame:
    """Mentions per term per date: ``date, *by, count, n_docs, per_1k_words, value``.

    ``date`` is the start of the ``period`` (see :func:`period_of`). ``per_1k_words`` divides by
    the words of the ``documents`` of that period. Mentions of undated documents, and of documents
    not in ``documents``, are left out. Sorted by date, then ``value`` largest first, then ``by``.
    """
    keys = ["date", *by]
    doc_dates = pd.Series(
        period_of(document_dates(documents), period).to_numpy(),
        index=documents["doc_id"].to_numpy(),
    )
    # as_text: mapping a categorical doc_id gives a categorical date, which sorts by category.
    dated = mentions.assign(date=as_text(mentions["doc_id"].map(doc_dates)))
    dated = dated[dated["date"] != ""]
    if dated.empty:
        return _empty_counts(keys)
    counts = _group_counts(dated, keys)
    words = pd.to_numeric(documents["n_words"], errors="coerce").fillna(0)
    words_per_date = words.groupby(doc_dates.to_numpy()).sum()
    counts_words = counts["date"].map(words_per_date).fillna(0).astype(float)
    return _finish_counts(counts, counts_words, per_1k, ["date"], list(by))


def counts_by_doc(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    by: Sequence[str] = ("kind", "term", "label"),
    per_1k: bool = False,
) -> pd.DataFrame:
    """Mentions per term per document: ``doc_id, title, date, source, n_words, *by, count, ...``.

    The columns after ``by`` are ``count, n_docs, per_1k_words, value`` as in
    :func:`count_terms` (``n_docs`` is 1). ``per_1k_words`` divides by the document's own words.
    Mentions of documents not in ``documents`` are left out. Sorted by date, ``doc_id``, then
    ``value`` largest first, then ``by``.
    """
    meta = documents[["doc_id", "title", "date", "source", "n_words"]].assign(
        date=document_dates(documents)
    )
    keys = ["doc_id", *by]
    kept = mentions[mentions["doc_id"].isin(meta["doc_id"])]
    if kept.empty:
        return _empty_counts(["doc_id", "title", "date", "source", "n_words", *by])
    counts = _group_counts(kept, keys).merge(meta, on="doc_id", how="left")
    counts = counts[["doc_id", "title", "date", "source", "n_words", *by, "count", "n_docs"]]
    words = pd.to_numeric(counts["n_words"], errors="coerce").fillna(0).astype(float)
    return _finish_counts(counts, words, per_1k, ["date", "doc_id"], list(by))
