""":func:`analysis.terms.find_phrase` without compiling a regular expression per phrase.

``find_phrase`` compiles one case-insensitive pattern per phrase (cached, 4,096 of them). Keyword
cleaning looks up a dozen new phrases per article, so on a corpus most calls compile: about
0.4 ms each, more than half of the time :func:`analysis.keywords.clean_candidates` takes. This
module gives the same spans by plain string search on a lower-cased copy of the text, which needs
no compilation: find the phrase's first word, then walk the separators (white space, or one
hyphen with optional white space around it) and the following words, then try the last word's
singular and plural forms, longest first, each followed by a non-word character.

It falls back to the regular expression whenever the two could disagree: a phrase with non-ASCII
characters (case folding beyond ``str.lower``), a text with the four characters that fold into
ASCII letters differently ("İ", "ı", "ſ"; the Kelvin sign lowers to "k" as ``re`` matches it), or
a word after the first that starts with a hyphen (the pattern could then split the hyphen either
way). ``tests/test_phrase_search.py`` checks the equivalence on random phrases and texts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.terms import _plural_alternatives, phrase_pattern

#: Text characters that ``re.IGNORECASE`` matches to ASCII letters although ``str.lower`` does not
#: map them there (or changes the text's length).
_FOLDS_DIFFERENTLY = re.compile("[\u0130\u0131\u017f]")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def find_phrase(text: str, phrase: str, plurals: bool = True) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``phrase`` occurs in ``text``: exactly
    :func:`analysis.terms.find_phrase` (whole words, any case, white space or a hyphen between
    words, the last word's plural or singular with ``plurals``)."""
    plan = _plan(phrase, plurals)
    lowered = _lowered(text) if plan is not None else None
    if plan is None or lowered is None:
        pattern = phrase_pattern(phrase, plurals)
        return [] if pattern is None else [match.span() for match in pattern.finditer(text)]
    anchor, following, endings, single = plan
    spans: list[tuple[int, int]] = []
    size = len(text)
    free = 0  # matches do not overlap: the next one starts at or after the last one's end
    position = lowered.find(anchor)
    while position != -1:
        if position >= free and (position == 0 or not _is_word(text[position - 1])):
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
    words = phrase.split()
    if not words or not phrase.isascii():
        return None
    lower = [word.lower() for word in words]
    if any(word.startswith("-") for word in lower[1:]):
        return None
    forms = _plural_alternatives(words[-1]) if plurals else [re.escape(words[-1])]
    endings = tuple(
        _ESCAPE.sub(r"\1", form).lower() for form in sorted(set(forms), key=len, reverse=True)
    )
    if len(words) > 1:
        return lower[0], tuple(lower[1:-1]), endings, False
    prefix = endings[0]
    for ending in endings[1:]:
        common = 0
        while common < min(len(prefix), len(ending)) and prefix[common] == ending[common]:
            common += 1
        prefix = prefix[:common]
    return (prefix, (), endings, True) if prefix else None


@lru_cache(maxsize=4)
def _lowered(text: str) -> str | None:
    """``text`` lower-cased (same length, same offsets), or ``None`` when it holds characters
    that case-fold differently under ``re`` (then the regular expression is used)."""
    if _FOLDS_DIFFERENTLY.search(text):
        return None
    return text.lower()
