"""YAKE's sentences, tokens and word classes, as the vectorised scorer reads them.

:mod:`analysis.extract.yake_fast` scores candidates with NumPy; everything before that is Python over
strings, once per sentence, token or distinct word: segtok's sentence splitting and word
pattern, and YAKE's tags and terms. It lives here, apart from the arrays, so that the build can
compile it (see :mod:`analysis.compiled`). How these rules differ from segtok's is listed in
:mod:`analysis.extract.yake_fast`'s docstring.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

import regex
from segtok.segmenter import (
    ABBREVIATIONS,
    CONTINUATIONS,
    ENDS_IN_DATE_DIGITS,
    LONE_WORD,
    LOWER_WORD,
    MAY_CROSS_ONE_LINE,
    MIDDLE_INITIAL_END,
    MONTH,
    SENTENCE_TERMINALS,
    SHORT_SENTENCE_LENGTH,
    UPPER_CASE_END,
    UPPER_CASE_START,
    UPPER_WORD_START,
    _is_not_opened,
    _is_open,
)

# --------------------------------------------------------------------------------------------------
# Sentences: segtok's ``split_multi`` rules, with end-anchored patterns matched from the end

#: segtok's BEFORE_LOWER without its leading ``.*?``: an ending after which a lower-case word
#: continues the sentence ("U.S. officials", '"Hello!" said').
_BEFORE_LOWER = rf"""(?: [{SENTENCE_TERMINALS}]"[\)\]]* | [{SENTENCE_TERMINALS}][\)\]]+
    | \b spp \. | \b \p{{L}} \p{{Ll}}? \. ) \s+ $"""


def _from_the_end(pattern: str | regex.Pattern[str]) -> regex.Pattern[str]:
    """A pattern anchored at the end of a string, compiled to match backwards from there.

    segtok searches such patterns forwards, trying every start position of a sentence that may be
    thousands of characters long. In reverse mode ``match`` starts at the end of the string, where
    every match of these patterns ends, so the same question is answered in a few steps.
    """
    if isinstance(pattern, str):
        return regex.compile(pattern, regex.UNICODE | regex.VERBOSE | regex.REVERSE)
    return regex.compile(pattern.pattern, pattern.flags | regex.REVERSE)


_ENDS_IN_ABBREVIATION = _from_the_end(ABBREVIATIONS)
_ENDS_IN_DATE_DIGITS = _from_the_end(ENDS_IN_DATE_DIGITS)
_ENDS_IN_MIDDLE_INITIAL = _from_the_end(MIDDLE_INITIAL_END)
_ENDS_IN_UPPER_CASE = _from_the_end(UPPER_CASE_END)
_ENDS_BEFORE_LOWER = _from_the_end(_BEFORE_LOWER)


def split_sentences(text: str) -> list[str]:
    """The sentences YAKE sees in ``text``: segtok's ``split_multi`` on one line, stripped.

    The same rules as segtok (whose patterns this module reuses), evaluated from the end of each
    piece and cheapest test first, so that splitting is linear in the length of the text.

    Line breaks and tabs are spaces (YAKE joins lines before it splits). A break is a sentence
    terminal, an optional quote and brackets, then white space; it is undone after abbreviations
    ("Gen.", "U.S."), initials, dates ("5. May"), before a lone lower-case word and before the
    words that continue a clause ("and", "of", "which"...), and inside short brackets.
    """
    text = text.replace("\n", " ").replace("\t", " ")
    sentences = [sentence.strip() for sentence in _sentences(_abbreviations_joined(text))]
    return [sentence for sentence in sentences if sentence]


def _abbreviations_joined(text: str) -> Iterator[str]:
    """segtok's ``_abbreviation_joiner``: split at every terminal, rejoin after abbreviations."""
    spans = MAY_CROSS_ONE_LINE.split(text)
    segment: int | None = None
    total = len(spans)
    for pos in range(total):
        if pos % 2:
            before, marker = spans[pos - 1], spans[pos]
            after = spans[pos + 1] if pos + 1 < total else None
            if before[-1:].isspace():
                continue
            if marker[0] == "." and _ENDS_IN_ABBREVIATION.match(before):
                continue
            if (
                marker[0] == "."
                and after
                and (
                    (after[:1].islower() and LONE_WORD.match(after))
                    or (MONTH.match(after) and _ENDS_IN_DATE_DIGITS.match(before))
                    or (UPPER_WORD_START.match(after) and _ENDS_IN_MIDDLE_INITIAL.match(before))
                )
            ):
                continue
            yield "".join(spans[segment : pos + 1])
            segment = None
        elif segment is None:
            segment = pos
    if segment is not None:
        yield "".join(spans[segment:total])


#: The first letters of segtok's CONTINUATIONS ("and", "between", "from", "has", "into", "of",
#: "than", "via", "with"...; case-sensitive): a piece that starts otherwise needs no match.
#: Likewise a piece that does not start with a lower-case character (``str.islower`` holds for
#: every ``\p{Ll}``) cannot match LOWER_WORD or LONE_WORD. The test checks the initials.
_CONTINUATION_INITIALS = frozenset("abfhiotvw")


