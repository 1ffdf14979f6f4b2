"""Collocates: the words that keep company with a term or an entity, and how strongly.

The *node* is a set of hits (:func:`analysis.query.corpus_index.phrase_hits` for a word or phrase,
:func:`~analysis.query.corpus_index.mention_hits` for an entity's or a term's mentions). Every
word within ``left`` words before a hit or ``right`` words after it, in the same document, is a
co-occurrence with the node; a collocate is a word that co-occurs more often than its frequency
in the documents in view would lead one to expect.

For a collocate ``c``, with ``N`` the running words of the documents in view:

- ``O11`` (``pair_frequency``) its occurrences in the node's windows (a word in two windows
  counts once, a hit's own words never), ``f_c`` (``frequency``) its
  occurrences in view, ``W`` the number of words in all the node's windows, ``f_n`` the
  node's hits;
- the expected co-occurrences ``E11 = W * f_c / N`` (its share of the words in view, applied to
  the windows: a window-based contingency table, Evert 2008).

Measures (:data:`MEASURES`), each larger for a stronger association:

- ``ll``, log-likelihood, Dunning's G² over the full 2×2 table (window / outside × ``c`` / other
  words, observed ``O11, O12 = W - O11, O21 = f_c - O11, O22 = N - W - O21``):
  ``G² = 2 Σ Oij ln(Oij / Eij)`` with ``0 ln 0 = 0``, given a minus sign when ``O11 < E11``
  (the pair is rarer than chance). Significance, as in keyness: 3.84 is p = 0.05.
- ``mi``, mutual information: ``log2(O11 / E11)``. Effect size; favours rare pairs.
- ``t``, t-score: ``(O11 - E11) / sqrt(O11)``. Certainty; favours frequent pairs.
- ``logdice``, Rychlý's logDice: ``14 + log2(2 O11 / (f_n + f_c))``. Independent of ``N``, so
  comparable across corpora; at most 14 (the two always together).

This is not keyness' G² (:func:`analysis.query.keyness.log_likelihood`, Rayson's two-cell form for
two corpora): a collocation table's four cells are all observed counts of one corpus.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.query.corpus_index import CorpusIndex, doc_selection

COLLOCATE_COLUMNS = [
    "collocate",
    "frequency",
    "pair_frequency",
    "documents",
    "left",
    "right",
    "score",
]
MEASURES = ("ll", "mi", "t", "logdice")


def expected(window: int, frequency: np.ndarray, total: int) -> np.ndarray:
    """``E11 = W * f_c / N``: co-occurrences expected if the collocate ignored the node."""
    return window * np.asarray(frequency, dtype="float64") / max(total, 1)


def mutual_information(pair: np.ndarray, expect: np.ndarray) -> np.ndarray:
    """MI: ``log2(O11 / E11)``."""
    return np.log2(np.asarray(pair, dtype="float64") / expect)


def t_score(pair: np.ndarray, expect: np.ndarray) -> np.ndarray:
    """t-score: ``(O11 - E11) / sqrt(O11)``."""
    pair = np.asarray(pair, dtype="float64")
    return (pair - expect) / np.sqrt(pair)


def log_dice(pair: np.ndarray, node: int, frequency: np.ndarray) -> np.ndarray:
    """logDice: ``14 + log2(2 O11 / (f_n + f_c))``."""
    return 14.0 + np.log2(2.0 * np.asarray(pair, dtype="float64") / (node + np.asarray(frequency)))


def log_likelihood(pair: np.ndarray, window: int, frequency: np.ndarray, total: int) -> np.ndarray:
    """Signed G² of the 2×2 table (window / outside × collocate / other words)."""
    o11 = np.asarray(pair, dtype="float64")
    o12 = window - o11
    o21 = np.maximum(np.asarray(frequency, dtype="float64") - o11, 0.0)
    o22 = np.maximum(total - window - o21, 0.0)
    n = o11 + o12 + o21 + o22
    row_1, row_2 = o11 + o12, o21 + o22
    col_1, col_2 = o11 + o21, o12 + o22
    cells = ((o11, row_1, col_1), (o12, row_1, col_2), (o21, row_2, col_1), (o22, row_2, col_2))
    g2 = np.zeros_like(o11)
    with np.errstate(divide="ignore", invalid="ignore"):
        for observed, row, col in cells:
            g2 += np.where(observed > 0, observed * np.log(observed * n / (row * col)), 0.0)
    g2 = np.maximum(2.0 * g2, 0.0)
    return np.where(o11 < expected(window, frequency, total), -g2, g2)


def score(
    measure: str, pair: np.ndarray, window: int, frequency: np.ndarray, total: int, node: int
) -> np.ndarray:
    """The association ``measure`` (one of :data:`MEASURES`) of each collocate."""
    if measure == "ll":
        return log_likelihood(pair, window, frequency, total)
    if measure == "mi":
        return mutual_information(pair, expected(window, frequency, total))
    if measure == "t":
        return t_score(pair, expected(window, frequency, total))
    if measure == "logdice":
        return log_dice(pair, node, frequency)
    raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")


def window_positions(
    index: CorpusIndex, hits: pd.DataFrame, left: int, right: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every token within the hits' windows, once: ``(positions, hit numbers, is_left)``.

    Windows stop at the document's edges. A token in the windows of two hits (``said`` twice in
    a sentence) counts once, for the nearer hit (on a tie, the hit it precedes), so that no word co-occurs more often than it
    occurs; the hits' own tokens are in no window.
    """
    first = hits["first"].to_numpy(dtype="int64")
    last = hits["last"].to_numpy(dtype="int64")
    doc = hits["doc"].to_numpy(dtype="int64")
    low, high = index.bounds[doc], index.bounds[doc + 1]
    numbers = np.arange(len(hits))
    parts = []
    for distance in range(1, max(left, right) + 1):  # nearest first: the first claim wins
        if distance <= left:
            inside = first - distance >= low
            parts.append((first[inside] - distance, numbers[inside], True))
        if distance <= right:
            inside = last + distance - 1 < high
            parts.append((last[inside] + distance - 1, numbers[inside], False))
    if not parts:
        empty = np.zeros(0, dtype="int64")
        return empty, empty, np.zeros(0, dtype=bool)
    positions = np.concatenate([part[0] for part in parts])
    owners = np.concatenate([part[1] for part in parts])
    is_left = np.concatenate([np.full(len(part[0]), part[2]) for part in parts])
    _, once = np.unique(positions, return_index=True)
    once = once[~_node_tokens(index, first, last)[positions[once]]]
    return positions[once], owners[once], is_left[once]


