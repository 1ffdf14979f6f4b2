"""The dashboard on the seeds, driven with Streamlit's AppTest: every filter changes the charts.

Each test starts the app (the analysis is cached by content, so only the first start analyses
the seeds), changes widgets by their stable keys and reads the figures' data from the plotly
charts' specs. Expected labels and values come from the library run on the same corpus
(``count_terms`` and friends), so the tests check the page's wiring, not the extractors' output.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import analyze, load_corpus
from analysis.core.counting import count_terms, counts_by_date
from analysis.extract.entities import available_backends
from analysis.extract.keywords import KeywordSettings
from analysis.extract.quotes import quotes_frame
from analysis.extract.terms import term_mentions
from analysis.present.charts import clicked_points
from analysis.present.export import read_parameters
from analysis.query.filters import Filters, filter_documents, filter_mentions, filter_quotes
from analysis.query.search import regex_mentions
from app import sources
from app.alias_table import read_uploaded, rules_csv
from app.drill import point_name
from app.options import Options
from app.pipeline import AnalysisStore, analysis_bytes, analysis_lock, analysis_store
from app.selection import AnalysisKey, build_view
from app.sidebar import MAX_OPTIONS, offered_documents
from app.url import settings_from_params, settings_to_params
from tests.apptest_support import figure, open_expanders, table
from tests.conftest import SEED_IDS, SEEDS

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TABS = [
    *("Overview", "Keywords", "Entities", "Over time", "Search & read", "Compare"),
    *("Words", "Groups", "Duplicates"),
    "Problems",
]
DEFAULT_TYPES = ("PERSON", "ORG", "GPE", "LOC")
#: Drawn under the timeline (app/sections/spikes.py): spikes, the split by source, where in the
#: articles the (four first) followed terms fall.
UNDER_TIMELINE = [
    "chart_spikes",
    "chart_by_source",
    *(f"chart_time_dispersion_{i}" for i in range(4)),
]


@pytest.fixture(scope="module")
def seeds():
    """The seeds analysed as the app analyses them: default settings, no terms, no aliases."""
    return analyze(load_corpus(SEEDS))


@pytest.fixture
def at() -> AppTest:
    """The app, started on the seeds."""
    app = AppTest.from_file(APP, default_timeout=180)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def rerun(app) -> AppTest:
    """Run the app (``app`` may be the AppTest or a widget just set) and check it did not fail."""
    result = app.run()
    assert not result.exception, [e.message for e in result.exception]
    return result


def show(app: AppTest, section: str) -> AppTest:
    """Open the section called ``section`` (as a click on its tab does) and rerun."""
    app.session_state["section"] = section
    return rerun(app)


# --- reading the page -----------------------------------------------------------------------------


def _decode(values):
    """Plotly's JSON arrays, plain or typed (``{"dtype", "bdata"}``), as a list."""
    if isinstance(values, dict) and "bdata" in values:
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return array.reshape(values["shape"]).tolist() if "shape" in values else array.tolist()
    return list(values)


def bars(app: AppTest, key: str) -> dict[str, float]:
    """``label -> value`` of a horizontal bar chart (all traces)."""
    spec = figure(app, key)
    return {
        label: value
        for trace in spec["data"]
        if trace["type"] == "bar"
        for label, value in zip(_decode(trace["y"]), _decode(trace["x"]), strict=True)
    }


def series(app: AppTest, key: str) -> dict[str, dict[str, float]]:
    """``series name -> {x: y}`` of a line or scatter chart (the ``None`` points that break a
    line across periods without articles left out)."""
    spec = figure(app, key)
    return {
        trace["name"]: {
            x: y
            for x, y in zip(_decode(trace["x"]), _decode(trace["y"]), strict=True)
            if y is not None
        }
        for trace in spec["data"]
        if trace.get("name")
    }


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def expected_bars(seeds, f: Filters, kind: str, n: int, per_1k: bool = False) -> dict:
    documents = filter_documents(seeds.documents, f)
    counts = count_terms(
        filter_mentions(seeds.mentions, seeds.documents, f), documents, per_1k=per_1k
    )
    rows = counts[counts["kind"] == kind].head(n)
    return dict(zip(rows["term"], rows["value"], strict=True))


# --- start ----------------------------------------------------------------------------------------


def test_the_app_starts_on_the_seeds_with_every_tab(at, seeds):
    assert [tab.label for tab in at.tabs] == TABS
    assert metric(at, "Documents") == "5 of 5"
    assert metric(at, "Words") == f"{int(seeds.documents['n_words'].sum()):,}"
    mentions = next(m for m in at.metric if m.label == "Mentions")
    assert "keyword occurrences" in mentions.proto.help  # why it exceeds the entities' total
    assert at.multiselect(key="entity_types").value == list(DEFAULT_TYPES)
    overview = figure(at, "chart_overview")
    assert overview["layout"]["xaxis"]["type"] == "date"
    # Thirteen months by day would be 414 columns: the overview charts the seeds by week.
    assert sorted({row[4] for row in overview["data"][1]["customdata"]}) == [
        "2023-10-09",
        "2024-10-14",
        "2024-11-25",
    ]
    assert any("Charted by week: by day the dates" in c.value for c in at.caption)
    show(at, "Keywords")
    default = Filters(entity_types=DEFAULT_TYPES)
    assert bars(at, "chart_keywords") == expected_bars(seeds, default, "keyword", 25)
    assert list(bars(at, "chart_keywords"))[:2] == ["Ukraine", "NATO Defence Ministers"]
    show(at, "Entities")
    entities = bars(at, "chart_entities")
    assert entities["Mark Rutte"] == 18
    expected = expected_bars(seeds, default, "entity", 100)
    assert entities["NATO"] == expected["NATO"]
    assert not at.error


