"""Words that name a language or a common noun, not an entity, though they look like one.

Two kinds, each read from the document itself rather than from a list of examples:

- **Languages.** A language's name (``analysis/data/entities/languages.txt``), most often also
  a nationality word, names the language where the text speaks of speaking, writing or
  translating ("in French", "in plain English", "translated into Russian and Ukrainian", "speaks
  Arabic", "the following languages: Polish, Finnish and Greek", "the Russian language"): no
  group of people, so no NORP mention. The annotation guidelines of the project's evaluation
  sets leave languages out, as OntoNotes gives them a type of their own. "In French politics"
  or "into Russian hands" keep their nationality: a noun follows.
- **Acronyms of common nouns.** An acronym the text defines by words it writes in lower case,
  "the dedicated schools grant (DSG)", "looked-after children (LAC)", abbreviates a common noun:
  wherever the document writes it, it names no organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.core.word_lists import read_words
from analysis.extract.entities.lexicon import Lexicon
from analysis.extract.entities.rules import spells

#: A capitalised word (a language's name is one).
_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
#: What joins the items of a list of languages: "Polish, Finnish and Greek", "Russian or Tatar".
_JOINT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
#: Before a language: "in" or "into", with at most one word between ("in plain English"), but
#: not an article or possessive ("in the Russian" is someone's).
_IN = re.compile(r"\b(?:in|into)\s+(?:(?!(?:the|a|an|his|her|their|its|our)\b)[a-z]+\s+)?$")
#: Before a language whatever follows it: a verb of speaking, learning or teaching.
_SPEAKING = re.compile(
    r"\b(?:speak|speaks|speaking|spoke|spoken|learn|learns|learning|learnt|learned|teach"
    r"|teaches|teaching|taught|fluent\s+in)\s+$"
)
#: Before a list of languages in the same sentence: "languages: ", "languages such as ".
#: Other names of the list may come between ("languages: Czech, Hebrew, French").
_LANGUAGES_BEFORE = re.compile(
    r"\b[Ll]anguages?\b[^.!?\n]{0,40}?(?:[A-Z][a-z]+(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))*$"
)
#: What may follow a language: the end of the clause, or a word that starts no noun phrase.
_AFTER = re.compile(
    r"\s*(?:[^\w\s-]|$)|\s+(?:and|or|but|as|to|for|with|at|by|on|in|from|is|was|are|were|than"
    r"|too|only|also|instead|because|while|when|if|so|that|which|who)\b"
)
#: After a nationality word that is a language: "the Russian language", "Russian-language".
_LANGUAGE_AFTER = re.compile(r"(?:\s+|-)languages?\b", re.IGNORECASE)
#: How far back a speaking verb or "languages" is looked for (a list of names may be long).
_LOOK_BACK = 300


def language_spans(text: str) -> set[tuple[int, int]]:
    """The ``(start, end)`` of each language's name in ``text`` that names the language there."""
    found: set[tuple[int, int]] = set()
    for run in _runs_of_language_names(text):
        start, end = run[0][0], run[-1][1]
        before = text[max(0, start - _LOOK_BACK) : start]
        clause_ends = _AFTER.match(text, end) is not None
        if (
            _LANGUAGE_AFTER.match(text, end)
            or _SPEAKING.search(before)
            or (clause_ends and (_IN.search(before) or _LANGUAGES_BEFORE.search(before)))
        ):
            found.update(run)
    return found


def _runs_of_language_names(text: str) -> Iterator[list[tuple[int, int]]]:
    """Runs of languages' names joined as a list ("Polish, Finnish and Greek"), in text order."""
    names = read_words("entities", "languages.txt")
    run: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        if match.group() not in names:
            continue
        if run and _JOINT.fullmatch(text, run[-1][1], match.start()):
            run.append(match.span())
            continue
        if run:
            yield run
        run = [match.span()]
    if run:
        yield run


#: An acronym in brackets, after the words it abbreviates.
_ACRONYM = re.compile(r"\(([A-Z]{2,6})s?\)")
#: A word written in lower case (hyphens allowed: "looked-after").
_LOWER_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
#: How many words before the bracket may spell the acronym.
_SPELLING_WORDS = 8


def common_noun_acronyms(text: str, lex: Lexicon) -> frozenset[str]:
    """The acronyms ``text`` defines by words it writes in lower case and the dictionary knows:
    "dedicated schools grant (DSG)" -> ``{"DSG"}``. At least two words must spell it, so that
    a name the text happens to write in lower case is not taken for a common noun by one word."""
    found = set()
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        words = text[max(0, match.start() - 120) : match.start()].split()[-_SPELLING_WORDS:]
        for first in range(len(words) - 2, -1, -1):
            tail = words[first:]
            if not all(_LOWER_WORD.fullmatch(word) for word in tail):
                break
            parts = [part for word in tail for part in word.split("-")]
            if spells(acronym, parts) and all(part in lex.english for part in parts):
                found.add(acronym)
                break
    return frozenset(found)
