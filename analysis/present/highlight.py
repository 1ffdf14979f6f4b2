"""Safe HTML for the document reader: the text, escaped, with entities and terms marked.

Documents are untrusted input. :func:`highlight_html` escapes every character of the text and of
each tooltip with :func:`html.escape`, builds the markup itself (no concatenation of raw document
text), and reduces CSS classes to ``[A-Za-z0-9_-]``, so a ``<script>`` in a text, a tooltip or a
class name ends up as visible characters, never as markup.

Overlapping spans are resolved deterministically: the longest span wins, then the earliest, and
any span that overlaps one already kept is dropped ("Mark Rutte" as a PERSON beats "Rutte" as a
term inside it); the span clicked (``focus``) and then the text that stated the publication date
(``date``) win before length counts. Line breaks become ``<br>``, so paragraphs survive.

Text that cleaning removed can be shown where it stood: an *insertion* ``(offset, text, css class,
tooltip)`` is drawn, escaped, as a ``<del>`` at that offset without changing the offsets of the
spans (they refer to the cleaned text, which holds no removed text).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analysis.core.schema import as_text
from analysis.present.palette import ENTITY_COLORS, KIND_COLORS

#: The spans a caller passes: ``(start, end, css class, tooltip)``, offsets into the text.
Span = tuple[int, int, str, str]
#: Text shown at an offset without being part of the text: ``(offset, text, css class, tooltip)``.
Insertion = tuple[int, str, str, str]

#: Comparison classes (used by ``analysis.query.compare``), with their colours.
COMPARISON_COLORS = {"shared": "#999999", "only-a": "#0072B2", "only-b": "#D55E00"}
#: Sentences one text reuses from the other: underlined (terms inside keep their own colour).
REUSED_COLOR = "#009E73"
#: The text that stated a document's publication date: boxed, on the palette's yellow.
DATE_COLOR = "#8A7A00"
DATE_BACKGROUND = "#F0E442"
#: Classes that win overlaps before length does, in this order (see :func:`resolve_overlaps`).
PRIORITY_CLASSES = ("focus", "date")

_UNSAFE_CLASS = re.compile(r"[^A-Za-z0-9_-]+")
# A "\r" at the very end of a piece is left alone: a span may end between "\r" and "\n".
_LINE_BREAK = re.compile(r"\r?\n|\r(?!$)")


def _rule(css_class: str, color: str, alpha: str = "33") -> str:
    return f".hl-{css_class} {{ background: {color}{alpha}; border-bottom: 2px solid {color}; }}"


#: Styles for the classes of :func:`highlight_html`: entity labels, keyword, term, comparison.
HIGHLIGHT_CSS = "\n".join(
    [
        ".hl-doc { line-height: 1.65; font-size: 1rem; }",
        ".hl { border-radius: 3px; padding: 0 2px; cursor: help; }",
        *(_rule(label, color) for label, color in ENTITY_COLORS.items()),
        _rule("keyword", KIND_COLORS["keyword"]),
        _rule("term", KIND_COLORS["term"]),
        f".hl-reused {{ background: {REUSED_COLOR}1f; text-decoration: underline 2px "
        f"{REUSED_COLOR}; text-underline-offset: 0.2em; }}",
        _rule("shared", COMPARISON_COLORS["shared"], "2b"),
        _rule("only-a", COMPARISON_COLORS["only-a"]),
        _rule("only-b", COMPARISON_COLORS["only-b"]),
        ".hl-focus { outline: 2px solid #000000; outline-offset: 1px; }",
        f".hl-date {{ background: {DATE_BACKGROUND}80; border: 1px dashed {DATE_COLOR}; }}",
        ".hl-removed { color: #8C8C8C; background: none; text-decoration: line-through; "
        "margin: 0 0.25em; }",
    ]
)


def safe_class(css_class: str) -> str:
    """``css_class`` reduced to letters, digits, ``_`` and ``-`` (``""`` if nothing is left)."""
    return _UNSAFE_CLASS.sub("", str(css_class))


def class_attribute(css_class: str) -> str:
    """The ``class`` value for a span's classes (space-separated): ``hl hl-PERSON hl-focus``."""
    names = [safe_class(name) for name in str(css_class).split()]
    return " ".join(["hl", *(f"hl-{name}" for name in names if name)])


