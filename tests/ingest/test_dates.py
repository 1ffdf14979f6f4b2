from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest.dates import (
    DateMention,
    date_from_filename,
    find_dates,
    infer_year,
    parse_date_value,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agreed on Thursday (October 17) to boost", (10, 17, None, 3)),
        ("on Thursday and Friday (17-18 October 2024), Secretary", (10, 17, 2024, None)),
        ("18 Oct. 2024 -", (10, 18, 2024, None)),
        ("date 2023-10-11 Oct 11", (10, 11, 2023, None)),
        ("27 November 2024,\u00a0\u00a0\u00a011:27", (11, 27, 2024, None)),
        ("Tomorrow's (Thursday 12 October 2023) discussions", (10, 12, 2023, 3)),
        ("talks on Friday (18 October) with", (10, 18, None, 4)),
        ("May 5, 2022", (5, 5, 2022, None)),
        ("on 5.3.2021 in Kyiv", (3, 5, 2021, None)),
        ("Sept. 1st, 1999", (9, 1, 1999, None)),
    ],
)
def test_first_date_of_each_form(text, expected):
    first = find_dates(text)[0]
    assert (first.month, first.day, first.year, first.weekday) == expected


@pytest.mark.parametrize("text", ["31 February 2024", "in 2022, when", "room 12 on floor 3", ""])
def test_no_date_in_text_without_a_valid_date(text):
    assert find_dates(text) == []


def test_a_weekday_that_does_not_fit_the_year_is_dropped():
    # 17 October 2024 was a Thursday, not a Friday.
    (mention,) = find_dates("Friday 17 October 2024")
    assert mention.weekday is None
    assert mention.as_date() == date(2024, 10, 17)


def test_iso_and_trailing_yearless_date_are_both_found():
    assert [(m.year, m.month, m.day) for m in find_dates("date 2023-10-11 Oct 11")] == [
        (2023, 10, 11),
        (None, 10, 11),
    ]


SEED_ANCHORS = [date(2024, 10, 17), date(2024, 10, 18), date(2023, 10, 11), date(2024, 11, 27)]


def test_year_follows_weekday_and_corpus_dates():
    thursday_october_17 = DateMention(0, 0, month=10, day=17, weekday=3)
    assert infer_year(thursday_october_17, SEED_ANCHORS) == 2024
    # The same day and weekday next to 2019 dates picks 2019 (17 October 2019 was a Thursday).
    assert infer_year(thursday_october_17, [date(2019, 9, 1)]) == 2019


def test_year_without_weekday_is_nearest_to_the_corpus():
    assert infer_year(DateMention(0, 0, month=1, day=3), [date(2023, 12, 20)]) == 2024


def test_year_without_any_anchor_is_the_latest_past_fit():
    mention = DateMention(0, 0, month=10, day=17, weekday=3)
    assert infer_year(mention, [], today=date(2026, 11, 23)) == 2024


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-17", date(2024, 10, 17)),
        ("17 Oct 2024", date(2024, 10, 17)),
        ("26-FEB-1987 15:01:11.79", date(1987, 2, 26)),
        ("2022-01-05T10:00:00Z", date(2022, 1, 5)),
        ("", None),
        ("nan", None),
        ("not a date", None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-10-17_rutte.txt", date(2024, 10, 17)),
        ("report_20231011.txt", date(2023, 10, 11)),
        ("000_e40460accf1b4fc2.txt", None),
        ("2024-13-45.txt", None),
    ],
)
def test_date_from_filename(name, expected):
    assert date_from_filename(name) == expected


@given(st.text(max_size=300))
def test_find_dates_never_crashes_and_spans_are_valid(text):
    for mention in find_dates(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.as_date(2024) is not None
