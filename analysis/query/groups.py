"""Many groups at once: what each of 2 to 8 groups of documents over-uses against the others.

:mod:`analysis.query.compare` sets side A against side B. Analysts often have more sides than two:
three sources, four quarters, a few saved selections. This module compares each group with the
rest (the documents of the *other* groups, those it shares with them left out):

- **keyness, one group against the rest**: its words, keywords and entities, with the one
  implementation in :mod:`analysis.query.keyness` (log-likelihood and Log Ratio, and the
  document-range guard: an item must occur in ``min_docs`` documents of the group);
- **entity presence**: for each entity, in how many of each group's documents it occurs and
  what share of the group that is (a matrix to read across groups);
- **shared passages**: for each pair of groups, the sentences one reuses from the other
  (:func:`analysis.query.reuse.align_passages`).

Groups are chosen with the selector syntax of :func:`analysis.query.selection.select_documents`
(:func:`select_groups`). Word counting is the costly step on a large corpus: pass
``count_words`` (``doc_ids -> Counts``, e.g. counts read from a token index built once per
corpus) to replace counting the texts of every group (and of every rest, when groups overlap).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from analysis.core.schema import as_text
from analysis.query.compare import json_records
from analysis.query.keyness import (
    KEYNESS_COLUMNS,
    Counts,
    alphabetical_rank,
    keyness_arrays,
    word_counts,
)
from analysis.query.reuse import PASSAGE_COLUMNS, PASSAGE_MEASURE, align_passages
from analysis.query.selection import select_documents

MIN_GROUPS, MAX_GROUPS = 2, 8
GROUP_KEYNESS_COLUMNS = ["group", "kind", *KEYNESS_COLUMNS]
PRESENCE_COLUMNS = ["entity", "label", "group", "documents", "group_size", "share"]
GROUP_PASSAGE_COLUMNS = ["group_a", "group_b", *PASSAGE_COLUMNS]
GROUP_SUMMARY_COLUMNS = ["group", "n_documents", "n_words", "date_min", "date_max", "sources"]
KEYNESS_KINDS = ("word", "keyword", "entity")

#: ``doc_ids -> Counts``: how the words of a set of documents are counted.
WordCounter = Callable[[Sequence[str]], Counts]


def select_groups(documents: pd.DataFrame, specs: Sequence[str]) -> dict[str, list[str]]:
    """The ``doc_id`` values each selector picks, by selector, in the order given.

    Raises ``ValueError`` for fewer than 2 or more than 8 groups, a repeated selector, a
    malformed one (see :func:`~analysis.query.selection.select_documents`) or one that picks no
    document.
    """
    if not MIN_GROUPS <= len(specs) <= MAX_GROUPS:
        raise ValueError(f"compare {MIN_GROUPS} to {MAX_GROUPS} groups, not {len(specs)}")
    if len(set(specs)) < len(specs):
        raise ValueError("each group must be given once")
    groups = {}
    for spec in specs:
        picked = select_documents(documents, spec)
        if not picked:
            raise ValueError(f"group {spec!r} picks no document")
        groups[spec] = picked
    return groups


def default_min_docs(groups: Mapping[str, Sequence[str]]) -> int:
    """The range guard used unless one is given: 2 documents, or 1% of the smallest group if
    that is more (the rule of :func:`analysis.query.compare.compare_groups`)."""
    return max(2, round(0.01 * min(len(ids) for ids in groups.values())))


def text_word_counter(documents: pd.DataFrame) -> WordCounter:
    """A :data:`WordCounter` that counts the texts of ``documents`` with
    :func:`~analysis.query.keyness.word_counts` (the reference; no index needed)."""
    texts = dict(zip(as_text(documents["doc_id"]), as_text(documents["text"]), strict=True))

    def count(doc_ids: Sequence[str]) -> Counts:
        return word_counts(texts[doc_id] for doc_id in doc_ids)

    return count


def rest_of(groups: Mapping[str, Sequence[str]], name: str) -> list[str]:
    """The documents of the groups other than ``name`` that ``name`` does not hold itself."""
    own = set(groups[name])
    seen: set[str] = set()
    rest = []
    for other, ids in groups.items():
        if other == name:
            continue
        for doc_id in ids:
            if doc_id not in own and doc_id not in seen:
                seen.add(doc_id)
                rest.append(doc_id)
    return rest


def _disjoint(groups: Mapping[str, Sequence[str]]) -> bool:
    seen: set[str] = set()
    for ids in groups.values():
        own = set(ids)
        if own & seen:
            return False
        seen |= own
    return True


@dataclass(frozen=True)
class _Side:
    """One side of a comparison for one kind, aligned on the kind's items (see
    :class:`_Aligned`): frequency, range and label of each item (``None`` where the side has no
    label for it), whether the side holds it, and the side's size."""

    freq: np.ndarray
    docs: np.ndarray
    labels: np.ndarray
    present: np.ndarray
    total: int
    n_docs: int


