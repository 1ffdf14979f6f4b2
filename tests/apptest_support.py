"""Reading what an AppTest run drew, for the app tests: tables found by their container's key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest


def blocks(node: Any) -> Iterator[Any]:
    """Every node below ``node`` of an AppTest element tree, depth first."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from blocks(child)


def table(app: AppTest, key: str) -> pd.DataFrame:
    """The table drawn in the container keyed ``key`` (see ``app.drill.show_table``)."""
    for block in blocks(app._tree):
        if str(getattr(getattr(block, "proto", None), "id", "")).endswith(f"-{key}"):
            return next(node for node in blocks(block) if node.type == "dataframe").value
    raise AssertionError(f"no table keyed {key!r}")


def recorded_downloads(monkeypatch: Any) -> dict[str, tuple[str, Any]]:
    """Record every download button the app draws from now on: ``{key: (file name, data)}``
    (``data`` is the bytes or the function that makes them). Buttons drawn on a column or a
    container and by ``st.download_button`` (bound to the page's main area when Streamlit was
    imported) are both seen."""
    import streamlit as st
    from streamlit.delta_generator import DeltaGenerator

    captured: dict[str, tuple[str, Any]] = {}
    original = DeltaGenerator.download_button

    def recording(self, label, data, *args, **kwargs):
        captured[kwargs.get("key")] = (kwargs.get("file_name"), data)
        return original(self, label, data, *args, **kwargs)

    main = st.download_button
    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    monkeypatch.setattr(st, "download_button", lambda *a, **k: recording(main.__self__, *a, **k))
    return captured


def figure(app: AppTest, key: str) -> dict:
    """The plotly figure drawn under widget ``key``, as its JSON spec."""
    for chart in app.get("plotly_chart"):
        if chart.proto.id.endswith(f"-{key}"):
            return json.loads(chart.proto.spec)
    raise AssertionError(f"no chart with key {key!r}")


def open_expanders(app: AppTest, *keys: str) -> AppTest:
    """Open the expanders keyed ``keys`` for the next run (``app.lazy``: their widgets are drawn
    only while they are open); returns ``app`` to run."""
    for name in keys:
        app.session_state[name] = True
    return app
