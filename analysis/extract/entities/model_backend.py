"""The default entity backend: the NER model shipped in the package, with the rules around it.

A statistical model finds names and their boundaries far better than capitalisation rules on text
nobody tuned on (whole names, companies and parties without an organisation-shaped suffix, one
type per context). The model (``analysis/data/ner``, trained by ``training/train_ner.py``; see its
model card) knows four types: PERSON, ORG, LOC and MISC. The rules and gazetteers around it:

- **fix its types**: a LOC or ORG the gazetteer knows as a country or city is a GPE and takes the
  gazetteer's name ("Republic of Korea" -> "South Korea"); a MISC that is a nationality is a NORP;
- **read what it does not**: the title before a person ("Secretary General Mark Rutte") and the
  office it names, so that role mentions can be resolved (a name the rules read after a title is
  a person, whatever type the model gave it); role mentions themselves ("the
  Secretary General"), which name no one; places and nationalities of the gazetteer the model
  left out;
- **spread what it found**: a name the model read once is the same name wherever its document
  writes it again as a whole word (see :func:`written_again`);
- never add the rules' guesses (capitalised words of unknown type): where the model saw no
  entity, capitalised words are taken as ordinary words;
- doubt a one-word entity that only the capital of a sentence's first word suggests ("Thus",
  "Cinemas", "Lockdown" at the start of a sentence, never capitalised inside one): it is marked
  ``initial`` evidence, and the corpus-wide step drops it when the corpus writes that word in
  lower case elsewhere (as it does the rules' guesses);
- doubt an organisation that only the model sees (no rule reads anything there and no word of
  it is an organisation's word): it is marked ``model_alone`` evidence, and the corpus-wide
  step keeps it an organisation only when the corpus names it one in several documents.

Boundaries come from the model: a rule span that overlaps a model entity is dropped, except a
title-introduced person that ends where the model's person ends (its title and office are kept).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import regex

from analysis.core.word_lists import read_entries
from analysis.extract.entities.inside import event_nouns, names_an_event, names_inside
from analysis.extract.entities.lexicon import LEGAL_FORMS, Lexicon, phrase_key
from analysis.extract.entities.lists import home_and_team, typed_like_their_list
from analysis.extract.entities.resolve import ARABIC_ARTICLE, GUESSED_EVIDENCE, is_person_name
from analysis.extract.entities.rules import (
    Candidate,
    document_lower_words,
    extract_candidates,
    is_initial,
    opens_line,
)
from analysis.extract.entities.spacy_backend import title_word, to_candidate
from analysis.ingest.boilerplate import FOOTER_LABELS

#: Where the shipped model lives inside the package.
MODEL_PATH = ("data", "ner")
#: Rule evidence kept where the model saw nothing: gazetteer places and nationalities, and names
#: introduced by a title ("Prime Minister Smith").
KEPT_RULE_EVIDENCE = frozenset({"gazetteer", "demonym", "title"})
#: Rule evidence that makes the model's span a person whatever type the model gave it: a name read
#: after a title ("Secretary of Defense Lloyd Austin") or made of a listed first name and a
#: surname ("Lloyd Austin").
PERSON_RULE_EVIDENCE = frozenset({"title", "first_name"})
#: Longest piece of text the model reads at once (see :func:`model_candidates`).
PIECE_CHARS = 4_000
#: Texts per call of the model: large enough to batch the network's work, small enough to keep
#: memory flat on long corpora.
BATCH_SIZE = 64


def model_directory() -> str:
    """The shipped model's directory (a real path: spaCy reads it with ``open``)."""
    return str(resources.files("analysis").joinpath(*MODEL_PATH))


@cache
def model_version() -> str:
    """The shipped model's name, version and a digest of its weights (part of the cache key, so
    that results of other weights are never reused)."""
    folder = resources.files("analysis").joinpath(*MODEL_PATH)
    try:
        data = json.loads(folder.joinpath("meta.json").read_text(encoding="utf-8"))
        weights = hashlib.sha256(folder.joinpath("ner", "model").read_bytes()).hexdigest()
    except (OSError, ValueError):
        return "missing"
    return f"{data.get('name', '?')}-{data.get('version', '?')}-{weights[:12]}"


@cache
def load_model() -> Any:
    """The shipped spaCy pipeline (tokenizer and NER), loaded once per process.

    Raises ``FileNotFoundError`` with a clear message when the model files are missing (a
    broken install), never a spaCy traceback.
    """
    import spacy

    try:
        nlp = spacy.load(model_directory())
    except OSError as error:
        raise FileNotFoundError(
            f"The entity model is missing from {model_directory()}: reinstall the package, "
            "or choose the rules backend."
        ) from error
    return keep_hyphenated_words(nlp)


def keep_hyphenated_words(nlp: Any) -> Any:
    """``nlp`` with a tokenizer that keeps "Kim Jong-un", "NATO-Ukraine" and "Indo-Pacific" whole.

    The model learnt from CoNLL-2003, whose tokens keep hyphenated words in one piece; spaCy's
    English tokenizer splits them, and the model then sees words it never saw and cuts names at
    the hyphen. Only the infix rule for a hyphen between letters is dropped.
    """
    from spacy.lang.char_classes import HYPHENS
    from spacy.util import compile_infix_regex

    infixes = [pattern for pattern in nlp.Defaults.infixes if HYPHENS not in pattern]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


def model_candidates(
    texts: Iterable[str], lex: Lexicon, nlp: Any | None = None
) -> Iterator[list[Candidate]]:
    """One candidate list per text: the model's entities, typed and completed by the rules.

    Texts are read in pieces of at most :data:`PIECE_CHARS` characters, cut at line breaks (or at
    a space): the network's memory grows with the longest text of a batch, and a name never
    spans a paragraph. Of each piece the network reads only the sentences that may hold a name
    (see :func:`naming_runs`).
    """
    nlp = load_model() if nlp is None else nlp
    texts = list(texts)
    pieces = [
        (number, offset + start, run)
        for number, text in enumerate(texts)
        for names in (names_inside_sentences(text),)
        for offset, piece in _pieces(text)
        for start, run in naming_runs(piece, lex, names)
    ]
    found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    docs = nlp.pipe((piece.translate(_ONE_LINE) for _, _, piece in pieces), batch_size=BATCH_SIZE)
    for (number, offset, piece), doc in zip(pieces, docs, strict=True):
        found[number].extend(
            (offset + start, offset + end, ent.label_)
            for ent in doc.ents
            for start, end in _lines_of(piece, ent.start_char, ent.end_char)
        )
    for text, spans in zip(texts, found, strict=True):
        yield combine(text, spans, extract_candidates(text, lex), lex)


#: Where a sentence ends, for :func:`naming_runs`: after ``.``, ``!`` or ``?`` (and a closing
#: quote or bracket) before a space, and at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u2019\u201d)\]]*\s+|\n\s*")
#: A word with a capital letter, of any script ("Zola", "Øystein", "Élysée").
_CAPITALISED = regex.compile(r"\S*[\p{Lu}\p{Lt}]\S*")
#: A sentence's first word (after any opening quote or bracket).
_FIRST_WORD = regex.compile(r"[^\w]*(\p{L}[\w'\u2019-]*)")
#: Characters around a word that are not part of it.
_AROUND = "\"'\u2018\u2019\u201c\u201d()[],;:.!?"


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (see :data:`_SENTENCE_END`), the spaces
    after it included."""
    start = 0
    for end in [*(match.end() for match in _SENTENCE_END.finditer(text)), len(text)]:
        if end > start:
            yield start, end
            start = end


def names_inside_sentences(text: str) -> frozenset[str]:
    """The capitalised words ``text`` writes after a sentence's first word, in lower case: the
    words it uses as names ("tribune" in "bid for the Chicago Tribune")."""
    found = set()
    for start, end in _sentences(text):
        first = _FIRST_WORD.match(text, start, end)
        for word in _CAPITALISED.findall(text, first.end() if first else start, end):
            found.add(word.strip(_AROUND).lower())
    return frozenset(found)


def may_hold_a_name(sentence: str, lex: Lexicon, names: Collection[str] = frozenset()) -> bool:
    """Whether ``sentence`` may hold a name: a word after its first has a capital letter
    ("said Mark Rutte", "the U.S.", "iPhone"), or its capitalised first word may be a name: no
    common English word ("Nordport said ..."), a listed given name or surname ("Berg said ...",
    "Bush said ..."), a listed place or body ("China said ...", "Turkey is ..."), all capitals
    ("NATO is ...") or one of the document's ``names`` (see :func:`names_inside_sentences`:
    "Tribune declined to comment" after "the Chicago Tribune"). "The ministry said so." cannot:
    every word of it is lower case but a common word at the start."""
    first = _FIRST_WORD.match(sentence)
    if _CAPITALISED.search(sentence, first.end() if first else 0):
        return True
    if first is None:
        return False
    word = first.group(1)
    key = word.lower()
    return word != key and (
        key not in lex.english
        or word.isupper()
        or key in names
        or lex.name_word(key)
        or lex.place(key) is not None
    )


def naming_runs(
    text: str, lex: Lexicon, names: Collection[str] = frozenset()
) -> Iterator[tuple[int, str]]:
    """``(offset, run)`` of ``text``: its runs of consecutive sentences that may hold a name
    (:func:`may_hold_a_name`), each whole as the text writes it.

    The network costs the same for every word it reads, and in news a quarter to a half of the words
    are in sentences with no capitalised word but a common one at the start ("The talks lasted
    three hours."); leaving them out loses no name the network would find there (it finds names
    by their capitals) and saves that share of its time.
    """
    run_start = run_end = None
    for start, end in _sentences(text):
        if may_hold_a_name(text[start:end], lex, names):
            run_start = start if run_start is None else run_start
            run_end = end
        elif run_start is not None:
            yield run_start, text[run_start:run_end]
            run_start = None
    if run_start is not None:
        yield run_start, text[run_start:run_end]


def _lines_of(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut at its line breaks, each piece without its spaces: a name never
    spans two lines ("Editing by Peter Cooney" + "PARIS (AFP)" on the next line are two)."""
    for match in re.finditer(r"[^\n]+", text[start:end]):
        piece = match.group()
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            yield start + match.start() + left, start + match.start() + right