@dataclass(frozen=True)
class _Aligned:
    """The items of one kind, numbered once, with their alphabetical rank; every side of the
    comparison is counted on these numbers, so that keyness is integer work."""

    items: np.ndarray
    rank: np.ndarray


def _words_aligned(tables: Sequence[Counts]) -> tuple[_Aligned, list[_Side]]:
    """Word counts of every side (as the counter gives them) numbered on their items at once."""
    codes, items = pd.factorize(
        np.concatenate([counts.table["item"].to_numpy(dtype=object) for counts in tables]),
        sort=False,
    )
    items = np.asarray(items, dtype=object)
    sides, at = [], 0
    for counts in tables:
        table, positions = counts.table, codes[at : at + len(counts.table)]
        at += len(table)
        freq = np.zeros(len(items), dtype="int64")
        docs = np.zeros(len(items), dtype="int64")
        freq[positions] = table["freq"].to_numpy(dtype="int64")
        docs[positions] = table["docs"].to_numpy(dtype="int64")
        labels = np.full(len(items), None, dtype=object)
        given = table["label"].to_numpy(dtype=object)
        labels[positions] = np.where(pd.notna(given), given, None)
        present = np.zeros(len(items), dtype=bool)
        present[positions] = True
        sides.append(_Side(freq, docs, labels, present, counts.total, counts.n_docs))
    return _Aligned(items, alphabetical_rank(items)), sides


def _rest_by_subtraction(sides: Sequence[_Side], name: int) -> _Side:
    """The words of every side but ``name`` together (the sides hold disjoint documents): what
    :func:`~analysis.query.keyness.rest_counts` gives for the whole minus that side."""
    others = [side for position, side in enumerate(sides) if position != name]
    freq = sum(side.freq for side in others)
    labels = np.full(len(freq), None, dtype=object)
    for side in others:
        labels = np.where(pd.notna(labels), labels, side.labels)
    present = freq > 0
    return _Side(
        freq,
        sum(side.docs for side in others),
        np.where(present, labels, None),
        present,
        sum(side.total for side in others),
        sum(side.n_docs for side in others),
    )


@dataclass(frozen=True)
class _CodedKind:
    """The mentions of one kind as integers: per mention its document (a code of
    ``doc_names``), item and label; the distinct (document, item) pairs, for ranges."""

    aligned: _Aligned
    label_names: np.ndarray
    doc_names: pd.Index
    doc: np.ndarray
    item: np.ndarray
    label: np.ndarray
    pair_doc: np.ndarray
    pair_item: np.ndarray
    one_label: np.ndarray  # every item's label when the kind has only one (keywords: "")


