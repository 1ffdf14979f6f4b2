"""Side-by-side comparison of two documents or two groups of documents.

Comparison is where analysts find the story: two reports of the same meeting, or one government's
releases against another's. This module answers, for two sides A and B, which entities and
keywords they share and which only one of them has (:func:`compare_sets`, :func:`label_counts`),
and gathers in one :class:`Comparison` what the neighbouring modules measure:

- how similar the sides are overall (:mod:`analysis.query.similarity`);
- which sentences one reuses from the other (:mod:`analysis.query.reuse`);
- which words, keywords and entities each over-uses (:mod:`analysis.query.keyness`);
- who said what, and which figures each gives (:mod:`analysis.extract.quotes`,
  :mod:`analysis.extract.quantities`).

Sides are chosen with :func:`analysis.query.selection.select_documents`. Highlight spans for the
two texts are drawn by :mod:`analysis.present.compare_spans`. Everything here is pure: no I/O,
no caching, no HTML.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.extract.quantities import QUANTITY_COLUMNS, quantities_frame
from analysis.extract.quotes import QUOTE_COLUMNS, quotes_frame
from analysis.extract.terms import find_phrase
from analysis.query.keyness import (
    KEYNESS_COLUMNS,
    Counts,
    keyness,
    mention_counts,
    word_counts,
    word_tokens,
)
from analysis.query.reuse import (
    PASSAGE_COLUMNS,
    PASSAGE_MEASURE,
    align_passages,
    reuse_share,
    shared_passages,
)
from analysis.query.selection import select_documents
from analysis.query.similarity import SIMILARITY_MEASURE, similarity

SET_COLUMNS = ["kind", "term", "label", "count_a", "count_b", "side"]
LABEL_COUNT_COLUMNS = ["kind", "label", "shared", "only_a", "only_b"]
SIDES = ("shared", "only_a", "only_b")

__all__ = [
    "LABEL_COUNT_COLUMNS",
    "PASSAGE_COLUMNS",
    "PASSAGE_MEASURE",
    "SET_COLUMNS",
    "SIDES",
    "SIMILARITY_MEASURE",
    "Comparison",
    "compare_documents",
    "compare_groups",
    "compare_sets",
    "compare_sides",
    "label_counts",
    "select_documents",
]


# --- shared and unique entities and keywords -------------------------------------------------


def _count_terms(mentions: pd.DataFrame, kind: str) -> tuple[Counter[str], dict[str, str], dict]:
    """Mentions of ``kind`` per case-folded term, plus each key's display form and label."""
    rows = mentions[mentions["kind"] == kind]
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for term, label in zip(rows["term"], rows["label"], strict=True):
        key = str(term).casefold()
        counts[key] += 1
        forms[key][str(term)] += 1
        labels[key][str(label) if isinstance(label, str) else ""] += 1
    return counts, forms, labels


def compare_sets(
    mentions_a: pd.DataFrame,
    mentions_b: pd.DataFrame,
    kind: str,
    *,
    text_a: str | None = None,
    text_b: str | None = None,
) -> pd.DataFrame:
    """Which terms of one ``kind`` both sides mention and which only one does.

    Returns :data:`SET_COLUMNS`: one row a term (matched ignoring case), its most frequent label,
    its mentions on each side and ``side`` in ``shared``, ``only_a``, ``only_b``; shared terms
    first, then A's, then B's, most mentioned first.

    Keywords are chosen per document, so a keyword of A may be missing from B's keyword list while
    B's text uses it. Give ``text_a`` and ``text_b`` (single documents) and such terms are looked
    up in the other text too (whole words, plurals; not for entities, whose canonical names need
    not appear verbatim).
    """
    counts_a, forms_a, labels_a = _count_terms(mentions_a, kind)
    counts_b, forms_b, labels_b = _count_terms(mentions_b, kind)
    if kind != "entity":
        for counts, other, text in ((counts_b, counts_a, text_b), (counts_a, counts_b, text_a)):
            if text is None:
                continue
            for key in list(other):
                if key not in counts and (found := len(find_phrase(text, key))):
                    counts[key] = found
    rows = []
    for key in counts_a.keys() | counts_b.keys():
        forms = forms_a.get(key, Counter()) + forms_b.get(key, Counter())
        labels = labels_a.get(key, Counter()) + labels_b.get(key, Counter())
        count_a, count_b = counts_a.get(key, 0), counts_b.get(key, 0)
        side = "shared" if count_a and count_b else ("only_a" if count_a else "only_b")
        rows.append((kind, _most_common(forms), _most_common(labels), count_a, count_b, side))
    frame = pd.DataFrame(rows, columns=SET_COLUMNS)
    if frame.empty:
        return frame.astype({"count_a": "int64", "count_b": "int64"})
    frame["_order"] = frame["side"].map(SIDES.index)
    frame["_total"] = frame["count_a"] + frame["count_b"]
    frame = frame.sort_values(["_order", "_total", "term"], ascending=[True, False, True])
    return frame[SET_COLUMNS].reset_index(drop=True)


