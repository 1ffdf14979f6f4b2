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
corpus) to replace counting the texts again for every group and every rest.
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
    code_mentions,
    coded_counts,
    keyness,
    rest_counts,
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

    Mentions are factorised once (:func:`~analysis.query.keyness.code_mentions`) and every side
    is counted from that table. When no document is in two groups, words are counted once for all
    groups together and once per group, and each rest's words are the difference
    (:func:`~analysis.query.keyness.rest_counts`); otherwise each rest is counted itself. Both
    give the same table (a test checks it).
    """
    count_words = count_words or text_word_counter(documents)
    min_docs = default_min_docs(groups) if min_docs is None else min_docs
    # Each kind's terms, labels and documents factorised once: every side is then integer work.
    plain = mentions.assign(doc_id=as_text(mentions["doc_id"]))
    coded = {kind: code_mentions(plain, kind) for kind in kinds if kind != "word"}

    def side_counts(ids: Sequence[str], words: Counts | None = None) -> dict[str, Counts]:
        words = count_words(list(ids)) if words is None else words
        chosen = set(ids)
        counts = {"word": words}
        for kind, table in coded.items():
            inside = np.fromiter((doc_id in chosen for doc_id in table.doc_ids), dtype=bool)
            counts[kind] = coded_counts(table, inside, total=words.total, n_docs=words.n_docs)
        return counts

    whole = None
    if _disjoint(groups) and len(groups) > 2:
        whole = side_counts([doc_id for ids in groups.values() for doc_id in ids])
    tables = []
    for name, ids in groups.items():
        rest = rest_of(groups, name)
        if not rest:
            continue
        own = side_counts(ids)
        if whole is not None:
            # The rest's words by subtraction (no second pass over its texts); its mentions are
            # counted directly, which is integer work on the factorised table.
            others = side_counts(rest, words=rest_counts(whole["word"], own["word"]))
        else:
            others = side_counts(rest)
        for kind in kinds:
            result = keyness(own[kind], others[kind], min_docs=min_docs)
            tables.append(result.assign(group=name, kind=kind))
    if not tables:
        return pd.DataFrame(columns=GROUP_KEYNESS_COLUMNS)
    return pd.concat(tables, ignore_index=True)[GROUP_KEYNESS_COLUMNS]


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
    ``None``). Entities are sorted by that total, then name; groups keep their order.
    """
    entities = mentions[mentions["kind"] == "entity"]
    if labels is not None:
        entities = entities[entities["label"].isin(list(labels))]
    pairs = entities.assign(doc_id=as_text(entities["doc_id"]))[["doc_id", "term", "label"]]
    label_of = (
        pairs.groupby(["term", "label"], sort=True)
        .size()
        .reset_index(name="n")
        .sort_values("n", ascending=False, kind="stable")
        .drop_duplicates("term")
        .set_index("term")["label"]
    )
    pairs = pairs.drop_duplicates(["doc_id", "term"])
    parts = []
    for name, ids in groups.items():
        inside = pairs[pairs["doc_id"].isin(set(ids))]
        counts = inside.groupby("term").size()
        parts.append(
            pd.DataFrame(
                {
                    "entity": counts.index,
                    "group": name,
                    "documents": counts.to_numpy(),
                    "group_size": len(ids),
                }
            )
        )
    found = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["entity", "group", "documents", "group_size"])
    )
    totals = found.groupby("entity")["documents"].sum()
    if top is not None:
        totals = totals.nlargest(top, keep="all")  # ties at the cut kept: the name decides below
    ranked = totals.rename_axis("entity").reset_index(name="total")
    ranked = ranked.sort_values(["total", "entity"], ascending=[False, True], kind="stable")
    order = ranked["entity"].tolist()
    if top is not None:
        order = order[:top]
    grid = pd.MultiIndex.from_product([order, list(groups)], names=["entity", "group"])
    matrix = (
        found.set_index(["entity", "group"])["documents"].reindex(grid, fill_value=0).reset_index()
    )
    sizes = {name: len(ids) for name, ids in groups.items()}
    matrix["group_size"] = matrix["group"].map(sizes).astype("int64")
    matrix["documents"] = matrix["documents"].astype("int64")
    matrix["share"] = (
        (matrix["documents"] / matrix["group_size"].where(matrix["group_size"] > 0))
        .fillna(0.0)
        .round(4)
    )
    matrix["label"] = matrix["entity"].map(label_of).fillna("")
    return matrix[PRESENCE_COLUMNS]


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
    ids = as_text(documents["doc_id"])
    rows = []
    for name, members in groups.items():
        inside = documents[ids.isin(set(members))]
        dates = sorted(date for date in as_text(inside["date"]) if date)
        sources = (
            sorted({source for source in as_text(inside["source"]) if source})
            if "source" in inside
            else []
        )
        words = (
            int(pd.to_numeric(inside["n_words"], errors="coerce").fillna(0).sum())
            if "n_words" in inside
            else 0
        )
        rows.append(
            (
                name,
                len(inside),
                words,
                dates[0] if dates else "",
                dates[-1] if dates else "",
                "|".join(sources),
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
