"""Overall similarity of two texts or groups: cosine over TF-IDF of word n-grams."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.query.similarity import idf_weights, similarity


def test_same_meeting_scores_clearly_more_similar(texts) -> None:
    same_meeting = similarity(texts["000"], texts["002"])
    other_meeting = similarity(texts["000"], texts["004"])
    assert (same_meeting, other_meeting) == (0.265438, 0.143852)
    assert same_meeting > 1.8 * other_meeting


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("Air defence for Ukraine", "air defence for Ukraine!", 1.0),
        ("Air defence for Ukraine", "Fiscal policy in Japan", 0.0),
        ("", "Anything at all", 0.0),
        ("the of and", "the of and", 0.0),  # stop words only: nothing to compare
    ],
)
def test_similarity_bounds(a: str, b: str, score: float) -> None:
    assert similarity(a, b) == score


def test_similarity_with_corpus_weights_and_groups(texts) -> None:
    weights = idf_weights(texts.values())
    assert similarity(texts["000"], texts["002"], idf=weights) == 0.216776
    assert similarity([texts["000"], texts["001"]], [texts["002"]]) == 0.303677


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(similarity(b, a))
