"""Highlight spans for the two texts of a comparison: shared terms, terms only one side has,
and sentences one side reuses from the other.

The spans are ``(start, end, css class, tooltip)`` as :mod:`analysis.present.highlight` draws
them, made disjoint by its :func:`~analysis.present.highlight.resolve_overlaps`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence

import pandas as pd

from analysis.extract.terms import find_phrase
from analysis.present.highlight import Span, resolve_overlaps
from analysis.query.compare import SET_COLUMNS

#: CSS classes of :func:`comparison_spans`, by side of the comparison.
SPAN_CLASSES = {"shared": "shared", "only_a": "only-a", "only_b": "only-b"}
REUSED_CLASS = "reused"


def comparison_spans(
    text: str, mentions: pd.DataFrame, sets: pd.DataFrame, *, side: str
) -> list[Span]:
    """Highlight spans for one side's text: ``(start, end, css_class, tooltip)``, sorted.

    ``mentions`` are the mentions of this document (side ``"a"`` or ``"b"``), ``sets`` one or
    more :func:`compare_sets` tables. A mention of a shared term gets the class ``shared``, of a
    term only this side has ``only-a`` / ``only-b``. Keywords and user terms that this text holds
    without a mention of its own (found by ``compare_sets(..., text_a=, text_b=)``) are found in
    the text. Overlapping spans are resolved in favour of the longer one, so that the highlighter
    receives disjoint spans. The tooltip is plain text; the highlighter escapes it.
    """
    if side not in ("a", "b"):
        raise ValueError(f"side must be 'a' or 'b', not {side!r}")
    wanted = {"shared", f"only_{side}"}
    rows = sets[sets["side"].isin(wanted)]
    info = {
        (kind, str(term).casefold()): (SPAN_CLASSES[where], _tooltip(kind, term, label, a, b))
        for kind, term, label, a, b, where in rows[SET_COLUMNS].itertuples(index=False)
    }
    candidates: list[Span] = []
    covered: set[tuple[str, str]] = set()
    for kind, term, start, end in mentions[["kind", "term", "start", "end"]].itertuples(
        index=False
    ):
        key = (kind, str(term).casefold())
        if key in info:
            covered.add(key)
            candidates.append((int(start), int(end), *info[key]))
    for key, (css_class, tooltip) in info.items():
        if key[0] != "entity" and key not in covered:
            candidates.extend((s, e, css_class, tooltip) for s, e in find_phrase(text, key[1]))
    return resolve_overlaps(candidates, len(text))


def _tooltip(kind: str, term: str, label: str, count_a: int, count_b: int) -> str:
    what = f"{term} ({label})" if label else str(term)
    return f"{what}, {kind}: A {count_a}, B {count_b}"


def passage_spans(passages: pd.DataFrame, *, side: str, doc_id: str | None = None) -> list[Span]:
    """Spans (class ``reused``) of one side's sentences that :func:`shared_passages` aligned.

    For group comparisons pass ``doc_id`` to get the spans of one document.
    """
    if side not in ("a", "b"):
        raise ValueError(f"side must be 'a' or 'b', not {side!r}")
    other = "b" if side == "a" else "a"
    rows = passages if doc_id is None else passages[passages[f"doc_{side}"] == doc_id]
    return sorted(
        (
            int(row[f"start_{side}"]),
            int(row[f"end_{side}"]),
            REUSED_CLASS,
            f"{row['match']} match ({row['similarity']:.2f}) with {row[f'doc_{other}']}",
        )
        for _, row in rows.iterrows()
    )


def mark_reused(spans: Sequence[Span], reused: Sequence[Span]) -> list[Span]:
    """Combine a text's term spans with its reused sentences, keeping both visible.

    ``spans`` are disjoint (from :func:`comparison_spans`), ``reused`` the disjoint sentence spans
    of :func:`passage_spans`. The highlighter draws no nested marks, so a reused sentence is cut
    into pieces instead: a term span that starts inside it gets the extra class ``reused`` (and
    the sentence's tooltip after its own), and the stretches between such terms become spans of
    class ``reused``. Terms outside reused sentences are unchanged. The result is disjoint and
    sorted.
    """
    regions = sorted(reused)
    if not regions:
        return sorted(spans)
    starts = [region[0] for region in regions]
    inside: dict[int, list[Span]] = defaultdict(list)
    result: list[Span] = []
    for span in sorted(spans):
        number = bisect_right(starts, span[0]) - 1
        if number >= 0 and span[0] < regions[number][1]:
            inside[number].append(span)
        else:
            result.append(span)
    for number, (start, end, css_class, tooltip) in enumerate(regions):
        position = start
        for term_start, term_end, term_class, term_tooltip in inside.get(number, []):
            if term_start > position:
                result.append((position, term_start, css_class, tooltip))
            result.append(
                (term_start, term_end, f"{term_class} {css_class}", f"{term_tooltip}; {tooltip}")
            )
            position = max(position, term_end)
        if end > position:
            result.append((position, end, css_class, tooltip))
    return resolve_overlaps(result, max((span[1] for span in result), default=0))
