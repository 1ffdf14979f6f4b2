"""A group comparison is its definition, however it is computed.

:func:`group_keyness` numbers each kind's items once and counts every side on those numbers;
:func:`entity_presence` counts (document, entity) pairs. Here each is set against the plain
reading: every group and its rest counted on their own with the two-side functions
(:func:`word_counts` or :func:`index_word_counts`, :func:`mention_counts`, :func:`keyness`), and
the presence matrix made of pandas group-bys. On a constructed corpus (entities with two labels,
label ties, accented and capitalised words, documents without words or mentions) and on the
seeds; for disjoint, overlapping and nested groups and both word counters.
"""

from __future__ import annotations

import random
from functools import partial

import numpy as np
import pandas as pd
import pytest

from analysis.core.schema import mentions_frame
from analysis.query.corpus_index import build_index, documents_index
from analysis.query.groups import (
    GROUP_KEYNESS_COLUMNS,
    PRESENCE_COLUMNS,
    compare_many,
    entity_presence,
    group_keyness,
    rest_of,
    text_word_counter,
)
from analysis.query.keyness import alphabetical_rank, keyness, mention_counts, word_counts
from analysis.query.words import index_word_counts

WORDS = "alpha beta Gamma gamma delta the of zeppelin Éclair eclair über zz aa F-16 NATO's nato"
ENTITIES = [
    ("Oslo", "GPE"),
    ("Oslo", "LOC"),  # Oslo is GPE or LOC: its label depends on the side
    ("NATO", "ORG"),
    ("Anna", "PERSON"),
    ("Anna", "MISC"),
    ("Bergen", "GPE"),
    ("Ålesund", "GPE"),
]
GROUPINGS = ["two", "four", "overlapping", "nested"]


@pytest.fixture(scope="module")
def constructed() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """24 documents of random words and mentions (seeded), two of them empty."""
    rng = random.Random(21)
    words = WORDS.split()
    rows, mentions = [], []
    for number in range(24):
        doc_id = f"doc{number:02d}"
        length = 0 if number in (5, 17) else rng.randint(3, 40)
        text = " ".join(rng.choice(words) for _ in range(length))
        rows.append((doc_id, f"2024-01-{number + 1:02d}", rng.choice(["A", "B"]), text))
        for _ in range(rng.randint(0, 6) if length else 0):
            term, label = rng.choice(ENTITIES)
            mentions.append((doc_id, "entity", term, label, 0, len(term), term))
        for _ in range(rng.randint(0, 3) if length else 0):
            keyword = rng.choice(["budget", "war", "peace", "Zeppelin"])
            mentions.append((doc_id, "keyword", keyword, "", 0, len(keyword), keyword))
    documents = pd.DataFrame(rows, columns=["doc_id", "date", "source", "text"])
    documents["n_words"] = documents["text"].str.split().str.len()
    return documents, mentions_frame(mentions), None


@pytest.fixture(scope="module")
def seeds(seed_analysis) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    return seed_analysis.documents, seed_analysis.mentions, seed_analysis.sentences


