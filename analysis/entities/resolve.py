"""Alias resolution: one name for one entity, within a document and across the corpus.

Within a document (:func:`resolve_document`):

- a surname ("Rutte", "Mr Rutte") takes the full name seen in the same document ("Mark Rutte");
- a role mention ("the Secretary General") takes the person the document introduces with that
  title ("Secretary General Mark Rutte"), and is marked ``resolved_by="role"``.

Across the corpus (:func:`corpus_person_map`, :func:`resolve_roles`):

- spelling variants of a person's name merge when their skeletons agree (:func:`name_skeleton`:
  transliteration and doubled or trailing letters aside, "Zelensky" = "Zelenskyy" = "Zelenskiy");
  the most frequent spelling becomes the canonical one;
- a lone surname merges with the only full name in the corpus that ends with it;
- role mentions left open in a document resolve to the holder of that office, learned from the
  corpus: first a holder the document names, otherwise the one whose dates cover the document's
  date (when office holders' dates do not overlap, the latest one to take office before it).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from analysis.entities.rules import Candidate


@dataclass(frozen=True)
class Span:
    """One entity occurrence: ``text[start:end] == text`` of the document it was found in.

    ``canonical`` is the entity's name after resolution; ``resolved_by`` says how a mention was
    tied to it when its own text does not say so: ``surname``, ``role``, ``variant`` (spelling),
    ``alias`` (a gazetteer or user alias) or ``""`` (the text names it).
    """

    start: int
    end: int
    text: str
    label: str
    canonical: str
    resolved_by: str = ""


@dataclass(frozen=True)
class Holder:
    """A person seen holding an office: "Secretary General" (``title``) of "NATO" (``qualifier``)."""

    title: str
    qualifier: str
    person: str
    date: str


@dataclass(frozen=True)
class DocumentEntities:
    """One document's resolved spans, its open role mentions, and the office holders it names."""

    spans: list[Span]
    open_roles: list[Candidate]
    holders: list[Holder]


def _surname_key(name: str) -> str:
    return name.split()[-1].lower() if name.split() else ""


def resolve_document(text: str, candidates: list[Candidate], date: str = "") -> DocumentEntities:
    """Resolve surnames and roles within one document; return the spans and what is left open."""
    people = [c for c in candidates if c.kind == "entity" and c.label == "PERSON"]
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for person in people:
        if len(person.canonical.split()) > 1:
            full_by_surname[_surname_key(person.canonical)].add(person.canonical)
    for person in people:  # "President Clinton" alone also makes "Clinton" a person here
        key = person.canonical.lower()
        if len(person.canonical.split()) == 1 and key not in full_by_surname and person.title:
            full_by_surname[key].add(person.canonical)
    spans: list[Span] = []
    introduced: list[tuple[int, str, str, str]] = []  # (start, title, qualifier, person)
    roles: list[Candidate] = []
    for candidate in candidates:
        if candidate.kind == "role":
            roles.append(candidate)
            continue
        canonical, resolved_by, label = candidate.canonical, "", candidate.label
        surface = text[candidate.start : candidate.end]
        if label in ("PERSON", "GPE", "LOC", "MISC") and len(surface.split()) == 1:
            # "Rutte" after "Mark Rutte"; "Clinton" is the person, not the town, after "Bill Clinton"
            full = full_by_surname.get(surface.replace("’", "'").lower(), set())
            if len(full) == 1:
                canonical, resolved_by, label = next(iter(full)), "surname", "PERSON"
        elif phrase_differs(text[candidate.start : candidate.end], canonical):
            resolved_by = "alias"
        if label == "PERSON" and candidate.title:
            introduced.append((candidate.start, candidate.title, candidate.qualifier, canonical))
        spans.append(
            Span(
                candidate.start,
                candidate.end,
                surface,
                label,
                canonical,
                resolved_by,
            )
        )
    open_roles = []
    for role in roles:
        person = _introduced_holder(role, introduced)
        if person is None:
            open_roles.append(role)
        else:
            spans.append(_role_span(text, role, person))
    holders = [Holder(title, qualifier, person, date) for _, title, qualifier, person in introduced]
    spans.sort(key=lambda span: (span.start, span.end))
    return DocumentEntities(spans, open_roles, holders)


def phrase_differs(surface: str, canonical: str) -> bool:
    """Whether a surface form names its canonical entity differently (not just in case/spacing)."""
    return " ".join(surface.replace("’", "'").lower().split()) != canonical.lower()


def _role_span(text: str, role: Candidate, person: str) -> Span:
    return Span(role.start, role.end, text[role.start : role.end], "PERSON", person, "role")


def _titles_match(role_title: str, person_title: str) -> bool:
    """ "Secretary of Defense" is the "Secretary"'s office; "Secretary General" is not."""
    return role_title == person_title or role_title.startswith(person_title + " of ")


def _qualifiers_match(role_qualifier: str, person_qualifier: str) -> bool:
    return not role_qualifier or not person_qualifier or role_qualifier == person_qualifier


def _introduced_holder(role: Candidate, introduced: list[tuple[int, str, str, str]]) -> str | None:
    """The person the document introduced with the role's title: nearest before, else after."""
    matches = [
        (start, person)
        for start, title, qualifier, person in introduced
        if _titles_match(role.title, title) and _qualifiers_match(role.qualifier, qualifier)
    ]
    if not matches:
        return None
    before = [match for match in matches if match[0] < role.start]
    return (before[-1] if before else matches[0])[1]


