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
  date (when office holders' dates do not overlap, the latest one to take office before it);
- a role that stands for another office ("the Head of State": a country's President, see
  ``role_offices.txt``) goes to the president the document itself names: the one it introduces
  without a country ("President Volodymyr Zelenskyy"; foreign presidents come with theirs), else
  the first one it names.

A role only ever resolves to a person's name (:func:`is_person_name`): never to a common or
organisational word that a title happened to precede ("Chair of the ... Delegation").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise

from nicknames import NickNamer

from analysis.extract.entities.lexicon import LEGAL_FORMS, Lexicon, lexicon, phrase_key
from analysis.extract.entities.rules import (
    _COMMON_NOUN_ENDINGS,
    UNKNOWN_OFFICE,
    Candidate,
    document_lower_words,
)


@dataclass(frozen=True)
class Span:
    """One entity occurrence: ``text[start:end] == text`` of the document it was found in.

    ``canonical`` is the entity's name after resolution; ``resolved_by`` says how a mention was
    tied to it when its own text does not say so: ``surname``, ``given_name`` (the one person of
    that given name in the document), ``role``, ``variant`` (spelling),
    ``alias`` (a gazetteer or user alias) or ``""`` (the text names it).
    """

    start: int
    end: int
    text: str
    label: str
    canonical: str
    resolved_by: str = ""
    #: typed from the shape of its words alone (no word list, title or gazetteer backs it)
    guessed: bool = False
    #: an organisation only the model sees (``model_alone`` evidence, see
    #: :mod:`analysis.extract.entities.model_backend`)
    model_alone: bool = False


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


def _surname_keys(name: str) -> set[str]:
    """How a text may write ``name``'s surname alone, lower-case: its last word ("rutte"), that
    word without an Arabic article ("assad" of "Bashar al-Assad"), and the particles before it
    with it ("le pen" of "Marine Le Pen"; a first word is never a particle: "Al Franken"), and
    each with the name's generation if it has one ("trump jr.")."""
    words = name.lower().split()
    if len(words) > 1 and words[-1] in GENERATIONS:
        # "Donald Trump Jr." is "Trump Jr.", and "Trump" where no father is named
        bare = _surname_keys(" ".join(words[:-1]))
        return bare | {f"{key} {words[-1]}" for key in bare}
    if not words:
        return set()
    keys = {words[-1], _ARTICLE.sub("", words[-1])}
    first = len(words) - 1
    while first > 1 and words[first - 1] in _PARTICLES:
        first -= 1
    keys.add(" ".join(words[first:]))
    return keys


#: The Arabic article, as transliterated before a surname ("al-Assad", "el-Sisi", "ash-Shara").
ARABIC_ARTICLE = "(?:al|el|ad|as|ash|an|ar|az)"
_ARTICLE = re.compile(rf"^{ARABIC_ARTICLE}[-‑]")


def _generation_surname(name: str) -> bool:
    """Whether ``name`` is a surname and a generation ("Trump Jr.", "Le Pen Sr."; "Elizabeth II"
    is a given name and a regnal number)."""
    words = name.lower().split()
    return (
        len(words) > 1
        and words[-1] in ("jr.", "sr.")
        and (len(words) == 2 or _particle_surname(" ".join(words[:-1])))
    )


def _particle_surname(surface: str) -> bool:
    """Whether ``surface`` is a surname written with its particles ("Le Pen", "van Gogh")."""
    words = surface.lower().split()
    return 1 < len(words) <= 3 and all(word in _PARTICLES for word in words[:-1])


_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "bin", "ibn", "al", "da", "di", "du", "le", "la", "del"}
    | {"dela", "delos"}  # Filipino: "Ronald dela Rosa"
)
#: A name's generation, last word, lower-case (:func:`analysis.extract.entities.with_generations`
#: writes it so).
GENERATIONS = frozenset({"jr.", "sr.", "ii", "iii", "iv"})


def is_person_name(name: str, lex: Lexicon | None = None) -> bool:
    """Whether ``name`` has the shape of a person's name, so that a role may resolve to it.

    Every word is capitalised (particles aside) and none is a title, an organisation word, a
    common noun of the word lists, a date word, a demonym or a country, unless the name lists know
    it as a name; a one-word name must also not end like a common noun ("Delegation").
    """
    lex = lex or lexicon()
    words = name.replace("’", "'").split()
    if not words:
        return False
    for word in words:
        key = phrase_key(word)
        if key in _PARTICLES or lex.name_word(key):
            continue
        word = _ARTICLE.sub("", word)  # "al-Assad"
        if not word[:1].isupper() or key in _not_name_words(lex):
            return False
    if len(words) > 1:
        return True
    key = phrase_key(words[0])
    return lex.name_word(key) or not key.endswith(_COMMON_NOUN_ENDINGS)