def _sentences(spans: Iterator[str]) -> Iterator[str]:
    """segtok's ``_sentences``: join pieces that continue a sentence (lower case, brackets)."""
    last: str | None = None
    for current in spans:
        if last is None:
            last = current
            continue
        short = len(current) < SHORT_SENTENCE_LENGTH or len(last) < SHORT_SENTENCE_LENGTH
        if (
            (current[:1].islower() and LOWER_WORD.match(current) and _ENDS_BEFORE_LOWER.match(last))
            or (
                short
                and (
                    (_is_open(last) and _continues(last, current, "()"))
                    or (_is_open(last, "[]") and _continues(last, current, "[]"))
                )
            )
            or (current[:1] in _CONTINUATION_INITIALS and CONTINUATIONS.match(current))
        ):
            last = last + current
        else:
            yield last
            last = current
    if last is not None:
        yield last


def _continues(last: str, current: str, brackets: str) -> bool:
    """Whether ``current`` closes a bracket ``last`` opened (or reads like a citation in it)."""
    return (
        _is_not_opened(current, brackets)
        or last.endswith(" et al. ")
        or bool(UPPER_CASE_START.match(current) and _ENDS_IN_UPPER_CASE.match(last))
    )


# --------------------------------------------------------------------------------------------------
# Tokens: segtok's ``web_tokenizer`` word pattern and ``split_contractions``, as YAKE filters them
#
# The patterns use ``re`` (faster than the ``regex`` module that segtok uses), so
# a letter is any alphanumeric character (``[^\W_]``): letters of scripts without case (Chinese,
# Arabic) are word characters here, symbols to segtok; segtok's rules for superscript units
# ("km²") and chemical formulas are left out.

_ALNUM = r"[^\W_]"
_APOSTROPHES = "'\u00b4\u02b9\u02bc\u2019\u2032"
_APOSTROPHE = "[\u00b4\u02b9\u02bc\u2019\u2032]"  # not the ASCII quote
_HYPHEN = "[\u00ad\u058a\u05be\u0f0c\u1400\u1806\u2010-\u2012\u2e17\u30a0-]"
_END = r"(?=\s|$)"  # segtok's "$": the end of a space-separated span
#: segtok's word pattern, a sequence of units (an alphanumeric character, optionally followed by
#: a full stop, an inner comma, colon, hyphen or apostrophe), rewritten so that a run of letters
#: is one step instead of one alternation per character: "U.S.", "air-defence", "1,000", "12:30".
_WORD = rf"""(?:
    {_ALNUM}+ (?:
        \. (?!\.\.)
      | , (?={_ALNUM})
      | (?<=\d) : (?=\d)
      | {_APOSTROPHE}? {_HYPHEN} (?={_ALNUM})
      | ' (?={_ALNUM})
      | (?<=s) ' {_END}
    )?
  | {_APOSTROPHE} (?!{_APOSTROPHE})
)+"""
#: What separates words: a run of other non-space characters; a comma, colon or semicolon is a
#: token of its own (segtok splits them off the end of a run).
_OTHER = rf"(?:[^\w\s,;:{_APOSTROPHES[1:]}]|_|{_APOSTROPHE}(?={_APOSTROPHE}))+|[,;:]"
#: segtok's web addresses and e-mail addresses, which stay one token.
_WEB = r"""(?<![^\s<"'(\[{])(?:
    [A-z]+://(?:[^@\s]+@)?(?:[\w-]+\.)+\w+(?::\d+)?(?:/[^?\#\s'">)\]}]*)?
    (?:\?[^\#\s'">)\]}]+)?(?:\#[^\s'">)\]}]+)?
  | [\w.#$%&'*+/=!?^`{|}~-]+@(?:[\w-]+\.)+\w+
)(?=[\s>"')\]}]|$)"""
# White space never starts or ends a token, and every other character starts one: eating the
# gap in the same match (``\s*``, the token is the group) spares a failed trial per gap (~9%).
_TOKEN = re.compile(rf"\s*({_WORD}|{_OTHER})", re.VERBOSE)
_WEB_TOKEN = re.compile(rf"\s*({_WEB}|{_WORD}|{_OTHER})", re.VERBOSE)
_CONTRACTION = re.compile(rf"{_ALNUM}+(?:{_HYPHEN}{_ALNUM}+)*[{_APOSTROPHES}](?:d|ll|m|re|s|t|ve)$")
_STARTS_WORD = re.compile(_ALNUM)
_ANY_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
#: YAKE's punctuation: a token made only of these separates phrases.
_PUNCTUATION = string.punctuation