def _most_common(counter: Counter[str]) -> str:
    """The most frequent value, ties broken alphabetically so that results are reproducible."""
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0] if counter else ""


def label_counts(sets: pd.DataFrame) -> pd.DataFrame:
    """How many shared and unique terms of each kind and label: :data:`LABEL_COUNT_COLUMNS`."""
    if sets.empty:
        return pd.DataFrame(columns=LABEL_COUNT_COLUMNS)
    table = (
        sets.assign(label=sets["label"].fillna(""))
        .pivot_table(index=["kind", "label"], columns="side", values="term", aggfunc="count")
        .reindex(columns=list(SIDES))
        .fillna(0)
        .astype("int64")
        .reset_index()
    )
    table.columns.name = None
    return table[LABEL_COUNT_COLUMNS]


# --- one call for everything -----------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Everything compared between side A and side B, as JSON-able summary plus tables.

    ``summary`` holds the similarity and its measure, the reuse shares, each side's size and
    dates, and the shared/unique counts; the DataFrames hold the detail (``sets``: shared and
    unique entities and keywords; ``passages``: aligned sentences; ``keyness``: with a ``kind``
    column, ``word``/``keyword``/``entity``; ``quotes`` and ``quantities``: with a ``side``
    column).
    """

    mode: str
    label_a: str
    label_b: str
    ids_a: tuple[str, ...]
    ids_b: tuple[str, ...]
    summary: dict
    sets: pd.DataFrame
    passages: pd.DataFrame
    keyness: pd.DataFrame
    quotes: pd.DataFrame
    quantities: pd.DataFrame
    labels: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LABEL_COUNT_COLUMNS))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The detail tables by name; ``--format csv`` writes each as ``compare_<name>.csv``."""
        return {
            "sets": self.sets,
            "labels": self.labels,
            "passages": self.passages,
            "keyness": self.keyness,
            "quotes": self.quotes,
            "quantities": self.quantities,
        }

    def to_dict(self) -> dict:
        """Summary and tables as plain lists and dicts (records), ready for ``json.dumps``."""
        return {
            "mode": self.mode,
            "a": {"label": self.label_a, "doc_ids": list(self.ids_a)},
            "b": {"label": self.label_b, "doc_ids": list(self.ids_b)},
            "summary": self.summary,
            **{name: json_records(table) for name, table in self.tables().items()},
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def json_records(table: pd.DataFrame) -> list[dict]:
    """Rows as dicts with plain Python values (NaN becomes ``None``), for JSON."""
    plain = table.astype(object).where(table.notna(), None)
    return [
        {key: (value.item() if hasattr(value, "item") else value) for key, value in row.items()}
        for row in plain.to_dict(orient="records")
    ]


def compare_documents(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    doc_a: str,
    doc_b: str,
    *,
    threshold: float = 0.5,
    idf: Mapping[str, float] | None = None,
) -> Comparison:
    """Compare two documents of a corpus (``documents`` and ``mentions`` as in the contract)."""
    text_a, text_b = _text(documents, doc_a), _text(documents, doc_b)
    mentions_a = mentions[mentions["doc_id"] == doc_a]
    mentions_b = mentions[mentions["doc_id"] == doc_b]
    sets = _all_sets(mentions_a, mentions_b, text_a=text_a, text_b=text_b)
    passages = shared_passages(text_a, text_b, threshold=threshold, doc_a=doc_a, doc_b=doc_b)
    return _assemble(
        "documents",
        documents,
        mentions,
        [doc_a],
        [doc_b],
        labels=(doc_a, doc_b),
        sets=sets,
        passages=passages,
        similarity_score=similarity(text_a, text_b, idf=idf),
        reuse=reuse_share(passages, text_a, text_b),
        min_docs=1,
    )


def compare_groups(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    ids_a: Sequence[str],
    ids_b: Sequence[str],
    *,
    label_a: str = "A",
    label_b: str = "B",
    threshold: float = 0.5,
    min_docs: int | None = None,
    idf: Mapping[str, float] | None = None,
) -> Comparison:
    """Compare two groups of documents (by source, dates or a saved selection).

    ``min_docs`` is keyness's document-range guard; by default 2, or 1% of the smaller group if
    that is more. Similarity pools each group's texts; passages are aligned across all documents
    of both groups.
    """
    texts_a = _texts(documents, ids_a)
    texts_b = _texts(documents, ids_b)
    mentions_a = mentions[mentions["doc_id"].isin(texts_a)]
    mentions_b = mentions[mentions["doc_id"].isin(texts_b)]
    passages = align_passages(texts_a.items(), texts_b.items(), threshold=threshold)
    if min_docs is None:
        min_docs = max(2, round(0.01 * min(len(texts_a), len(texts_b))))
    return _assemble(
        "groups",
        documents,
        mentions,
        list(texts_a),
        list(texts_b),
        labels=(label_a, label_b),
        sets=_all_sets(mentions_a, mentions_b),
        passages=passages,
        similarity_score=similarity(texts_a.values(), texts_b.values(), idf=idf),
        reuse=reuse_share(passages, texts_a, texts_b),
        min_docs=min_docs,
    )


def compare_sides(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    ids_a: Sequence[str],
    ids_b: Sequence[str],
    *,
    label_a: str = "A",
    label_b: str = "B",
    threshold: float = 0.5,
    min_docs: int | None = None,
) -> Comparison:
    """Compare two sides of any size: :func:`compare_documents` when each side is one document
    (so keywords are also looked up in the other text), else :func:`compare_groups`.

    This is the call behind the dashboard and ``python -m analysis compare``; the labels name
    the sides in either mode. Raises ``ValueError`` for an empty side and ``KeyError`` for an
    unknown ``doc_id``.
    """
    if not ids_a or not ids_b:
        raise ValueError(f"side {'A' if not ids_a else 'B'} holds no document")
    if len(ids_a) == 1 and len(ids_b) == 1:
        result = compare_documents(documents, mentions, ids_a[0], ids_b[0], threshold=threshold)
        return replace(result, label_a=label_a, label_b=label_b)
    return compare_groups(
        documents,
        mentions,
        ids_a,
        ids_b,
        label_a=label_a,
        label_b=label_b,
        threshold=threshold,
        min_docs=min_docs,
    )


def _text(documents: pd.DataFrame, doc_id: str) -> str:
    rows = documents.loc[documents["doc_id"] == doc_id, "text"]
    if rows.empty:
        raise KeyError(f"no document with doc_id {doc_id!r}")
    return str(rows.iloc[0])


def _texts(documents: pd.DataFrame, ids: Sequence[str]) -> dict[str, str]:
    """The texts of ``ids`` by doc_id, in the order given (unknown ids are an error)."""
    by_id = dict(zip(documents["doc_id"].astype(str), documents["text"].astype(str), strict=True))
    missing = [doc_id for doc_id in ids if doc_id not in by_id]
    if missing:
        raise KeyError(f"no document with doc_id {missing[0]!r}")
    return {doc_id: by_id[doc_id] for doc_id in ids}


def _all_sets(
    mentions_a: pd.DataFrame,
    mentions_b: pd.DataFrame,
    *,
    text_a: str | None = None,
    text_b: str | None = None,
) -> pd.DataFrame:
    tables = [
        compare_sets(mentions_a, mentions_b, kind, text_a=text_a, text_b=text_b)
        for kind in ("entity", "keyword", "term")
    ]
    tables = [table for table in tables if not table.empty]
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=SET_COLUMNS)


