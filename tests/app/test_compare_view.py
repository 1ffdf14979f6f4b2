"""The Compare section: side pickers (pure helpers), the highlighted texts, and the section in
the running app (AppTest)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.schema import mentions_frame
from app.sections.compare.sides import (
    DATES,
    SELECTION,
    Side,
    default_choices,
    default_ranges,
    document_label,
    resolve_side,
    side_choices,
)
from app.sections.compare.texts import document_html
from app.url import COMPARE_DATES, compare_side_from_param
from tests.conftest import ROOT, SEED_IDS

FIRST, SECOND, THIRD = (f"doc:{doc_id}" for doc_id in SEED_IDS[:3])


@pytest.fixture
def documents() -> pd.DataFrame:
    """Four documents: two sources (one of them empty), one undated, one without a title."""
    return pd.DataFrame(
        {
            "doc_id": ["kr_001", "kr_002", "ua_001", "misc"],
            "title": ["Talks in Minsk", "", "Kyiv <b>answers</b>", "Odds and ends"],
            "date": ["2022-02-20", "2022-03-01", "2022-03-05", ""],
            "source": ["Kremlin", "Kremlin", "Kyiv", ""],
            "text": ["a", "b", "c", "d"],
        }
    )


# --- pure helpers ----------------------------------------------------------------------------------


def test_side_choices_offer_groups_then_documents(documents) -> None:
    assert side_choices(documents, 3) == {
        SELECTION: "Current filter selection · 3 documents",
        "source:": "Source: (no source) · 1 document",
        "source:Kremlin": "Source: Kremlin · 2 documents",
        "source:Kyiv": "Source: Kyiv · 1 document",
        DATES: "A date range…",
        "doc:kr_001": "Talks in Minsk · kr_001",
        "doc:kr_002": "kr_002",
        "doc:ua_001": "Kyiv <b>answers</b> · ua_001",  # shown as text by the selectbox
        "doc:misc": "Odds and ends · misc",
    }
    undated = documents.assign(date="")
    assert DATES not in side_choices(undated, 4)


def test_document_labels_are_one_shortened_line() -> None:
    assert document_label("d1", "  Two\nlines ") == "Two lines · d1"
    long = document_label("d2", "word " * 100)
    assert long.endswith("… · d2") and len(long) == 160 + len(" · d2")


def test_default_choices_are_the_first_and_third_documents(documents) -> None:
    assert default_choices(side_choices(documents, 4)) == ("doc:kr_001", "doc:ua_001")
    two = documents.head(2)
    assert default_choices(side_choices(two, 2)) == ("doc:kr_001", "doc:kr_002")


def test_default_ranges_split_the_dated_documents(documents) -> None:
    assert default_ranges(documents) == (
        (date(2022, 2, 20), date(2022, 3, 1)),
        (date(2022, 3, 5), date(2022, 3, 5)),
    )


@pytest.mark.parametrize(
    ("choice", "dates", "expected"),
    [
        ("doc:kr_002", None, Side("kr_002", ("kr_002",))),
        ("doc:kr_001", None, Side("Talks in Minsk", ("kr_001",))),
        ("source:Kremlin", None, Side("Source: Kremlin", ("kr_001", "kr_002"))),
        ("source:", None, Side("Source: (no source)", ("misc",))),
        (SELECTION, None, Side("Filter selection", ("kr_002", "ua_001"))),
        (
            DATES,
            (date(2022, 3, 1), date(2022, 3, 31)),
            Side("2022-03-01 to 2022-03-31", ("kr_002", "ua_001")),
        ),
    ],
)
def test_resolve_side(documents, choice: str, dates, expected: Side) -> None:
    assert resolve_side(choice, documents, ["ua_001", "kr_002"], dates) == expected


@pytest.mark.parametrize(
    ("choice", "selected", "dates", "problem"),
    [
        ("doc:gone", [], None, "That document is not in the corpus"),
        ("source:Reuters", [], None, "Source: Reuters has no document."),
        (SELECTION, [], None, "No document passes the sidebar filters"),
        (DATES, [], (date(2022, 3, 1),), "Pick the last day of the date range too."),
        (DATES, [], (date(2021, 1, 1), date(2021, 12, 31)), "No document is dated from 2021-01-01"),
    ],
)
def test_resolve_side_says_what_to_do(documents, choice, selected, dates, problem: str) -> None:
    side = resolve_side(choice, documents, selected, dates)
    assert side.doc_ids == ()
    assert side.problem is not None and side.problem.startswith(problem)


def test_document_html_escapes_the_untrusted_text() -> None:
    from analysis.query.compare import compare_sides

    payload = '<script>alert(1)</script> <img src=x onerror="alert(2)">'
    documents = pd.DataFrame(
        {
            "doc_id": ["<svg onload=alert(3)>", "plain"],
            "title": [f"Title {payload}", "Plain"],
            "date": ["2024-10-17", ""],
            "source": ['<i onclick="alert(4)">Wire</i>', ""],
            "n_words": [9, 5],
            "text": [f"NATO ministers met. {payload} NATO again.", "NATO ministers met today."],
        }
    )
    mentions = mentions_frame(
        [
            ("<svg onload=alert(3)>", "entity", "NATO", "ORG", 0, 4, "NATO"),
            ("plain", "entity", "NATO", "ORG", 0, 4, "NATO"),
        ]
    )
    comparison = compare_sides(documents, mentions, ["<svg onload=alert(3)>"], ["plain"])
    markup = document_html(comparison, documents, mentions, "a")
    for live in ["<script", "<img", "<svg", "<i onclick"]:
        assert live not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "Title &lt;script&gt;" in markup and "&lt;svg onload=alert(3)&gt; · 2024-10-17" in markup
    assert '<mark class="hl hl-shared" title="NATO (ORG), entity: A 1, B 1">NATO</mark>' in markup


# --- the view in the app ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app() -> AppTest:
    """The dashboard on the bundled seeds, after its first run: one app for the tests below,
    which pick both sides themselves (and run in this order: the first checks the defaults, the
    last changes a sidebar filter)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.session_state["section"] = "Compare"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def pick(at: AppTest, a: str | None = None, b: str | None = None) -> AppTest:
    """Choose the sides (keys of the pickers' options) and rerun."""
    if a is not None:
        at.selectbox(key="compare_a").set_value(a)
    if b is not None:
        at.selectbox(key="compare_b").set_value(b)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    """The bodies of the highlighted comparison texts."""
    return [h.proto.body for h in at.get("html") if 'class="doc-text compare-text"' in h.proto.body]