def _code_kind(mentions: pd.DataFrame, doc_codes: np.ndarray, doc_names: pd.Index, kind: str):
    """Factorise the terms and labels of the mentions of ``kind`` (documents are coded once for
    all kinds: ``doc_codes`` of ``doc_names``)."""
    rows = (mentions["kind"] == kind).to_numpy()
    item, items = pd.factorize(mentions["term"][rows], sort=False)
    label, label_names = pd.factorize(mentions["label"][rows].fillna(""), sort=True)
    items = np.asarray(items, dtype=object)
    doc = doc_codes[rows].astype("int64")
    n_items = max(len(items), 1)
    pairs = np.unique(doc * n_items + item)
    return _CodedKind(
        aligned=_Aligned(items, alphabetical_rank(items)),
        label_names=np.asarray(label_names, dtype=object),
        doc_names=doc_names,
        doc=doc,
        item=item.astype("int64"),
        label=label.astype("int64"),
        pair_doc=pairs // n_items,
        pair_item=pairs % n_items,
        one_label=np.resize(np.asarray(label_names, dtype=object), len(items)),
    )


def _documents_in(names: pd.Index, ids: Sequence[str]) -> np.ndarray:
    """A boolean per name of ``names`` (distinct document ids): is it among ``ids``?"""
    inside = np.zeros(len(names), dtype=bool)
    found = names.get_indexer(pd.Index(list(ids), dtype="object"))
    inside[found[found >= 0]] = True
    return inside


def _mention_side(coded: _CodedKind, inside: np.ndarray, words: _Side) -> _Side:
    """:func:`~analysis.query.keyness.mention_counts` of the documents ``inside`` (a boolean
    per document code; sized by their ``words``), aligned on the kind's items: an item's label
    is its most frequent one on the side, ties to the label first in sort order."""
    keep = inside[coded.doc]
    n_items, n_labels = len(coded.aligned.items), len(coded.label_names)
    item = coded.item[keep]
    freq = np.bincount(item, minlength=n_items)
    docs = np.bincount(coded.pair_item[inside[coded.pair_doc]], minlength=n_items)
    if n_labels > 1:
        grid = np.bincount(item * n_labels + coded.label[keep], minlength=n_items * n_labels)
        labels = coded.label_names[grid.reshape(n_items, n_labels).argmax(axis=1)]
    else:
        labels = coded.one_label
    present = freq > 0
    return _Side(freq, docs, np.where(present, labels, None), present, words.total, words.n_docs)


def _side_keyness(aligned: _Aligned, own: _Side, rest: _Side, min_docs: int) -> pd.DataFrame:
    """:func:`~analysis.query.keyness.keyness` of two aligned sides: the items either holds,
    A's label where it has one."""
    rows = np.flatnonzero(own.present | rest.present)
    labels = np.where(
        pd.notna(own.labels[rows]),
        own.labels[rows],
        np.where(pd.notna(rest.labels[rows]), rest.labels[rows], ""),
    )
    return keyness_arrays(
        aligned.items[rows],
        aligned.rank[rows],
        labels,
        (own.freq[rows], rest.freq[rows]),
        (own.docs[rows], rest.docs[rows]),
        (own.total, rest.total),
        (own.n_docs, rest.n_docs),
        min_docs=min_docs,
    )


