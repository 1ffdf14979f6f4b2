"""Word and n-gram lists of the documents in view: what a corpus analyst looks at first.

One row a word or a sequence of ``n`` words (1 to 5): how often it occurs (``frequency``), in how
many documents (``documents``, its range: a word one long article repeats is not the corpus'
word) and how often per 1,000 running words of the documents in view (``per_1k_words``, so that
lists of selections of different sizes compare). Everything is counted from a
:class:`~analysis.query.corpus_index.CorpusIndex`, by vectorised operations over its tokens.

An n-gram never crosses a sentence boundary (nor, therefore, a document's end): "... in Kyiv.
Russia said" holds no bigram "kyiv russia". Words are case-folded unless asked otherwise; with
stop words dropped, a word list leaves out :data:`~analysis.query.keyness.STOPWORDS` and an
n-gram list the n-grams that begin or end with one ("of the", "the air"), keeping those with
one inside ("minister of defence").
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.query.corpus_index import CorpusIndex, doc_selection, token_selection
from analysis.query.keyness import COUNT_COLUMNS, Counts

WORD_LIST_COLUMNS = ["term", "n", "frequency", "documents", "per_1k_words"]
#: The longest n-gram a list is made of.
MAX_NGRAM = 5

_INT64_LIMIT = 1 << 63


def ngram_starts(index: CorpusIndex, n: int, selected: np.ndarray) -> np.ndarray:
    """The positions where an ``n``-gram of selected tokens starts within one sentence."""
    if not 1 <= n <= MAX_NGRAM:
        raise ValueError(f"n-grams are 1 to {MAX_NGRAM} words long, not {n}")
    positions = np.flatnonzero(selected[: max(index.n_tokens - n + 1, 0)])
    if n > 1:
        same = index.sentence_of[positions] == index.sentence_of[positions + n - 1]
        positions = positions[same & (index.doc_of[positions] == index.doc_of[positions + n - 1])]
    return positions


def ngram_codes(ids: np.ndarray, positions: np.ndarray, n: int) -> np.ndarray:
    """A dense code per n-gram starting at ``positions`` (equal n-grams, equal codes), numbered
    in order of first appearance.

    The words are folded into one integer (``code * width + word``) as long as it fits in 64
    bits, and the codes made dense again (factorised) only when the next word would not fit.
    """
    width = int(ids.max()) + 1 if len(ids) else 1
    codes = ids[positions].astype("int64")
    bound = width
    for offset in range(1, n):
        if bound * width >= _INT64_LIMIT:
            codes, uniques = pd.factorize(codes, sort=False)
            bound = max(len(uniques), 1)
        codes = codes * width + ids[positions + offset]
        bound *= width
    codes, _ = pd.factorize(codes, sort=False)
    return codes.astype("int64")


def _first_appearance(codes: np.ndarray, n_codes: int) -> np.ndarray:
    """The index of each code's first appearance (codes are numbered in that order)."""
    return np.searchsorted(np.maximum.accumulate(codes), np.arange(n_codes), side="left")


