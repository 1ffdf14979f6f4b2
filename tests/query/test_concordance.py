"""Sorted, paged concordances over the token index (the KWIC rows themselves: test_kwic.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.query.corpus_index import build_index, phrase_hits
from analysis.query.kwic import (
    CONTEXT_KEYS,
    concordance,
    context_words,
    page_count,
    page_of,
    parse_sort,
    sort_hits,
)

DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["d1", "d2"],
        "title": ["One", "Two"],
        "date": ["2024-01-01", ""],
        "text": ["zeta oil price rose. The oil glut", "cheap oil, beta oil price"],
    }
)


@pytest.fixture
def index():
    return build_index(DOCUMENTS["doc_id"], DOCUMENTS["text"])


def test_context_words_stop_at_the_document_edges(index):
    hits = phrase_hits(index, "oil")
    words = context_words(index, hits)
    assert list(words.columns) == CONTEXT_KEYS
    assert words.values.tolist() == [
        ["", "", "zeta", "price", "rose", "the"],
        ["price", "rose", "the", "glut", "", ""],
        ["", "", "cheap", "beta", "oil", "price"],
        ["cheap", "oil", "beta", "price", "", ""],
    ]


def test_sorting_by_right_then_left_words_empty_first(index):
    hits = phrase_hits(index, "oil")
    by_r1 = sort_hits(index, hits, ["R1"])
    assert context_words(index, by_r1)["R1"].tolist() == ["beta", "glut", "price", "price"]
    assert by_r1["first"].tolist() == [8, 5, 1, 10]  # the two "price" in corpus order
    by_l1 = sort_hits(index, hits, ["L1", "R2"])
    assert context_words(index, by_l1)["L1"].tolist() == ["beta", "cheap", "the", "zeta"]
    assert sort_hits(index, hits, [])["first"].tolist() == [1, 5, 8, 10]
    by_l3 = sort_hits(index, hits, ["L3"])  # two hits have no third word to their left: first
    assert context_words(index, by_l3)["L3"].tolist() == ["", "", "cheap", "price"]


def test_parse_sort_keys():
    assert parse_sort(" r1, R2 ") == ["R1", "R2"]
    assert parse_sort("") == []
    with pytest.raises(ValueError, match="R4"):
        parse_sort("R4")


def test_pages():
    frame = pd.DataFrame({"n": range(7)})
    assert page_count(7, 3) == 3 and page_count(0, 3) == 1
    assert page_of(frame, 3, 3)["n"].tolist() == [6]
    assert page_of(frame, 4, 3).empty


def test_a_concordance_page_holds_kwic_rows_and_sort_words(index):
    rows = concordance(
        index,
        phrase_hits(index, "oil"),
        DOCUMENTS,
        sort=["R1"],
        page=1,
        page_size=2,
        width=12,
        term="oil",
    )
    assert rows[["doc_id", "left", "match", "right", "R1"]].values.tolist() == [
        ["d2", "cheap", "oil", ", beta oil", "beta"],
        ["d1", "rose. The", "oil", "glut", "glut"],
    ]
    assert rows["title"].tolist() == ["Two", "One"] and set(rows["term"]) == {"oil"}
