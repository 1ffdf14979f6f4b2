"""The comparison of two sides, computed once per analysis, pair of sides and settings."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.query.compare import Comparison, compare_sides
from app.caching import cache_data
from app.sections.compare.pickers import Settings
from app.sections.compare.sides import Side
from app.sections.compare.texts import document_html
from app.selection import Analysed


@dataclass(frozen=True)
class Compared:
    """A comparison with, for two documents, their highlighted texts (escaped HTML)."""

    comparison: Comparison
    html_a: str | None = None
    html_b: str | None = None


@cache_data(max_entries=32, show_spinner="Comparing…")
def comparison_for(
    analysed: Analysed,
    side_a: Side,
    side_b: Side,
    settings: Settings,
    entity_types: tuple[str, ...] = (),
) -> Compared:
    """Compare two sides of the analysis: their documents and mentions, entities only of
    ``entity_types`` (the sidebar's filter; ``()``: every type)."""
    documents, mentions = analysed.result.documents, analysed.result.mentions
    if entity_types:
        mentions = mentions[(mentions["kind"] != "entity") | mentions["label"].isin(entity_types)]
    comparison = compare_sides(
        documents,
        mentions,
        list(side_a.doc_ids),
        list(side_b.doc_ids),
        label_a=side_a.label,
        label_b=side_b.label,
        threshold=settings.threshold,
        min_docs=settings.min_docs,
    )
    if comparison.mode != "documents":
        return Compared(comparison)
    return Compared(
        comparison,
        document_html(comparison, documents, mentions, "a"),
        document_html(comparison, documents, mentions, "b"),
    )