@cache
def _not_name_words(lex: Lexicon) -> frozenset[str]:
    """Words that are no part of a person's name: titles, organisation and common words, dates,
    demonyms and countries (unless the name lists know them as names)."""
    return frozenset().union(
        lex.titles,
        lex.title_modifiers,
        lex.honorifics,
        lex.org_suffixes,
        lex.generic,
        lex.function_words,
        lex.dates,
        lex.demonyms,
        lex.countries,
    )


def _reversed_names(names: Iterable[str]) -> dict[str, str]:
    """Surname-first keys of full names: "lukashenko alexander" -> "Alexander Lukashenko"."""
    return {
        " ".join(reversed(name.lower().split())): name for name in names if len(name.split()) > 1
    }


def resolve_document(text: str, candidates: list[Candidate], date: str = "") -> DocumentEntities:
    """Resolve surnames and roles within one document; return the spans and what is left open."""
    people = [c for c in candidates if c.kind == "entity" and c.label == "PERSON"]
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    lex = lexicon()
    lower = document_lower_words(text)
    full_by_family: dict[str, set[str]] = defaultdict(set)
    full_by_given: dict[str, set[str]] = defaultdict(set)
    for person in people:
        if _generation_surname(person.canonical):
            continue  # "Trump Jr." names a surname, no given name
        if len(person.canonical.split()) > 1 and _bears_surname(person.canonical, lex, lower):
            for key in _surname_keys(person.canonical):
                full_by_surname[key].add(person.canonical)
            family, *given = person.canonical.lower().split()
            if person.evidence in GUESSED_EVIDENCE:
                continue
            full_by_given[family].add(person.canonical)
            if _family_name_first(family, given, lex, lower):
                full_by_family[family].add(person.canonical)
    short_generations = {  # "Trump Jr.": where the text writes the son so, "Trump" is not he
        p.canonical.lower().rsplit(" ", 1)[0] for p in people if _generation_surname(p.canonical)
    }
    for key, names in full_by_surname.items():
        elders = {name for name in names if name.lower().split()[-1] not in GENERATIONS}
        if key.split()[-1] not in GENERATIONS and (elders or key in short_generations):
            # "Trump" beside "Donald Trump" and "Donald Trump Jr." is the father; alone beside
            # "DaRon Holmes II", "Holmes" is he
            full_by_surname[key] = elders
    for person in people:  # "President Clinton" alone also makes "Clinton" a person here
        key = person.canonical.lower()
        if len(person.canonical.split()) == 1 and key not in full_by_surname and person.title:
            full_by_surname[key].add(person.canonical)
    reversed_names = _reversed_names(p.canonical for p in people if p.evidence != "unknown")
    spans: list[Span] = []
    introduced: list[tuple[int, str, str, str]] = []  # (start, title, qualifier, person)
    roles: list[Candidate] = []
    companies = companies_by_short_name(
        (c.canonical for c in candidates if c.kind == "entity" and c.label == "ORG"), lex
    )
    for candidate in candidates:
        if candidate.kind == "role":
            roles.append(candidate)
            continue
        canonical, resolved_by, label = candidate.canonical, "", candidate.label
        surface = text[candidate.start : candidate.end]
        guessed = candidate.evidence in GUESSED_EVIDENCE
        backwards = reversed_names.get(canonical.lower()) if guessed else None
        company = companies.get(canonical.lower())
        if company is not None and not candidate.title:
            # "Chrysler" after "Chrysler Corp": the company named again, not a person
            canonical, resolved_by, label = company, "alias", "ORG"
        elif backwards is not None and backwards != canonical:
            # "Lukashenko Alexander" in a caption beside "Alexander Lukashenko": surname first
            canonical, resolved_by, label = backwards, "alias", "PERSON"
        elif label in ("PERSON", "GPE", "LOC", "MISC", "ORG") and (
            len(surface.split()) == 1
            or _particle_surname(surface)
            or _generation_surname(canonical)
        ):
            # "Rutte" after "Mark Rutte"; "Clinton" is the person, not the town, after "Bill Clinton"
            word = surface.replace("’", "'").lower()
            if _generation_surname(canonical):
                word = canonical.lower()  # "Trump Jr" as "trump jr."
            full, how = full_by_surname.get(word, set()), "surname"
            place = lex.place(word) if label in ("GPE", "LOC") else None
            if (
                place is not None
                and not lex.name_word(word)
                and ("." in word or lex.country_or_state(phrase_key(place[0])))
            ):
                # "D.C." after a headline's "Mace Target D.C.": a country, a state or an
                # abbreviated place that no list knows as a name is nobody's surname (a town
                # may be: "Dole" after "Bob Dole")
                full = set()
            family_name = label == "PERSON" or lex.place(word) is None
            if not full and len(word) > 1 and word not in lower and family_name:
                # "Xi" after "Xi Jinping", "Kim" after "Kim Jong Un": the family name first
                full = full_by_family.get(word, set())
                full = full if len(full) == 1 else set()
            elif label != "PERSON" and not all(
                _opens_with_first_name(n, lex) or _ARTICLE.match(n.split()[-1].lower())
                for n in full
            ):
                # The model saw no person in "Rust"; "Rust Belt Rust", which no first name
                # opens, does not make it one. "Parnevik" after "Jesper Parnevik" still does.
                full = set()
            if not full and label == "PERSON" and word in lex.first_names and word not in lower:
                # "Shannon, 48, ..." after "Shannon Bennett": the one person of that given name
                given_name = full_by_given.get(word, set())
                full, how = (given_name if len(given_name) == 1 else set()), "given_name"
            if len(full) == 1 and next(iter(full)) != canonical:
                canonical, resolved_by, label = next(iter(full)), how, "PERSON"
            elif len(full) == 1:
                label = "PERSON"
        elif phrase_differs(text[candidate.start : candidate.end], canonical):
            resolved_by = "alias"
        if label == "PERSON" and candidate.title and is_person_name(canonical, lex):
            introduced.append((candidate.start, candidate.title, candidate.qualifier, canonical))
        spans.append(
            Span(
                candidate.start,
                candidate.end,
                surface,
                label,
                canonical,
                resolved_by,
                guessed=guessed and not resolved_by,
                model_alone=candidate.evidence == "model_alone" and not resolved_by,
            )
        )
    open_roles: list[Candidate] = []
    named = sorted(introduced)
    role_mentions: set[int] = set()  # starts of the role mentions resolved so far
    titled = {start for start, *_ in introduced}  # people named after their title
    people_by_end = {
        span.end: span.canonical
        for span in spans
        if span.label == "PERSON" and span.start not in titled  # "A Title B, Title C": a list
    }
    people_by_start = {span.start: span.canonical for span in spans if span.label == "PERSON"}
    for role in roles:
        if _OFFICE_AFTER.match(text, role.end):
            continue  # "the Head of the President's Office": an organisation's name, no one
        after = _NAME_AFTER.match(text, role.end)
        if after is not None:
            # "Vice President Pence", "Governor @MattBevin": a title, the name after it is the
            # holder's; only a person the document names so is meant.
            person = _named_after(text, after.end(), spans)
            if person is not None:
                spans.append(_role_span(text, role, person))
            continue
        beside = _in_apposition(text, role, people_by_end, people_by_start)
        if beside is not None:
            # "Antony J. Blinken, Secretary of State": the name's apposition is no mention of its
            # own, but says who holds the office ("The Secretary will travel" after it)
            introduced.append((role.start, role.title, role.qualifier, beside))
            named = sorted([*named, introduced[-1]])
            continue
        if _NO_HOLDER_BEFORE.search(text, max(0, role.start - 40), role.start):
            continue  # "an Attorney General who ...", "the next Senator", "ran for President"
        if _PAST_HOLDER_BEFORE.search(text, max(0, role.start - 20), role.start):
            role = replace(role, evidence=NAMED_HOLDER_ONLY)  # "the former Vice President"
        # "the Head of State" is left to resolve_roles, which knows the presidents the document
        # names without a title too ("Volodymyr Zelenskyy met President of Poland Andrzej Duda")
        holder = (
            None
            if role.title in lex.role_offices
            else _introduced_holder(role, named, role_mentions)
        )
        if holder is None:
            open_roles.append(role)
        else:
            spans.append(_role_span(text, role, holder[3]))
            # "The President of Ukraine ... the President": the next role of that title refers
            # back to this mention first, with the office its holder was introduced with.
            named = sorted([*named, (role.start, *holder[1:])])
            role_mentions.add(role.start)
    holders = [Holder(title, qualifier, person, date) for _, title, qualifier, person in introduced]
    spans.sort(key=lambda span: (span.start, span.end))
    return DocumentEntities(spans, open_roles, holders)


