"""Find page furniture in news texts and remove it, recording what was removed and where.

Two kinds of furniture, both removed wherever they sit in a paragraph:

- furniture of one outlet, found by the corpus: a line or sentence that recurs across several
  documents of one source, each time among different neighbours, is a page element (the approach
  of jusText/trafilatura-style cleaners and of Media Cloud's sentence de-duplication). Identical
  neighbours mean a reprinted story, which keeps its text;
- universal shapes (lists in ``analysis/data/boilerplate/``): share bars ("Facebook Twitter
  Google+ Whatsapp Tumblr ... Permalink"), "READ MORE:" teasers, promotional sentences, e-mail
  addresses, links to social posts (``pic.twitter.com/...``), print trailers ("(China Daily
  European Weekly 01/27/2017 page20)") and runs of footer links ("Privacy Policy | Terms &
  Conditions | Site Map").

Removal cuts whole spans and the space beside them; :class:`Stripped` maps offsets of the text
before to the text after, so that evidence found earlier (a date stamp) can still be pointed at.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.core.word_lists import read_entries, read_words

#: Reported speech, in a segment's (lower-case) key: a quotation or a verb of saying. A quote or
#: an attribution that recurs across a source's stories (a wire's running story, a template of
#: releases) is what an analyst counts, not page furniture, which quotes no one.
_REPORTED_SPEECH = re.compile(r"[“”\"]|\b(?:said|says|told|tells|added|according to)\b")
#: A segment must recur in at least this many documents of a source, and this share of them.
#: Three was too few: in uploads of 100 press releases, "Thank you very much." and a
#: spokesperson's attribution line recur in three or four releases as content.
MIN_DOCUMENTS = 5
MIN_SHARE = 0.05
#: ... among at least this many different pairs of neighbouring segments.
MIN_CONTEXTS = 3
#: ... and have at least this many words: a short formula ("Glory to Ukraine!", "Ladies and
#: Gentlemen!", "Thank you very much.") recurs in speeches as content, not as furniture.
MIN_WORDS = 5


@dataclass(frozen=True)
class Removed:
    """One removed piece: ``start`` is where it stood in the text after removal."""

    start: int
    text: str
    kind: str


@dataclass(frozen=True)
class Stripped:
    """A text with its furniture removed, what was removed, and the cuts for mapping offsets."""

    text: str
    removed: tuple[Removed, ...] = ()
    cuts: tuple[tuple[int, int], ...] = field(
        default=(), repr=False
    )  # (start, end) in the old text

    def map_offset(self, offset: int) -> int | None:
        """Where ``offset`` of the text before removal lies in :attr:`text`; ``None`` if cut."""
        shift = 0
        for start, end in self.cuts:
            if offset < start:
                break
            if offset < end:
                return None
            shift += end - start
        return offset - shift


_SHARE_WORDS = read_words("boilerplate", "share_words.txt")
_NETWORKS = read_words("boilerplate", "share_networks.txt")
_SHARE_TOKEN = re.compile(r"[\w+-]+")
_SEPARATOR = re.compile(r"^[\s|·•/,:;()\[\]–—-]*$")


def _cue_pattern(name: str) -> str:
    cues = sorted(read_entries("boilerplate", name), key=len, reverse=True)
    return "|".join(re.escape(cue).replace(r"\ ", r"\s+") for cue in cues)


_TEASER = re.compile(
    rf"(?<![\w])(?:{_cue_pattern('teaser_cues.txt')})\s*:\s*[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)",
    re.I,
)
_PROMO = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[.!?]\"\s))(?:{_cue_pattern('promo_cues.txt')})"
    r"[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)",
    re.I,
)
_EMAIL = re.compile(
    r"(?:\b(?:e-?mail|contact)\s*:?\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.I
)
_SOCIAL_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:"
    + "|".join(re.escape(host) for host in read_entries("boilerplate", "social_hosts.txt"))
    + r")/[^\s\"'<>]*",
    re.I,
)
_TRAILER = re.compile(
    r"\((?=[^()\n]{0,120}\)\s*$)[^()\n]*?\b(?:page|p\.)\s*[A-Z]?\d+[^()\n]*\)\s*$", re.I
)


_FOOTER_ENTRIES = tuple(read_entries("boilerplate", "footer_labels.txt"))


def _capitalised_label(label: str) -> str:
    """A footer label as a pattern: its first letter a capital (a footer writes "Help", prose
    writes "help"), the rest in any case, any white space between its words."""
    rest = re.escape(label[1:]).replace(r"\ ", r"\s+")
    return f"(?-i:{re.escape(label[0].upper())}){rest}"


#: A footer or navigation label (``footer_labels.txt``), and a run of two or more of them with
#: only separators between them.
_FOOTER_LABEL = (
    r"(?:"
    + "|".join(
        map(
            _capitalised_label,
            sorted(_FOOTER_ENTRIES, key=len, reverse=True),
        )
    )
    + r")(?![\w&-])"
)
_FOOTER_SEPARATOR = r"[\s|·•/,:;–—-]*"
_FOOTER_RUN = re.compile(
    rf"(?<![\w&-]){_FOOTER_LABEL}(?:{_FOOTER_SEPARATOR}{_FOOTER_LABEL})+"
    rf"|(?:^|(?<=\n))[ \t]*{_FOOTER_LABEL}[ \t]*(?=\n|$)",
    re.I,
)
#: What every footer run holds: a label, then a separator and a label, or the end of its line.
#: Each label is written as its capital first letter, then the rest in any case (what
#: :data:`_FOOTER_RUN` reads under ``(?-i:...)``): the pattern then begins with a literal letter,
#: so that ``re`` skips to the few capitals that could open one instead of trying every position.
#: A text without it has no footer run; with it, :data:`_FOOTER_RUN` still decides.
_FOOTER_SIGN_LABEL = (
    r"(?:"
    + "|".join(
        re.escape(label[0].upper()) + "(?i:" + re.escape(label[1:]).replace(r"\ ", r"\s+") + ")"
        for label in sorted(_FOOTER_ENTRIES, key=len, reverse=True)
    )
    + r")(?![\w&-])"
)
_FOOTER_SIGN = re.compile(
    rf"{_FOOTER_SIGN_LABEL}(?:{_FOOTER_SEPARATOR}{_FOOTER_SIGN_LABEL}|[ \t]*(?=\n|$))"
)
#: The footer labels, lower-case with single spaces: never a name ("Privacy Policy" is no one).
FOOTER_LABELS = frozenset(" ".join(label.lower().split()) for label in _FOOTER_ENTRIES)
#: Where a segment ends: a run of line breaks, or the space after a sentence's end mark (and its
#: closing quote or bracket) before a capital or a digit. Written to begin with the class of its
#: first character, so that ``re`` skips in one loop to the white space and closing marks where a
#: boundary can start; it finds what ``\n+|(?<=[.!?])["'”)]?\s+(?=["'“(]?[A-Z0-9])`` finds
#: (tests/ingest/test_boilerplate.py checks the two agree).
_SEGMENT_END = re.compile(
    r"[\s\"'”)](?:(?<=\n)\n*"
    r"|(?<=[.!?]\s)\s*(?=[\"'“(]?[A-Z0-9])"
    r"|(?<=[.!?][\"'”)])\s+(?=[\"'“(]?[A-Z0-9]))"
)


_TEASER_CUES = tuple(read_entries("boilerplate", "teaser_cues.txt"))
#: What every teaser holds, in lower case: a cue, then a colon (the lookbehind of :data:`_TEASER`
#: left out). Searched in the lower-cased text, where it finds what ``re.IGNORECASE`` would, except
#: in texts with the characters that fold to ASCII letters otherwise (:data:`_FOLDS_DIFFERENTLY`);
#: those are scanned with :data:`_TEASER` itself.
_TEASER_SIGN = re.compile(
    "(?:"
    + "|".join(
        re.escape(cue.lower()).replace(r"\ ", r"\s+")
        for cue in sorted(_TEASER_CUES, key=len, reverse=True)
    )
    + r")\s*:"
)
#: Text characters that ``re.IGNORECASE`` matches to ASCII letters although ``str.lower`` does
#: not lower them to those letters ("İ", "ı", "ſ").
_FOLDS_DIFFERENTLY = re.compile("[\u0130\u0131\u017f]")
_NETWORK_NAMES = tuple(sorted(_NETWORKS))
_PROMO_CUES = tuple(read_entries("boilerplate", "promo_cues.txt"))
_SOCIAL_HOSTS = tuple(f"{host}/" for host in read_entries("boilerplate", "social_hosts.txt"))


def universal_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, kind)`` of the universal furniture shapes in ``text``.

    Each shape's pattern runs only on texts holding one of its literal cues (a quick test), so
    that texts without furniture cost little.
    """
    lowered = text.lower()
    spans = []
    if _names_two_networks(lowered):
        spans.extend((start, end, "share_bar") for start, end in _share_bars(text))
    checks = (
        (_TEASER, "teaser", _may_hold_teaser(text, lowered)),
        (_PROMO, "promo", any(cue in lowered for cue in _PROMO_CUES)),
        (_EMAIL, "email", "@" in text),
        (_SOCIAL_LINK, "social_link", any(host in lowered for host in _SOCIAL_HOSTS)),
        (_TRAILER, "trailer", text.rstrip().endswith(")")),
        (_FOOTER_RUN, "footer", _FOOTER_SIGN.search(text) is not None),
    )
    for pattern, kind, present in checks:
        if present:
            spans.extend((m.start(), m.end(), kind) for m in pattern.finditer(text))
    return sorted(spans)


