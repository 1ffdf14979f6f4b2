"""Names listed together share a type: "Nashville, Toronto, Denver, Seattle and Los Angeles",
"Apple Computer, Microsoft, Cisco, eBay, Google, and AOL".

A statistical model types each name from its own words and a few neighbours, so a city that is
also a given name ("Denver") or a company it never saw ("Cisco") can come out a person in the
middle of a list of places or companies. Writers list like with like: where most of a list's
names agree, a weakly typed name among them takes their type.

Only the two confusions that a list settles are corrected, and only where nothing speaks for the
name's own type:

- in a list of places, a name the gazetteer knows as a place takes that type, whatever the model
  said ("Denver" among cities);
- in a list of organisations with no place in it, a name no list knows and that does not open
  with a given name becomes an organisation where the model read a person, a product or a
  guessed place ("Cisco", "Home Depot", "Target"); a list with places in it is an address or a
  venue's town ("PNC Bank Arts Center, Holmdel, NJ").

People are never retyped: "Putin, Xi and China" keeps its people; but a "person" made of a
town and a plural that is no name, among organisations, is a team ("Dallas Cowboys" among the
"New York Jets" and "Miami Dolphins": Dallas is a given name too).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from analysis.extract.entities.lexicon import Lexicon, phrase_key
from analysis.extract.entities.rules import Candidate

#: What joins two items of a list: a comma (with "and"/"or"), "and", "or", "&".
_JOINT = re.compile(r"[ \t]*,[ \t]*(?:(?:and|or|&)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+")
#: The fewest names a list needs, and the fewest that must agree on the type the others take.
MIN_ITEMS = 3
MIN_AGREEING = 2
#: Types a list can give, and the evidence too weak to stand against it in a list of companies.
_PLACES = ("GPE", "LOC")
_WEAK_PLACE_EVIDENCE = frozenset({"unlisted", "unknown"})


def name_lists(text: str, candidates: Sequence[Candidate]) -> list[list[int]]:
    """Indices (into ``candidates``, sorted by start) of the entities that ``text`` lists
    together, lists of :data:`MIN_ITEMS` names or more."""
    runs: list[list[int]] = []
    current: list[int] = []
    previous: Candidate | None = None
    for index, candidate in enumerate(candidates):
        if candidate.kind != "entity":
            continue
        joined = (
            previous is not None
            and previous.end <= candidate.start
            and _JOINT.fullmatch(text, previous.end, candidate.start) is not None
        )
        if not joined:
            if len(current) >= MIN_ITEMS:
                runs.append(current)
            current = []
        current.append(index)
        previous = candidate
    if len(current) >= MIN_ITEMS:
        runs.append(current)
    return runs


def typed_like_their_list(text: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """``candidates`` (sorted by start) with the weakly typed names of each list given the type
    most of the list's names have (see the module docstring)."""
    out = list(candidates)
    for members in name_lists(text, out):
        counts = Counter(out[index].label for index in members)
        label, agreeing = counts.most_common(1)[0]
        if agreeing < MIN_AGREEING or agreeing * 2 <= len(members) or label == "PERSON":
            continue
        for index in members:
            candidate = out[index]
            if candidate.label == label:
                continue
            if label == "ORG" and any(
                out[other].label in _PLACES for other in members if other != index
            ):
                continue  # "PNC Bank Arts Center, Holmdel, NJ": an address, no list of companies
            retyped = _list_type(text, candidate, label, lex)
            if retyped is not None:
                out[index] = retyped
    return out


def _list_type(text: str, candidate: Candidate, label: str, lex: Lexicon) -> Candidate | None:
    """``candidate`` with the type ``label`` of its list, or ``None`` when its own type stands."""
    surface = text[candidate.start : candidate.end]
    key = phrase_key(surface)
    known = lex.place(key)
    if label in _PLACES:
        if (
            known is not None
            and known[1] in _PLACES
            and candidate.label in ("PERSON", "ORG", "MISC")
        ):
            return replace(candidate, label=known[1], canonical=known[0])  # "Denver" among cities
        return None
    if label != "ORG" or known is not None:
        return None
    words = key.split()
    team = home_and_team(words, lex, named_home=True)  # "Dallas Cowboys" among teams
    if not team and (len(words) > 2 or words[0] in lex.first_names):
        return None  # "John Smith" among companies is still a person
    if candidate.label in ("PERSON", "MISC") or (
        candidate.label in _PLACES and candidate.evidence in _WEAK_PLACE_EVIDENCE
    ):
        evidence = "model" if candidate.evidence == "model_alone" else candidate.evidence
        return replace(
            candidate, label="ORG", canonical=" ".join(surface.split()), evidence=evidence
        )
    return None


def home_and_team(words: Sequence[str], lex: Lexicon, *, named_home: bool = False) -> bool:
    """Whether a name's words (phrase keys) are a listed town or state that is no listed first
    name and a plural that is no listed name: a team ("Buffalo Sabres", "Tequila Works"), not a
    person ("George Papadopoulos", "Ron DeSantis": George and Ron are towns too). With
    ``named_home`` (where the model read an organisation) the town may be a first name too
    ("Boston Celtics", "Dayton Flyers")."""
    *home, last = words
    if not home or not last.endswith("s") or lex.name_word(last):
        return False
    place = lex.place(" ".join(home))
    return (
        place is not None
        and place[1] == "GPE"
        and (named_home or " ".join(home) not in lex.first_names)
    )