def _ranges(codes: np.ndarray, docs: np.ndarray, n_codes: int) -> np.ndarray:
    """In how many distinct documents each code occurs: the distinct (code, document) pairs,
    found by sorting their combined keys."""
    if not len(codes):
        return np.zeros(n_codes, dtype="int64")
    stride = int(docs.max()) + 1
    keys = np.sort(codes * stride + docs)
    distinct = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    return np.bincount(distinct // stride, minlength=n_codes)


def _stable_order(keys: list[np.ndarray]) -> np.ndarray:
    """The order that sorts by ``keys[0]``, then ``keys[1]``, ... (what ``np.lexsort`` gives
    with the keys reversed), as one stable sort per key, least significant first: keys below
    65,536 sort as 16-bit integers, which numpy radix-sorts in linear time."""
    order = np.arange(len(keys[0]) if keys else 0)
    for key in reversed(keys):
        narrow = key.astype("uint16") if len(key) and key.min() >= 0 and key.max() < 65536 else key
        order = order[np.argsort(narrow[order], kind="stable")]
    return order


def _joined_terms(words: pd.Index, ids: np.ndarray, starts: np.ndarray, n: int) -> pd.Series:
    """The n-grams starting at ``starts`` as strings, joined by single spaces (in Arrow, which
    joins a million n-grams without building a Python string per word)."""
    vocabulary = pa.array(words.to_numpy(dtype="object"), type=pa.string())
    parts = [pc.take(vocabulary, pa.array(ids[starts + offset])) for offset in range(n)]
    joined = parts[0] if n == 1 else pc.binary_join_element_wise(*parts, " ")
    return pd.Series(pd.array(joined, dtype="str"))


def running_words(index: CorpusIndex, doc_ids: Iterable[str] | None = None) -> int:
    """How many running words of the documents ``doc_ids`` (all when ``None``) the word list
    counts, stop words included: the base of its ``per_1k_words``. It splits text into words
    as the concordance does, so it differs a little from ``documents.n_words``."""
    return int(token_selection(index, doc_ids).sum())


def word_list(
    index: CorpusIndex,
    doc_ids: Iterable[str] | None = None,
    *,
    n: int = 1,
    case_fold: bool = True,
    drop_stopwords: bool = False,
    min_freq: int = 1,
) -> pd.DataFrame:
    """The words (``n=1``) or n-grams of the documents ``doc_ids`` (all when ``None``):
    :data:`WORD_LIST_COLUMNS`, most frequent first, ties alphabetical.

    ``per_1k_words`` is relative to every running word of those documents, stop words included,
    whatever ``n`` and the options leave out. ``case_fold=False`` keeps "US" and "us" apart.
    ``min_freq`` drops rarer rows (for a long n-gram list, 2 keeps it short).
    """
    selected = token_selection(index, doc_ids)
    total = int(selected.sum())
    positions = ngram_starts(index, n, selected)
    if drop_stopwords:
        stop = index.stop[index.tokens[positions]] | index.stop[index.tokens[positions + n - 1]]
        positions = positions[~stop]
    ids = index.tokens if case_fold else index.surface
    rank = index.rank if case_fold else index.form_rank
    codes = ngram_codes(ids, positions, n)
    n_codes = int(codes.max()) + 1 if len(codes) else 0
    frequency = np.bincount(codes, minlength=n_codes)
    documents = _ranges(codes, index.doc_of[positions], n_codes)
    kept = np.flatnonzero(frequency >= min_freq)
    starts = positions[_first_appearance(codes, n_codes)[kept]]
    # Most frequent first, then alphabetical: word by word is the joined string's order, as every
    # character a word may hold sorts after the space between words.
    keys = [-frequency[kept]] + [rank[ids[starts + offset]] for offset in range(n)]
    order = _stable_order(keys)
    kept, starts = kept[order], starts[order]
    return pd.DataFrame(
        {
            "term": _joined_terms(index.vocab if case_fold else index.forms, ids, starts, n),
            "n": np.full(len(kept), n, dtype="int64"),
            "frequency": frequency[kept].astype("int64"),
            "documents": documents[kept].astype("int64"),
            "per_1k_words": frequency[kept] * 1000.0 / max(total, 1),
        }
    )


@dataclass(frozen=True)
class WordPairs:
    """The distinct (document, word) pairs of an index's counted words, with how often each
    word occurs in each document: counting the words of any selection of documents is then
    one pass over the pairs (far fewer than the tokens) instead of over every token."""

    doc: np.ndarray
    word: np.ndarray
    count: np.ndarray


_WORD_PAIRS: weakref.WeakKeyDictionary[CorpusIndex, dict[tuple[bool, int], WordPairs]] = (
    weakref.WeakKeyDictionary()
)


def word_pairs(
    index: CorpusIndex, *, drop_stopwords: bool = True, min_length: int = 2
) -> WordPairs:
    """The :class:`WordPairs` of the words :func:`index_word_counts` counts (those at least
    ``min_length`` long, stop words left out when ``drop_stopwords``); computed once per index
    and these options, kept while the index lives."""
    key = (drop_stopwords, min_length)
    known = _WORD_PAIRS.get(index)
    if known is not None and key in known:
        return known[key]
    keep = index.vocab.str.len().to_numpy()[index.tokens] >= min_length
    if drop_stopwords:
        keep &= ~index.stop[index.tokens]
    size = max(len(index.vocab), 1)
    keys, counts = np.unique(
        index.doc_of[keep] * size + index.tokens[keep].astype("int64"), return_counts=True
    )
    pairs = WordPairs(doc=keys // size, word=keys % size, count=counts.astype("int64"))
    _WORD_PAIRS.setdefault(index, {})[key] = pairs
    return pairs


def index_word_counts(
    index: CorpusIndex,
    doc_ids: Iterable[str] | None = None,
    *,
    drop_stopwords: bool = True,
    min_length: int = 2,
) -> Counts:
    """:func:`analysis.query.keyness.word_counts` of the documents ``doc_ids``, from the index.

    The same table, total and document count as counting their texts again (a test checks it),
    ready for :func:`~analysis.query.keyness.keyness`: keyness of a selection against the rest
    of the corpus or a reference corpus uses it with the one keyness implementation. Counted
    from the index's :func:`word_pairs`.
    """
    chosen = doc_selection(index, doc_ids)
    pairs = word_pairs(index, drop_stopwords=drop_stopwords, min_length=min_length)
    inside = chosen[pairs.doc]
    words = pairs.word[inside]
    size = len(index.vocab)
    freq = np.bincount(words, weights=pairs.count[inside], minlength=size).astype("int64")
    ranges = np.bincount(words, minlength=size)
    found = np.flatnonzero(freq)
    # Most frequent first, ties alphabetical (the vocabulary's rank is its alphabetical order).
    found = found[np.lexsort((index.rank[found], -freq[found]))]
    table = pd.DataFrame(
        {
            "item": pd.Series(index.vocab.to_numpy(dtype="object")[found], dtype="object"),
            "label": pd.Series([""] * len(found), dtype="object"),
            "freq": freq[found].astype("int64"),
            "docs": ranges[found].astype("int64"),
        }
    )
    return Counts(
        table[COUNT_COLUMNS],
        total=int(index.doc_sizes()[chosen].sum()),
        n_docs=int(chosen.sum()),
    )
