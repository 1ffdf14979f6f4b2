"""The hits of a node that have a given collocate in their window: the concordance of a pair.

A collocates table says that a word keeps company with a node; the analyst's next question is
"show me where". :func:`hits_with_collocate` keeps the node's hits (:data:`HIT_COLUMNS` rows of
:mod:`analysis.query.corpus_index`) whose window, ``left`` words before the hit and ``right``
words after it within the same document, holds the collocate, so that the concordance of those
hits shows every co-occurrence the collocates table counted.

Unlike :func:`analysis.query.collocates.window_positions`, which gives a word shared by two
windows to one hit only (so that no word co-occurs more often than it occurs), every hit whose
window holds the word is kept here: each is a place the reader should see.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.query.corpus_index import CorpusIndex, word_ids
from analysis.query.keyness import word_tokens


def hits_with_collocate(
    index: CorpusIndex, hits: pd.DataFrame, collocate: str, *, left: int = 5, right: int = 5
) -> pd.DataFrame:
    """The rows of ``hits`` with ``collocate`` (one word, matched as the index folds it) among
    the ``left`` words before or the ``right`` words after the hit, in the same document; the
    hit's own words do not count. Rows keep their order and index; none for an unknown word."""
    words = word_tokens(collocate)
    wanted = word_ids(index, words[:1])
    if hits.empty or len(words) != 1 or wanted[0] < 0:
        return hits.iloc[0:0]
    target = int(wanted[0])
    first = hits["first"].to_numpy(dtype="int64")
    last = hits["last"].to_numpy(dtype="int64")
    doc = hits["doc"].to_numpy(dtype="int64")
    low, high = index.bounds[doc], index.bounds[doc + 1]
    found = np.zeros(len(hits), dtype=bool)
    for distance in range(1, max(left, right, 0) + 1):
        if distance <= left:
            position = first - distance
            inside = position >= low
            found |= inside & (index.tokens[np.clip(position, 0, None)] == target)
        if distance <= right:
            position = last + distance - 1
            inside = position < high
            clipped = np.clip(position, 0, max(index.n_tokens - 1, 0))
            found |= inside & (index.tokens[clipped] == target)
    return hits[found]