def test_a_rerun_reuses_the_analysis_without_a_progress_bar(at):
    """Streamlit refuses to replay a progress bar drawn inside ``st.cache_resource``: the first
    version crashed on every rerun. The analysis runs outside the cached function (in the slot
    the resource cache keeps per key), so a rerun reuses it and draws no bar."""
    rerun(at)
    rerun(at)
    assert not at.get("progress")
    assert metric(at, "Documents") == "5 of 5"


def chart_keys(app: AppTest) -> list[str]:
    return [chart.proto.id.rsplit("-", 1)[-1] for chart in app.get("plotly_chart")]


@pytest.mark.parametrize(
    ("section", "charts"),
    [
        ("Overview", ["chart_overview"]),
        ("Keywords", ["chart_keywords"]),
        ("Entities", ["chart_entities", "chart_network"]),
        ("Over time", ["chart_timeline", "chart_articles", "chart_heatmap", *UNDER_TIMELINE]),
        ("Search & read", []),
        ("Problems", []),
    ],
)
def test_only_the_section_on_screen_computes_and_draws(at, section, charts):
    """The first start draws the Overview alone; opening a section draws its charts and no
    other section's (the others' functions do not run), and puts the section in the URL."""
    if section != "Overview":
        show(at, section)
    assert chart_keys(at) == charts
    assert [tab.label for tab in at.tabs] == TABS
    expected = {"Overview": None, "Keywords": "keywords", "Entities": "entities"}
    expected |= {"Over time": "time", "Search & read": "read", "Problems": "problems"}
    assert at.query_params.get("tab") == expected[section]


def test_a_widget_change_keeps_the_section_on_screen(at):
    show(at, "Entities")
    rerun(at.multiselect(key="sources").set_value(["NATO"]))
    assert chart_keys(at) == ["chart_entities", "chart_network"]
    assert at.session_state["section"] == "Entities"


def test_a_widget_of_a_hidden_section_keeps_its_value(at):
    show(at, "Over time")
    rerun(at.multiselect(key="focus").set_value(["Mark Rutte"]))
    show(at, "Overview")
    assert at.query_params["focus"] == "Mark Rutte"
    show(at, "Over time")
    assert at.multiselect(key="focus").value == ["Mark Rutte"]
    assert set(series(at, "chart_timeline")) == {"Mark Rutte"}


# --- each filter changes the charts ---------------------------------------------------------------


def test_sources_keeps_that_source_only(at, seeds):
    rerun(at.multiselect(key="sources").set_value(["NATO"]))
    assert metric(at, "Documents") == "1 of 5"
    show(at, "Keywords")
    f = Filters(sources=("NATO",), entity_types=DEFAULT_TYPES)
    assert bars(at, "chart_keywords") == expected_bars(seeds, f, "keyword", 25)
    assert bars(at, "chart_keywords")["Ukraine"] == 8
    assert at.query_params["source"] == "NATO"


def test_documents_narrows_every_chart_to_them(at, seeds):
    rerun(at.multiselect(key="docs").set_value([SEED_IDS[2]]))
    assert metric(at, "Documents") == "1 of 5"
    show(at, "Entities")
    f = Filters(doc_ids=(SEED_IDS[2],), entity_types=DEFAULT_TYPES)
    expected = {(label, value) for label, value in expected_bars(seeds, f, "entity", 100).items()}
    assert set(bars(at, "chart_entities").items()) <= expected
    assert bars(at, "chart_entities")["Mark Rutte"] == 8
    show(at, "Over time")
    heatmap = figure(at, "chart_heatmap")
    assert len(heatmap["layout"]["xaxis"]["ticktext"]) == 1
    assert heatmap["layout"]["xaxis"]["ticktext"][0].endswith("<br>18 Oct 2024")
    show(at, "Overview")
    assert "**Date:** 2024-10-18" in [m.value for m in at.markdown]  # one date, no "range"


def test_date_range_drops_documents_outside_it(at, seeds):
    at.date_input(key="date_from").set_value(date(2024, 10, 17))
    rerun(at.date_input(key="date_to").set_value(date(2024, 10, 18)))
    assert metric(at, "Documents") == "3 of 5"
    overview = figure(at, "chart_overview")
    assert overview["data"][0]["x"] == ["2024-10-17", "2024-10-18"]
    show(at, "Keywords")
    f = Filters(date_from="2024-10-17", date_to="2024-10-18", entity_types=DEFAULT_TYPES)
    assert bars(at, "chart_keywords") == expected_bars(seeds, f, "keyword", 25)
    assert (at.query_params["from"], at.query_params["to"]) == ("2024-10-17", "2024-10-18")