def companies_by_short_name(names: Iterable[str], lex: Lexicon | None = None) -> dict[str, str]:
    """Organisations whose name ends in a legal form ("Chrysler Corp", "Merrill Lynch and Co
    Inc"), by the name without it, lower-case ("chrysler", "merrill lynch"): how a text names
    the company again. Names that share a short name ("Merrill Lynch and Co", "Merrill Lynch
    and Co Inc") are taken for one company, under the shortest of them. A short name that
    ``lex`` lists as a country or state is that, not the company: "South Africa" stays the
    country beside "Gold Fields of South Africa Ltd" (a town or a planet does not: "Anthem"
    beside "Anthem Inc" is the insurer)."""
    found: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = name.replace(",", " ").split()
        while len(words) > 1 and words[-1].strip(".").lower() in LEGAL_FORMS:
            words.pop()
            if len(words) > 1 and words[-1].lower() in ("and", "&"):
                words.pop()
        short = " ".join(words)
        if lex is not None and lex.country_or_state(phrase_key(short)):
            continue
        if short != " ".join(name.replace(",", " ").split()):
            found[short.lower()].add(name)
    return {short: min(full, key=lambda name: (len(name), name)) for short, full in found.items()}


def _opens_with_first_name(name: str, lex: Lexicon) -> bool:
    """Whether a person's name starts with a listed first name (or an initial: "J. Smith")."""
    first = name.split()[0].rstrip(".")
    return first.lower() in lex.first_names or (len(first) == 1 and first.isupper())


