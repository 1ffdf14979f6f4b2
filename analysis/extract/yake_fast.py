"""YAKE's keyword scores for a whole batch of articles at once, with numpy instead of objects.

YAKE (Campos et al., 2020) ranks every 1..n-word phrase of a text by statistics of its words:
frequency, case, position, spread over sentences and how many different words surround it. The
reference package (``yake``) computes these with one Python object per word and per n-gram
occurrence and one networkx graph per article, after tokenising with segtok; on news text almost
all of its time goes into that bookkeeping, not into the arithmetic. This module computes the same
features for many articles in one pass: tokens become integer arrays, n-grams are hashed with
``pandas.factorize``, the co-occurrence graph is a table of (left term, right term) counts, and the
scores are array expressions. Only the phrases a caller reads are turned back into strings.

It reproduces ``yake.KeywordExtractor(n=max_ngram, dedup_lim=1.0)`` on the text that
:func:`analysis.extract.keywords.extraction_text` prepares (each line ends a sentence), with these known
differences:

- sentences follow segtok's ``split_multi`` rules exactly, but its end-anchored patterns are
  matched backwards from the end of each piece (segtok tries every start position, which is
  quadratic in a sentence's length); all 1,796 ua-ru-press articles split identically;
- tokens follow segtok's word pattern (written for ``re``, which is faster than the ``regex``
  module; see docs/performance.md): letters of scripts without case (Chinese, Arabic) are word characters
  here, symbols for segtok; superscript units and chemical formulas get no special treatment;
  a web address never runs on to a later e-mail address as one token; HTML entities are not
  un-escaped a second time (:func:`extraction_text` did it). 6 of ua-ru-press's 65,688 sentences
  tokenise differently;
- scores are sums and products in another order (numpy), so they agree to about 1e-14: phrases
  whose scores YAKE computes as equal may swap places.

:func:`rank_candidates` is the batch entry point; :func:`fast_candidates` is a drop-in for
:func:`analysis.extract.keywords.yake_candidates` on one text. Agreement with YAKE on a real corpus is
measured by ``benchmarks/speed.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from analysis.extract.keywords import KeywordSettings
from analysis.extract.yake_tokens import (
    _ACRONYM,
    _DIGIT,
    _NAME,
    _PLAIN,
    _UNUSUAL,
    _classify,
    split_sentences,
    tokenize,
    tokenized,
)

__all__ = ["Ranking", "fast_candidates", "rank_candidates", "split_sentences", "tokenize"]


@lru_cache(maxsize=32)
def stopword_set(language: str, stopwords: tuple[str, ...]) -> frozenset[str]:
    """The stop words YAKE uses for ``language`` plus the user's (as keywords' extractor does)."""
    import yake

    return frozenset(yake.KeywordExtractor(lan=language).stopword_set) | frozenset(stopwords)


# --------------------------------------------------------------------------------------------------
# Ranking


@dataclass(frozen=True)
class _Batch:
    """The scored candidates of a batch, sorted by document, then score, then YAKE's order."""

    words: np.ndarray  # lower-cased word id per word token of the batch
    vocabulary: np.ndarray  # lower-cased word per id
    end: np.ndarray  # per candidate: index of its last word token
    size: np.ndarray  # per candidate: number of words
    score: np.ndarray  # per candidate: YAKE's H (lower is better)
    bounds: np.ndarray  # candidates of document i are [bounds[i], bounds[i + 1])

    @cached_property
    def lists(self) -> tuple[list[str], list[int]]:
        """``vocabulary`` and ``words`` as Python lists (made once per batch, when first read)."""
        return self.vocabulary.tolist(), self.words.tolist()


