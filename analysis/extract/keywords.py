"""Keywords worth reading: YAKE's ranking, cleaned so that the list reads like an editor's tags.

YAKE scores every 1..n-word candidate of a text without a model or a corpus, which is why the product
is specified with it; its raw output, though, is written for a machine. On news text it returns
clauses that cross a line break ("global partnerships Source"), phrases that end in a verb ("Defence
Ministers agreed"), fragments of longer names ("Secretary General Mark") and the same phrase three
times in nested forms. This module keeps YAKE as the scorer and post-processes its candidates in
three steps, each one a small function:

1. :func:`extraction_text` prepares what YAKE reads: boilerplate lines ("Source: NATO", "MORE
   HEADLINES", "Last updated ...", date lines) are dropped and every line ends a sentence, so that
   no candidate crosses a title or a paragraph break.
2. :func:`yake_candidates` asks one cached YAKE extractor per setting for its whole ranked
   candidate list, without YAKE's own de-duplication (lower-cased, best first).
3. :func:`clean_candidates` turns that raw list into keywords: edge punctuation, function words,
   dates and verbs are trimmed; phrases that are only function words or verbs, fragments of longer
   names and phrases absent from the article are dropped; nested, overlapping and near-duplicate
   variants (case, singular/plural, spelling) are merged into the best-ranked one, shown in its most
   frequent surface form in the article. Any engine that produces YAKE's ``(candidate, score)``
   list can reuse it.

Corpus-level views are group-bys over the per-article table: :func:`corpus_keywords` (which keywords
matter across the current selection) and :func:`distinctive_keywords` (which single out one
article).
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

import pandas as pd

from analysis.core.schema import KEYWORD_COLUMNS, empty_frame, mentions_frame
from analysis.core.word_lists import read_words
from analysis.extract.terms import find_phrase

# --------------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class KeywordSettings:
    """What a user may tune about keyword extraction; hashable, so that it can key a cache.

    ``top_k`` keywords per article; candidates of at most ``max_ngram`` words; two keywords whose
    normalised forms are at least ``dedup_threshold`` similar (0..1, character-level ratio) are
    one keyword (1.0 merges only exact and nested variants); ``stopwords`` are added to the
    language's list (they never start or end a keyword); ``language`` picks YAKE's stop-word list.
    """

    top_k: int = 10
    max_ngram: int = 3
    dedup_threshold: float = 0.9
    stopwords: Collection[str] = ()  # any collection; kept as a sorted tuple
    language: str = "en"

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise ValueError(f"top_k must be at least 1, not {self.top_k}")
        if not 1 <= self.max_ngram <= 6:
            raise ValueError(f"max_ngram must be between 1 and 6, not {self.max_ngram}")
        if not 0.0 < self.dedup_threshold <= 1.0:
            raise ValueError(f"dedup_threshold must be in (0, 1], not {self.dedup_threshold}")
        # A list or set given by a caller becomes a sorted tuple: hashable, and equal settings hash
        # equal whatever the order the words were typed in.
        words = sorted({word.strip().lower() for word in self.stopwords if word.strip()})
        object.__setattr__(self, "stopwords", tuple(words))
        object.__setattr__(self, "language", (self.language or "en").strip().lower())

    def __reduce__(
        self,
    ) -> tuple[type[KeywordSettings], tuple[int, int, float, Collection[str], str]]:
        """Pickled as its constructor's arguments: compiled (``analysis.compiled``), a frozen
        class cannot be unpickled by setting its fields one by one, as pickle's default does."""
        fields = (self.top_k, self.max_ngram, self.dedup_threshold, self.stopwords, self.language)
        return (KeywordSettings, fields)


def parse_stopwords(value: str) -> tuple[str, ...]:
    """Split stop words as a user types them (commas, semicolons, new lines or spaces)."""
    return tuple(word for word in re.split(r"[,;\s]+", value) if word)


# --------------------------------------------------------------------------------------------------
# Word lists (immutable)

#: Lines that are page furniture, not article text. They never reach the extractor.
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        (?:source|sources|photo|photos|credit|credits|image|caption|via|tags?)\s*:.*
      | more\ headlines|more|read\ more|see\ also|related(?:\ articles)?|advertisement|share
      | (?:last\ )?updated\b.*|published\b.*|posted\b.*|official\ photo\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def _words(name: str) -> frozenset[str]:
    """A word list of ``analysis/data/keywords/`` (each file says what its words are for)."""
    return read_words("keywords", f"{name}.txt")


_DATE_LINE_WORDS = _words("date_line_words")
_BULLET = re.compile(r"^\s*[•·▪●◦‣∙*|-]+\s*")
_TERMINALS = frozenset(".!?:;…")
_CLOSING = "'\")]"
_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
     "\u00a0": " ", "\u2009": " ", "\u202f": " ", "–": "-", "—": "-"}
)  # fmt: skip