def test_entity_types_keeps_those_types(at, seeds):
    show(at, "Entities")
    rerun(at.multiselect(key="entity_types").set_value(["PERSON"]))
    spec = figure(at, "chart_entities")
    assert [trace["name"] for trace in spec["data"]] == ["PERSON"]
    f = Filters(entity_types=("PERSON",))
    assert bars(at, "chart_entities") == expected_bars(seeds, f, "entity", 10)
    network = figure(at, "chart_network")
    assert {trace.get("name") for trace in network["data"] if trace.get("name")} == {"PERSON"}


def test_minimum_mentions_drops_rarer_terms(at, seeds):
    show(open_expanders(at, "counting_open"), "Keywords")
    rerun(at.number_input(key="min_count").set_value(5))
    keywords = bars(at, "chart_keywords")
    assert keywords == expected_bars(
        seeds, Filters(min_count=5, entity_types=DEFAULT_TYPES), "keyword", 25
    )
    assert min(keywords.values()) >= 5
    show(at, "Entities")
    assert min(bars(at, "chart_entities").values()) >= 5
    assert at.query_params["min"] == "5"


def test_per_1000_words_charts_rates(at, seeds):
    show(open_expanders(at, "counting_open"), "Keywords")
    rerun(at.toggle(key="per_1k").set_value(True))
    f = Filters(per_1k=True, entity_types=DEFAULT_TYPES)
    expected = expected_bars(seeds, f, "keyword", 25, per_1k=True)
    assert bars(at, "chart_keywords") == pytest.approx(expected)
    words = seeds.documents["n_words"].sum()
    assert bars(at, "chart_keywords")["Ukraine"] == pytest.approx(42 * 1000 / words)
    axis = figure(at, "chart_keywords")["layout"]["xaxis"]["title"]["text"]
    assert axis == "Occurrences where it is a top keyword, per 1,000 words of the selection"


def test_time_step_groups_dates(at):
    show(open_expanders(at, "counting_open"), "Over time")
    rerun(at.selectbox(key="period").set_value("month"))
    timeline = series(at, "chart_timeline")
    assert all(set(points) == {"2023-10", "2024-10", "2024-11"} for points in timeline.values())
    show(at, "Overview")
    overview = figure(at, "chart_overview")
    assert sorted({row[4] for row in overview["data"][1]["customdata"]}) == [
        "2023-10",
        "2024-10",
        "2024-11",
    ]
    assert len(overview["data"][0]["x"]) == 14  # every month from Oct 2023 to Nov 2024


def test_dispersion_counts_what_the_time_charts_count(at, seeds):
    show(open_expanders(at, "dispersion_open"), "Over time")
    rerun(at.multiselect(key="focus").set_value(["Mark Rutte", "Ukraine"]))
    timeline = series(at, "chart_timeline")
    dispersion = table(at, "time_dispersion").set_index("term")
    for term in ("Mark Rutte", "Ukraine"):
        # a keyword that repeats the name is not counted a second time
        assert dispersion.loc[term, "frequency"] == sum(timeline[term].values())
    assert dispersion.loc["Mark Rutte", "frequency"] == 18
    five = ["NATO", "Ukraine", "Mark Rutte", "Jens Stoltenberg", "Russia"]
    rerun(at.multiselect(key="focus").set_value(five))
    assert "Russia" not in set(table(at, "time_dispersion")["term"])
    assert any("left out here: Russia" in c.value for c in at.caption)  # and it says so


def test_tracked_terms_are_counted_and_followed_over_time(at, seeds):
    show(at, "Over time")
    rerun(at.text_input(key="terms").set_value("air defence, billion euros"))
    assert at.multiselect(key="focus").value == ["air defence", "billion euros"]
    timeline = series(at, "chart_timeline")
    assert set(timeline) == {"air defence", "billion euros"}
    found = term_mentions(
        seeds.documents["doc_id"].tolist(),
        seeds.documents["text"].tolist(),
        ["air defence", "billion euros"],
    )
    by_date = counts_by_date(found, seeds.documents)
    for term, points in timeline.items():
        rows = by_date[by_date["term"] == term]
        assert {d: v for d, v in points.items() if v} == dict(
            zip(rows["date"], rows["value"], strict=True)
        )
    assert timeline["billion euros"] == {
        "2023-10-11": 0,
        "2024-10-17": 4,
        "2024-10-18": 1,
        "2024-11-27": 0,
    }
    assert at.query_params["term"] == ["air defence", "billion euros"]


def test_a_tracked_regular_expression_is_a_series_of_its_own(at, seeds):
    pattern = r"\d+(\.\d+)? billion euros"
    show(at, "Over time")
    rerun(at.text_input(key="term_regex").set_value(pattern))
    timeline = series(at, "chart_timeline")
    assert pattern in timeline
    matches = regex_mentions(seeds.documents, pattern)
    assert sum(timeline[pattern].values()) == len(matches) == 5


def test_a_broken_regular_expression_says_why_and_breaks_nothing(at):
    rerun(at.text_input(key="term_regex").set_value("(unclosed"))
    # The message is shown as plain text (Markdown escaped), so ")" is written "\)".
    assert any("missing \\)" in error.value for error in at.error)
    assert metric(at, "Documents") == "5 of 5"


