"""Keyness: which words, keywords or entities one side over-uses compared with the other.

Two measures, as corpus linguistics recommends reporting both:

- **log-likelihood** (G², Rayson & Garside 2000): how sure we are that the difference in relative
  frequency is not chance. ``p_value`` is its chi-squared (1 degree of freedom) tail: G² = 3.84 is
  p = 0.05, 10.83 is p = 0.001, 15.13 is p = 0.0001.
- **Log Ratio** (Hardie 2014): how big the difference is, as the binary log of the ratio of the
  relative frequencies. +1 means twice as frequent on side A, -1 twice as frequent on side B. A
  zero frequency is replaced by 0.5 so that items found on one side only get a finite value.

Counts are kept with their *document range* (how many documents an item occurs in): a word that one
long speech repeats forty times is not characteristic of a whole group, so :func:`keyness` can
require a minimum range on the side that over-uses an item.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

KEYNESS_COLUMNS = [
    "item",
    "label",
    "freq_a",
    "freq_b",
    "docs_a",
    "docs_b",
    "log_likelihood",
    "p_value",
    "log_ratio",
    "side",
]
COUNT_COLUMNS = ["item", "label", "freq", "docs"]

#: Function words left out of word keyness and of similarity vectors: they differ between a
#: transcript ("I", "we") and a press release ("he", "the") without saying what either is about.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can cannot could couldn't did didn't do does doesn't
    doing don't down during each either even ever every few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how how's
    however i i'd i'll i'm i've if in into is isn't it it's its itself just let's may me might more
    most much must mustn't my myself neither no nor not now of off on once only or other ought our
    ours ourselves out over own per same shall shan't she she'd she'll she's should shouldn't since
    so some such than that that's the their theirs them themselves then there there's these they
    they'd they'll they're they've this those though through thus to too under until up upon us
    very via was wasn't we we'd we'll we're we've were weren't what what's when when's where
    where's whether which while who who's whom whose why why's will with within without won't would
    wouldn't yet you you'd you'll you're you've your yours yourself yourselves
    one two three four five six seven eight nine ten first second third many well already still
    said says say told""".split()
)

# A word: letters (with inner apostrophes, hyphens or dots, as in "don't", "Indo-Pacific", "U.S")
# or a number-bearing name like "F-16" or "COVID-19". Pure numbers are not words.
_WORD = re.compile(r"[^\W\d_](?:[\w]|[-'’.](?=\w))*|\d+(?:[-.,]\d+)*-?[^\W\d_]+[\w-]*")
# The same, as the one group of a split: the pieces alternate gap, word, gap, ..., gap.
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")


def word_tokens(text: str, *, drop_stopwords: bool = False) -> list[str]:
    """The lower-cased words of ``text``, in order, possessives stripped ("NATO's" -> "nato").

    Curly apostrophes count as straight ones, so raw and cleaned text give the same tokens.
    """
    tokens = []
    for token in _WORD.findall(text.lower()):
        if "’" in token:
            token = token.replace("’", "'")
        if token.endswith("'s"):
            token = token[:-2]
        if drop_stopwords and token in STOPWORDS:
            continue
        tokens.append(token)
    return tokens


