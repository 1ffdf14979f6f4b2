"""Expanders drawn only while open (app.lazy): what a first page leaves out, and what it keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_support import open_expanders, table

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def _run(app) -> AppTest:
    result = app.run()
    assert not result.exception, [e.message for e in result.exception]
    return result


def _lazy_app() -> None:
    """A lazy expander holding a number input, its value kept and shown outside it."""
    import streamlit as st

    from app.lazy import lazy_widgets

    st.session_state.setdefault("n", 1)
    lazy_widgets(
        "Settings",
        key="box_open",
        widgets=["n"],
        draw=lambda: st.number_input("N", min_value=1, key="n"),
    )
    st.markdown(f"n is {st.session_state['n']}")


def test_a_closed_expander_draws_nothing_and_its_widget_keeps_its_value():
    app = _run(AppTest.from_function(_lazy_app, default_timeout=60))
    assert [e.label for e in app.expander] == ["Settings"]
    assert not app.number_input  # closed: the widget is not sent to the page
    app = _run(open_expanders(app, "box_open"))
    app = _run(app.number_input(key="n").set_value(7))
    app.session_state["box_open"] = False  # closed again, as a click on its header does
    app = _run(_run(app))
    assert not app.number_input
    assert app.markdown[-1].value == "n is 7"  # two runs without its widget: the value is kept
    app = _run(open_expanders(app, "box_open"))
    assert app.number_input(key="n").value == 7


def test_the_first_page_sends_no_setting_no_parameters_and_no_long_table(monkeypatch):
    import app.sections.overview as overview

    monkeypatch.setattr(overview, "DOCUMENTS_OPEN_UP_TO", 4)  # the seeds' five are "many"
    app = _run(AppTest.from_file(APP, default_timeout=180))
    labels = [e.label for e in app.expander]
    assert {"Analysis settings", "Counting", "Reproduce this view", "Documents (5)"} <= set(labels)
    assert not app.slider and not app.number_input and not app.json
    assert not app.dataframe
    app = _run(open_expanders(app, "documents_open", "reproduce_open", "settings_open"))
    assert len(table(app, "documents_table")) == 5
    assert app.json and app.json[0].value
    assert {s.key for s in app.slider} == {"top_k", "max_ngram", "dedup"}


def test_a_short_selection_lists_its_documents_on_arrival():
    app = _run(AppTest.from_file(APP, default_timeout=180))
    assert len(table(app, "documents_table")) == 5


def test_a_large_corpus_builds_its_word_index_only_when_dispersion_is_opened(monkeypatch):
    import app.sections.spikes as spikes

    monkeypatch.setattr(spikes, "DISPERSION_OPEN_UP_TO", 10)  # the seeds' words are "many"
    app = _run(AppTest.from_file(APP, default_timeout=180))
    app.session_state["section"] = "Over time"
    app = _run(app)
    assert "Where in the articles: dispersion of the followed terms" in [
        e.label for e in app.expander
    ]
    with pytest.raises(AssertionError):
        table(app, "time_dispersion")  # closed: nothing computed or sent
    app = _run(open_expanders(app, "dispersion_open"))
    assert len(table(app, "time_dispersion")) > 0