def group_keyness(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    *,
    min_docs: int | None = None,
    kinds: Sequence[str] = KEYNESS_KINDS,
    count_words: WordCounter | None = None,
) -> pd.DataFrame:
    """Keyness of each group against the rest: :data:`GROUP_KEYNESS_COLUMNS`.

    Side ``a`` is the group, side ``b`` the rest (:func:`rest_of`); rows of both sides are
    kept (``side == "a"``: over-used by the group), most significant first within each group and
    kind. Mention counts are relative to the running words of each side, so entity, keyword and
    word keyness share one scale. A group that is the whole of the other groups has no rest and
    no rows.

    Each kind's items are numbered once and every side is counted on those numbers, so that the
    keyness of each group is integer work over aligned arrays
    (:func:`~analysis.query.keyness.keyness_arrays`). Words are counted by ``count_words`` once
    per group; when no document is in two groups each rest's words are the sum of the other
    groups' (the whole minus the group, as :func:`~analysis.query.keyness.rest_counts` gives),
    otherwise each rest is counted itself. Mentions of each side are counted directly from
    integer codes. The table is the one :func:`~analysis.query.keyness.keyness` gives for each
    group and its rest counted on their own (a test checks it).
    """
    count_words = count_words or text_word_counter(documents)
    min_docs = default_min_docs(groups) if min_docs is None else min_docs
    names = list(groups)
    rests = {name: rest_of(groups, name) for name in names}
    compared = [name for name in names if rests[name]]
    if not compared:
        return pd.DataFrame(columns=GROUP_KEYNESS_COLUMNS)
    disjoint = _disjoint(groups)
    counted = names if disjoint else compared
    tables = [count_words(list(groups[name])) for name in counted]
    if not disjoint:
        tables += [count_words(rests[name]) for name in compared]
    words, sides = _words_aligned(tables)
    own = {name: sides[counted.index(name)] for name in compared}
    if disjoint:
        rest = {name: _rest_by_subtraction(sides, counted.index(name)) for name in compared}
    else:
        rest = {name: sides[len(counted) + position] for position, name in enumerate(compared)}
    mention_kinds = [kind for kind in kinds if kind != "word"]
    coded, inside, outside = {}, {}, {}
    if mention_kinds:
        doc_codes, doc_names = pd.factorize(as_text(mentions["doc_id"]), sort=False)
        doc_index = pd.Index(np.asarray(doc_names, dtype=object))
        coded = {kind: _code_kind(mentions, doc_codes, doc_index, kind) for kind in mention_kinds}
        # Each side's documents among those with mentions, found once for all kinds; a rest is
        # the other groups' documents less the group's own (what rest_of lists).
        inside = {name: _documents_in(doc_index, ids) for name, ids in groups.items()}
        for name in compared:
            others = [inside[other] for other in names if other != name]
            outside[name] = np.logical_or.reduce(others) & ~inside[name]
    results = []
    for name in compared:
        for kind in kinds:
            if kind == "word":
                aligned, side_a, side_b = words, own[name], rest[name]
            else:
                aligned = coded[kind].aligned
                side_a = _mention_side(coded[kind], inside[name], own[name])
                side_b = _mention_side(coded[kind], outside[name], rest[name])
            result = _side_keyness(aligned, side_a, side_b, min_docs)
            results.append(result.assign(group=name, kind=kind))
    return pd.concat(results, ignore_index=True)[GROUP_KEYNESS_COLUMNS]


def top_by_group(
    table: pd.DataFrame, kind: str, n: int = 10, *, max_p: float = 0.05
) -> pd.DataFrame:
    """The ``n`` items of ``kind`` each group over-uses most (by log-likelihood, ``p_value <=
    max_p``): rows of :func:`group_keyness`, groups in their order, ready for a chart."""
    rows = table[(table["kind"] == kind) & (table["side"] == "a") & (table["p_value"] <= max_p)]
    return rows.groupby("group", sort=False).head(n).reset_index(drop=True)