def groupings(doc_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """Groups of the documents by position: disjoint (two, four), overlapping and nested."""
    n = len(doc_ids)
    quarter = max(n // 4, 1)
    return {
        "two": {"first": doc_ids[: n // 2], "second": doc_ids[n // 2 :]},
        "four": {f"q{i}": doc_ids[i * quarter : (i + 1) * quarter] for i in range(4)},
        "overlapping": {
            "a": doc_ids[: n // 2 + 1],
            "b": doc_ids[n // 2 - 1 :],
            "c": doc_ids[::3],
        },
        "nested": {"all": doc_ids, "some": doc_ids[: n // 2], "few": doc_ids[:1]},
    }


def reference_keyness(documents, mentions, groups, count_words, min_docs) -> pd.DataFrame:
    """Each group and its rest counted on their own, then :func:`keyness` of the two."""
    tables = []
    for name, ids in groups.items():
        rest = rest_of(groups, name)
        if not rest:
            continue
        sides = [(list(ids), count_words(list(ids))), (rest, count_words(rest))]
        for kind in ("word", "keyword", "entity"):
            if kind == "word":
                side_a, side_b = (words for _, words in sides)
            else:
                side_a, side_b = (
                    mention_counts(
                        mentions[mentions["doc_id"].isin(set(members))],
                        kind,
                        total=words.total,
                        n_docs=words.n_docs,
                    )
                    for members, words in sides
                )
            table = keyness(side_a, side_b, min_docs=min_docs)
            tables.append(table.assign(group=name, kind=kind))
    return pd.concat(tables, ignore_index=True)[GROUP_KEYNESS_COLUMNS]


def reference_presence(mentions, groups, top) -> pd.DataFrame:
    """The presence matrix by pandas group-bys over (document, entity) pairs."""
    entities = mentions[mentions["kind"] == "entity"]
    label_of = (
        entities.groupby(["term", "label"])
        .size()
        .reset_index(name="n")
        # most frequent label first; ties keep the group-by's order (labels sorted)
        .sort_values("n", ascending=False, kind="stable")
        .drop_duplicates("term")
        .set_index("term")["label"]
    )
    pairs = entities.drop_duplicates(["doc_id", "term"])
    counts = pd.DataFrame(
        {
            name: pairs[pairs["doc_id"].isin(set(ids))].groupby("term").size()
            for name, ids in groups.items()
        }
    ).fillna(0)
    totals = counts.sum(axis=1)
    order = sorted(totals[totals > 0].index, key=lambda entity: (-totals[entity], entity))
    rows = [
        (
            entity,
            label_of.get(entity, ""),
            name,
            int(counts.loc[entity, name]),
            len(ids),
            round(counts.loc[entity, name] / len(ids), 4),
        )
        for entity in order[:top]
        for name, ids in groups.items()
    ]
    table = pd.DataFrame(rows, columns=PRESENCE_COLUMNS)
    return table.astype({"documents": "int64", "group_size": "int64", "share": "float64"})


def counters(documents, sentences) -> dict:
    index = documents_index(documents, sentences)
    return {
        "text": text_word_counter(documents),
        "index": partial(index_word_counts, index),
    }


@pytest.mark.parametrize("corpus_name", ["constructed", "seeds"])
@pytest.mark.parametrize("grouping", GROUPINGS)
@pytest.mark.parametrize("counter", ["text", "index"])
def test_group_keyness_is_each_group_against_its_rest_counted_alone(
    request, corpus_name, grouping, counter
) -> None:
    documents, mentions, sentences = request.getfixturevalue(corpus_name)
    groups = groupings(sorted(documents["doc_id"].astype(str)))[grouping]
    count_words = counters(documents, sentences)[counter]
    for min_docs in (1, 2, 3):
        got = group_keyness(documents, mentions, groups, min_docs=min_docs, count_words=count_words)
        expected = reference_keyness(documents, mentions, groups, count_words, min_docs)
        assert len(got) > 0
        pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("corpus_name", ["constructed", "seeds"])
@pytest.mark.parametrize("grouping", GROUPINGS)
@pytest.mark.parametrize("top", [None, 1, 3, 40])
def test_entity_presence_is_the_group_by_matrix(request, corpus_name, grouping, top) -> None:
    documents, mentions, _ = request.getfixturevalue(corpus_name)
    groups = groupings(sorted(documents["doc_id"].astype(str)))[grouping]
    got = entity_presence(mentions, groups, top=top)
    expected = reference_presence(mentions, groups, top)
    assert len(got) > 0
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert (
        got.dtypes.to_dict() == entity_presence(mentions, groups, labels=["NONE"]).dtypes.to_dict()
    )


def test_presence_label_is_the_most_frequent_one_ties_to_the_first_in_order() -> None:
    mentions = mentions_frame(
        [
            ("d1", "entity", "Oslo", "LOC", 0, 4, "Oslo"),
            ("d1", "entity", "Oslo", "GPE", 5, 9, "Oslo"),  # a tie: GPE sorts first
            ("d2", "entity", "Anna", "MISC", 0, 4, "Anna"),
            ("d2", "entity", "Anna", "PERSON", 5, 9, "Anna"),
            ("d3", "entity", "Anna", "PERSON", 0, 4, "Anna"),
        ]
    )
    presence = entity_presence(mentions, {"x": ["d1", "d2"], "y": ["d3"]})
    assert presence[["entity", "label", "group", "documents"]].values.tolist() == [
        ["Anna", "PERSON", "x", 1],
        ["Anna", "PERSON", "y", 1],
        ["Oslo", "GPE", "x", 1],
        ["Oslo", "GPE", "y", 0],
    ]


def test_the_comparison_counts_the_words_of_each_group_once_when_groups_are_disjoint(
    constructed,
) -> None:
    """Disjoint groups: the counter is asked for each group only (each rest is the sum of the
    others); overlapping groups: for each group and each rest."""
    documents, mentions, _ = constructed
    counter = text_word_counter(documents)
    asked: list[list[str]] = []

    def counting(ids):
        asked.append(list(ids))
        return counter(ids)

    ids = sorted(documents["doc_id"])
    for grouping, calls in (("four", 4), ("two", 2), ("overlapping", 6)):
        asked.clear()
        groups = groupings(ids)[grouping]
        compare_many(documents, mentions, groups, passages=False, count_words=counting)
        assert len(asked) == calls


def test_alphabetical_rank_is_the_order_python_sorts_strings_in() -> None:
    items = np.asarray(["zeppelin", "Éclair", "eclair", "Zeppelin", "über", "a-b", "a b", ""])
    rank = alphabetical_rank(items.astype(object))
    assert [items[i] for i in np.argsort(rank)] == sorted(items.tolist())
    assert alphabetical_rank(np.asarray([3, 1, 2], dtype=object)).tolist() == [2, 0, 1]


def test_index_word_counts_keep_their_options_apart() -> None:
    """Word pairs are kept per index and per options: asking with other options after the
    defaults gives those options' counts."""
    texts = ["The cat sat on a mat.", "A cat, a hat; the end", ""]
    index = build_index(["d1", "d2", "d3"], texts)
    for options in ({}, {"drop_stopwords": False, "min_length": 1}, {"min_length": 3}, {}):
        fast, plain = (
            index_word_counts(index, ["d2", "d3"], **options),
            word_counts(texts[1:], **options),
        )
        pd.testing.assert_frame_equal(fast.table, plain.table, check_dtype=False)
        assert (fast.total, fast.n_docs) == (plain.total, plain.n_docs)
