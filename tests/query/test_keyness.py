"""Keyness: log-likelihood, Log Ratio, document-range guard, counts from words and mentions."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.core.schema import mentions_frame
from analysis.query.keyness import (
    KEYNESS_COLUMNS,
    Counts,
    chi2_pvalue,
    keyness,
    log_likelihood,
    log_ratio,
    mention_counts,
    top_keyness,
    word_counts,
    word_tokens,
)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("NATO's allies", ["nato", "allies"]),
        ("NATO’s allies", ["nato", "allies"]),  # curly apostrophe
        ("air\u00a0defence", ["air", "defence"]),  # NBSP
        ("Indo-Pacific F-16s COVID-19", ["indo-pacific", "f-16s", "covid-19"]),
        ("40 billion euros in 2024, 20.9%", ["billion", "euros", "in"]),  # numbers are not words
        ("They don’t", ["they", "don't"]),
        ("the U.S. and", ["the", "u.s", "and"]),
        ("", []),
    ],
)
def test_word_tokens(text: str, tokens: list[str]) -> None:
    assert word_tokens(text) == tokens


def test_word_tokens_can_drop_stop_words() -> None:
    assert word_tokens("The war in Ukraine has shown", drop_stopwords=True) == [
        "war",
        "ukraine",
        "shown",
    ]


def test_log_likelihood_matches_the_textbook_formula() -> None:
    # 10 in 1,000 words against 5 in 1,000: E = 7.5 each side.
    expected = 2 * (10 * math.log(10 / 7.5) + 5 * math.log(5 / 7.5))
    assert log_likelihood([10], [5], 1000, 1000)[0] == pytest.approx(expected)
    assert log_likelihood([10], [5], 1000, 1000)[0] == pytest.approx(1.6990, abs=1e-4)
    assert log_likelihood([0], [0], 10, 10)[0] == 0.0
    assert log_likelihood([7], [7], 100, 100)[0] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("statistic", "p_value"), [(3.841459, 0.05), (10.827566, 0.001), (15.136705, 0.0001)]
)
def test_p_value_is_the_chi_squared_tail(statistic: float, p_value: float) -> None:
    assert chi2_pvalue([statistic])[0] == pytest.approx(p_value, rel=1e-4)


def test_log_ratio_is_binary_log_of_relative_frequencies_with_half_for_zero() -> None:
    assert log_ratio([20], [10], 1000, 1000)[0] == pytest.approx(1.0)
    assert log_ratio([10], [20], 1000, 2000)[0] == pytest.approx(0.0)
    assert log_ratio([4], [0], 100, 100)[0] == pytest.approx(3.0)  # 4 / 0.5 = 8


def _counts(rows: list[tuple[str, int, int]], total: int, n_docs: int) -> Counts:
    table = pd.DataFrame(rows, columns=["item", "freq", "docs"]).assign(label="")
    return Counts(table[["item", "label", "freq", "docs"]], total=total, n_docs=n_docs)


def test_keyness_table_sides_order_and_values() -> None:
    a = _counts([("putin", 40, 10), ("war", 5, 3), ("the", 100, 10)], total=1000, n_docs=10)
    b = _counts([("war", 50, 9), ("kyiv", 20, 8), ("the", 100, 10)], total=1000, n_docs=10)
    table = keyness(a, b)
    assert list(table.columns) == KEYNESS_COLUMNS
    assert table["item"].tolist() == ["putin", "war", "kyiv", "the"]
    assert table.set_index("item")["side"].to_dict() == {
        "putin": "a",
        "war": "b",
        "kyiv": "b",
        "the": "a",  # a tie counts for A (log ratio 0)
    }
    putin = table.iloc[0]
    assert (putin.freq_a, putin.freq_b, putin.docs_a, putin.docs_b) == (40, 0, 10, 0)
    assert putin.log_likelihood == pytest.approx(2 * 40 * math.log(2))
    assert putin.log_ratio == pytest.approx(math.log2(40 / 0.5))
    assert table.set_index("item").loc["the", "p_value"] == pytest.approx(1.0)


def test_minimum_document_range_guards_the_over_using_side() -> None:
    # "speech" is frequent on A but in one document only: not characteristic of the group.
    a = _counts([("speech", 30, 1), ("sanctions", 12, 6)], total=1000, n_docs=10)
    b = _counts([("sanctions", 1, 1)], total=1000, n_docs=10)
    assert keyness(a, b)["item"].tolist() == ["speech", "sanctions"]
    assert keyness(a, b, min_docs=2)["item"].tolist() == ["sanctions"]
    assert keyness(a, b, min_freq=20)["item"].tolist() == ["speech"]
    assert keyness(a, b, max_p=1e-6)["item"].tolist() == ["speech"]


def test_the_range_guard_asks_no_more_documents_than_a_side_has() -> None:
    one = _counts([("speech", 40, 1)], total=1000, n_docs=1)
    group = _counts([("sanctions", 30, 1), ("talks", 30, 3)], total=1000, n_docs=10)
    assert keyness(one, group, min_docs=2)["item"].tolist() == ["speech", "talks"]
    assert keyness(group, one, min_docs=2)["item"].tolist() == ["speech", "talks"]


def test_word_counts_count_running_words_but_keep_content_words() -> None:
    counts = word_counts(["The war in Ukraine.", "The war, the war!", "Ukraine"])
    assert counts.total == 9
    assert counts.n_docs == 3
    assert counts.table.to_dict("list") == {
        "item": ["war", "ukraine"],
        "label": ["", ""],
        "freq": [3, 2],
        "docs": [2, 2],
    }


def test_mention_counts_use_the_most_frequent_label_and_the_given_size() -> None:
    mentions = mentions_frame(
        [
            ("d1", "entity", "Georgia", "GPE", 0, 7, "Georgia"),
            ("d2", "entity", "Georgia", "GPE", 0, 7, "Georgia"),
            ("d2", "entity", "Georgia", "LOC", 9, 16, "Georgia"),
            ("d2", "entity", "NATO", "ORG", 20, 24, "NATO"),
            ("d2", "keyword", "air defence", "", 30, 41, "air defence"),
        ]
    )
    counts = mention_counts(mentions, "entity", total=500, n_docs=4)
    assert (counts.total, counts.n_docs) == (500, 4)
    assert counts.table.to_dict("list") == {
        "item": ["Georgia", "NATO"],
        "label": ["GPE", "ORG"],
        "freq": [3, 1],
        "docs": [2, 1],
    }
    default = mention_counts(mentions, "keyword")
    assert (default.total, default.n_docs) == (1, 1)
    empty = mention_counts(mentions, "term")
    assert (len(empty.table), empty.total) == (0, 0)


def test_top_keyness_takes_each_side_separately() -> None:
    a = _counts([("a1", 30, 5), ("a2", 20, 5), ("a3", 10, 5)], total=1000, n_docs=5)
    b = _counts([("b1", 25, 5), ("b2", 2, 2)], total=1000, n_docs=5)
    table = keyness(a, b)
    top = top_keyness(table, 2)
    assert top[["item", "side"]].values.tolist() == [
        ["a1", "a"],
        ["a2", "a"],
        ["b1", "b"],
    ]  # b2 is not significant
    by_ratio = top_keyness(table, 1, by="log_ratio")
    assert by_ratio["item"].tolist() == ["a1", "b1"]


def test_seed_keyness_rutte_against_stoltenberg(seed_corpus) -> None:
    documents = seed_corpus.documents
    rutte = documents[documents["doc_id"].str[:3].isin(["000", "001", "002"])]
    stoltenberg = documents[documents["doc_id"].str[:3].isin(["003", "004"])]
    table = keyness(word_counts(rutte["text"]), word_counts(stoltenberg["text"]), min_docs=2)
    top = top_keyness(table, 3)
    assert top[top["side"] == "a"]["item"].tolist() == ["rutte", "billion", "assistance"]
    assert top[top["side"] == "b"]["item"].tolist()[0] == "stoltenberg"
    assert "attack" not in table["item"].tolist()  # three times, but in one document only


def test_mention_counts_ranks_by_frequency_then_name_and_takes_the_most_frequent_label() -> None:
    mentions = mentions_frame(
        [
            ("d1", "entity", "Georgia", "GPE", 0, 7, "Georgia"),
            ("d1", "entity", "Georgia", "PERSON", 8, 15, "Georgia"),
            ("d2", "entity", "Georgia", "PERSON", 0, 7, "Georgia"),
            ("d2", "entity", "Austin", "PERSON", 8, 14, "Austin"),
            ("d2", "entity", "Austin", "GPE", 15, 21, "Austin"),  # a tie: the first label in order
            ("d3", "entity", "Brussels", "GPE", 0, 8, "Brussels"),
            ("d3", "entity", "Brussels", "GPE", 9, 17, "Brussels"),
            ("d3", "keyword", "Brussels", "", 0, 8, "Brussels"),
        ]
    )
    counts = mention_counts(mentions, "entity")
    assert counts.table.values.tolist() == [
        ["Georgia", "PERSON", 3, 2],
        ["Austin", "GPE", 2, 1],
        ["Brussels", "GPE", 2, 1],
    ]
    assert (counts.total, counts.n_docs) == (7, 3)
    assert mention_counts(mentions.iloc[0:0], "entity").table.empty
