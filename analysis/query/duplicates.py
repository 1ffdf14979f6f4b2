"""Near-duplicate articles: wire copies and lightly edited re-publications, found and folded.

A syndicated story counted ten times makes ten points on every chart. This module finds clusters
of near-identical articles so that the reader can see them, see what differs between the copies,
and count each story once.

How two articles are compared (:data:`DUPLICATE_MEASURE`): each becomes the set of its word
``k``-shingles (runs of ``k`` consecutive lower-cased words, numbers kept, the title included:
short notices such as "Qtly div 10 cts vs 10 cts prior" differ only in the company the title
names), and two articles are near-duplicates when the Jaccard similarity of their sets is at or
above a threshold. Candidate pairs come from MinHash signatures and locality-sensitive hashing
(``datasketch``), tuned to a lower threshold than the one asked for so that few true pairs are
missed; every candidate is then checked with the exact Jaccard similarity, so no pair below the
threshold is ever reported. Small corpora skip the sketches and compare every pair exactly.

A cluster is a connected group of near-duplicate pairs (networkx), so that a copy edited twice
still joins the story it comes from through the copy in between. Its first member is the
earliest article (undated ones last, then corpus order): the original of a wire story, and the
one kept when each story is counted once (:func:`keep_once`). ``similarity_to_first`` says how
near each member is to it; it can lie below the threshold for a member that is near another
member only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.schema import as_text
from analysis.extract.sentences import split_sentences

DUPLICATE_MEASURE = (
    "Jaccard similarity of the two articles' sets of word k-shingles (title and text, "
    "lower-cased, numbers kept): shared shingles / all distinct shingles; 1 = the same wording"
)

#: What :func:`duplicate_clusters` returns (and ``python -m analysis duplicates`` writes).
CLUSTER_COLUMNS = ["cluster", "doc_id", "similarity_to_first"]
SUMMARY_COLUMNS = [
    "cluster",
    "size",
    "folds",
    "first",
    "title",
    "date_min",
    "date_max",
    "sources",
    "min_similarity",
]
DIFFERENCE_COLUMNS = [
    "cluster",
    "doc_id",
    "start",
    "end",
    "sentence",
    "members_with",
    "size",
]

#: Corpora up to this many documents are compared pair by pair, without sketches.
EXACT_UP_TO = 300

# A word for shingles: letters or digits, with inner dots, commas, apostrophes and hyphens kept
# ("1,234,000", "U.S.", "don't"), so that "Shr 22 cts" and "Shr 23 cts" stay different.
_TOKEN = re.compile(r"\w+(?:[.,'’-]\w+)*")


@dataclass(frozen=True)
class Shingles:
    """Each document's distinct shingles as sorted 64-bit codes, in ``doc_ids`` order.

    A code is a polynomial hash of the shingle's word ids (equal shingles, equal codes; two
    different shingles share one with odds of about one in 2**64 per pair), so that set
    operations and MinHash work on integers instead of strings.
    """

    doc_ids: list[str]
    codes: list[np.ndarray]


def shingle_tokens(text: str) -> list[str]:
    """The lower-cased words of ``text`` that shingles are made of (numbers kept)."""
    return _TOKEN.findall(text.lower().replace("’", "'"))


_SHIFT, _LOW = np.uint64(32), np.uint64(0xFFFFFFFF)

# Odd 64-bit multiplier of the polynomial shingle hash (arithmetic wraps modulo 2**64).
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def document_shingles(documents: pd.DataFrame, k: int = 3) -> Shingles:
    """The ``k``-word shingles of every document's title and text.

    A document shorter than ``k`` words has one shingle, all its words; an empty one has none.
    Words are factorised once for the whole corpus, and every shingle's code is computed in
    ``k`` vectorised passes over the corpus' word ids, so no string is made per shingle.
    """
    if k < 1:
        raise ValueError(f"shingle size must be at least 1, not {k}")
    doc_ids = as_text(documents["doc_id"]).tolist()
    texts = as_text(documents["text"])
    if "title" in documents:
        texts = as_text(documents["title"]) + "\n" + texts
    tokens = [shingle_tokens(text) for text in texts]
    sizes = np.array([len(words) for words in tokens], dtype="int64")
    flat = pd.Series([word for words in tokens for word in words], dtype="object")
    ids = (pd.factorize(flat, sort=False)[0] + 1).astype("uint64")
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype("int64")
    # The code at position p hashes words p .. p + k - 1 (words past the document's end count
    # as 0, which no word id is). Kept: whole shingles (p + k <= end), and for a document
    # shorter than k the one code at its start.
    doc_of = np.repeat(np.arange(len(doc_ids), dtype="int64"), sizes)
    ends = starts[1:][doc_of]
    positions = np.arange(len(ids), dtype="int64")
    codes = np.zeros(len(ids), dtype="uint64")
    with np.errstate(over="ignore"):
        for offset in range(k):
            inside = positions + offset < ends
            shifted = np.zeros(len(ids), dtype="uint64")
            shifted[inside] = ids[positions[inside] + offset]
            codes = codes * _MULTIPLIER + shifted
    whole = (positions + k <= ends) | (
        (ends - starts[:-1][doc_of] < k) & (positions == starts[:-1][doc_of])
    )
    bounds = np.searchsorted(np.flatnonzero(whole), starts)
    kept = codes[whole]
    return Shingles(
        doc_ids, [np.unique(kept[bounds[i] : bounds[i + 1]]) for i in range(len(doc_ids))]
    )


def jaccard(left: np.ndarray, right: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct codes (0 when both are empty)."""
    if not len(left) and not len(right):
        return 0.0
    shared = len(np.intersect1d(left, right, assume_unique=True))
    return shared / (len(left) + len(right) - shared)


