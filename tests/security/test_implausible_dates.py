"""A metadata date outside 1800-2200 is never turned into a plausible one, nor dropped silently."""

from __future__ import annotations

import pytest

from analysis import load_corpus
from analysis.ingest.dates import parse_date_value

STORY = "NATO ministers met in Brussels to discuss air defence for Ukraine."


@pytest.mark.parametrize(
    "value", ["1 Jan 0001", "5 May 0024", "0001-01-01", "1799-12-31", "2201-01-01"]
)
def test_an_implausible_date_is_not_read(value):
    assert parse_date_value(value) is None


@pytest.mark.parametrize(
    ("value", "expected"), [("1800-01-01", "1800-01-01"), ("5 May 24", "2024-05-05")]
)
def test_plausible_dates_still_are(value, expected):
    assert parse_date_value(value).isoformat() == expected


@pytest.mark.parametrize("value", ["1 Jan 0001", "5 May 0024", "0024-05-05", "2500-01-01"])
def test_an_implausible_metadata_date_is_a_warning_row(value):
    table = f'id,date,text\nx,{value},"{STORY}"\n'.encode()
    corpus = load_corpus([("news.csv", table)])
    assert corpus.documents[["doc_id", "date", "date_source"]].values.tolist() == [
        ["x", "", "none"]
    ]
    assert corpus.problems.values.tolist() == [
        [
            "news.csv#row 1",
            f"warning: date '{value}' ignored: not a readable date between 1800 and 2200",
        ]
    ]
