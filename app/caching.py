"""Streamlit's own caches, keyed by the structured values a cached function takes.

Every cached function of the app is decorated with :func:`cache_data` (results copied out to each
caller: tables a caller may change) or :func:`cache_resource` (results shared by reference and
never mutated: corpora, analyses, large mention and count tables, and figures, which only go to
``st.plotly_chart``: it copies them, and unpickling a figure's copy costs more than drawing it).
Both are bounded (``max_entries``, and a ``ttl`` where a value can be large) and hash arguments
with :data:`HASH_FUNCS`:

- a :class:`~app.sources.Source` by its content digest, an :class:`~app.selection.Analysed` by its
  :class:`~app.selection.AnalysisKey`, a :class:`~app.selection.View` by its key and its
  :class:`~analysis.query.filters.Filters` (which determine it), so no table is ever hashed;
- every string and integer with its length in front. Streamlit hashes a tuple (and a dataclass)
  by concatenating its items' bytes, so without that ``("London", "Reuters")`` and
  ``("Londonstr:Reuters",)`` get one cache entry; with it, no two distinct values share one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any

import streamlit as st

from app.selection import Analysed, View
from app.sources import Source


def exact(value: str | int) -> bytes:
    """``value``'s text with its length in front: items joined this way cannot run together."""
    data = str(value).encode("utf-8", "surrogatepass")
    return len(data).to_bytes(8, "big") + data


def view_identity(view: View) -> tuple:
    """What determines a view: the key of its analysis and its filters."""
    return (view.analysed.key, view.filters)


#: How the caches hash this app's arguments (see the module docstring).
HASH_FUNCS: Mapping[Any, Callable[[Any], Any]] = MappingProxyType(
    {
        str: exact,
        int: exact,
        Source: lambda source: source.key,
        Analysed: lambda analysed: analysed.key,
        View: view_identity,
    }
)


def cache_data(
    *, max_entries: int, ttl: timedelta | None = None, show_spinner: bool | str = False
) -> Callable:
    """``st.cache_data`` with :data:`HASH_FUNCS` and a bound (results are copied to callers)."""
    return st.cache_data(
        max_entries=max_entries, ttl=ttl, show_spinner=show_spinner, hash_funcs=HASH_FUNCS
    )


def cache_resource(
    *, max_entries: int, ttl: timedelta | None = None, show_spinner: bool | str = False
) -> Callable:
    """``st.cache_resource`` with :data:`HASH_FUNCS` and a bound (results shared, never mutated)."""
    return st.cache_resource(
        max_entries=max_entries, ttl=ttl, show_spinner=show_spinner, hash_funcs=HASH_FUNCS
    )