def _node_tokens(index: CorpusIndex, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """A boolean per token: is it part of a hit?"""
    covered = np.zeros(index.n_tokens, dtype=bool)
    lengths = last - first
    for offset in range(int(lengths.max()) if len(lengths) else 0):
        covered[first[lengths > offset] + offset] = True
    return covered


def collocates(
    index: CorpusIndex,
    hits: pd.DataFrame,
    doc_ids: Iterable[str] | None = None,
    *,
    left: int = 5,
    right: int = 5,
    measure: str = "ll",
    min_freq: int = 2,
    drop_stopwords: bool = False,
) -> pd.DataFrame:
    """The collocates of the node ``hits`` in the documents ``doc_ids`` (all when ``None``):
    :data:`COLLOCATE_COLUMNS`, strongest ``score`` first.

    ``frequency`` is the collocate's frequency in those documents, ``pair_frequency`` how often
    it stands in a window (``left`` words before a hit, ``right`` after), of which ``left`` and
    ``right`` before and after, and ``documents`` in how many documents it does. ``min_freq`` is the least ``pair_frequency`` kept. See the module
    docstring for the measures.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    chosen = doc_selection(index, doc_ids)
    hits = hits[chosen[hits["doc"].to_numpy(dtype="int64")]] if len(hits) else hits
    selected = chosen[index.doc_of]
    total = int(selected.sum())
    size = len(index.vocab)
    frequency = np.bincount(index.tokens[selected], minlength=size)
    positions, owners, is_left = window_positions(index, hits, left, right)
    words = index.tokens[positions].astype("int64")
    window = len(positions)
    left_counts = np.bincount(words[is_left], minlength=size)
    right_counts = np.bincount(words[~is_left], minlength=size)
    pair = left_counts + right_counts
    docs = hits["doc"].to_numpy(dtype="int64")[owners]
    pairs = pd.unique(words * max(index.n_docs, 1) + docs) if len(words) else words
    documents = np.bincount(pairs // max(index.n_docs, 1), minlength=size)
    keep = pair >= max(min_freq, 1)
    if drop_stopwords:
        keep &= ~index.stop
    found = np.flatnonzero(keep)
    table = pd.DataFrame(
        {
            "collocate": pd.Series(index.vocab.to_numpy(dtype="object")[found], dtype="object"),
            "frequency": frequency[found].astype("int64"),
            "pair_frequency": pair[found].astype("int64"),
            "documents": documents[found].astype("int64"),
            "left": left_counts[found].astype("int64"),
            "right": right_counts[found].astype("int64"),
            "score": score(measure, pair[found], window, frequency[found], total, len(hits)),
        }
    )
    table = table.sort_values(
        ["score", "pair_frequency", "collocate"], ascending=[False, False, True], kind="stable"
    )
    return table.reset_index(drop=True)
