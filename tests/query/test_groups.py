"""Many groups: a word planted in one of four groups is that group's top word; presence matrix;
passages shared between groups."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.core.schema import mentions_frame
from analysis.query.groups import (
    GROUP_KEYNESS_COLUMNS,
    GROUP_PASSAGE_COLUMNS,
    PRESENCE_COLUMNS,
    compare_many,
    default_min_docs,
    entity_presence,
    group_keyness,
    passage_counts,
    rest_of,
    select_groups,
    text_word_counter,
    top_by_group,
)
from analysis.query.keyness import keyness, mention_counts, word_counts

FILLER = [
    "The council met on Monday to discuss the budget for schools and roads.",
    "Residents asked about parking, bus routes and the new library hours.",
    "The mayor said the plan would be published after the summer break.",
]
SHARED = "The regional transport authority confirmed that all night buses will run again from May."
SOURCES = ["North", "South", "East", "West"]


@pytest.fixture(scope="module")
def corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four sources of three articles each. East's articles all speak of a zeppelin; North's
    first and South's second carry the same transport sentence; Oslo is in every North article
    and one East article."""
    rows, mentions = [], []
    for s, source in enumerate(SOURCES):
        for n in range(3):
            doc_id = f"{source.lower()}{n}"
            text = " ".join(FILLER[(n + k) % 3] for k in range(3))
            if source == "East":
                text += " A zeppelin flew over the harbour and the zeppelin crew waved."
            if (source, n) in (("North", 0), ("South", 1)):
                text += " " + SHARED
            if source == "North" or (source == "East" and n == 0):
                text += " Oslo sent a delegation."
                start = text.index("Oslo")
                mentions.append((doc_id, "entity", "Oslo", "GPE", start, start + 4, "Oslo"))
            mentions.append((doc_id, "keyword", "budget", "", 0, 0, "budget"))
            rows.append(
                (doc_id, f"{source} {n}", f"2024-0{s + 1}-1{n}", source, len(text.split()), text)
            )
    documents = pd.DataFrame(rows, columns=["doc_id", "title", "date", "source", "n_words", "text"])
    return documents, mentions_frame(mentions)


@pytest.fixture(scope="module")
def groups(corpus) -> dict[str, list[str]]:
    return select_groups(corpus[0], [f"source={source}" for source in SOURCES])


def test_select_groups_by_source_and_dates(corpus, groups) -> None:
    assert groups["source=East"] == ["east0", "east1", "east2"]
    by_date = select_groups(corpus[0], ["from=2024-01-01,to=2024-02-28", "from=2024-03-01"])
    assert [len(ids) for ids in by_date.values()] == [6, 6]


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        (["source=North"], "2 to 8 groups"),
        ([f"source=S{i}" for i in range(9)], "2 to 8 groups"),
        (["source=North", "source=North"], "once"),
        (["source=North", "source=Nowhere"], "picks no document"),
        (["source=North", "colour=red"], "cannot read"),
    ],
)
def test_select_groups_refuses(corpus, specs, message) -> None:
    with pytest.raises(ValueError, match=message):
        select_groups(corpus[0], specs)


def test_planted_word_is_the_top_word_of_its_group(corpus, groups) -> None:
    documents, mentions = corpus
    table = group_keyness(documents, mentions, groups)
    assert list(table.columns) == GROUP_KEYNESS_COLUMNS
    top = top_by_group(table, "word", 3)
    east = top[top["group"] == "source=East"]
    assert east.iloc[0][["item", "freq_a", "freq_b", "docs_a", "docs_b"]].tolist() == [
        "zeppelin",
        6,
        0,
        3,
        0,
    ]
    # No other group has a word it over-uses significantly: they are the same filler.
    assert set(top["group"]) == {"source=East", "source=North"}
    north = top_by_group(table, "entity", 3)
    assert north[["group", "item", "docs_a", "docs_b"]].values.tolist() == [
        ["source=North", "Oslo", 3, 1]
    ]


