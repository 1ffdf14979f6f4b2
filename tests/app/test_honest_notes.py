"""What the page says its numbers count (AppTest and plain functions): keyword counts cover only
the articles where the phrase is a top keyword, undated articles are off the time axis and out of
month groups, the range rule of the Groups tab, untitled articles, articles without a source.

The corpus is the seeds plus one undated, untitled-by-date article whose names occur nowhere else
("Zorblax Quendi"). Expected values come from the library run on the same documents.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import analyze, load_corpus
from analysis.core.counting import count_terms
from analysis.extract.phrase_search import find_phrase
from analysis.query.groups import default_min_docs
from analysis.query.keyness import keyness_arrays, required_range
from app.drill import keyword_scope, titled
from app.sections.groups import group_choices, outside_groups, range_rule
from app.sections.keywords import KEYWORD_MEASURE, keyword_bars, keyword_count_note
from app.sections.over_time import undated_note
from app.sections.overview import source_counts
from app.sections.quotations import quotes_html
from tests.apptest_support import figure, table
from tests.conftest import SEED_IDS, SEEDS

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
UNDATED = "zz_undated"
UNDATED_TEXT = (
    "Quiet talks\n"
    "Jens Stoltenberg spoke with Zorblax Quendi about sanctions. Zorblax Quendi said "
    '"We will keep talking about sanctions," and left.\n'
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The seeds plus one undated article."""
    path = tmp_path_factory.mktemp("undated")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, path)
    (path / f"{UNDATED}.txt").write_text(UNDATED_TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(folder):
    return analyze(load_corpus(folder))


@pytest.fixture(scope="module")
def seeds():
    return analyze(load_corpus(SEEDS))


def rerun(app) -> AppTest:
    ran = app.run()
    assert not ran.exception, [e.message for e in ran.exception]
    return ran


def start(section: str, folder: Path | None, monkeypatch) -> AppTest:
    if folder is not None:
        monkeypatch.setenv("ANALYSIS_CORPUS", str(folder))
    app = AppTest.from_file(APP, default_timeout=180)
    rerun(app)
    app.session_state["section"] = section
    return rerun(app)


def texts(app: AppTest) -> str:
    return "\n".join(
        element.value for kind in ("caption", "info", "markdown") for element in app.get(kind)
    )


# --- 1. keywords ----------------------------------------------------------------------------------


def test_keyword_bars_say_they_count_only_the_articles_where_it_is_a_keyword(seeds) -> None:
    counts = count_terms(seeds.mentions, seeds.documents)
    row = counts[(counts["kind"] == "keyword") & (counts["term"] == "Secretary General")].iloc[0]
    everywhere = sum(len(find_phrase(text, "Secretary General")) for text in seeds.documents.text)
    assert (row["count"], row["n_docs"], everywhere) == (8, 3, 17)  # fewer than in the corpus
    spec = keyword_bars(counts, n=25, per_1k=False)
    bar = spec.data[0]
    assert spec.layout.xaxis.title.text == KEYWORD_MEASURE
    hover = dict(zip(bar.y, bar.hovertext, strict=True))["Secretary General"]
    assert "8 occurrences in the 3 articles where it is a top keyword" in hover
    assert "mentions" not in hover
    assert "exact occurrences" not in keyword_count_note(10)
    assert "top 10 keywords" in keyword_count_note(10)


def test_keyword_drilldown_says_where_the_count_comes_from(seeds, monkeypatch) -> None:
    app = start("Keywords", None, monkeypatch)
    assert "own top 10 keywords" in texts(app)
    assert "Words → concordance" in texts(app)
    assert figure(app, "chart_keywords")["layout"]["xaxis"]["title"]["text"] == KEYWORD_MEASURE
    point = {"customdata": ["keyword", "Secretary General", "", "", "", "", "", ""]}
    app.session_state["chart_keywords"] = {
        "selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}
    }
    rerun(app)
    assert len(table(app, "chart_keywords_kwic_table")) == 8
    assert any(
        "counted only in the articles where the phrase is one of that article's own top "
        "keywords (these 3 articles)" in caption.value
        for caption in app.caption
    )
    mentions = seeds.mentions[seeds.mentions["kind"] == "entity"]
    assert keyword_scope(mentions) is None


# --- 2. over time ---------------------------------------------------------------------------------


def test_undated_note_counts_what_the_time_axis_leaves_out(result) -> None:
    terms = ["Zorblax Quendi", "Jens Stoltenberg"]
    mentions = result.mentions[result.mentions["kind"] == "entity"]
    followed = mentions[mentions["term"].isin(terms)]
    in_undated = int((followed["doc_id"] == UNDATED).sum())
    assert in_undated >= 3
    note = undated_note(result.documents, mentions, terms)
    assert f"**1 of the {len(result.documents)} articles in view has no date**" in note
    assert f"It holds {in_undated} of the {len(followed)} mentions" in note
    dated_stoltenberg = (followed["term"] == "Jens Stoltenberg") & (followed["doc_id"] != UNDATED)
    only = "“Zorblax Quendi”" + (", “Jens Stoltenberg”" if not dated_stoltenberg.any() else "")
    assert note.endswith(f"so with no line or point over time: {only}.")
    dated = result.documents[result.documents["doc_id"] != UNDATED]
    assert undated_note(dated, mentions, terms) is None


def test_over_time_tab_names_the_undated_articles(folder, monkeypatch) -> None:
    app = start("Over time", folder, monkeypatch)
    app.session_state["focus"] = ["Zorblax Quendi"]
    rerun(app)
    notes = [info.value for info in app.info]
    assert any("1 of the 6 articles in view has no date" in note for note in notes), notes
    assert any("“Zorblax Quendi”" in note for note in notes)


# --- 3. groups ------------------------------------------------------------------------------------


def test_the_range_rule_is_the_one_keyness_applies() -> None:
    assert range_rule(2) == "at least 2 of the group's articles (1 in a one-article group)"
    assert range_rule(1) == "at least 1 of the group's articles"
    assert [required_range(2, n) for n in (1, 2, 5)] == [1, 2, 2]
    # one article (its only article has the word) against a group of 3: key with range 1 < 2
    table_ = keyness_arrays(
        pd.Series(["word"]).to_numpy(),
        pd.Series([0]).to_numpy(),
        pd.Series([""]).to_numpy(),
        ([20], [0]),
        ([1], [0]),
        (100, 300),
        (1, 3),
        min_docs=2,
    )
    assert table_["item"].tolist() == ["word"]


def test_undated_articles_are_said_to_be_in_no_month_group(result, monkeypatch, folder) -> None:
    documents = result.documents
    months = {
        "from=2024-10-01,to=2024-10-31": [SEED_IDS[0], SEED_IDS[1], SEED_IDS[2]],
        "from=2024-11-01,to=2024-11-31": [SEED_IDS[4]],
    }
    assert set(months) <= set(group_choices(documents))
    note = outside_groups(documents, list(months), months)
    assert note == (  # the 2023 seed is in neither month
        "1 undated article is in no month group; 1 other article is in none of the groups "
        "picked: 2 of the 6 articles in view are left out of this comparison."
    )
    app = start("Groups", folder, monkeypatch)
    app.session_state["groups"] = list(months)
    shown = texts(rerun(app))
    assert "undated article is in no month group" in shown
    assert f"occurs in {range_rule(default_min_docs(months))} and more often" in shown


# --- 4. untitled articles -------------------------------------------------------------------------


def test_untitled_articles_are_named_by_doc_id_and_bylines_have_no_empty_field() -> None:
    frame = pd.DataFrame(
        {
            "speaker": ["Donald Trump", "Mark Rutte"],
            "text": ["We will see.", "Deterrence."],
            "speaker_text": ["Donald Trump", "Rutte"],
            "title": ["", "Allies meet"],
            "date": ["2020-01-02", ""],
            "doc_id": ["a1", "b2"],
        }
    )
    assert titled(frame)["title"].tolist() == ["a1", "Allies meet"]
    page = quotes_html(frame)
    assert "— <b>Donald Trump</b> · a1 · 2020-01-02" in page
    assert "Allies meet · no date" in page
    assert "·  ·" not in page and "· ·" not in page


def test_entity_drilldown_names_the_untitled_seed(seeds, monkeypatch) -> None:
    untitled = SEED_IDS[3]
    assert seeds.documents.set_index("doc_id").at[untitled, "title"] == ""
    term = seeds.mentions.loc[
        (seeds.mentions["doc_id"] == untitled) & (seeds.mentions["kind"] == "entity"), "term"
    ].iloc[0]
    label = seeds.mentions.loc[seeds.mentions["term"] == term, "label"].iloc[0]
    app = start("Entities", None, monkeypatch)
    point = {"customdata": ["entity", term, label, "", "", "", "", ""]}
    app.session_state["chart_entities"] = {
        "selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}
    }
    rerun(app)
    per_doc = table(app, "chart_entities_kwic_docs")
    assert per_doc.set_index("doc_id").at[untitled, "title"] == untitled
    assert (per_doc["title"].str.strip() != "").all()


# --- 5. overview ----------------------------------------------------------------------------------


def test_sources_metric_says_none_given_or_counts_named_sources(result, monkeypatch) -> None:
    assert source_counts(result.documents.assign(source="")) == (0, len(result.documents))
    named, unnamed = source_counts(result.documents)
    assert named >= 1 and unnamed >= 1
    app = start("Overview", None, monkeypatch)  # the seeds: one names NATO, four name none
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Sources"] == "1"
    assert "4 of the 5 documents name no source" in texts(app)


def test_the_entities_tab_says_keyword_counts_cover_only_the_articles_they_rank_in():
    from app.sections.hints import COUNTS_DIFFER

    assert "exact occurrences" not in COUNTS_DIFFER
    assert "only in the articles where it is one of that article's own top keywords" in (
        COUNTS_DIFFER
    )