def _names_two_networks(lowered: str) -> bool:
    """Whether two network names occur in ``lowered``, anywhere (a share bar names two, as
    words): plain substring tests, which cost less than one scan for all names at once."""
    found = 0
    for name in _NETWORK_NAMES:
        if name in lowered:
            found += 1
            if found == 2:
                return True
    return False


def _may_hold_teaser(text: str, lowered: str) -> bool:
    """Whether ``text`` may hold a teaser: a cue followed by a colon (false means it holds none)."""
    if ":" not in text or not any(cue in lowered for cue in _TEASER_CUES):
        return False
    return _FOLDS_DIFFERENTLY.search(text) is not None or _TEASER_SIGN.search(lowered) is not None


def _share_bars(text: str) -> list[tuple[int, int]]:
    """Runs of three or more share labels, two of them network names, with only separators
    between them."""
    runs: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        names = {m.group().lower() for m in run} & _NETWORKS
        if len(run) >= 3 and len(names) >= 2:
            runs.append((run[0].start(), run[-1].end()))

    for token in _SHARE_TOKEN.finditer(text):
        if token.group().lower() in _SHARE_WORDS and (
            not run or _SEPARATOR.match(text[run[-1].end() : token.start()])
        ):
            run.append(token)
            continue
        close()
        run = [token] if token.group().lower() in _SHARE_WORDS else []
    close()
    return runs


