from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.core.counting import (
    _group_counts,
    count_terms,
    counts_by_date,
    counts_by_doc,
    date_frequencies,
    document_frequencies,
    entity_table,
    period_of,
)
from analysis.core.schema import mentions_frame
from tests.query.small_corpus import (
    DOCUMENTS,
    MENTIONS,
    as_records,
)

TABLE_DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c"],
        "date": ["2024-10-17", "2024-10-17", ""],
        "n_words": [200, 800, 100],
    }
)


TABLE_MENTIONS = mentions_frame(
    [
        ("a", "entity", "Mark Rutte", "PERSON", 0, 5, "Rutte"),
        ("a", "entity", "Mark Rutte", "PERSON", 10, 20, "Mark Rutte"),
        ("a", "entity", "Mark Rutte", "PERSON", 30, 35, "Rutte"),
        ("b", "entity", "Mark Rutte", "PERSON", 0, 5, "Rutte"),
        ("b", "term", "Ukraine", "", 9, 16, "Ukraine"),
        ("c", "term", "Ukraine", "", 0, 7, "Ukraine"),
    ]
)


def test_document_frequencies_count_and_normalise_per_1k_words():
    table = document_frequencies(TABLE_MENTIONS, TABLE_DOCUMENTS)
    assert table.values.tolist() == [
        ["a", "2024-10-17", "entity", "Mark Rutte", "PERSON", 3, 15.0],
        ["b", "2024-10-17", "entity", "Mark Rutte", "PERSON", 1, 1.25],
        ["b", "2024-10-17", "term", "Ukraine", "", 1, 1.25],
        ["c", "", "term", "Ukraine", "", 1, 10.0],
    ]


def test_date_frequencies_use_all_words_of_the_date_and_skip_undated():
    table = date_frequencies(document_frequencies(TABLE_MENTIONS, TABLE_DOCUMENTS), TABLE_DOCUMENTS)
    assert table.values.tolist() == [
        ["2024-10-17", "entity", "Mark Rutte", "PERSON", 4, 2, 4.0],
        ["2024-10-17", "term", "Ukraine", "", 1, 1, 1.0],
    ]


def test_entity_table_lists_surface_forms_most_frequent_first():
    table = entity_table(TABLE_MENTIONS)
    assert table.values.tolist() == [
        ["a", "Mark Rutte", "PERSON", 3, "Rutte|Mark Rutte"],
        ["b", "Mark Rutte", "PERSON", 1, "Rutte"],
    ]


def test_empty_mentions_give_empty_tables_with_columns():
    empty = TABLE_MENTIONS.iloc[0:0]
    assert document_frequencies(empty, TABLE_DOCUMENTS).empty
    assert list(entity_table(empty).columns) == [
        "doc_id",
        "entity",
        "label",
        "count",
        "surface_forms",
    ]


def test_count_terms_raw_and_per_1k():
    counts = count_terms(MENTIONS, DOCUMENTS)  # 750 words in all
    assert as_records(counts.head(4), ["kind", "term", "label", "count", "n_docs"]) == [
        ("entity", "NATO", "ORG", 4, 3),
        ("entity", "Ukraine", "GPE", 3, 3),
        ("entity", "Brussels", "GPE", 2, 2),
        ("entity", "Rutte", "PERSON", 2, 2),
    ]
    assert counts["per_1k_words"].iloc[0] == pytest.approx(4 * 1000 / 750)
    assert counts["value"].iloc[0] == 4.0
    per_1k = count_terms(MENTIONS, DOCUMENTS, per_1k=True)
    assert per_1k["value"].iloc[0] == pytest.approx(5.333333)
    assert list(per_1k.columns) == [
        "kind",
        "term",
        "label",
        "count",
        "n_docs",
        "per_1k_words",
        "value",
    ]


def test_count_terms_by_term_only_merges_kinds():
    mentions = pd.concat([MENTIONS, MENTIONS.assign(kind="keyword", label="")])
    counts = count_terms(mentions, DOCUMENTS, by=("term",))
    assert as_records(counts.head(1), ["term", "count", "n_docs"]) == [("NATO", 8, 3)]