_MONTHS = _words("months")
_WEEKDAYS = _words("weekdays")
_TIME_WORDS = _words("time_words")
_NUMBER_WORDS = _words("number_words")
_BOILERPLATE_WORDS = _words("boilerplate_words")
_FILLERS = _words("fillers")
_COMPARATIVES = _words("comparatives")
_VERB_BASES = _words("verb_bases")
_NOUN_VERB_BASES = _words("noun_verb_bases")
_LEADING_VERBS = _words("leading_verbs")
_HEADLINE_VERBS = _words("headline_verbs")
_IRREGULAR_PAST = _words("irregular_past")
_IRREGULAR_BASES = _words("irregular_bases")
_NOT_PAST = _words("not_past")
_LY_NOUNS = _words("ly_nouns")
_DETERMINERS = _words("determiners")
_NAME_LINKS = _words("name_links")
_TITLES = _words("titles")


def _inflections(base: str) -> set[str]:
    """A verb's forms: base, third person, past (English spelling rules, roughly)."""
    forms = {base}
    if base in _IRREGULAR_BASES:
        return forms | {base + "es" if base.endswith(("s", "o")) else base + "s"}
    if base.endswith("e"):
        forms |= {base + "s", base + "d"}
    elif base.endswith("y") and base[-2:-1] not in set("aeiou"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    elif base.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {base + "es", base + "ed"}
    else:
        forms |= {base + "s", base + "ed"}
        if re.fullmatch(r".*[^aeiou][aeiou][bdgmnprt]", base) and len(base) <= 4:
            forms.add(base + base[-1] + "ed")  # "wrap" -> "wrapped"
    return forms


_VERB_FORMS = (
    frozenset(
        {form for base in _VERB_BASES for form in _inflections(base)}
        | {form for base in _NOUN_VERB_BASES for form in _inflections(base) if form.endswith("ed")}
        | _IRREGULAR_PAST
        | _HEADLINE_VERBS
    )
    - _NOT_PAST
)
_PLAIN_ADJECTIVES = _words("plain_adjectives")
#: Adjective endings: a phrase with a link word inside cannot end in one ("development of
#: bilateral").
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "less", "able", "ible")
_GENERIC_NOUNS = _words("generic_nouns")
_ENGLISH_FUNCTION_WORDS = (
    _MONTHS
    | _WEEKDAYS
    | _TIME_WORDS
    | _NUMBER_WORDS
    | _BOILERPLATE_WORDS
    | _FILLERS
    | _COMPARATIVES
)


#: Words that are no keyword on their own: titles ("President") and plain adjectives.
_NEVER_ALONE = _TITLES | _PLAIN_ADJECTIVES


# --------------------------------------------------------------------------------------------------
# Step 1: what YAKE reads


#: A social handle ("@realDonaldTrump": an account, no keyword) or a link; an e-mail address
#: (a word before its "@") is left to the boilerplate cleaner.
_HANDLE_OR_LINK = re.compile(
    r"(?<![\w@.])@\w{1,30}|\bhttps?://\S+|\bwww\.\S+|\bpic\.twitter\.com/\S+", re.IGNORECASE
)


def extraction_text(text: str) -> str:
    """The text YAKE scores: boilerplate lines dropped, handles and links left out, every line
    closed as a sentence.

    YAKE joins lines with a space before it splits sentences, so a title without a full stop runs
    into the first paragraph ("... Indo-Pacific NATO Defence Ministers agreed"). Quotes, dashes and
    non-breaking spaces are normalised and HTML entities decoded, so that raw text scores as
    cleaned text does. Offsets are not kept: keywords are located again in the article's own text.
    """
    if "&" in text:
        text = html.unescape(text)
    if "@" in text or "://" in text or "www." in text or "pic.twitter" in text:
        text = _HANDLE_OR_LINK.sub(" ", text)
    lines = []
    for raw_line in _QUOTE_MARK.sub(_plain_quote, text).splitlines():
        line = " ".join(_BULLET.sub("", raw_line).split())
        if not line or _BOILERPLATE_LINE.match(line) or _is_date_line(line):
            continue
        lines.append(line if _ends_sentence(line) else line + ".")
    return "\n".join(lines)


#: Every character :data:`_QUOTES` replaces, as a class: replacing what a search finds scans the
#: text in C, where ``str.translate`` with a dict looks every character up (docs/performance.md).
_QUOTE_MARK = re.compile("[" + "".join(re.escape(chr(code)) for code in _QUOTES) + "]")


def _plain_quote(match: re.Match[str]) -> str:
    return _QUOTES[ord(match.group())]


def _ends_sentence(line: str) -> bool:
    """Whether a line ends with a terminal, then closing quotes or brackets at most (``"said."``)."""
    return line.rstrip(_CLOSING)[-1:] in _TERMINALS


_LETTERS = re.compile(r"[^\W\d_]+")


def _is_date_line(line: str) -> bool:
    """A line of only a date or a time (or of no letters at all): page furniture."""
    # (stops at the first other word: a paragraph is rejected after one word, not read whole)
    return all(match.group() in _DATE_LINE_WORDS for match in _LETTERS.finditer(line.lower()))


# --------------------------------------------------------------------------------------------------
# Step 2: YAKE's raw ranking


@lru_cache(maxsize=32)
def _extractor(language: str, max_ngram: int, stopwords: tuple[str, ...]) -> Any:
    """One YAKE extractor per setting (building one reads its stop-word file). ``yake`` (and the
    networkx it imports) is imported here, not with the module: a run answered from the cache
    never needs it."""
    import yake

    base = yake.KeywordExtractor(lan=language).stopword_set
    return yake.KeywordExtractor(
        lan=language,
        n=max_ngram,
        dedup_lim=1.0,  # no YAKE de-duplication: clean_candidates merges variants itself
        top=1_000_000,  # every candidate; clean_candidates reads only as many as it needs
        stopwords=set(base) | set(stopwords),
    )