def headings(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**")]


def test_the_tab_opens_on_two_seed_documents(app) -> None:
    assert (app.selectbox(key="compare_a").value, app.selectbox(key="compare_b").value) == (
        FIRST,
        THIRD,
    )
    shown = metrics(app)
    assert shown["Similarity (TF-IDF cosine)"] == "0.27"
    # Entity counts of the default entity types (the sidebar's), from the shipped entity model.
    assert (shown["Shared entities"], shown["Entities only in A"]) == ("12", "5")
    assert (shown["Entities only in B"], shown["Shared keywords"]) == ("9", "8")
    assert shown["Shared passages"] == "0"
    assert {"**In both** (20)", "**Only in A** (8)", "**Only in B** (15)"} <= set(headings(app))
    left, right = texts(app)
    assert "<b>A: NATO Defence Ministers Meeting opens with a focus on Ukraine" in left
    assert '<mark class="hl hl-shared" title="Mark Rutte (PERSON), entity: A 5, B 8">' in left
    assert "<b>B: NATO Secretary General: Strengthening deterrence &quot;top priority&quot;" in (
        right
    )
    assert '<mark class="hl hl-only-b"' in right and "hl-only-a" not in right
    assert (app.query_params["tab"], app.query_params["a"], app.query_params["b"]) == (
        "compare",
        FIRST,
        THIRD,
    )


def test_switching_b_changes_the_similarity_and_the_lists(app) -> None:
    pick(app, b=SECOND)
    shown = metrics(app)
    assert shown["Similarity (TF-IDF cosine)"] == "0.32"
    assert (shown["Shared entities"], shown["Entities only in A"]) == ("11", "6")
    assert shown["Entities only in B"] == "4"
    only_b = [
        frame.value for frame in app.dataframe if list(frame.value.columns[:2]) == ["kind", "term"]
    ][2]
    assert only_b["term"].tolist()[:3] == ["NATO Headquarters", "Brussels", "NATO Allies"]


def test_reused_sentences_are_aligned_and_marked(app) -> None:
    pick(app, a=THIRD, b=SECOND)
    shown = metrics(app)
    assert shown["Shared passages"] == "2"
    assert (shown["Share of A reused in B"], shown["Share of B reused from A"]) == ("13%", "19%")
    passages = next(f.value for f in app.dataframe if "text_a" in f.value.columns)
    assert passages["similarity"].tolist() == [0.5778, 0.6575]
    assert passages["text_a"].iloc[0].startswith("The Secretary General cited greater defence")
    assert passages["text_b"].iloc[1].startswith("Mr Rutte indicated that work is well")
    left, right = texts(app)
    assert left.count('title="near match (0.58) with 001_b25c6842de4ecec4"') >= 1
    assert 'class="hl hl-reused"' in right


def test_two_sources_are_compared_as_groups(app) -> None:
    pick(app, a="source:", b="source:NATO")
    shown = metrics(app)
    assert shown["Similarity (TF-IDF cosine)"] == "0.31"
    assert (shown["Shared entities"], shown["Entities only in B"]) == ("15", "0")
    assert texts(app) == []
    tops = [f.value for f in app.dataframe if "Top entities" in f.value.columns]
    assert [top["Top entities"].iloc[0] for top in tops] == ["NATO", "NATO"]
    assert tops[1]["Top keywords"].iloc[:2].tolist() == ["Ukraine", "NATO Defence Ministers"]
    assert "A: 4 documents" in [c.value for c in app.caption]


def test_the_same_side_twice_says_so(app) -> None:
    pick(app, a="source:NATO", b=SECOND)
    assert "A and B are the same documents: pick something else for B." in [
        i.value for i in app.info
    ]
    assert "Similarity (TF-IDF cosine)" not in metrics(app)


def test_keyness_chart_follows_the_chosen_items(app) -> None:
    pick(app, a=FIRST, b=THIRD)
    chart = next(c for c in app.get("plotly_chart") if "Log Ratio" in c.proto.spec)
    bars = {trace["name"]: trace["y"] for trace in json.loads(chart.proto.spec)["data"]}
    assert bars == {"A": [], "B": ["deterrence", "alliance"]}
    app.radio(key="compare_keyness_kind").set_value("entity")
    app.selectbox(key="compare_keyness_p").set_value(1.0).run()
    chart = next(c for c in app.get("plotly_chart") if "Log Ratio" in c.proto.spec)
    bars = {trace["name"]: trace["y"] for trace in json.loads(chart.proto.spec)["data"]}
    assert (bars["A"][-1], bars["B"][-1]) == ("Indo-Pacific", "Romania")  # strongest on top
    assert len(bars["A"]) == 15


def test_a_date_range_and_the_filter_selection(app) -> None:
    pick(app, a=SELECTION, b=DATES)
    assert app.date_input(key="compare_b_dates").value == (date(2024, 10, 18), date(2024, 11, 27))
    assert metrics(app)["Similarity (TF-IDF cosine)"] == "0.70"
    assert any(w.value.startswith("A and B share 2 documents") for w in app.warning)
    app.date_input(key="compare_b_dates").set_value((date(2023, 10, 11), date(2023, 12, 31))).run()
    assert "B: 1 document" in [c.value for c in app.caption]
    app.multiselect(key="sources").select("NATO").run()
    assert not app.exception
    assert "A: 1 document" in [c.value for c in app.caption]
    assert metrics(app)["Similarity (TF-IDF cosine)"] == "0.20"


def test_a_shared_link_reopens_the_comparison() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update({"tab": "compare", "a": "source:NATO", "b": SECOND})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="compare_a").value == "source:NATO"
    assert "A and B are the same documents: pick something else for B." in [
        i.value for i in at.info
    ]


