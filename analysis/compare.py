"""Side-by-side comparison of two documents or two groups of documents.

Comparison is where analysts find the story: two reports of the same meeting, or one government's
releases against another's. This module answers, for two sides A and B:

- how similar they are overall (:func:`similarity`, measure in :data:`SIMILARITY_MEASURE`);
- which entities and keywords they share and which only one of them has (:func:`compare_sets`,
  :func:`label_counts`), with highlight spans for both texts (:func:`comparison_spans`);
- which sentences one reuses from the other, exactly or lightly edited (:func:`shared_passages`,
  :func:`reuse_share`);
- which words, keywords and entities each over-uses (:mod:`analysis.keyness`);
- who said what, and which figures each gives (:mod:`analysis.quotes`, :mod:`analysis.quantities`).

:func:`compare_documents` and :func:`compare_groups` run all of it and return a
:class:`Comparison` whose tables go to CSV and whose :meth:`Comparison.to_json` goes to the CLI.
Everything here is pure: no I/O, no caching, no HTML (the highlighter escapes the text).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

import pandas as pd

from analysis.keyness import (
    KEYNESS_COLUMNS,
    STOPWORDS,
    Counts,
    keyness,
    mention_counts,
    word_counts,
    word_tokens,
)
from analysis.quantities import QUANTITY_COLUMNS, quantities_frame
from analysis.quotes import QUOTE_COLUMNS, quotes_frame
from analysis.sentences import split_sentences
from analysis.terms import find_phrase

SIMILARITY_MEASURE = (
    "cosine similarity of TF-IDF vectors over word unigrams and bigrams (lower-cased, stop words "
    "removed, tf = 1 + ln(count), idf = 1 + ln((1 + n) / (1 + df)) over the compared texts "
    "unless corpus weights are given); 0 = nothing in common, 1 = the same words in the same "
    "proportions"
)
PASSAGE_MEASURE = (
    "Dice coefficient of the two sentences' sets of word bigrams (lower-cased, stop words kept): "
    "2 * shared / (bigrams of A + bigrams of B); 1 = the same wording"
)

SET_COLUMNS = ["kind", "term", "label", "count_a", "count_b", "side"]
LABEL_COUNT_COLUMNS = ["kind", "label", "shared", "only_a", "only_b"]
PASSAGE_COLUMNS = [
    "doc_a",
    "start_a",
    "end_a",
    "doc_b",
    "start_b",
    "end_b",
    "similarity",
    "match",
    "text_a",
    "text_b",
]
SIDES = ("shared", "only_a", "only_b")
#: CSS classes of :func:`comparison_spans`, by side of the comparison.
SPAN_CLASSES = {"shared": "shared", "only_a": "only-a", "only_b": "only-b"}
REUSED_CLASS = "reused"

Span = tuple[int, int, str, str]


# --- overall similarity ---------------------------------------------------------------------


def text_features(texts: str | Iterable[str]) -> Counter[str]:
    """Word unigrams and bigrams (stop words dropped) of one text or of a group's texts.

    Bigrams join two neighbouring content words ("defence ministers"); a stop word between two
    words breaks the pair, so "support for Ukraine" gives no bigram.
    """
    features: Counter[str] = Counter()
    for text in [texts] if isinstance(texts, str) else texts:
        tokens = word_tokens(text)
        features.update(token for token in tokens if token not in STOPWORDS)
        features.update(
            f"{left} {right}"
            for left, right in pairwise(tokens)
            if left not in STOPWORDS and right not in STOPWORDS
        )
    return features


def idf_weights(texts: Iterable[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of every feature of ``texts`` (one text a document).

    Pass the result to :func:`similarity` to weigh words by how rare they are in a whole corpus
    rather than in the two compared texts only. Unknown features get the weight of a feature seen
    in no document.
    """
    document_frequency: Counter[str] = Counter()
    n_docs = 0
    for text in texts:
        n_docs += 1
        document_frequency.update(set(text_features(text)))
    weights = {
        feature: 1.0 + math.log((1 + n_docs) / (1 + df))
        for feature, df in document_frequency.items()
    }
    weights[""] = 1.0 + math.log(1 + n_docs)  # the weight of an unseen feature
    return weights


def _cosine(features_a: Counter[str], features_b: Counter[str], idf: Mapping[str, float]) -> float:
    unseen = idf.get("", 1.0)
    vector_a = {key: (1 + math.log(n)) * idf.get(key, unseen) for key, n in features_a.items()}
    vector_b = {key: (1 + math.log(n)) * idf.get(key, unseen) for key, n in features_b.items()}
    norm = math.sqrt(sum(v * v for v in vector_a.values()) * sum(v * v for v in vector_b.values()))
    if norm == 0:
        return 0.0
    dot = sum(value * vector_b.get(key, 0.0) for key, value in vector_a.items())
    return round(min(dot / norm, 1.0), 6)


