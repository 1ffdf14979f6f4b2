"""Mentions per term over the selection, shared by the Keywords and Entities sections."""

from __future__ import annotations

import pandas as pd

from analysis.core.counting import count_terms
from analysis.query.filters import keep_entity_types
from app.caching import cache_resource
from app.pipeline import KEPT_FOR
from app.selection import View


@cache_resource(max_entries=8, ttl=KEPT_FOR)
def _counts_every_type(view: View) -> pd.DataFrame:
    """``count_terms`` over a view of every entity type (large: shared, not copied)."""
    return count_terms(view.mentions, view.documents, per_1k=view.filters.per_1k)


def term_counts(view: View) -> pd.DataFrame:
    """``count_terms`` over the view (pass ``view.for_counts()``: focus and period do not count).

    The rows of the chosen entity types of the counts over every type (cached): the type filter
    drops whole terms, so a new choice of types is a filter of a small table, not a new group-by
    over the mentions (quicker than a cached copy of the result would be to read).
    """
    every = _counts_every_type(view.all_types())
    types = view.filters.entity_types
    if not types:
        return every.copy(deep=False)  # a new frame: the cached one is never changed
    kept = keep_entity_types(every, types)
    if kept.empty:  # the empty table count_terms gives
        return count_terms(view.unlabelled.iloc[0:0], view.documents)
    return kept.reset_index(drop=True)