def _family_name_first(
    family: str, given: list[str], lex: Lexicon, common_words: Collection[str]
) -> bool:
    """Whether a name may be written family name first ("Xi Jinping", "Kim Jong Un", "Ng Yat
    Chung"), so that its first word alone names the person: a short first word (East Asian family
    names are) that is a listed surname, or neither a listed first name nor a place, before words
    the text never writes in lower case ("Bihar Epidemic Disease" is no one's name)."""
    if len(family) > _FAMILY_NAME_LETTERS:
        return False
    if family not in lex.last_names and (family in lex.first_names or lex.place(family)):
        return False  # "Donald", "Bihar"; "Kim" is a surname as well as a town
    return not any(word in common_words for word in given)


#: Longest family name read first: Xi, Li, Kim, Park, Moon, Zhang, Huang.
_FAMILY_NAME_LETTERS = 5


def _bears_surname(name: str, lex: Lexicon, common_words: Collection[str]) -> bool:
    """Whether the surname of a full name, written alone elsewhere, may stand for this person:
    the name has a person's shape (:func:`is_person_name`: "All Fox" from a headline has not)
    and is no :func:`_place_surname` ("Embattled Alabama" must not take every "Alabama")."""
    return is_person_name(name, lex) and not _place_surname(name, lex, common_words)


def _place_surname(name: str, lex: Lexicon, common_words: Collection[str]) -> bool:
    """Whether a "person" ends in a listed place or organisation and starts with a word that is
    no given name: not a listed first name and a common word (``common_words``, the words the
    text writes in lower case) or a country ("Guarantee Ukraine" from "Guarantee Ukraine's
    energy security", "Embattled Alabama" from a headline). The place, written alone, is not
    taken for this person's surname; "Michael Jordan" keeps "Jordan", and "Barack Obama", whose
    given name no list holds and no text writes in lower case, keeps "Obama" (a Japanese city).
    A listed organisation that no list of names holds is never a surname ("Louisiana Democrats",
    a model's person, does not take every "Democrats")."""
    first, *_, last = name.split()
    known = lex.place(phrase_key(last))
    if known is None:
        return False
    if known[1] == "ORG" and len(last) > _SHORTEST_BODY and not lex.name_word(phrase_key(last)):
        return True  # "Louisiana Democrats": a listed body that is nobody's surname ("Un" may be)
    given = phrase_key(first)
    if given in lex.first_names or len(given.rstrip(".")) == 1:
        return False
    return given in common_words or given in _not_name_words(lex)


#: Letters of the longest listed body's name that may also be a syllable of a name ("Un", "Ma").
_SHORTEST_BODY = 3


def phrase_differs(surface: str, canonical: str) -> bool:
    """Whether a surface form names its canonical entity differently (not just in case/spacing)."""
    return " ".join(surface.replace("’", "'").lower().split()) != canonical.lower()


#: Between a name and its apposition: a comma, perhaps an article ("Ned Price, the spokesman").
_APPOSITION_BEFORE = re.compile(r",[ \t]*(?:the[ \t]+)?$", re.I)
_APPOSITION_AFTER = re.compile(r",[ \t]*")
_CLAUSE_END = re.compile(r"[,.;:!?\n]")


def _in_apposition(
    text: str, role: Candidate, people_by_end: Mapping[int, str], people_by_start: Mapping[int, str]
) -> str | None:
    """The person a role is an apposition to, named right beside it after a comma ("Antony J.
    Blinken, Secretary of State") or before one ("the US president, Donald Trump"), else
    ``None``: the sentence names the holder, so the role is no mention of its own."""
    before = _APPOSITION_BEFORE.search(text, max(0, role.start - 8), role.start)
    if before is not None and before.start() in people_by_end:
        clause = _CLAUSE_END.search(text, role.end)
        stop = clause.start() if clause is not None else len(text)
        if any(role.end <= start < stop for start in people_by_start):
            return None  # "Denys Shmyhal, Head of the President's Office Andriy Yermak": a list
        return people_by_end[before.start()]
    after = _APPOSITION_AFTER.match(text, role.end)
    return people_by_start.get(after.end()) if after is not None else None


def _role_span(text: str, role: Candidate, person: str) -> Span:
    return Span(role.start, role.end, text[role.start : role.end], "PERSON", person, "role")


def _titles_match(role_title: str, person_title: str) -> bool:
    """ "Secretary of Defense" is the "Secretary"'s office; "Secretary General" is not."""
    return role_title == person_title or role_title.startswith(person_title + " of ")


