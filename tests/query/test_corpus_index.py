"""The token index: words as word_tokens gives them, offsets into the texts, sentences, hits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.query.corpus_index import (
    HIT_COLUMNS,
    build_index,
    doc_selection,
    documents_index,
    mention_hits,
    phrase_hits,
)
from analysis.query.keyness import word_spans, word_tokens

TEXTS = ["The cat sat. The cat ran.", "A cat’s toy. The end"]


@pytest.fixture
def index():
    return build_index(["d1", "d2"], TEXTS)


@pytest.mark.parametrize(
    "text",
    [
        "NATO's allies",
        "NATO’s allies, U.S. F-16s",
        "İstanbul’s mayor",  # lower-casing lengthens the text
        "2022 and 5.5 but COVID-19",
        "",
        "don't won't it's",
    ],
)
def test_word_spans_give_word_tokens_and_point_into_the_text(text):
    words, starts, ends = word_spans(text)
    assert words == word_tokens(text)
    for word, start, end in zip(words, starts, ends, strict=True):
        assert text[start:end].lower().replace("’", "'") == word or "İ" in text[start:end]


@given(st.text(alphabet=st.sampled_from(list("aZ’'s-.9 \nİ")), max_size=40))
def test_word_spans_agree_with_word_tokens_on_any_text(text):
    words, starts, ends = word_spans(text)
    assert words == word_tokens(text)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))


def test_the_index_holds_every_word_with_its_document_and_sentence(index):
    assert (index.n_docs, index.n_tokens) == (2, 11)
    words = index.vocab.to_numpy()[index.tokens].tolist()
    assert words == ["the", "cat", "sat", "the", "cat", "ran", "a", "cat", "toy", "the", "end"]
    assert index.forms.to_numpy()[index.surface].tolist()[:3] == ["The", "cat", "sat"]
    assert index.bounds.tolist() == [0, 6, 11]
    assert index.doc_sizes().tolist() == [6, 5]
    assert index.doc_of.tolist() == [0] * 6 + [1] * 5
    assert index.sentence_of.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3]
    assert index.stop[index.vocab.get_indexer(["the", "a", "cat"])].tolist() == [True, True, False]
    ranks = index.rank[index.vocab.get_indexer(["a", "cat", "end"])]
    assert ranks.tolist() == sorted(ranks.tolist())


def test_an_analysis_sentence_table_is_used_as_given(index):
    sentences = pd.DataFrame(
        {"doc_id": ["d1", "d2"], "sentence": [0, 0], "start": [0, 0], "end": [25, 20]}
    )
    whole = build_index(["d1", "d2"], TEXTS, sentences)
    assert whole.sentence_of.tolist() == [0] * 6 + [1] * 5


def test_offsets_point_back_into_each_document(index):
    texts = dict(zip(["d1", "d2"], TEXTS, strict=True))
    forms = index.forms.to_numpy()[index.surface]
    for doc, start, end, form in zip(index.doc_of, index.starts, index.ends, forms, strict=True):
        assert texts[index.doc_ids[doc]][start:end].replace("’", "'") == form


def test_phrase_hits_match_word_sequences_within_a_document(index):
    hits = phrase_hits(index, "the cat")
    assert list(hits.columns) == HIT_COLUMNS
    assert hits[["doc_id", "start", "end", "first", "last"]].values.tolist() == [
        ["d1", 0, 7, 0, 2],
        ["d1", 13, 20, 3, 5],
    ]
    assert phrase_hits(index, "THE CAT'S")["first"].tolist() == [0, 3]  # split as the corpus is
    assert len(phrase_hits(index, "cat")) == 3
    assert phrase_hits(index, "ran a").empty  # not across documents
    assert phrase_hits(index, "dog").empty and phrase_hits(index, "").empty
    assert phrase_hits(index, "cat", doc_ids=["d2"])["doc_id"].tolist() == ["d2"]


def test_mention_hits_cover_the_words_inside_each_mention(index):
    mentions = pd.DataFrame(
        {"doc_id": ["d2", "d1", "d9", "d1"], "start": [2, 4, 0, 11], "end": [11, 11, 3, 12]}
    )
    hits = mention_hits(index, mentions)
    # "cat’s toy" (words 7..8), "cat sat" (1..2); d9 is unknown and "." covers no word
    assert hits[["doc_id", "start", "end", "first", "last"]].values.tolist() == [
        ["d2", 2, 11, 7, 9],
        ["d1", 4, 11, 1, 3],
    ]


def test_doc_selection_marks_the_documents_asked_for(index):
    assert doc_selection(index, None).tolist() == [True, True]
    assert doc_selection(index, ["d2", "unknown"]).tolist() == [False, True]


def test_documents_index_reads_a_documents_table():
    documents = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One word", ""]})
    index = documents_index(documents)
    assert index.doc_sizes().tolist() == [2, 0]
    assert np.array_equal(index.bounds, [0, 2, 2])