# --- search, KWIC, quotations, reader -------------------------------------------------------------


def test_search_lists_every_match_in_context(at, seeds):
    show(at, "Search & read")
    rerun(at.text_input(key="search").set_value("Secretary General"))
    kwic = table(at, "search_kwic_table")
    matches = regex_mentions(seeds.documents, "Secretary General")
    assert len(kwic) == len(matches) == 17
    assert set(kwic["match"]) == {"Secretary General"}
    per_doc = table(at, "search_kwic_docs")
    assert per_doc.iloc[0][["doc_id", "count", "date"]].tolist() == [SEED_IDS[2], 6, "2024-10-18"]
    assert at.query_params["q"] == "Secretary General"


def test_the_search_box_of_search_and_read_is_the_same_search(at):
    show(at, "Search & read")
    rerun(at.text_input(key="search_here").input("Stoltenberg"))
    assert at.text_input(key="search").value == "Stoltenberg"
    assert at.text_input(key="search_here").value == "Stoltenberg"
    show(at, "Overview")
    assert metric(at, "Documents") == "2 of 5"


def test_search_narrows_the_documents_of_every_tab(at):
    rerun(at.text_input(key="search").set_value("Stoltenberg"))
    assert metric(at, "Documents") == "2 of 5"
    assert len(table(at, "documents_table")) == 2


def test_a_search_pattern_that_cannot_be_used_says_why(at):
    at.checkbox(key="search_regex").check()
    rerun(at.text_input(key="search").set_value("(a|"))
    assert any("Invalid regular expression" in error.value for error in at.error)
    # on the page, not only in the sidebar
    assert any("Invalid regular expression" in error.value for error in at.main.error)
    assert metric(at, "Documents") == "0 of 5"
    assert any("No document matches the filters" in info.value for info in at.info)
    notes = " ".join(info.value for info in at.info)
    assert "the search is not a valid regular expression: 5" in notes
    assert "no match for the search" not in notes
    assert not any("none of these documents has a date" in md.value for md in at.markdown)


def test_who_said_what_about_ukraine(at, seeds):
    """The newcomer's question: what did the Secretary General say about Ukraine?"""
    show(at, "Search & read")
    rerun(at.text_input(key="search").set_value("Ukraine"))
    quotes = quotes_frame(seeds.documents, seeds.mentions)
    expected, _ = filter_quotes(quotes, seeds.documents["doc_id"], "Ukraine")
    shown = table(at, "quotes_table")
    assert len(shown) == len(expected) > 0
    speakers = at.multiselect(key="speakers").options
    # the most quoted first, with the number of quotations and the role they are quoted under
    assert speakers[0].startswith("Mark Rutte (") and speakers[0].endswith(") · Secretary General")
    rerun(at.multiselect(key="speakers").set_value(["Mark Rutte"]))
    shown = table(at, "quotes_table")
    assert set(shown["speaker"]) == {"Mark Rutte"}
    assert all("ukraine" in text.lower() for text in shown["text"])
    page = "".join(m.value for m in at.markdown)
    assert "— <b>Mark Rutte</b>" in page


def test_speakers_are_labelled_with_the_role_they_are_quoted_under():
    from app.sections.quotations import speaker_roles

    quotes = pd.DataFrame(
        {
            "speaker": ["Mark Rutte", "Mark Rutte", "Mark Rutte", "Mark Rutte", "Ann Lee", None],
            "speaker_text": [
                "NATO Secretary General Mark Rutte",
                "the Secretary General",
                "He",
                "Secretary General Mark Rutte",
                "Lee",
                "someone",
            ],
        }
    )
    assert speaker_roles(quotes) == {"Mark Rutte": "Secretary General"}


def test_clicking_a_bar_opens_its_mentions_and_the_article(at, seeds):
    """The newcomer's question: which seed mentions Rutte most, and on what dates?"""
    point = {"customdata": ["entity", "Mark Rutte", "PERSON", "", "", "", "", ""]}
    show(at, "Entities")
    at.session_state["chart_entities"] = {
        "selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}
    }
    rerun(at)
    assert clicked_points([point]) == [{"kind": "entity", "term": "Mark Rutte", "label": "PERSON"}]
    per_doc = table(at, "chart_entities_kwic_docs")
    assert per_doc[["doc_id", "date", "count"]].values.tolist() == [
        [SEED_IDS[2], "2024-10-18", 8],
        [SEED_IDS[0], "2024-10-17", 5],
        [SEED_IDS[1], "2024-10-17", 5],
    ]
    kwic = table(at, "chart_entities_kwic_table")
    assert len(kwic) == 18
    assert set(kwic["match"]) == {"Mark Rutte", "Rutte", "Secretary General"}
    reader = "".join(m.value for m in at.markdown if "hl-doc" in m.value)
    assert 'title="PERSON: Mark Rutte"' in reader


