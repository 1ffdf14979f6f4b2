"""Word and n-gram lists, counted by hand on small texts and checked against a plain count."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.sentences import split_sentences
from analysis.query.corpus_index import build_index
from analysis.query.keyness import word_counts, word_tokens
from analysis.query.words import WORD_LIST_COLUMNS, index_word_counts, word_list

TEXTS = ["The cat sat. The cat ran.", "A cat. The end"]


@pytest.fixture
def index():
    return build_index(["d1", "d2"], TEXTS)


def rows(table: pd.DataFrame) -> list[list]:
    return table[["term", "frequency", "documents"]].values.tolist()


def test_a_word_list_counts_frequency_range_and_rate(index):
    table = word_list(index)
    assert list(table.columns) == WORD_LIST_COLUMNS
    assert rows(table) == [
        ["cat", 3, 2],
        ["the", 3, 2],
        ["a", 1, 1],
        ["end", 1, 1],
        ["ran", 1, 1],
        ["sat", 1, 1],
    ]
    assert table["per_1k_words"].tolist()[:3] == [300.0, 300.0, 100.0]  # of 10 running words
    assert set(table["n"]) == {1}


def test_bigrams_stay_within_a_sentence(index):
    # "sat the" and "cat the" cross a full stop
    assert rows(word_list(index, n=2)) == [
        ["the cat", 2, 1],
        ["a cat", 1, 1],
        ["cat ran", 1, 1],
        ["cat sat", 1, 1],
        ["the end", 1, 1],
    ]


def test_stop_words_leave_words_and_ngrams_that_begin_or_end_with_one(index):
    assert word_list(index, drop_stopwords=True)["term"].tolist() == ["cat", "end", "ran", "sat"]
    assert word_list(index, n=2, drop_stopwords=True)["term"].tolist() == ["cat ran", "cat sat"]
    three = build_index(["x"], ["The minister of defence said"])
    assert word_list(three, n=3, drop_stopwords=True)["term"].tolist() == ["minister of defence"]


def test_case_folding_can_be_turned_off():
    index = build_index(["x"], ["US troops told us. US aid"])
    assert rows(word_list(index))[:1] == [["us", 3, 1]]
    kept = word_list(index, case_fold=False)
    assert rows(kept)[:2] == [["US", 2, 1], ["aid", 1, 1]]
    assert "us" in kept["term"].tolist()


def test_a_selection_counts_only_its_documents_and_rates_by_their_words(index):
    table = word_list(index, ["d2"])
    assert rows(table) == [["a", 1, 1], ["cat", 1, 1], ["end", 1, 1], ["the", 1, 1]]
    assert table["per_1k_words"].tolist() == [250.0] * 4  # of 4 running words


def test_min_freq_and_longer_ngrams(index):
    assert rows(word_list(index, min_freq=2)) == [["cat", 3, 2], ["the", 3, 2]]
    assert rows(word_list(index, n=3)) == [["the cat ran", 1, 1], ["the cat sat", 1, 1]]
    assert word_list(index, n=5).empty
    with pytest.raises(ValueError, match="1 to 5"):
        word_list(index, n=6)


def test_an_empty_corpus_gives_an_empty_list():
    index = build_index(["x"], [""])
    assert word_list(index).empty and word_list(index, n=2).empty


def plain_ngrams(texts: list[str], n: int) -> Counter:
    """The reference: split each text into sentences, each sentence into words, count n-grams."""
    counts: Counter = Counter()
    for text in texts:
        for start, end in split_sentences(text):
            words = word_tokens(text[start:end])
            counts.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return counts


WORDS = st.sampled_from(["a", "B", "cat", "the", "Cat", "x-1", "U.S.", "it's", ".", "\n", "!"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(WORDS, max_size=12).map(" ".join), min_size=1, max_size=4), st.integers(1, 4)
)
def test_the_vectorised_list_is_a_plain_count(texts, n):
    index = build_index([str(i) for i in range(len(texts))], texts)
    table = word_list(index, n=n)
    assert dict(zip(table["term"], table["frequency"], strict=True)) == dict(plain_ngrams(texts, n))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(WORDS, max_size=12).map(" ".join), min_size=1, max_size=4))
def test_index_word_counts_are_word_counts(texts):
    index = build_index([str(i) for i in range(len(texts))], texts)
    fast, plain = index_word_counts(index), word_counts(texts)
    pd.testing.assert_frame_equal(fast.table, plain.table, check_dtype=False)
    assert (fast.total, fast.n_docs) == (plain.total, plain.n_docs)


def test_index_word_counts_of_a_selection_on_the_seeds(seed_corpus):
    documents = seed_corpus.documents
    index = build_index(documents["doc_id"], documents["text"])
    chosen = documents["doc_id"].tolist()[:2]
    fast = index_word_counts(index, chosen)
    plain = word_counts(documents["text"].tolist()[:2])
    pd.testing.assert_frame_equal(fast.table, plain.table, check_dtype=False)
    assert (fast.total, fast.n_docs) == (plain.total, 2)


def test_running_words_are_the_base_of_the_rate_per_1000() -> None:
    from analysis import analyze, load_corpus
    from analysis.query.corpus_index import documents_index
    from analysis.query.words import running_words, word_list
    from tests.conftest import SEEDS

    result = analyze(load_corpus(SEEDS))
    index = documents_index(result.documents, result.sentences)
    total = running_words(index)
    table = word_list(index)
    row = table.iloc[0]
    assert row["per_1k_words"] == row["frequency"] * 1000.0 / total
    first = [str(result.documents["doc_id"].iloc[0])]
    assert 0 < running_words(index, first) < total
