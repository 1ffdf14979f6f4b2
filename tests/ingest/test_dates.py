from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest.dates import (
    DateMention,
    date_from_filename,
    date_from_url,
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
        ("Date: 2024.09.01", (9, 1, 2024, None)),
    ],
)
def test_first_date_of_each_form(text, expected):
    first = find_dates(text)[0]
    assert (first.month, first.day, first.year, first.weekday) == expected


@pytest.mark.parametrize(
    "text",
    ["31 February 2024", "in 2022, when", "room 12 on floor 3", "", "version 2024.09.01.3"],
)
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
    # without a weekday every past year fits: none is chosen
    assert infer_year(DateMention(0, 0, month=7, day=31), [], today=date(2026, 11, 23)) is None


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


# --- The page's own date, with its evidence -------------------------------------------------

from analysis.ingest.dates import (  # noqa: E402
    EVIDENCE_KINDS,
    publication_evidence,
    slash_convention,
)


@pytest.mark.parametrize(
    ("text", "kind", "expected", "evidence"),
    [
        (
            "MOSCOW, March 3. /TASS/. Russia's foreign minister said on Dec 1 that talks go on.",
            "dateline",
            (None, 3, 3),
            "MOSCOW, March 3",
        ),
        (
            "WASHINGTON, March 3 (Reuters) - The Senate voted on 22 April to pass the bill.",
            "dateline",
            (None, 3, 3),
            "WASHINGTON, March 3",
        ),
        (
            "ANTAKYA, Turkey (AP) - February 7, 2023 - A powerful earthquake hit on Monday.",
            "dateline",
            (2023, 2, 7),
            "ANTAKYA, Turkey (AP) - February 7, 2023",
        ),
        (
            "MOSCOW (AP) — March 21, 2023 — Russia said talks begin on April 3.",
            "dateline",
            (2023, 3, 21),
            "MOSCOW (AP) — March 21, 2023",
        ),
        (
            "Exports grew by a fifth last year, the ministry said. "
            "(China Daily European Weekly 01/27/2017 page20)",
            "trailer",
            (2017, 1, 27),
            "(China Daily European Weekly 01/27/2017 page20)",
        ),
        (
            "By Ann Lee Published: 10:55 EDT, 7 May 2020 | Updated: 11:17 EDT, 7 May 2020 "
            "The club said it had no comment.",
            "stamp",
            (2020, 5, 7),
            "Published: 10:55 EDT, 7 May 2020",
        ),
        ("Posted: Nov 8, 2023 / 02:40 PM CST The mayor spoke.", "stamp", (2023, 11, 8), None),
        ("Written: 2023-11-07 15:03:30 The talks resumed.", "stamp", (2023, 11, 7), None),
        (
            "By Evan Symon, August 14, 2020 2:30 pm On Thursday, a court ruled.",
            "stamp",
            (2020, 8, 14),
            None,
        ),
        ("January 18, 2020 PARIS (Reuters) - Protesters gathered.", "stamp", (2020, 1, 18), None),
        (
            "Indie Music Blog and MP3 Downloads. by oz on December 4, 2006 I dabbled in metal.",
            "stamp",
            (2006, 12, 4),
            "by oz on December 4, 2006",
        ),
        ("by admin on 2019-03-02 | The band played.", "stamp", (2019, 3, 2), None),
        (
            "The studio tested the game. "
            * 20
            + "— Digital Foundry (@digitalfoundry) November 18, 2019 We tried it. "
            "Read our review here. by Surur on November 19, 2019 by Anmol by Rahul",
            "stamp",
            (2019, 11, 19),
            "by Surur on November 19, 2019",
        ),
        (
            "The Postpartum Party July 24, 2019 by Amy Motroni. Small rooms need ideas.",
            "stamp",
            (2019, 7, 24),
            None,
        ),
        (
            "Fans cheered the band. — RTÉ News (@rtenews) January 12, 2017 The show went on.",
            "social",
            (2017, 1, 12),
            "January 12, 2017",
        ),
        (
            "Ministers agreed on Thursday (October 17) to boost support.",
            "lead",
            (None, 10, 17),
            "Thursday (October 17)",
        ),
    ],
)
def test_evidence_of_each_shape(text, kind, expected, evidence):
    found = publication_evidence(text)
    assert found is not None and found.kind == kind
    assert (found.mention.year, found.mention.month, found.mention.day) == expected
    if evidence is not None:
        assert text[found.start : found.end] == evidence


@pytest.mark.parametrize(
    "text",
    [
        "On Dec 1 the ministers met in Brussels to discuss the budget.",
        "The exhibition opens 22 April and runs until the summer.",
        "The attacks of September 11, 2001 changed air travel for ever.",
        "Police said the man was arrested on Friday, Nov. 3, in Los Angeles.",
        "The report, published on 3 March 2015, found that rents rose.",
        "The treaty was signed by hand on May 3, 2020 in a hall in Geneva.",
        "The fire spread. By noon on March 3, 2020 the town was empty.",
        "The order reads 03/04/2017 on its cover.",  # reads both ways, no convention known
        "The talks went on. " * 25 + "The letter was signed by Ann Lee on March 3, 2015.",
        "",
    ],
)
def test_a_date_the_story_merely_mentions_is_not_evidence(text):
    assert publication_evidence(text) is None


