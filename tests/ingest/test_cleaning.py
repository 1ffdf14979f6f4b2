import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest.cleaning import (
    clean_text,
    date_line,
    header_date,
    is_boilerplate,
    looks_like_title,
    normalise_characters,
    unwrap_hard_wrapped,
)
from tests.conftest import SEEDS


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def test_curly_quotes_nbsp_and_invisible_characters_are_normalised():
    raw = "\u201cIt\u2019s vital\u201d,\u00a0he said.\u200b\u00ad"
    assert normalise_characters(raw) == '"It\'s vital", he said.'


def test_spaces_collapse_within_lines_but_lines_stay():
    assert normalise_characters("  a \u00a0\u00a0 b  \n\tc ") == "a b\nc"


@pytest.mark.parametrize(
    "line", ["MORE HEADLINES", "more", "Last updated: 18 Oct. 2024 14:49", "|", "* * *", "Share"]
)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ["More support for Ukraine is needed.", "Moreover, it rained."])
def test_content_is_not_boilerplate(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    ("line", "is_date"),
    [
        ("date 2023-10-11 Oct 11", True),
        ("18 Oct. 2024 -", True),
        ("27 November 2024, 11:27", True),
        ("Last updated: 18 Oct. 2024 14:49", True),
        ("On 18 October 2024 the ministers met in Brussels", False),
        ("Ukraine", False),
    ],
)
def test_date_stamp_lines(line, is_date):
    assert bool(date_line(line)) is is_date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('NATO Secretary General: Strengthening deterrence "top priority"', True),
        ("The second day of the Defense Ministerial starts in Brussels - in Finland", True),
        ("NATO Defence Ministers agreed on Thursday to boost cooperation.", False),
        ("lower-case start is a wrapped line", False),
    ],
)
def test_title_shape(line, expected):
    assert looks_like_title(line) is expected


SEED_EXPECTATIONS = {
    "000": (
        "NATO Defence Ministers Meeting opens with a focus on Ukraine and the Indo-Pacific",
        "",
        (None, 10, 17),
    ),
    "001": (
        "NATO Defence Ministers to advance work on deterrence and defence, support to Ukraine "
        "and global partnerships",
        "NATO",
        (2024, 10, 17),
    ),
    "002": (
        'NATO Secretary General: Strengthening deterrence "top priority"',
        "",
        (2024, 10, 18),
    ),
    "003": ("", "", (2023, 10, 11)),
    "004": (
        "The second day of the Defense Ministerial starts in Brussels - in Finland, Georgia, "
        "Sweden and Ukraine are also participating in the meeting",
        "",
        (2024, 11, 27),
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTATIONS))
def test_seed_title_source_and_date(name):
    title, source, (year, month, day) = SEED_EXPECTATIONS[name]
    cleaned = clean_text(seed(name))
    assert cleaned.title == title
    assert cleaned.source == source
    stated = header_date(cleaned)
    assert (stated.year, stated.month, stated.day) == (year, month, day)


def test_seed_002_header_lines_are_removed_and_title_kept_first():
    cleaned = clean_text(seed("002"))
    assert cleaned.removed_lines == ("18 Oct. 2024 -", "|", "Last updated: 18 Oct. 2024 14:49")
    assert cleaned.text.startswith(
        'NATO Secretary General: Strengthening deterrence "top priority"\n\n'
    )
    assert "\u2019" not in cleaned.text and "\u00a0" not in cleaned.text and "•" not in cleaned.text


def test_seed_004_navigation_is_removed():
    cleaned = clean_text(seed("004"))
    assert cleaned.removed_lines == ("27 November 2024, 11:27", "more", "MORE HEADLINES")
    assert cleaned.text.endswith("pre-assigned to the defence of specific Allies.")


def test_seed_003_has_no_title_and_starts_with_the_story():
    cleaned = clean_text(seed("003"))
    assert cleaned.title == ""
    assert cleaned.text.startswith("NATO Secretary General Jens Stoltenberg previewed")


def test_text_without_title_line():
    cleaned = clean_text("The ministers met in Brussels on Thursday. They agreed on many things.")
    assert cleaned.title == ""
    assert cleaned.text == "The ministers met in Brussels on Thursday. They agreed on many things."


def test_known_title_is_not_guessed_again():
    raw = "Short heading\nThe ministers met in Brussels on Thursday and agreed on many things."
    assert clean_text(raw, guess_title=False).title == ""
    assert clean_text(raw).title == "Short heading"


def test_bullets_are_stripped_from_content_lines():
    cleaned = clean_text(
        "Heading here\n• first point is long enough to be prose, really it is\n- second"
    )
    assert (
        cleaned.text == "Heading here\nfirst point is long enough to be prose, really it is\nsecond"
    )