def test_clicking_a_timeline_point_lists_that_dates_mentions(at, seeds):
    point = {"customdata": ["entity", "Ukraine", "GPE", "", "2024-10-18", "", "", ""]}
    show(at, "Over time")
    at.session_state["chart_timeline"] = {
        "selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}
    }
    rerun(at)
    kwic = table(at, "chart_timeline_kwic_table")
    mentions = seeds.mentions
    expected = mentions[
        (mentions["doc_id"] == SEED_IDS[2])
        & (mentions["kind"] == "entity")
        & (mentions["term"] == "Ukraine")
    ]
    assert len(kwic) == len(expected) > 0
    assert set(kwic["date"]) == {"2024-10-18"}


def test_the_reader_escapes_document_text(seeds):
    from analysis.present.highlight import highlight_html

    html = highlight_html('<script>alert("x")</script> NATO', [(29, 33, "ORG", "ORG: NATO")])
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- URL ------------------------------------------------------------------------------------------


def test_a_shared_link_reopens_the_same_view():
    app = AppTest.from_file(APP, default_timeout=180)
    app.query_params.update(
        {"source": "NATO", "type": ["PERSON", "ORG"], "min": "2", "per1k": "1", "k": "12"}
    )
    rerun(open_expanders(app, "counting_open", "settings_open"))
    assert app.multiselect(key="sources").value == ["NATO"]
    assert app.multiselect(key="entity_types").value == ["ORG", "PERSON"]
    assert app.number_input(key="min_count").value == 2
    assert app.toggle(key="per_1k").value is True
    assert app.slider(key="top_k").value == 12
    assert metric(app, "Documents") == "1 of 5"
    show(app, "Entities")
    assert {trace["name"] for trace in figure(app, "chart_entities")["data"]} <= {"PERSON", "ORG"}


def test_a_shared_link_restores_dates_terms_focus_and_search():
    app = AppTest.from_file(APP, default_timeout=180)
    app.query_params.update(
        {
            "from": "2024-10-17",
            "term": ["air defence", "billion euros"],
            "focus": ["billion euros", "Mark Rutte"],
            "q": "NATO",
            "period": "month",
            "type": "all",
            "tab": "time",
        }
    )
    rerun(app)
    assert (app.date_input(key="date_from").value, app.date_input(key="date_to").value) == (
        date(2024, 10, 17),
        date(2024, 11, 27),
    )
    assert app.text_input(key="terms").value == "air defence, billion euros"
    assert app.multiselect(key="focus").value == ["billion euros", "Mark Rutte"]
    assert app.text_input(key="search").value == "NATO"
    assert app.multiselect(key="entity_types").value == []
    assert [tab.label for tab in app.tabs] == TABS and app.session_state["section"] == "Over time"
    assert set(series(app, "chart_timeline")) == {"billion euros", "Mark Rutte"}
    assert app.query_params["focus"] == ["billion euros", "Mark Rutte"]
    assert app.query_params["type"] == "all"
    assert app.query_params["tab"] == "time"
    show(app, "Overview")
    assert metric(app, "Documents") == "4 of 5"
    assert "tab" not in app.query_params


def test_a_malformed_link_falls_back_to_defaults():
    app = AppTest.from_file(APP, default_timeout=180)
    app.query_params.update({"from": "yesterday", "min": "-3", "source": "Nowhere", "k": "999"})
    rerun(open_expanders(app, "settings_open"))
    assert metric(app, "Documents") == "5 of 5"
    assert app.multiselect(key="sources").value == []
    assert app.slider(key="top_k").value == 10


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"k": ["12"], "ngram": ["2"]}, {"top_k": 12, "max_ngram": 2}),
        (
            {"dedup": ["0.8"], "stop": ["minister, meeting"]},
            {"dedup": 0.8, "stopwords": "minister, meeting"},
        ),
        ({"k": ["0"], "ngram": ["x"], "dedup": ["2"]}, {}),
        ({"backend": ["spacy:en_core_web_sm"]}, {"entity_backend": "spacy:en_core_web_sm"}),
    ],
)
def test_settings_in_the_url(params, expected):
    assert settings_from_params(params) == expected


def test_settings_round_trip_through_the_url():
    from analysis.extract.keywords import KeywordSettings

    settings = KeywordSettings(top_k=12, max_ngram=2, dedup_threshold=0.8, stopwords=("x", "y"))
    params = settings_to_params(settings, "rules")
    assert params == {"k": "12", "ngram": "2", "dedup": "0.8", "stop": "x, y"}
    assert settings_to_params(KeywordSettings(), "rules") == {}
    values = settings_from_params({key: [value] for key, value in params.items()})
    assert values == {"top_k": 12, "max_ngram": 2, "dedup": 0.8, "stopwords": "x, y"}


# --- export ---------------------------------------------------------------------------------------


