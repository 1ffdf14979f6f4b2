"""Named entities an analyst can trust: people, organisations, places, one name for each.

Two entry points:

- :func:`extract_entities` reads one document: it finds the entities and resolves aliases within
  it ("Mr Rutte" and "the Secretary General" are "Mark Rutte" when the document names him).
- :func:`entity_mentions` reads a corpus and returns the mentions table. On top of the
  per-document work it merges spelling variants across documents ("Zelensky", "Zelenskyy"), ties
  lone surnames to the one full name they belong to, resolves role mentions to the person who held
  the office at the document's date (learned from the corpus itself; "the Head of State" to the
  president the document names), gives a short organisation name the full name its document makes
  clear ("Office of the President" -> "Office of the President of Ukraine"), lets each entity
  keep one label, and finally applies the user's alias table (:mod:`analysis.extract.aliases`), whose
  rules win. An unresolved role is no one: it produces no mention.

The default backend (``"model"``) is the NER model shipped in the package, with the rules and
gazetteers around it (:mod:`analysis.extract.entities.model_backend`); ``"rules"`` is the rules
alone: word lists, gazetteers and patterns (:mod:`analysis.extract.entities.rules`), faster and
weaker on text nobody tuned them on. ``"spacy"`` or ``"spacy:PIPELINE"`` uses an installed spaCy
pipeline instead (:mod:`analysis.extract.entities.spacy_backend`), with the same alias resolution.

Labels are those of :data:`analysis.core.schema.ENTITY_LABELS`: PERSON, ORG, GPE (countries, cities),
LOC (regions: "Indo-Pacific", "Middle East"), NORP (nationalities, "Allied"; kept apart so they
do not crowd the charts) and MISC (capitalised names of unknown type).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace

import pandas as pd

from analysis.core.schema import ENTITY_LABELS, mentions_frame, mentions_from_columns
from analysis.core.word_lists import read_entries
from analysis.extract.entities.inside import names_inside
from analysis.extract.entities.lexicon import LEGAL_FORMS, Lexicon, lexicon, phrase_key
from analysis.extract.entities.non_names import common_noun_acronyms, language_spans
from analysis.extract.entities.resolve import (
    DOMINANT_SHARE,
    DocumentEntities,
    Offices,
    Span,
    companies_by_short_name,
    corpus_person_map,
    is_person_name,
    office_tenures,
    resolve_document,
    resolve_roles,
)
from analysis.extract.entities.rules import (
    Candidate,
    document_lower_words,
    extract_candidates,
    is_initial,
    is_word_char,
    lower_case_words,
    opens_line,
    title_case_stretches,
)

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "Span",
    "available_backends",
    "corpus_entity_mentions",
    "english_word_opening_a_sentence",
    "entity_mentions",
    "extract_entities",
    "organisation_context",
]

#: Backend names: the shipped model with the rules around it (the default), the rules alone (fast,
#: no model), or an installed spaCy pipeline ("spacy:NAME" picks one).
BACKENDS = ("model", "rules", "spacy")
#: The backend used unless the caller picks another.
DEFAULT_BACKEND = "model"


def extract_entities(
    text: str, *, date: str | None = None, backend: str = DEFAULT_BACKEND
) -> list[Span]:
    """The entities of one document, in text order, with aliases resolved within the document.

    ``text[span.start:span.end] == span.text`` for every span. Role mentions are kept only when
    the document itself names the office holder (``resolved_by="role"``), as if the document
    were a corpus of one; resolving them from other documents is :func:`entity_mentions`' job.
    """
    candidates = next(candidate_lists([text], backend))
    document = resolve_document(text, candidates, date or "")
    names = [s.canonical for s in document.spans if s.label == "PERSON"]
    people = corpus_person_map(names, document_lower_words(text))
    offices = office_tenures(
        replace(holder, person=people.get(holder.person, holder.person))
        for holder in document.holders
    )
    words, lex = person_name_words([*people, *people.values()]), lexicon()
    return [
        _unknown_lone_name(text, span, words, lex)
        for span in _corpus_spans(text, date or "", document, people, offices)
    ]


def entity_mentions(
    documents: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    backend: str = DEFAULT_BACKEND,
) -> pd.DataFrame:
    """The entity mentions of a corpus: ``analysis.core.schema.MENTION_COLUMNS``, one row a mention.

    ``documents`` needs ``doc_id`` and ``text``; ``date`` (``YYYY-MM-DD`` or empty) is used to
    resolve role mentions. ``term`` is the corpus-wide canonical name, ``surface`` the text as
    written. Rows come in document order, then text order, so the result is deterministic.
    User ``aliases`` (see :mod:`analysis.extract.aliases`) are applied last and win; excluded entities
    produce no rows.
    """
    doc_ids = [str(doc_id) for doc_id in documents["doc_id"]]
    texts = [str(text) if isinstance(text, str) else "" for text in documents["text"]]
    dates = _dates(documents)
    resolved = [
        resolve_document(text, candidates, date)
        for text, candidates, date in zip(
            texts, candidate_lists(texts, backend), dates, strict=True
        )
    ]
    return corpus_entity_mentions(
        doc_ids, texts, dates, resolved, lower_case_words(texts), aliases=aliases
    )


def corpus_entity_mentions(
    doc_ids: Sequence[str],
    texts: Sequence[str],
    dates: Sequence[str],
    resolved: Sequence[DocumentEntities],
    common_words: set[str],
    aliases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The entity mentions table from per-document results, as
    :func:`entity_mentions` computes it from the texts.

    The cross-document steps of ``entity_mentions`` (person names merged across documents, roles
    resolved by office holders' dates, one label per entity, the user's aliases), applied to
    results that may come from the cache or from other processes. ``common_words`` is
    :func:`analysis.extract.entities.rules.lower_case_words` of the corpus.
    """
    people = corpus_person_map(
        (
            span.canonical
            for document in resolved
            for span in document.spans
            if span.label == "PERSON" or (span.label == "MISC" and " " not in span.canonical)
        ),
        common_words,
        Counter(  # how many documents name each person
            name
            for document in resolved
            for name in {span.canonical for span in document.spans if span.label == "PERSON"}
        ),
    )
    offices = office_tenures(
        replace(holder, person=people.get(holder.person, holder.person))
        for document in resolved
        for holder in document.holders
    )
    lex = lexicon()
    companies = companies_by_short_name(
        {span.canonical for document in resolved for span in document.spans if span.label == "ORG"},
        lex,
    )
    name_words = person_name_words([*people, *people.values()])  # every person name, as written
    organisations = Counter(  # how many documents name each organisation
        name
        for document in resolved
        for name in {span.canonical for span in document.spans if span.label == "ORG"}
    )
    rows = []
    said_of_organisations = []  # per row: whether its words speak of an organisation
    memo: dict[tuple[str, str], tuple] = {}  # each office's holders, looked up once
    per_document = [
        companies_read_as_places(
            text,
            [
                _unknown_lone_name(text, span, name_words, lex)
                for span in _corpus_spans(text, date, document, people, offices, memo)
            ],
        )
        for text, date, document in zip(texts, dates, resolved, strict=True)
    ]
    headlines = [title_case_stretches(text) for text in texts]
    named_in_prose = {  # names the corpus writes outside headlines somewhere
        span.canonical
        for spans, stretches in zip(per_document, headlines, strict=True)
        for span in spans
        if not _in_stretches(span, stretches)
    }
    for doc_id, text, document, spans, stretches in zip(
        doc_ids, texts, resolved, per_document, headlines, strict=True
    ):
        titled = {people.get(holder.person, holder.person) for holder in document.holders}
        for span in spans:
            company = companies.get(span.canonical.lower()) if span.label != "ORG" else None
            if company is not None and span.resolved_by != "role":
                # "Chrysler" in a story that never writes "Chrysler Corp", as others do
                span = replace(span, label="ORG", canonical=company, guessed=False)
            words = span.text.lower().split()
            if span.guessed:
                if any(word in common_words for word in words) or (
                    english_word_opening_a_sentence(text, span.start, span.end)
                ):
                    if span.label != "PERSON" or len(words) == 1:
                        continue  # "Order", "Platform": capitalised here, a common word elsewhere
                    span = replace(span, label="MISC")  # "Great Victory" is no one's name
            elif (
                span.label in ("MISC", "ORG")
                and not all(word in common_words for word in words)
                and organisation_context(text, span.start, span.end)
            ):
                # "Hachette employees", "told BT", "Lenoge's product": how a text speaks of a
                # company, whatever the model made of its name
                span = replace(span, label="ORG")
                said_of_organisations.append(len(rows))
            elif (
                span.model_alone
                and span.label == "ORG"
                and organisations[span.canonical] < MIN_ORGANISATION_DOCUMENTS
            ) or (
                _in_stretches(span, stretches)
                and _unsupported_in_a_headline(
                    text, span, named_in_prose, titled, common_words, lex
                )
            ):
                if all(word in common_words for word in words):
                    continue  # "Courtesy", "Subscribe Now": common words, capitalised
                # "Zopiclone", "RAV4 Hybrid": a product; "Brain Chip Draws Massive Crowds": a
                # headline's words
                span = replace(span, label="MISC")
            rows.append((doc_id, span.canonical, span.label, span.start, span.end, span.text))
    if not rows:
        frame = mentions_frame([])
    else:
        # The finishing steps read and write whole columns: Python lists, one DataFrame at the end.
        row_doc_ids, terms, labels, starts, ends, surfaces = map(list, zip(*rows, strict=True))
        _surnames_over_cities(terms, labels, surfaces, lex)
        full_names = _plain_full_names(terms, labels, lex, common_words)
        _surnames_beside_their_person(
            row_doc_ids, terms, labels, surfaces, full_names, lex, common_words
        )
        votes = _person_word_votes(terms, surfaces, full_names, lex)
        _last_words_of_organisations(row_doc_ids, terms, labels, lex)
        terms = _expand_short_names(row_doc_ids, terms, labels, starts, ends)
        votes.update(_organisation_votes(terms, labels, said_of_organisations))
        frame = mentions_from_columns(
            row_doc_ids,
            "entity",
            terms,
            _one_label_each(terms, labels, votes),
            starts,
            ends,
            surfaces,
        )
    if aliases is not None and len(aliases):
        from analysis.extract.aliases import apply_aliases

        frame = apply_aliases(frame, aliases)
    return frame


