"""Text reuse: which sentences one side takes from the other, exactly or lightly edited.

Sentences are aligned one-to-one by the Dice coefficient of their word bigrams
(:data:`PASSAGE_MEASURE`); :func:`reuse_share` says how much of each side lies in aligned sentences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

from analysis.extract.sentences import split_sentences
from analysis.query.keyness import word_tokens

PASSAGE_MEASURE = (
    "Dice coefficient of the two sentences' sets of word bigrams (lower-cased, stop words kept): "
    "2 * shared / (bigrams of A + bigrams of B); 1 = the same wording"
)

#: Shortest sentence, in words, that is compared (shorter ones: titles, datelines, "Thank you for
#: your attention.").
MIN_WORDS = 6

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
    min_words: int = MIN_WORDS,
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
    min_words: int = MIN_WORDS,
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
    *,
    min_words: int = MIN_WORDS,
) -> dict[str, float]:
    """The share of each side's compared words that lie in aligned sentences: ``{"a": ...,
    "b": ...}``.

    ``texts_a`` / ``texts_b`` are the side's text, or its texts by ``doc_id`` (for groups). Only
    sentences of at least ``min_words`` words are compared (:func:`align_passages`), so only
    their words count: a text and its exact copy share 1.0, whatever short lines (a title, a
    dateline) they hold. A share is between 0 and 1 and rounded to four places.
    """
    shares = {}
    for side, texts in (("a", texts_a), ("b", texts_b)):
        by_id = texts if isinstance(texts, Mapping) else None
        total = sum(
            len(sentence.tokens)
            for sentence in _sentences((by_id or {"": texts}).items(), min_words)
        )
        reused = 0
        spans = passages[[f"doc_{side}", f"start_{side}", f"end_{side}"]].drop_duplicates()
        for doc_id, start, end in spans.itertuples(index=False):
            text = by_id.get(doc_id, "") if by_id else texts
            reused += len(word_tokens(text[start:end]))
        shares[side] = round(min(1.0, reused / total), 4) if total else 0.0
    return shares