def word_spans(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words of ``text`` as :func:`word_tokens` gives them, with their character offsets:
    ``(words, starts, ends)``.

    ``text[start:end]`` is the word as it stands (a stripped possessive "'s" lies after ``end``),
    so that an index of words can point back into the text. Matching runs on the lower-cased text
    as :func:`word_tokens` does, in one split of the whole text (words and the gaps between them
    alternate), so that a corpus joined by line breaks is indexed in one call; where lower-casing
    changes the text's length (a dotted capital I), offsets are mapped back to the original.
    """
    lowered = text.lower()
    pieces = _WORD_SPLIT.split(lowered)
    lengths = np.fromiter(map(len, pieces), dtype="int64", count=len(pieces))
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    words = pieces[1::2]
    starts = offsets[1:-1:2]
    ends = starts + lengths[1::2]
    for position in [i for i, word in enumerate(words) if "'" in word or "’" in word]:
        word = words[position].replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
            ends[position] -= 2
        words[position] = word
    if len(lowered) != len(text):
        origin = np.repeat(np.arange(len(text)), [len(char.lower()) for char in text])
        starts, ends = origin[starts], origin[ends - 1] + 1
    return words, starts, ends


@dataclass(frozen=True)
class Counts:
    """What one side holds: per item its frequency and range, plus the side's size.

    ``table`` has :data:`COUNT_COLUMNS` (``item, label, freq, docs``); ``total`` is the size the
    frequencies are relative to (running words for word counts, and usually for mentions too);
    ``n_docs`` the number of documents on the side.
    """

    table: pd.DataFrame
    total: int
    n_docs: int


def _counts_frame(freq: Counter[str], docs: Counter[str], labels: dict[str, str]) -> pd.DataFrame:
    items = sorted(freq, key=lambda item: (-freq[item], item))
    return pd.DataFrame(
        {
            "item": pd.Series(items, dtype="object"),
            "label": pd.Series([labels.get(item, "") for item in items], dtype="object"),
            "freq": pd.Series([freq[item] for item in items], dtype="int64"),
            "docs": pd.Series([docs[item] for item in items], dtype="int64"),
        }
    )


def word_counts(
    texts: Iterable[str], *, drop_stopwords: bool = True, min_length: int = 2
) -> Counts:
    """Count the words of a group of texts (one text a document) for :func:`keyness`.

    ``total`` counts every word token, stop words included, so that relative frequencies are per
    running word whatever is left out of the table.
    """
    freq: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    total = 0
    n_docs = 0
    for text in texts:
        n_docs += 1
        tokens = word_tokens(text)
        total += len(tokens)
        kept = [
            token
            for token in tokens
            if len(token) >= min_length and not (drop_stopwords and token in STOPWORDS)
        ]
        freq.update(kept)
        docs.update(set(kept))
    return Counts(_counts_frame(freq, docs, {}), total=total, n_docs=n_docs)


@dataclass(frozen=True)
class CodedMentions:
    """The mentions of one kind with their terms, labels and documents factorised once.

    Counting a subset of documents (:func:`coded_counts`) then costs integer work only: a group
    comparison counts the same mentions for every group and for the whole.
    """

    items: np.ndarray  # distinct terms (object)
    rank: np.ndarray  # each item's place in alphabetical order (ties of frequency sort by name)
    label_names: np.ndarray  # distinct labels, sorted
    codes: np.ndarray  # per mention: its item
    label_codes: np.ndarray  # per mention: its label
    doc_codes: np.ndarray  # per mention: its document
    doc_ids: np.ndarray  # per document code: its doc_id (object)


def code_mentions(mentions: pd.DataFrame, kind: str) -> CodedMentions:
    """Factorise the mentions of ``kind`` (``entity``, ``keyword`` or ``term``) once."""
    rows = mentions.loc[(mentions["kind"] == kind).to_numpy(), ["doc_id", "term", "label"]]
    codes, items = pd.factorize(rows["term"].astype(object), sort=False)
    items = np.asarray(items, dtype=object)
    label_codes, label_names = pd.factorize(rows["label"].astype(object).fillna(""), sort=True)
    doc_codes, doc_ids = pd.factorize(rows["doc_id"].astype(object), sort=False)
    rank = np.empty(len(items), dtype="int64")
    rank[np.argsort(items.astype(str), kind="stable")] = np.arange(len(items))
    return CodedMentions(
        items=items,
        rank=rank,
        label_names=np.asarray(label_names, dtype=object),
        codes=codes.astype("int64"),
        label_codes=label_codes.astype("int64"),
        doc_codes=doc_codes.astype("int64"),
        doc_ids=np.asarray(doc_ids, dtype=object),
    )


def coded_counts(
    coded: CodedMentions,
    in_documents: np.ndarray | None = None,
    *,
    total: int | None = None,
    n_docs: int | None = None,
) -> Counts:
    """:func:`mention_counts` of the mentions whose document is in ``in_documents`` (a boolean
    per document code; ``None``: all of them)."""
    keep = (
        np.ones(len(coded.codes), dtype=bool)
        if in_documents is None
        else np.asarray(in_documents, dtype=bool)[coded.doc_codes]
    )
    codes, doc_codes = coded.codes[keep], coded.doc_codes[keep]
    n_items = max(len(coded.items), 1)
    freq = np.bincount(codes, minlength=len(coded.items))
    pairs = np.unique(doc_codes * n_items + codes)
    docs = np.bincount(pairs % n_items, minlength=len(coded.items))
    labels = np.full(len(coded.items), "", dtype=object)
    if len(codes):
        # An item's label is its most frequent one; ties go to the label first in sort order.
        grid = np.zeros((len(coded.items), len(coded.label_names)), dtype="int64")
        np.add.at(grid, (codes, coded.label_codes[keep]), 1)
        labels = coded.label_names[grid.argmax(axis=1)]
    present = np.flatnonzero(freq > 0)
    order = present[np.lexsort((coded.rank[present], -freq[present]))]
    table = pd.DataFrame(
        {
            "item": pd.Series(coded.items[order], dtype="object"),
            "label": pd.Series(labels[order], dtype="object"),
            "freq": pd.Series(freq[order], dtype="int64"),
            "docs": pd.Series(docs[order], dtype="int64"),
        }
    )
    return Counts(
        table,
        total=int(total if total is not None else len(codes)),
        n_docs=int(n_docs if n_docs is not None else len(np.unique(doc_codes))),
    )


def mention_counts(
    mentions: pd.DataFrame,
    kind: str,
    *,
    total: int | None = None,
    n_docs: int | None = None,
) -> Counts:
    """Count the mentions of one ``kind`` (``entity``, ``keyword`` or ``term``) for :func:`keyness`.

    ``mentions`` has the public mention columns and holds one side only. Pass the side's running
    words as ``total`` (the sum of ``n_words``) so that entity and word keyness share a scale;
    without it the number of mentions of that kind is used. ``n_docs`` defaults to the number of
    documents that have a mention. An entity's label is its most frequent one. Items are ranked
    by frequency, then name.
    """
    return coded_counts(code_mentions(mentions, kind), total=total, n_docs=n_docs)


def log_likelihood(
    freq_a: np.ndarray, freq_b: np.ndarray, total_a: int, total_b: int
) -> np.ndarray:
    """G² of each item's frequencies ``freq_a`` of ``total_a`` against ``freq_b`` of ``total_b``."""
    freq_a = np.asarray(freq_a, dtype="float64")
    freq_b = np.asarray(freq_b, dtype="float64")
    both = freq_a + freq_b
    expected_a = total_a * both / (total_a + total_b)
    expected_b = total_b * both / (total_a + total_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        term_a = np.where(freq_a > 0, freq_a * np.log(freq_a / expected_a), 0.0)
        term_b = np.where(freq_b > 0, freq_b * np.log(freq_b / expected_b), 0.0)
    return np.maximum(2.0 * (term_a + term_b), 0.0)


def chi2_pvalue(statistic: np.ndarray) -> np.ndarray:
    """The upper tail of the chi-squared distribution with one degree of freedom."""
    erfc = np.vectorize(math.erfc, otypes=["float64"])
    statistic = np.asarray(statistic, dtype="float64")
    return erfc(np.sqrt(statistic / 2.0)) if statistic.size else statistic


def log_ratio(freq_a: np.ndarray, freq_b: np.ndarray, total_a: int, total_b: int) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies, zeros taken as 0.5."""
    freq_a = np.where(np.asarray(freq_a) > 0, freq_a, 0.5).astype("float64")
    freq_b = np.where(np.asarray(freq_b) > 0, freq_b, 0.5).astype("float64")
    return np.log2((freq_a / total_a) / (freq_b / total_b))


def alphabetical_rank(items: np.ndarray) -> np.ndarray:
    """Each item's place in alphabetical (code point) order: the tie-break of every keyness and
    count table, computed once so that sorting is integer work."""
    values = np.asarray(items, dtype=object)
    try:  # Arrow compares UTF-8 bytes, which is code point order, as Python compares strings
        order = np.asarray(pc.sort_indices(pa.array(values, type=pa.string())))
    except (pa.ArrowException, UnicodeError):  # not all text (or a lone surrogate)
        order = np.argsort(values.astype(str), kind="stable")
    rank = np.empty(len(values), dtype="int64")
    rank[order] = np.arange(len(values))
    return rank


def required_range(min_docs: int, n_docs: int) -> int:
    """The documents of a side an item must occur in to be key for it: ``min_docs``, or all of
    them on a side of fewer documents (one article against a group needs its one article)."""
    return min(min_docs, max(n_docs, 1))


def keyness_arrays(
    items: np.ndarray,
    rank: np.ndarray,
    labels: np.ndarray,
    freq: tuple[np.ndarray, np.ndarray],
    docs: tuple[np.ndarray, np.ndarray],
    totals: tuple[int, int],
    n_docs: tuple[int, int],
    *,
    min_docs: int = 1,
    min_freq: int = 1,
    max_p: float | None = None,
) -> pd.DataFrame:
    """:func:`keyness` of two sides already aligned item by item: one row an item of ``items``
    (its alphabetical ``rank`` and ``label``), ``freq`` and ``docs`` the pairs (side A, side B)
    of its frequencies and ranges, ``totals`` and ``n_docs`` the sides' sizes.

    The arithmetic of :func:`keyness`, which aligns two :class:`Counts` and calls this; a
    comparison of many groups aligns every side once on integer codes and calls it per group.
    """
    freq_a, freq_b = (np.asarray(values, dtype="int64") for values in freq)
    docs_a, docs_b = (np.asarray(values, dtype="int64") for values in docs)
    total_a, total_b = max(totals[0], 1), max(totals[1], 1)
    ratio = log_ratio(freq_a, freq_b, total_a, total_b)
    on_a = ratio >= 0
    required = np.where(
        on_a, required_range(min_docs, n_docs[0]), required_range(min_docs, n_docs[1])
    )
    keep = (np.where(on_a, freq_a, freq_b) >= min_freq) & (
        np.where(on_a, docs_a, docs_b) >= required
    )
    rows = np.flatnonzero(keep)
    scores = log_likelihood(freq_a[rows], freq_b[rows], total_a, total_b)
    p_values = chi2_pvalue(scores)
    if max_p is not None:
        significant = p_values <= max_p
        rows, scores, p_values = rows[significant], scores[significant], p_values[significant]
    # Most significant first, ties by name: the item's rank stands for the name.
    order = np.lexsort((np.asarray(rank)[rows], -scores))
    rows = rows[order]
    return pd.DataFrame(
        {
            "item": pd.Series(np.asarray(items, dtype=object)[rows], dtype="object"),
            # Labels are text as a column of strings infers it, object when no item was compared
            # at all (the dtypes :func:`keyness` always gave, so that tables concatenate alike).
            "label": pd.Series(
                np.asarray(labels, dtype=object)[rows],
                dtype=pd.Series(labels[:1]).dtype if len(labels) else object,
            ),
            "freq_a": freq_a[rows],
            "freq_b": freq_b[rows],
            "docs_a": docs_a[rows],
            "docs_b": docs_b[rows],
            "log_likelihood": scores[order],
            "p_value": p_values[order],
            "log_ratio": ratio[rows],
            "side": np.where(on_a[rows], "a", "b"),
        }
    )


def keyness(
    counts_a: Counts,
    counts_b: Counts,
    *,
    min_docs: int = 1,
    min_freq: int = 1,
    max_p: float | None = None,
) -> pd.DataFrame:
    """Compare two sides item by item: :data:`KEYNESS_COLUMNS`, most significant first.

    ``side`` is ``"a"`` or ``"b"``: the side that uses the item more, relative to its size.
    Guards, applied on that side only: ``min_docs`` (document range: in how many of the side's
    documents the item occurs; use 2 or more for groups so that one document cannot make an item
    "key"), ``min_freq`` (its frequency there). ``max_p`` keeps only items with ``p_value`` at or
    below it. A side with fewer documents than ``min_docs`` (one article against a group) needs
    its items in all of them: a guard no item could pass would hide that side entirely.
    """
    # Align the two tables on their items by factorising both item columns at once (A's items
    # first, then B's new ones): reindexing on an object index cost most of a group comparison.
    sides = {"a": counts_a.table, "b": counts_b.table}
    codes, items = pd.factorize(
        np.concatenate([side["item"].to_numpy(dtype=object) for side in sides.values()]),
        sort=False,
    )
    items = np.asarray(items, dtype=object)
    positions = {"a": codes[: len(counts_a.table)], "b": codes[len(counts_a.table) :]}
    labels = np.full(len(items), "", dtype=object)
    columns: dict[str, np.ndarray] = {}
    for name in ("b", "a"):  # A's label wins where both sides have one
        side_labels = sides[name]["label"].to_numpy(dtype=object)
        given = pd.notna(side_labels)
        labels[positions[name][given]] = side_labels[given]
    for name, side in sides.items():
        for column in ("freq", "docs"):
            values = np.zeros(len(items), dtype="int64")
            values[positions[name]] = side[column].to_numpy(dtype="int64")
            columns[f"{column}_{name}"] = values
    return keyness_arrays(
        items,
        alphabetical_rank(items),
        labels,
        (columns["freq_a"], columns["freq_b"]),
        (columns["docs_a"], columns["docs_b"]),
        (counts_a.total, counts_b.total),
        (counts_a.n_docs, counts_b.n_docs),
        min_docs=min_docs,
        min_freq=min_freq,
        max_p=max_p,
    )


def top_keyness(
    table: pd.DataFrame, n: int = 10, *, max_p: float = 0.05, by: str = "log_likelihood"
) -> pd.DataFrame:
    """The ``n`` strongest items of each side (``p_value <= max_p``), side A first.

    ``by`` is ``"log_likelihood"`` (the most certain differences, the usual choice for a reader)
    or ``"log_ratio"`` (the biggest ones, which favours rarer items). The result is tidy, ready
    for a bar chart of the top items per side.
    """
    significant = table[table["p_value"] <= max_p]
    parts = []
    for side in ("a", "b"):
        rows = significant[significant["side"] == side]
        key = rows[by].abs() if by == "log_ratio" else rows[by]
        order = key.sort_values(ascending=False, kind="stable").index
        parts.append(rows.loc[order].head(n))
    return pd.concat(parts, ignore_index=True) if parts else table.head(0)


def rest_counts(whole: Counts, part: Counts) -> Counts:
    """What ``whole`` holds outside ``part``: the counts of the rest of a corpus.

    ``part`` must be counted from a subset of the documents ``whole`` was counted from, the same
    way (same stop words, same minimum length), so that frequencies and document ranges subtract
    exactly. Keyness of a selection against the rest is then ``keyness(part, rest_counts(whole,
    part))``: the corpus is counted once, each selection only for itself.
    """
    items = whole.table["item"].to_numpy(dtype=object)
    codes, _ = pd.factorize(
        np.concatenate([items, part.table["item"].to_numpy(dtype=object)]), sort=False
    )
    in_whole = codes[len(items) :]  # the part's items are the whole's: codes below len(items)
    freq = whole.table["freq"].to_numpy(dtype="int64").copy()
    docs = whole.table["docs"].to_numpy(dtype="int64").copy()
    np.subtract.at(freq, in_whole, part.table["freq"].to_numpy(dtype="int64"))
    np.subtract.at(docs, in_whole, part.table["docs"].to_numpy(dtype="int64"))
    table = pd.DataFrame(
        {
            "item": pd.Series(items, dtype="object"),
            "label": pd.Series(whole.table["label"].to_numpy(), dtype="object"),
            "freq": freq,
            "docs": docs,
        }
    )
    table = table[table["freq"] > 0].sort_values(["freq", "item"], ascending=[False, True])
    return Counts(
        table[COUNT_COLUMNS].reset_index(drop=True),
        total=whole.total - part.total,
        n_docs=whole.n_docs - part.n_docs,
    )