def _qualifiers_match(role_qualifier: str, person_qualifier: str) -> bool:
    """Whether a role's office and a holder's can be one: the same, or either unnamed. An office
    the parser could not name (:data:`UNKNOWN_OFFICE`) matches only itself."""
    if role_qualifier == person_qualifier:
        return True
    if role_qualifier.startswith(UNKNOWN_OFFICE) or person_qualifier.startswith(UNKNOWN_OFFICE):
        return False
    return not role_qualifier or not person_qualifier


#: What makes a role the start of an organisation's name: "President's Office", "Prime
#: Minister's Office", "President's Administration".
#: What makes a role mention name no one in particular: an indefinite article or a quantifier,
#: perhaps with capitalised modifiers between ("a pro-Trump Attorney General", "every GOP
#: Congressman"); a holder still to come ("the next Senator"); or the office as a goal ("ran for
#: President", "to be President").
_NO_HOLDER_BEFORE = re.compile(
    r"(?:(?<![\w-])(?:a|an|any|every|each|no|another|whichever)\s+"
    r"(?:(?:(?-i:[A-Z])[\w.'’]*|\w+-[\w-]+)\s+){0,3}"
    r"|(?<![\w-])(?:next|future|incoming|would-be|new|newest|newly[\s-]elected)[\s-]+"
    r"|(?<![\w-])(?:for|be|become|became)\s+"
    # a list of offices after "for": "nominees for Governor, Attorney General, and ..."
    r"(?:(?-i:[A-Z])[\w.'’]*(?:\s+(?:(?:of|the)\s+)*(?-i:[A-Z])[\w.'’]*)*,\s+(?:(?:and|or)\s+)?)*"
    r")$",
    re.I,
)
#: What makes a role mention name a holder other than the present one ("the former CEO",
#: "then-Senator", "the acting Director"): only a holder the document names can be meant.
_PAST_HOLDER_BEFORE = re.compile(r"(?<![\w-])(?:former|ex|then|late|acting|interim)[\s-]+$", re.I)
#: The ``evidence`` of such a role mention (see :func:`resolve_roles`).
NAMED_HOLDER_ONLY = "named_holder_only"
_OFFICE_AFTER = re.compile(r"['’]s\s+(?:Office|Administration|Secretariat|Cabinet)\b")
#: A name or handle right after a role, which the role titles ("Vice President Pence",
#: "Governor @MattBevin"): the role is that person's title, not a mention of the holder.
_NAME_AFTER = re.compile(r"[ \t]+(?=@\w|[A-Z][a-z])")
_WORD_AFTER = re.compile(r"@?\w+")


def _named_after(text: str, start: int, spans: Sequence[Span]) -> str | None:
    """The document's one person whose surname is the word (or is in the handle) at ``start``:
    "Trump" in "President Trump", "@realDonaldTrump" -> "Donald Trump"; ``None`` when no
    person or several fit."""
    word = _WORD_AFTER.match(text, start)
    if word is None:
        return None
    token = word.group().lower()
    people = {
        span.canonical
        for span in spans
        if span.label == "PERSON"
        and " " in span.canonical
        and (
            span.canonical.split()[-1].lower() in token
            if token.startswith("@")
            else span.canonical.split()[-1].lower() == token
        )
    }
    return next(iter(people)) if len(people) == 1 else None


def _introduced_holder(
    role: Candidate, named: list[tuple[int, str, str, str]], role_mentions: Collection[int] = ()
) -> tuple[int, str, str, str] | None:
    """The ``(start, title, qualifier, person)`` the document named with the role's title (a
    person introduced with it, or a role mention already resolved, whose starts are
    ``role_mentions``): the role mention nearest before, else the one person so named, nearest
    before or first after. ``named`` is in text order. Two people named with the title and no
    role mention before to follow make the role ambiguous ("President Trump ... President
    Zelenskiy ... the President"): unresolved."""
    matches = [
        entry
        for entry in named
        if _titles_match(role.title, entry[1]) and _qualifiers_match(role.qualifier, entry[2])
    ]
    if role.qualifier and len({match[3] for match in matches}) > 1:
        # "the President of Belarus" beside the presidents of Russia and Belarus: the one named
        # with that office, if only one was
        same_office = [match for match in matches if match[2] == role.qualifier]
        if len({match[3] for match in same_office}) == 1:
            matches = same_office
    before = [match for match in matches if match[0] < role.start]
    if before and before[-1][0] in role_mentions:
        return before[-1]  # "The President of Ukraine ... the President": the same one
    if not matches or len({match[3] for match in matches}) > 1:
        return None
    return before[-1] if before else matches[0]


# --- corpus level ------------------------------------------------------------------------------