def segments(text: str) -> list[tuple[int, int]]:
    """Lines and sentences of ``text`` as ``(start, end)`` spans, without surrounding space."""
    spans = []
    position = 0
    for boundary in [*_SEGMENT_END.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            start = position + len(piece) - len(piece.lstrip())
            spans.append((start, start + len(stripped)))
        position = boundary.end() if boundary else len(text)
    return spans


def _key(piece: str) -> str:
    return " ".join(piece.split()).lower()


def recurring_spans(
    texts: Sequence[str],
    groups: Sequence[str] | None = None,
    *,
    protect: Sequence[int] | None = None,
    scans: Sequence[Scan] | None = None,
) -> list[list[tuple[int, int]]]:
    """For each text, the spans of segments that recur across documents of its group.

    ``groups`` names each text's source (one group for all when ``None`` or empty); ``protect``
    gives, per text, a prefix (its title) that is never furniture. A segment counts when it has
    :data:`MIN_WORDS` words or more and occurs in at least :data:`MIN_DOCUMENTS` documents and
    :data:`MIN_SHARE` of its group, among at least :data:`MIN_CONTEXTS` different neighbours, and
    reports no speech (:data:`_REPORTED_SPEECH`).
    ``scans`` are the texts' :func:`scan_text`, when the caller has them (made in parallel).
    """
    groups = list(groups) if groups else [""] * len(texts)
    size: dict[str, int] = defaultdict(int)
    for group in groups:
        size[group] += 1
    per_text = []
    # First how many documents of its group hold each key of MIN_WORDS words or more (a set of
    # keys per text, counted in C), then the neighbours of the few keys that recur that often.
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    spaces = MIN_WORDS - 1  # (a key's words are parted by single spaces)
    for index, (text, group) in enumerate(zip(texts, groups, strict=True)):
        if scans is None:
            spans, keys = _keyed_segments(text)
        else:
            spans, keys = scans[index].segments, scans[index].keys
        per_text.append((spans, keys))
        counts[group].update({key for key in keys if key.count(" ") >= spaces})
    frequent: dict[str, set[str]] = {}
    for group, counted in counts.items():
        needed = max(MIN_DOCUMENTS, MIN_SHARE * size[group])
        keys_of_group = {key for key, documents in counted.items() if documents >= needed}
        if keys_of_group:
            frequent[group] = keys_of_group
    contexts: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for index, ((spans, keys), group) in enumerate(zip(per_text, groups, strict=True)):
        wanted = frequent.get(group)
        if not wanted or wanted.isdisjoint(keys):
            continue
        last = len(keys) - 1
        title_end = protect[index] if protect else 0
        for position, key in enumerate(keys):
            if key in wanted:
                # a title is no neighbour: copies of one story under different headlines do not
                # make its first sentence recur "among different neighbours"
                titled = position and spans[position - 1][1] <= title_end
                before = keys[position - 1] if position and not titled else ""
                after = keys[position + 1] if position < last else ""
                contexts[group, key].add((before, after))
    recurring = {
        group: {
            key
            for key in keys
            if len(contexts[group, key]) >= MIN_CONTEXTS and not _REPORTED_SPEECH.search(key)
        }
        for group, keys in frequent.items()
    }
    result = []
    for index, (spans, keys) in enumerate(per_text):
        found_keys = recurring.get(groups[index])
        if not found_keys:
            result.append([])
            continue
        floor = protect[index] if protect else 0
        result.append(
            [
                span
                for span, key in zip(spans, keys, strict=True)
                if key in found_keys and span[0] >= floor
            ]
        )
    return result


def remove_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> Stripped:
    """``text`` without ``spans`` (``(start, end, kind)``, may overlap), and the white space next
    to each cut, so that no double space, empty line or space at either end is left behind."""
    cuts: list[list] = []
    for start, end, kind in sorted(spans):
        if start >= end:
            continue
        while end < len(text) and text[end] in " \t":
            end += 1  # the space after the cut
        if end == len(text) or start == 0 or text[start - 1] == "\n":
            while end < len(text) and text[end].isspace():
                end += 1  # a whole line, or the opening: its line breaks too
        if end == len(text):
            while start > 0 and text[start - 1].isspace():
                start -= 1  # the closing: the space before it
        elif text[end] == "\n":
            while start > 0 and text[start - 1] in " \t":
                start -= 1  # the cut ends a line: the space before it
        if cuts and start <= cuts[-1][1]:
            cuts[-1][1] = max(cuts[-1][1], end)
            continue
        cuts.append([start, end, kind])
    pieces, removed, kept, position = [], [], 0, 0
    for start, end, kind in cuts:
        pieces.append(text[position:start])
        kept += start - position
        removed.append(Removed(kept, text[start:end].strip(), kind))
        position = end
    pieces.append(text[position:])
    return Stripped("".join(pieces), tuple(removed), tuple((s, e) for s, e, _ in cuts))


@dataclass(frozen=True)
class Scan:
    """What :func:`strip_boilerplate` reads from one text alone, before it compares the texts:
    its universal furniture (:func:`universal_spans`), its segments (:func:`segments`) and their
    keys (white space collapsed, lower case). Plain values, so that worker processes can make
    them for a large corpus in parallel."""

    universal: list[tuple[int, int, str]]
    segments: list[tuple[int, int]]
    keys: list[str]


def scan_text(text: str) -> Scan:
    """The :class:`Scan` of one text."""
    return Scan(universal_spans(text), *_keyed_segments(text))


def _keyed_segments(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """A text's segments (:func:`segments`) and their keys, in order."""
    spans = segments(text)
    return spans, [_key(text[start:end]) for start, end in spans]


def strip_boilerplate(
    texts: Sequence[str],
    groups: Sequence[str] | None = None,
    *,
    protect: Sequence[int] | None = None,
    scans: Sequence[Scan] | None = None,
) -> list[Stripped]:
    """Remove recurring and universal furniture from each of ``texts`` (see the module
    docstring). ``groups`` names each text's source; ``protect`` gives per text a prefix (its
    title) that is kept whatever it holds. A text is never emptied: if nothing but furniture
    would be left, it keeps its recurring segments. ``scans`` are the texts' :func:`scan_text`,
    when the caller has made them already (in parallel)."""
    recurring = recurring_spans(texts, groups, protect=protect, scans=scans)
    result = []
    for index, text in enumerate(texts):
        floor = protect[index] if protect else 0
        found = universal_spans(text) if scans is None else scans[index].universal
        universal = [span for span in found if span[0] >= floor]
        spans = universal + [(start, end, "recurring") for start, end in recurring[index]]
        stripped = remove_spans(text, spans)
        if not stripped.text.strip():
            stripped = remove_spans(text, universal)
        if not stripped.text.strip():
            stripped = Stripped(text)
        result.append(stripped)
    return result
