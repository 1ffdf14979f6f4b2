"""Dispersion: hit positions and Gries' DP / Juilland's D, by hand and against the plain formula."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.query.corpus_index import build_index, phrase_hits
from analysis.query.dispersion import (
    DISPERSION_COLUMNS,
    POSITION_COLUMNS,
    dispersion_measures,
    dispersion_table,
    gries_dp,
    hit_positions,
    juilland_d,
)

# Three documents of 2, 3 and 5 words; "a" once in the first and once in the last.
TEXTS = ["a b", "c d e", "a f g h b"]


@pytest.fixture
def index():
    return build_index(["d1", "d2", "d3"], TEXTS)


def test_hit_positions_are_word_numbers_over_document_lengths(index):
    positions = hit_positions(index, phrase_hits(index, "b"))
    assert list(positions.columns) == POSITION_COLUMNS
    assert positions.values.tolist() == [["d1", 0.5, 2, 3], ["d3", 0.8, 8, 9]]


def test_gries_dp_by_hand():
    # s = (.2, .3, .5), v = (.5, 0, .5): ½ (|.5-.2| + |0-.3| + |.5-.5|) = .3; max 1 - .2
    dp, norm = gries_dp([1, 0, 1], [2, 3, 5])
    assert dp == pytest.approx(0.3) and norm == pytest.approx(0.3 / 0.8)
    assert gries_dp([2, 3, 5], [2, 3, 5]) == pytest.approx((0.0, 0.0))  # spread like the words
    assert all(math.isnan(value) for value in gries_dp([0, 0, 0], [2, 3, 5]))  # absent term


def test_juilland_d_by_hand():
    rates = np.array([1 / 2, 0 / 3, 1 / 5])
    spread = math.sqrt(((rates - rates.mean()) ** 2).mean())
    expected = 1 - (spread / rates.mean()) / math.sqrt(2)
    assert juilland_d([1, 0, 1], [2, 3, 5]) == pytest.approx(expected)
    assert juilland_d([1, 0, 1], [2, 3, 5]) == pytest.approx(0.377300, abs=1e-6)
    assert juilland_d([2, 3, 5], [2, 3, 5]) == pytest.approx(1.0)  # the same rate everywhere
    assert juilland_d([0, 3], [2, 3]) == pytest.approx(0.0)  # in one of two parts only
    assert math.isnan(juilland_d([4], [8]))  # one part: undefined


def test_the_table_of_named_terms_and_of_every_word(index):
    named = dispersion_table(
        index, terms={"a": phrase_hits(index, "a"), "zz": phrase_hits(index, "zz")}
    )
    assert list(named.columns) == DISPERSION_COLUMNS
    a = named.iloc[0]
    assert (a["term"], a["frequency"], a["documents"]) == ("a", 2, 2)
    assert (a["dp"], a["dp_norm"]) == pytest.approx((0.3, 0.375))
    assert a["juilland_d"] == pytest.approx(juilland_d([1, 0, 1], [2, 3, 5]))
    assert named.iloc[1]["frequency"] == 0 and math.isnan(named.iloc[1]["dp"])
    every = dispersion_table(index).set_index("term")
    assert every.loc["a", "dp"] == pytest.approx(0.3)
    assert every.index[:2].tolist() == ["a", "b"]  # most frequent first, then alphabetical


def test_a_selection_makes_its_documents_the_parts(index):
    table = dispersion_table(index, ["d1", "d3"], terms={"a": phrase_hits(index, "a")})
    # s = (2/7, 5/7), v = (.5, .5): ½ (|.5 - 2/7| + |.5 - 5/7|) = 3/14
    assert table.loc[0, "dp"] == pytest.approx(3 / 14)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 9)), min_size=1, max_size=8))
def test_the_vectorised_measures_are_the_plain_formulas(parts):
    frequencies = np.array([min(f, s) for f, s in parts])
    sizes = np.array([s for _, s in parts])
    codes = np.zeros(int(frequencies.sum()), dtype="int64")
    part_numbers = np.repeat(np.arange(len(parts)), frequencies)
    row = dispersion_measures(codes, part_numbers, sizes, 1).iloc[0]
    if frequencies.sum() == 0:
        assert math.isnan(row["dp"])
        return
    dp, norm = gries_dp(frequencies, sizes)
    assert row["dp"] == pytest.approx(dp) and row["frequency"] == frequencies.sum()
    assert (math.isnan(norm) and math.isnan(row["dp_norm"])) or row["dp_norm"] == pytest.approx(
        norm
    )
    d = juilland_d(frequencies, sizes)
    # abs 1e-6: equal parts give 1.0 by the formula and 0.999999991 vectorised (cancellation in
    # the variance), a difference no reader of a 0-1 measure sees
    assert (math.isnan(d) and math.isnan(row["juilland_d"])) or row["juilland_d"] == pytest.approx(
        d, abs=1e-6
    )