def test_counts_by_date_leaves_out_undated_and_divides_by_that_dates_words():
    by_date = counts_by_date(MENTIONS[MENTIONS["term"] == "Ukraine"], DOCUMENTS, per_1k=True)
    assert as_records(by_date, ["date", "term", "count", "n_docs", "per_1k_words"]) == [
        ("2024-10-17", "Ukraine", 1, 1, 10.0),  # doc a: 100 words
        ("2024-10-18", "Ukraine", 1, 1, 5.0),  # doc b: 200 words
    ]


def test_counts_by_date_groups_by_period():
    by_month = counts_by_date(MENTIONS[MENTIONS["term"] == "NATO"], DOCUMENTS, period="month")
    assert as_records(by_month, ["date", "count", "n_docs", "per_1k_words"]) == [
        ("2023-10", 1, 1, 2.5),
        ("2024-10", 3, 2, 10.0),  # docs a and b: 300 words
    ]


def test_counts_by_doc():
    by_doc = counts_by_doc(MENTIONS[MENTIONS["term"].isin(["NATO", "Ukraine"])], DOCUMENTS)
    assert as_records(by_doc, ["doc_id", "date", "term", "count", "per_1k_words"]) == [
        ("c", "", "Ukraine", 1, 20.0),
        ("d", "2023-10-11", "NATO", 1, 2.5),
        ("a", "2024-10-17", "NATO", 2, 20.0),
        ("a", "2024-10-17", "Ukraine", 1, 10.0),
        ("b", "2024-10-18", "NATO", 1, 5.0),
        ("b", "2024-10-18", "Ukraine", 1, 5.0),
    ]
    assert by_doc["title"].iloc[1] == "<img src=x onerror=alert(1)>"  # escaping is the chart's job


def test_counts_on_no_mentions_have_the_columns():
    empty = mentions_frame([])
    assert list(count_terms(empty, DOCUMENTS).columns) == [
        "kind",
        "term",
        "label",
        "count",
        "n_docs",
        "per_1k_words",
        "value",
    ]
    assert counts_by_date(empty, DOCUMENTS).empty
    assert "title" in counts_by_doc(empty, DOCUMENTS).columns


def test_zero_words_give_a_zero_rate_not_a_division_error():
    documents = DOCUMENTS.assign(n_words=0)
    assert count_terms(MENTIONS, documents, per_1k=True)["value"].eq(0).all()


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("day", ["2024-10-17", "2024-10-20", ""]),
        ("week", ["2024-10-14", "2024-10-14", ""]),  # Thursday and Sunday of one ISO week
        ("month", ["2024-10", "2024-10", ""]),
        ("year", ["2024", "2024", ""]),
    ],
)
def test_period_of(period, expected):
    assert period_of(pd.Series(["2024-10-17", "2024-10-20", ""]), period).tolist() == expected


_cell = st.sampled_from(["a", "b", "Ukraine", None])
_rows = st.lists(
    st.tuples(
        st.sampled_from(["entity", "keyword"]),
        _cell,
        st.sampled_from(["PERSON", "", None]),
        st.sampled_from(["d1", "d2", "d3", None]),
    ),
    min_size=1,
    max_size=40,
)


@given(rows=_rows, categorical=st.booleans())
def test_group_counts_are_pandas_group_by_counts(rows, categorical):
    """The integer group-by behind every chart count gives pandas' own group-by: the same groups
    in the same order (first mention), the same dtypes, missing values as groups of their own,
    and documents counted once per group (a missing document not at all)."""
    frame = pd.DataFrame(rows, columns=["kind", "term", "label", "doc_id"])
    if categorical:
        frame = frame.astype("category")
    keys = ["kind", "term", "label"]
    expected = (
        frame.groupby(keys, sort=False, observed=True, dropna=False)["doc_id"]
        .agg(count="size", n_docs="nunique")
        .reset_index()
    )
    pd.testing.assert_frame_equal(_group_counts(frame, keys), expected)
