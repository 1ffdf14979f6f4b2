"""Keyword in context and the sentence behind each mention."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.schema import mentions_frame
from analysis.extract.sentences import sentence_table
from analysis.extract.terms import term_mentions
from analysis.query.kwic import (
    KWIC_COLUMNS,
    KWIC_EXTRA_COLUMNS,
    kwic,
    left_context,
    right_context,
    sentences_for,
)

TEXT_A = (
    "NATO Defence Ministers met\n\nin Brussels on Thursday. Secretary General Mark Rutte said\n"
    "that air defence remains a priority for the Alliance."
)
TEXT_B = "Air defence first.  Then\u00a0drones."
DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["a", "b"],
        "title": ["Ministers meet", "<b>Drones</b>"],
        "date": ["2024-10-17", ""],
        "date_source": ["text", "none"],
        "source": ["nato", ""],
        "n_words": [25, 5],
        "text": [TEXT_A, TEXT_B],
    }
)
MENTIONS = term_mentions(DOCUMENTS["doc_id"], DOCUMENTS["text"], ["air defence", "Brussels"])


def test_kwic_columns_and_values():
    rows = kwic(MENTIONS, DOCUMENTS, width=30)
    assert list(rows.columns) == KWIC_COLUMNS + KWIC_EXTRA_COLUMNS
    assert rows[["doc_id", "left", "match", "right"]].values.tolist() == [
        ["a", "General Mark Rutte said that", "air defence", "remains a priority for the"],
        ["b", "", "Air defence", "first. Then drones."],  # NBSP and double space flattened
        ["a", "Defence Ministers met in", "Brussels", "on Thursday. Secretary"],  # "ATO" cut
    ]
    assert rows[["title", "date", "term"]].values.tolist() == [
        ["Ministers meet", "2024-10-17", "air defence"],
        ["<b>Drones</b>", "", "air defence"],  # a table cell, not HTML: escaping is the app's
        ["Ministers meet", "2024-10-17", "Brussels"],
    ]
    assert rows[["start", "end"]].values.tolist() == [[92, 103], [0, 11], [31, 39]]
    assert TEXT_A[31:39] == "Brussels"


@pytest.mark.parametrize(
    ("text", "start", "width", "expected"),
    [
        ("one two three four", 14, 6, "three"),  # "two three" cut inside "two": dropped
        ("one two three four", 14, 10, "two three"),  # the window starts at a word
        ("one two three four", 14, 9, "three"),  # "wo three": cut inside "two"
        ("abcdefghij", 10, 4, "ghij"),  # one long word: kept as cut
        ("a\n\nb\tc ", 7, 60, "a b c"),  # white space flattened
        ("x", 0, 60, ""),
    ],
)
def test_left_context(text, start, width, expected):
    assert left_context(text, start, width) == expected


@pytest.mark.parametrize(
    ("text", "end", "width", "expected"),
    [
        ("one two three four", 3, 6, "two"),  # " two th" cut inside "three": dropped
        ("one two three four", 3, 10, "two three"),
        ("one two three four", 3, 60, "two three four"),
        ("abcdefghij", 0, 4, "abcd"),
        ("end.", 4, 60, ""),
    ],
)
def test_right_context(text, end, width, expected):
    assert right_context(text, end, width) == expected


def test_kwic_limit_and_missing_documents():
    orphan = mentions_frame([("zz", "term", "NATO", "", 0, 4, "NATO\nHQ")])
    rows = kwic(pd.concat([MENTIONS, orphan], ignore_index=True), DOCUMENTS, limit=1)
    assert rows["match"].tolist() == ["air defence"]
    rows = kwic(orphan, DOCUMENTS)
    assert rows[["doc_id", "title", "left", "match", "right"]].values.tolist() == [
        ["zz", "", "", "NATO HQ", ""]
    ]


def test_kwic_on_no_mentions():
    rows = kwic(mentions_frame([]), DOCUMENTS)
    assert rows.empty
    assert list(rows.columns) == KWIC_COLUMNS + KWIC_EXTRA_COLUMNS


def test_sentences_for_gives_the_full_sentence():
    sentences = sentence_table(DOCUMENTS["doc_id"], DOCUMENTS["text"])
    rows = sentences_for(MENTIONS, DOCUMENTS, sentences)
    assert rows[["doc_id", "term", "sentence", "sentence_text"]].values.tolist() == [
        ["a", "air defence", 3, "that air defence remains a priority for the Alliance."],
        ["b", "air defence", 0, "Air defence first."],
        ["a", "Brussels", 1, "in Brussels on Thursday."],
    ]
    assert rows[["sentence_start", "sentence_end"]].values.tolist() == [
        [87, 140],
        [0, 18],
        [28, 52],
    ]
    assert list(rows.columns[:7]) == list(MENTIONS.columns)
    assert rows["title"].tolist() == ["Ministers meet", "<b>Drones</b>", "Ministers meet"]


def test_sentences_for_without_sentences():
    rows = sentences_for(MENTIONS, DOCUMENTS, sentence_table([], []))
    assert rows["sentence"].tolist() == [-1, -1, -1]
    assert rows["sentence_text"].tolist() == ["", "", ""]


def test_kwic_on_the_seeds(seed_corpus):
    documents = seed_corpus.documents
    mentions = term_mentions(documents["doc_id"], documents["text"], ["billion euros"])
    rows = kwic(mentions, documents, width=40)
    assert rows[["left", "match", "right"]].values.tolist()[:2] == [
        [
            "deliver on their financial pledge of 40",
            "billion euros",
            "in security assistance to Ukraine, with",
        ],
        ["assistance to Ukraine, with 20.9", "billion euros", "provided in the first half of this"],
    ]
    assert len(rows) == 5
    assert all("\n" not in left + right for left, right in rows[["left", "right"]].values)


def test_categorical_mentions():
    categorical = MENTIONS.astype({"doc_id": "category", "term": "category", "label": "category"})
    assert (
        kwic(categorical, DOCUMENTS)["match"].tolist()
        == kwic(MENTIONS, DOCUMENTS)["match"].tolist()
    )
    sentences = sentence_table(DOCUMENTS["doc_id"], DOCUMENTS["text"])
    assert sentences_for(categorical, DOCUMENTS, sentences)["sentence"].tolist() == [3, 0, 1]