def _rank(css_class: str) -> int:
    """The place of a span's first priority class in :data:`PRIORITY_CLASSES` (after them all
    if it has none)."""
    names = css_class.split()
    return next(
        (rank for rank, name in enumerate(PRIORITY_CLASSES) if name in names),
        len(PRIORITY_CLASSES),
    )


def _priority(span: Span) -> tuple:
    start, end, css_class, tooltip = span
    return (_rank(css_class), start - end, start, css_class, tooltip)


def resolve_overlaps(spans: Iterable[Span], length: int) -> list[Span]:
    """The spans to draw, sorted by start: clipped to ``[0, length]``, without overlaps.

    Spans with the ``focus`` class first (what the analyst clicked stays visible), then those with
    the ``date`` class (the evidence of the publication date), then longest, then earliest start, then class and tooltip (so the result never depends on input order); a
    span overlapping one already kept is dropped. Empty spans are dropped.
    """
    clipped = []
    for start, end, css_class, tooltip in spans:
        start, end = max(0, int(start)), min(length, int(end))
        if end > start:
            clipped.append((start, end, str(css_class), str(tooltip)))
    clipped.sort(key=_priority)
    starts: list[int] = []  # kept spans, sorted by start, non-overlapping
    kept: list[Span] = []
    for span in clipped:
        start, end = span[0], span[1]
        position = bisect_left(starts, start)
        if position > 0 and kept[position - 1][1] > start:
            continue  # the kept span before overlaps
        if position < len(kept) and kept[position][0] < end:
            continue  # the kept span after overlaps (or starts at the same place)
        starts.insert(position, start)
        kept.insert(position, span)
    return kept


def _escape_text(text: str) -> str:
    """Escape ``text`` and turn its line breaks into ``<br>``."""
    return "<br>\n".join(html.escape(line) for line in _LINE_BREAK.split(text))


def highlight_html(text: str, spans: Sequence[Span], insertions: Sequence[Insertion] = ()) -> str:
    """``text`` as escaped HTML with each kept span wrapped in ``<mark>`` (with a tooltip).

    A span ``(start, end, css_class, tooltip)`` becomes
    ``<mark class="hl hl-{css_class}" title="{tooltip}">…</mark>`` (several space-separated
    classes each get their ``hl-`` prefix); see :data:`HIGHLIGHT_CSS` for the classes styled
    (entity labels, ``keyword``, ``term``, ``shared``, ``only-a``, ``only-b``, ``reused``,
    ``focus``, ``date``).
    Overlaps are resolved by :func:`resolve_overlaps`. Each insertion ``(offset, text, css_class,
    tooltip)`` becomes ``<del class="hl hl-{css_class}" title="{tooltip}">…</del>`` at ``offset``
    (clipped to the text; one that falls inside a mark follows the mark; several at one offset
    keep their order). The result is wrapped in ``<div class="hl-doc">``; render it with
    :data:`HIGHLIGHT_CSS` in a ``<style>`` element.
    """
    kept = resolve_overlaps(spans, len(text))
    placed = _place(insertions, kept, text)
    parts = ['<div class="hl-doc">']
    position = 0
    waiting = 0  # the next insertion of ``placed`` to draw
    for start, end, css_class, tooltip in [*kept, (len(text), len(text), "", "")]:
        while waiting < len(placed) and placed[waiting][0] <= start:
            offset, markup = placed[waiting]
            parts.append(_escape_text(text[position:offset]))
            parts.append(markup)
            position = offset
            waiting += 1
        parts.append(_escape_text(text[position:start]))
        if end > start:
            parts.append(_element("mark", text[start:end], css_class, tooltip))
        position = end
    parts.append("</div>")
    return "".join(parts)


def _element(tag: str, text: str, css_class: str, tooltip: str) -> str:
    """``<tag class="hl hl-…" title="tooltip">text</tag>``, all of it escaped."""
    title = f' title="{html.escape(tooltip, quote=True)}"' if tooltip else ""
    return f'<{tag} class="{class_attribute(css_class)}"{title}>{_escape_text(text)}</{tag}>'


