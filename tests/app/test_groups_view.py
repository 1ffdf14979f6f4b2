"""The Groups and Duplicates tabs, "count each story once", and the spike explanation under the
timeline, in the running app (AppTest).

The seeds hold no two copies of a story, so the duplicate tests open a corpus of the seeds plus two
planted copies of the first seed (one word for word, one with a sentence added). Expected values
come from the library run on the same documents.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import analyze, load_corpus
from analysis.query.duplicates import cluster_summary, duplicate_clusters
from analysis.query.groups import compare_many, select_groups
from analysis.query.spikes import explain_period
from app.sections.groups import default_groups, group_choices
from tests.conftest import SEED_IDS, SEEDS

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
FIRST = SEED_IDS[0]


def rerun(app) -> AppTest:
    result = app.run()
    assert not result.exception, [e.message for e in result.exception]
    return result


def start(section: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=180)
    rerun(app)
    app.session_state["section"] = section
    return rerun(app)


def table(app: AppTest, first_column: str):
    found = [frame.value for frame in app.dataframe if frame.value.columns[0] == first_column]
    assert found, [list(frame.value.columns) for frame in app.dataframe]
    return found[0]


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.fixture(scope="module")
def seeds():
    return analyze(load_corpus(SEEDS))


@pytest.fixture(scope="module")
def with_copies(tmp_path_factory) -> Path:
    """The seeds plus a word-for-word copy of the first seed and one with a sentence added."""
    folder = tmp_path_factory.mktemp("copies")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder)
    text = (SEEDS / f"{FIRST}.txt").read_text(encoding="utf-8")
    (folder / "zz_copy.txt").write_text(text, encoding="utf-8")
    (folder / "zz_edited.txt").write_text(
        text + "\nThe agency added this closing line.\n", encoding="utf-8"
    )
    return folder


@pytest.fixture
def copies_app(with_copies, monkeypatch) -> AppTest:
    monkeypatch.setenv("ANALYSIS_CORPUS", str(with_copies))
    return start("Duplicates")


# --- groups ---------------------------------------------------------------------------------------


def test_group_choices_offer_sources_months_and_articles(seeds) -> None:
    choices = group_choices(seeds.documents)
    assert list(choices)[:2] == ["source=", "source=NATO"]
    assert choices["source=NATO"] == "Source: NATO · 1 document"
    assert choices["from=2024-10-01,to=2024-10-31"] == "Month: 2024-10 · 3 documents"
    assert FIRST in choices
    assert default_groups(choices) == ["source=", "source=NATO"]


def test_the_first_groups_are_the_largest_sources() -> None:
    sizes = {"a.com": 1, "b.com": 5, "c.com": 2, **{f"x{i}.com": 3 for i in range(8)}}
    documents = pd.DataFrame(
        [
            {"doc_id": f"{source}-{n}", "source": source, "date": "", "title": ""}
            for source, size in sizes.items()
            for n in range(size)
        ]
    )
    picked = default_groups(group_choices(documents))
    assert picked == ["source=b.com", *(f"source=x{i}.com" for i in range(7))]


def test_the_groups_tab_compares_the_two_sources(seeds) -> None:
    app = start("Groups")
    groups = select_groups(seeds.documents, ["source=", "source=NATO"])
    expected = compare_many(seeds.documents, seeds.mentions, groups, passages=False)
    summary = table(app, "group")
    assert summary["group"].tolist() == ["Source: (no source)", "Source: NATO"]
    assert summary["n_documents"].tolist() == [4, 1]
    assert summary["n_words"].tolist() == expected.summary["n_words"].tolist()
    charts = app.get("plotly_chart")
    assert len(charts) == 2  # the over-used items and the entity presence matrix


def test_months_as_groups_and_the_passages_they_share(seeds) -> None:
    app = start("Groups")
    months = ["from=2024-10-01,to=2024-10-31", "from=2024-11-01,to=2024-11-31"]
    app.session_state["groups"] = months
    rerun(app)
    assert table(app, "group")["n_documents"].tolist() == [3, 1]
    app.toggle(key="groups_passages").set_value(True)
    rerun(app)
    assert any("Passages shared by each pair" in markdown.value for markdown in app.markdown)


def test_a_clicked_entity_cell_lists_its_sentences_in_that_group(seeds) -> None:
    app = start("Groups")
    fields = ["entity", "NATO", "ORG", "", "", "", "", "", "Source: NATO"]
    app.session_state["chart_group_presence"] = {
        "selection": {
            "points": [{"customdata": fields}],
            "point_indices": [],
            "box": [],
            "lasso": [],
        }
    }
    rerun(app)
    nato_doc = seeds.documents.loc[seeds.documents["source"] == "NATO", "doc_id"].iloc[0]
    mentions = seeds.mentions
    n = int(
        (
            (mentions["doc_id"] == nato_doc)
            & (mentions["term"] == "NATO")
            & (mentions["kind"] == "entity")
        ).sum()
    )
    assert any(
        f"NATO in Source: NATO: {n} mention" in markdown.value for markdown in app.markdown
    ), [markdown.value for markdown in app.markdown]


# --- duplicates and counting each story once ------------------------------------------------------


def test_the_duplicates_tab_shows_the_planted_cluster(copies_app, with_copies) -> None:
    documents = load_corpus(with_copies).documents
    expected = cluster_summary(duplicate_clusters(documents, 0.8), documents)
    assert metrics(copies_app) == {
        "Clusters": "1",
        "Articles in clusters": "3 of 7",
        "Folded when counting once": "2",
    }
    summary = table(copies_app, "cluster")
    assert summary["size"].tolist() == expected["size"].tolist() == [3]
    assert summary["first"].iloc[0] == FIRST
    copies_app.session_state["dup_table"] = {"selection": {"rows": [0], "columns": []}}
    rerun(copies_app)
    members = table(copies_app, "doc_id")
    assert set(members["doc_id"]) == {FIRST, "zz_copy", "zz_edited"}
    differences = [frame.value for frame in copies_app.dataframe if "members_with" in frame.value]
    assert differences and differences[0]["sentence"].str.contains("closing line").any()


def test_counting_each_story_once_narrows_every_tab(copies_app) -> None:
    copies_app.session_state["section"] = "Overview"
    rerun(copies_app)
    assert metrics(copies_app)["Documents"] == "7 of 7"
    copies_app.toggle(key="count_once").set_value(True)
    rerun(copies_app)
    assert metrics(copies_app)["Documents"].startswith("5 of")
    assert copies_app.query_params.get("once") == "1"
    notes = " ".join(info.value for info in copies_app.info)
    # the banner says why: folded copies, not documents left unchosen
    assert "folded as copies of a story (Count each story once): 2" in notes
    assert "not among the chosen documents" not in notes
    copies_app.session_state["section"] = "Words"
    rerun(copies_app)
    assert any("in 5 articles" in caption.value for caption in copies_app.caption)


@pytest.mark.parametrize("value", ["1", "true"])
def test_the_switch_is_read_from_the_url(with_copies, monkeypatch, value) -> None:
    monkeypatch.setenv("ANALYSIS_CORPUS", str(with_copies))
    app = AppTest.from_file(APP, default_timeout=180)
    app.query_params["once"] = value
    rerun(app)
    assert app.toggle(key="count_once").value is True
    assert metrics(app)["Documents"].startswith("5 of")


# --- a spike explained under the timeline ---------------------------------------------------------


def test_a_clicked_period_is_explained_with_its_drivers(seeds) -> None:
    app = start("Over time")
    spikes = list(app.get("plotly_chart"))
    assert spikes, "no charts under the timeline"
    fields = ["", "", "", "", "2024-10-17"]
    app.session_state["chart_spikes"] = {
        "selection": {
            "points": [{"customdata": fields}],
            "point_indices": [],
            "box": [],
            "lasso": [],
        }
    }
    rerun(app)
    explained = explain_period(seeds.documents, seeds.mentions, "2024-10-17")
    assert len(explained.articles) == 2
    assert any("2024\\-10\\-17: 2 articles" in markdown.value for markdown in app.markdown), [
        markdown.value for markdown in app.markdown
    ]
    articles = table(app, "doc_id")
    assert sorted(articles["doc_id"]) == sorted(explained.articles["doc_id"])


def test_groups_that_share_articles_are_said_to_overlap():
    from app.sections.groups import overlapping_groups

    grouped = {"source=a": ["1", "2", "3"], "from=2022-02": ["2", "3", "4"], "source=b": ["4"]}
    labels = {"source=a": "Source: a", "from=2022-02": "Month: 2022-02", "source=b": "Source: b"}
    note = overlapping_groups(grouped, labels)
    assert note.startswith("The groups overlap: 3 articles are in more than one group")
    assert "Source: a and Month: 2022-02 share 2; Month: 2022-02 and Source: b share 1" in note
    assert overlapping_groups({"source=a": ["1"], "source=b": ["2"]}, labels) is None