class Ranking(Sequence[tuple[str, float]]):
    """One document's candidates as ``(lower-cased phrase, score)``, best first, built lazily.

    A sequence: ``len()``, indexing and iteration work as on the list YAKE returns, but a phrase
    is only joined into a string when it is read (callers usually stop after a few dozen).
    """

    def __init__(self, batch: _Batch, document: int) -> None:
        self._batch = batch
        self._start = int(batch.bounds[document])
        self._stop = int(batch.bounds[document + 1])

    def __len__(self) -> int:
        return self._stop - self._start

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        batch, row = self._batch, self._start + index
        end, size = int(batch.end[row]), int(batch.size[row])
        phrase = " ".join(batch.vocabulary[batch.words[end - size + 1 : end + 1]])
        return phrase, float(batch.score[row])

    def __iter__(self) -> Iterator[tuple[str, float]]:
        """The candidates best first."""
        for words, score in self.word_tuples():
            yield " ".join(words), score

    def word_tuples(self) -> Iterator[tuple[tuple[str, ...], float]]:
        """The candidates best first, each phrase as the tuple of its words (what ``split()`` of
        the joined phrase gives: no word holds a space), for callers that would split it again.

        Read from Python lists: indexing NumPy arrays item by item costs more than converting
        this document's rows once (callers read a few dozen).
        """
        batch, start, stop = self._batch, self._start, self._stop
        vocabulary, words = batch.lists
        ends, sizes = batch.end[start:stop].tolist(), batch.size[start:stop].tolist()
        for end, size, score in zip(ends, sizes, batch.score[start:stop].tolist(), strict=True):
            yield tuple([vocabulary[word] for word in words[end - size + 1 : end + 1]]), score


def fast_candidates(text: str, settings: KeywordSettings | None = None) -> list[tuple[str, float]]:
    """Every candidate of ``text`` as ``(lower-cased phrase, score)``, best first.

    The same contract as :func:`analysis.extract.keywords.yake_candidates` (``text`` is what
    :func:`analysis.extract.keywords.extraction_text` returns), computed as :func:`rank_candidates` does.
    """
    return list(rank_candidates([text], settings)[0])


def rank_candidates(texts: Sequence[str], settings: KeywordSettings | None = None) -> list[Ranking]:
    """YAKE's candidate ranking of every text in ``texts``, computed for all of them at once.

    One :class:`Ranking` per text, in order. Batches of a few hundred articles amortise the
    array set-up; any size works (an empty or word-less text has an empty ranking).
    """
    settings = settings or KeywordSettings()
    stop = stopword_set(settings.language, tuple(settings.stopwords))
    batch = tokenized(texts)
    if not batch.tokens:
        return _empty_rankings(len(texts))
    return _rank(
        batch.tokens,
        np.asarray(batch.sentence_of, dtype=np.int64),
        np.asarray(batch.first, dtype=np.int64),
        np.asarray(batch.document_of_sentence, dtype=np.int64),
        np.asarray(batch.sentences_per_document, dtype=np.int64),
        stop,
        settings.max_ngram,
    )


