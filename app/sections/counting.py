"""Mentions per term over the selection, shared by the Keywords and Entities sections."""

from __future__ import annotations

import pandas as pd

from analysis.core.counting import count_terms
from app.caching import cache_data
from app.selection import View


@cache_data(max_entries=16)
def term_counts(view: View) -> pd.DataFrame:
    """``count_terms`` over the view (pass ``view.for_counts()``: focus and period do not count)."""
    return count_terms(view.mentions, view.documents, per_1k=view.filters.per_1k)