def test_a_date_range_side_is_kept_in_the_link_with_its_days() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update({"tab": "compare", "a": "dates:2024-10-17:2024-10-18", "b": SECOND})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="compare_a").value == "dates"
    assert at.date_input(key="compare_a_dates").value == (date(2024, 10, 17), date(2024, 10, 18))
    assert "A: 3 documents" in [c.value for c in at.caption]
    assert at.query_params["a"] == "dates:2024-10-17:2024-10-18"
    at.date_input(key="compare_a_dates").set_value((date(2023, 10, 11), date(2024, 10, 17))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["a"] == "dates:2023-10-11:2024-10-17"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dates:2024-10-17:2024-10-18", ("dates", (date(2024, 10, 17), date(2024, 10, 18)))),
        ("dates:2024-10-18:2024-10-17", ("dates", None)),  # backwards: the picker's default
        ("dates:tomorrow:", ("dates", None)),
        ("doc:003", ("doc:003", None)),
        ("source:", ("source:", None)),
    ],
)
def test_a_compare_side_is_read_from_the_link_safely(value, expected) -> None:
    assert compare_side_from_param(value) == expected
    assert COMPARE_DATES == DATES


def test_a_side_from_another_corpus_falls_back_to_the_default() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update({"tab": "compare", "a": "doc:gone", "b": "nonsense"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert (at.selectbox(key="compare_a").value, at.selectbox(key="compare_b").value) == (
        FIRST,
        THIRD,
    )


def test_a_sides_caption_names_its_undated_and_sourceless_documents() -> None:
    from app.sections.compare.summary import side_caption

    summary = {
        "n_documents": 3,
        "n_words": 1200,
        "date_min": "2023-02-14",
        "date_max": "2023-02-15",
        "n_undated": 1,
        "sources": ["NATO"],
        "n_no_source": 1,
    }
    assert side_caption(summary) == (
        "3 documents · 1,200 words · 2023-02-14 to 2023-02-15, 1 undated · NATO, 1 with no source"
    )
    one_day = {**summary, "date_max": "2023-02-14", "n_undated": 0, "n_no_source": 0}
    assert side_caption(one_day) == "3 documents · 1,200 words · 2023-02-14 · NATO"
