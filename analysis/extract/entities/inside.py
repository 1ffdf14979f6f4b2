"""Names inside the names of events, laws, pacts and awards: "Paris" in "Paris Agreement", "U.S."
and "Pakistan" in "U.S.-Pakistan Health Dialogue", "FIFA" in "FIFA World Cup".

An event, a law or a treaty is neither a person, an organisation nor a place, but the places and
bodies it is named after are mentioned: an analyst counting the articles that mention
Pakistan expects the one about a "U.S.-Pakistan Health Dialogue" among them, and news annotation
guidelines (the held-out set's among them) mark the names inside such names, not the whole.

Only names the lists know are taken out (a listed place or organisation, never a nationality:
"Older Americans Act", "British Food Plan"), and a one-word place only when it is no English word
("Commonwealth Games", "Labour Day") or is a country; a name of this kind with none inside stays
what it was. Works, products and facilities are not looked into
("Mars Express", "Kennedy Space Center"). A law named after its sponsors keeps them out of the
places: "Stafford Act" is Senator Stafford's, not the town's, so inside a law or a trophy ("Davis
Cup") a one-word place that is also a personal name is skipped unless it is a country.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache

from analysis.core.word_lists import read_entries
from analysis.extract.entities.lexicon import Lexicon, phrase_key
from analysis.extract.entities.rules import Candidate

#: Words of a name: runs of letters, digits and full stops ("U.S.", "G7"), cut at spaces,
#: hyphens and slashes ("U.S.-Pakistan", "US/NATO").
_WORD = re.compile(r"[^\s\-–/]+")
#: Last words of laws and trophies, which are often named after people: there a one-word place
#: that is also a personal name is the person ("Stafford Act", "Davis Cup", "Stanley Cup").
_NAMED_AFTER_PEOPLE = frozenset(
    {"act", "acts", "amendment", "amendments", "bill", "law", "code", "doctrine"}
    | {"cup", "trophy", "prize", "award", "awards", "medal", "stakes"}
)
#: Labels a name inside is kept with: not NORP, since a people in a name is seldom the nation
#: ("Older Americans Act", "British Food Plan").
_INNER_LABELS = frozenset({"GPE", "LOC", "ORG"})


@cache
def event_nouns() -> frozenset[str]:
    """Nouns of gatherings (``analysis/data/entities/event_nouns.txt``), as phrase keys."""
    return frozenset(phrase_key(word) for word in read_entries("entities", "event_nouns.txt"))


def names_an_event(words: Sequence[str], lex: Lexicon) -> bool:
    """Whether a name of ``words`` names an event, a law, a pact or an award: its last word is
    one that ends such names ("... Agreement", "... Act", "... Summit"), or it opens with such a
    word or a gathering's followed by "of" ("Declaration of Windhoek", "Third Meeting of the
    Working Group"); not "Bank of England", "Order of Malta"."""
    keys = [phrase_key(word) for word in words]
    if len(keys) < 2:
        return False
    if lex.suffix_labels.get(keys[-1]) == "MISC":
        return True
    if "of" not in keys[1:]:
        return False
    head = keys[: keys.index("of", 1)][-1]
    return head not in lex.org_heads and (
        head in event_nouns() or lex.suffix_labels.get(head) == "MISC"
    )


def names_inside(
    text: str,
    candidates: list[Candidate],
    lex: Lexicon,
    defined: Mapping[tuple[int, int], Candidate] | None = None,
) -> list[Candidate]:
    """``candidates`` with each MISC name of an event, law, pact or award that holds listed
    names replaced by those names (see the module's docstring). ``defined`` holds the names the
    text itself defines, by their spans ("CSTO" in "the CSTO Summit", after "Collective Security
    Treaty Organisation (CSTO)")."""
    out: list[Candidate] = []
    for candidate in candidates:
        surface = text[candidate.start : candidate.end]
        inner = []
        if candidate.label == "MISC" and names_an_event(surface.split(), lex):
            body = _body_after_of(text, candidate, lex)
            inner = (
                [body]
                if body
                else list(_listed_inside(text, candidate.start, candidate.end, lex, defined or {}))
            )
        out.extend(inner or [candidate])
    return out


#: "<event> of (the) <body>": where the body's name starts.
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")


def _body_after_of(text: str, candidate: Candidate, lex: Lexicon) -> Candidate | None:
    """The organisation an event of the shape "<event> of the <body>" is named after, when the
    words after "of" end like an organisation's name ("Third Meeting of the India-U.S.
    Counternarcotics Working Group", "Summit of the African Union")."""
    of = _OF_THE.search(text, candidate.start, candidate.end)
    if of is None:
        return None
    body = text[of.end() : candidate.end]
    words = body.split()
    if len(words) < 2 or lex.suffix_labels.get(phrase_key(words[-1])) != "ORG":
        return None
    known = lex.place(phrase_key(body))
    canonical = known[0] if known is not None and known[1] == "ORG" else " ".join(words)
    return Candidate(of.end(), candidate.end, "ORG", canonical, evidence="model")


def _listed_inside(
    text: str, start: int, end: int, lex: Lexicon, defined: Mapping[tuple[int, int], Candidate]
) -> Iterator[Candidate]:
    """The listed names in ``text[start:end]``, longest first from the left, never a word that
    makes the whole an event ("Summit", "Agreement", "Derby": not the town)."""
    words = [
        (start + match.start(), start + match.start() + len(match.group().rstrip(",;:")))
        for match in _WORD.finditer(text[start:end])
    ]
    after_people = bool(words) and phrase_key(text[slice(*words[-1])]) in _NAMED_AFTER_PEOPLE
    index = 0
    while index < len(words):
        for length in range(min(lex.max_phrase_words, len(words) - index), 0, -1):
            piece_start, piece_end = words[index][0], words[index + length - 1][1]
            own = defined.get((piece_start, piece_end))
            found = (
                (own.label, own.canonical)
                if own is not None and own.label in _INNER_LABELS
                else _listed(text[piece_start:piece_end], lex, after_people=after_people)
            )
            if found is not None:
                label, canonical = found
                yield Candidate(piece_start, piece_end, label, canonical, evidence="gazetteer")
                index += length
                break
        else:
            index += 1


def _listed(surface: str, lex: Lexicon, *, after_people: bool) -> tuple[str, str] | None:
    """The (label, canonical name) the lists give ``surface``, if it is capitalised and listed
    as a place or an organisation (see the module's docstring for the words left out)."""
    key = phrase_key(surface)
    if not surface[:1].isupper() or key in event_nouns() or lex.suffix_labels.get(key) == "MISC":
        return None
    known = lex.place(key)
    if known is None or known[1] not in _INNER_LABELS:
        return None
    if " " not in key and key not in lex.countries:
        if _english_word(key, lex):
            return None  # "Commonwealth Games", "Labour Day", "Opportunity Act": no town
        if after_people and (key in lex.last_names or key in lex.first_names):
            return None  # "Stafford Act", "Davis Cup": the sponsor, not the town
    return known[1], known[0]


def _english_word(key: str, lex: Lexicon) -> bool:
    """Whether ``key`` is a lower-case word of the (American) dictionary, in British spelling
    too ("labour", "centre")."""
    american = re.sub(r"our$", "or", re.sub(r"tre$", "ter", key))
    return key in lex.english or american in lex.english