#: Line breaks and tabs read as spaces (the same length, so offsets hold): the model learnt from
#: sentences joined by spaces, and a line-break token it never saw made it miss names
#: (CoNLL-2003 dev, one sentence a line: 0.895 -> 0.898).
_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` of ``text``, each piece at most :data:`PIECE_CHARS` long, cut after a
    line break where there is one, else after a space (else anywhere)."""
    start = 0
    while len(text) - start > PIECE_CHARS:
        window = text[start : start + PIECE_CHARS]
        cut = window.rfind("\n", PIECE_CHARS // 2)
        if cut < 0:
            cut = window.rfind(" ", PIECE_CHARS // 2)
        cut = PIECE_CHARS if cut < 0 else cut + 1
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def combine(
    text: str,
    model_spans: Sequence[tuple[int, int, str]],
    rule_candidates: Sequence[Candidate],
    lex: Lexicon,
) -> list[Candidate]:
    """The model's entities as candidates, corrected and completed by the rules' candidates.

    ``model_spans`` are ``(start, end, label)`` in ``text``. See the module docstring for what
    each side contributes. The result is sorted by start and free of overlaps.
    """
    rule_candidates = acronyms_typed_by_their_expansion(text, rule_candidates, model_spans, lex)
    people = {
        (rule.start, rule.end): rule
        for rule in rule_candidates
        if rule.kind == "entity" and rule.evidence in PERSON_RULE_EVIDENCE
    }
    organisations = [r for r in rule_candidates if r.kind == "entity" and r.evidence == "org"]
    people_by_end: dict[int, list[Candidate]] = {}
    for person in people.values():
        people_by_end.setdefault(person.end, []).append(person)
    listed_orgs = [
        rule
        for rule in rule_candidates
        if rule.kind == "entity"
        and rule.evidence == "gazetteer"
        and rule.label in ("ORG", "MISC")  # MISC: a programme's name the text defines
        and " " in text[rule.start : rule.end]
    ]
    text_defined = {  # acronyms the text defines, and their expansions: a gazetteer of its own
        (rule.start, rule.end): rule
        for rule in rule_candidates
        if _defined_by_the_text(text, rule, lex)
    }
    out: list[Candidate] = korean_names(text)
    taken: list[tuple[int, int]] = [(c.start, c.end) for c in out]
    # The model's spans, joined and split where the lists and the text's shape say so (in this
    # order: each step reads the spans the one before gave).
    spans = joined_natural_places(text, model_spans)
    spans = joined_listed_places(text, spans, lex)
    spans = joined_political_units(text, spans, lex)
    spans = joined_at_particles(text, spans)
    spans = extended_at_particles(text, spans, lex)
    spans = joined_as_listed_names(spans, people)
    spans = split_at_and(text, spans, lex)
    spans = joined_at_and(text, spans, lex)
    koreans = list(out)
    places_of = {match.group(1) for match in _NAME_AFTER_PLACE_OF.finditer(text)}
    for start, end, label in month_surnames(text, spans, lex):
        # the spans come in text order: a person placed already that overlaps this span is a
        # Korean name or one of the last few placed (not all of a long text's candidates)
        if any(
            c.label == "PERSON" and c.start < end and start < c.end for c in (*koreans, *out[-8:])
        ):
            continue  # "Moon" of "Moon Jae-in", "May" of "Theresa May": a person placed already
        listed = next(
            (
                r
                for r in listed_orgs
                if r.start <= start and end <= r.end and r.end - r.start > end - start
            ),
            None,
        )
        if listed is not None:
            # "Standard and Poor's Corp", which the model read as "Standard" and "Poor's Corp":
            # the list knows the whole name.
            if (listed.start, listed.end) not in taken:
                out.append(listed)
                taken.append((listed.start, listed.end))
            continue
        titled = _titled_person(text, start, people_by_end.get(end, ()), lex)
        if titled is not None:
            out.append(titled)  # "National Security Adviser H.R. McMaster" read as an ORG
            taken.append((start, end))
            continue
        pair = _hyphenated_names(text, start, end, label, lex)
        if pair:
            out.extend(pair)  # "US-China", "Putin-Erdogan": two names, each on its own
            taken.append((start, end))
            continue
        surface = text[start:end]
        listed = lex.place(phrase_key(surface)) is not None
        if not listed and _headline_words(surface, lex):
            continue  # "Chaos Ensues After Man Shoots Himself In Church": a headline, no name
        if not listed and _capitals_of_common_words(text, surface):
            taken.append((start, end))  # "CLICK HERE", "RUGBY UNION": no name, nor a town in it
            continue
        defined = text_defined.get((start, end))
        if defined is not None:
            # "Health Care Foundation for Ventura County (HCFVC)": the text says what "HCFVC" is;
            # where the model reads a programme or product the list would call ORG, MISC stays
            law = label == "MISC" or _names_a_law(text, start, end)  # "... (HITECH) Act"
            out.append(replace(defined, label="MISC") if law else defined)
            taken.append((start, end))
            continue
        candidate = model_candidate(text, start, end, label, lex)
        if candidate is None:
            continue
        parts = _listed_parts(text, candidate, lex)
        if parts:
            out.extend(parts)  # "Madrid, Spain Reuters Students": "Spain" and "Reuters"
            taken.append((start, end))
            continue
        split = _place_and_person(text, candidate, people_by_end.get(candidate.end, ()), lex)
        if split:
            out.extend(split)  # "President of Russia Vladimir Putin": "Russia" and the person
            taken.append((start, end))
            continue
        longer = _containing(text, candidate, organisations, model_spans, lex)
        if longer is not None:
            candidate, start, end = (
                longer,
                longer.start,
                longer.end,
            )  # "NATO" in "NATO Headquarters"
        elif (
            (candidate.start, candidate.end) in people
            and candidate.evidence != "quoted"
            and not (
                candidate.label == "ORG"
                and people[candidate.start, candidate.end].evidence == "first_name"
                and home_and_team(phrase_key(candidate.canonical).split(), lex, named_home=True)
            )
            and not (
                # "near the town of Kitty Hawk", then "gliders at Kitty Hawk": a place the model
                # read where the text calls it a town, though its first word is a given name
                candidate.label in ("GPE", "LOC")
                and candidate.evidence != "model_alone"
                and text[candidate.start : candidate.end] in places_of
            )
        ):
            candidate = people[candidate.start, candidate.end]  # "Secretary Lloyd Austin"
        elif candidate.label == "PERSON":
            candidate = _with_title(candidate, rule_candidates)
        candidate = _with_article(text, candidate)
        if _only_initial(text, candidate, lex):
            candidate = replace(candidate, evidence="initial")
        elif _model_alone(text, candidate, rule_candidates, lex):
            candidate = replace(candidate, evidence="model_alone")  # kept where the corpus backs it
        elif (
            candidate.label == "ORG"
            and candidate.evidence == "model"
            and lex.place(phrase_key(candidate.canonical)) is None
            and _common_phrase(text[candidate.start : candidate.end], lex)
        ):
            # "Gold Standard", "Climate Science", "Community Project Funding"
            candidate = replace(candidate, label="MISC")
        out.append(candidate)
        taken.append((start, end))
    for mention in month_surname_mentions(text, out):
        out.append(mention)  # "May said" after "Theresa May"
        taken.append((mention.start, mention.end))
    out = people_by_their_surname(text, out, lex)
    full_names = [
        text[c.start : c.end].split()
        for c in out
        if c.label == "PERSON" and " " in text[c.start : c.end].strip()
    ]
    surnames = _surnames_named_in_full(text, out)
    name_words = {  # the given names and surnames of the people named with a listed first name
        word
        for words in full_names
        if phrase_key(words[0]) in lex.first_names
        for word in (words[0], words[-1])
    }
    bearers: dict[str, set[str]] = {}  # surname -> the people the document names in full
    for c in out:
        parts = text[c.start : c.end].split()
        given = phrase_key(parts[0]) if len(parts) > 1 else ""
        if (
            c.label == "PERSON"
            and given.isalpha()
            and (given in lex.first_names or given not in lex.english)
        ):
            # "Jan Egeland", "Mark Rutte"; not "Once Python", a sentence's first word before a name
            bearers.setdefault(parts[-1], set()).add(c.canonical)
    for index, c in enumerate(out):
        surface = text[c.start : c.end]
        if c.evidence == "unlisted" and c.label in ("GPE", "LOC") and surface in name_words:
            # "Erica" after "Erica Packer", read as an unlisted town: the person the text names
            # (still "unlisted": kept only if it resolves to that person)
            out[index] = replace(c, label="PERSON")
        elif len(bearers.get(surface, ())) == 1 and _surname_read_as_a_name(text, c, lex):
            # "Egeland later recanted" after "Jan Egeland", read as an organisation: the one
            # person of that surname, by the full name, so that a company of that name elsewhere
            # in the corpus keeps its own ("Ford" beside "John M. Ford")
            out[index] = replace(c, label="PERSON", canonical=next(iter(bearers[surface])))
    taken_mask = bytearray(len(text))  # 1 where a model span was taken: one look-up a rule
    for start, end in taken:
        taken_mask[start:end] = b"\x01" * (end - start)
    for rule in rule_candidates:
        if 1 in taken_mask[rule.start : rule.end]:
            continue
        if rule.kind == "role" or (rule.kind == "entity" and rule.evidence in KEPT_RULE_EVIDENCE):
            out.append(rule)
        elif rule.evidence == "unknown" and text[rule.start : rule.end] in surnames:
            # "Embiid" after "Joel Embiid": the model missed the surname the document names.
            out.append(replace(rule, label="PERSON", kind="entity"))
    out = with_their_particles(text, out)
    named = _surnames_named_in_full(text, out)  # the rules' people too, now
    out = [_before_a_headline_verb(text, c, named, lex) for c in out]
    out = [part for candidate in out for part in _administration_of(text, candidate, out, lex)]
    out += written_again(text, out, rule_candidates, lex)
    out = congressional_districts(text, out)
    out += party_tags(text, out, lex)
    out = sorted((_with_domain(text, c, lex) for c in out), key=lambda c: (c.start, c.end))
    out = with_their_given_names(text, out, lex)
    out = typed_like_their_list(text, out, lex)
    out = names_inside(text, out, lex, text_defined)
    out = places_written_whole(text, out, lex)
    return regions_after_places(text, out, lex)


def acronyms_typed_by_their_expansion(
    text: str,
    rule_candidates: Sequence[Candidate],
    model_spans: Sequence[tuple[int, int, str]],
    lex: Lexicon,
) -> list[Candidate]:
    """``rule_candidates`` with the acronyms a text defines, and their expansions, made MISC
    where the expansion names a thing rather than a body.

    The rules take an acronym the text defines for an organisation ("Health Care Foundation for
    Ventura County (HCFVC)"), since most are. But press releases define the acronyms of
    programmes, periods and systems as well: "Fiscal Year (FY)", "Bus Rapid Transit (BRT)",
    "Patient-Led Assessments of the Care Environment (PLACE)". An expansion stays an
    organisation when a list knows it, when one of its words is one that organisations' names
    are built with ("Bureau", "Agency", "Ministry of ...") or when the model reads an
    organisation where it starts ("Palestinian Islamic Jihad"); otherwise it and its acronym are
    MISC, and so are those the text names a law with ("... (HITECH) Act").
    """
    organisation_starts = {start for start, _, label in model_spans if label == "ORG"}
    defined = [
        rule
        for rule in rule_candidates
        if rule.label == "ORG" and _defined_by_the_text(text, rule, lex)
    ]
    expansions = [  # (canonical, the words of an expansion as written, where it is written)
        (rule.canonical, phrase_key(rule.canonical).split(), rule.start)
        for rule in defined
        if phrase_key(text[rule.start : rule.end].replace("’", "'")) == phrase_key(rule.canonical)
    ]
    bodies = {
        canonical
        for canonical, words, start in expansions
        if len(words) == 1  # "Lowe's (LOW)": a company's ticker
        or start in organisation_starts  # "Intergovernmental Panel| on Climate Change"
        or lex.place(" ".join(words)) is not None
        or any(lex.body_word(word) for word in words)
    }
    laws = {  # "Health Information Technology for Economic and Clinical Health (HITECH) Act"
        rule.canonical for rule in defined if _ACT_AFTER.match(text, rule.end)
    }
    things = ({canonical for canonical, _, _ in expansions} - bodies) | laws
    if not things:
        return list(rule_candidates)
    retyped = {id(rule) for rule in defined if rule.canonical in things}
    return [
        replace(rule, label="MISC") if id(rule) in retyped else rule for rule in rule_candidates
    ]


#: "Act" right after an acronym or its definition's bracket: "(HITECH) Act", "the HITECH Act".
_ACT_AFTER = re.compile(r"\)?[ \t]+Act\b")


def _defined_by_the_text(text: str, rule: Candidate, lex: Lexicon) -> bool:
    """Whether a rule candidate is an acronym the text defines, or its expansion: a gazetteer
    name that the lists do not give that name ("ADA" after "Americans with Disabilities Act
    (ADA)", though a town is called Ada)."""
    if rule.evidence != "gazetteer":
        return False
    listed = lex.place(phrase_key(text[rule.start : rule.end]))
    return listed is None or listed[0] != rule.canonical


def people_by_their_surname(
    text: str, candidates: list[Candidate], lex: Lexicon
) -> list[Candidate]:
    """``candidates`` with a two- or three-word organisation the model read made a person where
    the document writes its last word alone as a person, "Yevgeny Prigozhin" (ORG) before
    "Prigozhin said" (PERSON), or where it leads something ("fighters led by Yevgeny Prigozhin"). Only names made of capitalised words that no list knows and the
    dictionary does not hold ("Goldman Sachs" keeps its type unless "Sachs" is a person there
    too; "Health Care" is no one's)."""
    alone = {
        text[c.start : c.end]
        for c in candidates
        if c.label == "PERSON" and " " not in text[c.start : c.end]
    }
    out = []
    for c in candidates:
        words = text[c.start : c.end].split()
        if (
            c.label == "ORG"
            and c.evidence in ("model", "model_alone")
            and 2 <= len(words) <= 3
            and (
                words[-1] in alone
                or _LED_BY_BEFORE.search(text, max(0, c.start - _LED_BY_LOOK_BACK), c.start)
            )
            and lex.place(phrase_key(" ".join(words))) is None
            and all(_unknown_name_word(word, lex) for word in words)
        ):
            c = replace(c, label="PERSON", canonical=" ".join(words), evidence="model")
        out.append(c)
    return out


#: Before a person who leads something: "fighters led by Yevgeny Prigozhin".
_LED_BY_BEFORE = re.compile(r"\b(?:led|headed|founded|chaired|run|owned)\s+by\s+$")
_LED_BY_LOOK_BACK = 20


def _not_a_place(key: str, lex: Lexicon) -> bool:
    """Whether the lists know no place of that name (an organisation may be one)."""
    known = lex.place(key)
    return known is None or known[1] not in ("GPE", "LOC")


def _unknown_name_word(word: str, lex: Lexicon) -> bool:
    """Whether a word may be a person's name the lists miss: title case, no dictionary word, no
    word organisations or places are named with."""
    key = phrase_key(word)
    return (
        word.replace("-", "").isalpha()
        and word[:1].isupper()
        and word[1:].islower()
        and key not in lex.english
        and not lex.body_word(key)
        and lex.place(key) is None
    )


def with_their_given_names(text: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """``candidates`` with a person who opens with an initial or a patronymic given the listed
    first name right before it: "Antony J. Blinken", though "Antony" is also a French town (the
    model and the rules read "J. Blinken"); "Vadim Vladimirovich Podkopaev"."""
    out = []
    for c in candidates:
        given = _FIRST_NAME_BEFORE.search(text, max(0, c.start - _FIRST_NAME_LOOK_BACK), c.start)
        if (
            c.label == "PERSON"
            and _INITIAL_FIRST.match(text, c.start, c.end)
            and given is not None
            and phrase_key(given.group(1)) in lex.first_names
            and not _PLACE_PREPOSITION_BEFORE.search(
                text, max(0, given.start(1) - 8), given.start(1)
            )
            and (not out or out[-1].end <= given.start(1))
        ):
            c = replace(
                c, start=given.start(1), canonical=f"{given.group(1)} {c.canonical}".strip()
            )
        out.append(c)
    return out


#: A capitalised word and a space right before a name; a name that opens with an initial or a
#: patronymic.
_FIRST_NAME_BEFORE = re.compile(r"(?<![\w.-])([A-Z][a-z]+) $")
_FIRST_NAME_LOOK_BACK = 30
#: A preposition of place before a word: "in Paris J. Smith" names the town, then the man.
_PLACE_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|from|near|to|into|outside)\s+$", re.I)
_INITIAL_FIRST = re.compile(r"[A-Z]\.\s|[A-Z][a-z]+(?:ovich|evich|ovna|evna)\s")


def with_their_particles(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with a lone surname's particles put back where the document names its
    person in full with them: "Dr. de la Torre" after "Ralph de la Torre", "von der Leyen said"
    after "Ursula von der Leyen" (the model and the rules read "Torre", "Leyen")."""
    tails = {
        " ".join(words[index:])
        for c in candidates
        if c.label == "PERSON"
        for words in [text[c.start : c.end].split()]
        for index in range(1, len(words) - 1)
        if words[index].lower() in NAME_PARTICLES
    }
    if not tails:
        return candidates
    out = []
    for c in candidates:
        particles = _PARTICLES_BEFORE.search(text, max(0, c.start - _PARTICLES_LOOK_BACK), c.start)
        if c.label == "PERSON" and particles is not None:
            start = particles.start(1)
            if " ".join(text[start : c.end].split()) in tails:
                c = replace(c, start=start)
        out.append(c)
    return out


def _surname_read_as_a_name(text: str, candidate: Candidate, lex: Lexicon) -> bool:
    """Whether the model's one-word organisation or MISC ``candidate`` may be a surname: no name
    the lists know ("Google", "Washington") nor one the text writes with an article ("the
    Sixers")."""
    surface = text[candidate.start : candidate.end]
    return (
        candidate.evidence in ("model", "model_alone")
        and candidate.label in ("ORG", "MISC")
        and " " not in surface
        and lex.place(phrase_key(surface)) is None
        and not _ARTICLE_BEFORE.search(text, max(0, candidate.start - 5), candidate.start)
    )


def _surnames_named_in_full(text: str, candidates: Iterable[Candidate]) -> set[str]:
    """The last words of the people ``candidates`` name with two words or more ("Embiid" of
    "Joel Embiid")."""
    return {
        text[c.start : c.end].split()[-1]
        for c in candidates
        if c.label == "PERSON" and " " in text[c.start : c.end].strip()
    }


#: Between a place and the region after it: "Stoke, Staffordshire", "Mumbai (Maharashtra)".
_PLACE_TO_REGION = re.compile(r",[ \t]+|[ \t]+\(")
#: What may follow the region: the end of the clause, of the bracket or of the line.
_REGION_END = re.compile(r"[ \t]*(?:[.,;:)\]]|\r?\n|$)")


def places_written_whole(
    text: str, candidates: Sequence[Candidate], lex: Lexicon
) -> list[Candidate]:
    """``candidates`` (sorted) with two places that a comma joins into one listed name made one:
    "Washington, D.C." (the model and the rules read "Washington" and "D.C."). "Paris, France",
    which the lists do not hold whole, stays two places."""
    out: list[Candidate] = []
    for candidate in candidates:
        if out and out[-1].label in ("GPE", "LOC") and candidate.label in ("GPE", "LOC"):
            previous = out[-1]
            joint = text[previous.end : candidate.start]
            whole = lex.place(phrase_key(text[previous.start : candidate.end]))
            if joint.strip() == "," and "\n" not in joint and whole is not None:
                out[-1] = replace(previous, end=candidate.end, label=whole[1], canonical=whole[0])
                continue
        out.append(candidate)
    return out


def regions_after_places(
    text: str, candidates: Sequence[Candidate], lex: Lexicon
) -> list[Candidate]:
    """``candidates`` (sorted) with an unlisted name that the model typed an organisation, person
    or MISC read as the place it is where the text writes it as the region of a place: after a
    place and a comma or an opening bracket, and before the end of the clause ("in
    Newcastle-under-Lyme, Staffordshire.", "Mumbai (Maharashtra) [India]"). The gazetteer
    lists countries, US states and cities, not the counties, provinces and islands of the
    world; a listed one takes its listed type (the model's "Maharashtra" ORG, which would
    otherwise stay a club named after a place). An organisation is not written so ("In Moscow,
    Gazprom said" goes on), except a station or agency in capitals after a dateline ("HOUSTON,
    Texas (KTRK) --"): an unlisted name in capitals stays what the model read."""
    out = list(candidates)
    for index in range(1, len(out)):
        place, name = out[index - 1], out[index]
        if (
            place.label not in ("GPE", "LOC")
            or name.label not in ("ORG", "PERSON", "MISC")
            or name.evidence != "model"
            or not _PLACE_TO_REGION.fullmatch(text, place.end, name.start)
            or not _REGION_END.match(text, name.end)
            or len(text[name.start : name.end].split()) > 2
        ):
            continue
        listed = lex.place(phrase_key(text[name.start : name.end]))
        surface = text[name.start : name.end]
        if listed is None and not surface.isupper():
            # one word is a guess the corpus may overrule, as in model_candidate
            out[index] = replace(
                name, label="GPE", evidence="model" if " " in surface else "unlisted"
            )
        elif listed is not None and listed[1] in ("GPE", "LOC"):
            out[index] = replace(name, label=listed[1], canonical=listed[0])  # a town's club
    return out


_ADMINISTRATION = re.compile(r"([A-Z][\w'’]+)(?:[-–]([A-Z][\w'’]+))? Administration")


def _administration_of(
    text: str, candidate: Candidate, found: Sequence[Candidate], lex: Lexicon
) -> list[Candidate]:
    """An organisation "<surname> Administration" as the person (or people) it is named after:
    "the Trump Administration" is Trump's, "the Biden-Harris Administration" Biden's and
    Harris's, as a person's name is annotated in "the Bush administration". Each name must be a
    surname the document gives a person, a listed surname, or a word no dictionary or gazetteer
    holds; "Food and Drug Administration", "Small Business Administration" stay agencies."""
    if candidate.label != "ORG":
        return [candidate]
    match = _ADMINISTRATION.fullmatch(text, candidate.start, candidate.end)
    if match is None:
        return [candidate]
    surnames = {
        text[c.start : c.end].split()[-1] for c in found if c.label == "PERSON" and c.end > c.start
    }
    english = lex.english
    names = [(match.start(i), match.end(i)) for i in (1, 2) if match.group(i)]
    for start, end in names:
        word = text[start:end]
        key = word.lower()
        known = word in surnames or key in lex.last_names
        if not known and (key in english or lex.place(key) is not None):
            return [candidate]
    return [
        Candidate(start, end, "PERSON", text[start:end], evidence="model") for start, end in names
    ]


#: What follows a headline's verb: its object, capitalised or after an article ("Praises
#: President Trump", "Introduces the … Act", "Warns West").
_OBJECT_AFTER = re.compile(r"[ \t]+(?:(?:the|a|an|his|her|its|their)[ \t]+)?([A-Za-z0-9][\w'’-]*)")


def _before_a_headline_verb(
    text: str, person: Candidate, surnames: Collection[str], lex: Lexicon
) -> Candidate:
    """``person`` ended before a headline's verb that the model or a title took into the name:
    "Secretary Azar Praises President Trump's Vision", "Senator Lee Introduces the … Act",
    "David Axelrod Predicts Biden's Exit": a word that the dictionary
    (``analysis/data/english``) knows as the "-s" form of a verb it also knows, that no name
    list holds ("Sanders", "Rivers" and "Woods" stay surnames), and that a capitalised object
    follows, as in a Title-Case headline. A plural ending a name is followed by something else
    ("Dwayne Killings.", "Wright Engineers would", "Salomon Brothers Inc"). A span whose first
    word is the verb's subject ("Pocan Votes For", read as an organisation) is cut only where
    that word is the surname of a person the document names in full (``surnames``); so is an
    organisation or MISC whose words before the verb end with such a surname after a listed
    given name ("Lady Melania Trump Announces Halloween"), which becomes that person."""
    if person.kind != "entity" or person.label not in ("PERSON", "ORG", "MISC"):
        return person
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, person.start, person.end)]
    for index, (start, end) in enumerate(words[1:], start=1):
        after = _OBJECT_AFTER.match(text, end)
        if (
            after is not None
            and (
                not after.group(1)[0].islower()  # "Praises President", "Announces 2025 …"
                or after.end(1) - len(after.group(1)) > end + 1  # "Introduces the …"
            )
            and phrase_key(after.group(1)) not in lex.suffix_labels
            and phrase_key(after.group(1)) not in LEGAL_FORMS
            and _verb_s_form(text[start:end], lex)
        ):
            cut = words[index - 1][1]
            name = " ".join(text[person.start : cut].split())
            if index == 1:
                # "Pocan Votes For", "Stefanik Urges Hochul", "Sanders Releases Report": the one
                # word before the verb is the subject, a person the document names in full
                # ("Fox News Digital", "Getty Images People" have no such subject)
                subject = name in surnames or person.evidence == "title"  # "Secretary Azar"
                return replace(person, end=cut, canonical=name) if subject else person
            if person.label != "PERSON":
                # "Lady Melania Trump Announces Halloween" read as an organisation: the person
                # the document names in full, without the title's last word
                named = name.split()[-1] in surnames and len(name.split()) > 1
                found = to_candidate(text, person.start, cut, "PERSON", lex) if named else None
                if found is None or phrase_key(found.canonical.split()[0]) not in lex.first_names:
                    return person  # "Make Trump Pay", "Regular FIRE Requires": no given name
                return replace(found, evidence="model")
            first, *rest = phrase_key(name).split()
            english = lex.english
            if person.evidence == "title" or (
                first in lex.first_names
                and rest
                and not any(word in english and word not in lex.last_names for word in rest)
            ):
                return replace(person, end=cut, canonical=name)
            return person  # "Brain Chip Draws Massive Crowds": no name before the verb either
    return person


def _verb_s_form(word: str, lex: Lexicon) -> bool:
    """Whether a Title-Case ``word`` is a verb's "-s" form ("Praises", "Introduces", "Finds")
    that is no listed name."""
    key = word.lower()
    if not (word[:1].isupper() and word[1:].islower() and key.endswith("s")) or lex.name_word(key):
        return False
    english = lex.english
    return key in english and (key[:-1] in english or (key.endswith("es") and key[:-2] in english))


#: The types a name keeps wherever its document writes it again (MISC, the model's least sure
#: type, is not spread).
SPREAD_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})


def written_again(
    text: str, found: Sequence[Candidate], rule_candidates: Sequence[Candidate], lex: Lexicon
) -> list[Candidate]:
    """The other places where ``text`` writes a name found in it, as copies of that name.

    The model reads each occurrence in its own context and misses some ("the Sixers" found 15
    times in a game report and missed 7, "SAG-AFTRA" found 6 times and missed 3); a document
    names one thing the same way throughout, so a name found once is the same name wherever the
    text writes it, letter for letter, as a whole word and not inside a longer capitalised name
    ("Sixers Arena") or another candidate, with the type the model gives it most often. A name
    the model types two ways in three places or fewer, a time word
    ("May") and a one-word person's name that is also a listed place ("Jordan") are not spread;
    a word the text also writes in lower case ("Real", "Arcade") is spread only inside
    sentences, where its capital says it is a name.
    """
    votes: dict[str, Counter[Candidate]] = {}
    for candidate in found:
        if (
            candidate.kind != "entity"
            or candidate.label not in SPREAD_LABELS
            or candidate.evidence in GUESSED_EVIDENCE
        ):
            continue  # a guess ("Sportback" an unlisted town) is not made again elsewhere
        surface = text[candidate.start : candidate.end]
        if len(surface) < 2 or not (surface[0].isupper() or surface[0].isdigit()):
            continue
        votes.setdefault(surface, Counter())[replace(candidate, start=0, end=0)] += 1
    occupied = bytearray(len(text))  # 1 where a candidate stands: one look-up per place
    for candidate in [*found, *(r for r in rule_candidates if r.evidence != "unknown")]:
        occupied[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    lower = document_lower_words(text)
    copies: list[Candidate] = []
    for surface, counted in votes.items():
        labels = Counter({c.label: 0 for c in counted})
        for candidate, count in counted.items():
            labels[candidate.label] += count
        label, count = labels.most_common(1)[0]
        if 3 * count < 2 * labels.total():
            continue  # "Washington" the city and the man: the model's reading of each place stands
        model = max((c for c in counted if c.label == label), key=counted.__getitem__)
        key = phrase_key(surface)
        one_word = " " not in key
        if one_word and (
            key in lex.dates
            or key in lex.function_words
            or title_word(surface, lex)
            or (model.label == "PERSON" and lex.place(key) is not None)
        ):
            continue
        common = one_word and key in lower
        for start, end in _written_as(text, surface):
            if 1 in occupied[start:end]:
                continue
            if (common and is_initial(text, start)) or _inside_a_longer_name(text, start, end, lex):
                continue
            copies.append(replace(model, start=start, end=end))
            occupied[start:end] = b"\x01" * (end - start)
    return copies


_NOT_BEFORE_A_NAME = re.compile(r"[\w@/.'’-]")
_NOT_AFTER_A_NAME = re.compile(r"[\w@-]|[.'’]\w")


def _written_as(text: str, surface: str) -> Iterator[tuple[int, int]]:
    """The places of ``surface`` in ``text`` as a whole word, not part of an address, a handle
    or a longer word (found with ``str.find``, which a pattern opening with a look-behind
    cannot match in a long text as fast)."""
    start = text.find(surface)
    while start != -1:
        end = start + len(surface)
        if not (start and _NOT_BEFORE_A_NAME.match(text, start - 1)) and not (
            _NOT_AFTER_A_NAME.match(text, end)
        ):
            yield start, end
        start = text.find(surface, start + 1)


_CAPITAL_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t\u00a0]+$")
_CAPITAL_WORD_AFTER = re.compile(r"[ \t\u00a0]+[^\W\d_a-z]")


def _inside_a_longer_name(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether a capitalised word stands right before or after ``text[start:end]`` on its line
    (an article or other function word before it aside: "The Sixers went")."""
    before = _CAPITAL_WORD_BEFORE.search(text, max(0, start - 30), start)
    if (
        before is not None
        and before.group(1)[0].isupper()
        and phrase_key(before.group(1)) not in lex.function_words
    ):
        return True
    return _CAPITAL_WORD_AFTER.match(text, end) is not None


#: A web domain's ending written right after a name: "Boston.com", "Amazon.com", "Express.co.uk".
_DOMAIN = re.compile(r"\.(?:com|net|org|co\.uk|com\.au|co|io|news)(?![\w.-])", re.IGNORECASE)


#: A website's name written as its domain: "Foxnews.com", "FactCheck.org" (no link around it).
_SITE_NAME = re.compile(r"[A-Za-z][\w-]*" + _DOMAIN.pattern, re.IGNORECASE)


def _with_domain(text: str, candidate: Candidate, lex: Lexicon) -> Candidate:
    """``candidate`` as the website it names when a domain's ending follows it or ends it: an
    organisation ("Boston.com" is the news site, not the city), which keeps a listed company's
    name ("Amazon.com" is Amazon)."""
    if candidate.kind != "entity":
        return candidate
    domain = _DOMAIN.match(text, candidate.end)
    end = domain.end() if domain is not None else candidate.end
    if domain is None and not _SITE_NAME.fullmatch(text, candidate.start, candidate.end):
        return candidate
    known = lex.place(phrase_key(text[candidate.start : candidate.end]))
    canonical = (
        candidate.canonical
        if known is not None and known[1] == "ORG"
        else text[candidate.start : end]
    )
    return replace(candidate, end=end, label="ORG", canonical=canonical)


#: A political unit named with its kind: "State of California", "City of Rome", "Kingdom of
#: Saudi Arabia" (a phrase key; the place is group 1).
_POLITICAL_UNIT = re.compile(
    r"(?:state|city|kingdom|commonwealth|republic|emirate|sultanate|principality|county|borough)"
    r" of (?:the )?(.+)"
)


def model_candidate(text: str, start: int, end: int, label: str, lex: Lexicon) -> Candidate | None:
    """One model entity as a candidate, typed with the lexicon; ``None`` for a bare title.

    - A span made only of titles ("Vice President", "Head of State"), whatever its type, names
      no one: it is left to the rules, which read it as a role mention. Persons lose their
      titles, which the rules record (:func:`analysis.extract.entities.spacy_backend.to_candidate`).
    - A lone noun the lists call generic ("Government", "Alliance") is no name; nor is a time
      word glued to a number ("JUL7").
    - A location the gazetteer knows takes its type (GPE for countries and cities, LOC for
      regions) and its name ("Republic of Korea" -> "South Korea"); an unknown one stays LOC.
    - A MISC or ORG that the lists know as a nationality or group ("Serbian", "Allies") is a
      NORP with the list's name (CoNLL, which the model learnt from, has no NORP type).
    - A name the lists know and that is no listed first name or surname takes their type when
      the model's is implausible: a listed organisation is no person or MISC ("Google", "the
      GOP nominee"), a listed country or city is no person or MISC ("Mumbai"), a country is no
      organisation.
    - A listed city after a preposition of place ("in Mariupol", "near Idlib") is the place;
      otherwise an organisation stays one, even when a city has its name ("Surrey" the club).
    - An organisation or place whose last word names events, competitions or laws ("Great
      Patriotic War", "World Cup") is MISC.
    - A place followed by a common noun ("Vilnius Summit") is the place.
    """
    given = (start, end)
    if lex.place(phrase_key(text[start:end])) is None and not _body_named_with_to(
        text[start:end], label, lex
    ):  # "New delhi" is listed, as written
        start, end = _trimmed(text, start, end)
    cut = (start, end) != given and start < end  # a word of the page the model took in
    if label == "PERSON" and _PLACE_OF.search(text, max(0, start - _PLACE_OF_LOOK_BACK), start):
        label = "LOC"  # "near the town of Kitty Hawk": a place, typed GPE below if unlisted
    surface = text[start:end]
    if surface.startswith("the ") or (
        surface.startswith("The ") and _the_is_not_the_names(surface, lex)
    ):  # "the Pentagon", "The United States welcomes"; but "The Hague" is the name
        start += 4
    if surface.endswith(("'s", "’s")):
        end -= 2
    surface = text[start:end].strip()
    head, hyphen, tail = surface.partition("-")
    demonym = phrase_key(head) in lex.demonyms
    known_head = " " not in head and (
        head.isupper() or lex.place(phrase_key(head)) is not None or demonym
    )
    participle = tail.isalpha() and tail.islower() and tail.endswith("ed")  # "led", "backed"
    if hyphen and participle and known_head:
        # "US-led", "Kremlin-backed", "Saudi-led": the name is before the hyphen, the rest
        # describes it.
        end = start + len(head)
        surface, label = head, ("MISC" if demonym else "LOC" if label == "MISC" else label)
    if not surface or not (surface[0].isupper() or surface[0].isdigit()):
        return None  # "’re", "pro-am": a name starts with a capital
    if label == "ORG" and surface.isupper() and phrase_key(surface) in lex.function_words:
        return None  # "For bill text, click HERE": a word in capitals, no acronym
    if (
        label in ("MISC", "ORG")
        and _abbreviated_title_first(surface, lex)
        and not any(lex.body_word(word) for word in phrase_key(surface).split())
    ):
        # "Rep. Pocan's earmarks", "Sen. Cassidy": a title of address and the person it names
        person = to_candidate(text, start, end, "PERSON", lex)
        return None if person is None else replace(person, evidence="model")
    if label == "ORG" and (
        (_quoted_title(text, start, end) and not _organisation_shaped(surface, lex))
        or _FAMILY_AFTER.match(text, end)
    ):
        # "“Apropos of Nothing” was released", "“Radio Days”": a work's title in quotation
        # marks; "the Wright brothers": a family
        return Candidate(start, end, "MISC", " ".join(surface.split()), evidence="model")
    if label == "PERSON" and _quoted_title_case(text, start, end):
        # "from “Radio Days” to “Annie Hall”", "“Hannah and Her Sisters”": a film named
        # after its character, not a person (nor the person the name lists would see)
        return Candidate(start, end, "MISC", " ".join(surface.split()), evidence="quoted")
    if " ".join(surface.lower().split()) in FOOTER_LABELS:
        return None  # "Privacy Policy", "Contact Us": a page's link, left by its cleaning
    time_words = phrase_key(surface) in lex.dates or all(
        word in lex.dates for word in phrase_key(surface).split()
    )
    if time_words or _date_code(surface, lex):
        return None  # "JUL7", "New Year": a time, not a name
    if _AMOUNT.fullmatch(surface):
        return None  # "S$31.9", "US$2bn", "€40": a sum of money
    leader = _LEADER_TITLE.search(text, start, end + len(" Leader"))
    if leader is not None and leader.start() < end <= leader.end():
        # "Senate Majority Leader Mitch McConnell": the chamber is the name, the rest a title
        end = len(text[start : leader.start()].rstrip()) + start
        surface = text[start:end]
        if not surface:
            return None  # "the Majority Leader": a role
    key = phrase_key(surface)
    known = lex.place(key)
    if known is None and label != "PERSON" and _names_a_law(text, start, end):
        # "No Union Time" of "the No Union Time on the Taxpayer's Dime Act", "Communications
        # Decency Act of 1996": a law's name or a piece of it. A listed name or a person in it
        # keeps its own type ("Taiwan Relations Act", "Magnitsky Act").
        return Candidate(start, end, "MISC", " ".join(surface.split()), evidence="model")
    abbreviated = surface.endswith(".") and len(surface) <= 6  # "N.Y.", "Calif."
    place_known = known is not None and known[1] in ("GPE", "LOC")
    if (
        label in ("MISC", "ORG")
        and known is None
        and _after_an_honorific(text, start)
        and lex.place(key.split()[0]) is None  # "Mrs. Colorado Universal": a beauty title
    ):
        label = "PERSON"  # "Mrs. Trump held a roundtable": whoever "Mrs." introduces is a person
    if known is None and label != "PERSON" and _credited(text, end, key, lex):
        label = "PERSON"  # "via Win McNamee/Getty Images": a photographer, whatever "via" says
    if place_known and (abbreviated or _dateline(text, start, end)):
        label = "LOC"  # "BUFFALO, N.Y. (AP) —": typed GPE below; no club is written so
    # A US state is seldom a person alone, though the name lists hold "Alabama" and "Georgia";
    # "Jordan" (a country) and "Houston" (a city) often are.
    if known is not None and label != "LOC" and _town_of_a_common_word(text, key, known, lex):
        known = None  # "via Time", "Salt", "Deal": the magazine or word, not the Norwegian town
    if known is not None and (key in lex.states or not _name_word(key, lex)):
        if label in ("PERSON", "MISC") and known[1] == "ORG":
            label = "ORG"  # "Google" is no one's name; "the GOP nominee" is the party's
        elif label in ("PERSON", "MISC") and known[1] in ("GPE", "LOC"):
            label = "LOC"  # "Mumbai", "Vietnam": typed GPE below; "Jupiter", "Balkans": LOC
        elif label == "ORG" and (key in lex.countries or known[1] == "LOC"):
            label = "LOC"  # a country or region; a club named after a city stays one ("Surrey")
        elif (
            label == "ORG" and known[1] in ("GPE", "LOC") and _after_place_preposition(text, start)
        ):
            label = "LOC"  # "in Mariupol", "near Idlib": a club is not where things happen
        elif label == "ORG" and key in lex.states and _title_after(text, end, lex):
            label = "LOC"  # "Florida Governor Ron DeSantis": the state has the office
    if cut and label == "PERSON" and " " not in key and known is not None and known[1] == "GPE":
        # "KXAN Austin Please enter a search term": the model's person was the city and the
        # page's next word; alone, the listed town is the better reading
        label = "LOC"
    elif (
        cut
        and label == "ORG"
        and known is None
        and len(key.split()) == 2
        and key.split()[0] in lex.first_names
        and lex.place(key.split()[0]) is None
        and key.split()[1] not in lex.suffix_labels
        and key.split()[1] not in document_lower_words(text)
        and not any(lex.body_word(w) for w in key.split())
    ):
        label = "PERSON"  # "by: Cora Neas Posted:": a byline's name and the page's stamp
    political = _POLITICAL_UNIT.fullmatch(key) if known is None else None
    unit = lex.place(political.group(1)) if political is not None else None
    if unit is not None and unit[1] == "GPE":
        # "the State of California", "City of Rome", "Kingdom of Saudi Arabia": the place
        return Candidate(start, end, "GPE", unit[0], evidence="model")
    if known is not None and known[1] == "MISC":
        return Candidate(start, end, "MISC", known[0], evidence="model")  # "Brexit" is no place
    words = key.split()
    if (
        label in ("PERSON", "MISC")
        and len(words) > 1
        and lex.suffix_labels.get(words[-1]) == "ORG"
        and (label == "PERSON" or words[-1] not in _COMPETITION_WORDS)
    ):
        label = "ORG"  # "Drexel Burnham Lambert Inc", "General Electric Co", "Free Syrian Army"
    elif (
        label == "PERSON"
        and len(words) > 1
        and lex.suffix_labels.get(words[-1]) == "MISC"
        and words[-1] not in lex.last_names
        and not (len(words) == 2 and words[0] in lex.first_names)
    ):
        label = "MISC"  # "Andrew Marr Show", "Emmy Awards"; "Jason Day" keeps his surname
    elif (
        label == "PERSON"
        and len(words) > 1
        and words[-1] in lex.facilities
        and words[-1] not in lex.last_names
    ):
        label = "MISC"  # "Rose Garden", "Francis Scott Key Bridge": a place named after someone
    if (
        label == "PERSON"
        and len(words) > 1
        and words[-1] in lex.titles
        and not any(word in lex.first_names and not lex.country_or_state(word) for word in words)
    ):
        return None  # "Alabama Mayor", "Tory MP": an office and what qualifies it, no one's name
    if (
        label == "PERSON"
        and len(words) == 1
        and _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
    ):
        label = "ORG"  # "the Sixers", "the Louvre": a person's name takes no article
    if label in ("PERSON", "LOC") and len(words) > 1 and words[0] in _suffixes("club_heads.txt"):
        label = "ORG"  # "Real Betis", "Sporting Lisbon": a club, whatever follows
    if label == "PERSON" and home_and_team(words, lex):
        label = "ORG"  # "Buffalo Sabres", "Tequila Works": a team or a firm
    if label == "PERSON" and len(words) > 1 and _place_shaped(words, lex):
        label = "LOC"  # "Upper Lars", "Syntagma Square": typed as unlisted places below
    elif (
        label == "ORG"
        and len(words) > 1
        and (words[-1] in _suffixes("natural_suffixes.txt") or _natural_place_of(words, lex))
    ):
        label = "LOC"  # "Yamal Peninsula"; an organisation may end in "Airport" or start "North"
    elif label in ("GPE", "LOC") and known is None and len(words) > 1 and words[-1] in LEGAL_FORMS:
        label = "ORG"  # "Ceramtech Incorporated": a company, wherever the model saw it
    if known is None and len(words) > 1:
        place = _place_after_common_word(text, start, surface, lex, anywhere=label == "PERSON")
        if place is not None:
            return place  # "Guarantee Ukraine's energy security": the verb is no name
    if all(word in _title_words(lex) for word in words) and any(
        w not in ("of", "the") for w in words
    ):
        return None  # "Head of State", "Vice President": a role, which the rules read
    person = _person_after_title(text, start, end, lex, inside=label == "PERSON")
    if person is None:
        person = _person_after_office(text, start, end, lex)
    if person is not None:
        return person  # "State Rex Tillerson" as an ORG; "Orange County Sheriff John Doe"
    if label == "ORG":
        office = _office_after_title(text, start, surface, lex)
        if office is not None:
            return office  # "Head of the Office of the President": the office is the name
        # a listed name keeps its words ("The Hollywood Reporter" is no "Hollywood" reporter)
        trimmed_end = end if known is not None else _organisation_end(text, start, end, lex)
        place = lex.place(phrase_key(text[start:trimmed_end])) if trimmed_end < end else None
        if place is not None and place[1] in ("GPE", "LOC"):  # "Chicago Cardinal": the city
            return Candidate(start, trimmed_end, place[1], place[0], evidence="model")
        end = trimmed_end
        surface = text[start:end]
        key = phrase_key(surface)
        words = key.split()
    lone_word = len(words) == 1 and known is None
    if lone_word and (key in lex.generic or key in LEGAL_FORMS):
        return None  # "Government", "Alliance": a common noun capitalised; "LLC" alone
    if label == "PERSON" and key in lex.demonyms and not _name_word(key, lex):
        return Candidate(start, end, "NORP", lex.demonyms[key][0], evidence="model")  # "Muslims"
    if (
        label == "PERSON"
        and len(words) > 1
        and _past_tense_verb(words[0], lex)
        and lex.name_word(words[1])
        and words[1] not in lex.english
    ):
        # "1. Okayed Ayub's martial law", "Tagged David is a reporter": a verb, then the name
        # ("Planned Parenthood", "Honored Lawyer", "Distinguished Professor" are no one's)
        rest = text.index(surface.split()[1], start)
        person = to_candidate(text, rest, end, "PERSON", lex)
        return None if person is None else replace(person, evidence="model")
    if (
        label == "PERSON"
        and len(words) > 2
        and _past_tense_verb(words[-1], lex)
        and words[0] in lex.first_names
    ):
        # "Dominic Ng Appointed to Chair ...": a headline's verb after the name
        last = surface.rsplit(None, 1)[0]
        person = to_candidate(text, start, start + len(last), "PERSON", lex)
        return None if person is None else replace(person, evidence="model")
    if label == "PERSON" and len(words) > 1 and _no_given_name(text, words[0], lex):
        if len(words) > 2 and words[1] in lex.first_names:
            # "Video Eric Skelton": a caption's word glued to the name
            person = to_candidate(text, text.index(surface.split()[1], start), end, "PERSON", lex)
            return None if person is None else replace(person, evidence="model")
        # "Make Trump" (a slogan), "Google Stadia" (a product): no one's name starts with a word
        # the text writes in lower case, or with a company's name; the surname after it
        # ("Trump") is not this "person's" either.
        return Candidate(start, end, "MISC", " ".join(surface.split()), evidence="model")
    if label == "PERSON":
        candidate = to_candidate(text, start, end, "PERSON", lex)
        return None if candidate is None else replace(candidate, evidence="model")
    canonical = " ".join(surface.split()).replace("’", "'")
    *head_words, last = surface.split()
    place = lex.place(phrase_key(" ".join(head_words))) if head_words else None
    if place is not None and phrase_key(last) in event_nouns():
        # "Vilnius Summit", "Madrid Conference": a place and a common noun, the place is the name.
        end = start + len(surface) - len(last)
        end = len(text[:end].rstrip())
        return Candidate(start, end, place[1], place[0], evidence="model")
    if label == "LOC":
        place = lex.place(key)
        if place is not None:
            return Candidate(start, end, place[1], place[0], evidence="model")
        facility = _NEXT_WORD.match(text, end)
        if facility is not None and phrase_key(facility.group(1)) in lex.facilities:
            # "in Ofer prison", "at Naqab airport": a facility's name, which no list holds
            return Candidate(start, end, "MISC", canonical, evidence="unlisted")
        if key in lex.demonyms:
            return Candidate(start, end, "NORP", lex.demonyms[key][0], evidence="model")  # "Houthi"
        if _acronym_in_prose(text, start, end, lex):
            # "CLPS", "HCFVC", "NDAA": an unlisted acronym is a programme, law or body, and the
            # places that go by letters are listed ("UAE", "DPRK"); a word in capitals ("NEVER")
            # is dropped as a common word later, like any unlisted one-word name
            return Candidate(start, end, "MISC", canonical, evidence="unlisted")
        if " " not in surface and _CAMEL_CASE.search(_SURNAME_PREFIX.sub("", surface)):
            return Candidate(start, end, "MISC", canonical, evidence="unlisted")  # "AirPods"
        if (
            " " not in surface
            and surface.endswith("s")
            and _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
        ):
            # "the Cowboys", "the Sabres": a team; the places so written are listed
            # ("the Philippines", "the Balkans")
            return Candidate(start, end, "ORG", canonical, evidence="unlisted")
        unlisted = "unlisted" if " " not in surface else "model"  # see GUESSED_EVIDENCE
        return Candidate(start, end, _unknown_place_label(words, lex), canonical, evidence=unlisted)
    if label in ("MISC", "ORG") and key in lex.demonyms:
        return Candidate(start, end, "NORP", lex.demonyms[key][0], evidence="model")
    if label in ("ORG", "LOC") and names_an_event(surface.split(), lex):
        # "Great Patriotic War", "World Cup", "U.S.-Pakistan Health Dialogue", "Declaration of
        # Windhoek": an event, a competition, a law (the names inside are taken out later)
        label = "MISC"
    if label == "ORG" and known is not None and known[1] == "ORG":
        canonical = known[0]  # "EU" is the "European Union" the list names, as in the rules
    if label in ("ORG", "MISC"):
        return Candidate(start, end, label, canonical, evidence="model")
    return None


def _common_phrase(surface: str, lex: Lexicon) -> bool:
    """Whether an unlisted name of two words or more is a capitalised common phrase: each word
    one the dictionary writes in lower case, none a word that organisations' names are built
    with or a legal form ("Gold Standard", "Climate Science", "Childcare Regulations", "Youth
    Fitness"; not "Justice Department", "Coast Guard", "Paramount Pictures", "Stuff Limited",
    nor a team named after its town, "Buffalo Sabres").
    The model, trained on newswire, reads such Title-Case phrases of headlines, programmes,
    products and standards as organisations. The price, measured on the development sets and
    on unannotated news: bodies, clubs and mastheads so named without such a word ("Planned
    Parenthood", "Crystal Palace", "The Sun") become MISC too, about one for every two
    phrases set right."""
    keys = [phrase_key(word) for word in _PHRASE_WORD.findall(surface)]
    content = [key for key in keys if key not in _LINKING_WORDS]
    return (
        len(keys) > 1
        and bool(content)
        and all(key in lex.english for key in content)
        and not any(
            lex.body_word(key) or lex.body_word(key.removesuffix("s")) or key in LEGAL_FORMS
            for key in content
        )
        and not any(_listed_place(key, lex) for key in content)  # "Buffalo Sabres", "Hull City"
    )


def _listed_place(key: str, lex: Lexicon) -> bool:
    """Whether the lists know ``key`` (a phrase key) as a place."""
    known = lex.place(key)
    return known is not None and known[1] in ("GPE", "LOC")


#: Words of a phrase, and the small words that link them ("Bankruptcy of Steward Health Care").
_PHRASE_WORD = re.compile(r"[\w'’.-]+")
_LINKING_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "&", "to", "a", "an", "with"})


#: Organisation words that also name competitions and pacts, which a model rightly calls MISC:
#: "National League", "Central Division", "Trans-Pacific Partnership".
_COMPETITION_WORDS = frozenset({"league", "division", "partnership", "conference"})


#: A chamber's leader's title: "(Senate) Majority Leader", "(House) Minority Whip".
_LEADER_TITLE = re.compile(r"\b(?:Majority|Minority)\s+(?:Leader|Whip)\b")


#: What follows a dateline's place: a comma ("MOSCOW, March 3"), an agency in brackets
#: ("WASHINGTON (Reuters)") or a dash ("LONDON —").
_AFTER_DATELINE = re.compile(r"\s*(?:,|\(|[—–]|--?\s)")


#: A photo credit's agency after its photographer: "/Getty Images", "/AP", "/Reuters".
_CREDIT_AFTER = re.compile(r"/\s?[A-Z]")


_HONORIFIC_BEFORE = re.compile(r"(?<![\w.])(Mrs|Mr|Ms|Miss|Dr|Mx)\.?[ \t]+$")


def _abbreviated_title_first(surface: str, lex: Lexicon) -> bool:
    """Whether ``surface`` opens with an abbreviated title of address of the honorifics list
    ("Rep.", "Sen.", "Dr."), written with a capital and a full stop, then a capitalised word:
    "Rep. Pocan"."""
    match = _WORD_THEN_NAME.match(surface)
    if match is None:
        return False
    title = match.group(1)
    return title[0].isupper() and title[1:-1].islower() and phrase_key(title) in lex.honorifics


#: A word with a full stop, then a capitalised word: "Rep. Pocan".
_WORD_THEN_NAME = re.compile(r"([A-Za-z]+\.)[ \t]+[A-Z][a-z]")


def _after_an_honorific(text: str, start: int) -> bool:
    """Whether a title of address that only ever introduces a person stands right before
    ``start`` ("Mr.", "Mrs", "Dr."; not "Sir", "Lord" or "Lady", which also name places and
    houses)."""
    return _HONORIFIC_BEFORE.search(text, max(0, start - 8), start) is not None


def _credited(text: str, end: int, key: str, lex: Lexicon) -> bool:
    """Whether a name of two or three words is a photo credit's photographer: written right
    before a slash and an agency ("Win McNamee/Getty Images", "Drew Angerer/AP"), and no
    organisation's name itself ("Quinnipiac University/Marist" is a pair of pollsters)."""
    words = key.split()
    return (
        2 <= len(words) <= 3
        and _CREDIT_AFTER.match(text, end) is not None
        and not any(word in lex.org_suffixes or word in LEGAL_FORMS for word in words)
    )


def _dateline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a wire dateline's place: in capitals, first on its line,
    followed by a comma, a bracket or a dash."""
    return (
        text[start:end].isupper()
        and opens_line(text, start)
        and _AFTER_DATELINE.match(text, end) is not None
    )


def _headline_words(surface: str, lex: Lexicon) -> bool:
    """Whether a span of four words or more capitalises a function word after its first word
    ("Shoots Himself And Wife In Church"): a Title-Case headline, where names write "and",
    "in", "of" in lower case ("Bank of England")."""
    words = surface.split()
    if len(words) < 4:
        return False
    return any(
        word[:1].isupper()
        and word[1:].islower()
        and phrase_key(word) in lex.function_words
        and not previous.endswith(".")  # "Nexstar Media Inc. All Rights Reserved": a new sentence
        for previous, word in pairwise(words)
    )


def _capitals_of_common_words(text: str, surface: str) -> bool:
    """Whether a span of two or more words in capitals is made only of words the text writes in
    lower case ("CLICK HERE", "BREAKING NEWS"): a page's furniture or a headline's words."""
    words = phrase_key(surface).split()
    if len(words) < 2 or not surface.isupper():
        return False
    lower = document_lower_words(text)
    return all(word in lower for word in words)


def _acronym_in_prose(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether ``text[start:end]`` is an acronym of three or more capitals on a line written in
    lower case too (not a headline or a dateline in capitals, where towns are written so:
    "KAKTOVIK, Alaska")."""
    surface = text[start:end]
    if len(surface) < 3 or not (surface.isalpha() and surface.isupper()):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if _LOWER_RUN.search(line) is None or _dateline(text, start, end):
        return False
    region = _PLACE_AFTER_COMMA.match(text, end)
    return region is None or lex.place(phrase_key(region.group(1))) is None


#: A comma and a capitalised word: a town's state or country ("KAKTOVIK, Alaska").
_PLACE_AFTER_COMMA = re.compile(r",\s+([A-Z][\w.]*)")


#: A capital after a lower-case letter inside a word: a brand ("AirPods", "GrubHub"), once a
#: surname's prefix is set aside ("McAllen", "DeKalb", "LaGrange" are towns).
_CAMEL_CASE = re.compile(r"[a-z][A-Z]")
_SURNAME_PREFIX = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|O')")

#: Three lower-case letters in a row: a line of prose, not one in capitals.
_LOWER_RUN = re.compile(r"[a-z]{3}")


@cache
def _title_words(lex: Lexicon) -> frozenset[str]:
    """Words of titles and offices, with the "of" and "the" that join them."""
    return lex.title_words | lex.honorifics | {"of", "the"}


_ARTICLE_BEFORE = re.compile(r"(?<![\w-])the\s+$")
_PLACE_PREPOSITIONS = frozenset(
    "in at near from to into outside inside around across throughout towards toward via of".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+(?:the\s+)?$")


def _after_place_preposition(text: str, start: int) -> bool:
    """Whether the word before ``start`` is a preposition of place ("in", "near", "from")."""
    match = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return match is not None and match.group(1).lower() in _PLACE_PREPOSITIONS


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the closed-class words the model took in at its edges (:data:`EDGE_WORDS`):
    "Nexstar Media Inc. All" stays, but "Instagram Our" -> "Instagram", "Dear Michael" ->
    "Michael", "Conference and" -> "Conference"; a lone such word ("Who") is no name. A leading
    "The" stays (it may be the name's: "The Hague"). Nor does a name end with a word in lower
    case ("Rassemblement National party" -> "Rassemblement National")."""
    mark = _SENTENCE_MARK.search(text, start, end)
    if mark is not None:
        end = mark.start()  # "Ukraine! Eternal": a name ends with its sentence, or its link
    inner = _INNER_BREAK.search(text, start, end)
    if inner is not None and inner.start() > start:
        end = inner.start()  # "BBC documentary The Detectives", "BBC's The Detectives"
    words = [(match.start(), match.end()) for match in _WORD.finditer(text, start, end)]
    kept = list(words)
    while len(kept) > 1 and (
        _edge_word(text, *kept[-1]) or _lower_case_word_after_a_space(text, kept[-2], kept[-1])
    ):
        kept.pop()  # "Conference and"; "Rassemblement National party": a name ends capitalised
    while len(kept) > 1 and text[slice(*kept[0])] != "The" and _edge_word(text, *kept[0]):
        kept.pop(0)
    if len(kept) == 1 and _edge_word(text, *kept[0]):
        return start, start
    if kept == words:
        if words and _CLOSING_MARKS.fullmatch(text, words[-1][1], end):
            return start, words[-1][1]  # "Ukrainians!", "Pennzoil Co <PZL>": not the name's
        return start, end  # nothing trimmed: "C$", "Radnicki ( N )" stay as the model gave them
    return kept[0][0], kept[-1][1]


#: Words of closed classes that never begin or end a name: determiners, possessives, pronouns,
#: wh-words, conjunctions, sentence adverbs, a salutation, a page's stamp ("Joey Schneider
#: Posted"). (Not "All", "First", "Will": "All Blacks", "First Union", "Will Carling".)
EDGE_WORDS = frozenset(
    "a an the this that these those our your his her its their my me we you he she it they i "
    "who whom what which how why when where and or but nor of dear thanks thank please posted "
    "updated published because although though if unless while whereas since "
    # prepositions that open or close no name ("Amid George Floyd Protests" in a headline)
    "amid amidst despite during against via among amongst within upon onto into across toward "
    "towards following including regarding concerning with from to for in on at by about "
    # sentence adverbs that open a sentence ("Afterward Gordon told reporters", "Lastly, we")
    "afterward afterwards meanwhile however moreover furthermore lastly finally perhaps maybe "
    "instead otherwise thus hence therefore nevertheless nonetheless besides indeed also "
    "additionally consequently similarly likewise unfortunately fortunately surprisingly "
    "unsurprisingly interestingly importantly ultimately eventually".split()
)
#: Where a name ends inside a span: a possessive followed by an article or a lower-case word
#: ("Poor's Corp" and "Moody's Investors Service" keep theirs), or a lower-case word
#: that joins no name ("of", "and", "de", "al" and their like do).
_INNER_BREAK = re.compile(
    r"['’]s\s(?=[a-z]|(?:The|A|An)\s)|\s(?!(?:of|and|the|for|on|upon|in|at|de|da|di|do|du|des|"
    r"del|dela|delos|della|van|von|der|den|bin|ibn|al|el|la|le|y|e|zu|af|ter|ten|op)\s)"
    r"(?=[a-z][a-z]+\s)"
)
#: An exclamation or question mark followed by a space (the end of a sentence inside a span),
#: or a link's markup ("[Matt Brownstead](https://...": a name ends where its link starts).
_SENTENCE_MARK = re.compile(r"[!?]\s|\]\(|\s?https?://")
#: Punctuation that closes a sentence or a clause, never part of a name.
_CLOSING_MARKS = re.compile(r"[!?,;:]+|\s*[<(\[{]+")
#: A word of a span for trimming: letters, digits and the marks names carry inside ("Inc.", "U.S.").
_WORD = re.compile(r"[\w][\w.'’&-]*")


def _person_after_title(
    text: str, start: int, end: int, lex: Lexicon, *, inside: bool = False
) -> Candidate | None:
    """The person named after title words in a span: those that open a span the model typed as
    no person ("Secretary of State Rex Tillerson" read as ORG "State Rex Tillerson"), or those
    after its first word ("Orange County Sheriff John Doe": the county is the sheriff's, not the
    person's name); with ``inside`` (a person's span, whose opening titles
    :func:`~analysis.extract.entities.spacy_backend.to_candidate` reads) only the latter. The
    rest must open with a listed first name and be two words or more of a person's shape. The
    rules give the person the title (:func:`combine`)."""
    words = [(match.start(), match.end()) for match in _WORD.finditer(text, start, end)]
    keys = [phrase_key(text[a:b]) for a, b in words]
    titles = _title_words(lex)
    opening = 0
    if inside or (keys and keys[0] not in titles):
        # the first title word after the first: past the place or office before it
        opening = next((i for i, key in enumerate(keys) if i > 0 and key in lex.titles), len(keys))
    cut = opening
    while cut < len(keys) and keys[cut] in titles:
        cut += 1
    if cut == opening or len(keys) - cut < 2 or keys[cut] not in lex.first_names:
        return None
    name = " ".join(text[words[cut][0] : end].split())
    last = keys[-1]
    if last in lex.org_heads or last in lex.suffix_labels or _place_shaped(keys[cut:], lex):
        return None  # "Grand Ole Opry House" is a hall
    if not is_person_name(name, lex):
        return None
    return Candidate(words[cut][0], end, "PERSON", name, evidence="model")


#: What follows the words of a law's name up to its "Act": capitalised words and the short words
#: that join them, the law's letters in brackets ("on the Taxpayer's Dime Act", "(HITECH) Act",
#: "and Science Act"), after the name's possessive or closing bracket ("Taxpayer's Dime Act",
#: "HITECH) Act"); the word before "Act" is capitalised ("Google and the Act" is no name).
_LAW_AFTER = re.compile(
    r"(?:['’]s|\))?(?:(?:\s+(?:of|on|for|the|and|to|in|a|an|at|by|with|from|against))*\s+[A-Z][\w'’.-]*)*?"
    r"(?:\s+\([A-Z][A-Za-z0-9-]*\))?\s+Act\b"
)
_LAW_OF_YEAR = re.compile(r"\bAct of (?:1[6-9]|20)\d\d\b")
_LAW_LOOK_AHEAD = 120


def _names_a_law(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a law's name ("Communications Decency Act of 1996") or
    the start of one that goes on to its "Act"."""
    if _LAW_OF_YEAR.search(text, start, end):
        return True
    return _LAW_AFTER.match(text, end, min(len(text), end + _LAW_LOOK_AHEAD)) is not None


#: A title and "of" right before a span: "Secretary of ", "Minister for the ", "Head of the
#: President's " (before "Office Kyrylo Tymoshenko").
_TITLE_OF_BEFORE = re.compile(
    r"([A-Z][\w-]*)\s+(?:of|for|on)\s+(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?$"
)


def _person_after_office(text: str, start: int, end: int, lex: Lexicon) -> Candidate | None:
    """The person at the end of a span that follows a title and "of": the model read "Secretary
    of Transportation Elaine Chao" as the organisation "Transportation Elaine Chao". The person
    opens with a listed first name after the office's words and has a person's shape."""
    before = _TITLE_OF_BEFORE.search(text, max(0, start - 40), start)
    if before is None or phrase_key(before.group(1)) not in lex.titles:
        return None
    words = [(match.start(), match.end()) for match in _WORD.finditer(text, start, end)]
    for index in range(1, len(words) - 1):
        if phrase_key(text[slice(*words[index])]) in lex.first_names:
            if lex.place(phrase_key(text[start : words[index - 1][1]])) is not None:
                return None  # "of Russia Vladimir Putin": the place is the qualifier, split later
            name = " ".join(text[words[index][0] : end].split())
            if is_person_name(name, lex):
                return Candidate(words[index][0], end, "PERSON", name, evidence="model")
            return None
    keys = [phrase_key(text[slice(*word)]) for word in words]
    if (
        len(words) >= 3
        and all(key in lex.english for key in keys[:-2])
        and _not_a_place(" ".join(keys[:-2]), lex)  # "of the Soviet Union Georgy Zhukov"
        and all(_unknown_name_word(text[slice(*word)], lex) for word in words[-2:])
    ):
        # "for Global Health Atul Gawande": the office's dictionary words, then two words of a
        # name no list holds
        name = " ".join(text[words[-2][0] : end].split())
        return Candidate(words[-2][0], end, "PERSON", name, evidence="model")
    return None


def _organisation_end(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Where an organisation's span ends: with its legal form after a comma ("WWB Holdings,
    LLC"), without the "All" of "All rights reserved" ("Nexstar Media Inc. All") and without a
    person's title glued after it by a scraped caption ("Newcastle University Professor", "Green
    Party MP", "USAID Assistant Administrator"); an "X of Y" name keeps its words ("Department of Justice"), a body its plural
    title ("NATO Defence Ministers")."""
    legal = _LEGAL_FORM_AFTER.match(text, end)
    if legal is not None and legal.group(1).lower() in LEGAL_FORMS:
        dotted = (
            legal.group(1).lower() in _DOTTED_FORMS and text[legal.end() : legal.end() + 1] == "."
        )
        return legal.end() + dotted  # "Inc." keeps its full stop, "LLC." ends a sentence
    words = [(match.start(), match.end()) for match in _WORD.finditer(text, start, end)]
    if len(words) > 1 and text[slice(*words[-1])] == "All" and _RIGHTS_RESERVED.match(text, end):
        return words[-2][1]
    keys = [phrase_key(text[a:b]) for a, b in words]
    if "of" in keys:
        return end
    kept = len(words)
    while kept > 1 and _one_title(keys[kept - 1], lex):
        kept -= 1
    if kept == len(words) or all(key in lex.title_words for key in keys[:kept]):
        return end
    while kept > 1 and keys[kept - 1] in lex.title_modifiers:
        kept -= 1  # "USAID Assistant Administrator": the title's words before it too
    return words[kept - 1][1]


def _one_title(key: str, lex: Lexicon) -> bool:
    """A title or honorific of one person ("Professor", "MP"); a plural one may end a body's
    name ("NATO Defence Ministers", "Joint Chiefs")."""
    return (key in lex.titles or key in lex.honorifics) and not key.endswith("s")


#: A legal form after a comma that ends an organisation's name: ", LLC", ", Inc.".
_LEGAL_FORM_AFTER = re.compile(r",\s?([A-Z][A-Za-z]*)(?![\w-])")
#: Legal forms written as abbreviations with a full stop.
_DOTTED_FORMS = frozenset({"inc", "corp", "co", "ltd"})
#: What follows the "All" of a copyright line.
_RIGHTS_RESERVED = re.compile(r"\s+rights\s+reserved", re.IGNORECASE)


def _lower_case_word_after_a_space(
    text: str, previous: tuple[int, int], word: tuple[int, int]
) -> bool:
    """Whether ``word`` is written in lower case and apart from the ``previous`` word, after a
    space or a dash: "party" in "Rassemblement National party", "level" in "Umberto Eco–level";
    not "49ers", "al-Assad" or the "citylimits" of an address glued to a name."""
    written = text[slice(*word)]
    gap = text[previous[1] : word[0]]
    return written[:1].isalpha() and written.islower() and (gap.isspace() or gap in ("–", "—"))


def _edge_word(text: str, start: int, end: int) -> bool:
    return text[start:end].lower() in EDGE_WORDS


def _only_initial(text: str, candidate: Candidate, lex: Lexicon) -> bool:
    """Whether a one-word model entity rests on a sentence-initial capital alone: it starts a
    sentence, the text never writes it capitalised inside one, and no list knows it as a place,
    nationality or organisation ("Turkey has ..." is kept)."""
    if candidate.evidence != "model" or candidate.label == "NORP":
        return False
    surface = text[candidate.start : candidate.end]
    if " " in surface or not surface[:1].isupper() or surface.isupper():
        return False  # "NATO", "CNBC": capitals are the name's, not the sentence's
    if not is_initial(text, candidate.start):
        return False
    key = phrase_key(surface)
    if lex.place(key) is not None or key in lex.demonyms:
        return False
    if _RUN_OF_WORD.fullmatch(surface):
        return surface not in _capitalised_inside(text)
    return not any(  # "O'Brien", "St.": not one run of word characters, looked for one by one
        not is_initial(text, match.start())
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text)
    )


#: A run of word characters and hyphens: the unit :func:`_only_initial` compares.
_RUN_OF_WORD = re.compile(r"[\w-]+")
#: Such a run that starts with a letter other than a lower-case ASCII one (then checked upper).
_CAPITAL_RUN = re.compile(r"(?<![\w-])[^\W\d_a-z][\w-]*")


def _with_article(text: str, candidate: Candidate) -> Candidate:
    """An organisation's span with the "The" before it when the text capitalises that "The"
    inside a sentence: it is then part of the name ("told The Associated Press", "a member of
    The Conversation UK"). Its canonical name stays without it, so that the entity is counted as
    one, written either way."""
    start = candidate.start - len(_THE)
    if (
        candidate.label != "ORG"
        or start < 0
        or text[start : candidate.start] != _THE
        or is_initial(text, start)
    ):
        return candidate
    return replace(candidate, start=start)


_THE = "The "


def _model_alone(
    text: str, candidate: Candidate, rule_candidates: Sequence[Candidate], lex: Lexicon
) -> bool:
    """Whether ``candidate`` is an organisation only the model sees: no rule candidate overlaps
    it (no list, title, gazetteer or capitalised run of the rules: "Subscribe Now" opening a
    sentence, "LC500 Convertible") and none of its words is an organisation's word ("Senate",
    "Department", "Ministry of"). Such a name is kept only where
    the corpus backs it (see :func:`analysis.extract.entities.corpus_entity_mentions`)."""
    if candidate.label != "ORG" or candidate.evidence != "model":
        return False
    if any(rule.start < candidate.end and candidate.start < rule.end for rule in rule_candidates):
        return False
    words = phrase_key(text[candidate.start : candidate.end]).split()
    return not any(lex.body_word(word) for word in words)


@lru_cache(maxsize=16)
def _capitalised_inside(text: str) -> frozenset[str]:
    """The capitalised runs of word characters a text writes inside a sentence, found in one
    pass (the model's doubtful words of a long text are each looked up here, not searched for
    in the whole text again)."""
    return frozenset(
        match.group()
        for match in _CAPITAL_RUN.finditer(text)
        if match.group()[0].isupper() and not is_initial(text, match.start())
    )


_DATE_CODE = re.compile(r"([^\W\d_]+)\s?'?\d{1,4}")
#: A sum of money: a currency sign, perhaps after a country's letters ("S$", "US$", "HK$"), then
#: a number and perhaps a scale ("bn", "m").
_AMOUNT = re.compile(r"[A-Z]{0,3}[$€£¥₹]\s?\d[\d.,]*\s?(?:[a-z]{1,2}n?)?")


def _date_code(surface: str, lex: Lexicon) -> bool:
    """Whether a span is a time word glued to a number: a contract month in a price table
    ("JUL7", "SEP87") or a date ("May 5")."""
    match = _DATE_CODE.fullmatch(surface)
    return match is not None and phrase_key(match.group(1)) in lex.dates


def _body_named_with_to(surface: str, label: str, lex: Lexicon) -> bool:
    """Whether the model's organisation ``surface`` is a body named with "to" and its aim, all
    other words capitalised, a body's word first or last: "Committee to Protect Journalists",
    "Campaign to Stop Killer Robots", "National Right to Work Committee" (elsewhere a lower-case
    word inside a span ends the name)."""
    words = surface.split()
    if label != "ORG" or len(words) < 3 or words.count("to") != 1 or words[0] == "to":
        return False
    return all(word[:1].isupper() for word in words if word != "to") and (
        lex.body_word(phrase_key(words[0])) or lex.body_word(phrase_key(words[-1]))
    )


def _past_tense_verb(key: str, lex: Lexicon) -> bool:
    """Whether a word (a phrase key) is a verb's "-ed" form the dictionary knows ("okayed",
    "dismissed", "approved") and no listed name: no person's given name."""
    return (
        len(key) > _SHORTEST_ED_FORM
        and key.endswith("ed")
        and key in lex.english
        and not _name_word(key, lex)
    )


#: "Fred", "Reed", "Ted": short words that end in "-ed" are names as often as verbs.
_SHORTEST_ED_FORM = 4


def _no_given_name(text: str, first: str, lex: Lexicon) -> bool:
    """Whether a person's name cannot start with ``first``: a listed organisation ("Google"), or
    a word ``text`` writes in lower case at least as often as capitalised ("Make", "Call"; not
    "Tiger" or "Sun" in a story about Tiger Woods or Sun Yang), that is no listed first name or
    surname ("Rose", "Ford"), function word ("Will"), title or honorific ("President", "Mr")."""
    key = phrase_key(first)
    if _name_word(key, lex) or key in lex.function_words or title_word(first, lex):
        return False
    known = lex.place(key)
    if known is not None and known[1] == "ORG":
        return True
    if key not in document_lower_words(text) or not first.isalpha():
        return False
    written = Counter(match.group()[0].islower() for match in _word_pattern(key).finditer(text))
    return written[True] >= written[False]


@lru_cache(maxsize=256)
def _word_pattern(key: str) -> re.Pattern[str]:
    """The whole word ``key`` in any case."""
    return re.compile(rf"(?<![\w-]){re.escape(key)}(?![\w-])", re.IGNORECASE)


def _town_of_a_common_word(text: str, key: str, known: tuple[str, str], lex: Lexicon) -> bool:
    """Whether a listed town is named by a word ``text`` also writes in lower case ("Time",
    "Salt", "Deal", "Best" are towns of Norway, Spain, England, the Netherlands): where the
    model read no place there, the word is no evidence of one. Countries and US states keep
    their weight."""
    return (
        known[1] == "GPE"
        and " " not in key
        and not lex.country_or_state(key)
        and key in document_lower_words(text)
    )


def _name_word(key: str, lex: Lexicon) -> bool:
    """Whether a one-word key is a listed first name or surname ("Jordan", "Washington")."""
    return " " not in key and lex.name_word(key)


def _unknown_place_label(words: Sequence[str], lex: Lexicon) -> str:
    """The type of a place the gazetteer does not know, from its words (phrase keys): by its
    last word, a facility ("Wall Street", "Heathrow Airport") is MISC, a natural place or an
    area ("Red Sea", "Korean Peninsula", "Bay Area") LOC, an institution the model took for
    its town ("Johns Hopkins University", "Santa Paula Hospital", "United States Senate") ORG;
    a compass word or "Greater" before a name makes a region ("Northern Syria", "South Dade",
    "Greater Boston": LOC, and so does a natural place's word before "of" ("Strait of Hormuz");
    the towns so named, "West Palm Beach", are listed); anything else is a town, county or
    province nobody listed: GPE (news names far more small towns than unlisted regions)."""
    key = words[-1]
    if key in lex.facilities:
        return "MISC"
    if key in _suffixes("org_suffixes.txt"):
        return "ORG"
    if (
        key in _suffixes("natural_suffixes.txt")
        or (len(words) > 1 and words[0] in REGION_FIRST_WORDS)
        or _natural_place_of(words, lex)
    ):
        return "LOC"
    return "GPE"


#: First words of a place's name, never of a person's: "Upper Lars", "Northern Cape".
PLACE_FIRST_WORDS = frozenset(
    "upper lower north south east west northern southern eastern western central greater".split()
)
#: First words that make an unlisted place a region: "Eastern Ukraine", "Greater Boston".
REGION_FIRST_WORDS = PLACE_FIRST_WORDS - {"upper", "lower"} | frozenset(
    "northeast northwest southeast southwest northeastern northwestern southeastern "
    "southwestern".split()
)


#: A family after its surname: "the Wright brothers", "the Castro sisters".
_FAMILY_AFTER = re.compile(r"['’]?\s+(?:brothers|sisters|siblings)\b")
#: Each opening quotation mark and its closing one, and what a quoted title may hold between.
_CLOSING_QUOTE = {"“": "”", '"': '"', "‘": "’"}
_QUOTED_TITLE_CHARS = 80


def _organisation_shaped(surface: str, lex: Lexicon) -> bool:
    """Whether a name is written as an organisation's, whatever marks stand around it: an
    acronym ("DPR") or a word that organisations' names use ("Shariy Party", "Union of Left
    Forces"); news translated from Russian or Ukrainian puts such names in quotation marks."""
    words = phrase_key(surface).split()
    return surface.isupper() or any(lex.body_word(word) or word in LEGAL_FORMS for word in words)


def _quoted_title(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens a quotation that closes soon after it ends without
    another sentence in between: "“Apropos of Nothing” begins", "“Radio Days” and": the title
    of a book, film or song, which news puts in quotation marks and an organisation's name is
    not."""
    closing = _CLOSING_QUOTE.get(text[start - 1]) if start else None
    if closing is None:
        return False
    close = text.find(closing, end, end + _QUOTED_TITLE_CHARS)
    return close >= 0 and not re.search(r"[.!?]\s", text[end:close])


def _quoted_title_case(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens a quotation of two words or more in title case: "“Annie
    Hall” and", "“Hannah and Her Sisters”". Not a quotation of speech that opens with a name
    ("“Trump is wrong,” he said"), nor a name alone in quotes (a nickname, Han “Hana” Lee, or a
    one-word answer, "“Biden,” she said")."""
    if not _quoted_title(text, start, end):
        return False
    close = text.find(_CLOSING_QUOTE[text[start - 1]], end)
    words = re.findall(r"[^\W\d_][\w'’-]*", text[start:close])
    return len(words) > 1 and all(
        word[0].isupper() or phrase_key(word) in _LINKING_WORDS for word in words
    )


#: The word after a name, in lower case: "prison" in "Ofer prison".
_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")
#: The capitalised word right after a name.
_CAPITALISED_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)\b")


def _title_after(text: str, end: int, lex: Lexicon) -> bool:
    """Whether a title's word follows ``text[:end]``: "Florida Governor", "Texas Senator"."""
    after = _CAPITALISED_AFTER.match(text, end)
    return after is not None and phrase_key(after.group(1)) in lex.title_words


#: A capitalised word and "of" just before a name: "Strait of", "Gulf of", "Bay of".
_NATURAL_WORD_OF = re.compile(r"(?<![\w-])([A-Z][a-z]+) of $")
_NATURAL_WORD_LOOK_BACK = 20
#: A kind of settlement and "of", as written before its name: "the town of Kitty Hawk".
_SETTLEMENT_OF = r"\b(?:town|city|village|hamlet|port|suburb|municipality)\s+of\s+"
_PLACE_OF = re.compile(_SETTLEMENT_OF + "$")
_PLACE_OF_LOOK_BACK = 30
#: A settlement's name after its kind: "the town of Kitty Hawk", "the village of Novi Petrivtsi".
_NAME_AFTER_PLACE_OF = re.compile(_SETTLEMENT_OF + r"([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*)")


def _natural_place_of(words: Sequence[str], lex: Lexicon) -> bool:
    """Whether a name's words (phrase keys) are a natural place's word, "of" and its name: "Strait
    of Hormuz", "Gulf of Aden", "Bay of Bengal"; not "Gulf of Mexico Fishery Management
    Council", which an organisation's word ends."""
    return (
        2 < len(words) <= 5
        and words[1] == "of"
        and words[0] in _suffixes("natural_suffixes.txt")
        and not any(lex.body_word(word) for word in words[2:])
    )


def _place_shaped(words: Sequence[str], lex: Lexicon) -> bool:
    """Whether a name's words (phrase keys) make it a place, whatever type the model gave it:
    it ends in a place's last word ("Yamal Peninsula", "Wall Street"), starts with a compass
    or height word ("Upper Lars", "South Ossetia") or is a natural place "of" a name ("Bay of
    Bengal")."""
    last = words[-1]
    return (
        _natural_place_of(words, lex)
        or words[0] in PLACE_FIRST_WORDS
        or last in lex.facilities
        or last in _suffixes("natural_suffixes.txt")
    )


def _place_after_common_word(
    text: str, start: int, surface: str, lex: Lexicon, *, anywhere: bool = False
) -> Candidate | None:
    """The listed place in a span that a sentence-initial common word opens ("Guarantee
    Ukraine", "Provide Ukraine": a verb the text also writes in lower case), or ``None``.

    The model reads a capitalised first word glued to a country as one name; the span as a
    whole is unlisted, the rest is a listed place, and the first word is a common word here. It
    must open a sentence, unless the model called the span a person (``anywhere``): no one is
    named "Accuse Russia", even in a headline's capitals.
    """
    first, _, rest = surface.partition(" ")
    place = lex.place(phrase_key(rest))
    if place is None or place[1] not in ("GPE", "LOC"):
        return None
    if not anywhere and not is_initial(text, start):
        return None
    if first.lower() not in document_lower_words(text) or first.lower() in lex.first_names:
        return None
    rest_start = text.find(rest, start)
    return Candidate(rest_start, rest_start + len(rest), place[1], place[0], evidence="model")


_TITLE_OF_THE = re.compile(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)\s+of\s+the\s+(?=\S)")


def _office_after_title(text: str, start: int, surface: str, lex: Lexicon) -> Candidate | None:
    """The organisation in an organisation-typed span that opens with a title ("Head of the
    Office of the President", "Chairman of the Federal Reserve"): the office a person holds is
    no organisation, the body after "of the" is. ``None`` unless that body is a listed
    organisation, an acronym or a name of two words or more ("Minister of the Interior" keeps
    its span: "Interior" alone names nothing)."""
    match = _TITLE_OF_THE.match(surface)
    if match is None or not all(
        phrase_key(word) in _title_words(lex) for word in match.group(1).split()
    ):
        return None
    rest = surface[match.end() :]
    known = lex.place(phrase_key(rest))
    if not (len(rest.split()) > 1 or rest.isupper() or (known and known[1] == "ORG")):
        return None
    rest_start = start + match.end()
    canonical = known[0] if known and known[1] == "ORG" else " ".join(rest.split())
    return Candidate(rest_start, rest_start + len(rest), "ORG", canonical, evidence="model")


@cache
def _suffixes(name: str) -> frozenset[str]:
    """A list of last words from ``analysis/data/entities``, as phrase keys."""
    return frozenset(phrase_key(word) for word in read_entries("entities", name))


def _containing(
    text: str,
    candidate: Candidate,
    organisations: Sequence[Candidate],
    model_spans: Sequence[tuple[int, int, str]],
    lex: Lexicon,
) -> Candidate | None:
    """The organisation-shaped rule name ("Ukraine Support Contact Group") that strictly contains
    the model's span, if any: the model often stops at the first word it knows.

    Not where the rules joined more than one name ("Joel Naroff of First Union": the model saw
    two), nor where the words they added are a date or a function word ("September Treasury",
    "Results of Major League")."""
    for rule in organisations:
        inside = rule.start <= candidate.start and candidate.end <= rule.end
        if not inside or (rule.start, rule.end) == (candidate.start, candidate.end):
            continue
        others = any(
            start < rule.end
            and rule.start < end
            and (start, end) != (candidate.start, candidate.end)
            for start, end, _ in model_spans
            if not (candidate.start <= start and end <= candidate.end)
        )
        added = text[rule.start : candidate.start].split() + text[candidate.end : rule.end].split()
        if others or any(_date_or_function_word(word, lex) for word in added):
            continue
        return rule
    return None


def _listed_parts(text: str, candidate: Candidate, lex: Lexicon) -> list[Candidate]:
    """The listed names a model span glued together in a photo credit or caption, which run
    names into each other without punctuation: a place and a listed organisation ("Madrid,
    Spain Reuters"), or a listed name and common words after it ("Getty Images Commuters":
    the document writes "commuters" in lower case, and no name ends in it). Empty for anything
    else: a person ("Nelson Mandela" is no pair of towns), a name whose last words are the
    lists' name endings or a legal form ("Rochester Fire Department", "U.S. Open", "Toronto
    Star Newspapers Limited"), one listed name.
    """
    if candidate.label == "PERSON":
        return []
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, candidate.start, candidate.end)]
    parts: list[Candidate] = []
    index = 0
    while index < len(words) and len(parts) < 2:
        for size in range(min(lex.max_phrase_words, len(words) - index), 0, -1):
            first, last = words[index], words[index + size - 1]
            known = lex.place(phrase_key(text[first[0] : last[1]]))
            if known is not None:
                parts.append(Candidate(first[0], last[1], known[1], known[0], evidence="model"))
                index += size
                break
        else:
            break
    if not parts:
        return []
    if len(parts) == 2 and not (parts[0].label in ("GPE", "LOC") and parts[1].label == "ORG"):
        return []  # "Greenock Morton", "U.S. Gulf": not a place and an agency
    if len(parts) == 2 and text[parts[1].start : parts[1].end].split()[-1].lower() in (
        lex.org_suffixes
    ):
        return []  # "Alabama Republican Party": a branch of the party, one name
    rest = [text[start:end] for start, end in words[index:]]
    common = document_lower_words(text)
    if any(
        word.lower() not in common
        or phrase_key(word) in lex.suffix_labels
        or phrase_key(word) in LEGAL_FORMS  # "Toronto Star Newspapers Limited": a company
        for word in rest
    ):
        return []
    return parts if len(parts) == 2 or rest else []


#: The party letter of a US legislator's "D-Calif." or "R-Texas".
_PARTY_LETTERS = {"D-": "Democratic Party", "R-": "Republican Party", "I-": ""}
#: The US states' postal codes, which a legislator's party letter may precede ("R-UT"); only
#: there are they read as states ("IN", "OR", "ME" are words elsewhere).
_STATE_CODES = {
    code: name.replace("_", " ")
    for code, name in (
        entry.split("|")
        for entry in (
            "AL|Alabama AK|Alaska AZ|Arizona AR|Arkansas CA|California CO|Colorado "
            "CT|Connecticut DE|Delaware FL|Florida GA|Georgia HI|Hawaii ID|Idaho IL|Illinois "
            "IN|Indiana IA|Iowa KS|Kansas KY|Kentucky LA|Louisiana ME|Maine MD|Maryland "
            "MA|Massachusetts MI|Michigan MN|Minnesota MS|Mississippi MO|Missouri MT|Montana "
            "NE|Nebraska NV|Nevada NH|New_Hampshire NJ|New_Jersey NM|New_Mexico NY|New_York "
            "NC|North_Carolina ND|North_Dakota OH|Ohio OK|Oklahoma OR|Oregon PA|Pennsylvania "
            "RI|Rhode_Island SC|South_Carolina SD|South_Dakota TN|Tennessee TX|Texas UT|Utah "
            "VT|Vermont VA|Virginia WA|Washington WV|West_Virginia WI|Wisconsin WY|Wyoming"
        ).split()
    )
}
#: A US congressional district, in brackets after its member's name or after a preposition:
#: "Rep. Mark Pocan (WI-02)", "communities in NY-21".
_DISTRICT = re.compile(
    r"(?:\(|\b(?:in|of|for|from|our|represents)[ \t]+)([A-Z]{2})-\d{1,2}(?![\w-])"
)


def congressional_districts(text: str, found: Sequence[Candidate]) -> list[Candidate]:
    """``found`` with the state of each congressional district ("WI-02", "NY-21") as a place:
    the model reads the code as a product or an organisation, or not at all. A candidate
    reaching beyond the code stays."""
    out = list(found)
    for match in _DISTRICT.finditer(text):
        state = _STATE_CODES.get(match.group(1))
        start, end = match.span(1)
        code_end = match.end()
        covering = [c for c in out if c.start < code_end and start < c.end]
        if state is None or any(c.start < start or c.end > code_end for c in covering):
            continue  # "WI-02" read as a product or an organisation is the code; more is a name
        out = [c for c in out if c not in covering]
        out.append(Candidate(start, end, "GPE", state, evidence="model"))
    return out


#: A legislator's party and state after the name, in brackets or between commas: "(R-La.)",
#: ", D-Calif.,", "(I-Vt.)", "(R-UT)".
_PARTY_TAG = re.compile(
    r"(?<=[(,] )[DRI]-[A-Z][A-Za-z]{0,5}(?=\.?[),;])|(?<=\()[DRI]-[A-Z][A-Za-z]{0,5}(?=\.?[),;])"
)


def party_tags(text: str, found: Sequence[Candidate], lex: Lexicon) -> list[Candidate]:
    """The party and state of each legislator's tag that the model left out ("Bill Cassidy,
    M.D. (R-La.)"), read as :func:`_hyphenated_names` reads the ones it found."""
    out: list[Candidate] = []
    for match in _PARTY_TAG.finditer(text):
        start, end = match.span()
        if any(c.start < end + 1 and start < c.end for c in found):
            continue
        out += _hyphenated_names(text, start, end, "ORG", lex)
    return out


#: Names joined by a hyphen or an en dash, each capitalised: "US-China", "Putin–Erdogan".
_HYPHENATED = re.compile(r"[A-Z][\w.'’]*(?:[-–][A-Z][\w.'’]*)+")


#: Words between a person's given names and surname ("Ursula von der Leyen", "Mohammed bin
#: Salman", "Dorian Di Giorgio"), any case.
NAME_PARTICLES = frozenset(
    "von van der den de del dela delos della degli di da das dos du la le bin ibn al el ben ter "
    "ten zu".split()
)
_PARTICLES = re.compile(
    r"(?:\s+(?:" + "|".join(sorted(NAME_PARTICLES)) + r"))+\s+(?=[A-Z])", re.IGNORECASE
)
#: Particles right before a name, each followed by a space: "de la ", "von der ".
_PARTICLES_BEFORE = re.compile(
    r"(?<![\w-])((?:(?:" + "|".join(sorted(NAME_PARTICLES)) + r")\s+)+)$", re.IGNORECASE
)
_PARTICLES_LOOK_BACK = 20


def joined_natural_places(
    text: str, spans: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """``spans`` with a name after a natural place's word and "of" made the natural place: the
    model's "Hormuz" (or "Strait" and "Hormuz") in "the Strait of Hormuz" is the LOC "Strait of
    Hormuz", as "Gulf of Aden" and "Bay of Bengal" are (``natural_suffixes.txt``)."""

    def opening(start: int, end: int) -> int | None:
        natural = _NATURAL_WORD_OF.search(text, max(0, start - _NATURAL_WORD_LOOK_BACK), start)
        if natural is None or phrase_key(natural.group(1)) not in _suffixes("natural_suffixes.txt"):
            return None
        return natural.start(1)

    return _joined_with_the_words_before(spans, opening)


def _joined_with_the_words_before(
    spans: Sequence[tuple[int, int, str]], opening: Callable[[int, int], int | None]
) -> list[tuple[int, int, str]]:
    """``spans`` with each span that ``opening`` extends (to the start it returns) made one LOC
    from there, and the model's span of those words ("Strait", "Kingdom"), read apart, dropped."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        head = opening(start, end)
        if head is None:
            out.append((start, end, label))
            continue
        if out and out[-1][1] > head:
            out.pop()  # "Strait", "Kingdom" read apart
        out.append((head, end, "LOC"))
    return out


def _the_is_not_the_names(surface: str, lex: Lexicon) -> bool:
    """Whether a capital "The" opening ``surface`` is the sentence's article, not the name's: the
    lists know the name without it ("United States") and not with it ("The Hague"); or the rest
    is a body's name of the common shape that prose writes after a lower-case "the" ("The U.S.
    Department of State", "The Idaho National Engineering and Environmental Laboratory"), not a
    masthead ("The Business Times") or a band ("The Darkness")."""
    whole, rest = lex.place(phrase_key(surface)), lex.place(phrase_key(surface[4:]))
    if rest is not None:
        return whole is None or not whole[0].startswith("The ")
    if whole is not None:
        return False
    keys = phrase_key(surface[4:]).split()
    if len(keys) < 2 or keys[-1] in _MASTHEAD_WORDS:
        return False
    heads = any(key in lex.org_heads and after == "of" for key, after in pairwise(keys))
    return heads or lex.suffix_labels.get(keys[-1]) == "ORG"


#: Last words of newspapers' names, which keep their "The" ("The Business Times").
_MASTHEAD_WORDS = frozenset(
    {"times", "post", "news", "press", "journal", "herald", "tribune", "telegraph", "gazette"}
)


def joined_listed_places(
    text: str, spans: Sequence[tuple[int, int, str]], lex: Lexicon
) -> list[tuple[int, int, str]]:
    """``spans`` with the pieces of a listed place's name made one: the model's "United States"
    and "America" in "United States of America", "Democratic Republic" and "Congo" in
    "Democratic Republic of the Congo", "Hague" after "The" in "The Hague"."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out:
            first_start, first_end, _ = out[-1]
            joint = _OF_JOINT.fullmatch(text, first_end, start)
            whole = text[first_start:end]
            known = (
                lex.place(phrase_key(whole[4:] if whole.startswith("The ") else whole))
                if joint
                else None
            )
            if known is not None and known[1] in ("GPE", "LOC"):
                out[-1] = (first_start, end, "LOC")
                continue
        article = _THE_BEFORE.search(text, max(0, start - 4), start)
        if article is not None:
            known = lex.place(phrase_key(text[article.start() : end]))
            if known is not None and known[1] in ("GPE", "LOC") and known[0].startswith("The "):
                start, label = article.start(), "LOC"  # "The Hague", "The Gambia"
        out.append((start, end, label))
    return out


#: What joins the two pieces of an "X of Y" place: "United States of America".
_OF_JOINT = re.compile(r"\s+of\s+(?:the\s+)?")
#: A capital "The" right before a name.
_THE_BEFORE = re.compile(r"(?<![\w-])The $")


def joined_political_units(
    text: str, spans: Sequence[tuple[int, int, str]], lex: Lexicon
) -> list[tuple[int, int, str]]:
    """``spans`` with a listed country after a political unit's word and "of" made one place:
    the model's "Kingdom" and "Saudi Arabia" in "the Kingdom of Saudi Arabia" are the one GPE
    that :func:`model_candidate` names "Saudi Arabia", as it does "Republic of Korea" when the
    model reads it whole."""

    def opening(start: int, end: int) -> int | None:
        unit = _UNIT_OF.search(text, max(0, start - _UNIT_LOOK_BACK), start)
        if (
            unit is None
            or phrase_key(text[start:end]) not in lex.countries
            or _UNIT_INSIDE.search(text, max(0, unit.start(1) - _UNIT_LOOK_BACK), unit.start(1))
        ):
            return None
        return unit.start(1)

    return _joined_with_the_words_before(spans, opening)


#: A political unit's word and "of" right before a country: "Kingdom of ", "Republic of the ".
_UNIT_OF = re.compile(
    r"(?<![\w-])(Kingdom|Republic|State|Sultanate|Emirate|Principality|Commonwealth)"
    r" of (?:the )?$"
)
_UNIT_LOOK_BACK = 30
#: Before the unit's word, a sign that it is inside another name: "Secretary of State of the
#: United States", "United Kingdom of Great Britain", "Democratic Socialist Republic of".
_UNIT_INSIDE = re.compile(r"(?:\bof|[A-Z][\w'’-]*)[ \t]+$")


def joined_at_particles(
    text: str, spans: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """``spans`` with a person's name that the model cut at its particles made whole again:
    "Ursula" (ORG) and "der Leyen" become the PERSON "Ursula von der Leyen", "Dorian" (MISC) and
    "Di Giorgio" the PERSON "Dorian Di Giorgio". Two neighbouring spans are joined only when
    one of them is a person and nothing but particles ("von der", "bin", "Di") and spaces
    stands between the first span's end and the second span's first capitalised word."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out:
            first_start, first_end, first_label = out[-1]
            gap = _PARTICLES.match(text, first_end)
            if (
                gap is not None
                and first_end < start <= gap.end()
                and "PERSON" in (first_label, label)
            ):
                out[-1] = (first_start, end, "PERSON")
                continue
        out.append((start, end, label))
    return out


def joined_as_listed_names(
    spans: Sequence[tuple[int, int, str]], people: Mapping[tuple[int, int], Candidate]
) -> list[tuple[int, int, str]]:
    """``spans`` with a person's name that the model cut in two made whole again where the rules
    read the whole as a person by a listed first name or a title (``people``, by span): "Tyrese"
    (MISC) and "Maxey" (PERSON) are "Tyrese Maxey", when one of the parts is a person and the
    whole has at most three words ("Ivanka Defends" and "Malia Obama" stay apart)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out:
            first_start, _, first_label = out[-1]
            whole = people.get((first_start, end))
            if (
                whole is not None
                and "PERSON" in (first_label, label)
                and len(whole.canonical.split()) <= 3
                and "_" not in whole.canonical
            ):
                out[-1] = (first_start, end, "PERSON")
                continue
        out.append((start, end, label))
    return out


_TWO_NAMES = re.compile(r"(\w[\w.'’-]*(?: \w[\w.'’-]*)?) and (\w[\w.'’-]*(?: \w[\w.'’-]*)?)")


def split_at_and(
    text: str, spans: Sequence[tuple[int, int, str]], lex: Lexicon
) -> list[tuple[int, int, str]]:
    """``spans`` with an organisation that joins two names by "and" cut into the two, where the
    text also writes each of them alone: "the Sixers and Celtics" is two teams in a game report
    that names the Sixers and the Celtics elsewhere. An ampersand is a name's own ("Kool & The
    Gang", "Procter & Gamble"). A listed name ("Bosnia and Herzegovina") or
    one whose parts the text never writes alone ("Procter and Gamble", "Ways and Means") or that
    ends in an organisation's word ("Kidder, Peabody and Co") stays whole."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        match = _TWO_NAMES.fullmatch(text, start, end) if label == "ORG" else None
        if (
            match is None
            or match.group(1) == match.group(2)
            or lex.place(phrase_key(match.group())) is not None
            or phrase_key(match.group(2)).split()[-1] in lex.org_suffixes
            or not all(_written_alone(text, match.group(i), start, end) for i in (1, 2))
        ):
            out.append((start, end, label))
            continue
        out += [(match.start(1), match.end(1), label), (match.start(2), match.end(2), label)]
    return out


def joined_at_and(
    text: str, spans: Sequence[tuple[int, int, str]], lex: Lexicon
) -> list[tuple[int, int, str]]:
    """``spans`` with an organisation that the model cut at its "and" made whole: "National
    Aeronautics" and "Space Administration" are "National Aeronautics and Space
    Administration", "Obstetrics" and "Gynecology Department" one department. Two organisations
    are joined when only " and " stands between them, the second ends in an organisation's word
    (not a legal form), and the first is made of dictionary words, none of them an organisation's
    word ("Real Madrid and Manchester United", "JAL and All Nippon Airlines" stay apart)."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out and label == "ORG" and out[-1][2] == "ORG":
            first_start, first_end, _ = out[-1]
            first = phrase_key(text[first_start:first_end]).split()
            second = phrase_key(text[start:end]).split()
            if (
                text[first_end:start] == " and "
                and second[-1] in lex.org_suffixes
                and second[-1] not in LEGAL_FORMS
                and first[-1] not in lex.org_suffixes
                and all(word in lex.english for word in first)
                and not text[first_start:first_end].isupper()  # "ETA", "PACT": names already
                and lex.place(" ".join(first)) is None
                and lex.place(" ".join(second)) is None
            ):
                out[-1] = (first_start, end, "ORG")
                continue
        out.append((start, end, label))
    return out


def _written_alone(text: str, name: str, start: int, end: int) -> bool:
    """Whether ``text`` writes ``name`` as a capitalised whole word outside ``text[start:end]``
    and not beside another "and"."""
    if not name[0].isupper():
        return False
    for found_start, found_end in _written_as(text, name):
        if start <= found_start < end:
            continue
        before = text[max(0, found_start - 5) : found_start]
        after = text[found_end : found_end + 5]
        if not before.endswith(("and ", "& ")) and not after.startswith((" and", " &")):
            return True
    return False


#: An Arabic article and surname right after a person's name: "Abu Bakr" + " al-Baghdadi".
_ARTICLE_SURNAME_AFTER = re.compile(rf"\s+{ARABIC_ARTICLE}-[A-Z][\w'’]+")
#: A given name and particle right before a person's name: "Mohammed bin" + "Salman".
_GIVEN_NAME_BEFORE = re.compile(
    r"([A-Z][\w'’]+)\s+(bin|ibn|bint|ben|abu|al|el|van|von|de|da|di|du|le|la|del)\s+$"
)
#: Particles that only join names ("son of"): the name before them need not be a listed one.
_PATRONYMIC = frozenset({"bin", "ibn", "bint"})
#: A hyphenated given name right before a person's name: "Soon-Yi" + "Previn", "Jean-Paul" +
#: "Sartre".
_HYPHENATED_GIVEN_NAME_BEFORE = re.compile(r"(?<![\w-])([A-Z][a-z]{1,9})-([A-Z][a-z]{1,9}) $")
#: Prefixes of a hyphenated word that is no given name ("Pro-Kremlin", "Ex-President").
_PREFIXES = frozenset({"pro", "anti", "non", "ex", "post", "pre", "neo", "vice", "co", "mid"})


def extended_at_particles(
    text: str, spans: Sequence[tuple[int, int, str]], lex: Lexicon
) -> list[tuple[int, int, str]]:
    """``spans`` with a person's name that the model stopped at a particle continued over the
    words it left out: an Arabic article and surname after it ("Abu Bakr al-Baghdadi"), a listed
    given name and a particle before it ("Mohammed bin Salman" where the model saw "Salman"),
    any capitalised word but a title before "bin" or "ibn" ("Alwaleed bin Talal"), or a
    hyphenated given name ("Soon-Yi Previn", where the model saw "Previn")."""
    out = []
    for start, end, label in spans:
        if label == "PERSON":
            after = _ARTICLE_SURNAME_AFTER.match(text, end)
            if after is not None:
                end = after.end()
            before = _GIVEN_NAME_BEFORE.search(text, max(0, start - 40), start)
            given = phrase_key(before.group(1)) if before is not None else ""
            if (
                before is not None
                and (
                    given in lex.first_names
                    or (before.group(2) in _PATRONYMIC and given not in _title_words(lex))
                )
                and not any(s < start and before.start() < e for s, e, _ in out)
            ):
                start = before.start()
            hyphenated = _HYPHENATED_GIVEN_NAME_BEFORE.search(text, max(0, start - 25), start)
            if hyphenated is not None and _given_name_parts(hyphenated.groups(), lex):
                start = hyphenated.start()
        out.append((start, end, label))
    return out


def _given_name_parts(parts: Sequence[str], lex: Lexicon) -> bool:
    """Whether the halves of a hyphenated word before a person's name may make a given name: no
    prefix, title, place or nationality ("Pro-Kremlin", "Franco-German", "US-Backed")."""
    keys = [phrase_key(part) for part in parts]
    return keys[0] not in _PREFIXES and not any(
        key in lex.titles or key in lex.demonyms or lex.place(key) is not None or key in lex.dates
        for key in keys
    )


#: Month names, which are also surnames ("Theresa May"): the model, trained on 1996 news, reads
#: them as dates and ends the name before them.
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_CAPITALISED_AFTER = re.compile(r" ([A-Z][a-z]+)\b")
#: A date after a month: "May 5", "May, 2017", "May 2017".
_DATE_AFTER = re.compile(r",?\s*\d")
#: Words before a month that make it the month: "in May", "since May", "last May".
_MONTH_BEFORE = re.compile(
    r"(?<![\w-])(?:in|on|by|since|until|till|from|of|last|next|this|early|late|mid|during|before"
    r"|after|through|between|to|and|or|each|every|that)\s+$",
    re.IGNORECASE,
)
#: Words after "May" that make it the verb: "May I", "may we".
_MODAL_AFTER = re.compile(r"\s+(?:I|we|you|he|she|it|they|the|a|an|be|not|have)\b")


def month_surnames(
    text: str, spans: Sequence[tuple[int, int, str]], lex: Lexicon
) -> list[tuple[int, int, str]]:
    """``spans`` with a person's name that stops at a month continued over it, when the month is
    the surname: "Theresa" followed by "May" (and no date) is "Theresa May". Only a lone listed
    given name is continued ("in June" after a name stays the month)."""
    out = []
    for start, end, label in spans:
        month = _CAPITALISED_AFTER.match(text, end)
        if (
            label == "PERSON"
            and month is not None
            and month.group(1).lower() in MONTHS
            and phrase_key(text[start:end]) in lex.first_names
            and not _DATE_AFTER.match(text, month.end())
        ):
            end = month.end()
        out.append((start, end, label))
    return out


def month_surname_mentions(text: str, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The document's other mentions of a person whose surname is a month ("Theresa May"):
    "May said", "Mrs May's government", where the word is no date (no "in", "since", "last"
    before it, no day or year after it, no "I" or "we" after it), as that person; and a month
    after an honorific ("Mrs May") as a person of that name where no full name is written."""
    people = {
        c.canonical.split()[-1]: c.canonical
        for c in candidates
        if c.label == "PERSON"
        and len(c.canonical.split()) > 1
        and c.canonical.split()[-1].lower() in MONTHS
    }
    found = []
    for surname, person in people.items():
        for match in re.finditer(rf"(?<![\w-]){surname}(?![\w-])", text):
            start, end = match.span()
            if (
                any(c.start < end and start < c.end for c in candidates)
                or _MONTH_BEFORE.search(text, max(0, start - 12), start)
                or _DATE_AFTER.match(text, end)
                or _MODAL_AFTER.match(text, end)
            ):
                continue
            found.append(Candidate(start, end, "PERSON", person, evidence="model"))
    for match in _HONORIFIC_MONTH.finditer(text):
        start, end = match.span(1)
        if match.group(1) in people or any(c.start < end and start < c.end for c in candidates):
            continue
        # "Mrs May told MPs", where the text never writes her full name
        found.append(Candidate(start, end, "PERSON", match.group(1), evidence="model"))
    return found


#: An honorific before a month: "Mrs May", "Mr June", a person whatever else the word is.
_HONORIFIC_MONTH = re.compile(
    r"(?<![\w-])(?:Mrs|Mr|Ms|Miss|Dr)\.?\s+("
    + "|".join(m.title() for m in sorted(MONTHS))
    + r")(?![\w-])"
)


#: Common Korean family names, romanised: "Moon Jae-in", "Ban Ki-moon", "Yoon Suk-yeol".
KOREAN_FAMILY_NAMES = frozenset(
    "kim lee park choi jung chung kang cho yoon yun jang lim han oh seo shin kwon hwang ahn song "
    "hong moon ban roh chun".split()
)
_KOREAN_NAME = re.compile(r"(?<![\w-])([A-Z][a-z]{1,4}) ([A-Z][a-z]{1,4}-[a-z]{1,5})(?![\w-])")


def korean_names(text: str) -> list[Candidate]:
    """Korean names written family name first with a hyphenated given name ("Moon Jae-in",
    "Ban Ki-moon"), as persons: the model reads "Moon" as a place and the rules stop at the
    lower-case syllable."""
    return [
        Candidate(match.start(), match.end(), "PERSON", match.group(), evidence="model")
        for match in _KOREAN_NAME.finditer(text)
        if match.group(1).lower() in KOREAN_FAMILY_NAMES
        and match.group(2).partition("-")[2] not in _ENGLISH_AFTER_HYPHEN
    ]


#: Words after a hyphen that make an English compound, not a given name: "Hong Kong-based".
_ENGLISH_AFTER_HYPHEN = frozenset(
    "based led backed born owned run made style like wide type linked funded sized era".split()
)


def _hyphenated_names(text: str, start: int, end: int, label: str, lex: Lexicon) -> list[Candidate]:
    """A model span that is two or more names joined by hyphens ("US-China trade", "the
    Russia-Ukraine war", "the Putin-Erdogan meeting"), as one candidate for each name; empty
    for anything else.

    The tokenizer keeps hyphenated words whole (:func:`keep_hyphenated_words`: "Jong-un"), so
    the model types such a pair as one name, a GPE "US-China" or an ORG "Russia-Ukraine". Each
    part must be a place or organisation the lists know, or each a listed surname that the
    text also writes on its own (that person's mention, resolved to the full name as any
    surname is). A name the lists know whole ("Bosnia-Herzegovina", "Indo-Pacific") stays one,
    and so do companies named after people ("Hewlett-Packard", "Mercedes-Benz": typed ORG, or
    their parts never stand alone) and double given names ("Rose-Lynn")."""
    surface = text[start:end]
    if not _HYPHENATED.fullmatch(surface) or lex.place(phrase_key(surface)) is not None:
        return []
    party = _PARTY_LETTERS.get(surface[:2])
    if party is not None:
        code = _STATE_CODES.get(surface[2:])
        state = (
            (code, "GPE")
            if code is not None
            else lex.place(phrase_key(surface[2:])) or lex.place(phrase_key(surface[2:] + "."))
        )
        if state is not None and lex.country_or_state(phrase_key(state[0])):
            # "Sen. Kamala Harris, D-Calif.", "Sen. Mike Lee (R-UT)": her party and her state
            # (an independent's "I-Vt." names no party); a listed abbreviation keeps its stop
            if text.startswith(".", end) and lex.place(phrase_key(surface[2:] + ".")):
                end += 1
            state_candidate = Candidate(start + 2, end, "GPE", state[0], evidence="model")
            if not party:
                return [state_candidate]
            return [Candidate(start, start + 1, "ORG", party, evidence="model"), state_candidate]
    parts: list[Candidate] = []
    offset = start
    for word in re.split("[-–]", surface):
        key = phrase_key(word)
        known = lex.place(key)
        if key in lex.first_names and not lex.country_or_state(key):
            return []  # "Rose-Lynn", "Mason-Dixon": a given name, a line named after two men
        if known is not None and known[1] in ("GPE", "LOC", "ORG"):
            parts.append(
                Candidate(offset, offset + len(word), known[1], known[0], evidence="model")
            )
        elif (
            label != "ORG"
            and _name_word(key, lex)
            and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None
        ):
            parts.append(Candidate(offset, offset + len(word), "PERSON", word, evidence="model"))
        else:
            return []
        offset += len(word) + 1
    if len({part.label == "PERSON" for part in parts}) > 1:
        return []  # "Mars-Moon": places and people are not paired so
    return parts


def _titled_person(
    text: str, start: int, people: Iterable[Candidate], lex: Lexicon
) -> Candidate | None:
    """The rules' person introduced by a title, when a model span is that title and that
    person ("National Security Adviser H.R. McMaster", which the model read as one
    organisation): the span ends where the person ends, only title words stand before the
    person, and the person is no listed place and, alone, a listed name ("Senator Cruz", not
    "Miss Texas" or "General Dynamics")."""
    for person in people:
        if person.evidence != "title" or not start < person.start:
            continue
        name = phrase_key(person.canonical)
        if lex.place(name) is not None or (" " not in name and not lex.name_word(name)):
            continue  # "Miss Texas" is a pageant, "General Dynamics" a company
        before = phrase_key(text[start : person.start]).split()
        if before and all(word in _title_words(lex) for word in before):
            return person
    return None


def _place_and_person(
    text: str, candidate: Candidate, people: Iterable[Candidate], lex: Lexicon
) -> list[Candidate]:
    """A model span that glued a place or organisation to the person after it, split in two: in
    "President of Russia Vladimir Putin" the model read "Russia Vladimir Putin" as one
    organisation, the rules read the title, its country and the person ("President of the
    European Council Charles Michel" likewise). Empty when the span is not such a pair, or ends
    with a legal form ("Toronto Star Newspapers Limited" is a company, not Toronto and a
    person)."""
    if phrase_key(text[candidate.start : candidate.end].split()[-1]) in LEGAL_FORMS:
        return []
    for person in people:  # the rules' people that end where the span ends
        if not candidate.start < person.start:
            continue
        head = text[candidate.start : person.start].rstrip()
        known = lex.place(phrase_key(head))
        if known is None:
            continue
        head_end = candidate.start + len(head)
        return [Candidate(candidate.start, head_end, known[1], known[0], evidence="model"), person]
    return []


def _date_or_function_word(word: str, lex: Lexicon) -> bool:
    key = phrase_key(word)
    return word[:1].isupper() and (key in lex.dates or key in lex.function_words)


def _with_title(person: Candidate, rules: Sequence[Candidate]) -> Candidate:
    """The model's person with the title and office the rules read before the same name."""
    for rule in rules:
        same_name = rule.label == "PERSON" and rule.kind == "entity" and rule.end == person.end
        if same_name and (rule.title or rule.qualifier):
            return replace(person, title=rule.title, qualifier=rule.qualifier)
    return person