_SKELETON_RULES = (("kh", "h"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("ou", "u"), ("j", "y"))


@lru_cache(maxsize=65536)
def name_skeleton(name: str) -> str:
    """A spelling-blind key for a person's name: "Zelenskyy", "Zelensky", "Zelenskiy" agree.

    Cached: corpus-wide name merging asks for the same names' skeletons again and again.

    Accents, case and punctuation are dropped and a hyphen parts words as a space does ("Kim
    Jong-un" is "Kim Jong Un"); common transliteration pairs (kh/h, w/v, j/y, ou/u) and "iy",
    "yi", "ij", a final "i" are folded to "y"; doubled letters collapse.
    """
    folded = unicodedata.normalize("NFKD", name.replace("-", " ").replace("‐", " "))
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


@lru_cache(maxsize=65536)
def _spelled_surname(word: str) -> str:
    """A surname as spelled, up to case, accents and the endings transliterations vary
    ("Zelenskyy", "Zelensky", "Zelenskiy" agree; "Franken" and "Francken" do not)."""
    folded = unicodedata.normalize("NFKD", _ARTICLE.sub("", word.lower()))  # "al-Assad"
    letters = "".join(char for char in folded if "a" <= char <= "z")
    for old in ("iy", "yi", "ii", "yy"):
        letters = letters.replace(old, "y")
    if letters.endswith("i") and len(letters) > 3:
        letters = letters[:-1] + "y"
    return letters


#: Candidate evidence that is a guess, dropped corpus-wide where the word is a common one: the
#: rules' capitalised words of unknown type, a model entity resting on a sentence-initial
#: capital alone, and a one-word place no list knows ("Hero", "Fatherland"; see
#: :mod:`analysis.extract.entities.model_backend`).
GUESSED_EVIDENCE = frozenset({"unknown", "initial", "unlisted"})
#: Share of a surname's mentions the main bearer needs before a lone surname is taken as theirs.
DOMINANT_SHARE = 0.8
#: Vowel classes that transliterations exchange: "a"/"o" (Oleksandr / Aleksandr), "e"/"i"/"y"
#: (Andrey / Andriy); "u" stays apart (Hassan / Hussein are two names).
_VOWEL_CLASS = {"a": "a", "o": "a", "e": "i", "i": "i", "y": "i", "u": "u"}


#: Shortest skeleton whose vowels may vary between spellings of one name.
TRANSLITERATED_LENGTH = 5


def _transliterated(a: str, b: str) -> bool:
    """Whether two first-name skeletons are one name transliterated: the same consonants in the
    same order, and vowels of the same classes (:data:`_VOWEL_CLASS`), one group more or less
    allowed ("Volodymyr" / "Vladimir", "Mykhailo" / "Mikhail"); "Brian" / "Boris" and "Mohammad"
    / "Mahmoud" are different names."""
    if min(len(a), len(b)) < TRANSLITERATED_LENGTH:
        return False  # "Dan" / "Don": short names differ by one vowel
    consonants_a, vowels_a = _shape(a)
    consonants_b, vowels_b = _shape(b)
    if consonants_a != consonants_b:
        return False
    short, long = sorted((vowels_a, vowels_b), key=len)
    if len(long) - len(short) > 1:
        return False
    remaining = iter(long)
    return all(vowel in remaining for vowel in short)  # ``short`` is a subsequence of ``long``


def _shape(skeleton: str) -> tuple[str, str]:
    """The consonants of a skeleton (its first letter always counted) and the class of each
    group of vowels after it."""
    consonants, vowels = skeleton[:1], []
    previous_vowel = False
    for char in skeleton[1:]:
        vowel = _VOWEL_CLASS.get(char)
        if vowel is None:
            consonants += char
        elif not previous_vowel:
            vowels.append(vowel)
        previous_vowel = vowel is not None
    return consonants, "".join(vowels)


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=65536)
def _same_first_name(a: str, b: str) -> bool:
    """Whether two first names (as written) can be one person's: the same name up to spelling
    (:func:`name_skeleton`), an initial of it, a transliteration (:func:`_transliterated`), or a
    nickname of it in the ``nicknames`` package's hand-curated list ("Joe" / "Joseph", "Bill" /
    "William"). Anything else is two people ("Brian Johnson" is not "Boris Johnson")."""
    skeleton_a, skeleton_b = name_skeleton(a), name_skeleton(b)
    if not skeleton_a or not skeleton_b:
        return False
    lower_a, lower_b = a.lower().strip("."), b.lower().strip(".")
    nicknames = _nicknamer()
    if lower_b in nicknames.nicknames_of(lower_a) or lower_a in nicknames.nicknames_of(lower_b):
        return True
    if skeleton_a[0] != skeleton_b[0]:
        return False
    if skeleton_a == skeleton_b or len(skeleton_a) == 1 or len(skeleton_b) == 1:
        return True
    return _transliterated(skeleton_a, skeleton_b)