def similarity(
    text_a: str | Iterable[str],
    text_b: str | Iterable[str],
    *,
    idf: Mapping[str, float] | None = None,
) -> float:
    """How alike two texts (or two groups of texts) are, from 0 to 1: see :data:`SIMILARITY_MEASURE`.

    Without ``idf`` the weights come from the two sides themselves (a word both use weighs less
    than a word only one uses), so the score does not depend on the rest of the corpus. A group's
    texts are pooled into one vector.
    """
    features_a, features_b = text_features(text_a), text_features(text_b)
    if idf is None:
        idf = {
            key: 1.0 + math.log(3 / (1 + (key in features_a) + (key in features_b)))
            for key in features_a.keys() | features_b.keys()
        }
    return _cosine(features_a, features_b, idf)


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


def comparison_spans(
    text: str, mentions: pd.DataFrame, sets: pd.DataFrame, *, side: str
) -> list[Span]:
    """Highlight spans for one side's text: ``(start, end, css_class, tooltip)``, sorted.

    ``mentions`` are the mentions of this document (side ``"a"`` or ``"b"``), ``sets`` one or
    more :func:`compare_sets` tables. A mention of a shared term gets the class ``shared``, of a
    term only this side has ``only-a`` / ``only-b``. Keywords and user terms that this text holds
    without a mention of its own (found by ``compare_sets(..., text_a=, text_b=)``) are found in
    the text. Overlapping spans are resolved in favour of the longer one, so that the highlighter
    receives disjoint spans. The tooltip is plain text; the highlighter escapes it.
    """
    if side not in ("a", "b"):
        raise ValueError(f"side must be 'a' or 'b', not {side!r}")
    wanted = {"shared", f"only_{side}"}
    rows = sets[sets["side"].isin(wanted)]
    info = {
        (kind, str(term).casefold()): (SPAN_CLASSES[where], _tooltip(kind, term, label, a, b))
        for kind, term, label, a, b, where in rows[SET_COLUMNS].itertuples(index=False)
    }
    candidates: list[Span] = []
    covered: set[tuple[str, str]] = set()
    for kind, term, start, end in mentions[["kind", "term", "start", "end"]].itertuples(
        index=False
    ):
        key = (kind, str(term).casefold())
        if key in info:
            covered.add(key)
            candidates.append((int(start), int(end), *info[key]))
    for key, (css_class, tooltip) in info.items():
        if key[0] != "entity" and key not in covered:
            candidates.extend((s, e, css_class, tooltip) for s, e in find_phrase(text, key[1]))
    return _disjoint(candidates)


def _tooltip(kind: str, term: str, label: str, count_a: int, count_b: int) -> str:
    what = f"{term} ({label})" if label else str(term)
    return f"{what}, {kind}: A {count_a}, B {count_b}"


