"""The user's alias table: uploaded with the articles, edited in the page, applied to the analysis.

The table in effect is kept in the session as validated CSV bytes; those bytes are part of the
analysis cache key, so applying an edit re-analyses the entities once and every later run reuses
the result. A newly uploaded alias file replaces the table in effect; edits are applied with a
button (an analysis of a large corpus takes a while, so not on every keystroke).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core.schema import ENTITY_LABELS
from analysis.extract.aliases import (
    ACTIONS,
    ALIAS_COLUMNS,
    empty_aliases,
    load_aliases,
    save_aliases,
    validate_aliases,
)
from app.params import key
from app.sources import digest

#: Session keys: the CSV bytes in effect, and the digest of the alias upload last taken in.
APPLIED = "alias_csv"
_UPLOADED = "_alias_upload_digest"
_MESSAGE = "_alias_message"


def rules_csv(table: pd.DataFrame) -> bytes:
    """A validated alias table as CSV bytes; ``b""`` when it holds no rule (raises
    ``ValueError`` naming the first bad rule)."""
    rules = validate_aliases(table)
    return save_aliases(rules) if len(rules) else b""


def read_uploaded(files: list[tuple[str, bytes]]) -> tuple[bytes, list[tuple[str, str]]]:
    """Uploaded alias tables as one validated CSV, and ``(file, reason)`` for each refused one."""
    tables, problems = [], []
    for name, data in files:
        try:
            tables.append(load_aliases(data))
        except ValueError as error:
            problems.append((name, f"alias table not used: {error}"))
    if not tables:
        return b"", problems
    return rules_csv(pd.concat(tables, ignore_index=True)), problems


def aliases_in_effect(uploaded_csv: bytes) -> tuple[pd.DataFrame | None, bytes]:
    """The alias table to analyse with (``None`` when empty) and its CSV bytes (the cache key).

    A new upload replaces whatever was in effect; otherwise the last applied edit stays.
    """
    state = st.session_state
    upload_digest = digest(uploaded_csv) if uploaded_csv else ""
    if state.get(_UPLOADED, "") != upload_digest:
        state[_UPLOADED] = upload_digest
        state[APPLIED] = uploaded_csv
    csv = state.get(APPLIED, b"")
    if not csv:
        return None, b""
    return load_aliases(csv), csv


def alias_editor(in_effect: bytes) -> None:
    """Edit, apply, download the alias table; the analysis reruns with it once applied."""
    table = load_aliases(in_effect) if in_effect else empty_aliases()
    st.caption(
        "Rules that win over the automatic entity resolution: **merge** a spelling into a name, "
        "**rename** an entity, **split** a surface form out, **exclude** a name (``re:`` starts a "
        "regular expression). Upload a file named like `aliases.csv` or `aliases.yaml` with your "
        "articles to start from it."
    )
    edited = st.data_editor(
        table,
        key=f"alias_editor_{digest(in_effect)[:8]}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_order=ALIAS_COLUMNS,
        column_config={
            "action": st.column_config.SelectboxColumn("action", options=list(ACTIONS)),
            "pattern": st.column_config.TextColumn("pattern", help="Name or surface text"),
            "canonical": st.column_config.TextColumn("canonical", help="The name to use"),
            "label": st.column_config.SelectboxColumn("label", options=["", *ENTITY_LABELS]),
        },
    )
    try:
        csv = rules_csv(edited)
        error = None
    except ValueError as problem:
        csv, error = b"", str(problem)
    left, right = st.columns(2)
    if error:
        st.error(error)
    changed = error is None and csv != in_effect
    if left.button(
        "Apply the alias table",
        key=key("apply_aliases"),
        disabled=not changed,
        type="primary" if changed else "secondary",
        width="stretch",
    ):
        st.session_state[APPLIED] = csv
        st.session_state[_MESSAGE] = f"Alias table applied: {len(load_aliases(csv))} rule(s)."
        st.rerun()
    right.download_button(
        "Download aliases.csv",
        (csv if error is None else in_effect) or save_aliases(empty_aliases()),
        file_name="aliases.csv",
        mime="text/csv",
        key=key("download_aliases"),
        width="stretch",
    )
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        st.success(message)
