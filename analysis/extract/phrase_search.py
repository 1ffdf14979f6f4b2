"""Find a phrase in text as whole words, in any case, singular or plural: one matcher for keyword
counts, user terms, search and comparison, so that every count means the same thing.

A match is defined by a regular expression (:func:`phrase_pattern`, :func:`regex_find_phrase`):
the phrase's words as whole words, ignoring case, separated by any white space or by one hyphen
with optional white space around it ("air defence" finds "air-defence"); with ``plurals`` the last
word also matches its regular plural or singular. Compiling that pattern for every new phrase
costs more than the search itself, and keyword cleaning looks up new phrases in every article, so :func:`find_phrase` gives the same
spans by plain string search on a lower-cased copy of the text: find the phrase's first word, walk
the separators and the following words, then try the last word's forms, longest first, each
followed by a non-word character (measurements in docs/performance.md).

It falls back to the regular expression whenever the two could disagree: a phrase with non-ASCII
characters (case folding beyond ``str.lower``), a text with the characters that fold into ASCII
letters differently ("İ", "ı", "ſ"; the Kelvin sign lowers to "k" as ``re`` matches it), or a word
after the first that starts with a hyphen (the pattern could then split the hyphen either way).
``tests/test_phrase_search.py`` checks the equivalence on random phrases and texts.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

_SPACE = r"(?:[\s\u00a0]+|[\s\u00a0]*-[\s\u00a0]*)"  # "air defence" also finds "air-defence"
_VOWELS = set("aeiou")


def _plural_forms(word: str) -> list[str]:
    """``word`` and its regular English plural or singular, as they would be written."""
    lower = word.lower()
    if not word[-1:].isalpha():
        return [word, word + "s"]  # "F-16" -> "F-16s"
    if lower.endswith("ies") and len(word) > 4:
        return [word, word[:-3] + "y"]  # "Allies" -> "Ally"
    if lower.endswith(("ses", "xes", "zes", "ches", "shes")):
        return [word, word[:-2]]
    if lower.endswith("s") and not lower.endswith("ss") and len(word) > 3:
        return [word, word[:-1]]  # "drones" -> "drone"
    if lower.endswith("y") and len(word) > 2 and lower[-2] not in _VOWELS:
        return [word, word[:-1] + "ies"]  # "policy" -> "policies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return [word, word + "es"]
    return [word, word + "s"]


def _plural_alternatives(word: str) -> list[str]:
    """Regex alternatives for ``word`` and its regular plural or singular (English)."""
    return [re.escape(form) for form in _plural_forms(word)]


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


def regex_find_phrase(text: str, phrase: str, plurals: bool = True) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``phrase`` occurs in ``text`` (see :func:`phrase_pattern`):
    the definition of a match, which :func:`find_phrase` reproduces without compiling."""
    pattern = phrase_pattern(phrase, plurals)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text)]


#: Text characters that ``re.IGNORECASE`` matches to ASCII letters although ``str.lower`` does not
#: map them there (or changes the text's length).
_FOLDS_DIFFERENTLY = re.compile("[\u0130\u0131\u017f]")


def find_phrase(text: str, phrase: str, plurals: bool = True) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``phrase`` occurs in ``text``, without overlaps: exactly the
    spans of :func:`regex_find_phrase` (whole words, any case, white space or a hyphen between
    words, the last word's plural or singular with ``plurals``)."""
    plan = _plan(phrase, plurals)
    lowered = _lowered(text) if plan is not None else None
    if plan is None or lowered is None:
        return regex_find_phrase(text, phrase, plurals)
    anchor, following, endings, single = plan
    spans: list[tuple[int, int]] = []
    size = len(text)
    free = 0  # matches do not overlap: the next one starts at or after the last one's end
    position = lowered.find(anchor)
    while position != -1:
        before = text[position - 1] if position else " "
        if position >= free and not (before.isalnum() or before == "_"):  # (not ``\w``)
            end = _match_from(text, lowered, position, anchor, following, endings, single, size)
            if end is not None:
                spans.append((position, end))
                free = end
        position = lowered.find(anchor, position + 1)
    return spans


def _match_from(
    text: str,
    lowered: str,
    position: int,
    anchor: str,
    following: tuple[str, ...],
    endings: tuple[str, ...],
    single: bool,
    size: int,
) -> int | None:
    """The end of a match of the phrase that starts at ``position``, or ``None``."""
    cursor = position
    if not single:
        cursor += len(anchor)
        for word in (*following, ""):
            after = _separator_end(text, cursor, size)
            if after is None:
                return None
            cursor = after
            if not word:
                break
            if not lowered.startswith(word, cursor):
                return None
            cursor += len(word)
    for ending in endings:
        end = cursor + len(ending)
        if lowered.startswith(ending, cursor) and (end >= size or not _is_word(text[end])):
            return end
    return None


def _separator_end(text: str, cursor: int, size: int) -> int | None:
    """Where the separator starting at ``cursor`` ends: white space, or white space, one hyphen
    and white space; ``None`` if there is none."""
    end = cursor
    while end < size and text[end].isspace():
        end += 1
    if end < size and text[end] == "-":
        end += 1
        while end < size and text[end].isspace():
            end += 1
        return end
    return end if end > cursor else None


def _is_word(char: str) -> bool:
    """``re``'s ``\\w`` for one character."""
    return char.isalnum() or char == "_"


@lru_cache(maxsize=8192)
def _plan(phrase: str, plurals: bool) -> tuple[str, tuple[str, ...], tuple[str, ...], bool] | None:
    """How to search for ``phrase``: the lower-cased string to find first, the words that follow
    it, the forms of the last word (longest first, as the pattern tries them) and whether the
    phrase is one word (then the first string is the forms' common prefix). ``None``: use the
    regular expression."""
    if not phrase.isascii():
        return None
    lower = phrase.lower().split()  # (ASCII: the same words as splitting first)
    if not lower or any(word[0] == "-" for word in lower[1:]):
        return None
    # The forms of the lower-cased word are the lower-cased forms (ASCII). Longest first, as the
    # pattern tries them (escaping adds the same to every form).
    forms = _plural_forms(lower[-1]) if plurals else [lower[-1]]
    endings = tuple(sorted(set(forms), key=len, reverse=True))
    if len(lower) > 1:
        return lower[0], tuple(lower[1:-1]), endings, False
    prefix = os.path.commonprefix(endings)  # noqa: RUF071 (strings: character by character)
    return (prefix, (), endings, True) if prefix else None


@lru_cache(maxsize=4)
def _lowered(text: str) -> str | None:
    """``text`` lower-cased (same length, same offsets), or ``None`` when it holds characters
    that case-fold differently under ``re`` (then the regular expression is used)."""
    if _FOLDS_DIFFERENTLY.search(text):
        return None
    return text.lower()
