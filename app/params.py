"""Every piece of view state the page keeps, named once: its URL query parameter and widget key.

One row per piece of state: the :class:`~analysis.query.filters.Filters` fields, the analysis
settings, the section on screen, the Compare tab's two sides, and the widgets that are only kept
for the session (no URL parameter). The rest of ``app/`` looks names up here (:func:`url`,
:func:`key`) and never spells a parameter or a widget key itself.

The filters' URL names are also those of ``Filters.to_params`` / ``Filters.from_params`` in the
library, which encode the values; ``tests/app/test_params.py`` checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Param:
    """Where one piece of view state lives: its URL query parameter (``None``: kept for the
    session only) and the key of the widget that edits it (``None``: no widget of its own)."""

    url: str | None
    widget: str | None


#: The table. Groups, in order: filters (``Filters`` field names), analysis settings, view state,
#: and session-only widgets.
PARAMS: Mapping[str, Param] = MappingProxyType(
    {
        # --- filters: the Filters fields --------------------------------------------------------
        "date_from": Param("from", "date_from"),
        "date_to": Param("to", "date_to"),
        "sources": Param("source", "sources"),
        "doc_ids": Param("doc", "docs"),
        "entity_types": Param("type", "entity_types"),
        "kinds": Param("kind", None),
        "min_count": Param("min", "min_count"),
        "per_1k": Param("per1k", "per_1k"),
        "period": Param("period", "period"),
        "terms": Param("term", "terms"),
        "term_regex": Param("term_re", "term_regex"),
        "focus": Param("focus", "focus"),  # the terms followed over time
        "search": Param("q", "search"),
        "search_regex": Param("q_re", "search_regex"),
        # --- analysis settings (changing one analyses the corpus again) -------------------------
        "top_k": Param("k", "top_k"),
        "max_ngram": Param("ngram", "max_ngram"),
        "dedup": Param("dedup", "dedup"),
        "stopwords": Param("stop", "stopwords"),
        "entity_backend": Param("backend", "entity_backend"),
        # --- view state -------------------------------------------------------------------------
        "section": Param("tab", "section"),
        "compare_a": Param("a", "compare_a"),
        "compare_b": Param("b", "compare_b"),
        "corpus": Param("corpus", None),  # an uploaded corpus' content key (cannot be reopened)
        "count_once": Param("once", "count_once"),  # count each story once (duplicates folded)
        # --- widgets kept for the session only --------------------------------------------------
        "uploads": Param(None, "uploads"),
        "doc_find": Param(None, "doc_find"),  # narrows the documents offered by the filter
        "search_here": Param(None, "search_here"),
        "distinctive_doc": Param(None, "distinctive_doc"),
        "find_quotes": Param(None, "find_quotes"),
        "speakers": Param(None, "speakers"),
        "reader_doc": Param(None, "reader_doc"),
        "compare_a_dates": Param(None, "compare_a_dates"),
        "compare_b_dates": Param(None, "compare_b_dates"),
        "compare_threshold": Param(None, "compare_threshold"),
        "compare_min_docs": Param(None, "compare_min_docs"),
        "compare_keyness_kind": Param(None, "compare_keyness_kind"),
        "compare_keyness_p": Param(None, "compare_keyness_p"),
        "apply_aliases": Param(None, "apply_aliases"),
        "download_aliases": Param(None, "download_aliases"),
        # the Words tool, group comparison, duplicates and spikes (app/sections/words.py …)
        "words_n": Param(None, "words_n"),
        "words_case": Param(None, "words_case"),
        "words_stop": Param(None, "words_stop"),
        "words_min_freq": Param(None, "words_min_freq"),
        "words_find": Param(None, "words_find"),
        "words_table": Param(None, "words_table"),
        "words_term": Param(None, "words_term"),
        "words_mention": Param(None, "words_mention"),
        "colloc_left": Param(None, "colloc_left"),
        "colloc_right": Param(None, "colloc_right"),
        "colloc_measure": Param(None, "colloc_measure"),
        "colloc_min_freq": Param(None, "colloc_min_freq"),
        "colloc_stop": Param(None, "colloc_stop"),
        "colloc_table": Param(None, "colloc_table"),
        "kwic_sort": Param(None, "kwic_sort"),
        "kwic_page_size": Param(None, "kwic_page_size"),
        "kwic_page": Param(None, "kwic_page"),
        "keyness_reference": Param(None, "keyness_reference"),
        "groups": Param(None, "groups"),
        "groups_kind": Param(None, "groups_kind"),
        "groups_passages": Param(None, "groups_passages"),
        "dup_threshold": Param(None, "dup_threshold"),
        "dup_table": Param(None, "dup_table"),
        "dup_member": Param(None, "dup_member"),
        "spike_driver_doc": Param(None, "spike_driver_doc"),
    }
)

#: The names of the analysis settings, in the order of their widgets.
SETTINGS = ("top_k", "max_ngram", "dedup", "stopwords", "entity_backend")
#: Written to the URL for "every entity type" (no ``type`` parameter means the default types).
ALL_TYPES = "all"
#: The Compare side picker's choice for a date range, written into the URL with its days
#: (``a=dates:START:END``).
COMPARE_DATES = "dates"


def url(name: str) -> str:
    """The URL query parameter of ``name`` (a ``KeyError`` for state kept out of the URL)."""
    parameter = PARAMS[name].url
    if parameter is None:
        raise KeyError(f"{name!r} is not kept in the URL")
    return parameter


def key(name: str) -> str:
    """The widget key of ``name`` (a ``KeyError`` for state without a widget)."""
    widget = PARAMS[name].widget
    if widget is None:
        raise KeyError(f"{name!r} has no widget")
    return widget
