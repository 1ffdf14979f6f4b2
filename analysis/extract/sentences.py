"""Sentence boundaries as character offsets into a document's cleaned text.

Sentences are the unit behind keyword-in-context views, co-occurrence ("mentioned in the same
sentence") and quotation extraction. The splitter is rule-based and fast on purpose: news prose is
regular, and a corpus of tens of thousands of articles must split in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from analysis.core.schema import SENTENCE_COLUMNS, empty_frame

#: Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt st sen rep gov pres amb adm cmdr vol vs
    etc e.g i.e u.s u.k u.n jan feb mar apr jun jul aug sep sept oct nov dec approx inc ltd co corp
    jr sr fig""".split()
)
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos"})

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then white space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_LINE_BREAK = re.compile(r"\n\s*")


_NEXT_CHAR = re.compile(r"\s*(\S)")


def _next_char(text: str, position: int) -> str:
    """The first non-space character at or after ``position`` ("" at the end).

    A match rather than ``text[position:].lstrip()``: slicing the rest of the text at every
    boundary made long documents (megabytes) quadratic.
    """
    match = _NEXT_CHAR.match(text, position)
    return match.group(1) if match else ""


def _ends_sentence(text: str, end: int) -> bool:
    """Whether the punctuation run ending at ``end`` closes a sentence (not "Mr." or "J.")."""
    if text[end - 1] not in ".\"'”’)]":
        return True  # "!", "?" and "…" always close
    before = word_before(text, end)
    if before is None:
        return True
    word = before.rstrip(".").lower()
    following = _next_char(text, end)
    if word in _NUMBER_ABBREVIATIONS:
        return not following.isdigit()  # "No. 5" continues; "said no. Then" ends
    if word in ABBREVIATIONS:
        return False
    # A single capital initial ("J. Smith") does not end a sentence; a single digit does ("in 5.").
    if len(word) == 1 and word.isalpha():
        return False
    # "... 2.5 billion" never reaches here (no white space); a lower-case continuation is not a
    # new sentence ("the U.S. and its allies").
    return not (following and following.islower())


_CLOSERS = frozenset("\"'”’)]")
_TERMINALS = frozenset("!?…")


def _is_word_or_dot(char: str) -> bool:
    return char.isalnum() or char in "_."


def word_before(text: str, end: int) -> str | None:
    """The word (letters, digits, full stops) before the terminal punctuation and closing quotes
    that end at ``end``, looked for within 40 characters: "Mr." in "Mr." or "U.S" in "U.S.)".

    What a search for ``([\\w.]+)[.!?…]*["'”’)\\]]*$`` in that window finds (its group), by one
    scan back instead of the regular expression's trial at each of the 40 positions (a test
    checks the two agree): closing quotes, then the run of word characters and terminals; the word
    starts where the run's last stretch of word characters and full stops starts.
    """
    low = max(0, end - 40)
    if end > low and text[end - 1] == "\n":
        end -= 1  # ``$`` also matches before a final line break
    closers = end
    while closers > low and text[closers - 1] in _CLOSERS:
        closers -= 1
    start, last_word_end = closers, None
    while start > low and (_is_word_or_dot(char := text[start - 1]) or char in _TERMINALS):
        if last_word_end is None and char != "." and char not in _TERMINALS:
            last_word_end = start
        start -= 1
    if last_word_end is not None:
        first = last_word_end
        while first > low and _is_word_or_dot(text[first - 1]):
            first -= 1
    else:
        first = text.find(".", start, closers)  # only terminals: a full stop is a word
        if first == -1:
            return None
    stop = first
    while stop < closers and _is_word_or_dot(text[stop]):
        stop += 1
    return text[first:stop]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into ``(start, end)`` spans of its sentences, trimmed of white space.

    Line breaks always end a sentence (titles, paragraphs and list items stand alone). Within a
    line, ".", "!", "?" and "…" followed by white space end one, except after common abbreviations
    and initials. ``text[start:end]`` is never empty and never starts or ends with white space.
    """
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line_end in [m.start() for m in _LINE_BREAK.finditer(text)] + [len(text)]:
        start = line_start
        for match in _BOUNDARY.finditer(text, line_start, line_end):
            if _ends_sentence(text, match.end()):
                spans.append((start, match.end()))
                start = match.end()
        spans.append((start, line_end))
        line_start = line_end
    return [trimmed for span in spans if (trimmed := _trim(text, *span)) is not None]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def sentence_table(doc_ids: Iterable[str], texts: Iterable[str]) -> pd.DataFrame:
    """One row a sentence: ``doc_id, sentence, start, end`` (``sentence`` counts from 0)."""
    rows = [
        (doc_id, number, start, end)
        for doc_id, text in zip(doc_ids, texts, strict=True)
        for number, (start, end) in enumerate(split_sentences(text))
    ]
    if not rows:
        return empty_frame(SENTENCE_COLUMNS)
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def sentence_index(spans: list[tuple[int, int]], offset: int) -> int:
    """The number of the sentence that contains character ``offset`` (the nearest one before it)."""
    low, high = 0, len(spans) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if spans[middle][0] <= offset:
            low = middle
        else:
            high = middle - 1
    return low