def yake_candidates(
    text: str, settings: KeywordSettings = KeywordSettings()
) -> list[tuple[str, float]]:
    """Every YAKE candidate of ``text`` as ``(lower-cased phrase, score)``, best (lowest) first."""
    extractor = _extractor(settings.language, settings.max_ngram, tuple(settings.stopwords))
    return [(phrase, float(score)) for phrase, score in extractor.extract_keywords(text)]


# --------------------------------------------------------------------------------------------------
# Step 3: from candidates to keywords


class Keyword(NamedTuple):
    """One cleaned keyword of an article: as shown, YAKE's score, and how often it occurs.

    ``count`` is ``len(find_phrase(text, keyword))``, the number of its mentions.
    """

    keyword: str
    score: float
    count: int  # type: ignore[assignment]  # (the field shadows tuple.count, on purpose)


def _singular(word: str) -> str:
    """A rough English singular, used only to compare phrases ("defences" ~ "defence")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _norm_key(words: Sequence[str]) -> tuple[str, ...]:
    """How a phrase is compared: lower case, singular, apostrophes and hyphens as separators."""
    if len(words) == 1:
        return _word_key(words[0])
    return _phrase_key(tuple(words))


@lru_cache(maxsize=65536)
def _phrase_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`_norm_key` of several words (cached: a corpus's candidates repeat)."""
    return tuple(part for word in words for part in _word_key(word))


_WORD_SEPARATORS = re.compile(r"[-'’]+")


@lru_cache(maxsize=65536)
def _word_key(word: str) -> tuple[str, ...]:
    """One word's part of :func:`_norm_key` (cached: a corpus repeats its words)."""
    return tuple(_singular(part) for part in _WORD_SEPARATORS.split(word.lower()) if part)


_HAS_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=65536)
def _is_function_word(word: str, function_words: frozenset[str]) -> bool:
    """Stop words, dates, times, numbers and page furniture: never the head of a keyword."""
    lower = word.lower()
    return lower in function_words or not _HAS_LETTER.search(lower) or len(lower) < 2


def _is_verb(word: str) -> bool:
    """Whether ``word`` reads as a verb in English (a form of a listed verb)."""
    return word.lower() in _VERB_FORMS


def _is_past_tense(word: str) -> bool:
    """A lower-case word in "-ed" ("agreed", "previewed"); "Ahmed" or "hundred" are not."""
    return len(word) >= 5 and word.endswith("ed") and word not in _NOT_PAST


_EDGE_PUNCTUATION = "\"'`.,;:!?()[]{}<>«»‹›“”‘’„‟*#@&%$^~_+=/\\|-–—…•"


def _trim(words: list[str], function_words: frozenset[str], english: bool) -> list[str] | None:
    """Strip edge punctuation, function words and verbs; ``None`` when nothing readable is left.

    A listed verb inside a phrase makes it a clause ("Zelensky joined ministers"): dropped.
    """
    trimmed = _trimmed(tuple(words), function_words, english)
    return None if trimmed is None else list(trimmed)


_POSSESSIVE = re.compile(r"'s?$")
_WORD_CHARACTER = re.compile(r"\w")


@lru_cache(maxsize=65536)
def _trimmed(
    words: tuple[str, ...], function_words: frozenset[str], english: bool
) -> tuple[str, ...] | None:
    """:func:`_trim` of a candidate's words, cached: a corpus's candidates repeat."""
    return _trim_words([word for word in words if word], function_words, english)


def _trim_words(
    words: list[str], function_words: frozenset[str], english: bool
) -> tuple[str, ...] | None:
    """The body of :func:`_trimmed`, on a list it may shorten in place."""
    if words:
        words[0] = words[0].lstrip(_EDGE_PUNCTUATION)
        words[-1] = _POSSESSIVE.sub("", words[-1].rstrip(_EDGE_PUNCTUATION))  # "Ministers'"
        words = [word for word in words if word]

    def droppable(word: str) -> bool:
        return _is_function_word(word, function_words) or (
            english and (_is_verb(word) or _is_adverb(word))
        )

    if english and len(words) >= 3 and words[1].lower() in _DETERMINERS:
        words = words[2:]  # "defend the freedom": a verb and its object
    while words and (droppable(words[0]) or (english and words[0].lower() in _LEADING_VERBS)):
        words.pop(0)
    while words and droppable(words[-1]):
        words.pop()
    if not words or any(not _WORD_CHARACTER.search(word) for word in words):
        return None  # nothing left, or a candidate across punctuation
    inside = words[1:-1]
    if english and any(_is_verb(word) for word in inside):
        return None
    if (
        english
        and words[-1].lower().endswith(_ADJECTIVE_ENDINGS)
        and any(word.lower() in _NAME_LINKS for word in inside)
    ):
        return None  # "development of bilateral": cut before its noun
    if english and any(
        _is_function_word(word, function_words) and word.lower() not in _NAME_LINKS
        for word in inside
    ):
        return None
    return tuple(words)


