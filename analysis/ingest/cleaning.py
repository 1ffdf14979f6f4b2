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
from dataclasses import dataclass, field

from analysis.ingest.dates import DateMention, find_dates

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
    text = text.translate(CHARACTER_MAP).translate(_INVISIBLE)
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
    """A title is short, starts with a capital or digit, and does not end like a sentence."""
    words = line.split()
    if not words or len(words) > TITLE_MAX_WORDS:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'"):
        return False
    stripped = line.rstrip("\"')]")
    return not stripped.endswith((".", ",", ";", ":")) or stripped.endswith("...")


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
    some later line must be prose (eight words or more).
    """
    if not looks_like_title(lines[index]):
        return False
    after = [line for line in lines[index + 1 :] if line and not is_boilerplate(line)]
    if not after or after[0][:1].islower():
        return False
    return any(len(line.split()) >= 8 for line in after)


def _join_paragraphs(lines: list[str]) -> str:
    """Join lines, keeping at most one blank line between paragraphs and none at either end."""
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n ")


def header_date(cleaned: CleanedText, lead_chars: int = 600) -> DateMention | None:
    """The document's own date: a header date line first, else the first date in the opening.

    The opening is the first ``lead_chars`` characters of the cleaned text (title and lead
    paragraph), where press releases state when the event happened.
    """
    if cleaned.header_dates:
        with_year = [d for d in cleaned.header_dates if d.year is not None]
        return (with_year or list(cleaned.header_dates))[0]
    opening = find_dates(cleaned.text[:lead_chars])
    return opening[0] if opening else None