def test_every_table_downloads_with_the_filters_that_made_it(monkeypatch):
    from tests.apptest_support import recorded_downloads

    captured = recorded_downloads(monkeypatch)
    app = AppTest.from_file(APP, default_timeout=180)
    rerun(app)
    rerun(app.multiselect(key="sources").set_value(["NATO"]))
    for section in ("Keywords", "Entities", "Over time", "Search & read"):
        show(app, section)
    for key in ("documents", "corpus_keywords", "entities", "per_date", "quotations"):
        assert f"csv_{key}" in captured and f"parquet_{key}" in captured
    name, make = captured["csv_documents"]
    assert name == "documents.zip"
    with zipfile.ZipFile(io.BytesIO(make())) as archive:
        assert sorted(archive.namelist()) == ["documents.csv", "parameters.json"]
        rows = pd.read_csv(archive.open("documents.csv"))
        parameters = json.loads(archive.read("parameters.json"))
    assert rows["doc_id"].tolist() == [SEED_IDS[1]]
    assert parameters["filters"]["sources"] == ["NATO"]
    assert parameters["url_query"]["source"] == ["NATO"]
    assert parameters["documents"] == [SEED_IDS[1]]
    assert parameters["keyword_settings"]["top_k"] == 10
    assert parameters["entity_backend"] == available_backends()[0]
    name, make = captured["parquet_entities"]
    assert name == "entities.parquet"
    assert read_parameters(make())["filters"]["sources"] == ["NATO"]
    entities = pd.read_parquet(io.BytesIO(make()))
    assert set(entities["doc_id"]) == {SEED_IDS[1]}


# --- corpus in: uploads, problems, aliases --------------------------------------------------------

STORY_A = (
    "Allies meet in Brussels\n"
    "12 March 2024\n"
    "NATO Secretary General Jens Stoltenberg met ministers in Brussels. "
    "Stoltenberg said support for Ukraine would continue.\n"
)
STORY_B = (
    "Talks in Kyiv\n"
    "14 March 2024\n"
    "Volodymyr Zelenskyy received ministers in Kyiv. Zelenskyy thanked NATO for air defence.\n"
)


def _upload(app: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    app.file_uploader(key="uploads").set_value(
        [(name, content, "text/plain") for name, content in files]
    )
    return rerun(app)


def test_uploaded_files_replace_the_seeds_and_bad_ones_are_listed(at):
    _upload(
        at,
        [
            ("a.txt", STORY_A.encode()),
            ("b.txt", STORY_B.encode()),
            ("broken.json", b"{not json"),
        ],
    )
    assert metric(at, "Documents") == "2 of 2"
    assert any("1 input was not used" in warning.value for warning in at.warning)
    show(at, "Problems")
    problems = table(at, "problems_table")
    assert problems["path"].str.contains("broken.json").any()
    show(at, "Entities")
    assert "Jens Stoltenberg" in bars(at, "chart_entities")


def test_a_zip_with_a_metadata_sidecar_gives_sources_and_dates(at):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.txt", STORY_A)
        zipped.writestr("b.txt", STORY_B)
    metadata = (
        b"id,title,date,source\n"
        b"a,Allies meet,2024-03-12,nato.int\n"
        b"b,Talks in Kyiv,2024-03-14,president.gov.ua\n"
    )
    _upload(at, [("articles.zip", archive.getvalue()), ("metadata.csv", metadata)])
    assert metric(at, "Documents") == "2 of 2"
    assert at.multiselect(key="sources").options == ["nato.int", "president.gov.ua"]
    overview = figure(at, "chart_overview")
    assert sorted({row[4] for row in overview["data"][1]["customdata"]}) == [
        "2024-03-12",
        "2024-03-14",
    ]
    rerun(at.multiselect(key="sources").set_value(["president.gov.ua"]))
    assert metric(at, "Documents") == "1 of 2"
    assert table(at, "documents_table")["title"].tolist() == ["Talks in Kyiv"]


def test_an_uploaded_alias_table_takes_effect(at):
    aliases = b"action,pattern,canonical,label\nrename,Jens Stoltenberg,Stoltenberg (NATO),PERSON\n"
    _upload(
        at, [("a.txt", STORY_A.encode()), ("b.txt", STORY_B.encode()), ("aliases.csv", aliases)]
    )
    assert metric(at, "Documents") == "2 of 2"
    show(at, "Entities")
    entities = bars(at, "chart_entities")
    assert "Stoltenberg (NATO)" in entities and "Jens Stoltenberg" not in entities


def test_the_alias_editor_applies_edits(at):
    from app.sources import digest

    show(at, "Entities")
    key = f"alias_editor_{digest(b'')[:8]}"
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [
            {"action": "exclude", "pattern": "Mark Rutte", "canonical": "", "label": ""}
        ],
        "deleted_rows": [],
    }
    rerun(at)
    rerun(at.button(key="apply_aliases").click())
    assert "Mark Rutte" not in bars(at, "chart_entities")
    assert any("Alias table applied: 1 rule" in s.value for s in at.success)


def test_the_entity_finder_and_keyword_settings_are_in_the_sidebar(at):
    assert "entity_backend" not in [s.key for s in at.selectbox]  # behind a click
    rerun(open_expanders(at, "settings_open"))
    assert "rules" in at.selectbox(key="entity_backend").options
    show(at, "Keywords")
    rerun(at.slider(key="top_k").set_value(3))
    keywords = bars(at, "chart_keywords")
    per_doc = dict.fromkeys(SEED_IDS, 3)
    assert len(keywords) <= sum(per_doc.values())
    assert at.query_params["k"] == "3"


