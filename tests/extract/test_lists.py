"""Names listed together share a type: the lists a text writes and the names they retype."""

from __future__ import annotations

import pytest

from analysis.extract.entities.lexicon import lexicon
from analysis.extract.entities.lists import name_lists, typed_like_their_list
from analysis.extract.entities.rules import Candidate

LEX = lexicon()


def _candidates(text: str, *pieces: tuple[str, str]) -> list[Candidate]:
    """Entity candidates for (surface, label) pairs, each at its first place after the last."""
    out, at = [], 0
    for surface, label in pieces:
        start = text.index(surface, at)
        out.append(Candidate(start, start + len(surface), label, surface, evidence="model"))
        at = start + len(surface)
    return out


def _typed(text: str, *pieces: tuple[str, str]) -> list[tuple[str, str]]:
    found = typed_like_their_list(text, _candidates(text, *pieces), LEX)
    return [(text[c.start : c.end], c.label) for c in found]


def test_lists_are_names_joined_by_commas_and_conjunctions():
    text = "Tours stop in Nashville, Toronto, Denver and Seattle. Paris or Rome, later."
    found = _candidates(
        text,
        ("Nashville", "GPE"),
        ("Toronto", "GPE"),
        ("Denver", "PERSON"),
        ("Seattle", "GPE"),
        ("Paris", "GPE"),
        ("Rome", "GPE"),
    )
    # "Seattle. Paris" is no joint; two names are no list
    assert name_lists(text, found) == [[0, 1, 2, 3]]


def test_a_listed_place_among_places_is_a_place():
    text = "Tours stop in Nashville, Toronto, Denver, Seattle and Los Angeles."
    pieces = [("Nashville", "GPE"), ("Toronto", "GPE"), ("Denver", "PERSON")]
    pieces += [("Seattle", "GPE"), ("Los Angeles", "GPE")]
    assert ("Denver", "GPE") in _typed(text, *pieces)


def test_an_unlisted_name_among_companies_is_a_company():
    text = "Donors used Apple Computer, Microsoft, Cisco, eBay and Google."
    typed = _typed(
        text,
        ("Apple Computer", "ORG"),
        ("Microsoft", "ORG"),
        ("Cisco", "PERSON"),
        ("eBay", "ORG"),
        ("Google", "ORG"),
    )
    assert ("Cisco", "ORG") in typed


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        # a person stays one among companies, and people are never the list's type
        (
            "Backers were Microsoft, Google and John Smith.",
            [("Microsoft", "ORG"), ("Google", "ORG"), ("John Smith", "PERSON")],
        ),
        (
            "Talks with Putin, Xi and China went on.",
            [("Putin", "PERSON"), ("Xi", "PERSON"), ("China", "GPE")],
        ),
        # an address: a town beside a venue and its state is no company
        (
            "Shows: PNC Bank Arts Center, Holmdel, NJ, Xfinity Center and BB&T Pavilion.",
            [
                ("PNC Bank Arts Center", "ORG"),
                ("Holmdel", "MISC"),
                ("NJ", "GPE"),
                ("Xfinity Center", "ORG"),
                ("BB&T Pavilion", "ORG"),
            ],
        ),
        # no majority: each keeps its type
        (
            "Reuters, Paris and Obama were named.",
            [("Reuters", "ORG"), ("Paris", "GPE"), ("Obama", "PERSON")],
        ),
    ],
)
def test_a_name_keeps_its_type_where_the_list_does_not_settle_it(text, pieces):
    assert _typed(text, *pieces) == pieces


def test_a_town_and_a_plural_among_organisations_is_a_team_not_a_person():
    text = "Silence: New York Jets, Dallas Cowboys, Miami Dolphins, Kansas City Chiefs, Tennessee Titans."
    pieces = [("New York Jets", "ORG"), ("Dallas Cowboys", "PERSON"), ("Miami Dolphins", "ORG")]
    pieces += [("Kansas City Chiefs", "ORG"), ("Tennessee Titans", "PERSON")]
    typed = _typed(text, *pieces)
    assert ("Dallas Cowboys", "ORG") in typed and ("Tennessee Titans", "ORG") in typed
    # a person stays one among companies
    text = "Backers: Apple Computer, Zorvex Holdings, Dallas Smith and Cisco Systems."
    pieces = [("Apple Computer", "ORG"), ("Zorvex Holdings", "ORG")]
    pieces += [("Dallas Smith", "PERSON"), ("Cisco Systems", "ORG")]
    assert ("Dallas Smith", "PERSON") in _typed(text, *pieces)
