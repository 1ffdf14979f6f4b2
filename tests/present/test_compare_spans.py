"""Highlight spans of a comparison: shared terms, terms of one side, reused sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.schema import mentions_frame
from analysis.present.compare_spans import comparison_spans, mark_reused
from analysis.query.compare import (
    compare_sets,
)


def test_comparison_spans_classes_and_overlaps() -> None:
    text = "NATO Defence Ministers met in Brussels."
    mentions = mentions_frame(
        [
            ("a", "entity", "NATO", "ORG", 0, 4, "NATO"),
            ("a", "keyword", "NATO Defence Ministers", "", 0, 22, "NATO Defence Ministers"),
            ("a", "entity", "Brussels", "GPE", 30, 38, "Brussels"),
        ]
    )
    other = mentions_frame([("b", "entity", "NATO", "ORG", 0, 4, "NATO")])
    sets = pd.concat(
        [compare_sets(mentions, other, "entity"), compare_sets(mentions, other, "keyword")]
    )
    spans = comparison_spans(text, mentions, sets, side="a")
    assert spans == [
        (0, 22, "only-a", "NATO Defence Ministers, keyword: A 1, B 0"),  # longer span wins
        (30, 38, "only-a", "Brussels (GPE), entity: A 1, B 0"),
    ]
    assert comparison_spans("NATO met.", other, sets, side="b") == [
        (0, 4, "shared", "NATO (ORG), entity: A 1, B 1")
    ]
    with pytest.raises(ValueError, match="side"):
        comparison_spans(text, mentions, sets, side="c")


def test_comparison_spans_find_keywords_the_text_has_without_a_mention() -> None:
    text_a, text_b = "More air defence.", "Air defence and drones."
    mentions_a = mentions_frame([("a", "keyword", "air defence", "", 5, 16, "air defence")])
    mentions_b = mentions_frame([])
    sets = compare_sets(mentions_a, mentions_b, "keyword", text_a=text_a, text_b=text_b)
    assert comparison_spans(text_b, mentions_b, sets, side="b") == [
        (0, 11, "shared", "air defence, keyword: A 1, B 1")
    ]


def test_mark_reused_keeps_the_terms_inside_a_reused_sentence() -> None:
    text = "NATO met. Ministers of NATO met Ukraine today. Bye."
    spans = [
        (0, 4, "shared", "NATO"),
        (23, 27, "shared", "NATO"),
        (32, 39, "only-a", "Ukraine"),
    ]
    reused = [(10, 46, "reused", "near match (0.80) with b")]
    assert text[10:46] == "Ministers of NATO met Ukraine today."
    assert mark_reused(spans, reused) == [
        (0, 4, "shared", "NATO"),  # outside: unchanged
        (10, 23, "reused", "near match (0.80) with b"),
        (23, 27, "shared reused", "NATO; near match (0.80) with b"),
        (27, 32, "reused", "near match (0.80) with b"),
        (32, 39, "only-a reused", "Ukraine; near match (0.80) with b"),
        (39, 46, "reused", "near match (0.80) with b"),
    ]
    assert mark_reused(spans, []) == spans
    assert mark_reused([], reused) == reused
