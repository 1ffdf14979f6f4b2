"""Dispersion: where in each text a term's hits fall, and how evenly it spreads over a corpus.

Frequency says how often; dispersion says whether a word belongs to the whole corpus or to a few
texts that repeat it. Two views:

- :func:`hit_positions`: each hit's relative position in its document, 0 at the first word and
  approaching 1 at the last (``word number / words in the document``): one strip per article,
  as AntConc's dispersion plot draws it.
- :func:`dispersion_table`: one row per term with two measures over the documents as parts.

With ``n`` documents, ``s_i`` document ``i``'s share of the running words and ``v_i`` its share of
the term's hits (``f_i / f``):

- **Gries' DP** (Deviation of Proportions, Gries 2008): ``DP = ½ Σ |v_i - s_i|``: 0 when the
  term is spread exactly as the words are, towards 1 when it sits in one small document.
  ``dp_norm`` divides by ``1 - min(s_i)``, its largest possible value (Lijffijt & Gries 2012),
  so that it spans 0..1 whatever the documents' sizes.
- **Juilland's D**: ``D = 1 - (σ(p) / mean(p)) / sqrt(n - 1)`` over the relative frequencies
  ``p_i = f_i / size_i`` (σ the population standard deviation): 1 when the term's rate is the
  same in every document, 0 when it is in one. Undefined (NaN) with fewer than two documents.

Documents without a word are not parts (they hold nothing a term could be in).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.query.corpus_index import CorpusIndex, doc_selection

POSITION_COLUMNS = ["doc_id", "position", "start", "end"]
DISPERSION_COLUMNS = ["term", "frequency", "documents", "dp", "dp_norm", "juilland_d"]


def hit_positions(index: CorpusIndex, hits: pd.DataFrame) -> pd.DataFrame:
    """Each hit's place in its document: :data:`POSITION_COLUMNS`, in the order of ``hits``.

    ``position`` is the hit's first word's number over the document's words (0 <= position < 1);
    ``start, end`` are its character offsets, to link a mark on the strip to the text.
    """
    doc = hits["doc"].to_numpy(dtype="int64")
    sizes = index.doc_sizes()[doc]
    offset = hits["first"].to_numpy(dtype="int64") - index.bounds[doc]
    return pd.DataFrame(
        {
            "doc_id": hits["doc_id"].astype("object").to_numpy(),
            "position": offset / np.maximum(sizes, 1),
            "start": hits["start"].to_numpy(dtype="int64"),
            "end": hits["end"].to_numpy(dtype="int64"),
        }
    )


def gries_dp(frequencies: np.ndarray, sizes: np.ndarray) -> tuple[float, float]:
    """``(DP, DP_norm)`` of one term with ``frequencies[i]`` hits in a part of ``sizes[i]`` words:
    the plain formula over every part, the reference the vectorised table is checked against."""
    frequencies = np.asarray(frequencies, dtype="float64")
    sizes = np.asarray(sizes, dtype="float64")
    if frequencies.sum() == 0 or sizes.sum() == 0:
        return float("nan"), float("nan")
    shares = sizes / sizes.sum()
    dp = 0.5 * float(np.abs(frequencies / frequencies.sum() - shares).sum())
    largest = 1.0 - float(shares.min())
    return dp, dp / largest if largest > 0 else float("nan")


def juilland_d(frequencies: np.ndarray, sizes: np.ndarray) -> float:
    """Juilland's D of one term over parts of ``sizes`` words (relative frequencies)."""
    rates = np.asarray(frequencies, dtype="float64") / np.asarray(sizes, dtype="float64")
    if len(rates) < 2 or rates.mean() == 0:
        return float("nan")
    return 1.0 - (float(rates.std()) / float(rates.mean())) / np.sqrt(len(rates) - 1)