@pytest.mark.parametrize(
    ("name", "is_alias"),
    [
        ("aliases.csv", True),
        ("My-Alias-Table.YAML", True),
        ("corpus/aliases.yml", True),
        ("articles.csv", False),
        ("aliases.txt", False),
        ("alias.zip", False),
    ],
)
def test_alias_tables_are_recognised_among_uploads(name, is_alias):
    assert sources.is_alias_file(name) is is_alias


def test_uploaded_alias_tables_are_merged_and_bad_ones_reported():
    good = b"action,pattern,canonical,label\nmerge,Kiev,Kyiv,GPE\n"
    bad = b"action,pattern,canonical,label\nmerge,Kiev,,\n"
    csv, problems = read_uploaded([("aliases.csv", good), ("more_aliases.csv", bad)])
    assert csv == b"action,pattern,canonical,label\nmerge,Kiev,Kyiv,GPE\n"
    assert problems[0][0] == "more_aliases.csv"
    assert "needs a canonical name" in problems[0][1]
    assert rules_csv(pd.DataFrame(columns=["action", "pattern", "canonical", "label"])) == b""


def test_too_many_uploads_are_refused_with_a_reason():
    files = [(f"{i}.txt", b"x") for i in range(sources.MAX_UPLOAD_FILES + 1)]
    assert "the limit is" in sources.check_uploads(files)
    assert sources.check_uploads(files[:3]) is None


# --- the cache and the view -----------------------------------------------------------------------


def test_the_analysis_store_is_bounded_by_bytes_and_uploads_expire(seeds):
    size = analysis_bytes(seeds)
    assert size > seeds.documents["text"].str.len().sum()  # the texts at least
    store = AnalysisStore(max_bytes=int(size * 2.5), ttl=60)
    keys = [AnalysisKey(f"corpus {i}", KeywordSettings(), "", "rules") for i in range(4)]
    for key in keys[:3]:
        store.put(key, seeds, expires=False)
    assert store.keys() == keys[1:3]  # two fit: the oldest went
    assert store.get(keys[1]) is seeds  # used: now the newest
    store.put(keys[3], seeds, expires=False)
    assert store.keys() == [keys[1], keys[3]]
    assert store.total_bytes() <= store.max_bytes
    expiring = AnalysisStore(ttl=0)
    expiring.put(keys[0], seeds, expires=True)
    expiring.put(keys[1], seeds, expires=False)
    assert expiring.get(keys[0]) is None  # an upload's analysis expired
    assert expiring.get(keys[1]) is seeds  # the server's corpus stays


def test_one_analysis_at_a_time_per_server():
    assert analysis_lock() is analysis_lock()  # one lock shared by every session
    assert isinstance(analysis_store(), AnalysisStore)


def test_content_keys_follow_the_bytes_not_the_names():
    one = sources.upload_source([("a.txt", b"same")])
    two = sources.upload_source([("a.txt", b"same")])
    other = sources.upload_source([("a.txt", b"different")])
    assert one.key == two.key != other.key


def test_the_view_applies_a_cached_search_without_running_it_again(seeds):
    f = Filters(search="Stoltenberg", sources=())
    view = build_view(seeds, f, found=[SEED_IDS[3]])
    assert view.documents["doc_id"].tolist() == [SEED_IDS[3]]
    assert set(view.mentions["doc_id"]) == {SEED_IDS[3]}
    assert view.parameters["filters"]["search"] == "Stoltenberg"
    assert view.parameters["documents"] == [SEED_IDS[3]]


def test_over_time_follows_entities_not_their_keyword_echoes(at):
    show(at, "Over time")
    timeline = series(at, "chart_timeline")
    assert not any(name.endswith("(keyword)") for name in timeline)


# --- each corpus from its own defaults; nothing hidden without a word (issue 19) -------------------


