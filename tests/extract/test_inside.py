"""Names inside the names of events, laws, pacts and awards are taken out; other names are not."""

from __future__ import annotations

import pytest

from analysis.extract.entities.inside import names_an_event, names_inside
from analysis.extract.entities.lexicon import lexicon
from analysis.extract.entities.model_backend import combine
from analysis.extract.entities.rules import Candidate, extract_candidates

LEX = lexicon()


def _inside(text: str, surface: str, label: str = "MISC") -> list[tuple[str, str, str]]:
    start = text.index(surface)
    candidate = Candidate(start, start + len(surface), label, surface, evidence="model")
    return [
        (text[c.start : c.end], c.label, c.canonical) for c in names_inside(text, [candidate], LEX)
    ]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Paris Agreement", True),
        ("U.S.-Pakistan Health Dialogue", True),
        ("East Asia Summit", True),
        ("Stafford Act", True),
        ("Declaration of Windhoek", True),
        ("Third Meeting of the Working Group", True),
        ("Bank of England", False),  # a body's head word before "of"
        ("Order of Malta", False),  # "Order" ends awards but opens orders
        ("World Economic Forum", False),  # a forum is often a body
        ("Summit", False),  # one word names nothing
    ],
)
def test_names_an_event(surface, expected):
    assert names_an_event(surface.split(), LEX) is expected


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        (
            "Both hosted the U.S.-Pakistan Health Dialogue in Washington.",
            "U.S.-Pakistan Health Dialogue",
            [("U.S.", "GPE", "United States"), ("Pakistan", "GPE", "Pakistan")],
        ),
        (
            "The 2015 Paris Agreement set a limit.",
            "Paris Agreement",
            [("Paris", "GPE", "Paris")],
        ),
        (
            "Spain will host the FIFA World Cup.",
            "FIFA World Cup",
            [("FIFA", "ORG", "FIFA")],
        ),
        (
            "It marks the anniversary of the Declaration of Windhoek.",
            "Declaration of Windhoek",
            [("Windhoek", "GPE", "Windhoek")],
        ),
        # an event of a body is the body's
        (
            "A statement of the Third Meeting of the India-U.S. Counternarcotics Working Group.",
            "Third Meeting of the India-U.S. Counternarcotics Working Group",
            [
                (
                    "India-U.S. Counternarcotics Working Group",
                    "ORG",
                    "India-U.S. Counternarcotics Working Group",
                )
            ],
        ),
        # "Derby" ends the name: not the English town
        (
            "He won the Kentucky Derby.",
            "Kentucky Derby",
            [("Kentucky", "GPE", "Kentucky")],
        ),
    ],
)
def test_the_listed_names_inside_an_event_replace_it(text, surface, expected):
    assert _inside(text, surface) == expected


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The Stafford Act applies.", "Stafford Act"),  # a sponsor, not the town of Stafford
        ("The Older Americans Act passed.", "Older Americans Act"),  # no nation in it
        ("He won the Davis Cup.", "Davis Cup"),  # a trophy named after a man, not the town
        ("The Commonwealth Games opened.", "Commonwealth Games"),  # an English word, no town
        ("Labour Day is a holiday.", "Labour Day"),
        ("The Great Patriotic War ended.", "Great Patriotic War"),  # nothing listed inside
    ],
)
def test_an_event_with_no_listed_name_inside_stays(text, surface):
    assert _inside(text, surface) == [(surface, "MISC", surface)]


def test_only_events_are_looked_into():
    text = "Visitors saw the Paris Museum and the Kennedy Space Center."
    assert _inside(text, "Paris Museum") == [("Paris Museum", "MISC", "Paris Museum")]
    assert _inside(text, "Paris Museum", "ORG") == [("Paris Museum", "ORG", "Paris Museum")]


def test_combine_takes_the_places_out_of_an_event_the_model_read_as_an_organisation():
    text = "The Secretary will lead the delegation to the U.S.-South Africa Strategic Dialogue."
    surface = "U.S.-South Africa Strategic Dialogue"
    start = text.index(surface)
    found = combine(
        text, [(start, start + len(surface), "ORG")], extract_candidates(text, LEX), LEX
    )
    got = [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"]
    assert ("U.S.", "GPE") in got and ("South Africa", "GPE") in got
    assert all(surface != name for name, _ in got)


def test_an_acronym_the_text_defines_is_found_inside_an_event():
    text = (
        "Members of the Collective Security Treaty Organisation (CSTO) met. "
        "He thanked them for organising the anniversary CSTO Summit."
    )
    summit = text.index("CSTO Summit")
    found = combine(
        text, [(summit, summit + len("CSTO Summit"), "ORG")], extract_candidates(text, LEX), LEX
    )
    got = [(text[c.start : c.end], c.label, c.canonical) for c in found if c.start >= summit]
    assert got == [("CSTO", "ORG", "Collective Security Treaty Organisation")]