def _side_summary(documents: pd.DataFrame, ids: Sequence[str], mentions: pd.DataFrame) -> dict:
    """What a side is, for the summary strip: size, dates, sources, most mentioned items, and
    how many of its documents have no date or no source (so that a strip naming one source or
    one date range does not hide the others)."""
    rows = documents[documents["doc_id"].isin(ids)]
    dates = sorted(d for d in rows["date"].fillna("").astype(str) if d)
    if "n_words" in rows:
        n_words = int(pd.to_numeric(rows["n_words"], errors="coerce").fillna(0).sum())
    else:
        n_words = sum(len(word_tokens(str(t))) for t in rows["text"])
    sources = rows.get("source", pd.Series("", index=rows.index)).fillna("").astype(str)
    summary = {
        "n_documents": len(rows),
        "n_words": n_words,
        "date_min": dates[0] if dates else "",
        "date_max": dates[-1] if dates else "",
        "n_undated": len(rows) - len(dates),
        "sources": sorted({source for source in sources if source}),
        "n_no_source": int((sources == "").sum()),
    }
    for kind, key in (("entity", "top_entities"), ("keyword", "top_keywords")):
        terms = mentions.loc[mentions["kind"] == kind, "term"].astype(str)
        summary[key] = terms.value_counts().head(TOP_ITEMS).index.tolist()
    return summary


