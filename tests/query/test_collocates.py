"""Collocates: window counts and the four measures, computed by hand on a nine-word corpus."""

from __future__ import annotations

import math

import pytest

from analysis.query.collocates import (
    COLLOCATE_COLUMNS,
    collocates,
    log_dice,
    log_likelihood,
    mutual_information,
    t_score,
)
from analysis.query.corpus_index import build_index, phrase_hits

# d1: x y z x w   d2: y q q q   -> N = 9 words; "x" at words 0 and 3 of d1.
# Window 1 1: hit 0 has no left neighbour (document edge) and y on its right; hit 1 has z on its
# left and w on its right. W = 3 words in windows.
TEXTS = ["x y z x w", "y q q q"]


@pytest.fixture
def index():
    return build_index(["d1", "d2"], TEXTS)


def table(index, measure, **options):
    result = collocates(
        index, phrase_hits(index, "x"), left=1, right=1, measure=measure, min_freq=1, **options
    )
    assert list(result.columns) == COLLOCATE_COLUMNS
    return result.set_index("collocate")


def g2(cells):
    """Dunning's G² from (observed, expected) pairs, written out."""
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


def test_counts_in_the_windows(index):
    result = table(index, "ll")
    assert result[["frequency", "pair_frequency", "documents", "left", "right"]].loc[
        ["y", "z", "w"]
    ].values.tolist() == [[2, 1, 1, 0, 1], [1, 1, 1, 1, 0], [1, 1, 1, 0, 1]]
    assert "q" not in result.index and "x" not in result.index


def test_log_likelihood_of_a_pair_seen_once(index):
    # y: O11 = 1, O12 = W - 1 = 2, O21 = 2 - 1 = 1, O22 = 9 - 3 - 1 = 5
    # E11 = 3*2/9, E12 = 3*7/9, E21 = 6*2/9, E22 = 6*7/9
    expected = g2([(1, 2 / 3), (2, 7 / 3), (1, 4 / 3), (5, 14 / 3)])
    assert table(index, "ll").loc["y", "score"] == pytest.approx(expected)


def test_log_likelihood_of_a_collocate_never_outside_the_windows(index):
    # z: O11 = 1, O12 = 2, O21 = 0 (absent from the rest: 0 ln 0 = 0), O22 = 6
    expected = g2([(1, 1 / 3), (2, 8 / 3), (0, 2 / 3), (6, 16 / 3)])
    assert expected == pytest.approx(2.4598927, abs=1e-6)
    assert table(index, "ll").loc["z", "score"] == pytest.approx(expected)


def test_mi_t_score_and_logdice(index):
    mi, t, dice = table(index, "mi"), table(index, "t"), table(index, "logdice")
    assert mi.loc["y", "score"] == pytest.approx(math.log2(1 / (2 / 3)))  # log2 1.5
    assert mi.loc["z", "score"] == pytest.approx(math.log2(3))
    assert t.loc["y", "score"] == pytest.approx((1 - 2 / 3) / 1)
    assert t.loc["z", "score"] == pytest.approx(1 - 1 / 3)
    assert dice.loc["y", "score"] == pytest.approx(14 + math.log2(2 * 1 / (2 + 2)))  # 13
    assert dice.loc["z", "score"] == pytest.approx(14 + math.log2(2 / 3))
    assert mi.index[0] in {"z", "w"}  # strongest first


def test_a_pair_rarer_than_chance_gets_a_negative_log_likelihood():
    # O11 = 1 of W = 5 window words, for a word that is half of N = 20 words: E11 = 2.5
    value = log_likelihood([1], 5, [10], 20)[0]
    expected = g2([(1, 2.5), (4, 2.5), (9, 7.5), (6, 7.5)])
    assert value == pytest.approx(-expected)
    assert mutual_information([1], [2.5])[0] < 0 and t_score([1], [2.5])[0] < 0
    assert log_dice([4], 4, [4])[0] == pytest.approx(14.0)  # always together: the maximum


def test_overlapping_windows_count_a_word_once_and_never_the_node():
    index = build_index(["d"], ["x x y x"])
    result = collocates(index, phrase_hits(index, "x"), left=2, right=2, min_freq=1)
    assert result[["collocate", "pair_frequency", "left", "right"]].values.tolist() == [
        ["y", 1, 1, 0]  # one word from two hits: once, left of the later one (ties go left)
    ]


def test_a_selection_stop_words_and_bad_measures(index):
    only_d2 = collocates(index, phrase_hits(index, "x"), ["d2"], left=1, right=1, min_freq=1)
    assert only_d2.empty
    stop = build_index(["d"], ["the x of a cat x"])
    kept = collocates(stop, phrase_hits(stop, "x"), min_freq=1, drop_stopwords=True)
    assert kept["collocate"].tolist() == ["cat"]
    with pytest.raises(ValueError, match="measure"):
        collocates(index, phrase_hits(index, "x"), measure="dice")
