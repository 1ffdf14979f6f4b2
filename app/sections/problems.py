"""Problems: every input that was not used (files, rows, alias tables), and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.drill import download, show_table
from app.selection import View


def problems(view: View, extra: list[tuple[str, str]]) -> None:
    """Every input that was not used (files, rows, alias tables), with its reason."""
    table = pd.concat(
        [view.result.problems, pd.DataFrame(extra, columns=["path", "reason"])], ignore_index=True
    )
    if table.empty:
        st.success("Every file was read and analysed.")
        return
    st.warning(f"{inputs_not_used(len(table))}. Each is listed with the reason.")
    show_table(table, key="problems_table")
    download(table, "problems", view, "problems")


def inputs_not_used(count: int) -> str:
    """ "1 input was not used", "3 inputs were not used"."""
    return f"{count:,} input was not used" if count == 1 else f"{count:,} inputs were not used"