def _rank(
    tokens: list[str],
    sentence_of: np.ndarray,
    first: np.ndarray,
    document_of_sentence: np.ndarray,
    sentences_per_document: np.ndarray,
    stop: frozenset[str],
    max_ngram: int,
) -> list[Ranking]:
    """Score the candidates of a tokenised batch (see the module docstring for the features)."""
    n_documents = len(sentences_per_document)
    # Per token: its document, whether it opens its sentence, and its block (a run of words that
    # no punctuation interrupts; candidates and co-occurrences never cross blocks).
    sentence_lengths = np.diff(np.append(first, len(tokens)))
    document_of = np.repeat(document_of_sentence, sentence_lengths)
    opens = np.zeros(len(tokens), dtype=bool)
    opens[first] = True
    codes, distinct = pd.factorize(np.asarray(tokens, dtype=object))
    classes = [_classify(token, stop) for token in distinct]
    punctuation = np.fromiter((c[0] for c in classes), dtype=bool, count=len(classes))
    tag_of = np.fromiter((c[1] for c in classes), dtype=np.int8, count=len(classes))
    word_stop = np.fromiter((c[2] for c in classes), dtype=bool, count=len(classes))
    key_stop = np.fromiter((c[3] for c in classes), dtype=bool, count=len(classes))
    lower_id, vocabulary = pd.factorize(np.asarray([c[4] for c in classes], dtype=object))
    key_id, keys = pd.factorize(np.asarray([c[5] for c in classes], dtype=object))

    is_punctuation = punctuation[codes]
    block_all = np.cumsum(is_punctuation | opens)
    word = ~is_punctuation
    code = codes[word]
    doc = document_of[word]
    sentence = sentence_of[word]
    block = block_all[word]
    tag = tag_of[code]
    tag = np.where((tag == _NAME) & opens[word], _PLAIN, tag)  # a sentence's first word is no name
    words = lower_id[code].astype(np.int64)
    n_words = len(code)
    if n_words == 0:
        return _empty_rankings(n_documents)

    # Terms: one per (document, term key), numbered in order of first appearance.
    term, first_index = _factorize_first(doc * len(keys) + key_id[code])
    n_terms = len(first_index)
    term_doc = doc[first_index]
    term_stop = key_stop[code[first_index]] | word_stop[code[first_index]]
    tf = np.bincount(term, minlength=n_terms).astype(np.float64)
    tf_a = np.bincount(term, weights=(tag == _ACRONYM).astype(np.float64), minlength=n_terms)
    tf_n = np.bincount(term, weights=(tag == _NAME).astype(np.float64), minlength=n_terms)

    # Sentences a term occurs in: how many (spread) and the median sentence number (position).
    pairs = _sorted_distinct(term * (int(sentence.max()) + 1) + sentence)
    pair_term = pairs // (int(sentence.max()) + 1)
    pair_sentence = (pairs % (int(sentence.max()) + 1)).astype(np.float64)
    in_sentences = np.bincount(pair_term, minlength=n_terms)
    starts = np.concatenate(([0], np.cumsum(in_sentences)[:-1]))
    median = (
        pair_sentence[starts + (in_sentences - 1) // 2] + pair_sentence[starts + in_sentences // 2]
    ) / 2.0

    # Co-occurrence graph (window 1): left term -> right term within a block, digits and unusual
    # tokens excluded. A term's left/right degree and weight give its relatedness.
    usable = (tag != _DIGIT) & (tag != _UNUSUAL)
    linked = (block[1:] == block[:-1]) & usable[1:] & usable[:-1]
    edge_keys, edge_weights = np.unique(
        term[:-1][linked] * n_terms + term[1:][linked], return_counts=True
    )
    edge_left, edge_right = edge_keys // n_terms, edge_keys % n_terms
    out_degree = np.bincount(edge_left, minlength=n_terms)
    out_weight = np.bincount(edge_left, weights=edge_weights, minlength=n_terms)
    in_degree = np.bincount(edge_right, minlength=n_terms)
    in_weight = np.bincount(edge_right, weights=edge_weights, minlength=n_terms)

    # Document statistics: largest term frequency, and mean and deviation over non-stop terms.
    max_tf = np.zeros(n_documents)
    np.maximum.at(max_tf, term_doc, tf)
    content = ~term_stop
    count = np.bincount(term_doc, weights=content.astype(np.float64), minlength=n_documents)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.bincount(term_doc, weights=tf * content, minlength=n_documents) / count
        deviation = (tf - mean[term_doc]) ** 2 * content
        std = np.sqrt(np.bincount(term_doc, weights=deviation, minlength=n_documents) / count)

        # Term score H (yake.data.single_word.SingleWord.update_h), lower is better.
        relative = tf / max_tf[term_doc]
        pwl = np.where(in_weight == 0, 0.0, in_degree / in_weight)
        pwr = np.where(out_weight == 0, 0.0, out_degree / out_weight)
        wrel = (0.5 + pwl * relative) + (0.5 + pwr * relative)
        wfreq = tf / (mean + std)[term_doc]
        wspread = in_sentences / sentences_per_document[term_doc]
        wcase = np.maximum(tf_a, tf_n) / (1.0 + np.log(tf))
        wpos = np.log(np.log(3.0 + median))
        term_h = (wpos * wrel) / (wcase + (wfreq / wrel) + (wspread / wrel))

    # Candidates: every 1..n-gram of words inside a block, keyed by its lower-cased words.
    ends: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    orders: list[np.ndarray] = []
    # Per token: the id of the (size - 1)-gram that ends there, or -1 (set from size 2 on).
    previous = np.zeros(0, dtype=np.int64)
    vocabulary_size = len(vocabulary)
    for size in range(1, max_ngram + 1):
        if size == 1:
            gram_key = doc * vocabulary_size + words
            present = np.ones(n_words, dtype=bool)
        else:
            present = np.zeros(n_words, dtype=bool)
            present[size - 1 :] = (block[size - 1 :] == block[: n_words - size + 1]) & (
                previous[size - 2 : n_words - 1] >= 0
            )
            gram_key = np.where(
                present, np.concatenate(([0], previous[:-1])) * vocabulary_size + words, -1
            )
        ids = np.full(n_words, -1, dtype=np.int64)
        positions = np.flatnonzero(present)
        if len(positions) == 0:
            break
        gram, gram_first = _factorize_first(gram_key[positions])
        ids[positions] = gram
        previous = ids
        end = positions[gram_first]
        gram_tf = np.bincount(gram).astype(np.float64)
        members = end[:, None] - np.arange(size - 1, -1, -1)[None, :]  # word token indices
        member_terms = term[members]
        valid = (
            ~np.isin(tag[members], (_DIGIT, _UNUSUAL)).any(axis=1)
            & ~term_stop[member_terms[:, 0]]
            & ~term_stop[member_terms[:, -1]]
        )
        if not valid.any():
            continue
        end, gram_tf, member_terms = end[valid], gram_tf[valid], member_terms[valid]
        scores.append(
            _phrase_scores(member_terms, gram_tf, term_h, term_stop, tf, edge_keys, edge_weights)
        )
        ends.append(end)
        sizes.append(np.full(len(end), size, dtype=np.int64))
        orders.append(end * (max_ngram + 1) + size)  # YAKE's dict order: by last word, then size

    if not ends:
        return _empty_rankings(n_documents)
    all_ends = np.concatenate(ends)
    score = np.concatenate(scores)
    candidate_doc = doc[all_ends]
    ranked = np.lexsort((np.concatenate(orders), score, candidate_doc))
    bounds = np.searchsorted(candidate_doc[ranked], np.arange(n_documents + 1))
    batch = _Batch(
        words=words,
        vocabulary=np.asarray(vocabulary, dtype=object),
        end=all_ends[ranked],
        size=np.concatenate(sizes)[ranked],
        score=score[ranked],
        bounds=bounds,
    )
    return [Ranking(batch, number) for number in range(n_documents)]


def _phrase_scores(
    member_terms: np.ndarray,
    gram_tf: np.ndarray,
    term_h: np.ndarray,
    term_stop: np.ndarray,
    tf: np.ndarray,
    edge_keys: np.ndarray,
    edge_weights: np.ndarray,
) -> np.ndarray:
    """A phrase's H (yake.data.composed_word.ComposedWord.update_h with stop-word "bi" weights).

    Content words multiply (and add) their H; a stop word inside weighs by how strongly it is
    bound to its neighbours: P(left -> stop) * P(stop -> right) from co-occurrence counts.
    """
    n_terms = len(tf)
    product = np.ones(len(member_terms))
    total = np.zeros(len(member_terms))
    size = member_terms.shape[1]
    for position in range(size):
        current = member_terms[:, position]
        content = ~term_stop[current]
        h = term_h[current]
        product = np.where(content, product * h, product)
        total = np.where(content, total + h, total)
        if position == 0 or position == size - 1 or content.all():
            continue  # valid phrases start and end with content words
        left, right = member_terms[:, position - 1], member_terms[:, position + 1]
        to_stop = _edge_weight(left * n_terms + current, edge_keys, edge_weights) / tf[left]
        from_stop = _edge_weight(current * n_terms + right, edge_keys, edge_weights) / tf[right]
        probability = to_stop * from_stop
        product = np.where(content, product, product * (1 + (1 - probability)))
        total = np.where(content, total, total - (1 - probability))
    return product / ((total + 1) * gram_tf)


def _edge_weight(keys: np.ndarray, edge_keys: np.ndarray, edge_weights: np.ndarray) -> np.ndarray:
    """Co-occurrence counts of (left, right) term pairs encoded as ``left * n_terms + right``."""
    if len(edge_keys) == 0:
        return np.zeros(len(keys))
    index = np.minimum(np.searchsorted(edge_keys, keys), len(edge_keys) - 1)
    return np.where(edge_keys[index] == keys, edge_weights[index], 0).astype(np.float64)


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for integers, by sorting.

    NumPy 2.3+ answers ``np.unique`` without ``return_*`` flags from a hash table, which on
    widely spread integers is much slower than sorting them (docs/performance.md).
    """
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _factorize_first(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Number ``keys`` in order of first appearance; also return where each number first occurs."""
    ids, distinct = pd.factorize(keys)
    first_index = np.empty(len(distinct), dtype=np.int64)
    first_index[ids[::-1]] = np.arange(len(ids) - 1, -1, -1)
    return ids.astype(np.int64), first_index


def _empty_rankings(n_documents: int) -> list[Ranking]:
    batch = _Batch(
        words=np.zeros(0, dtype=np.int64),
        vocabulary=np.zeros(0, dtype=object),
        end=np.zeros(0, dtype=np.int64),
        size=np.zeros(0, dtype=np.int64),
        score=np.zeros(0),
        bounds=np.zeros(n_documents + 1, dtype=np.int64),
    )
    return [Ranking(batch, number) for number in range(n_documents)]