def _disjoint(spans: Iterable[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (then the earliest), sorted by start."""
    kept: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0], s[2])):
        if span[1] > span[0] and all(span[1] <= s or span[0] >= e for s, e in taken):
            kept.append(span)
            taken.append((span[0], span[1]))
    return sorted(kept)


def passage_spans(passages: pd.DataFrame, *, side: str, doc_id: str | None = None) -> list[Span]:
    """Spans (class ``reused``) of one side's sentences that :func:`shared_passages` aligned.

    For group comparisons pass ``doc_id`` to get the spans of one document.
    """
    if side not in ("a", "b"):
        raise ValueError(f"side must be 'a' or 'b', not {side!r}")
    other = "b" if side == "a" else "a"
    rows = passages if doc_id is None else passages[passages[f"doc_{side}"] == doc_id]
    return sorted(
        (
            int(row[f"start_{side}"]),
            int(row[f"end_{side}"]),
            REUSED_CLASS,
            f"{row['match']} match ({row['similarity']:.2f}) with {row[f'doc_{other}']}",
        )
        for _, row in rows.iterrows()
    )


def mark_reused(spans: Sequence[Span], reused: Sequence[Span]) -> list[Span]:
    """Combine a text's term spans with its reused sentences, keeping both visible.

    ``spans`` are disjoint (from :func:`comparison_spans`), ``reused`` the disjoint sentence spans
    of :func:`passage_spans`. The highlighter draws no nested marks, so a reused sentence is cut
    into pieces instead: a term span that starts inside it gets the extra class ``reused`` (and
    the sentence's tooltip after its own), and the stretches between such terms become spans of
    class ``reused``. Terms outside reused sentences are unchanged. The result is disjoint and
    sorted.
    """
    regions = sorted(reused)
    if not regions:
        return sorted(spans)
    starts = [region[0] for region in regions]
    inside: dict[int, list[Span]] = defaultdict(list)
    result: list[Span] = []
    for span in sorted(spans):
        number = bisect_right(starts, span[0]) - 1
        if number >= 0 and span[0] < regions[number][1]:
            inside[number].append(span)
        else:
            result.append(span)
    for number, (start, end, css_class, tooltip) in enumerate(regions):
        position = start
        for term_start, term_end, term_class, term_tooltip in inside.get(number, []):
            if term_start > position:
                result.append((position, term_start, css_class, tooltip))
            result.append(
                (term_start, term_end, f"{term_class} {css_class}", f"{term_tooltip}; {tooltip}")
            )
            position = max(position, term_end)
        if end > position:
            result.append((position, end, css_class, tooltip))
    return _disjoint(result)


# --- shared passages --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sentence:
    doc_id: str
    start: int
    end: int
    tokens: tuple[str, ...]
    shingles: frozenset[tuple[str, str]]


def _sentences(documents: Iterable[tuple[str, str]], min_words: int) -> list[_Sentence]:
    sentences = []
    for doc_id, text in documents:
        for start, end in split_sentences(text):
            tokens = tuple(word_tokens(text[start:end]))
            if len(tokens) >= min_words:
                shingles = frozenset(pairwise(tokens))
                sentences.append(_Sentence(doc_id, start, end, tokens, shingles))
    return sentences


def _dice(left: frozenset, right: frozenset) -> float:
    return 2 * len(left & right) / (len(left) + len(right)) if left or right else 0.0


def align_passages(
    documents_a: Iterable[tuple[str, str]],
    documents_b: Iterable[tuple[str, str]],
    *,
    threshold: float = 0.5,
    min_words: int = 6,
    min_shared: int = 5,
    max_postings: int = 50,
) -> pd.DataFrame:
    """Sentences of A that B reuses, exactly or lightly edited, paired one to one.

    ``documents_a`` and ``documents_b`` are ``(doc_id, text)`` pairs. Similarity is
    :data:`PASSAGE_MEASURE`; pairs at or above ``threshold`` that share at least ``min_shared``
    word bigrams are aligned greedily, best first, each sentence used once. Sentences shorter
    than ``min_words`` words are left out (titles, datelines, "Thank you for your attention.").

    To stay far from comparing every sentence with every other, an inverted index maps each word
    bigram to the sentences of B that hold it, and each sentence of A counts its shared bigrams
    through it. Bigrams held by more than ``max_postings`` sentences of B ("of the") are not
    followed; the exact score is then computed for the pairs that could still reach the
    threshold.

    A document that is on both sides (overlapping groups) is never aligned with itself: a text
    does not reuse its own sentences.

    Returns :data:`PASSAGE_COLUMNS`, in A's order; ``match`` is ``exact`` when the two sentences
    have the same words, ``near`` otherwise.
    """
    texts_a = dict(documents_a)
    texts_b = dict(documents_b)
    sentences_a = _sentences(texts_a.items(), min_words)
    sentences_b = _sentences(texts_b.items(), min_words)
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, sentence in enumerate(sentences_b):
        for shingle in sentence.shingles:
            postings[shingle].append(index)
    scored = []
    for index_a, sentence in enumerate(sentences_a):
        shared: Counter[int] = Counter()
        skipped = 0
        for shingle in sentence.shingles:
            hits = postings.get(shingle)
            if hits is None:
                continue
            if len(hits) > max_postings:
                skipped += 1
            else:
                shared.update(hits)
        size_a = len(sentence.shingles)
        for index_b, count in shared.items():
            if sentences_b[index_b].doc_id == sentence.doc_id:
                continue
            other = sentences_b[index_b].shingles
            if 2 * (count + skipped) < threshold * (size_a + len(other)):
                continue  # cannot reach the threshold even if every skipped bigram is shared
            if skipped:
                count = len(sentence.shingles & other)
            score = 2 * count / (size_a + len(other))
            if count >= min_shared and score >= threshold:
                scored.append((score, index_a, index_b))
    used_a: set[int] = set()
    used_b: set[int] = set()
    rows = []
    for score, index_a, index_b in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        if index_a in used_a or index_b in used_b:
            continue
        used_a.add(index_a)
        used_b.add(index_b)
        a, b = sentences_a[index_a], sentences_b[index_b]
        rows.append(
            (
                a.doc_id,
                a.start,
                a.end,
                b.doc_id,
                b.start,
                b.end,
                round(score, 4),
                "exact" if a.tokens == b.tokens else "near",
                texts_a[a.doc_id][a.start : a.end],
                texts_b[b.doc_id][b.start : b.end],
            )
        )
    frame = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    order = {doc_id: number for number, doc_id in enumerate(texts_a)}
    frame = frame.assign(_doc=frame["doc_a"].map(order)).sort_values(["_doc", "start_a"])
    return frame[PASSAGE_COLUMNS].astype(_PASSAGE_TYPES).reset_index(drop=True)


_PASSAGE_TYPES = {f"{name}_{side}": "int64" for name in ("start", "end") for side in "ab"} | {
    "similarity": "float64"
}


def shared_passages(
    text_a: str,
    text_b: str,
    *,
    threshold: float = 0.5,
    min_words: int = 6,
    doc_a: str = "a",
    doc_b: str = "b",
) -> pd.DataFrame:
    """Sentences of ``text_a`` that ``text_b`` reuses: :func:`align_passages` for two texts."""
    return align_passages(
        [(doc_a, text_a)], [(doc_b, text_b)], threshold=threshold, min_words=min_words
    )


def reuse_share(
    passages: pd.DataFrame,
    texts_a: str | Mapping[str, str],
    texts_b: str | Mapping[str, str],
) -> dict[str, float]:
    """The share of each side's words that lie in aligned sentences: ``{"a": ..., "b": ...}``.

    ``texts_a`` / ``texts_b`` are the side's text, or its texts by ``doc_id`` (for groups). A
    share is between 0 and 1 and rounded to four places.
    """
    shares = {}
    for side, texts in (("a", texts_a), ("b", texts_b)):
        by_id = texts if isinstance(texts, Mapping) else None
        total = sum(len(word_tokens(t)) for t in (by_id.values() if by_id else [texts]))
        reused = 0
        spans = passages[[f"doc_{side}", f"start_{side}", f"end_{side}"]].drop_duplicates()
        for doc_id, start, end in spans.itertuples(index=False):
            text = by_id.get(doc_id, "") if by_id else texts
            reused += len(word_tokens(text[start:end]))
        shares[side] = round(reused / total, 4) if total else 0.0
    return shares


# --- choosing the sides ----------------------------------------------------------------------


def select_documents(documents: pd.DataFrame, spec: str) -> list[str]:
    """The ``doc_id`` values a side specification picks, in corpus order.

    ``spec`` is a ``doc_id``, or ``key=value`` filters joined by ``,``, all of which must hold:
    ``source=NAME`` (case-insensitive, exact), ``from=YYYY-MM-DD`` and ``to=YYYY-MM-DD``
    (inclusive; undated documents are left out when either is given), ``ids=ID|ID|...`` (a saved
    selection). Raises ``ValueError`` with a readable message for an unknown key.
    """
    ids = documents["doc_id"].astype(str)
    if spec in set(ids):
        return [spec]
    keep = pd.Series(True, index=documents.index)
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, _, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if key == "source":
            keep &= documents["source"].fillna("").str.casefold() == value.casefold()
        elif key in ("from", "to"):
            dates = documents["date"].fillna("").astype(str)
            keep &= (dates != "") & ((dates >= value) if key == "from" else (dates <= value))
        elif key == "ids":
            keep &= ids.isin([v.strip() for v in value.split("|")])
        else:
            raise ValueError(
                f"cannot read {part!r}: expected a doc_id or source=, from=, to=, ids= filters"
            )
    return ids[keep].tolist()


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
            **{name: _records(table) for name, table in self.tables().items()},
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _records(table: pd.DataFrame) -> list[dict]:
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
    """What a side is, for the summary strip: size, dates, sources, most mentioned items."""
    rows = documents[documents["doc_id"].isin(ids)]
    dates = sorted(d for d in rows["date"].fillna("").astype(str) if d)
    if "n_words" in rows:
        n_words = int(pd.to_numeric(rows["n_words"], errors="coerce").fillna(0).sum())
    else:
        n_words = sum(len(word_tokens(str(t))) for t in rows["text"])
    summary = {
        "n_documents": len(rows),
        "n_words": n_words,
        "date_min": dates[0] if dates else "",
        "date_max": dates[-1] if dates else "",
        "sources": sorted({str(s) for s in rows.get("source", pd.Series(dtype=str)) if s}),
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