def write_corpus(folder: Path, n: int = 40, undated: int = 15) -> Path:
    """``n`` small articles of 2019 in ``folder``, the first ``undated`` without a date."""
    folder.mkdir()
    rows = ["id,title,date,source"]
    for i in range(n):
        (folder / f"story{i:02d}.txt").write_text(
            f"Harbour report {i}\n\nMinister Anna Berg met Olaf Lind of Nordport in Oslo on the "
            f"harbour plan. Berg said the harbour needs {i + 2} new cranes.\n",
            encoding="utf-8",
        )
        day = "" if i < undated else f"2019-03-{1 + i % 28:02d}"
        rows.append(f"story{i:02d},Harbour report {i},{day},{'Wire' if i % 2 else 'Post'}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def infos(app: AppTest) -> str:
    return " ".join(str(element.value) for element in app.info)


def test_a_new_corpus_starts_from_its_own_defaults(at, tmp_path, monkeypatch):
    first = date.fromisoformat("2024-10-17")
    at.date_input(key="date_from").set_value(first)
    rerun(at.date_input(key="date_to").set_value(first))
    assert "Showing" in infos(at) and "outside the date range" in infos(at)
    monkeypatch.setenv(sources.CORPUS_VARIABLE, str(write_corpus(tmp_path / "harbour")))
    rerun(at)
    # Every article counted, undated ones included; the seeds' range did not carry over.
    assert metric(at, "Documents") == "40 of 40"
    assert (at.session_state["date_from"], at.session_state["date_to"]) == (
        date(2019, 3, 1),
        date(2019, 3, 28),
    )
    assert "Showing" not in infos(at)
    show(at, "Over time")
    focus = set(at.multiselect(key="focus").value)
    assert focus and focus <= {"Anna Berg", "Berg", "Olaf Lind", "Nordport", "Oslo"}
    assert not {"NATO", "Ukraine"} & set(at.multiselect(key="focus").value)


def test_a_filter_that_hides_articles_says_which_and_reset_brings_them_back(at):
    rerun(at.multiselect(key="sources").set_value(["NATO"]))
    assert metric(at, "Documents") == "1 of 5"
    assert "Showing 1 of 5 articles" in infos(at) and "other sources: 4" in infos(at)
    rerun(at.button(key="reset_filters").click())
    assert metric(at, "Documents") == "5 of 5"
    assert at.multiselect(key="sources").value == []
    assert "Showing" not in infos(at)


def test_clear_all_on_the_followed_terms_stays_cleared(at):
    show(at, "Over time")
    assert at.multiselect(key="focus").value  # the corpus' top entities by default
    rerun(at.multiselect(key="focus").set_value([]))
    assert at.multiselect(key="focus").value == []
    rerun(at)
    assert at.multiselect(key="focus").value == []
    assert "focus" not in at.query_params


def test_a_link_made_on_an_uploaded_corpus_says_so_and_waits_for_the_upload():
    app = AppTest.from_file(APP, default_timeout=180)
    app.query_params["corpus"] = "0123456789abcdef"
    app.query_params["source"] = "NATO"
    rerun(app)
    assert any("uploaded corpus" in w.value and "upload" in w.value for w in app.warning)
    assert metric(app, "Documents") == "5 of 5"  # the link's filters wait for its corpus
    assert app.query_params["corpus"] == "0123456789abcdef"
    assert app.query_params["source"] == "NATO"  # the address still holds the whole link


def test_a_link_on_an_uploaded_corpus_comes_back_whole_once_its_files_are_uploaded():
    files = [("a.txt", STORY_A.encode()), ("b.txt", STORY_B.encode())]
    made = AppTest.from_file(APP, default_timeout=180)
    _upload(rerun(made), files)
    link = dict(made.query_params) | {"from": "2024-03-13", "a": "doc:a", "b": "doc:b"}
    assert link["corpus"]  # the upload's content key

    app = AppTest.from_file(APP, default_timeout=180)
    for name, values in link.items():
        app.query_params[name] = values
    rerun(app)
    assert metric(app, "Documents") == "5 of 5"  # the seeds, while the link waits
    assert app.query_params["from"] == "2024-03-13" and app.query_params["a"] == "doc:a"
    _upload(app, files)
    assert metric(app, "Documents") == "1 of 2"  # the link's date filter, on its corpus
    assert (app.query_params["a"], app.query_params["b"]) == ("doc:a", "doc:b")


def test_the_compare_sides_of_one_corpus_are_not_carried_to_another():
    app = AppTest.from_file(APP, default_timeout=180)
    app.query_params["a"] = "source:NATO"
    rerun(app)
    assert app.query_params["a"] == "source:NATO"
    _upload(app, [("a.txt", STORY_A.encode()), ("b.txt", STORY_B.encode())])
    assert "a" not in app.query_params and "b" not in app.query_params


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"k": ["31"]}, {}),
        ({"k": ["12"]}, {"top_k": 12}),
        ({"dedup": ["0.73"]}, {}),  # not a step of the slider
        ({"dedup": ["0.75"]}, {"dedup": 0.75}),
        ({"stop": ["minister, meeting"]}, {"stopwords": "minister, meeting"}),
        ({"stop": [", ".join(f"w{i}" for i in range(40))]}, {}),  # more than the box takes
        ({"stop": ["x" * 400]}, {}),
        ({"stop": ["[a](http://phish.invalid)"]}, {}),
    ],
)
def test_url_settings_are_limited_to_what_the_page_offers(params, expected):
    assert settings_from_params(params) == expected


def test_a_million_documents_are_not_a_million_options():
    ids = [f"doc{i:07d}" for i in range(1_000_000)]
    options = Options(
        sources=[], doc_ids=ids, titles={}, first_date=None, last_date=None, corpus="x"
    )
    assert len(offered_documents(options, "", [])) == MAX_OPTIONS
    assert offered_documents(options, "doc0999999", []) == ["doc0999999"]
    assert offered_documents(options, "", ["doc0999998"])[-1] == "doc0999998"  # kept


@pytest.mark.parametrize(
    ("point", "period", "name"),
    [
        ({"term": "Mark Rutte", "date": "2024-10-17"}, "day", "Mark Rutte"),
        ({"date": "2024-10-14", "source": ""}, "week", "week of 2024-10-14 · (no source)"),
        ({"date": "2024-10", "source": "NATO"}, "month", "2024-10 · NATO"),
        ({"date": "(none)", "source": "(none)"}, "week", "no date · (no source)"),
    ],
)
def test_a_clicked_point_is_named_by_its_period_and_source(point, period, name):
    assert point_name(point, period) == name
