"""Find a user's terms in text: case-insensitive, whole words, multi-word, singular or plural.

The same matcher counts keyword occurrences and user terms, so that "air defence" typed by an
analyst and "air defence" found by YAKE are counted the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import pandas as pd

from analysis.schema import mentions_frame

_SPACE = r"(?:[\s\u00a0]+|[\s\u00a0]*-[\s\u00a0]*)"  # "air defence" also finds "air-defence"
_VOWELS = set("aeiou")


def _plural_alternatives(word: str) -> list[str]:
    """Regex alternatives for ``word`` and its regular plural or singular (English)."""
    lower = word.lower()
    escaped = re.escape(word)
    if not word[-1:].isalpha():
        return [escaped, escaped + "s"]  # "F-16" -> "F-16s"
    if lower.endswith("ies") and len(word) > 4:
        return [escaped, re.escape(word[:-3]) + "y"]  # "Allies" -> "Ally"
    if lower.endswith(("ses", "xes", "zes", "ches", "shes")):
        return [escaped, re.escape(word[:-2])]
    if lower.endswith("s") and not lower.endswith("ss") and len(word) > 3:
        return [escaped, re.escape(word[:-1])]  # "drones" -> "drone"
    if lower.endswith("y") and len(word) > 2 and lower[-2] not in _VOWELS:
        return [escaped, re.escape(word[:-1]) + "ies"]  # "policy" -> "policies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return [escaped, escaped + "es"]
    return [escaped, escaped + "s"]


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str, plurals: bool = True) -> re.Pattern[str] | None:
    """Compile the pattern that finds ``phrase`` as whole words, ignoring case.

    Words may be separated by any run of white space; with ``plurals`` the last word also matches
    its regular plural or singular. Returns ``None`` for a phrase with no words.
    """
    words = phrase.split()
    if not words:
        return None
    head = [re.escape(word) for word in words[:-1]]
    last = _plural_alternatives(words[-1]) if plurals else [re.escape(words[-1])]
    # Longest alternative first, so that "drones" is preferred over "drone" + "s".
    tail = "(?:" + "|".join(sorted(set(last), key=len, reverse=True)) + ")"
    body = _SPACE.join([*head, tail])
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def find_phrase(text: str, phrase: str, plurals: bool = True) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``phrase`` occurs in ``text`` (see :func:`phrase_pattern`)."""
    pattern = phrase_pattern(phrase, plurals)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text)]


def clean_terms(terms: Iterable[str]) -> list[str]:
    """Strip, drop empty and de-duplicate (case-insensitively) a user's term list, keeping order."""
    seen: set[str] = set()
    kept: list[str] = []
    for term in terms:
        term = " ".join(term.split())
        if term and term.lower() not in seen:
            seen.add(term.lower())
            kept.append(term)
    return kept


def parse_terms(value: str) -> list[str]:
    """Split a comma- or newline-separated list of terms as typed by a user."""
    return clean_terms(re.split(r"[,\n;]", value))


def term_mentions(
    doc_ids: Sequence[str], texts: Sequence[str], terms: Iterable[str]
) -> pd.DataFrame:
    """Mentions (``kind="term"``) of each user term in each text, one row an occurrence.

    ``term`` is the term as the user typed it, ``surface`` the text as it stands in the document.
    Where two terms overlap ("air defence", "defence") both are counted: each answers its own
    question.
    """
    rows = []
    for term in clean_terms(terms):
        for doc_id, text in zip(doc_ids, texts, strict=True):
            for start, end in find_phrase(text, term):
                rows.append((doc_id, "term", term, "", start, end, text[start:end]))
    return mentions_frame(rows)