def dispersion_measures(
    term_codes: np.ndarray, parts: np.ndarray, sizes: np.ndarray, n_terms: int
) -> pd.DataFrame:
    """DP, DP_norm and Juilland's D of ``n_terms`` terms at once, from one row per hit
    (``term_codes[k]`` found in part ``parts[k]``) over parts of ``sizes`` words.

    Only the (term, part) pairs that hold hits are visited: a part without the term adds
    ``s_i`` to ``Σ |v_i - s_i|`` and nothing to the rates' sums, so
    ``Σ|v_i - s_i| = 1 + Σ_{f_i > 0} (|v_i - s_i| - s_i)``. Columns ``frequency, documents, dp,
    dp_norm, juilland_d``, one row per term code.
    """
    sizes = np.asarray(sizes, dtype="float64")
    shares = sizes / sizes.sum() if sizes.sum() else sizes
    n_parts = len(sizes)
    keys = term_codes.astype("int64") * n_parts + parts.astype("int64")
    pair_keys, counts = np.unique(keys, return_counts=True)
    term, part = pair_keys // n_parts, pair_keys % n_parts
    frequency = np.bincount(term, weights=counts, minlength=n_terms)
    documents = np.bincount(term, minlength=n_terms)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = counts / frequency[term]
        deviation = np.bincount(
            term, weights=np.abs(v - shares[part]) - shares[part], minlength=n_terms
        )
        dp = 0.5 * (1.0 + deviation)
        largest = 1.0 - shares.min() if n_parts else 0.0
        dp_norm = dp / largest if largest > 0 else np.full(n_terms, np.nan)
        rates = counts / sizes[part]
        mean = np.bincount(term, weights=rates, minlength=n_terms) / n_parts
        square = np.bincount(term, weights=rates**2, minlength=n_terms) / n_parts
        spread = np.sqrt(np.maximum(square - mean**2, 0.0))
        d = 1.0 - (spread / mean) / np.sqrt(n_parts - 1) if n_parts > 1 else np.nan
    absent = frequency == 0
    return pd.DataFrame(
        {
            "frequency": frequency.astype("int64"),
            "documents": documents.astype("int64"),
            "dp": np.where(absent, np.nan, dp),
            "dp_norm": np.where(absent, np.nan, dp_norm),
            "juilland_d": np.where(absent, np.nan, d),
        }
    )


def dispersion_table(
    index: CorpusIndex,
    doc_ids: Iterable[str] | None = None,
    *,
    terms: dict[str, pd.DataFrame] | None = None,
    min_freq: int = 1,
) -> pd.DataFrame:
    """:data:`DISPERSION_COLUMNS` over the documents ``doc_ids`` (all when ``None``) as parts.

    ``terms`` maps a name to its hits (:func:`~analysis.query.corpus_index.phrase_hits`,
    :func:`~analysis.query.corpus_index.mention_hits`): those terms, in that order. Without it,
    every word of the documents with at least ``min_freq`` occurrences, most frequent first.
    """
    chosen = doc_selection(index, doc_ids) & (index.doc_sizes() > 0)
    part_of = np.cumsum(chosen) - 1  # document -> part number among the chosen
    sizes = index.doc_sizes()[chosen]
    if terms is None:
        selected = chosen[index.doc_of]
        table = dispersion_measures(
            index.tokens[selected], part_of[index.doc_of[selected]], sizes, len(index.vocab)
        )
        table.insert(0, "term", index.vocab.to_numpy(dtype="object"))
        table = table[table["frequency"] >= max(min_freq, 1)]
        return table.sort_values(
            ["frequency", "term"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)[DISPERSION_COLUMNS]
    names = list(terms)
    codes, parts = [], []
    for code, name in enumerate(names):
        doc = terms[name]["doc"].to_numpy(dtype="int64")
        doc = doc[chosen[doc]]
        codes.append(np.full(len(doc), code))
        parts.append(part_of[doc])
    table = dispersion_measures(
        np.concatenate(codes) if codes else np.zeros(0, dtype="int64"),
        np.concatenate(parts) if parts else np.zeros(0, dtype="int64"),
        sizes,
        len(names),
    )
    table.insert(0, "term", pd.Series(names, dtype="object"))
    return table[DISPERSION_COLUMNS]