def test_one_vs_rest_leaves_out_the_documents_a_group_shares(corpus) -> None:
    overlapping = {"a": ["north0", "north1"], "b": ["north1", "south0"], "c": ["east0"]}
    assert rest_of(overlapping, "a") == ["south0", "east0"]
    assert rest_of(overlapping, "b") == ["north0", "east0"]


def test_word_counts_through_the_counter_are_word_counts(corpus, groups) -> None:
    documents, _ = corpus
    counter = text_word_counter(documents)
    ids = groups["source=East"]
    texts = documents.set_index("doc_id").loc[ids, "text"]
    expected = word_counts(texts)
    got = counter(ids)
    pd.testing.assert_frame_equal(got.table, expected.table)
    assert (got.total, got.n_docs) == (expected.total, expected.n_docs)


def test_entity_presence_matrix(corpus, groups) -> None:
    presence = entity_presence(corpus[1], groups)
    assert list(presence.columns) == PRESENCE_COLUMNS
    assert presence[["entity", "group", "documents", "share"]].values.tolist() == [
        ["Oslo", "source=North", 3, 1.0],
        ["Oslo", "source=South", 0, 0.0],
        ["Oslo", "source=East", 1, 0.3333],
        ["Oslo", "source=West", 0, 0.0],
    ]
    assert set(presence["label"]) == {"GPE"}
    assert entity_presence(corpus[1], groups, labels=["PERSON"]).empty


def test_shared_passages_between_groups(corpus, groups) -> None:
    documents, mentions = corpus
    result = compare_many(documents, mentions, groups)
    passages = result.passages
    assert list(passages.columns) == GROUP_PASSAGE_COLUMNS
    shared = passages[passages["text_a"] == SHARED]
    assert shared[["group_a", "group_b", "doc_a", "doc_b", "match"]].values.tolist() == [
        ["source=North", "source=South", "north0", "south1", "exact"]
    ]
    counts = passage_counts(passages, list(groups))
    assert counts.loc["source=North", "source=South"] == counts.loc["source=South", "source=North"]
    assert result.min_docs == default_min_docs(groups) == 2
    assert result.summary["n_documents"].tolist() == [3, 3, 3, 3]


def test_comparison_as_json(corpus, groups) -> None:
    documents, mentions = corpus
    result = compare_many(documents, mentions, groups, passages=False)
    data = json.loads(result.to_json())
    assert list(data["groups"]) == list(groups)
    assert data["passages"] == []
    assert {row["group"] for row in data["keyness"]} == {"source=East", "source=North"}
    assert set(result.tables()) == {"summary", "keyness", "presence", "passages"}


def test_compare_many_refuses_bad_groups(corpus) -> None:
    documents, mentions = corpus
    with pytest.raises(ValueError, match="2 to 8"):
        compare_many(documents, mentions, {"a": ["north0"]})
    with pytest.raises(ValueError, match="holds no document"):
        compare_many(documents, mentions, {"a": ["north0"], "b": []})
    with pytest.raises(KeyError, match="nope"):
        compare_many(documents, mentions, {"a": ["north0"], "b": ["nope"]})


@pytest.mark.parametrize("kind", ["word", "keyword", "entity"])
def test_rest_by_subtraction_is_the_rest_counted_itself(corpus, groups, kind) -> None:
    """Disjoint groups take each rest as everything minus the group; the reference counts the
    rest's own texts and mentions."""
    documents, mentions = corpus
    table = group_keyness(documents, mentions, groups, min_docs=1)
    texts = documents.set_index("doc_id")["text"]
    for name, ids in groups.items():
        rest = rest_of(groups, name)
        words_a, words_b = word_counts(texts[ids]), word_counts(texts[rest])
        if kind == "word":
            side_a, side_b = words_a, words_b
        else:
            side_a, side_b = (
                mention_counts(
                    mentions[mentions["doc_id"].isin(side)], kind, total=w.total, n_docs=w.n_docs
                )
                for side, w in ((ids, words_a), (rest, words_b))
            )
        expected = keyness(side_a, side_b, min_docs=1)
        got = table[(table["group"] == name) & (table["kind"] == kind)]
        pd.testing.assert_frame_equal(
            got.drop(columns=["group", "kind"]).reset_index(drop=True),
            expected.reset_index(drop=True),
        )