def corpus_person_map(
    names: Iterable[str],
    common_words: Collection[str] = frozenset(),
    spread: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """Map each person name (one entry per mention) to the corpus-wide canonical spelling.

    Full names with the same surname skeleton (:func:`name_skeleton`) and compatible first names
    (an initial, or a close spelling: "Volodymyr Zelenskyy", "Volodymir Zelensky", "V.
    Zelenskyy") are one person; the most frequent spelling is the canonical name (then the
    longest, then alphabetical order). A one-word name is that surname's person when there is
    one, or one with at least :data:`DOMINANT_SHARE` of the mentions; otherwise it stays itself.
    Only a full name that may bear its surname alone (:func:`_bears_surname`; ``common_words``
    are the words the corpus writes in lower case) takes it. Given ``spread`` (how many
    documents write each name), a one-word name joins a person only as
    :func:`_known_across_documents` allows: the one-word names left to this map are those their
    own documents did not resolve to a full name.
    """
    counts = Counter(names)
    lex = lexicon()
    mapping: dict[str, str] = {name: name for name in counts if not name_skeleton(name).strip()}
    by_surname: dict[str, list[list[str]]] = defaultdict(list)
    full_names = [name for name in counts if len(name.split()) > 1 and name not in mapping]
    for name in sorted(full_names, key=lambda name: (-counts[name], -len(name), name)):
        *rest, last = name.split()
        if last.lower() in GENERATIONS:
            # "Donald Trump Jr." is not "Donald Trump", and "II" is no surname
            key = f"{name_skeleton(' '.join(rest)).split()[-1]} {last.lower()}"
        else:
            key = name_skeleton(name).split()[-1]
        clusters = by_surname[key]
        for cluster in clusters:
            if _same_first_name(name.split()[0], cluster[0].split()[0]):
                cluster.append(name)
                break
        else:
            clusters.append([name])
    weight: dict[str, int] = {}
    documents: dict[str, int] = {}
    for clusters in by_surname.values():
        for cluster in clusters:
            for member in cluster:
                mapping[member] = cluster[0]
            weight[cluster[0]] = sum(counts[member] for member in cluster)
            if spread is not None:
                documents[cluster[0]] = sum(spread.get(member, 0) for member in cluster)
    singles: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        if len(name.split()) == 1 and name not in mapping:
            singles[name_skeleton(name)].append(name)
    for skeleton, members in singles.items():
        # A lone surname goes to a full name only when it spells that surname (up to the
        # endings transliteration varies: "Zelensky" / "Zelenskyy"): the skeleton alone would
        # give "Franken" to "Theo Francken" and "Pharrell" to "Henry Farrell".
        spelled = {_spelled_surname(member) for member in members}
        bearers = sorted(
            (
                cluster[0]
                for cluster in by_surname.get(skeleton, [])
                if spelled & {_spelled_surname(member.split()[-1]) for member in cluster}
                and _bears_surname(cluster[0], lex, common_words)
            ),
            key=lambda n: -weight[n],
        )
        if (
            spread is not None
            and bearers
            and not _known_across_documents(members, documents[bearers[0]], lex, common_words)
        ):
            bearers = []
        total = sum(weight[bearer] for bearer in bearers)
        if bearers and weight[bearers[0]] >= DOMINANT_SHARE * total:
            for member in members:
                mapping[member] = bearers[0]
            continue
        # No full name to join: one-word names are one only when they spell one surname
        # ("Zelensky", "Zelenskyy"), not when they merely share a skeleton ("Love", "Lowe").
        spellings: dict[str, list[str]] = defaultdict(list)
        for member in members:
            spellings[_spelled_surname(member)].append(member)
        for same in spellings.values():
            target = min(same, key=lambda name: (-counts[name], name))
            for member in same:
                mapping[member] = target
    return mapping


def _known_across_documents(
    words: Collection[str], documents: int, lex: Lexicon, common_words: Collection[str]
) -> bool:
    """Whether a one-word name (its spellings ``words``) in a document that never names the
    person in full may stand for a person the corpus names in full in ``documents`` documents.

    A person named in several documents is a figure of the corpus: "Trump" alone is Donald
    Trump. A person named in one story only takes the word only when it is nobody else's: no
    listed given name or surname, no place, no word the corpus writes in lower case. On 235
    stories of many outlets, "Taylor" in a Taylor Swift story had become a patient of a medical
    story, "Mars" the planet Bruno Mars, "Son" a footballer Masayoshi Son; "Muralitharan" still
    joins the one bowler of that name.
    """
    if documents >= 2:
        return True
    return not any(
        lex.name_word(key) or key in common_words or lex.place(key)
        for key in map(phrase_key, words)
    )


#: title -> qualifier -> person -> (first date, last date) seen in office ("" when undated)
Offices = dict[str, dict[str, dict[str, tuple[str, str]]]]


def office_tenures(holders: Iterable[Holder]) -> Offices:
    """Index the corpus's office holders by title and qualifier, with each one's dated tenure.

    Only names shaped like a person's (:func:`is_person_name`) hold offices.
    """
    lex = lexicon()
    offices: Offices = defaultdict(lambda: defaultdict(dict))
    for holder in holders:
        if not is_person_name(holder.person, lex):
            continue
        people = offices[holder.title][holder.qualifier]
        first, last = people.get(holder.person, ("", ""))
        if holder.date:
            first = min(first, holder.date) if first else holder.date
            last = max(last, holder.date)
        people[holder.person] = (first, last)
    return {title: dict(by_qualifier) for title, by_qualifier in offices.items()}


def _candidates(
    role: Candidate, offices: Offices
) -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
    """The people who held the role's office, with their tenures merged across qualifiers, and
    the qualifiers each was seen with ("NATO" for "NATO Secretary General Mark Rutte").

    A role that stands for another office ("head of state": ``role_offices.txt``) takes that
    office's holders who held it for a country or with none named, never only for an
    organisation ("President of the European Commission").
    """
    lex = lexicon()
    office = lex.role_offices.get(role.title)
    titles = [office] if office else [role.title]
    if not office and " of " in role.title:
        titles.append(role.title.split(" of ", 1)[0])
    people: dict[str, tuple[str, str]] = {}
    qualifiers: dict[str, set[str]] = defaultdict(set)
    for title in titles:
        for qualifier, holders in offices.get(title, {}).items():
            if not _qualifiers_match(role.qualifier, qualifier):
                continue
            if office and role.qualifier and qualifier != role.qualifier:
                continue  # "Head of State of Brunei" is Brunei's president, not one unqualified
            for person, (first, last) in holders.items():
                old_first, old_last = people.get(person, ("", ""))
                firsts = [date for date in (first, old_first) if date]
                people[person] = (min(firsts) if firsts else "", max(last, old_last))
                if qualifier:
                    qualifiers[person].add(qualifier)
    if office:
        national = _national_holders(offices.get(office, {}))
        people = {person: tenure for person, tenure in people.items() if person in national}
    return people, qualifiers


def _national_holders(by_qualifier: dict[str, dict[str, tuple[str, str]]]) -> set[str]:
    """Holders of an office seen holding it for a country ("President of France"), or only ever
    with no qualifier ("President Macron"), not for an organisation."""
    national: set[str] = set()
    organisational: set[str] = set()
    for qualifier, holders in by_qualifier.items():
        if not qualifier:
            continue
        if _is_place(qualifier):
            national |= holders.keys()
        else:
            organisational |= holders.keys()
    return national | (by_qualifier.get("", {}).keys() - organisational)


@cache
def _is_place(qualifier: str) -> bool:
    """Whether an office's qualifier is a country or city ("France"), not an organisation."""
    place = lexicon().place(phrase_key(qualifier))
    return place is not None and place[1] == "GPE"


def resolve_roles(
    roles: list[Candidate],
    named: Iterable[str],
    date: str,
    offices: Offices,
    present: set[str],
    counts: Counter[str] | None = None,
    memo: dict[tuple[str, str], tuple] | None = None,
) -> dict[int, str]:
    """Resolve a document's open role mentions from the corpus's office holders.

    ``named`` are the (corpus-canonical) people the document names, in the order it first names
    them, ``present`` every entity it names (organisations, countries), ``counts`` how often it
    names each. Returns ``start -> person`` for the roles resolved:

    - to the one holder of that office the document names, if there is exactly one;
    - for a role that stands for a country's office ("the Head of State") when the document names
      several of its holders, to the one it names most often (a release is about its own
      president), on a tie the first it names;
    - otherwise by ``date``, among the holders whose office the document names ("NATO" for a
      "NATO Secretary General"), when they all hold one office ("NATO", not "Russia" and
      "Ukraine") and their tenures (the span of dates each was seen in office) do not overlap:
      the latest to take office before the date; never for a past holder ("the former CEO",
      :data:`NAMED_HOLDER_ONLY`), whom only the document can name. An office nobody qualified ("Prime Minister
      Mikhail Mishustin") is never resolved by date: in a corpus from several countries the
      same title names several offices.

    ``memo`` (a dict the caller keeps while ``offices`` does not change) remembers each office's
    holders across documents: a corpus repeats its roles.
    """
    order = list(dict.fromkeys(named))
    role_offices = lexicon().role_offices
    counts = counts or Counter()
    resolved: dict[int, str] = {}
    memo = {} if memo is None else memo
    for role in roles:
        office = (role.title, role.qualifier)
        if office not in memo:
            memo[office] = _candidates(role, offices)
        people, qualifiers = memo[office]
        in_document = [person for person in order if person in people]
        if len(in_document) == 1:
            resolved[role.start] = in_document[0]
            continue
        if in_document and role.title in role_offices:
            resolved[role.start] = min(in_document, key=lambda person: -counts[person])
            continue
        if in_document or not date or role.evidence == NAMED_HOLDER_ONLY:
            continue
        eligible = {
            person: tenure for person, tenure in people.items() if qualifiers[person] & present
        }
        offices_named = set().union(*(qualifiers[person] & present for person in eligible))
        if len(offices_named) != 1:
            continue
        person = _holder_by_date(eligible, date)
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
