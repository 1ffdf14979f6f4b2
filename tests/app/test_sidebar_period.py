"""The sidebar's default time step (from the corpus' date span) and its date pickers, run in
Streamlit's AppTest on a corpus made up here: a chosen step and a link's step still win."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from app.sidebar import default_period
from tests.apptest_support import open_expanders


@pytest.mark.parametrize(
    ("first", "last", "n_dated", "expected"),
    [
        (date(2021, 1, 1), date(2021, 2, 15), 100, "day"),  # six weeks
        (date(2021, 3, 1), date(2021, 10, 31), 100, "week"),  # QA: 100 releases in 8 months
        (date(2019, 1, 1), date(2021, 10, 31), 300, "month"),
        (date(2023, 10, 11), date(2024, 11, 27), 5, "day"),  # a few points never make a comb
        (None, None, 0, "day"),
    ],
)
def test_default_period_follows_the_date_span(first, last, n_dated, expected):
    assert default_period(first, last, n_dated) == expected


def _sidebar_app() -> None:
    """A page with only the sidebar filters, on 100 articles over eight months."""
    from datetime import date, timedelta

    import streamlit as st

    from app.options import Options
    from app.sidebar import sidebar_filters

    ids = [f"d{i}" for i in range(100)]
    options = Options(
        sources=["s"],
        doc_ids=ids,
        titles={i: i for i in ids},
        first_date=date(2021, 3, 1),
        last_date=date(2021, 3, 1) + timedelta(days=244),
        corpus="eight-months",
    )
    st.session_state["_filters_out"] = sidebar_filters(options)


def _run(app) -> AppTest:
    """Run ``app`` (the AppTest or a widget just set) and check the page did not fail."""
    result = app.run()
    assert not result.exception, [e.message for e in result.exception]
    return result


def test_eight_months_start_by_week_and_a_chosen_step_wins():
    app = AppTest.from_function(_sidebar_app, default_timeout=60)
    app = _run(open_expanders(app, "counting_open"))
    assert app.selectbox(key="period").value == "week"
    assert app.session_state["_filters_out"].period == "week"
    app = _run(app.selectbox(key="period").set_value("day"))
    assert app.selectbox(key="period").value == "day"
    app = _run(app)  # another run keeps the analyst's step
    assert app.session_state["_filters_out"].period == "day"
    app = _run(app.button(key="reset_filters").click())
    assert app.selectbox(key="period").value == "week"  # reset: the span's step again


def test_a_links_step_wins_over_the_default():
    app = AppTest.from_function(_sidebar_app, default_timeout=60)
    app.query_params["period"] = "month"
    _run(open_expanders(app, "counting_open"))
    assert app.selectbox(key="period").value == "month"


def test_date_pickers_are_stacked_and_show_the_whole_date():
    """Side by side in the sidebar the pickers cut the day off ("2020 / 01 / ("): one above
    the other, ISO format."""
    app = _run(AppTest.from_function(_sidebar_app, default_timeout=60))
    pickers = [app.date_input(key="date_from"), app.date_input(key="date_to")]
    assert [p.label for p in pickers] == ["From", "To"]
    assert all(p.proto.format == "YYYY/MM/DD".replace("/", "-") for p in pickers)
    assert not app.sidebar.columns and not app.columns  # not side by side


def _sidebar_and_url_app() -> None:
    """The sidebar filters on 100 articles over eight months, written into the URL."""
    import streamlit as st

    from analysis.extract.keywords import KeywordSettings
    from app import url
    from tests.app.test_sidebar_period import _sidebar_app

    _sidebar_app()
    url.save(st.session_state["_filters_out"], KeywordSettings(), "model", {"overview": "O"})


def test_a_chosen_step_goes_into_the_link_even_day():
    from app.params import url

    app = AppTest.from_function(_sidebar_and_url_app, default_timeout=60)
    app = _run(open_expanders(app, "counting_open"))
    assert app.query_params[url("period")] == "week"  # the span's own step
    app = _run(app.selectbox(key="period").set_value("day"))
    assert app.query_params[url("period")] == "day"  # chosen: a link must not reopen by week
