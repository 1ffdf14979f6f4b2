"""Figures with units: money, percentages, counts, dates; and what is not a figure."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.quantities import QUANTITY_COLUMNS, extract_quantities, quantities_frame


def _one(text: str):
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit", "kind", "qualifier"),
    [
        ("a pledge of 40 billion euros in aid", "40 billion euros", 4e10, "EUR", "money", ""),
        ("with 20.9 billion euros provided", "20.9 billion euros", 2.09e10, "EUR", "money", ""),
        ("costs €1.5bn a year", "€1.5bn", 1.5e9, "EUR", "money", ""),
        ("earns $162 billion from", "$162 billion", 1.62e11, "USD", "money", ""),
        ("earns US$4 billion from", "US$4 billion", 4e9, "USD", "money", ""),
        ("paid UAH 17,000 to", "UAH 17,000", 17000.0, "UAH", "money", ""),
        ("about 50 billion rubles", "about 50 billion rubles", 5e10, "RUB", "money", "about"),
        (
            "at least twenty thousand hryvnias",
            "at least twenty thousand hryvnias",
            2e4,
            "UAH",
            "money",
            "at least",
        ),
        ("billions of dollars' worth", "billions of dollars", 1e9, "USD", "money", "billions of"),
        ("grew 5% last year", "5%", 5.0, "percent", "percent", ""),
        ("fell by 12 per cent", "12 per cent", 12.0, "percent", "percent", ""),
        ("almost 70 percent of", "almost 70 percent", 70.0, "percent", "percent", "almost"),
        (
            "more than 40,000 troops are now",
            "more than 40,000 troops",
            40000.0,
            "troops",
            "count",
            "more than",
        ),
        (
            "alongside more than 50 countries.",
            "more than 50 countries",
            50.0,
            "countries",
            "count",
            "more than",
        ),
        ("keeping our one billion people safe", "one billion people", 1e9, "people", "count", ""),
        (
            "339.5 thousand active patients",
            "339.5 thousand active patients",
            339500.0,
            "active patients",
            "count",
            "",
        ),
        (
            "purchasing hundreds of modern fighter aircraft and",
            "hundreds of modern fighter aircraft",
            100.0,
            "modern fighter aircraft",
            "count",
            "hundreds of",
        ),
        ("the figure was 23,785.", "23,785", 23785.0, "", "number", ""),
    ],
)
def test_figures(text, figure, value, unit, kind, qualifier) -> None:
    found = _one(text)
    assert (found.text, found.value, found.unit, found.kind, found.qualifier) == (
        figure,
        pytest.approx(value),
        unit,
        kind,
        qualifier,
    )
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(
    ("text", "figure", "normalised"),
    [
        ("18 Oct. 2024 - Last updated", "18 Oct. 2024", "2024-10-18"),
        ("on Thursday (October 17) to boost", "October 17", "--10-17"),
        ("on Friday (18 October) with", "18 October", "--10-18"),
        (
            "on Thursday and Friday (17-18 October 2024),",
            "17-18 October 2024",
            "2024-10-17/2024-10-18",
        ),
        ("date 2023-10-11 Oct", "2023-10-11", "2023-10-11"),
        ("since February 2022 the", "February 2022", "2022-02"),
        ("in the first half of 2024 and", "2024", "2024"),
        ("On March 3, 2022, the", "March 3, 2022", "2022-03-03"),
    ],
)
def test_dates(text: str, figure: str, normalised: str) -> None:
    found = _one(text)
    assert (found.text, found.kind, found.value, found.normalised) == (
        figure,
        "date",
        None,
        normalised,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Last updated: 14:49",  # a time
        "F-16 jets and COVID-19 cases",  # parts of names
        "the number of battlegroups has doubled to eight",  # a lone number word
        "one of the most urgent needs",
        "the 4x5 km relay",
        "",
    ],
)
def test_not_figures(text: str) -> None:
    assert extract_quantities(text) == []


def test_seed_002_has_the_40_billion_euros(seed_corpus) -> None:
    documents = seed_corpus.documents
    text = documents.loc[documents["doc_id"].str.startswith("002"), "text"].iloc[0]
    money = [(q.text, q.value, q.unit) for q in extract_quantities(text) if q.kind == "money"]
    assert money == [("40 billion euros", 4e10, "EUR")]
    counts = [(q.text, q.value, q.unit) for q in extract_quantities(text) if q.kind == "count"]
    assert counts == [
        ("two days", 2.0, "days"),
        ("one billion people", 1e9, "people"),
        ("hundreds of modern fighter aircraft", 100.0, "modern fighter aircraft"),
    ]


def test_seed_figures_per_document(seed_corpus) -> None:
    table = quantities_frame(seed_corpus.documents)
    assert list(table.columns) == QUANTITY_COLUMNS
    first = table[table["doc_id"].str.startswith("000")]
    assert first["normalised"].tolist() == [
        "--10-17",
        "1000 miles",
        "EUR 40000000000",
        "EUR 20900000000",
    ]
    last = table[table["doc_id"].str.startswith("004")]
    assert last["text"].tolist() == ["billions of dollars", "more than 40,000 troops"]


def test_quantities_frame_of_no_documents() -> None:
    empty = quantities_frame(pd.DataFrame({"doc_id": [], "text": []}))
    assert list(empty.columns) == QUANTITY_COLUMNS
    assert empty.empty


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789 ,.-%$€:abcmkMonthOctoberlin\u00a0\n"), max_size=60)
)
def test_any_text_gives_figures_that_are_slices(text: str) -> None:
    for figure in extract_quantities(text):
        assert text[figure.start : figure.end] == figure.text
        assert figure.text