# --- corpus level ------------------------------------------------------------------------------

_SKELETON_RULES = (("kh", "h"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("ou", "u"), ("j", "y"))


def name_skeleton(name: str) -> str:
    """A spelling-blind key for a person's name: "Zelenskyy", "Zelensky", "Zelenskiy" agree.

    Accents, case, hyphens and spaces are dropped; common transliteration pairs (kh/h, w/v, j/y,
    ou/u) and "iy", "yi", "ij", a final "i" are folded to "y"; doubled letters collapse.
    """
    folded = unicodedata.normalize("NFKD", name)
    letters = "".join(char for char in folded.lower() if "a" <= char <= "z" or char == " ")
    words = []
    for word in letters.split():
        for old, new in _SKELETON_RULES:
            word = word.replace(old, new)
        for old in ("iy", "yi", "ii", "yy"):
            word = word.replace(old, "y")
        if word.endswith("i") and len(word) > 3:
            word = word[:-1] + "y"
        collapsed = [
            char for index, char in enumerate(word) if index == 0 or char != word[index - 1]
        ]
        words.append("".join(collapsed))
    return " ".join(words)


def corpus_person_map(names: Iterable[str]) -> dict[str, str]:
    """Map each person name (one entry per mention) to the corpus-wide canonical spelling.

    Full names merge by :func:`name_skeleton`; the most frequent spelling wins (then the longest,
    then the first in alphabetical order). A one-word name merges with the single full name whose
    last word has the same skeleton, and stays itself when there are none or several.
    """
    counts = Counter(names)
    mapping: dict[str, str] = {name: name for name in counts if not name_skeleton(name).strip()}
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        if len(name.split()) > 1 and name not in mapping:
            groups[name_skeleton(name)].append(name)
    by_surname: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        best = min(members, key=lambda name: (-counts[name], -len(name), name))
        for member in members:
            mapping[member] = best
        by_surname[name_skeleton(best).split()[-1]].add(best)
    singles: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        if len(name.split()) == 1 and name not in mapping:
            singles[name_skeleton(name)].append(name)
    for skeleton, members in singles.items():
        full = by_surname.get(skeleton, set())
        if len(full) == 1:
            target = next(iter(full))
        else:
            target = min(members, key=lambda name: (-counts[name], name))
        for member in members:
            mapping[member] = target
    return mapping


#: title -> qualifier -> person -> (first date, last date) seen in office ("" when undated)
Offices = dict[str, dict[str, dict[str, tuple[str, str]]]]


def office_tenures(holders: Iterable[Holder]) -> Offices:
    """Index the corpus's office holders by title and qualifier, with each one's dated tenure."""
    offices: Offices = defaultdict(lambda: defaultdict(dict))
    for holder in holders:
        people = offices[holder.title][holder.qualifier]
        first, last = people.get(holder.person, ("", ""))
        if holder.date:
            first = min(first, holder.date) if first else holder.date
            last = max(last, holder.date)
        people[holder.person] = (first, last)
    return {title: dict(by_qualifier) for title, by_qualifier in offices.items()}


def _candidates(role: Candidate, offices: Offices) -> dict[str, tuple[str, str]]:
    """The people who held the role's office, with their tenures merged across qualifiers."""
    titles = [role.title]
    if " of " in role.title:
        titles.append(role.title.split(" of ", 1)[0])
    people: dict[str, tuple[str, str]] = {}
    for title in titles:
        for qualifier, holders in offices.get(title, {}).items():
            if not _qualifiers_match(role.qualifier, qualifier):
                continue
            for person, (first, last) in holders.items():
                old_first, old_last = people.get(person, ("", ""))
                firsts = [date for date in (first, old_first) if date]
                people[person] = (min(firsts) if firsts else "", max(last, old_last))
    return people


def resolve_roles(
    roles: list[Candidate], named: set[str], date: str, offices: Offices
) -> dict[int, str]:
    """Resolve a document's open role mentions from the corpus's office holders.

    ``named`` are the (corpus-canonical) people the document names. Returns ``start -> person``
    for the roles that could be resolved: to a holder of that office the document names if there
    is exactly one; otherwise by ``date`` when the holders' tenures (the span of dates each was
    seen in office) do not overlap; never when the office is shared (many "Presidents" at once).
    """
    resolved: dict[int, str] = {}
    for role in roles:
        people = _candidates(role, offices)
        in_document = sorted(person for person in people if person in named)
        if len(in_document) == 1:
            resolved[role.start] = in_document[0]
            continue
        if in_document or not people or not date:
            continue
        person = _holder_by_date(people, date)
        if person is not None:
            resolved[role.start] = person
    return resolved


def _holder_by_date(tenures: dict[str, tuple[str, str]], date: str) -> str | None:
    ordered = sorted((tenure, person) for person, tenure in tenures.items() if tenure[0])
    if not ordered:
        return None
    for ((_, last), _), ((first, _), _) in pairwise(ordered):
        if first <= last:
            return None  # tenures overlap: a shared office, the date cannot decide
    started = [person for (first, _), person in ordered if first <= date]
    return started[-1] if started else ordered[0][1]