#: How many entities and keywords each side's summary lists.
TOP_ITEMS = 10


def _all_keyness(
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    mentions_a: pd.DataFrame,
    mentions_b: pd.DataFrame,
    min_docs: int,
    sets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Word, keyword and entity keyness in one table with a ``kind`` column.

    For two documents, pass the :func:`compare_sets` table as ``sets``: its counts include a
    keyword found in the other text though not in that text's own keyword list.
    """
    words_a, words_b = word_counts(texts_a), word_counts(texts_b)
    tables = [keyness(words_a, words_b, min_docs=min_docs).assign(kind="word")]
    for kind in ("keyword", "entity"):
        if sets is not None:
            counts_a, counts_b = (
                _set_counts(sets, kind, side, words)
                for side, words in (("a", words_a), ("b", words_b))
            )
        else:
            counts_a = _with_size(mention_counts(mentions_a, kind), words_a)
            counts_b = _with_size(mention_counts(mentions_b, kind), words_b)
        table = keyness(counts_a, counts_b, min_docs=min_docs)
        tables.append(table.assign(kind=kind))
    return pd.concat(tables, ignore_index=True)[["kind", *KEYNESS_COLUMNS]]


def _set_counts(sets: pd.DataFrame, kind: str, side: str, words: Counts) -> Counts:
    """One document's counts of one kind, read from a :func:`compare_sets` table."""
    rows = sets[(sets["kind"] == kind) & (sets[f"count_{side}"] > 0)]
    table = pd.DataFrame(
        {
            "item": rows["term"].astype(str).to_numpy(),
            "label": rows["label"].fillna("").astype(str).to_numpy(),
            "freq": rows[f"count_{side}"].astype("int64").to_numpy(),
            "docs": 1,
        }
    )
    return Counts(table.astype({"docs": "int64"}), total=words.total, n_docs=words.n_docs)


def _with_size(counts: Counts, words: Counts) -> Counts:
    """Mention counts made relative to the side's running words, like word counts."""
    return Counts(counts.table, total=words.total, n_docs=words.n_docs)


def _assemble(
    mode: str,
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    ids_a: list[str],
    ids_b: list[str],
    *,
    labels: tuple[str, str],
    sets: pd.DataFrame,
    passages: pd.DataFrame,
    similarity_score: float,
    reuse: dict[str, float],
    min_docs: int,
) -> Comparison:
    texts_a, texts_b = _texts(documents, ids_a), _texts(documents, ids_b)
    mentions_a = mentions[mentions["doc_id"].isin(ids_a)]
    mentions_b = mentions[mentions["doc_id"].isin(ids_b)]
    persons = mentions[(mentions["kind"] == "entity") & (mentions["label"] == "PERSON")]
    side_docs = {
        "a": documents[documents["doc_id"].isin(ids_a)],
        "b": documents[documents["doc_id"].isin(ids_b)],
    }
    quotes = pd.concat(
        [quotes_frame(rows, persons).assign(side=side) for side, rows in side_docs.items()],
        ignore_index=True,
    )[["side", *QUOTE_COLUMNS]]
    quantities = pd.concat(
        [quantities_frame(rows).assign(side=side) for side, rows in side_docs.items()],
        ignore_index=True,
    )[["side", *QUANTITY_COLUMNS]]
    table = label_counts(sets)
    summary = {
        "similarity": similarity_score,
        "similarity_measure": SIMILARITY_MEASURE,
        "reuse_share": reuse,
        "passage_measure": PASSAGE_MEASURE,
        "n_shared_passages": len(passages),
        "a": _side_summary(documents, ids_a, mentions_a),
        "b": _side_summary(documents, ids_b, mentions_b),
        "counts": {
            kind: {side: int((group["side"] == side).sum()) for side in SIDES}
            for kind, group in sets.groupby("kind", sort=True)
        },
        "keyness_min_docs": min_docs,
    }
    return Comparison(
        mode=mode,
        label_a=labels[0],
        label_b=labels[1],
        ids_a=tuple(ids_a),
        ids_b=tuple(ids_b),
        summary=summary,
        sets=sets,
        passages=passages,
        keyness=_all_keyness(
            list(texts_a.values()),
            list(texts_b.values()),
            mentions_a,
            mentions_b,
            min_docs,
            sets if mode == "documents" else None,
        ),
        quotes=quotes,
        quantities=quantities,
        labels=table,
    )