def entity_presence(
    mentions: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    *,
    labels: Sequence[str] | None = None,
    top: int | None = 40,
) -> pd.DataFrame:
    """In how many of each group's documents each entity occurs: :data:`PRESENCE_COLUMNS`.

    One row per (entity, group), zeros included, so the table is a full matrix; ``share`` is
    ``documents / group_size`` rounded to 4 places. ``labels`` keeps entities of those types;
    ``top`` keeps the entities found in the most documents over all groups (all when
    ``None``). Entities are sorted by that total, then name; groups keep their order. An
    entity's label is its most frequent one, ties to the label first in sort order.

    Entities, labels and documents are factorised once; each group is then a count over the
    distinct (document, entity) pairs.
    """
    rows = (mentions["kind"] == "entity").to_numpy()
    if labels is not None:
        rows = rows & mentions["label"].isin(list(labels)).to_numpy()
    term, terms = pd.factorize(mentions["term"][rows], sort=False)
    label, label_names = pd.factorize(mentions["label"][rows], sort=True)
    doc, doc_names = pd.factorize(as_text(mentions["doc_id"][rows]), sort=False)
    terms = np.asarray(terms, dtype=object)
    label_names = np.asarray(label_names, dtype=object)
    n_terms, n_labels = len(terms), len(label_names)
    # The most frequent label of each entity (those with none known get "").
    known = (term >= 0) & (label >= 0)
    label_of = np.full(n_terms, "", dtype=object)
    if n_labels:
        grid = np.bincount(
            term[known] * n_labels + label[known], minlength=n_terms * n_labels
        ).reshape(n_terms, n_labels)
        labelled = grid.max(axis=1, initial=0) > 0
        label_of[labelled] = label_names[grid[labelled].argmax(axis=1)]
    pairs = np.unique(doc[term >= 0].astype("int64") * max(n_terms, 1) + term[term >= 0])
    pair_doc, pair_term = pairs // max(n_terms, 1), pairs % max(n_terms, 1)
    doc_index = pd.Index(np.asarray(doc_names, dtype=object))
    counts = np.zeros((len(groups), n_terms), dtype="int64")
    for position, ids in enumerate(groups.values()):
        inside = _documents_in(doc_index, ids)
        counts[position] = np.bincount(pair_term[inside[pair_doc]], minlength=n_terms)
    totals = counts.sum(axis=0)
    order = np.flatnonzero(totals > 0)
    order = order[np.lexsort((alphabetical_rank(terms[order]), -totals[order]))]
    if top is not None:
        order = order[:top]
    names = list(groups)
    sizes = np.asarray([len(ids) for ids in groups.values()], dtype="int64")
    documents = counts[:, order].T.reshape(-1)
    group_size = np.tile(sizes, len(order))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(group_size > 0, documents / np.where(group_size > 0, group_size, 1), 0.0)
    text = pd.Series([""]).dtype  # what a column of strings infers, empty or not
    return pd.DataFrame(
        {
            "entity": pd.Series(np.repeat(terms[order], len(names)), dtype=text),
            "label": pd.Series(np.repeat(label_of[order], len(names)), dtype=text),
            "group": pd.Series(np.tile(np.asarray(names, dtype=object), len(order)), dtype=text),
            "documents": documents,
            "group_size": group_size,
            "share": np.round(share, 4),
        }
    )[PRESENCE_COLUMNS]


def group_passages(
    documents: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    *,
    threshold: float = 0.5,
) -> pd.DataFrame:
    """The passages each pair of groups shares: :data:`GROUP_PASSAGE_COLUMNS`.

    For every pair (in the order the groups are given, each pair once), the sentences of the
    first group that the second reuses, exactly or lightly edited (:data:`PASSAGE_MEASURE`,
    at or above ``threshold``), aligned one to one by
    :func:`~analysis.query.reuse.align_passages`. A document held by both groups is never
    aligned with itself.
    """
    texts = dict(zip(as_text(documents["doc_id"]), as_text(documents["text"]), strict=True))
    tables = []
    for name_a, name_b in combinations(groups, 2):
        aligned = align_passages(
            [(doc_id, texts[doc_id]) for doc_id in groups[name_a]],
            [(doc_id, texts[doc_id]) for doc_id in groups[name_b]],
            threshold=threshold,
        )
        tables.append(aligned.assign(group_a=name_a, group_b=name_b))
    if not tables:
        return pd.DataFrame(columns=GROUP_PASSAGE_COLUMNS)
    return pd.concat(tables, ignore_index=True)[GROUP_PASSAGE_COLUMNS]


