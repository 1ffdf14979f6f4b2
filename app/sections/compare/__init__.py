"""Compare: two documents, or two groups of documents, side by side.

Each side is one document, every document of a source, a date range, or the sidebar's current
selection (:mod:`.sides`, picked in :mod:`.pickers`). The section reads top to bottom: a summary
strip and the shared and unique entities and keywords (:mod:`.summary`), the two texts highlighted
(:mod:`.texts`) or each group's summary, the passages one side reuses from the other, keyness
(:mod:`.keyness`), and who said what with the figures each side gives (:mod:`.tables`). Everything
comes from one cached :func:`~analysis.query.compare.compare_sides` call (:mod:`.computing`).
"""

from __future__ import annotations

import streamlit as st

from app.sections.compare import keyness, summary, tables, texts
from app.sections.compare.computing import comparison_for
from app.sections.compare.pickers import pick_settings, pick_sides
from app.sections.compare.sides import n_documents
from app.selection import View


def compare(view: View) -> None:
    """Two documents or two groups side by side: shared and unique, reuse, keyness, quotes, figures."""
    if len(view.result.documents) < 2:
        st.info("Comparing needs at least two documents: upload more articles in the sidebar.")
        return
    side_a, side_b = pick_sides(view)
    settings = pick_settings()
    for side in (side_a, side_b):
        if side.problem:
            st.info(side.problem)
            return
    if side_a.doc_ids == side_b.doc_ids:
        st.info("A and B are the same documents: pick something else for B.")
        return
    overlap = len(set(side_a.doc_ids) & set(side_b.doc_ids))
    if overlap:
        st.warning(
            f"A and B share {n_documents(overlap)}: they count on both sides in the similarity, "
            "the shared and unique terms and keyness (passages never pair a document with "
            "itself)."
        )
    compared = comparison_for(
        view.analysed, side_a, side_b, settings, tuple(view.filters.entity_types)
    )
    st.caption(
        "Compare follows the sidebar's entity types. Each side chooses its own documents (a "
        "document, a source, a date range or the sidebar's selection), so the sidebar's dates, "
        "sources, documents and search apply only to a side set to the current selection."
    )
    comparison = compared.comparison
    summary.summary_strip(comparison)
    summary.term_lists(comparison)
    if compared.html_a is not None and compared.html_b is not None:
        texts.texts(compared.html_a, compared.html_b)
    else:
        summary.group_summaries(comparison)
    tables.passages(comparison)
    keyness.keyness(comparison)
    tables.quotes_and_figures(comparison)
