"""Reading what an AppTest run drew, for the app tests: tables found by their container's key."""

from __future__ import annotations

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