def passage_counts(passages: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """How many passages each pair of groups shares, as a symmetric group x group table."""
    table = pd.DataFrame(0, index=list(groups), columns=list(groups), dtype="int64")
    for (name_a, name_b), size in (
        passages.groupby(["group_a", "group_b"], sort=False).size().items()
    ):
        table.loc[name_a, name_b] = table.loc[name_b, name_a] = int(size)
    return table


def group_summary(documents: pd.DataFrame, groups: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Size, running words, dates and sources of each group: :data:`GROUP_SUMMARY_COLUMNS`."""
    codes, names = pd.factorize(as_text(documents["doc_id"]), sort=False)
    known = pd.Index(np.asarray(names, dtype=object))
    dates = as_text(documents["date"]).to_numpy(dtype=object)
    sources = as_text(documents["source"]).to_numpy(dtype=object) if "source" in documents else None
    words = (
        pd.to_numeric(documents["n_words"], errors="coerce").fillna(0)
        if "n_words" in documents
        else None
    )
    rows = []
    for name, members in groups.items():
        inside = _documents_in(known, members)[codes]
        dated = [date for date in dates[inside] if date]
        named = (
            sorted({source for source in sources[inside] if source}) if sources is not None else []
        )
        rows.append(
            (
                name,
                int(inside.sum()),
                int(words[inside].sum()) if words is not None else 0,
                min(dated) if dated else "",
                max(dated) if dated else "",
                "|".join(named),
            )
        )
    return pd.DataFrame(rows, columns=GROUP_SUMMARY_COLUMNS)


@dataclass(frozen=True)
class GroupComparison:
    """Everything :func:`compare_many` finds, as tables (see each function for the columns)."""

    groups: dict[str, list[str]]
    min_docs: int
    summary: pd.DataFrame
    keyness: pd.DataFrame
    presence: pd.DataFrame
    passages: pd.DataFrame

    def top(self, kind: str = "word", n: int = 10) -> pd.DataFrame:
        """Each group's ``n`` most over-used items of ``kind`` (:func:`top_by_group`)."""
        return top_by_group(self.keyness, kind, n)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name; ``--format csv`` writes each as ``groups_<name>.csv``."""
        return {
            "summary": self.summary,
            "keyness": self.keyness,
            "presence": self.presence,
            "passages": self.passages,
        }

    def to_dict(self, top: int = 20) -> dict:
        """Groups, the range guard, and the tables as records; keyness limited to each group's
        ``top`` over-used items per kind (the full table is in :meth:`tables`)."""
        tables = dict(self.tables())
        tables["keyness"] = pd.concat(
            [top_by_group(self.keyness, kind, top) for kind in KEYNESS_KINDS], ignore_index=True
        )
        return {
            "groups": {name: list(ids) for name, ids in self.groups.items()},
            "keyness_min_docs": self.min_docs,
            "passage_measure": PASSAGE_MEASURE,
            **{name: json_records(table) for name, table in tables.items()},
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def compare_many(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    *,
    min_docs: int | None = None,
    threshold: float = 0.5,
    passages: bool = True,
    presence_top: int | None = 40,
    count_words: WordCounter | None = None,
) -> GroupComparison:
    """Compare 2 to 8 groups (``{name: doc_ids}``, e.g. from :func:`select_groups`) each
    against the rest: keyness, entity presence and, with ``passages``, the passages each pair
    shares (the slow part on a large corpus: align on demand with :func:`group_passages`).

    ``min_docs`` is the range guard (default :func:`default_min_docs`); ``threshold`` the
    passage similarity; ``count_words`` see the module's docstring. Raises ``ValueError`` for a
    number of groups outside 2-8 or an empty group, ``KeyError`` for an unknown ``doc_id``.
    """
    groups = {str(name): [str(doc_id) for doc_id in ids] for name, ids in groups.items()}
    if not MIN_GROUPS <= len(groups) <= MAX_GROUPS:
        raise ValueError(f"compare {MIN_GROUPS} to {MAX_GROUPS} groups, not {len(groups)}")
    known = set(as_text(documents["doc_id"]).tolist())
    for name, ids in groups.items():
        if not ids:
            raise ValueError(f"group {name!r} holds no document")
        missing = [doc_id for doc_id in ids if doc_id not in known]
        if missing:
            raise KeyError(f"group {name!r}: no document with doc_id {missing[0]!r}")
    min_docs = default_min_docs(groups) if min_docs is None else min_docs
    return GroupComparison(
        groups=groups,
        min_docs=min_docs,
        summary=group_summary(documents, groups),
        keyness=group_keyness(
            documents, mentions, groups, min_docs=min_docs, count_words=count_words
        ),
        presence=entity_presence(mentions, groups, top=presence_top),
        passages=group_passages(documents, groups, threshold=threshold)
        if passages
        else pd.DataFrame(columns=GROUP_PASSAGE_COLUMNS),
    )
