"""Expanders whose contents reach the page only while they are open.

Every element the script sends costs the browser time to load its code and draw it, even when it
sits in a closed expander. An expander made here reruns the script when it is opened or closed,
and the section draws its contents only while it is open: a first visit pays for what is on
screen, not for every setting and table behind a click.

A widget that is not drawn in a run loses its state (Streamlit clears it at the end of the run),
so the widgets inside such an expander have their values kept by :func:`keep_state` and read from
the session state, whether or not they were drawn this time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def lazy_expander(label: str, *, key: str, expanded: bool = False) -> DeltaGenerator | None:
    """An expander keyed ``key`` (its open state is the session's), returned to be filled when
    it is open, ``None`` when it is closed: draw its contents only when it is returned.
    ``expanded`` is how it starts."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    return box if box.open else None


def keep_state(keys: Iterable[str]) -> None:
    """Keep the values of the widgets keyed ``keys`` through runs that do not draw them (a value
    written by the script, unlike a widget's own, outlives a run without its widget)."""
    state = st.session_state
    for name in keys:
        if name in state:
            state[name] = state[name]


def lazy_widgets(label: str, *, key: str, widgets: Iterable[str], draw: Callable[[], None]) -> None:
    """An expander keyed ``key`` whose widgets (keyed ``widgets``) ``draw`` draws only while it
    is open; their values are kept (:func:`keep_state`) whether they were drawn or not."""
    keep_state(widgets)
    box = lazy_expander(label, key=key)
    if box is not None:
        with box:
            draw()