def test_hard_wrapped_newswire_is_unwrapped():
    raw = (
        "Showers continued throughout the week in the Bahia cocoa zone,\n"
        "alleviating the drought since early January and improving\n"
        "prospects for the coming temporao, although normal humidity\n"
        "levels have not been restored, Comissaria Smith said in its\n"
        "weekly review.\n"
        "    The dry period means the temporao will be late this year and\n"
        "arrivals for the week ended February 22 were 155,221 bags.\n"
    )
    lines = unwrap_hard_wrapped(raw).strip().split("\n")
    assert len(lines) == 2
    assert lines[0].endswith("Comissaria Smith said in its weekly review.")


@given(st.text(max_size=600))
def test_any_text_cleans_without_crash(raw):
    cleaned = clean_text(raw)
    assert "\r" not in cleaned.text and "\u00a0" not in cleaned.text
    assert cleaned.text == cleaned.text.strip("\n ")
    if cleaned.title:
        assert cleaned.text.startswith(cleaned.title)


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (
            "U.S. sanctions hit Russian banks\nThe Treasury said on Monday it would extend "
            "sanctions to more banks.",
            "U.S. sanctions hit Russian banks",
        ),
        (
            "Trump Jr. Meets Putin Envoy In Dubai.\nThe meeting was held on Monday in the city, "
            "officials said.",
            "Trump Jr. Meets Putin Envoy In Dubai.",
        ),
        (
            "iPhone 16 review: the best camera yet\nApple released its new phone on Friday with "
            "a much better camera.",
            "iPhone 16 review: the best camera yet",
        ),
        ("Putin and Xi meet in Beijing", "Putin and Xi meet in Beijing"),
        (
            "The ministers met in Brussels on Thursday.\nThey agreed on many things and talked "
            "for a long time.",
            "",
        ),
        ("it was raining\nand the ministers met in Brussels on Thursday for a long time.", ""),
    ],
)
def test_title_cases(raw, title):
    cleaned = clean_text(raw)
    assert cleaned.title == title
    assert cleaned.text.startswith(title)


def test_a_title_only_document_keeps_its_text():
    cleaned = clean_text("Putin and Xi meet in Beijing")
    assert cleaned.text == cleaned.title == "Putin and Xi meet in Beijing"


def test_corpus_dates_carry_their_evidence_and_removed_furniture():
    from datetime import date

    from analysis.ingest.cleaning import finish_corpus

    raws = [
        "Minister resigns\nMOSCOW, March 3. /TASS/. The minister resigned on Dec 1 after a row. "
        "Facebook Twitter Google+ Whatsapp Tumblr Newsvine Permalink",
        "Talks resume\nPosted: 5 March 2017 The talks resumed in Geneva after a long pause.",
    ]
    cleaned = [clean_text(raw) for raw in raws]
    first, second = finish_corpus(
        cleaned, sources=["", ""], given_dates=[None, None], fallback_dates=[None, None]
    )
    assert (first.date, first.date_source) == ("2017-03-03", "inferred")
    assert first.text[first.evidence_start : first.evidence_end] == "MOSCOW, March 3"
    assert [r.kind for r in first.removed] == ["share_bar"] and "Newsvine" not in first.text
    assert (second.date, second.date_source) == ("2017-03-05", "text")
    assert second.text[second.evidence_start : second.evidence_end] == "Posted: 5 March 2017"
    (given,) = finish_corpus(
        cleaned[:1], sources=[""], given_dates=[date(2020, 1, 2)], fallback_dates=[None]
    )
    assert (given.date, given.date_source, given.evidence) == ("2020-01-02", "metadata", "")


def test_a_date_line_that_reads_both_ways_follows_the_corpus_convention():
    from analysis.ingest.cleaning import finish_corpus

    body = (
        "The minister travelled to the capital on Monday to discuss energy prices with the "
        "Commission. Officials said wind power and grid investment were also on the agenda."
    )
    raws = [
        f"Merkel meets officials in Berlin on energy and defence\n\n16/05/2024\n\n{body}",
        f"Von der Leyen meets officials in Washington on energy\n\n05/06/2024\n\n{body}",
    ]
    cleaned = [clean_text(raw) for raw in raws]
    # the date lines leave the text; the convention still reads them
    assert all("/2024" not in item.text for item in cleaned)
    first, second = finish_corpus(
        cleaned, sources=["", ""], given_dates=[None, None], fallback_dates=[None, None]
    )
    assert (first.date, second.date) == ("2024-05-16", "2024-06-05")
