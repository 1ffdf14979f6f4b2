"""Keyness of a selection against the rest of the corpus: counted once, subtracted, one keyness."""

from __future__ import annotations

import pandas as pd

from analysis.query.corpus_index import build_index
from analysis.query.keyness import keyness, rest_counts, word_counts
from analysis.query.words import index_word_counts

TEXTS = {
    "a": "Missile strikes hit the port. Missile defence failed.",
    "b": "Grain exports rose. Grain prices fell.",
    "c": "Grain harvest and missile tests.",
}


def test_the_rest_is_the_whole_minus_the_selection():
    whole = word_counts(TEXTS.values())
    part = word_counts([TEXTS["a"]])
    rest = rest_counts(whole, part)
    plain = word_counts([TEXTS["b"], TEXTS["c"]])
    pd.testing.assert_frame_equal(rest.table, plain.table)
    assert (rest.total, rest.n_docs) == (plain.total, plain.n_docs) == (11, 2)


def test_selection_keyness_from_the_index_is_compare_keyness():
    index = build_index(list(TEXTS), list(TEXTS.values()))
    part = index_word_counts(index, ["a"])
    rest = rest_counts(index_word_counts(index), part)
    fast = keyness(part, rest)
    plain = keyness(word_counts([TEXTS["a"]]), word_counts([TEXTS["b"], TEXTS["c"]]))
    pd.testing.assert_frame_equal(fast, plain)
    rows = fast.set_index("item")
    # "grain", absent from the selection, is the most certain difference: 0 of 8 words in a,
    # 3 of 11 in the rest; "missile" is in both (2 of 8, 1 of 11)
    assert fast.iloc[0]["item"] == "grain"
    assert rows.loc["grain", ["freq_a", "freq_b", "side"]].tolist() == [0, 3, "b"]
    assert rows.loc["missile", ["freq_a", "freq_b", "docs_a", "docs_b", "side"]].tolist() == [
        2,
        1,
        1,
        1,
        "a",
    ]


def test_against_a_reference_corpus_the_range_guard_applies():
    index = build_index(list(TEXTS), list(TEXTS.values()))
    reference = word_counts(["The port was quiet.", "Nothing happened at the port."])
    table = keyness(index_word_counts(index), reference, min_docs=2)
    assert "missile" in set(table["item"]) and "exports" not in set(table["item"])  # 1 document