def _is_adverb(word: str) -> bool:
    """A lower-case English word in "-ly" ("rapidly", "firmly"), except a few nouns ("supply")."""
    lower = word.lower()
    return len(lower) >= 5 and lower.endswith("ly") and lower not in _LY_NOUNS


_BEFORE_WORD = frozenset(" \t\u00a0\"'([-")  # what may stand between a sentence end and a word
_AFTER_END = frozenset("\"')]")  # what may follow the end mark
_END_MARK = frozenset(".!?:;\n")


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``text[start]`` starts the text, a line, a sentence or a clause after
    a colon: within the 8 characters before it, an end mark, closing quotes or brackets, then
    spaces, opening quotes, brackets or dashes.

    Whether a search for ``(?:^|[.!?:;\\n]["')\\]]*)[ \\t\\u00a0"'(\\[-]*$`` in that window finds
    anything, by one scan back instead of the regular expression's trial at each position (the
    test checks the two agree). Back over the opening characters, then, once a ")" or "]" shows
    the closing part has begun, over closing characters only; the character before them must be
    an end mark inside the window.
    """
    low = max(0, start - 8)
    index = start - 1
    closing = False  # (scanning back, the closing part comes second)
    while index >= low:
        char = text[index]
        if char in _END_MARK:
            return True
        if not closing and char in _BEFORE_WORD:
            index -= 1
        elif char in _AFTER_END:
            closing = True
            index -= 1
        else:
            return False
    return index < 0 and not closing  # the text's start, with only opening characters before


_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\W\d_][\w-]*)")
_OF_PLACE = re.compile(
    r"(?<!\w)of[ \t\u00a0]+(?:the[ \t\u00a0]+)?[^\W\d_][\w-]*[ \t\u00a0]+$", re.I
)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _inside_longer_name(text: str, start: int, end: int, function_words: frozenset[str]) -> bool:
    """Whether the capitalised occurrence ``text[start:end]`` is cut out of a longer name.

    "Secretary General Mark" is followed by "Rutte", "Contact Group" preceded by "Defence": such
    pieces come from YAKE's n-gram limit and read as mistakes. A title next to a name does not
    make either a piece ("Secretary General" before "Mark Rutte", "Mark Rutte" after "General"),
    nor does a capitalised function word ("In Brussels").
    """
    piece = text[start:end]
    if piece.islower():
        return False  # (the usual case: no capitalised word, so neither test below applies)
    words = piece.split()
    if _capitalised(words[-1]) and (following := _NEXT_WORD.match(text, end)):
        after = following.group(1)
        title_then_name = words[-1].lower() in _TITLES and after.lower() not in _TITLES
        if _capitalised(after) and not title_then_name and after.lower() not in function_words:
            return True
    if _capitalised(words[0]) and (preceding := _previous_word(text, start)):
        before = preceding.lower()
        if (
            _capitalised(preceding)
            and before not in _TITLES
            and before not in function_words
            and _OF_PLACE.search(text, max(0, start - 80), start) is None  # "of Uzbekistan Shavkat"
        ):
            return True
    return False


_SPACE_CHARACTERS = " \t\u00a0"


def _previous_word(text: str, start: int) -> str | None:
    """The word right before ``text[start]``: after it only spaces, tabs or no-break spaces (and
    at most one final line break), from its first letter; looked at within 60 characters.

    What a search for ``([^\\W\\d_][\\w-]*)[ \\t\\u00a0]+$`` in that window finds (its group),
    without the regular expression's trial at each of the 60 positions (the test checks this).
    """
    low = max(0, start - 60)
    end = start - 1 if start > low and text[start - 1] == "\n" else start  # ``$`` before a "\n"
    gap = end
    while gap > low and text[gap - 1] in _SPACE_CHARACTERS:
        gap -= 1
    if gap == end:
        return None
    first = gap
    while first > low and (text[first - 1].isalnum() or text[first - 1] in "_-"):
        first -= 1
    for index in range(first, gap):
        char = text[index]
        if char.isalnum() and not char.isdecimal():
            return text[index:gap]
    return None


def _shown_form(
    text: str, spans: Sequence[tuple[int, int]], function_words: frozenset[str]
) -> str | None:
    """The phrase's most frequent surface form, white space collapsed; ``None`` for a fragment.

    Occurrences inside a longer name do not count (the phrase is a fragment when it has no
    other), and neither do those in the title line or at a sentence start, capitalised whatever
    the word, unless the phrase occurs nowhere else ("meeting", not "Meeting"). Ties: first seen.
    """
    whole = [
        (start, end)
        for start, end in spans
        # (a lower-case occurrence is never part of a longer name: no call for the usual case)
        if text[start:end].islower() or not _inside_longer_name(text, start, end, function_words)
    ]
    if not whole:
        return None
    title_end = text.find("\n")
    plain = [
        (start, end)
        for start, end in whole
        if start > title_end >= 0 and not _starts_sentence(text, start)
    ]
    forms = [" ".join(text[start:end].split()) for start, end in plain or whole]
    if forms.count(forms[0]) == len(forms):
        return forms[0]  # (the usual case: one spelling)
    return Counter(forms).most_common(1)[0][0]


def _strip_name_prefix(words: list[str], shown: list[str]) -> list[str]:
    """Drop titles and lower-case words before a name: "General Mark Rutte" -> "Mark Rutte",
    "partners Australia" -> "Australia", "actress Emily Blunt" -> "Emily Blunt".
    """
    index = 0
    while index < len(words) - 1 and (words[index].lower() in _TITLES or shown[index].islower()):
        index += 1
    rest = words[index:]
    if (
        index
        and all(map(_capitalised, shown[index:]))
        and not all(word.lower() in _TITLES for word in rest)
    ):
        return rest
    return words


def _joins_clauses(shown: list[str], function_words: frozenset[str]) -> bool:
    """Whether a phrase is a clause, not a noun phrase: a lower-case word right before a
    capitalised one ("Hawks stop Celtics") or a past tense right after one ("Ukraine celebrated
    key").
    """
    return any(
        (word.islower() and _capitalised(following) and word.lower() not in function_words)
        or (_capitalised(word) and following.islower() and _is_past_tense(following))
        for word, following in pairwise(shown)
    )


def _verb_after_name(shown: list[str]) -> bool:
    """A lower-case "-s" word after a name of two capitalised words is its verb ("Russian
    Federation understands"); after one it is more often a noun ("Indo-Pacific partners").
    """
    return (
        len(shown) >= 3
        and shown[-1].islower()
        and shown[-1].endswith("s")
        and not shown[-1].endswith("ss")
        and _capitalised(shown[-2])
        and _capitalised(shown[-3])
    )


_TITLE_OF = re.compile(r"(?:^|\W)([^\W\d_]+)[ \t\u00a0]+of[ \t\u00a0]+(?:the[ \t\u00a0]+)?$", re.I)


def _after_title_of(text: str, spans: Sequence[tuple[int, int]], shown: list[str]) -> bool:
    """Whether a capitalised place-and-name always follows "<Title> of": "President of Ukraine
    Volodymyr Zelenskyy" holds the name "Volodymyr Zelenskyy", not "Ukraine Volodymyr Zelenskyy"
    (so does "Republic of Uzbekistan Shavkat Mirziyoyev").
    """
    if len(shown) < 3 or not all(map(_capitalised, shown)):
        return False
    for start, _ in spans:
        match = _TITLE_OF.search(text, max(0, start - 40), start)
        if match is None or not _capitalised(match.group(1)):
            return False
    return True


def _nested_or_overlapping(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` lies inside ``long``, or the two are windows over one longer phrase."""
    n, m = len(short), len(long)
    if n <= m and any(long[i : i + n] == short for i in range(m - n + 1)):
        return True
    if n < 2 or m < 2:
        return False
    overlap = min(n, m) - 1
    return any(
        short[-size:] == long[:size] or long[-size:] == short[:size]
        for size in range(1, overlap + 1)
    )


def _similar(first: tuple[str, ...], second: tuple[str, ...], threshold: float) -> bool:
    """Duplicate or near-duplicate keys: equal, nested, overlapping or spelled alike."""
    if first == second:
        return True
    short, long = (first, second) if len(first) <= len(second) else (second, first)
    if _nested_or_overlapping(short, long):
        return True
    if len(short) >= 2 and short[-2:] == long[-2:]:
        return True  # one head, two modifiers: "NATO Defence Ministers", "Allied defence ministers"
    if threshold >= 1.0:
        return False
    return _spelled_alike(" ".join(first), " ".join(second), threshold)


def _spelled_alike(
    a: str,
    b: str,
    threshold: float,
    letters_a: dict[str, int] | None = None,
    letters_b: dict[str, int] | None = None,
) -> bool:
    """Whether two phrases are at least ``threshold`` alike, character by character:
    ``SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold``.

    Its two upper bounds come first, computed without building a matcher (that is what costs):
    ``real_quick_ratio`` from the lengths, then ``quick_ratio`` from the characters the two share
    (``letters_a``, ``letters_b``: the strings' :func:`_letter_counts`, if already made).
    Fewer than one pair in 300 gets past them.
    """
    total = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / total < threshold:
        return False
    letters_a = _letter_counts(a) if letters_a is None else letters_a
    letters_b = _letter_counts(b) if letters_b is None else letters_b
    shared = sum(min(count, letters_b.get(char, 0)) for char, count in letters_a.items())
    if 2.0 * shared / total < threshold:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def _letter_counts(text: str) -> dict[str, int]:
    """How often each character occurs in ``text``: what ``Counter(text)`` holds, in a plain
    dict (building a Counter costs more than the loop, compiled, on strings this short)."""
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    return counts


class _KeptKeys:
    """The normalised keys of the keywords kept so far, indexed so that the two questions
    :func:`clean_candidates` asks of every candidate cost set look-ups, not a loop over pairs.

    :meth:`merges` answers exactly ``any(_similar(key, other, threshold) for other in kept)``:
    "equal or nested" is a look-up among the kept keys' word windows (or of the key's windows
    among the kept keys), "overlapping windows" among their proper prefixes and suffixes, "one
    head" among their last two words; only the spelling ratio compares pairs, after the
    length bound that rules most of them out.
    """

    def __init__(self) -> None:
        self._joined: list[str] = []
        self._letters: list[dict[str, int] | None] = []  # per key: _letter_counts, once asked
        self._whole: set[tuple[str, ...]] = set()
        self._windows: set[tuple[str, ...]] = set()
        self._prefixes: set[tuple[str, ...]] = set()
        self._suffixes: set[tuple[str, ...]] = set()
        self._heads: set[tuple[str, ...]] = set()

    def add(self, key: tuple[str, ...]) -> None:
        self._joined.append(" ".join(key))
        self._letters.append(None)
        self._whole.add(key)
        self._windows.update(_windows(key))
        if len(key) >= 2:
            prefixes, suffixes = _affixes(key)
            self._prefixes.update(prefixes)
            self._suffixes.update(suffixes)
            self._heads.add(key[-2:])

    def contain(self, key: tuple[str, ...]) -> bool:
        """Whether ``key`` lies inside a kept key (then so does whatever trimming leaves of it)."""
        return key in self._windows

    def merges(self, key: tuple[str, ...], threshold: float) -> bool:
        """Whether a candidate with ``key`` is a variant of a kept keyword (see :func:`_similar`)."""
        if key in self._windows or not self._whole.isdisjoint(_windows(key)):
            return True  # equal, or one inside the other
        if len(key) >= 2:
            prefixes, suffixes = _affixes(key)
            if (
                key[-2:] in self._heads
                or not self._prefixes.isdisjoint(suffixes)  # the key ends as a kept one begins
                or not self._suffixes.isdisjoint(prefixes)  # or begins as a kept one ends
            ):
                return True
        if threshold >= 1.0:
            return False
        a = " ".join(key)
        size = len(a)
        letters: dict[str, int] | None = None  # made for the first pair the length bound lets by
        for index, b in enumerate(self._joined):
            if 2.0 * min(size, len(b)) / (size + len(b)) < threshold:
                continue  # (the first test of _spelled_alike, inlined)
            letters = _letter_counts(a) if letters is None else letters
            letters_b = self._letters[index]
            if letters_b is None:
                letters_b = self._letters[index] = _letter_counts(b)
            if _spelled_alike(a, b, threshold, letters, letters_b):
                return True
        return False


@lru_cache(maxsize=65536)
def _windows(key: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Every run of consecutive words of ``key``, itself included (cached: keys repeat)."""
    size = len(key)
    return tuple(key[start:stop] for start in range(size) for stop in range(start + 1, size + 1))


@lru_cache(maxsize=65536)
def _affixes(
    key: tuple[str, ...],
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """The proper prefixes and the proper suffixes of ``key``, as word runs (cached)."""
    cuts = range(1, len(key))
    return tuple(key[:cut] for cut in cuts), tuple(key[-cut:] for cut in cuts)


def _function_words(settings: KeywordSettings) -> frozenset[str]:
    return _stop_set(settings.language, tuple(settings.stopwords))


@lru_cache(maxsize=32)
def _stop_set(language: str, stopwords: tuple[str, ...]) -> frozenset[str]:
    """YAKE's stop words for ``language``, the user's, and (for English) dates and furniture."""
    base = _extractor(language, 1, stopwords).stopword_set
    extra = _ENGLISH_FUNCTION_WORDS if language.startswith("en") else frozenset()
    return frozenset(base) | extra | frozenset(stopwords)


def clean_candidates(
    candidates: Iterable[tuple[str, float]],
    text: str,
    settings: KeywordSettings = KeywordSettings(),
) -> list[Keyword]:
    """Turn a raw ``(phrase, score)`` ranking (best first) into at most ``top_k`` keywords of ``text``.

    Each candidate is trimmed (:func:`_trim`); dropped when nothing readable is left, when it does
    not occur in ``text`` (matched with :func:`analysis.extract.terms.find_phrase`, as counts are) or when
    it is a fragment of a longer name; merged into a better-ranked keyword when the two are the
    same phrase up to case and plural, nested, overlapping windows or near-identical spellings.
    The shown form is the phrase's most frequent surface form in ``text``; the score is the one of
    the best-ranked candidate it stands for.
    """
    return [keyword for keyword, _ in located_keywords(candidates, text, settings)]


def located_keywords(
    candidates: Iterable[tuple[str | tuple[str, ...], float]],
    text: str,
    settings: KeywordSettings = KeywordSettings(),
) -> list[tuple[Keyword, list[tuple[int, int]]]]:
    """:func:`clean_candidates` with each keyword's occurrences: ``find_phrase(text, keyword)``.

    Cleaning has found them already (they give the count), so a caller that needs the offsets as
    well (the mentions table) need not search the text again. A candidate's phrase may also be
    given as the tuple of its words (:meth:`analysis.extract.yake_fast.Ranking.word_tuples`).
    """
    function_words = _function_words(settings)
    english = settings.language.startswith("en")
    kept_keys = _KeptKeys()
    kept: list[tuple[Keyword, list[tuple[int, int]]]] = []
    rejected: set[tuple[str, ...]] = set()
    for phrase, score in candidates:
        words = phrase if isinstance(phrase, tuple) else tuple(phrase.split())
        trimmed = _trimmed(words, function_words, english)
        if trimmed is None or kept_keys.contain(trimmed_key := _norm_key(trimmed)):
            continue  # (locating a phrase costs a search: rule out parts of kept ones first)
        located = _locate(list(trimmed), text, function_words, english, rejected, trimmed_key)
        if located is None:
            continue
        keyword, spans = located
        key = _norm_key(keyword.keyword.split())
        if kept_keys.merges(key, settings.dedup_threshold):
            continue
        kept_keys.add(key)
        kept.append((Keyword(keyword.keyword, float(score), keyword.count), spans))
        if len(kept) >= settings.top_k:
            break
    return kept


def _locate(
    words: list[str],
    text: str,
    function_words: frozenset[str],
    english: bool,
    rejected: set[tuple[str, ...]],
    key: tuple[str, ...] | None = None,
) -> tuple[Keyword, list[tuple[int, int]]] | None:
    """Find a trimmed phrase in ``text``: its shown form, count and occurrences (those of the
    shown form, :func:`find_phrase`'s), or ``None`` if it should go.

    The tests that need the article's case happen here, on the shown form: titles, places and
    lower-case words before a name are dropped ("General Mark Rutte", "Ukraine Volodymyr
    Zelenskyy", "partners Australia"), a trailing verb is trimmed ("Defence Ministers agreed",
    "Russian Federation understands"), and fragments of longer names, clauses ("Hawks stop
    Celtics") and words that are no keyword alone ("President", "recent", "work") are rejected.
    After a trim the shorter phrase is located again. ``rejected`` remembers the keys that failed;
    ``key`` is ``_norm_key(words)`` when the caller has it.
    """
    while True:
        key = _norm_key(words) if key is None else key
        if key in rejected:
            return None
        spans = find_phrase(text, " ".join(words))
        if not spans:
            rejected.add(key)
            return None
        surface = _shown_form(text, spans, function_words)
        if surface is None:
            rejected.add(key)
            return None
        shown = surface.split()
        if len(shown) == len(words):
            stripped = _strip_name_prefix(words, shown)
            if _after_title_of(text, spans, shown):
                stripped = words[1:]
            if (
                english
                and len(words) == 1
                and (
                    _singular(words[0].lower()) in _GENERIC_NOUNS
                    or words[0].lower() in _NEVER_ALONE
                )
            ):
                return None
            if english and _verb_after_name(shown):
                stripped = words[:-1]
            if english and shown[-1].islower() and _is_past_tense(shown[-1]):
                if len(words) == 1:
                    return None  # only a verb
                stripped = words[:-1]
            if stripped == words and _joins_clauses(shown, function_words):
                rejected.add(key)
                return None
            if stripped != words:
                trimmed = _trim(stripped, function_words, english)
                if trimmed is None:
                    return None
                words, key = trimmed, None
                continue
        # The shown form finds what the phrase found, unless it differs in more than case
        # ("air-defence" for "air defence"); then it is counted on its own, as mentions will be.
        # (An ASCII form equal up to case has the same search plan; others are searched again.)
        if not (surface.isascii() and surface.lower() == " ".join(words).lower()):
            spans = find_phrase(text, surface)
        return Keyword(surface, 0.0, len(spans)), spans


# --------------------------------------------------------------------------------------------------
# Public API: one article, many articles


def extract_keywords(
    text: str, settings: KeywordSettings = KeywordSettings()
) -> list[tuple[str, float]]:
    """The ``top_k`` keywords of one article as ``(keyword as shown, YAKE score)``, best first."""
    return [(keyword.keyword, keyword.score) for keyword in _article_keywords(text, settings)]


def _article_keywords(text: str, settings: KeywordSettings) -> list[Keyword]:
    if not text or not text.strip():
        return []
    candidates = yake_candidates(extraction_text(text), settings)
    return clean_candidates(candidates, text, settings)


def keyword_table(
    doc_ids: Sequence[str],
    texts: Sequence[str],
    settings: KeywordSettings = KeywordSettings(),
) -> pd.DataFrame:
    """One row a keyword of an article: ``doc_id, keyword, rank, score, count``.

    ``rank`` counts from 1 (best) within the article, ``score`` is YAKE's (lower is better) and
    ``count`` the keyword's occurrences in the article, found with
    :func:`analysis.extract.terms.find_phrase` exactly as :func:`keyword_mentions` finds them.
    """
    rows = []
    for doc_id, text in zip(doc_ids, texts, strict=True):
        for rank, keyword in enumerate(_article_keywords(text, settings), start=1):
            rows.append((doc_id, keyword.keyword, rank, keyword.score, keyword.count))
    if not rows:
        frame = empty_frame(KEYWORD_COLUMNS)
        return frame.astype({"rank": "int64", "score": "float64", "count": "int64"})
    frame = pd.DataFrame(rows, columns=KEYWORD_COLUMNS)
    return frame.astype({"rank": "int64", "score": "float64", "count": "int64"})


def keyword_mentions(
    doc_ids: Sequence[str], texts: Sequence[str], keywords: pd.DataFrame
) -> pd.DataFrame:
    """Every occurrence of each article's keywords: mentions with ``kind="keyword"``.

    ``term`` is the keyword as shown, ``surface`` the text as it stands. Per ``(doc_id, term)`` the
    number of rows equals ``keywords.count``: both come from :func:`analysis.extract.terms.find_phrase`.
    """
    by_doc: dict[str, list[str]] = {}
    for doc_id, keyword in zip(keywords["doc_id"], keywords["keyword"], strict=True):
        by_doc.setdefault(doc_id, []).append(keyword)
    rows = []
    for doc_id, text in zip(doc_ids, texts, strict=True):
        for keyword in by_doc.get(doc_id, ()):
            for start, end in find_phrase(text, keyword):
                rows.append((doc_id, "keyword", keyword, "", start, end, text[start:end]))
    return mentions_frame(rows)


# --------------------------------------------------------------------------------------------------
# Corpus-level views

CORPUS_KEYWORD_COLUMNS = ["keyword", "documents", "total_count", "relevance"]
DISTINCTIVE_COLUMNS = ["keyword", "rank", "count", "documents", "distinctiveness"]


def _grouping_key(keyword: str) -> str:
    return " ".join(_norm_key(keyword.split()))


def _restrict(keywords: pd.DataFrame, doc_ids: Iterable[str] | None) -> pd.DataFrame:
    if doc_ids is None:
        return keywords
    return keywords[keywords["doc_id"].isin(set(doc_ids))]


def corpus_keywords(keywords: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Which keywords matter across articles: ``keyword, documents, total_count, relevance``.

    ``documents`` is the number of articles that have the keyword among their keywords,
    ``total_count`` its occurrences in them, and ``relevance`` the sum over those articles of
    ``1 / rank`` (a keyword ranked first in two articles scores 2.0). Variants that differ only in
    case or plural are one row, shown in their most frequent form. Sorted by documents, then
    relevance, then total count (best first); restricted to ``doc_ids`` when given (a filter).
    """
    frame = _restrict(keywords, doc_ids)
    if frame.empty:
        return _typed_empty(CORPUS_KEYWORD_COLUMNS, {"documents", "total_count"}, {"relevance"})
    frame = frame.assign(_key=frame["keyword"].map(_grouping_key), _rr=1.0 / frame["rank"])
    grouped = frame.groupby("_key", sort=False).agg(
        documents=("doc_id", "nunique"),
        total_count=("count", "sum"),
        relevance=("_rr", "sum"),
    )
    grouped["keyword"] = _shown_forms(frame)
    result = grouped.reset_index(drop=True)[CORPUS_KEYWORD_COLUMNS]
    result = result.sort_values(
        ["documents", "relevance", "total_count", "keyword"],
        ascending=[False, False, False, True],
        kind="mergesort",
    )
    return result.reset_index(drop=True).astype({"documents": "int64", "total_count": "int64"})


def _shown_forms(frame: pd.DataFrame) -> pd.Series:
    """Per grouping key, the form of the keyword found in most articles (ties: alphabetical)."""
    counts = frame.groupby(["_key", "keyword"], sort=True).size().rename("n").reset_index()
    counts = counts.sort_values(["_key", "n", "keyword"], ascending=[True, False, True])
    return counts.drop_duplicates("_key").set_index("_key")["keyword"]


def distinctive_keywords(
    keywords: pd.DataFrame,
    doc_id: str,
    doc_ids: Iterable[str] | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """The keywords that single out article ``doc_id`` among the others (tf-idf over keywords).

    ``distinctiveness = count * ln((1 + N) / (1 + documents))``: ``count`` is the keyword's
    occurrences in the article, ``N`` the number of articles compared (those of ``doc_ids`` when
    given, plus ``doc_id``) and ``documents`` how many of them have the keyword (or a case or
    plural variant) among their keywords. A keyword only this article has comes first, one that
    every compared article has scores 0. Sorted by distinctiveness, then the article's own rank;
    ``top`` keeps the first rows. Columns: keyword, rank, count, documents, distinctiveness.
    """
    frame = _restrict(keywords, None if doc_ids is None else [*doc_ids, doc_id])
    own = frame[frame["doc_id"] == doc_id]
    if own.empty:
        return _typed_empty(
            DISTINCTIVE_COLUMNS, {"rank", "count", "documents"}, {"distinctiveness"}
        )
    n_docs = frame["doc_id"].nunique()
    keys = frame["keyword"].map(_grouping_key)
    document_frequency = frame.assign(_key=keys).groupby("_key")["doc_id"].nunique()
    own_keys = own["keyword"].map(_grouping_key)
    documents = own_keys.map(document_frequency).astype("int64")
    idf = documents.map(lambda df: math.log((1 + n_docs) / (1 + df)))
    result = pd.DataFrame(
        {
            "keyword": own["keyword"].to_numpy(),
            "rank": own["rank"].astype("int64").to_numpy(),
            "count": own["count"].astype("int64").to_numpy(),
            "documents": documents.to_numpy(),
            "distinctiveness": (own["count"].to_numpy() * idf.to_numpy()).astype("float64"),
        }
    )
    result = result.sort_values(
        ["distinctiveness", "rank"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)
    return result if top is None else result.head(top)


def _typed_empty(columns: list[str], integers: set[str], floats: set[str]) -> pd.DataFrame:
    frame = empty_frame(columns)
    return frame.astype({**dict.fromkeys(integers, "int64"), **dict.fromkeys(floats, "float64")})
