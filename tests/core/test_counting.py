import pandas as pd

from analysis.core.counting import date_frequencies, document_frequencies, entity_table
from analysis.core.schema import mentions_frame

DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c"],
        "date": ["2024-10-17", "2024-10-17", ""],
        "n_words": [200, 800, 100],
    }
)
MENTIONS = mentions_frame(
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
    table = document_frequencies(MENTIONS, DOCUMENTS)
    assert table.values.tolist() == [
        ["a", "2024-10-17", "entity", "Mark Rutte", "PERSON", 3, 15.0],
        ["b", "2024-10-17", "entity", "Mark Rutte", "PERSON", 1, 1.25],
        ["b", "2024-10-17", "term", "Ukraine", "", 1, 1.25],
        ["c", "", "term", "Ukraine", "", 1, 10.0],
    ]


def test_date_frequencies_use_all_words_of_the_date_and_skip_undated():
    table = date_frequencies(document_frequencies(MENTIONS, DOCUMENTS), DOCUMENTS)
    assert table.values.tolist() == [
        ["2024-10-17", "entity", "Mark Rutte", "PERSON", 4, 2, 4.0],
        ["2024-10-17", "term", "Ukraine", "", 1, 1, 1.0],
    ]


def test_entity_table_lists_surface_forms_most_frequent_first():
    table = entity_table(MENTIONS)
    assert table.values.tolist() == [
        ["a", "Mark Rutte", "PERSON", 3, "Rutte|Mark Rutte"],
        ["b", "Mark Rutte", "PERSON", 1, "Rutte"],
    ]


def test_empty_mentions_give_empty_tables_with_columns():
    empty = MENTIONS.iloc[0:0]
    assert document_frequencies(empty, DOCUMENTS).empty
    assert list(entity_table(empty).columns) == [
        "doc_id",
        "entity",
        "label",
        "count",
        "surface_forms",
    ]