def first_order(documents: pd.DataFrame) -> list[int]:
    """Positions of ``documents`` in cluster order: earliest date first, undated last, then
    corpus order. The first member of a cluster is the one this order puts first."""
    dates = (
        as_text(documents["date"]) if "date" in documents else pd.Series("", index=documents.index)
    )
    keys = [(date == "", date, position) for position, date in enumerate(dates)]
    return [position for *_, position in sorted(keys)]


def lsh_params(threshold: float, max_perm: int = 64, recall: float = 0.99) -> tuple[int, int]:
    """Bands ``b`` and rows ``r`` of the LSH index: a pair exactly at ``threshold`` becomes a
    candidate with probability ``1 - (1 - threshold**r)**b`` >= ``recall``.

    The largest ``r`` (fewest dissimilar pairs let through) whose ``b * r`` fits ``max_perm``;
    at thresholds so low that none fits, ``max_perm`` bands of one row, and a recall below the
    target. (``datasketch``'s own optimiser weighs false positives and negatives alike and misses
    about one pair in eight at the threshold; the exact check makes false positives cheap.)
    """
    best = (max_perm, 1)
    for rows in range(1, max_perm + 1):
        share = threshold**rows
        if share >= 1.0:
            bands = 1
        elif share <= 0.0:
            break
        else:
            bands = math.ceil(math.log(1.0 - recall) / math.log(1.0 - share))
        if bands * rows > max_perm:
            break
        best = (bands, rows)
    return best


def candidate_pairs(
    shingles: Shingles,
    threshold: float,
    *,
    max_perm: int = 64,
    seed: int = 1,
) -> set[tuple[int, int]]:
    """Pairs of document positions ``(i, j)``, ``i < j``, that MinHash LSH says may be at least
    ``threshold`` similar (:func:`lsh_params` sets the index for 99% recall at the threshold).
    The exact check is the caller's."""
    bands, rows = lsh_params(threshold, max_perm)
    num_perm = bands * rows
    from datasketch import MinHash, MinHashLSH  # imports scipy: only when duplicates are asked

    lsh = MinHashLSH(num_perm=num_perm, params=(bands, rows))
    # MinHash hashes 32-bit values: each 64-bit code is folded to 32 bits first, and ``int``
    # (a no-op on them) is the hash function.
    template = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    pairs = set()
    for position, codes in enumerate(shingles.codes):
        if not len(codes):
            continue
        signature = template.copy()
        signature.update_batch(((codes >> _SHIFT) ^ (codes & _LOW)).tolist())
        for other in lsh.query(signature):
            pairs.add((other, position))
        lsh.insert(position, signature)
    return pairs


def _all_pairs(shingles: Shingles) -> Iterable[tuple[int, int]]:
    present = [position for position, codes in enumerate(shingles.codes) if len(codes)]
    for index, left in enumerate(present):
        for right in present[index + 1 :]:
            yield left, right