def test_a_date_in_the_title_is_not_the_stamp():
    text = "Summit set for July 15-24\nPARIS, April 8 — Organisers confirmed the dates."
    found = publication_evidence(text, body_start=text.index("\n") + 1)
    assert (found.kind, found.mention.month, found.mention.day) == ("dateline", 4, 8)


def test_stamps_of_other_stories_far_from_the_lead_are_not_evidence():
    filler = "The story goes on for a while here. " * 15
    text = filler + "Other news LAST UPDATED: Feb 26, 2020 More news LAST UPDATED: Feb 14, 2020"
    assert publication_evidence(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # Related stories' dates right after the title, then the story.
        "© 2000-2018 Motors Inc. All Rights Reserved. November 16, 2016 December 18, 2015 "
        "August 18, 2005 June 15, 2010 Crossovers may have become the vehicle of choice.",
        # An exhibition's span.
        "Light Festival 29 November 2018 | 20 January 2019 Thirty artworks will light the city.",
    ],
)
def test_a_run_of_different_dates_is_a_list_not_a_stamp(text):
    assert publication_evidence(text) is None


def test_a_list_of_dates_does_not_hide_the_stamp_before_it():
    text = "Published: 7 May 2020. Related: 12 March 2019, 3 April 2018 The club said no."
    found = publication_evidence(text)
    assert (found.kind, found.mention.as_date()) == ("stamp", date(2020, 5, 7))


def test_the_same_date_written_twice_is_still_a_stamp():
    found = publication_evidence("Posted 2019-11-20 | November 20, 2019 The mayor spoke today.")
    assert (found.kind, found.mention.as_date()) == ("stamp", date(2019, 11, 20))


def test_kinds_rank_stamp_before_lead():
    text = "Posted: 18 Oct. 2024 Ministers met on Thursday (October 17) in Brussels."
    assert publication_evidence(text).kind == EVIDENCE_KINDS[0]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["(Weekly 27/01/2017 page2)", "on 13/02/2017"], True),
        (["(Weekly 01/27/2017 page2)"], False),
        (["03/04/2017", "no dates"], None),
    ],
)
def test_slash_convention_from_unambiguous_dates(texts, expected):
    assert slash_convention(texts) is expected


def test_ambiguous_slash_date_follows_the_convention():
    (mention,) = find_dates("12/04/2020", slash_day_first=True)
    assert (mention.month, mention.day, mention.order) == (4, 12, "dmy?")
    (mention,) = find_dates("12/04/2020")
    assert (mention.month, mention.day, mention.order) == (12, 4, "mdy?")
    (mention,) = find_dates("27.01.2017")
    assert (mention.month, mention.day, mention.order) == (1, 27, "dmy")


def test_a_year_glued_to_a_clock_time_is_read():
    (mention,) = find_dates("March 16, 20207:22 AM EDT")
    assert mention.as_date() == date(2020, 3, 16)


def test_a_range_of_days_is_no_stamp():
    # "March 23-25, 2025" under a title: the days of the talks the release reports
    text = (
        "Outcomes of the Expert Groups\nTalks in Riyadh, Saudi Arabia March 23-25, 2025\nThe talks"
    )
    assert publication_evidence(text, body_start=text.index("\n") + 1) is None
    # an ISO date is no range
    text = "Title\nWritten: 2023-11-07 15:03:30 The talks resumed."
    assert publication_evidence(text, body_start=6) is not None


def test_year_inference_stays_near_the_corpus():
    # 17 October was a Thursday in 2019 and 2024; a corpus of 2017 dates takes neither.
    thursday_october_17 = DateMention(0, 0, month=10, day=17, weekday=3)
    assert infer_year(thursday_october_17, [date(2017, 1, 5), date(2017, 12, 1)]) is None
    assert infer_year(DateMention(0, 0, month=3, day=3), [date(2017, 2, 1)]) == 2017


@given(st.text(max_size=400), st.integers(min_value=0, max_value=50))
def test_evidence_never_crashes_and_spans_are_valid(text, body_start):
    body_start = min(body_start, len(text))
    found = publication_evidence(text, body_start=body_start)
    if found is not None:
        assert body_start <= found.start < found.end <= len(text)
        assert found.start <= found.mention.start < found.mention.end <= found.end
        assert found.kind in EVIDENCE_KINDS


@given(
    st.lists(
        st.sampled_from(
            [
                "Posted: ",
                "MOSCOW, ",
                "(",
                ") ",
                "on ",
                "Thursday ",
                "March 3",
                ", 2017",
                "01/27/2017",
                " page2",
                ". ",
                "\n",
                "x",
            ]
        ),
        max_size=20,
    )
)
def test_evidence_on_date_like_fragments(parts):
    text = "".join(parts)
    found = publication_evidence(text)
    if found is not None:
        assert 0 <= found.start < found.end <= len(text)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.lemonde.fr/en/economy/article/2023/10/29/deal_62116.html",
            date(2023, 10, 29),
        ),
        ("https://www.theguardian.com/world/2019/nov/18/story", date(2019, 11, 18)),
        ("https://example.com/2019-11-18-story-title", date(2019, 11, 18)),
        ("https://example.com/news/2019/11/", None),  # a month names no day
        ("https://example.com/story?date=2019/11/18", None),  # a query is no path
        ("https://2019.example.com/12/01/x", None),  # nor a host
        ("https://example.com/2019/13/45/x", None),
        ("", None),
    ],
)
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected
