"""Clean a raw news text: normalise characters, split off title, date and source, drop boilerplate.

The cleaned text is what every offset in the product refers to, so cleaning happens once, before
analysis, and only ever replaces characters one for one or removes whole lines. What it sees in
real press material:

- curly quotes, non-breaking and zero-width spaces, soft hyphens, bullets;
- a header of metadata lines before the story: "date 2023-10-11 Oct 11", "• 18 Oct. 2024 -",
  "• Last updated: 18 Oct. 2024 14:49", "27 November 2024, 11:27", "Source: NATO", "more";
- a title line, or none (then the text starts with the story itself);
- navigation boilerplate ("MORE HEADLINES", "Read more", "Share") anywhere in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from analysis.ingest.boilerplate import Removed, Scan, strip_boilerplate
from analysis.ingest.dates import (
    DateEvidence,
    DateMention,
    find_dates,
    infer_year,
    publication_evidence,
    slash_convention,
)

#: Characters replaced one for one so that analysis sees plain quotes and spaces.
CHARACTER_MAP = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",  # thin space
        "\u200a": " ",  # hair space
        "\u3000": " ",  # ideographic space
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2028": "\n",  # line separator
        "\u2029": "\n",  # paragraph separator
        "\u000b": "\n",
        "\u000c": "\n",
        "\u0085": "\n",
    }
)
#: Invisible characters removed outright.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\x00"), None)
#: Every character :data:`CHARACTER_MAP` replaces or :data:`_INVISIBLE` drops, as a character
#: class: replacing only what it finds scans a text in C instead of looking every character up
#: (``str.translate`` with a dict was a fifth of loading ua-ru-press).
_REPLACEMENTS = {
    chr(code): "" if value is None else (value if isinstance(value, str) else chr(value))
    for code, value in {**CHARACTER_MAP, **_INVISIBLE}.items()
}
_MAPPED = re.compile("[" + "".join(map(re.escape, _REPLACEMENTS)) + "]")


def _mapped(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


_BULLET = re.compile(r"^\s*[•◦▪▫‣⁃●○■□–—*·-]+\s+|^\s*[•◦▪▫‣⁃●○■□·]+\s*")
_SPACES = re.compile(r" {2,}")

#: Whole lines that are navigation or page furniture, never content (compared case-insensitively).
BOILERPLATE_LINES = frozenset(
    {
        "more",
        "more headlines",
        "read more",
        "read more:",
        "see more",
        "share",
        "share this",
        "share this article",
        "print",
        "print this page",
        "related",
        "related articles",
        "related news",
        "top of page",
        "back to top",
        "advertisement",
        "|",
        "-",
        "--",
        "...",
    }
)
_BOILERPLATE_PATTERNS = (
    re.compile(r"^(?:last\s+)?updated\s*:?.{0,40}$", re.I),
    re.compile(r"^(?:published|posted|posted on|published on)\s*:?.{0,40}$", re.I),
    re.compile(r"^(?:more|other)\s+(?:headlines|news|stories)\b.{0,20}$", re.I),
)
_SOURCE_LINE = re.compile(r"^(?:source|sources|by|via)\s*:\s*(?P<source>.{1,80})$", re.I)
_DATE_WORDS = re.compile(
    r"\b(?:date|dated|on|at|am|pm|gmt|utc|cet|cest|edt|est|updated|last|published|posted)\b|"
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b|[\W_]",
    re.I,
)

#: A title has at most this many words and does not end like a sentence.
TITLE_MAX_WORDS = 30


@dataclass(frozen=True)
class CleanedText:
    """The result of cleaning one raw text.

    ``text`` is the cleaned text (title first, if any, then the body); ``header_dates`` are the
    dates of the removed date-stamp lines (their offsets are within their own line, which is no
    longer in ``text``); ``removed_lines`` lists every line that was dropped, for the record.
    """

    text: str
    title: str = ""
    source: str = ""
    header_dates: tuple[DateMention, ...] = field(default_factory=tuple)
    removed_lines: tuple[str, ...] = field(default_factory=tuple)


def normalise_characters(text: str) -> str:
    """Replace typographic quotes and unusual spaces, drop invisible characters, tidy spaces.

    Each line is stripped at both ends and runs of spaces become one space; line structure stays.
    """
    text = _MAPPED.sub(_mapped, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def strip_bullet(line: str) -> str:
    """Remove a leading list bullet ("• ", "- ", "* ") from a line."""
    return _BULLET.sub("", line, count=1).strip()


def is_boilerplate(line: str) -> bool:
    """Whether a (stripped) line is navigation or page furniture rather than content."""
    lowered = line.strip().lower()
    if not lowered:
        return False
    if lowered in BOILERPLATE_LINES:
        return True
    if all(not char.isalnum() for char in lowered):
        return True  # "|", "* * *", "---"
    return any(pattern.match(lowered) for pattern in _BOILERPLATE_PATTERNS)


def date_line(line: str) -> tuple[DateMention, ...]:
    """The dates of a line that is only a date stamp ("date 2023-10-11 Oct 11", "18 Oct. 2024 -").

    Returns an empty tuple when the line says more than a date (then it is content, not header).
    """
    if len(line) > 80:
        return ()
    dates = find_dates(line)
    if not dates:
        return ()
    rest = line
    for mention in reversed(dates):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    leftover = _DATE_WORDS.sub(" ", rest).split()
    return tuple(dates) if not leftover else ()


def looks_like_title(line: str) -> bool:
    """A title is short, starts with a capital, a digit or a brand written in camel case
    ("iPhone 16 review", "eBay sells ..."), and does not end like a sentence, unless it is written
    in headline case ("Trump Jr. Meets Putin Again.").

    Full stops inside ("U.S. sanctions", "Mr. Putin") do not matter.
    """
    words = line.split()
    if not words or len(words) > TITLE_MAX_WORDS:
        return False
    first = words[0]
    camel_brand = first[0].islower() and any(char.isupper() for char in first[1:])
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'" or camel_brand):
        return False
    stripped = line.rstrip("\"')]")
    if stripped.endswith((",", ";", ":")):
        return False
    if stripped.endswith(".") and not stripped.endswith("..."):
        return _headline_case(words)
    return True


def _headline_case(words: list[str]) -> bool:
    """Whether most longer words are capitalised, as in headlines and unlike sentences."""
    longer = [word for word in words if len(word.strip("\"'.,:;!?()")) >= 4]
    capitalised = [word for word in longer if word.strip("\"'(")[:1].isupper()]
    return len(longer) >= 2 and len(capitalised) >= 0.7 * len(longer)


def unwrap_hard_wrapped(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs (newswire style, ~70 characters a line).

    A text counts as hard-wrapped when most of its lines are between 40 and 80 characters long. A
    line break is then kept only before a blank or indented line (a new paragraph) and after a line
    that ends a sentence and is clearly short; other breaks become spaces (one for one, so offsets
    into the result stay simple).
    """
    lines = text.split("\n")
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < 5 or sum(40 <= n <= 80 for n in lengths) < 0.7 * len(lengths):
        return text
    joined: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        new_paragraph = (
            not line.strip()
            or not following.strip()
            or following[:1].isspace()
            or len(line.rstrip()) < 40
        )
        joined.append(line + ("\n" if new_paragraph or index + 1 == len(lines) else " "))
    return "".join(joined).rstrip("\n") if not text.endswith("\n") else "".join(joined)


def clean_text(raw: str, *, guess_title: bool = True) -> CleanedText:
    """Clean one raw text (see the module docstring for what is handled).

    With ``guess_title`` false (the title is known from metadata), the first line is never taken
    for a title.
    """
    lines = [
        strip_bullet(line) for line in normalise_characters(unwrap_hard_wrapped(raw)).split("\n")
    ]
    removed: list[str] = []
    kept: list[str] = []
    source = ""
    title = ""
    header_dates: list[DateMention] = []
    in_header = True  # until the first line of the story itself
    for index, line in enumerate(lines):
        if not line:
            kept.append(line)
            continue
        if in_header:
            dates = date_line(line)
            if dates:
                header_dates.extend(dates)
                removed.append(line)
                continue
            source_match = _SOURCE_LINE.match(line)
            if source_match and not source:
                source = source_match.group("source").strip()
                removed.append(line)
                continue
        if is_boilerplate(line):
            removed.append(line)
            continue
        if in_header and guess_title and not title and _is_title(lines, index):
            title = line
        else:
            in_header = False
        kept.append(line)
    return CleanedText(
        text=_join_paragraphs(kept),
        title=title,
        source=source,
        header_dates=tuple(header_dates),
        removed_lines=tuple(removed),
    )


def _is_title(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` is a title: title-shaped, and followed by a story.

    The next content line must not continue it (a lower-case start means a wrapped sentence), and
    some later line must be prose (eight words or more); a title-shaped line alone is a document
    that is a title only.
    """
    if not looks_like_title(lines[index]):
        return False
    after = [line for line in lines[index + 1 :] if line and not is_boilerplate(line)]
    if not after:
        # A document that is a title only: one title-shaped line, nothing after it.
        return not any(line for line in lines[:index] if line and not is_boilerplate(line))
    if after[0][:1].islower() and not looks_like_title(after[0]):
        return False
    return any(len(line.split()) >= 8 for line in after)


def _join_paragraphs(lines: list[str]) -> str:
    """Join lines, keeping at most one blank line between paragraphs and none at either end."""
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n ")


def header_date(cleaned: CleanedText) -> DateMention | None:
    """The document's own date: a header date line first, else the evidence in its text.

    The evidence (see :func:`~analysis.ingest.dates.publication_evidence`) is a stamp, dateline,
    trailer or social stamp, or a weekday and date of the event in the lead; a date the story
    merely mentions is not taken.
    """
    found = _evidence(cleaned, len(cleaned.title), None)
    return found[0] if found else None


@dataclass(frozen=True)
class FinishedText:
    """A document after corpus-level cleaning: its final ``text`` (what offsets refer to), its
    date and ``date_source``, the text that stated the date (``evidence``; ``evidence_start`` and
    ``evidence_end`` locate it in ``text``, or are -1 when it was a removed header line or
    furniture), and the furniture removed from it (each with where it stood in ``text``)."""

    text: str
    date: str = ""
    date_source: str = "none"
    evidence: str = ""
    evidence_start: int = -1
    evidence_end: int = -1
    removed: tuple[Removed, ...] = ()


def finish_corpus(
    cleaned: Sequence[CleanedText],
    *,
    sources: Sequence[str],
    given_dates: Sequence[date | None],
    fallback_dates: Sequence[date | None],
    url_dates: Sequence[date | None] | None = None,
    today: date | None = None,
    scans: Sequence[Scan] | None = None,
) -> list[FinishedText]:
    """Date every document and remove the corpus's furniture, in the order that keeps offsets:

    1. the date evidence of each cleaned text (a header date line, else
       :func:`~analysis.ingest.dates.publication_evidence`, reading slashed dates by the corpus's
       convention);
    2. furniture removed (:func:`~analysis.ingest.boilerplate.strip_boilerplate`, grouped by
       ``sources``; titles are kept), the evidence's offsets carried over;
    3. dates ranked: ``given_dates`` (metadata) > ``url_dates`` (a date the article's link
       writes: its first publication, where a text's stamp may be an update or a page's clock)
       > evidence with a year (``text``) > ``fallback_dates`` (file name) > a yearless evidence
       completed within the span of the corpus's other dates (``inferred``) > none.

    ``scans`` are the cleaned texts' :func:`~analysis.ingest.boilerplate.scan_text`, when the
    caller has made them (in parallel).
    """
    url_dates = list(url_dates) if url_dates is not None else [None] * len(cleaned)
    day_first = slash_convention(  # header date lines too: cleaning took them out of the text
        "\n".join((item.text, *item.removed_lines)) for item in cleaned
    )
    protect = [len(item.title) for item in cleaned]
    evidence = [
        _evidence(item, start, day_first) if given is None else None
        for item, start, given in zip(cleaned, protect, given_dates, strict=True)
    ]
    stripped = strip_boilerplate(
        [item.text for item in cleaned], sources, protect=protect, scans=scans
    )
    finished: list[FinishedText] = []
    yearless: dict[int, DateMention] = {}
    for index, (found, clean) in enumerate(zip(evidence, stripped, strict=True)):
        given = given_dates[index]
        mention, phrase, start, end = found if found else (None, "", -1, -1)
        if start >= 0:
            new_start, new_last = clean.map_offset(start), clean.map_offset(end - 1)
            start, end = (
                (new_start, new_last + 1)
                if new_start is not None and new_last is not None
                else (-1, -1)
            )
        if given is not None:
            day, source = given.isoformat(), "metadata"
            phrase, start, end = "", -1, -1
        elif url_dates[index] is not None:
            day, source = url_dates[index].isoformat(), "url"
            phrase, start, end = "", -1, -1
        elif mention is not None and mention.year is not None and mention.as_date():
            day, source = mention.as_date().isoformat(), "text"
        elif fallback_dates[index] is not None:
            day, source = fallback_dates[index].isoformat(), "filename"
            phrase, start, end = "", -1, -1
        else:
            day, source = "", "none"
            if mention is not None:
                yearless[index] = mention
        finished.append(FinishedText(clean.text, day, source, phrase, start, end, clean.removed))
    anchors = [date.fromisoformat(item.date) for item in finished if item.date]
    for index, mention in yearless.items():
        year = infer_year(mention, anchors, today=today)
        inferred = mention.as_date(year) if year is not None else None
        item = finished[index]
        if inferred is None:
            finished[index] = FinishedText(item.text, removed=item.removed)
        else:
            finished[index] = FinishedText(
                item.text,
                inferred.isoformat(),
                "inferred",
                item.evidence,
                item.evidence_start,
                item.evidence_end,
                item.removed,
            )
    return finished


def _evidence(
    cleaned: CleanedText, body_start: int, day_first: bool | None
) -> tuple[DateMention, str, int, int] | None:
    """The date evidence of one cleaned text: ``(mention, phrase, start, end)``, with offsets
    into ``cleaned.text`` or -1 when the phrase is a removed header line."""
    if cleaned.header_dates:
        line = next((line for line in cleaned.removed_lines if find_dates(line)), "")
        dates = list(cleaned.header_dates)
        if day_first is not None and any(d.order.endswith("?") for d in dates):
            # "05/06/2024" on a date line reads both ways: the corpus's other slashed dates
            # ("16/05/2024") say which, as they do for a date in the text
            dates = find_dates(line, slash_day_first=day_first) or dates
        with_year = [d for d in dates if d.year is not None]
        mention = (with_year or dates)[0]
        return mention, line, -1, -1
    found: DateEvidence | None = publication_evidence(
        cleaned.text, body_start=body_start, slash_day_first=day_first
    )
    if found is None:
        return None
    return found.mention, cleaned.text[found.start : found.end], found.start, found.end