def duplicate_clusters(
    documents: pd.DataFrame,
    threshold: float = 0.8,
    *,
    k: int = 3,
    method: str = "auto",
    max_perm: int = 64,
) -> pd.DataFrame:
    """Clusters of near-identical documents: :data:`CLUSTER_COLUMNS`, one row a member.

    ``documents`` needs ``doc_id`` and ``text`` (``title`` and ``date`` are used when present).
    Two documents are near-duplicates when :data:`DUPLICATE_MEASURE` is at least ``threshold``.
    ``method`` is ``"minhash"`` (LSH candidates, then the exact check), ``"exact"`` (every pair)
    or ``"auto"`` (exact up to :data:`EXACT_UP_TO` documents). Clusters are the connected groups
    of near-duplicate pairs (see the module's docstring); only clusters of two or more exist.
    ``cluster`` numbers them from 1 in the order of their first members; within a cluster the
    first member comes first (``similarity_to_first`` 1.0), then the others, most similar first.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be above 0 and at most 1, not {threshold}")
    if method not in ("auto", "minhash", "exact"):
        raise ValueError(f"method must be auto, minhash or exact, not {method!r}")
    shingles = document_shingles(documents, k)
    exact = method == "exact" or (method == "auto" and len(shingles.doc_ids) <= EXACT_UP_TO)
    pairs = (
        _all_pairs(shingles) if exact else candidate_pairs(shingles, threshold, max_perm=max_perm)
    )
    import networkx as nx  # here, not with the module: most commands never group duplicates

    graph = nx.Graph()
    for left, right in pairs:
        if jaccard(shingles.codes[left], shingles.codes[right]) >= threshold:
            graph.add_edge(left, right)
    rank = {position: order for order, position in enumerate(first_order(documents))}
    components = sorted(
        (sorted(component, key=rank.__getitem__) for component in nx.connected_components(graph)),
        key=lambda members: rank[members[0]],
    )
    rows = []
    for number, (first, *others) in enumerate(components, start=1):
        scored = [
            (other, jaccard(shingles.codes[first], shingles.codes[other])) for other in others
        ]
        rows.append((number, shingles.doc_ids[first], 1.0))
        for other, score in sorted(scored, key=lambda item: (-item[1], rank[item[0]])):
            rows.append((number, shingles.doc_ids[other], round(score, 4)))
    frame = pd.DataFrame(rows, columns=CLUSTER_COLUMNS)
    return frame.astype({"cluster": "int64", "doc_id": "object", "similarity_to_first": "float64"})


def keep_once(documents: pd.DataFrame, clusters: pd.DataFrame) -> list[str]:
    """The ``doc_id`` values to keep to count each story once, in corpus order.

    Every document outside a cluster, and the first member of each cluster: the other members
    are folded into it. Apply it as a filter (``documents[documents.doc_id.isin(kept)]``) and
    every count follows.
    """
    folded = set(clusters.loc[clusters.duplicated("cluster"), "doc_id"])
    return [doc_id for doc_id in as_text(documents["doc_id"]) if doc_id not in folded]


def cluster_summary(clusters: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row a cluster: :data:`SUMMARY_COLUMNS`.

    ``folds`` is how many articles counting the story once removes (``size - 1``); ``title`` is
    the first member's; ``sources`` joins the members' distinct sources with ``|``;
    ``min_similarity`` is the least similar member's similarity to the first. Largest clusters
    first, then by cluster number.
    """
    if clusters.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS).astype(
            {"cluster": "int64", "size": "int64", "folds": "int64", "min_similarity": "float64"}
        )
    meta = documents.assign(doc_id=as_text(documents["doc_id"]))
    meta = meta.set_index("doc_id")
    rows = []
    for number, members in clusters.groupby("cluster", sort=True):
        ids = members["doc_id"].tolist()
        info = meta.reindex(ids)
        dates = sorted(d for d in as_text(info.get("date", pd.Series("", index=info.index))) if d)
        sources = sorted(
            {s for s in as_text(info.get("source", pd.Series("", index=info.index))) if s}
        )
        title = as_text(info.get("title", pd.Series("", index=info.index))).iloc[0]
        rows.append(
            (
                int(number),
                len(ids),
                len(ids) - 1,
                ids[0],
                title,
                dates[0] if dates else "",
                dates[-1] if dates else "",
                "|".join(sources),
                float(members["similarity_to_first"].min()),
            )
        )
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return frame.sort_values(
        ["size", "cluster"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def cluster_differences(
    documents: pd.DataFrame, clusters: pd.DataFrame, cluster: int | Sequence[int] | None = None
) -> pd.DataFrame:
    """What differs between the members of a cluster: the sentences only some of them have.

    One row a sentence of a member that not every member of its cluster has (compared by their
    lower-cased words, so re-wrapped lines and changed punctuation do not count as a
    difference): :data:`DIFFERENCE_COLUMNS`, with ``start``/``end`` offsets into the member's
    text and ``members_with`` how many members have that sentence. ``cluster`` picks one or
    several clusters (all when ``None``). A cluster of exact copies gives no row.
    """
    if cluster is not None:
        wanted = [cluster] if isinstance(cluster, int | np.integer) else list(cluster)
        clusters = clusters[clusters["cluster"].isin(wanted)]
    texts = dict(zip(as_text(documents["doc_id"]), as_text(documents["text"]), strict=True))
    rows = []
    for number, members in clusters.groupby("cluster", sort=True):
        ids = members["doc_id"].tolist()
        sentences = {doc_id: _keyed_sentences(texts.get(doc_id, "")) for doc_id in ids}
        holders: dict[tuple[str, ...], int] = {}
        for keyed in sentences.values():
            for key in {key for key, *_ in keyed}:
                holders[key] = holders.get(key, 0) + 1
        for doc_id in ids:
            for key, start, end in sentences[doc_id]:
                if holders[key] < len(ids):
                    text = texts[doc_id][start:end]
                    rows.append((int(number), doc_id, start, end, text, holders[key], len(ids)))
    frame = pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)
    return frame.astype(
        {
            "cluster": "int64",
            "start": "int64",
            "end": "int64",
            "members_with": "int64",
            "size": "int64",
        }
    )


def _keyed_sentences(text: str) -> list[tuple[tuple[str, ...], int, int]]:
    keyed = []
    for start, end in split_sentences(text):
        key = tuple(shingle_tokens(text[start:end]))
        if key:
            keyed.append((key, start, end))
    return keyed
