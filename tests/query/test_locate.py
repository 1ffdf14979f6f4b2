"""Placing mentions in sentences, and finding the mentions behind a clicked point."""

from __future__ import annotations

import pytest

from analysis.core.schema import NONE_VALUE
from analysis.query.locate import assign_sentences, mentions_at
from tests.query.small_corpus import (
    DOCUMENTS,
    MENTIONS,
    SENTENCES,
    as_records,
)


def test_mentions_at_a_term_and_date():
    point = {"kind": "entity", "term": "NATO", "label": "ORG", "date": "2024-10-17", "doc_id": ""}
    assert as_records(mentions_at(MENTIONS, DOCUMENTS, point), ["doc_id", "start"]) == [
        ("a", 0),
        ("a", 70),
    ]


def test_mentions_at_a_source_and_no_date():
    point = {"source": "blog", "date": NONE_VALUE}
    assert mentions_at(MENTIONS, DOCUMENTS, point)["term"].tolist() == ["Ukraine"]
    assert mentions_at(MENTIONS, DOCUMENTS, {"date": "2024-10", "term": "Rutte"}, period="month")[
        "doc_id"
    ].tolist() == ["a", "b"]


def test_mentions_at_an_edge_returns_both_entities_in_shared_sentences():
    point = {
        "kind": "entity",
        "term": "Rutte",
        "label": "PERSON",
        "other_term": "Ukraine",
        "other_label": "GPE",
    }
    found = mentions_at(MENTIONS, DOCUMENTS, point, sentences=SENTENCES)
    # "Rutte said Ukraine needs air defence." shares a sentence; "Rutte visited Kyiv." does not.
    assert as_records(found, ["doc_id", "surface", "start"]) == [
        ("a", "Rutte", 32),
        ("a", "Ukraine", 43),
    ]
    with pytest.raises(ValueError):
        mentions_at(MENTIONS, DOCUMENTS, point)


def test_assign_sentences_keeps_order_and_index():
    located = assign_sentences(MENTIONS, SENTENCES)
    assert located.index.equals(MENTIONS.index)
    assert as_records(located[located["doc_id"] == "a"], ["term", "sentence"]) == [
        ("NATO", 0),
        ("ministers", 0),
        ("Brussels", 0),
        ("Rutte", 1),
        ("Ukraine", 1),
        ("air defence", 1),
        ("NATO", 2),
    ]
    assert assign_sentences(MENTIONS, SENTENCES.iloc[0:0])["sentence"].eq(-1).all()