def _place(
    insertions: Sequence[Insertion], kept: Sequence[Span], text: str
) -> list[tuple[int, str]]:
    """``(offset, markup)`` of each insertion, sorted by offset (stable): offsets clipped to
    ``[0, len(text)]``, one inside a kept span moved to that span's end, and a space put
    inside the insertion on each side where it would touch a word of the text (the cut took
    the space away: "said.<del> … </del>Kaja" reads "said. … Kaja", not "said.…Kaja")."""
    ends = {start: end for start, end, _, _ in kept}
    starts = sorted(ends)
    placed = []
    for offset, removed, css_class, tooltip in insertions:
        offset = min(max(0, int(offset)), len(text))
        before = bisect_left(starts, offset) - 1  # the last span starting before ``offset``
        if before >= 0 and ends[starts[before]] > offset:
            offset = ends[starts[before]]
        space_before = " " if offset > 0 and not text[offset - 1].isspace() else ""
        space_after = " " if offset < len(text) and not text[offset].isspace() else ""
        shown = f"{space_before}{removed}{space_after}"  # struck through with it
        placed.append((offset, _element("del", shown, str(css_class), str(tooltip))))
    placed.sort(key=lambda item: item[0])
    return placed


def mention_spans(mentions: pd.DataFrame, focus: Iterable[str] = ()) -> list[Span]:
    """Spans for one document's mentions: entities by label, keywords and terms by kind.

    Tooltips say what a span is: "PERSON: Mark Rutte", "keyword: air defence", "term: F-16".
    Mentions of a term in ``focus`` (the one clicked in a chart) also get the ``focus`` class.
    """
    focus = set(focus)
    if mentions.empty:
        return []
    kinds = as_text(mentions["kind"])
    labels = as_text(mentions["label"])
    terms = as_text(mentions["term"])
    spans: list[Span] = []
    for start, end, kind, label, term in zip(
        mentions["start"], mentions["end"], kinds, labels, terms, strict=True
    ):
        css_class = label if kind == "entity" and label else kind
        if term in focus:
            css_class += " focus"
        spans.append((int(start), int(end), css_class, f"{label or kind}: {term}"))
    return spans


def legend_html(classes: Sequence[str], names: Mapping[str, str] | None = None) -> str:
    """A row of sample marks naming ``classes``, to explain the colours above a document.

    ``names`` gives a reader's wording for some classes (``{"only-a": "only in A"}``); the
    others show the class itself.
    """
    names = names or {}
    items = [
        f'<mark class="{class_attribute(name)}">{html.escape(names.get(name, name))}</mark>'
        for name in classes
        if safe_class(name)
    ]
    return '<div class="hl-legend">' + " ".join(items) + "</div>"


#: Characters of a document the reader draws at once: a marked-up 320,000-character report
#: (15,000 marks, 1.2 MB of HTML) kept the browser busy for 10 to 20 seconds.
READER_PART_CHARS = 40_000


def text_parts(text: str, size: int = READER_PART_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive parts of ``text`` of about ``size`` characters each (one
    part for a shorter text), each cut at the last line break, else the last space, before its
    limit, so that no word is split."""
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = text.rfind("\n", start + size // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, limit)
        end = cut + 1 if cut >= 0 else limit
        parts.append((start, end))
        start = end
    parts.append((start, len(text)))
    return parts


def part_of(
    spans: Sequence[Span],
    insertions: Sequence[Insertion],
    start: int,
    end: int,
    *,
    last: bool = True,
) -> tuple[list[Span], list[Insertion]]:
    """The spans and insertions that fall in ``text[start:end]``, with offsets into that part
    (a span across its edges is clipped to it); the ``last`` part also takes the insertions at
    its end (text removed after the last character)."""
    inside = [
        (max(s, start) - start, min(e, end) - start, css_class, tooltip)
        for s, e, css_class, tooltip in spans
        if s < end and e > start
    ]
    moved = [
        (offset - start, removed, css_class, tooltip)
        for offset, removed, css_class, tooltip in insertions
        if start <= offset < end or (last and offset == end)
    ]
    return inside, moved
