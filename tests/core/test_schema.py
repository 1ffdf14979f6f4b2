"""The public tables' columns, and the two ways of building a mentions table."""

from __future__ import annotations

import pandas as pd

from analysis.core.schema import MENTION_COLUMNS, mentions_frame, mentions_from_columns

ROWS = [
    ("a", "entity", "NATO", "ORG", 0, 4, "NATO"),
    ("a", "entity", "Mark Rutte", "PERSON", 10, 20, "Mark Rutte"),
    ("b", "entity", "Ukraine", "GPE", 3, 10, "Ukraine"),
]


def test_columns_build_the_table_rows_do():
    doc_ids, _, terms, labels, starts, ends, surfaces = map(list, zip(*ROWS, strict=True))
    built = mentions_from_columns(doc_ids, "entity", terms, labels, starts, ends, surfaces)
    pd.testing.assert_frame_equal(built, mentions_frame(ROWS))
    assert list(built.columns) == MENTION_COLUMNS
    assert built["start"].dtype == "int64" and built["end"].dtype == "int64"


def test_one_label_for_every_row():
    built = mentions_from_columns(["a", "b"], "keyword", ["drones", "drones"], "", [0, 5], [6, 11],
                                  ["drones", "Drones"])  # fmt: skip
    assert built["kind"].tolist() == ["keyword", "keyword"]
    assert built["label"].tolist() == ["", ""]


def test_no_rows_give_the_empty_table():
    built = mentions_from_columns([], "keyword", [], "", [], [], [])
    pd.testing.assert_frame_equal(built, mentions_frame([]))
    assert built.empty and list(built.columns) == MENTION_COLUMNS
