"""Rule-based entity candidates: capitalised runs split into titles, names, places and organisations.

The extractor works on one document at a time, in three steps:

1. :func:`tokenize` cuts the text into word tokens with offsets, marking which start a sentence
   (where capitals prove nothing) and which sit in an all-capitals heading.
2. :func:`capitalised_runs` groups neighbouring capitalised tokens ("Secretary General Mark Rutte",
   "Ukraine Defence Contact Group", "Republic of Korea") that no punctuation separates.
3. :func:`parse_run` splits each run from left to right into segments, preferring the longest of:
   a gazetteer phrase, an organisation shape ("... Council", "Ministry of ..."), a title followed by
   a name or standing alone (a role mention to resolve later), a first name followed by a surname,
   a demonym, an acronym, or a run of unknown capitalised words that :func:`type_unknowns` types
   from the rest of the document.

The result is a list of :class:`Candidate`: typed spans with their canonical name and, for people
and roles, the title that introduced them. Resolution (surnames, roles, corpus-wide variants) is
:mod:`analysis.extract.entities.resolve`'s job.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from analysis.extract.entities.lexicon import Lexicon, phrase_key

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽА-ЯЁЄІЇҐ"
_POSSESSIVE = ("'s", "’s")
_LOWER_PART = re.compile(r"[-‐](?=[a-z][a-z\-‐]*$)")
_GAP = re.compile(r"[ \t\u00a0]+")
_CONNECTORS = frozenset(
    {"of", "for", "de", "van", "von", "der", "den", "bin", "ibn", "al", "da", "di", "du", "la"}
    | {"le", "del", "dos", "das", "y", "the", "on", "and"}
)
#: Connectors that may join the words of a person's name.
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "bin", "ibn", "al", "da", "di"})
_SPEECH_VERBS = frozenset({"said", "says", "told", "added", "noted", "stressed", "explained"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "near", "to", "into", "across", "outside"})
# Tokens: initialisms ("U.S."), initials ("W."), capitalised words, and the context words: "said"
# anywhere, connectors and prepositions only before a capitalised word (elsewhere they are noise).
# Two simple patterns are much faster than one with alternatives tried at every character.
_CAPITAL_WORD = re.compile(
    rf"\b(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z]\.(?=\s+[A-Z])|[{_UPPER}]\w*(?:['’\-‐][^\W_]+)*)"
)
_CONTEXT_WORD = re.compile(
    rf"\b(?:{'|'.join(sorted(_SPEECH_VERBS))})\b"
    rf"|\b(?:{'|'.join(sorted(_CONNECTORS | _PLACE_PREPOSITIONS, key=len, reverse=True))})"
    rf"(?=[ \t\u00a0]+(?:(?:{'|'.join(sorted(_CONNECTORS))})[ \t\u00a0]+)*[{_UPPER}])"
)
#: Title-Case words in a row that make a headline (see :func:`title_case_stretches`).
HEADLINE_WORDS = 6
_ROMAN = re.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV)")
_LOWER_WORD = re.compile(r"(?<![\w'’\-‐])[a-z][\w'’\-‐]*")
_ADJACENT = re.compile(r",?\s+")
#: Endings of English common nouns, adjectives and participles ("Protection", "Clinical"): a
#: lone capitalised word of unknown type that ends so is taken for a common word.
_COMMON_NOUN_ENDINGS = (
    "ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ical", "ive", "ous", "ism",
    "ship", "ies", "ized", "ised", "ated", "able", "ible", "ful", "less",
)  # fmt: skip
_SLAVIC_ENDINGS = (
    "ov",
    "ev",
    "enko",
    "uk",
    "yuk",
    "sky",
    "skyy",
    "skiy",
    "ski",
    "vich",
    "ova",
    "eva",
)


class Token(NamedTuple):
    """A word with its offsets. ``key`` is its lookup form; ``initial`` means sentence-initial."""

    start: int
    end: int
    text: str
    key: str
    cap: bool
    upper: bool
    initial: bool
    caps_line: bool
    digit: bool


@dataclass(frozen=True)
class Candidate:
    """A typed span before resolution.

    ``kind`` is ``entity`` (typed and named), ``role`` (a title with no name: "the Secretary
    General"; ``canonical`` is the title) or ``unknown`` (capitalised words of unknown type).
    ``title`` and ``qualifier`` record the office that introduced a person or that a role names
    ("secretary general", "NATO"), so roles can be resolved from the people who hold them.
    """

    start: int
    end: int
    label: str
    canonical: str
    kind: str = "entity"
    title: str = ""
    qualifier: str = ""
    evidence: str = ""


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text`` with sentence-initial and all-capitals-heading flags.

    A possessive "'s" is left out of the token ("NATO's" -> "NATO"), and so is a lower-case tail
    after a hyphen ("US-led" -> "US"); "U.S." and initials keep their full stops. A token is
    sentence-initial when it follows a full stop, a line break, an opening quote, a bracket,
    a colon or a dash (see :func:`is_initial`). Two capitalised words glued by a lost space
    ("AlexanderPresident") are two tokens. Only capitalised tokens get the flags (the rest are
    never names), which keeps this fast: it runs over every word of the corpus.
    """
    headings = _heading_lines(text)
    tokens: list[Token] = []
    capitals = [match.span() for match in _CAPITAL_WORD.finditer(text)]
    for start, end in _by_start(capitals, context_words(text, capitals)):
        word = text[start:end]
        if not word[0].isupper():
            tokens.append(Token(start, end, word, word, False, False, False, False, False))
            continue
        if word.endswith(_POSSESSIVE):
            end -= 2
            word = word[:-2]
        if "-" in word or "‐" in word:
            lower_part = _LOWER_PART.search(word)
            if lower_part is not None:
                end -= len(word) - lower_part.start()
                word = word[: lower_part.start()]
        if not word[1:].islower() and not word.isupper():
            glued = _GLUED.search(word)
            while glued is not None:  # "AlexanderPresident": two words glued by a lost space
                cut = start + glued.start()
                tokens.append(_capital_token(text, start, cut, word[: glued.start()], headings))
                start, word = cut, word[glued.start() :]
                glued = _GLUED.search(word)
        tokens.append(
            Token(
                start,
                end,
                word,
                word.replace("’", "'").lower(),
                True,
                word.isupper() and len(word) >= 2,
                is_initial(text, start),
                bool(headings) and _in_ranges(headings, start),
                not word.isalpha() and any(char.isdigit() for char in word),
            )
        )
    return tokens


#: A lower-case run of three letters or more followed by a capitalised word inside one token:
#: "Lukashenko AlexanderPresident of Belarus" (a caption glued to a name), not "MacArthur".
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")


def _capital_token(
    text: str, start: int, end: int, word: str, headings: list[tuple[int, int]]
) -> Token:
    """The token of a capitalised word (as :func:`tokenize` builds it inline, for speed)."""
    return Token(
        start,
        end,
        word,
        word.replace("’", "'").lower(),
        True,
        word.isupper() and len(word) >= 2,
        is_initial(text, start),
        bool(headings) and _in_ranges(headings, start),
        not word.isalpha() and any(char.isdigit() for char in word),
    )


_UPPER_WORD = re.compile(r"\b[A-Z][A-Z'’.-]*[A-Z]\b")
_LETTERED_WORD = re.compile(r"[^\W\d_]{2,}")
_LINE = re.compile(r"[^\n]+")


def _by_start(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two lists of spans, each in text order, as one in text order (``first``'s before
    ``second``'s at the same start): what ``heapq.merge`` gives, without a key call per span
    (``second``, the context words, is short)."""
    if not second:
        return first
    merged: list[tuple[int, int]] = []
    pending = iter(second)
    following: tuple[int, int] | None = next(pending)
    for span in first:
        start = span[0]
        while following is not None and following[0] < start:
            merged.append(following)
            following = next(pending, None)
        merged.append(span)
    if following is not None:
        merged.append(following)
        merged.extend(pending)
    return merged


def context_words(text: str, capitals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the context words in ``text``, in order: a speech verb ("said") anywhere, and
    a connector or place preposition right before a capitalised word, or before a chain of
    connectors that leads to one ("in Kyiv", "of the Netherlands": "of" and "the").

    Exactly what :data:`_CONTEXT_WORD` finds (the test checks), but the prepositions are looked
    for backwards from the capitalised words (``capitals``: the spans of :data:`_CAPITAL_WORD`,
    which start wherever a capital letter follows a space), instead of trying the whole pattern
    at every character.
    """
    found = [
        match.span()
        for match in _SPEECH_VERB.finditer(text)
        if match.start() == 0 or not is_word_char(text[match.start() - 1])
    ]
    before: list[tuple[int, int]] = []
    for capital, _ in capitals:
        cursor = capital
        while True:
            end = cursor
            while end > 0 and text[end - 1] in _BLANKS:
                end -= 1
            if end == cursor:
                break  # no space before: not a word this pattern links to the capital
            start = end
            while start > 0 and is_word_char(text[start - 1]):
                start -= 1
            word = text[start:end]
            if word in _CONTEXT_BEFORE_CAPITAL:
                before.append((start, end))
            # Only a connector (between spaces) continues the chain: "of the", not "in the".
            if word not in _CONNECTORS or start == 0 or text[start - 1] not in _BLANKS:
                break
            cursor = start
    if not before:
        return found
    return sorted(found + before)


def is_word_char(char: str) -> bool:
    """``re``'s ``\\w`` for one character."""
    return char.isalnum() or char == "_"


_BLANKS = frozenset(" \t\u00a0")
_CONTEXT_BEFORE_CAPITAL = _CONNECTORS | _PLACE_PREPOSITIONS
_SPEECH_VERB = re.compile(rf"(?:{'|'.join(sorted(_SPEECH_VERBS))})\b")


def is_initial(text: str, start: int) -> bool:
    """Whether a word starts a sentence, a line, a quotation or a clause after a colon or dash.

    Deliberately simple and fast (it looks back over spaces and opening quotes to one character):
    a word after "Mr." also counts as initial, which only makes the parser more careful.
    """
    index = start - 1
    while index >= 0 and text[index] in _SKIP_BACK:
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def opens_line(text: str, start: int) -> bool:
    """Whether nothing but blanks stands between the start of its line and ``start`` (a wire
    dateline's place opens its line: "PARIS (Reuters)")."""
    index = start - 1
    while index >= 0 and text[index] != "\n" and text[index].isspace():
        index -= 1
    return index < 0 or text[index] == "\n"


_SKIP_BACK = frozenset(" \t\u00a0\"'“‘«([”’»")
_SENTENCE_END = frozenset(".!?…:\n\r–—-•|")


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that are all-capitals headings (at least 80% of their words upper case)."""
    upper_starts = [match.start() for match in _UPPER_WORD.finditer(text)]
    if len(upper_starts) < 2:
        return []
    spans = []
    seen = 0  # upper-case words before the current line (no match crosses a line break)
    for line in _LINE.finditer(text):
        start, end = line.span()
        seen = bisect_left(upper_starts, start, seen)
        upper = bisect_left(upper_starts, end, seen) - seen
        if upper >= 2 and upper >= 0.8 * len(_LETTERED_WORD.findall(text, start, end)):
            spans.append((start, end))
    return spans


def _in_ranges(ranges: list[tuple[int, int]], offset: int) -> bool:
    index = bisect_right(ranges, (offset, len(ranges) and 1 << 62)) - 1
    return index >= 0 and ranges[index][0] <= offset < ranges[index][1]


def capitalised_runs(text: str, tokens: list[Token]) -> list[list[int]]:
    """Indexes of runs of capitalised tokens separated only by spaces (connectors allowed inside).

    "Republic of Korea" is one run; "Australia, Japan" are two; a trailing connector is dropped.
    """
    runs: list[list[int]] = []
    current: list[int] = []
    for index, token in enumerate(tokens):
        joined = bool(current) and _GAP.fullmatch(text, tokens[current[-1]].end, token.start)
        if token.cap:
            if not joined:
                _close(runs, current, tokens)
                current = []
            current.append(index)
        elif joined and token.key in _CONNECTORS and not token.caps_line:
            current.append(index)
        else:
            _close(runs, current, tokens)
            current = []
    _close(runs, current, tokens)
    return runs


def _close(runs: list[list[int]], current: list[int], tokens: list[Token]) -> None:
    while current and not tokens[current[-1]].cap:
        current.pop()
    if current:
        runs.append(list(current))


# --- parsing one run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What a run is parsed against: the lexicon, the document's tokens and its defined acronyms."""

    lex: Lexicon
    tokens: list[Token]
    extra: dict[str, tuple[str, str]]
    #: the words the document writes in lower case somewhere: its common words
    lower: frozenset[str] = frozenset()
    text: str = ""


def _name_like(token: Token, lex: Lexicon, *, after_title: bool = False) -> bool:
    """Whether ``token`` can be a word of a person's name."""
    key = token.key
    if not token.cap or token.digit or token.caps_line:
        return False
    if token.upper and len(token.text) > 1 and not token.text.endswith("."):
        return False
    if (
        key in lex.function_words
        or key in lex.dates
        or key in lex.generic
        or key in lex.titles
        or key in lex.honorifics
        or key in lex.org_suffixes
        or key in lex.demonyms
        or (key in lex.facilities and key not in lex.last_names)  # "Rose Garden", "Key Bridge"
    ):
        return False
    place = lex.place(key)
    if place is None:
        return True
    # A city or state may be a surname after a title ("Secretary Austin"); a country may not.
    return after_title and place[1] == "GPE" and key not in lex.countries


def _gazetteer_match(run: list[int], p: int, ctx: _Context) -> tuple[int, tuple[str, str]] | None:
    """The longest gazetteer phrase starting at ``run[p]``: ``(last position, (canonical, label))``."""
    tokens = ctx.tokens
    if tokens[run[p]].key in _CONNECTORS and tokens[run[p]].key != "the":
        return None
    best = None
    key = ""
    prefixes = ctx.lex.prefixes
    for q in range(p, min(len(run), p + ctx.lex.max_phrase_words)):
        key = f"{key} {tokens[run[q]].key}" if key else tokens[run[q]].key
        found = ctx.extra.get(key) or ctx.lex.place(key)
        if found is not None and tokens[run[q]].key not in _CONNECTORS:
            best = (q, found)
        if key not in prefixes and not any(phrase.startswith(key + " ") for phrase in ctx.extra):
            break
    return best


def _org_match(run: list[int], p: int, ctx: _Context) -> tuple[int, str] | None:
    """An organisation (or place, or event) by its shape, starting at ``run[p]``.

    "... Council", "Ministry of ..." are organisations, "... Street" a place, "... Cup" an event
    (MISC): the label comes from the last such word. Returns ``(last position, label)``.
    """
    lex, tokens = ctx.lex, ctx.tokens
    first = tokens[run[p]]
    if first.key in _CONNECTORS or first.key in lex.honorifics or first.key in lex.function_words:
        return None
    if first.key in lex.titles and first.key not in lex.org_heads:
        return None  # "Head of the Office ...", "President of the European Council": titles
    end, label = None, "ORG"
    if p + 1 < len(run) and tokens[run[p + 1]].key == "of":
        if first.key in lex.org_heads:
            end = p
        elif lex.suffix_labels.get(first.key) == "LOC":
            end, label = p, "LOC"  # "Gulf of Finland", "Island of Sakhalin"
    for q in range(p + 1, len(run)):
        token = tokens[run[q]]
        if token.key in lex.dates or (
            token.key in lex.first_names and _person_follows(run, q, ctx)
        ):
            break
        if token.key == "and" and _and_separates(run, p, q, end, ctx):
            break
        if token.key in lex.suffix_labels and token.cap:
            end, label = q, lex.suffix_labels[token.key]
    if end is None:
        return None
    # "Ministry of Defence of Ukraine", "Federal Service for Veterinary and Phytosanitary
    # Supervision": carry on over "of" and "for" phrases.
    q = end + 1
    while q + 1 < len(run) and tokens[run[q]].key in ("of", "for"):
        last = _office_phrase_end(run, q + 1, ctx)
        if last is None:
            break
        end = q = last
        q += 1
    return (end, label) if end > p or tokens[run[p]].upper else None


def _and_separates(run: list[int], p: int, q: int, end: int | None, ctx: _Context) -> bool:
    """Whether the "and" at ``run[q]`` joins two names rather than two words of one.

    It does after a complete name ("X Office and Y Commission") or a place ("X of Ukraine and the
    Y Ministry"), and before "the" or a title ("Denys Shmyhal and Head of the Office ..."): an
    organisation's name says "Ministry of Education and Science", not "... and the ...".
    """
    if end == q - 1 or _place_before(run, p, q - 1, ctx):
        return True
    following = ctx.tokens[run[q + 1]] if q + 1 < len(run) else None
    if following is None or following.key == "the":
        return True
    return following.key in ctx.lex.titles and following.key not in ctx.lex.org_suffixes


def _office_phrase_end(run: list[int], r: int, ctx: _Context) -> int | None:
    """Last position of the phrase after an organisation's "of"/"for" at ``run[r]``, or ``None``.

    A place ends the phrase ("Office of the President of Ukraine", not "... of Ukraine Andriy
    Yermak"); so does a person's name or a title after its first word ("Central Bank Governor").
    A date, a number or a numeral is no part of a name ("Council of February", "Rada of the IX").
    """
    lex, tokens = ctx.lex, ctx.tokens
    if tokens[run[r]].key == "the" and r + 1 < len(run):
        r += 1
    head = tokens[run[r]]
    if not head.cap or head.key in lex.dates or head.digit or _ROMAN.fullmatch(head.text):
        return None
    place = _gazetteer_match(run, r, ctx)
    if place is not None:
        return place[0]
    last = r
    while last + 1 < len(run):
        step = 1
        if tokens[run[last + 1]].key == "and" and last + 2 < len(run):
            step = 2  # "for Veterinary and Phytosanitary Supervision"; not "... and Ukraine"
            if _gazetteer_match(run, last + 2, ctx) is not None:
                break
        following = tokens[run[last + step]]
        if not following.cap or following.key in lex.dates or following.digit:
            break
        title_word = following.key in lex.titles and following.key not in lex.org_suffixes
        if title_word and head.key not in lex.title_words:
            break  # "Central Bank Governor"; but "Office of the Prosecutor General"
        if following.key in lex.first_names and _person_follows(run, last + step, ctx):
            break
        last += step
    return last


def _place_before(run: list[int], p: int, q: int, ctx: _Context) -> bool:
    """Whether a gazetteer name starting at one of ``run[p..q]`` ends exactly at ``run[q]``."""
    for start in range(max(p, q - 3), q + 1):
        match = _gazetteer_match(run, start, ctx)
        if match is not None and match[0] == q:
            return True
    return False


def _person_follows(run: list[int], q: int, ctx: _Context) -> bool:
    return q + 1 < len(run) and _name_like(ctx.tokens[run[q + 1]], ctx.lex)


def _name_end(run: list[int], p: int, ctx: _Context, *, after_title: bool) -> int | None:
    """Last position of a person's name starting at ``run[p]`` (up to four words), or ``None``."""
    tokens, lex = ctx.tokens, ctx.lex
    if p >= len(run) or not _name_like(tokens[run[p]], lex, after_title=after_title):
        return None
    end = p
    q = p + 1
    seen = {tokens[run[p]].key}
    while q < len(run) and q - p < 5:
        token = tokens[run[q]]
        if token.key in _NAME_PARTICLES and q + 1 < len(run):
            q += 1  # "van der Westhuizen": particles join the words around them
            continue
        if token.key in seen or not _name_like(token, lex, after_title=True):
            break  # "Alexander Lukashenko Lukashenko Alexander": a caption repeats the name
        seen.add(token.key)
        end = q
        q += 1
    return end


def _title_match(run: list[int], p: int, ctx: _Context) -> tuple[int, int, str] | None:
    """A title at ``run[p]``: ``(last title position, last "of ..." position, title key)``.

    "Secretary General" -> key "secretary general"; "Secretary of Defense" -> "secretary of
    defense"; "President of Belarus" -> key "president", with "of Belarus" left for the qualifier.
    """
    lex, tokens = ctx.lex, ctx.tokens
    words = lex.title_words
    last_head = None
    q = p
    if tokens[run[p]].key in lex.honorifics:
        # "Mr Vice President", "Madam Secretary": the title after the honorific is the office.
        following = _title_match(run, p + 1, ctx) if p + 1 < len(run) else None
        return following or (p, p, tokens[run[p]].key.rstrip("."))
    while q < len(run) and tokens[run[q]].key in words and tokens[run[q]].cap:
        if tokens[run[q]].key in lex.titles:
            last_head = q
        q += 1
    if last_head is None:
        return None
    key_words = [tokens[run[i]].key.replace("-", " ") for i in range(p, last_head + 1)]
    end = last_head
    # "Secretary of Defense", "Minister of Foreign Affairs": a field of office, part of the title.
    q = last_head + 1
    if q + 1 < len(run) and tokens[run[q]].key == "of":
        r = q + 1
        field_words = []
        while r < len(run) and tokens[run[r]].key in lex.title_modifiers and tokens[run[r]].cap:
            field_words.append(tokens[run[r]].key)
            r += 1
        if field_words and lex.place(" ".join(field_words)) is None:
            key_words += ["of", *field_words]
            end = r - 1
    return (last_head, end, " ".join(key_words))


def parse_run(run: list[int], ctx: _Context) -> list[Candidate]:
    """Split one capitalised run into typed candidates, left to right, longest match first."""
    lex, tokens = ctx.lex, ctx.tokens
    out: list[Candidate] = []
    p = 0
    while p < len(run):
        token = tokens[run[p]]
        key = token.key
        gazetteer = _gazetteer_match(run, p, ctx)  # "The Hague" starts with a connector
        if (key in _CONNECTORS and gazetteer is None) or not token.cap:
            p += 1
            continue
        options: list[tuple[int, int, str]] = []  # (last position, priority, kind)
        if gazetteer is not None:
            options.append((gazetteer[0], 6, "gazetteer"))
        if token.caps_line:
            if gazetteer is not None:
                out.append(_entity(run, p, gazetteer[0], ctx, *gazetteer[1], "gazetteer"))
                p = gazetteer[0] + 1
            else:
                p += 1
            continue
        org = _org_match(run, p, ctx)
        if org is not None:
            options.append((org[0], 4, "org"))
        title = _title_match(run, p, ctx)
        titled: list[Candidate] = []
        title_next = p
        if title is not None:
            # Parse the title with its "of ..." office and the name after it, to know how far it
            # reaches: "Head of the Office of the President" is a title, not an organisation.
            before = out[-1] if out and p > 0 and out[-1].end == tokens[run[p - 1]].end else None
            qualifier = _qualifier_of(before, lex) if before is not None else ""
            title_next = _parse_title(run, p, title, ctx, titled, qualifier)
            options.append((title_next - 1, 5, "title"))
        if key in lex.first_names and not token.upper:
            name_end = _name_end(run, p + 1, ctx, after_title=True)
            if name_end is not None:
                options.append((name_end, 3, "first_name"))
        if not options:
            p = _simple(run, p, ctx, out)
            continue
        last, _, kind = max(options, key=lambda option: (option[0], option[1]))
        if kind == "gazetteer" and gazetteer is not None:
            canonical, label = gazetteer[1]
            out.append(_entity(run, p, last, ctx, canonical, label, "gazetteer"))
            p = last + 1
        elif kind == "org" and org is not None:
            out.append(_entity(run, p, last, ctx, _text(run, p, last, ctx), org[1], "org"))
            p = last + 1
        elif kind == "title":
            out.extend(titled)
            p = title_next
        else:
            out.append(_entity(run, p, last, ctx, _text(run, p, last, ctx), "PERSON", "first_name"))
            p = last + 1
    return out


def _qualifier_of(candidate: Candidate, lex: Lexicon) -> str:
    if candidate.kind != "entity":
        return ""
    if candidate.label == "NORP":
        return lex.demonyms.get(phrase_key(candidate.canonical), ("", ""))[1]
    return candidate.canonical if candidate.label in ("GPE", "ORG") else ""


def _parse_title(
    run: list[int],
    p: int,
    title: tuple[int, int, str],
    ctx: _Context,
    out: list[Candidate],
    qualifier: str,
) -> int:
    """Emit the person after a title, or a role mention; return the next position to parse."""
    lex, tokens = ctx.lex, ctx.tokens
    last_head, end, key = title
    q = end + 1
    # "President of Belarus Alexander Lukashenko": the office's country or organisation.
    if q + 1 < len(run) and tokens[run[q]].key == "of":
        r = q + 1 + (tokens[run[q + 1]].key == "the" and q + 2 < len(run))
        place = _gazetteer_match(run, r, ctx)
        org = _org_match(run, r, ctx)
        if org is not None and (place is None or org[0] > place[0]):
            out.append(_entity(run, r, org[0], ctx, _text(run, r, org[0], ctx), org[1], "org"))
            qualifier, q = out[-1].canonical, org[0] + 1
        elif place is not None:
            out.append(_entity(run, r, place[0], ctx, *place[1], "gazetteer"))
            qualifier, q = place[1][0], place[0] + 1
        elif tokens[run[r]].cap:
            # "Head of the Republic of Tatarstan": an office this parser cannot name. Say so, so
            # that the role is never taken for another "Head"'s; the words are parsed on as usual.
            owner = _text(run, r, len(run) - 1, ctx)
            qualifier = _possessive_office(run, owner, ctx) or UNKNOWN_OFFICE + owner
    name_end = _name_end(run, q, ctx, after_title=True)
    if name_end == q and not _may_be_surname(tokens[run[q]], ctx):
        name_end = None  # "Chair of the European Parliament Delegation": no one's name
    honorific = last_head == p and tokens[run[p]].key in lex.honorifics  # "Mr" alone
    plural = tokens[run[last_head]].key.endswith("s") and not honorific
    if name_end is not None and not plural:
        text = _text(run, q, name_end, ctx)
        out.append(
            _entity(
                run,
                q,
                name_end,
                ctx,
                text,
                "PERSON",
                "title",
                title="" if honorific else key,
                qualifier="" if honorific else qualifier,
            )
        )
        return name_end + 1
    if (
        not honorific
        and not plural
        and not _in_a_title(run[p], ctx)
        and not _names_a_thing(run[end], ctx)
    ):
        start, stop = tokens[run[p]].start, tokens[run[end]].end
        out.append(
            Candidate(start, stop, "PERSON", key, kind="role", title=key, qualifier=qualifier)
        )
    return max(q, end + 1)


_POSSESSIVE_GAPS = frozenset({"'s ", "’s "})


def _possessive_office(run: list[int], owner: str, ctx: _Context) -> str:
    """ "Office of the President" for "the President's Office" ending ``run``, else ``""``: the
    possessive ends the capitalised run, so the office is the word after it."""
    tokens = ctx.tokens
    following = run[-1] + 1
    if following >= len(tokens) or tokens[following].key not in ctx.lex.org_suffixes:
        return ""
    if ctx.text[tokens[run[-1]].end : tokens[following].start] not in _POSSESSIVE_GAPS:
        return ""
    return f"{tokens[following].text} of the {owner}"


def _names_a_thing(index: int, ctx: _Context) -> bool:
    """Whether the title at ``tokens[index]`` opens the name of a thing with a possessive: "the
    President's Council on Sports", "the President's Cup", "the Prime Minister's Office" name a
    body or an event, no one; "the President's Press Secretary" still speaks of the president."""
    tokens = ctx.tokens
    following = index + 1
    if following >= len(tokens) or not tokens[following].cap:
        return False
    if ctx.text[tokens[index].end : tokens[following].start] not in _POSSESSIVE_GAPS:
        return False
    key = tokens[following].key
    return key not in ctx.lex.titles and key not in ctx.lex.title_modifiers


def _in_a_title(index: int, ctx: _Context) -> bool:
    """Whether the title at ``tokens[index]`` ends a longer title: "Adviser to the Head of ...",
    a mention of the adviser, not of the head."""
    tokens = ctx.tokens
    back = index - 1
    if back >= 0 and tokens[back].key == "the":
        back -= 1
    return (
        back >= 1
        and tokens[back].key == "to"
        and tokens[back - 1].cap
        and tokens[back - 1].key in ctx.lex.titles
    )


#: Starts the qualifier of a role whose office the parser could not name ("Head of the Republic
#: of Tatarstan"): such a role matches no other office.
UNKNOWN_OFFICE = "?"


def _may_be_surname(token: Token, ctx: _Context) -> bool:
    """Whether one word after a title can be a surname ("President Zelenskyy", "Patriarch
    Kirill"): not a word the document writes in lower case, nor shaped like a common noun
    ("Delegation") or the last word of an organisation's or event's name ("Order", "Council")
    unless the name lists know it."""
    if token.key in ctx.lower:
        return False
    known = token.key in ctx.lex.last_names or token.key in ctx.lex.first_names
    if not known and token.key in ctx.lex.suffix_labels:
        return False  # "Executive Order", "Presidential Council": a name's last word, no one
    return known or not token.key.endswith(_COMMON_NOUN_ENDINGS)


def _simple(run: list[int], p: int, ctx: _Context, out: list[Candidate]) -> int:
    """Demonyms, acronyms and unknown capitalised words; skip the rest. Returns the next position."""
    lex, tokens = ctx.lex, ctx.tokens
    token = tokens[run[p]]
    key = token.key
    if p + 1 < len(run) and f"{key} {tokens[run[p + 1]].key}" in lex.demonyms:
        demonym = lex.demonyms[f"{key} {tokens[run[p + 1]].key}"][0]
        out.append(_entity(run, p, p + 1, ctx, demonym, "NORP", "demonym"))
        return p + 2
    if key in lex.demonyms:
        out.append(_entity(run, p, p, ctx, lex.demonyms[key][0], "NORP", "demonym"))
        return p + 1
    if key in lex.dates or key in lex.function_words or key in lex.generic or token.digit:
        return p + 1
    if key in lex.titles or key in lex.title_modifiers or key in lex.honorifics:
        return p + 1
    if _ROMAN.fullmatch(token.text):
        # "World War II", "Nicholas II": a numeral belongs to the name before it.
        previous = tokens[run[p - 1]] if p > 0 else None
        if out and previous is not None and out[-1].end == previous.end:
            out[-1] = replace(out[-1], end=token.end, canonical=f"{out[-1].canonical} {token.text}")
        return p + 1
    if "-" in key and all(part in lex.demonyms for part in key.split("-")):
        return p + 1  # "Russian-Belarusian talks": an adjective of two nations, no entity
    if token.upper and not token.text.endswith("."):
        out.append(_entity(run, p, p, ctx, token.text, "ORG", "acronym"))
        return p + 1
    end = p
    while end + 1 < len(run):
        following = tokens[run[end + 1]]
        if following.key in _NAME_PARTICLES:
            after = end + 1
            while after < len(run) and tokens[run[after]].key in _NAME_PARTICLES:
                after += 1
            if after == len(run) or not _name_like(tokens[run[after]], lex):
                break
            end = after
            continue
        if not _name_like(following, lex) and following.key not in lex.org_suffixes:
            break
        if any(tokens[run[i]].key == following.key for i in range(p, end + 1)):
            break  # a repeated word starts a second name ("Kirill Kirill")
        person_starts = following.key in lex.first_names and end + 2 < len(run)
        if person_starts and _name_like(tokens[run[end + 2]], lex, after_title=True):
            break  # "Higher Education Valery Falkov": a person starts at the first name
        end += 1
    if not _name_like(token, lex) and end == p:
        return p + 1
    out.append(
        _entity(run, p, end, ctx, _text(run, p, end, ctx), "MISC", "unknown", kind="unknown")
    )
    return end + 1


def _text(run: list[int], p: int, q: int, ctx: _Context) -> str:
    """The words of ``run[p..q]`` joined by single spaces (the canonical form of a new name)."""
    return " ".join(ctx.tokens[run[i]].text for i in range(p, q + 1)).replace("’", "'")


def _entity(
    run: list[int],
    p: int,
    q: int,
    ctx: _Context,
    canonical: str,
    label: str,
    evidence: str,
    **fields: str,
) -> Candidate:
    """The candidate spanning ``run[p..q]`` (``fields``: its other fields, such as ``kind``)."""
    return Candidate(
        ctx.tokens[run[p]].start,
        ctx.tokens[run[q]].end,
        label,
        canonical,
        evidence=evidence,
        **fields,
    )


# --- acronyms defined in the text --------------------------------------------------------------

_ACRONYM_IN_BRACKETS = re.compile(r"\(([A-Z][A-Za-z&-]{1,9})\)")
_EXPANSION_WORD = re.compile(r"[A-Z][\w'’-]*|of|the|and|for|on|in|de|with|to|against")
_SKIPPABLE = frozenset({"of", "the", "and", "for", "on", "in", "de", "&", "with", "to", "against"})


def spells(acronym: str, words: list[str]) -> bool:
    """Whether ``acronym`` is made of prefixes of ``words`` in order ("SACEUR": Supreme Allied
    Commander Europe); small words may be skipped or give their first letter."""
    if not words:
        return not acronym
    word, rest = words[0], words[1:]
    if word.lower() in _SKIPPABLE and spells(acronym, rest):
        return True
    for length in range(1, min(len(word), len(acronym), 4) + 1):
        if word[:length].lower() != acronym[:length].lower():
            break
        if spells(acronym[length:], rest):
            return True
    return False


def defined_acronyms(text: str, lex: Lexicon) -> dict[str, tuple[str, str]]:
    """Acronyms the text defines, "Supreme Allied Commander Europe (SACEUR)", as gazetteer entries.

    Both the acronym and its expansion map to one canonical name: the curated one if the lexicon
    knows either, otherwise the expansion. The label is the lexicon's, otherwise MISC for an
    expansion that ends like an event, law or pact ("... Act", "... Agreement") and ORG. An
    acronym that its expansion does not spell is an organisation, under its own name, when the
    name before it ends like one's ("Brazilian Landless Workers Movement (MST)").
    """
    found: dict[str, tuple[str, str]] = {}
    for match in _ACRONYM_IN_BRACKETS.finditer(text):
        acronym = match.group(1).replace("-", "")
        if sum(char.isupper() for char in acronym) < 2:
            continue
        words = _words_before(text, match.start())
        for first in range(len(words) - 1, -1, -1):
            candidate = words[first:]
            if not candidate[0][:1].isupper() or not spells(acronym, candidate):
                continue
            expansion = " ".join(candidate).replace("’", "'")
            listed = lex.place(phrase_key(match.group(1)))
            if (
                listed is not None
                and listed[1] in ("GPE", "LOC")
                and not set(phrase_key(listed[0]).split()) & set(phrase_key(expansion).split())
            ):
                # "Bloggers Association of Kenya (BAKE)" is no town called Bake; "Democratic
                # Republic of Congo (DRC)" is the listed country
                listed = None
            known = lex.place(phrase_key(expansion)) or listed
            # "North American Free Trade Agreement (NAFTA)" is a pact, not an organisation
            shape = lex.suffix_labels.get(phrase_key(candidate[-1]))
            entry = known or (expansion, "MISC" if shape == "MISC" else "ORG")
            found[phrase_key(expansion)] = entry
            found[phrase_key(match.group(1))] = entry
            break
        else:
            # "the Brazilian Landless Workers Movement (MST)": an organisation's name in English
            # before the acronym of its name in its own language
            acronym_key = phrase_key(match.group(1))
            if (
                _organisation_before(words, lex)
                and acronym_key not in found
                and lex.place(acronym_key) is None
            ):
                # by its own letters: the words before may be cut ("Australian|Stock Exchange")
                found[acronym_key] = (match.group(1), "ORG")
    return found


def _organisation_before(words: list[str], lex: Lexicon) -> bool:
    """Whether ``words`` (capitalised and small linking words, as :func:`_words_before` reads
    them) end with an organisation's name: two words or more from the first capitalised one,
    the last a word that ends organisations' names ("Movement", "Party")."""
    capitalised = [index for index, word in enumerate(words) if word[:1].isupper()]
    return (
        bool(capitalised)
        and len(words) - capitalised[0] >= 2
        and phrase_key(words[-1]) in lex.org_suffixes
    )


def _words_before(text: str, end: int, limit: int = 10) -> list[str]:
    """Up to ``limit`` capitalised words (and small linking words) that end just before ``end``."""
    words: list[str] = []
    position = end
    while len(words) < limit:
        gap_end = position
        while position > 0 and text[position - 1] in " \u00a0":
            position -= 1
        if position == gap_end and words:
            break
        start = position
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            start -= 1
        word = text[start:position]
        if not word or not _EXPANSION_WORD.fullmatch(word):
            break
        words.insert(0, word)
        position = start
    return words


# --- typing unknown words from the rest of the document ---------------------------------------


def type_unknowns(
    candidates: list[Candidate],
    tokens: list[Token],
    lex: Lexicon,
    text: str,
    lower_keys: frozenset[str] | None = None,
) -> list[Candidate]:
    """Give each ``unknown`` candidate a type from document evidence, or drop it.

    Evidence, strongest first: a surname of a person named in full in the document; a word that
    also appears in lower case (a common noun: dropped); a sentence-initial word never seen
    capitalised elsewhere (dropped); the shape of a name (two or three name-like words, a known
    surname, a Slavic surname ending, a following "said"); otherwise MISC. ``lower_keys`` are
    the words ``text`` writes in lower case (computed when not given).
    """
    by_start = {token.start: index for index, token in enumerate(tokens)}
    by_end = {token.end: index for index, token in enumerate(tokens)}
    if lower_keys is None:
        lower_keys = document_lower_words(text)
    noninitial_caps = {token.key for token in tokens if token.cap and not token.initial}
    surnames = {
        phrase_key(c.canonical.split()[-1])
        for c in candidates
        if c.kind == "entity" and c.label == "PERSON" and len(c.canonical.split()) > 1
    }
    out = []
    for candidate in candidates:
        if candidate.kind != "unknown":
            out.append(candidate)
            continue
        first = by_start[candidate.start]
        words = tokens[first : by_end[candidate.end] + 1]
        head = words[0]
        doubtful = head.initial and head.key not in noninitial_caps and head.key not in surnames
        if doubtful and len(words) == 1:
            continue
        if doubtful and head.key in lower_keys:
            words = words[1:]
            candidate = replace(candidate, start=words[0].start, canonical=_join(words))
        keys = [word.key for word in words]
        if len(words) == 1 and (keys[0] in lower_keys or keys[0].endswith(_COMMON_NOUN_ENDINGS)):
            continue  # "Protection", "Evaluating": a common word, capitalised in a heading
        label = _unknown_label(words, keys, tokens, by_start, lex, surnames, text, lower_keys)
        out.append(replace(candidate, label=label, kind="entity", evidence="unknown"))
    return out


def _join(words: list[Token]) -> str:
    return " ".join(word.text for word in words).replace("’", "'")


def _unknown_label(
    words: list[Token],
    keys: list[str],
    tokens: list[Token],
    by_start: dict[int, int],
    lex: Lexicon,
    surnames: set[str],
    text: str,
    lower_keys: frozenset[str],
) -> str:
    """PERSON for name shapes, ORG for organisation words, else MISC.

    A word that the document also uses in lower case ("Large Construction" beside "construction")
    is a common word, so the phrase is no name.
    """
    if any(key in lex.org_suffixes for key in keys):
        return "ORG"
    if keys[-1] not in surnames and any(key in lower_keys for key in keys):
        return "MISC"
    if keys[-1] in surnames or keys[-1] in lex.last_names or keys[-1].endswith(_SLAVIC_ENDINGS):
        return "PERSON"
    after = by_start[words[-1].start] + 1
    speech = after < len(tokens) and tokens[after].key in _SPEECH_VERBS
    if speech and _ADJACENT.fullmatch(text, words[-1].end, tokens[after].start):
        return "PERSON"
    before = by_start[words[0].start] - 1
    preposition = before >= 0 and tokens[before].key in _PLACE_PREPOSITIONS
    if preposition and not _ADJACENT.fullmatch(text, tokens[before].end, words[0].start):
        preposition = False
    if len(words) == 1 and preposition and not tokens[before].cap:
        return "GPE"
    names = [word for word in words if word.key not in _NAME_PARTICLES]
    if 2 <= len(names) <= 3 and all(_name_like(word, lex) for word in names):
        return "PERSON"
    return "MISC"


#: Words a Title-Case headline leaves in lower case ("Florida Man with Murder Record in Custody").
_HEADLINE_SMALL = "a|an|the|of|in|on|at|to|for|and|or|but|with|by|from|as|vs|via|into|over|after|s"
_TITLE_CASE_WORD = r"(?:[A-Z][a-z][\w'’&-]*|[A-Z]\.(?:[A-Z]\.)+|[A-Z])"
_HEADLINE_GAP = rf"(?:[ \t]+(?:(?:{_HEADLINE_SMALL}|\d[\d,.%]*)[ \t]+)*|[ \t]*[-–—'’][ \t]*)"
#: Six or more Title-Case words with nothing but small words, numbers and spaces between them.
_TITLE_CASE_STRETCH = re.compile(
    rf"{_TITLE_CASE_WORD}(?:{_HEADLINE_GAP}{_TITLE_CASE_WORD}){{{HEADLINE_WORDS - 1},}}"
)


def title_case_stretches(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` written in Title Case for six words or more: headlines, lists of other
    stories' headlines, menus ("Scientists Confirm 2023 as Hottest Year Ever in the Making").
    There every word has a capital, so a capital says nothing about a name. All-capitals
    headlines are not matched (news agencies write names in them as in prose)."""
    return [match.span() for match in _TITLE_CASE_STRETCH.finditer(text)]


def lower_case_words(texts: Iterable[str]) -> set[str]:
    """Every word that starts with a lower-case letter somewhere in ``texts``: the common words."""
    words: set[str] = set()
    for text in texts:
        words.update(document_lower_words(text))
    return words


@lru_cache(maxsize=16)
def document_lower_words(text: str) -> frozenset[str]:
    """The words that start with a lower-case letter in one text (remembered for the last few
    texts: candidate extraction and the per-document results both ask)."""
    return frozenset(_LOWER_WORD.findall(text))


def extract_candidates(text: str, lex: Lexicon) -> list[Candidate]:
    """Every typed candidate in ``text``, in order, before surname and role resolution."""
    tokens = tokenize(text)
    lower = document_lower_words(text)
    ctx = _Context(lex, tokens, defined_acronyms(text, lex), lower, text)
    candidates: list[Candidate] = []
    for run in capitalised_runs(text, tokens):
        candidates += parse_run(run, ctx)
    return type_unknowns(candidates, tokens, lex, text, lower)