#: An organisation that only the model sees stays one when the corpus names it an organisation in
#: at least this many documents ("Senate", "Fed" across a political corpus); in fewer it is a
#: product or a page's furniture more often than not.
MIN_ORGANISATION_DOCUMENTS = 3


#: Words that, right after a name, make it an organisation's: its people, its acts of business.
_ORGANISATION_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:employees|staff(?:ers)?|spokes(?:man|woman|person)|executives?|shareholders"
    r"|subsidiary|subsidiaries|founder|co-founder|ceo|chief executive|editors?|announced|acquired"
    r"|cancell?ed|confirmed|declined to comment)\b",
    re.IGNORECASE,
)
#: Words that, right before a name, make it an organisation's.
_ORGANISATION_BEFORE = re.compile(
    r"\b(?:acquired by|owned by|shares of|stake in|spokes(?:man|woman|person) for"
    r"|(?:chairman|chief executive|ceo|founder) of"
    r"|(?:employees|staff|executives?|shareholders) (?:of|at)|works? (?:for|at)|told)\s+$"
)


#: A line break that only wraps a sentence: the line before ends in a comma, a hyphen or a word
#: that ends no sentence or title ("brokers Phillips and\nDrew said").
_WRAPPED_LINE = re.compile(
    r"(?:[,-]|\b(?:and|or|of|the|a|an|for|to|in|at|by|with|from))[ \t]*\r?\n[ \t]*$"
)
#: A word and a full stop right before a word: an abbreviation's ("Ga. Senate", "Sen. Lee") or
#: initials ("U.S. Navy") end no sentence.
_WORD_AND_STOP_BEFORE = re.compile(r"(?<![\w.])([A-Za-z]+|(?:[A-Z]\.)+[A-Z])\.[ \t]+$")
#: Abbreviations that end in a full stop and are neither a title nor a state's.
_ABBREVIATIONS = frozenset({"st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "mt", "ft"})


def _after_an_abbreviation(text: str, start: int, lex: Lexicon) -> bool:
    """Whether ``text[start]`` follows an abbreviation's full stop, not a sentence's end: a
    state's ("Ga."), a title's ("Sen."), a company's ("Inc."), or initials ("U.S.")."""
    match = _WORD_AND_STOP_BEFORE.search(text, max(0, start - 12), start)
    if match is None:
        return False
    word = match.group(1)
    key = word.lower()
    return (
        "." in word
        or key in _ABBREVIATIONS
        or lex.place(f"{key}.") is not None
        or key in lex.honorifics
        or key in lex.titles
    )


#: What follows a name and not a common word: a possessive, a verb of speech, a title ("Moody's
#: said", "Nova said", "Inland Chairman Frank Luerssen").
_NAME_AFTER = re.compile(
    r"(?:['’]s\b|\s+(?:said|says|told|added|chairman|president|chief)\b)", re.IGNORECASE
)


def english_word_opening_a_sentence(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one English word in title case whose capital is only its
    sentence's ("Courtesy of Dylan Tinsley", "Crews working to put out hotspots", "Register
    now", "Invoking powers granted under …"): a dictionary word (``analysis/data/english``)
    that opens a sentence, a line or a clause, and that no possessive, verb of speech or title
    follows ("Moody's said", "Nova said", "Inland Chairman …" are names).

    A corpus that writes the word in lower case elsewhere tells as much, but a small one (a few
    dozen uploaded articles) seldom does; for a guessed name, the dictionary stands in for it.
    A line break that only wraps a sentence (hard-wrapped wire copy) or an abbreviation's full
    stop ("Ga. Senate candidate") does not open one."""
    surface = text[start:end]
    if " " in surface or not surface.istitle() or not is_initial(text, start):
        return False
    lex = lexicon()
    if surface.lower() not in lex.english:
        return False
    return not (
        _WRAPPED_LINE.search(text, max(0, start - 40), start)
        or _after_an_abbreviation(text, start, lex)
        or _NAME_AFTER.match(text, end)
    )


def organisation_context(text: str, start: int, end: int) -> bool:
    """Whether the words around ``text[start:end]`` speak of an organisation: its employees,
    spokesman or shareholders right after the name ("Hachette employees"), an act of business
    ("Arcade announced", "Hachette acquired"), or before it "acquired by", "a stake in",
    "told" ("told BT"). The model, trained on 1996 newswire, types a company it has never seen
    as a product (MISC); these contexts hold for any company."""
    return bool(
        _ORGANISATION_AFTER.match(text, end)
        or _ORGANISATION_BEFORE.search(text[max(0, start - 40) : start])
    )


def companies_read_as_places(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with a guessed place that its document speaks of as an organisation ("Sears CEO
    Alan Lacy", "shares of Sears", where the model read "Sears" as a place no list holds) made
    that organisation wherever the document writes it."""
    companies = {
        span.canonical
        for span in spans
        if span.guessed
        and span.label in ("GPE", "LOC")
        and organisation_context(text, span.start, span.end)
    }
    if not companies:
        return spans
    return [
        replace(span, label="ORG", guessed=False)
        if span.guessed and span.label in ("GPE", "LOC") and span.canonical in companies
        else span
        for span in spans
    ]


def _in_stretches(span: Span, stretches: list[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in stretches)


def _unsupported_in_a_headline(
    text: str,
    span: Span,
    named_in_prose: set[str],
    titled: set[str],
    common_words: set[str],
    lex: Lexicon,
) -> bool:
    """Whether a name found inside a Title-Case headline (where every word has a capital) has
    nothing else behind it: the corpus never writes it in prose, the lists do not know it, and
    its shape does not make it one of its type: a person after a title ("Prime Minister Hun
    Sen": one of the ``titled`` people of its document, or right after a title word) that no
    common word opens ("Host Predicts Trump" is a headline's words), or opening with a listed
    first name ("David Axelrod"); an organisation with an organisation's word or "of" and a
    listed place ("Newcastle University", "Eastern District of Virginia"); a place with "of" and
    a listed place ("Gulf of Aden") or a listed place and a place's last word ("Los Angeles
    County"). Roles and types other than these four are never doubted."""
    if span.label not in ("PERSON", "ORG", "GPE", "LOC") or span.resolved_by == "role":
        return False
    if span.canonical in named_in_prose or lex.place(phrase_key(span.canonical)) is not None:
        return False
    words = phrase_key(span.text).split()
    if span.label == "PERSON":
        before = phrase_key(text[max(0, span.start - 30) : span.start]).split()
        after_title = span.canonical in titled or (bool(before) and before[-1] in lex.title_words)
        return not (
            (after_title and words[0] not in common_words)
            or (2 <= len(words) <= 3 and words[0] in lex.first_names)
        )
    of_a_place = any(
        word == "of" and lex.place(" ".join(words[index + 1 :])) is not None
        for index, word in enumerate(words)
    )
    if span.label == "ORG":
        return not (of_a_place or any(lex.body_word(word) or word in LEGAL_FORMS for word in words))
    return not (
        of_a_place  # "Gulf of Aden" in "the Red Sea to the Gulf of Aden and the Indian Ocean"
        or (
            len(words) > 1
            and lex.suffix_labels.get(words[-1]) in ("GPE", "LOC")
            and lex.place(" ".join(words[:-1])) is not None
        )
    )


def available_backends() -> list[str]:
    """Backends usable here: ``model`` and ``rules`` always, ``spacy:NAME`` per installed pipeline."""
    from analysis.extract.entities.spacy_backend import installed_pipelines

    return ["model", "rules", *(f"spacy:{name}" for name in installed_pipelines())]


def _dates(documents: pd.DataFrame) -> list[str]:
    if "date" not in documents:
        return [""] * len(documents)
    return [date if isinstance(date, str) else "" for date in documents["date"]]


def candidate_lists(texts: Sequence[str], backend: str) -> Iterator[list[Candidate]]:
    """One candidate list per text from the chosen backend, without the candidates that are
    part of a longer word (:func:`part_of_a_word`), doubtful one-word towns
    (:func:`doubtful_place`), the pronoun "US" of a page's capitals
    (:func:`pronoun_in_capitals`), languages and acronyms of common nouns
    (:mod:`analysis.extract.entities.non_names`)."""
    lists = _backend_candidates(texts, backend)
    lex = lexicon()
    return (
        with_generations(
            text,
            with_storms(
                text,
                [
                    c
                    for c in candidates
                    if not part_of_a_word(text, c.start, c.end)
                    and not doubtful_place(text, c, lex)
                    and not pronoun_in_capitals(text, c.start, c.end)
                ],
            ),
        )
        for text, candidates in zip(texts, map(_without_non_names, texts, lists), strict=True)
    )


def _without_non_names(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` less the languages ("in French") and the acronyms of common nouns ("the
    dedicated schools grant (DSG)") of ``text``: see :mod:`analysis.extract.entities.non_names`."""
    lex = lexicon()
    languages = language_spans(text)
    acronyms = common_noun_acronyms(text, lex)
    if not languages and not acronyms:
        return candidates
    return [
        c
        for c in candidates
        if (c.start, c.end) not in languages and text[c.start : c.end] not in acronyms
    ]


#: A storm's name: a storm word (``storm_words.txt``) and the capitalised name after it.
_STORM = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        re.escape(word).replace(r"\ ", r"\s+")
        for word in sorted(read_entries("entities", "storm_words.txt"), key=len, reverse=True)
    )
    + r")\s+[A-Z][\w'’-]*"
)


def with_storms(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with each named storm ("Hurricane Maria", "Storm Ciarán") as one MISC event
    in place of what the backend read inside it (a town called Hurricane, a person Maria)."""
    storms = [match.span() for match in _STORM.finditer(text)]
    if not storms:
        return candidates
    kept = [
        c for c in candidates if not any(c.start < end and c.end > start for start, end in storms)
    ]
    events = [
        Candidate(start, end, "MISC", " ".join(text[start:end].split()), evidence="storm")
        for start, end in storms
    ]
    return sorted(kept + events, key=lambda c: (c.start, c.end))


#: A generation after a person's name: "Jr.", ", Sr.", "III".
_GENERATION = re.compile(r",?\s(?:(Jr|Sr)\b\.?|(II|III|IV)\b)")


def with_generations(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with each person's generation in the name: "Donald Trump Jr." is not his
    father, "Robert F. Kennedy Jr." not his; the suffix is written "Jr.", "Sr." or in Roman
    numerals, and a candidate the backend made of the suffix alone ("Jr") goes."""
    out: list[Candidate] = []
    covered_until = -1
    for candidate in sorted(candidates, key=lambda c: (c.start, c.end)):
        surface = text[candidate.start : candidate.end]
        if candidate.start < covered_until or surface.rstrip(".") in ("Jr", "Sr"):
            continue  # "Jr" read as a name of its own
        if candidate.label == "PERSON" and candidate.canonical.endswith((" Jr", " Sr")):
            candidate = replace(candidate, canonical=f"{candidate.canonical}.")  # one spelling
        match = _GENERATION.match(text, candidate.end) if candidate.kind == "entity" else None
        if match is not None and (candidate.label == "PERSON" or match.group(1)):
            # "Trump Jr.", whatever the backend made of "Trump", is a person
            suffix = f"{match.group(1)}." if match.group(1) else match.group(2)
            canonical = candidate.canonical
            if not canonical.endswith(suffix):
                canonical = f"{canonical} {suffix}"
            candidate = replace(candidate, end=match.end(), canonical=canonical, label="PERSON")
            covered_until = match.end()
        out.append(candidate)
    return out


#: What follows a dateline's place: "London, March 3", "KYIV (Reuters)", "Paris — ".
_DATELINE_MARKS = frozenset(",(—–-/")


def doubtful_place(text: str, candidate: Candidate, lex: Lexicon) -> bool:
    """Whether a one-word city that only the gazetteer found (no model, no title) rests on a
    capital that says nothing: a word the text also writes in lower case ("Time is running out":
    Time, Norway; "the Global Gender Gap report": Gap, France), or in capitals inside a
    sentence, a city's own name that is also an acronym ("the SALT deduction": Salt, Spain).
    Countries, US states and the gazetteer's short forms ("UK", "US") are never doubted, nor a
    city opening a line (a dateline: "PARIS (Reuters)")."""
    surface = text[candidate.start : candidate.end]
    if candidate.evidence != "gazetteer" or candidate.label != "GPE" or " " in surface:
        return False
    key = phrase_key(surface)
    place = lex.place(key)
    if place is None or phrase_key(place[0]) != key or lex.country_or_state(key):
        return False
    line_start = opens_line(text, candidate.start)
    after = text[candidate.end : candidate.end + 2].lstrip(" ")[:1]
    dateline = after in _DATELINE_MARKS and (line_start or surface.isupper())
    if dateline or (line_start and surface.isupper()):
        return False  # "PARIS (Reuters)", "London, March 3 -", "... LOUISVILLE, Ky. (AP)"
    if is_initial(text, candidate.start) or not surface.isupper():
        # at a sentence's start, or anywhere in a title's capitals ("Global Gender Gap", "The
        # Best Laugh", "Golden Hour"): a word the text writes in lower case names no town
        return key in document_lower_words(text)
    if len(surface) < 2:
        return False
    before = text[max(0, candidate.start - 30) : candidate.start].split()[-1:]
    after_words = text[candidate.end : candidate.end + 30].split()[:1]
    # inside a line of capitals ("BELGIUM SCRAPE PAST TURKEY") a capital says nothing either way
    return not any(word.isupper() for word in before + after_words)


#: A page's links and buttons that end in "us": "CONTACT US", "FOLLOW US", "ABOUT US",
#: "CONNECT WITH US", "ADVERTISE WITH US".
_BUTTON_BEFORE_US = re.compile(
    r"(?:CONTACT|FOLLOW|JOIN|EMAIL|CALL|ABOUT|"
    r"(?:CONNECT|WORK|ADVERTISE|SHOP|PARTNER|TOUCH)\s+WITH)\s+$"
)


def pronoun_in_capitals(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is "US" the pronoun of a page's link in capitals ("CONTACT
    US", "CONNECT WITH US"), not the country ("TALKS WITH US STALL" keeps it), or the pronoun of
    a Title-Case headline ("Obama Speech Shows Us"), which no one writes for the country."""
    if text[start:end] == "Us":
        return True
    if text[start:end] != "US":
        return False
    return _BUTTON_BEFORE_US.search(text, max(0, start - 30), start) is not None


def part_of_a_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a handle, a hashtag or a longer word, which name no
    entity in the prose: "America" in "#MissAmerica", "Ryan" in "@SpeakerRyan", "Could" in
    "Couldn't", "Toronto" in "www.TorontoStarReprints.com". Where a lower-case letter meets a
    capital, a scraper glued two lines ("Lukashenko AlexanderPresident of Belarus"), so a name
    may end or start there; a name glued to the next sentence after its full stop ("the
    U.K.The") is whole too."""
    word_start = start
    while word_start > max(0, start - _LONGEST_WORD) and is_word_char(text[word_start - 1]):
        word_start -= 1
    sign = text[word_start - 1] if word_start > 0 else ""
    if sign in _HANDLE_SIGNS or text[start : start + 1] in _HANDLE_SIGNS:
        return True  # "@SpeakerRyan", "(@SpeakerRyan)", "2017#PrinceHarry", "#MAGA"
    if _IN_A_LINK.search(text, max(0, start - _LONGEST_WORD), start):
        return True  # "Toronto" in "www.TorontoStarReprints.com", "https://www.Reuters..."
    before, first = (text[start - 1] if start > 0 else " "), text[start : start + 1]
    if is_word_char(before) and not (before.islower() and first.isupper()):
        return True
    last, after = text[end - 1 : end], (text[end] if end < len(text) else " ")
    glued = (last.islower() and after.isupper()) or last == "."
    return is_word_char(after) and not glued


#: How far back a handle's or hashtag's sign is looked for, and the signs.
_LONGEST_WORD = 60
_HANDLE_SIGNS = ("@", "#")
#: A link's start, with nothing but link characters between it and the name.
_IN_A_LINK = re.compile(r"(?:www\.|https?://)[\w./-]*$", re.IGNORECASE)


def _backend_candidates(texts: Sequence[str], backend: str) -> Iterator[list[Candidate]]:
    lex = lexicon()
    if backend == "model":
        from analysis.extract.entities.model_backend import model_candidates

        return model_candidates(texts, lex)
    if backend == "rules":
        return (names_inside(text, extract_candidates(text, lex), lex) for text in texts)
    if backend == "spacy" or backend.startswith("spacy:"):
        from analysis.extract.entities.spacy_backend import (
            load_pipeline,
            model_name,
            spacy_candidates,
        )

        return spacy_candidates(texts, load_pipeline(model_name(backend)), lex)
    raise ValueError(
        f"Unknown entity backend {backend!r}: use 'model', 'rules', 'spacy' or 'spacy:NAME'."
    )


#: The word just before a mention (a title: "President", "Mr."), read up to the mention.
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?\s+$")


def _surnames_over_cities(
    terms: list[str], labels: list[str], surfaces: list[str], lex: Lexicon
) -> None:
    """A one-word city the corpus writes more often as one person's surname is that person
    everywhere (in place): "Obama", a Japanese city in the gazetteer, stood for Barack Obama in
    27 mentions of a QA corpus and for the city, by the gazetteer alone, in 21 others. Countries
    and US states keep their place ("Jordan", "Georgia"), and so does a city the corpus more
    often names as a place ("Houston" beside Whitney Houston)."""
    people: dict[str, Counter[str]] = defaultdict(Counter)
    places: Counter[str] = Counter()
    for term, label, surface in zip(terms, labels, surfaces, strict=True):
        if " " in surface.strip():
            continue
        if label == "PERSON" and " " in term:
            people[surface][term] += 1
        elif label in ("GPE", "LOC") and term == surface:
            places[surface] += 1
    renamed = {}
    for word, n_places in places.items():
        key = phrase_key(word)
        if word not in people or lex.country_or_state(key):
            continue
        person, n_person = people[word].most_common(1)[0]
        if n_person > n_places and n_person >= DOMINANT_SHARE * sum(people[word].values()):
            renamed[word] = person
    for index, (label, surface) in enumerate(zip(labels, surfaces, strict=True)):
        if label in ("GPE", "LOC") and surface in renamed and terms[index] == surface:
            terms[index], labels[index] = renamed[surface], "PERSON"


def _surnames_beside_their_person(
    doc_ids: list[str],
    terms: list[str],
    labels: list[str],
    surfaces: list[str],
    full_names: Collection[str],
    lex: Lexicon,
    common_words: Collection[str],
) -> None:
    """A one-word organisation or place that no list knows and the corpus never writes in lower
    case (``common_words``) is the person of its document whose full name (one of
    ``full_names``: :func:`_plain_full_names`) ends with it, in place. The model read "Priebus"
    as an organisation and "Pelosi" as a place beside "Reince Priebus" and "Nancy Pelosi".
    Only within one document, where the full name stands beside it: across documents a club or
    company may bear a person's name ("Charlton" in a football table, "Jack Charlton" in
    another story). Acronyms are left alone."""
    bearers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc_id, term in zip(doc_ids, terms, strict=True):
        if term in full_names:
            bearers[doc_id, term.split()[-1]].add(term)
    for index, (doc_id, term, label, surface) in enumerate(
        zip(doc_ids, terms, labels, surfaces, strict=True)
    ):
        if label not in ("ORG", "GPE", "LOC") or term != surface or " " in surface:
            continue
        found = bearers.get((doc_id, surface), set())
        key = phrase_key(surface)
        if len(found) != 1 or surface.isupper() or lex.place(key) or key in common_words:
            continue
        terms[index], labels[index] = next(iter(found)), "PERSON"


def _plain_full_names(
    terms: list[str], labels: list[str], lex: Lexicon, common_words: Collection[str]
) -> set[str]:
    """The persons' names of two words or more that have a person's shape
    (:func:`is_person_name`) and no word the corpus writes in lower case (``common_words``) that
    no name list knows: "Ron Sachs Pool" from a photo credit and "Assignment Reporter" from a
    byline are no one's names."""
    people = {term for term, label in zip(terms, labels, strict=True) if label == "PERSON"}
    return {
        name
        for name in people
        if " " in name
        and is_person_name(name, lex)
        and not any(
            key in common_words and not lex.name_word(key) for key in map(phrase_key, name.split())
        )
    }


def person_name_words(names: Iterable[str]) -> frozenset[str]:
    """The words (as :func:`phrase_key` writes them) of the people's names of two words or more
    among ``names``: the given names and surnames the corpus itself attests."""
    return frozenset(
        phrase_key(word) for name in names if " " in name.strip() for word in name.split()
    )


#: After a leader's name, the office that is theirs: "the Biden administration", "the Obama
#: White House", "the Biden-Harris Administration".
_LEADERS_OFFICE_AFTER = re.compile(
    r"(?:[-–][A-Z][\w'’]+)?\s+(?:[Aa]dministration|White House|presidency)\b"
)


def _unknown_lone_name(text: str, span: Span, name_words: frozenset[str], lex: Lexicon) -> Span:
    """A person of one word that no name list knows, no longer name in the corpus contains and
    no title introduces is no one's name: ``MISC`` ("Courtesy", "Diazepam", "Register" at the
    start of a line). A word the model calls a person is kept when it is a listed given name or
    surname, a word of a full name the corpus writes ("Farrow" beside "Mia Farrow" and "Ronan
    Farrow"), follows a title ("President Zelenskyy", "Mr Oubre"), precedes the leader's office
    ("the Biden administration") or a verb of speech ("Vidyut explains")."""
    if span.label != "PERSON" or span.resolved_by == "role" or " " in span.canonical.strip():
        return span
    key = phrase_key(span.canonical)
    if lex.name_word(key) or key in name_words:
        return span
    before = _WORD_BEFORE.search(text, max(0, span.start - 30), span.start)
    title = phrase_key(before.group(1)) if before else ""
    if (
        title in lex.titles
        or title in lex.honorifics
        or _LEADERS_OFFICE_AFTER.match(text, span.end)
        or (_SPEAKER_AFTER.match(text, span.end) and _may_be_a_surname(span.text, lex))
    ):
        return span
    return replace(span, label="MISC")


def _may_be_a_surname(word: str, lex: Lexicon) -> bool:
    """Whether a lone capitalised word may be someone's surname rather than a company's or a
    desk's name: letters in title case, no word of the dictionary ("Commerce said", "Paper
    says", "Blockbuster said" are not people; "Nivison said" is)."""
    return (
        word.isalpha()
        and word[:1].isupper()
        and word[1:].islower()
        and word.lower() not in lex.english
    )


#: A verb of speech or writing right after a name: its subject speaks ("Imran calls this a
#: redundant activity", "Vidyut explains", "Yesmeen tweets:").
_SPEAKER_AFTER = re.compile(
    r"[ \t]+(?:says|said|told|tells|adds|added|explains|explained|writes|wrote|tweets|tweeted"
    r"|argues|argued|asks|asked|calls|called|comments|commented|notes|noted|replied|replies)\b"
)


def _renamed(span: Span, people: dict[str, str]) -> Span:
    """A span with its person's corpus-wide name; a lone unknown word that is a known surname
    becomes that person."""
    if span.label == "MISC":
        canonical = people.get(span.canonical, span.canonical)
        if " " in canonical and " " not in span.canonical:
            return replace(span, label="PERSON", canonical=canonical, resolved_by="surname")
        return span
    if span.label != "PERSON":
        return span
    canonical = people.get(span.canonical, span.canonical)
    if canonical == span.canonical:
        return span
    return replace(span, canonical=canonical, resolved_by=span.resolved_by or "variant")


def _corpus_spans(
    text: str,
    date: str,
    document: DocumentEntities,
    people: dict[str, str],
    offices: Offices,
    memo: dict[tuple[str, str], tuple] | None = None,
) -> list[Span]:
    """A document's spans with corpus-wide person names and its open roles resolved (``memo``:
    see :func:`analysis.extract.entities.resolve.resolve_roles`)."""
    spans = [_renamed(span, people) for span in document.spans]
    named = [
        span.canonical for span in spans if span.label == "PERSON" and span.resolved_by != "role"
    ]
    demonyms = lexicon().demonyms
    counts = Counter(span.canonical for span in spans)  # "Ukrainian" names Ukraine too
    counts.update(
        demonyms.get(phrase_key(s.canonical), ("", ""))[1] for s in spans if s.label == "NORP"
    )
    resolved = resolve_roles(document.open_roles, named, date, offices, set(counts), counts, memo)
    for role in document.open_roles:
        if role.start in resolved:
            spans.append(
                Span(
                    role.start,
                    role.end,
                    text[role.start : role.end],
                    "PERSON",
                    resolved[role.start],
                    "role",
                )
            )
    return sorted(spans, key=lambda span: (span.start, span.end))


def _person_word_votes(
    terms: list[str], surfaces: list[str], full_names: Collection[str], lex: Lexicon
) -> Counter[tuple[str, str]]:
    """A PERSON vote for a word, from each mention of it that its document resolved to one of
    ``full_names``: "Ivanka" beside "Ivanka Trump" keeps the word a person's where it stands
    alone, though a gazetteer town has that name. A country or US state gets none ("Jordan"
    beside "Michael Jordan" stays the country elsewhere)."""
    named = set(terms)
    return Counter(
        (surface, "PERSON")
        for term, surface in zip(terms, surfaces, strict=True)
        if term in full_names
        and " " not in surface
        and surface in named
        and not lex.country_or_state(phrase_key(surface))
    )


def _organisation_votes(
    terms: list[str], labels: list[str], said_of_organisations: Collection[int]
) -> Counter[tuple[str, str]]:
    """ORG votes for each entity that a text speaks of as an organisation (the rows
    ``said_of_organisations``, see :func:`organisation_context`), one for each of its MISC
    mentions: the context outweighs the model's weakest label ("told BT" makes "BT" an
    organisation where it stands alone), not a person's or a place's."""
    companies = {terms[row] for row in said_of_organisations}
    return Counter(
        (term, "ORG")
        for term, label in zip(terms, labels, strict=True)
        if label == "MISC" and term in companies
    )


def _one_label_each(
    terms: list[str], labels: list[str], extra_votes: Counter[tuple[str, str]] | None = None
) -> list[str]:
    """Each mention's label once every entity has its most frequent label across the corpus
    (ties: schema order, then the label seen first), counting ``extra_votes`` (``(term,
    label)`` pairs: see :func:`_person_word_votes`) with the mentions.

    A name typed from weak evidence (MISC in one document, PERSON in three) ends up with one
    label, so counts are not split between two rows for the same name. Runs after
    :func:`_expand_short_names`, on the names it gives.
    """
    order = {label: index for index, label in enumerate(ENTITY_LABELS)}
    best: dict[str, tuple[tuple[int, int], str]] = {}
    votes = Counter(zip(terms, labels, strict=True))
    votes.update(extra_votes or {})
    for (term, label), count in votes.items():
        rank = (-count, order.get(label, len(order)))
        if term not in best or rank < best[term][0]:
            best[term] = (rank, label)
    return [best[term][1] for term in terms]


def _expand_short_names(
    doc_ids: list[str], terms: list[str], labels: list[str], starts: list[int], ends: list[int]
) -> list[str]:
    """A short organisation name takes the full name it stands for where its document makes that
    clear, and keeps its own name otherwise.

    The full forms of a short name are the names the corpus extends it to with "of ..."; most
    end with a country ("Office of the President of Ukraine"). In a document, "Office of the
    President" becomes one of them when the document names the country of exactly one full form
    (by name, by nationality or inside a full form) and:

    - the document uses that full form itself ("Armed Forces" is "Armed Forces of Ukraine" in a
      document that names the Armed Forces of Ukraine but not Russia, whose Armed Forces the
      corpus also names; a full form with no country needs only to be the document's one), or
    - the corpus uses the two names together in some document and no other name ends with the
      short one: with "UN Security Council" in the corpus, "Security Council" is left alone.

    A short name right after a nationality or a country ("Russian Armed Forces", "Russia's Armed
    Forces") is that country's, a name the word lists know ("European Union") is complete, and
    one that ends a longer name in the same document ("Security Council" beside "UN Security
    Council") is ambiguous: all keep their own name. Before all this, the full forms of one
    country's institution get one name (:func:`_national_names`).

    The columns are those of the mentions, sorted by document; returns the new ``term`` column.
    """
    lex = lexicon()
    one_name = _national_names(terms, labels, lex)
    terms = [one_name.get(term, term) for term in terms]
    documents = _document_ranges(doc_ids)
    shorts = [
        labels[index] == "ORG"
        and lex.place(phrase_key(terms[index])) is None
        and not (
            index > 0
            and doc_ids[index - 1] == doc_ids[index]
            and labels[index - 1] in ("NORP", "GPE")
            and starts[index] - ends[index - 1] <= len(" 's")
        )
        for index in range(len(terms))
    ]
    in_documents = []
    corpus_forms: dict[str, set[str]] = defaultdict(set)
    used_together: set[str] = set()
    for first, last in documents:
        forms = _full_forms(terms[i] for i in range(first, last) if labels[i] == "ORG")
        in_documents.append(forms)
        for short, full in forms.items():
            corpus_forms[short] |= full
        used_together |= {terms[i] for i in range(first, last) if terms[i] in forms}
    tails = _tails(term for term, label in zip(terms, labels, strict=True) if label == "ORG")
    country = {form: _country_of(form, lex) for forms in corpus_forms.values() for form in forms}
    frequency = Counter(terms)
    renamed = list(terms)
    for (first, last), forms in zip(documents, in_documents, strict=True):
        named = _countries_named(terms[first:last], labels[first:last], lex)
        named |= {country[term] for term in terms[first:last] if country.get(term)}
        longer = _tails(terms[i] for i in range(first, last) if labels[i] == "ORG")
        for index in range(first, last):
            short = terms[index]
            if not shorts[index] or short not in corpus_forms or short in longer:
                continue
            if short in forms:
                if len(forms[short]) == 1:
                    form = next(iter(forms[short]))
                    others = {country[other] for other in corpus_forms[short]} - {country[form]}
                    if not country[form] or not others & named:
                        renamed[index] = form
            elif short in used_together and short not in tails:
                options = [form for form in corpus_forms[short] if country[form] in named]
                if options and len({country[form] for form in options}) == 1:
                    renamed[index] = max(options, key=lambda form: (frequency[form], form))
    return renamed


def _national_names(terms: list[str], labels: list[str], lex: Lexicon) -> dict[str, str]:
    """One name for each country's institution: "State Duma of the Russian Federation" and
    "State Duma of Russia" are the word lists' "State Duma"; "Central Bank of the Russian
    Federation" and "Central Bank of Russia" are one bank, named by its most frequent form.

    Only names that end with a country ("... of Ukraine") are touched: "European Union of the
    Ministry of Foreign Affairs" does not become the European Union.
    """
    frequency = Counter(term for term, label in zip(terms, labels, strict=True) if label == "ORG")
    mapping: dict[str, str] = {}
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in frequency:
        country = _country_of(name, lex) if " of " in name else ""
        if not country:
            continue
        parts = name.split(" of ")
        for cut in range(1, len(parts)):
            known = lex.place(phrase_key(" of ".join(parts[:cut])))
            if known is not None and known[1] == "ORG":
                mapping[name] = known[0]
                break
        else:
            groups[(" of ".join(parts[:-1]), country)].append(name)
    for members in groups.values():
        curated = [name for name in members if lex.place(phrase_key(name)) is not None]
        target = curated[0] if curated else max(members, key=lambda n: (frequency[n], n))
        mapping |= {name: target for name in members if name != target}
    return mapping


def _last_words_of_organisations(
    doc_ids: list[str], terms: list[str], labels: list[str], lex: Lexicon
) -> None:
    """Give a one-word name the organisation of its document named after a town whose last
    word it is, in place: "Browns" beside "Cleveland Browns", "Celtics" beside "Boston Celtics",
    "Post" beside "The Washington Post" (the model often types such a nickname a product or a
    person). Only where the document holds exactly one such organisation, and not for a
    person's name (a surname is resolved among people) or a listed name."""
    for first, last in _document_ranges(doc_ids):
        by_last_word: dict[str, set[str]] = defaultdict(set)
        for index in range(first, last):
            words = terms[index].removeprefix("The ").split()
            if not words:
                continue  # a name of no words is nobody's nickname (and unpacks to nothing)
            *home, last_word = words
            place = lex.place(phrase_key(" ".join(home))) if home else None
            if labels[index] == "ORG" and place is not None and place[1] == "GPE":
                by_last_word[last_word].add(terms[index])
        if not by_last_word:
            continue
        for index in range(first, last):
            term = terms[index]
            owners = by_last_word.get(term)
            if (
                owners
                and len(owners) == 1
                and labels[index] in ("ORG", "MISC")
                and " " not in term
                and len(term) > 3  # "Fed" beside "New York Fed" is the whole Federal Reserve
                and not term.isupper()  # "IRA" beside "Roth IRA": the kind, not the product
                and lex.place(phrase_key(term)) is None
            ):
                terms[index], labels[index] = next(iter(owners)), "ORG"


def _document_ranges(doc_ids: list[str]) -> list[tuple[int, int]]:
    """``(first, last + 1)`` row ranges of each document in a table sorted by document."""
    ranges = []
    first = 0
    for index in range(1, len(doc_ids) + 1):
        if index == len(doc_ids) or doc_ids[index] != doc_ids[first]:
            ranges.append((first, index))
            first = index
    return ranges


def _country_of(name: str, lex: Lexicon) -> str:
    """The country (or other gazetteer place) an "... of PLACE" name ends with, else ``""``."""
    tail = name.rsplit(" of ", 1)[-1]
    tail = tail[4:] if tail.startswith("the ") else tail
    place = lex.place(phrase_key(tail))
    return place[0] if place is not None and place[1] == "GPE" else ""


def _countries_named(terms: list[str], labels: list[str], lex: Lexicon) -> set[str]:
    """The places a document names, by name or by nationality ("Ukrainian": Ukraine)."""
    named = {term for term, label in zip(terms, labels, strict=True) if label == "GPE"}
    named |= {
        lex.demonyms.get(phrase_key(term), ("", ""))[1]
        for term, label in zip(terms, labels, strict=True)
        if label == "NORP"
    }
    return named - {""}


def _tails(names: Iterable[str]) -> set[str]:
    """Every shorter name that ends a longer one: "Security Council" for "UN Security Council"."""
    return {
        " ".join(words[cut:])
        for words in (name.split() for name in set(names))
        for cut in range(1, len(words))
    }


def _full_forms(names: Iterable[str]) -> dict[str, set[str]]:
    """Short name -> the longer names that extend it with "of ...": "Armed Forces" -> {"Armed
    Forces of Ukraine"}; "Office of the President" -> {"Office of the President of Ukraine"}."""
    forms: dict[str, set[str]] = defaultdict(set)
    for name in set(names):
        parts = name.split(" of ")
        for cut in range(1, len(parts)):
            forms[" of ".join(parts[:cut])].add(name)
    return forms