def tokenize(sentence: str) -> list[str]:
    """The tokens YAKE reads in one sentence: words, and punctuation runs that separate them.

    As segtok's ``web_tokenizer`` + ``split_contractions`` + YAKE's filter: the sentence's final
    full stop is split off its last word, "Ukraine's" loses its "'s", "don't" becomes "do n't",
    and tokens that start with an ASCII apostrophe (the split-off endings) are dropped.
    """
    web = "://" in sentence or "@" in sentence
    tokens = (_WEB_TOKEN if web else _TOKEN).findall(sentence)
    for index in range(len(tokens) - 1, max(len(tokens) - 4, -1), -1):
        word = tokens[index]
        starts_word = _STARTS_WORD.match(word) is not None
        if starts_word or any(mark in word for mark in SENTENCE_TERMINALS):
            if len(word) > 1 and word != "...":
                if word[-1] in SENTENCE_TERMINALS:
                    tokens[index : index + 1] = [word[:-1], word[-1]]
                elif word[0] in SENTENCE_TERMINALS:
                    tokens[index : index + 1] = [word[0], word[1:]]
            break
    if _ANY_APOSTROPHE.search(sentence):
        tokens = _split_contractions(tokens)
    if "'" not in sentence and "" not in tokens:
        return tokens  # (the usual case: nothing for the filter below to drop)
    return [token for token in tokens if token and not (token[0] == "'" and len(token) > 1)]


def _split_contractions(tokens: list[str]) -> list[str]:
    """segtok's ``split_contractions``: "Ukraine's" -> "Ukraine" "'s", "don't" -> "do" "n't"."""
    result: list[str] = []
    for token in tokens:
        if len(token) < 3 or _CONTRACTION.match(token) is None:
            result.append(token)
            continue
        pos = max(token.rfind(mark) for mark in _APOSTROPHES)
        if len(token) > 2 and pos + 2 == len(token) and token[-1] == "t" and token[pos - 1] == "n":
            pos -= 1
        result += [token[:pos], token[pos:]]
    return result


# --------------------------------------------------------------------------------------------------
# Word classes: YAKE's ``get_tag`` and ``get_term``, once per distinct token of a batch

_DIGIT, _UNUSUAL, _ACRONYM, _NAME, _PLAIN = range(5)  # YAKE's tags d, u, a, n (if not first), p


def _tag(word: str) -> int:
    """YAKE's tag of a word, except that a capitalised word is ``_NAME`` wherever it stands."""
    if word.isalpha():  # the usual case, without counting characters
        if word.isupper():
            return _ACRONYM
        rest = word[1:]
        capitalised = len(word) > 1 and word[0].isupper() and not any(map(str.isupper, rest))
        return _NAME if capitalised else _PLAIN
    bare = word.replace(",", "")
    if bare.isdigit() or bare.replace(".", "", 1).isdigit():
        return _DIGIT
    digits = sum(char.isdigit() for char in word)
    letters = sum(char.isalpha() for char in word)
    marks = sum(char in _PUNCTUATION for char in word)
    if (digits and letters) or (not digits and not letters) or marks > 1:
        return _UNUSUAL
    if word.isupper():
        return _ACRONYM
    if len(word) > 1 and word[0].isupper() and sum(char.isupper() for char in word) == 1:
        return _NAME
    return _PLAIN


def _term_key(lower: str) -> str:
    """YAKE's term of a lower-cased word: a trailing "s" dropped from words of four letters+."""
    return lower[:-1] if lower.endswith("s") and len(lower) > 3 else lower


@lru_cache(maxsize=1 << 18)
def _classify(token: str, stop: frozenset[str]) -> tuple[bool, int, bool, bool, str, str]:
    """Per distinct token: punctuation?, tag, stop word as written?, stop word as a term?,
    lower-cased form, term key (see YAKE's ``DataCore.get_term``)."""
    if not token.strip(_PUNCTUATION):
        return True, _UNUSUAL, True, True, token, token
    lower = token.lower()
    key = _term_key(lower)
    bare = key.translate(_NO_PUNCTUATION)
    return False, _tag(token), lower in stop, key in stop or len(bare) < 3, lower, key


_NO_PUNCTUATION = str.maketrans("", "", _PUNCTUATION)


# --------------------------------------------------------------------------------------------------
# A batch of texts


class Tokenized(NamedTuple):
    """The tokens of a batch of texts, in order, with where each sentence and text begins."""

    tokens: list[str]
    sentence_of: list[int]  # per token: its sentence's number within its text
    first: list[int]  # per sentence with tokens: the index of its first token
    document_of_sentence: list[int]  # per sentence with tokens: its text's number
    sentences_per_document: list[int]  # per text: its number of sentences (empty ones included)


def tokenized(texts: Sequence[str]) -> Tokenized:
    """Split every text into sentences and every sentence into tokens (:func:`tokenize`)."""
    tokens: list[str] = []
    sentence_of: list[int] = []
    first: list[int] = []
    document_of_sentence: list[int] = []
    sentences_per_document: list[int] = []
    for number, text in enumerate(texts):
        sentences = split_sentences(text) if text else []
        sentences_per_document.append(len(sentences))
        for index, sentence in enumerate(sentences):
            found = tokenize(sentence)
            if found:
                first.append(len(tokens))
                document_of_sentence.append(number)
                tokens += found
                sentence_of += [index] * len(found)
    return Tokenized(tokens, sentence_of, first, document_of_sentence, sentences_per_document)
