"""The concordance of a node and one collocate: which hits have the word in their window."""

from __future__ import annotations

import pytest

from analysis.query.collocates import collocates
from analysis.query.corpus_index import build_index, phrase_hits
from analysis.query.pairs import hits_with_collocate

TEXTS = {
    "d1": "NATO allies agreed. The allies met NATO in Brussels.",
    "d2": "Brussels said NATO would answer.",
    "d3": "Allies",
}


@pytest.fixture(scope="module")
def index():
    return build_index(TEXTS, TEXTS.values())


def starts(hits) -> list[tuple[str, int]]:
    return list(zip(hits["doc_id"], hits["start"], strict=True))


@pytest.mark.parametrize(
    ("collocate", "left", "right", "expected"),
    [
        ("allies", 1, 1, [("d1", 0)]),  # "NATO allies": R1 of the first hit only
        ("allies", 2, 0, [("d1", 35)]),  # "allies met NATO": L2 of the second hit
        ("allies", 3, 3, [("d1", 0), ("d1", 35)]),
        ("brussels", 0, 2, [("d1", 35)]),
        ("brussels", 2, 0, [("d2", 14)]),  # never across documents: d1's Brussels is not d2's
        ("Brussels", 5, 5, [("d1", 35), ("d2", 14)]),  # folded as the index folds
        ("nato", 5, 5, []),  # the hit's own word is never its collocate
        ("unknown", 5, 5, []),
        ("two words", 5, 5, []),
    ],
)
def test_hits_with_collocate(index, collocate, left, right, expected) -> None:
    hits = phrase_hits(index, "NATO")
    assert starts(hits_with_collocate(index, hits, collocate, left=left, right=right)) == expected


def test_the_pairs_collocates_counts_are_the_hits_shown(index) -> None:
    """Both "allies" near a NATO count for collocates, and both hits are shown."""
    hits = phrase_hits(index, "NATO")
    table = collocates(index, hits, left=3, right=3, min_freq=1).set_index("collocate")
    assert table.loc["allies", "pair_frequency"] == 2
    kept = hits_with_collocate(index, hits, "allies", left=3, right=3)
    assert len(kept) == 2
