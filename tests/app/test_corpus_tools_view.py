"""The Words tab on the seeds (AppTest): the word list, a row clicked to its concordance, collocates
and the pair's concordance, the sorted and paged concordance, dispersion, keyness of a selection.

Expected values come from the library run on the same corpus (``analysis.query`` over a token
index of the seeds), so these tests check the page's wiring, not the tools' arithmetic.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import analyze, load_corpus
from analysis.query.collocates import collocates
from analysis.query.corpus_index import documents_index, mention_hits, phrase_hits
from analysis.query.dispersion import dispersion_table
from analysis.query.keyness import keyness, rest_counts
from analysis.query.pairs import hits_with_collocate
from analysis.query.words import index_word_counts, word_list
from app.sections.words import reference_counts
from tests.conftest import SEEDS

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture(scope="module")
def seeds():
    result = analyze(load_corpus(SEEDS))
    return result, documents_index(result.documents, result.sentences)


@pytest.fixture
def at() -> AppTest:
    """The app on the seeds with the Words tab open."""
    app = AppTest.from_file(APP, default_timeout=180)
    app.run()
    app.session_state["section"] = "Words"
    return rerun(app)


def rerun(app) -> AppTest:
    result = app.run()
    assert not result.exception, [e.message for e in result.exception]
    return result


def table(app: AppTest, first_column: str) -> pd.DataFrame:
    """The data frame on the page whose first column is ``first_column``."""
    found = [frame.value for frame in app.dataframe if frame.value.columns[0] == first_column]
    assert found, [list(frame.value.columns) for frame in app.dataframe]
    return found[0]


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_the_word_list_is_the_library_s(at, seeds) -> None:
    _, index = seeds
    shown = table(at, "term")
    expected = word_list(index)
    assert shown["term"].tolist()[:20] == expected["term"].tolist()[:20]
    assert shown["frequency"].tolist()[:20] == expected["frequency"].tolist()[:20]
    assert len(shown) == len(expected)


def test_bigrams_without_stop_words_and_a_minimum_frequency(at, seeds) -> None:
    _, index = seeds
    at.selectbox(key="words_n").set_value(2)
    at.checkbox(key="words_stop").check()
    at.number_input(key="words_min_freq").set_value(2)
    shown = table(rerun(at), "term")
    expected = word_list(index, n=2, drop_stopwords=True, min_freq=2)
    assert shown["term"].tolist() == expected["term"].tolist()
    assert (shown["n"] == 2).all() and (shown["frequency"] >= 2).all()


def test_find_narrows_the_list(at) -> None:
    at.text_input(key="words_find").set_value("defen")
    shown = table(rerun(at), "term")
    assert len(shown) > 0
    assert shown["term"].str.contains("defen").all()


def test_a_clicked_row_opens_its_concordance_dispersion_and_collocates(at, seeds) -> None:
    _, index = seeds
    terms = table(at, "term")["term"].tolist()
    row = terms.index("nato")
    at.session_state["words_table"] = {"selection": {"rows": [row], "columns": []}}
    rerun(at)
    assert at.text_input(key="words_term").value == "nato"
    hits = phrase_hits(index, "nato")
    assert any(
        f"Concordance of nato: {len(hits):,} hits" in markdown.value for markdown in at.markdown
    )
    concordance = table(at, "left")
    assert len(concordance) == min(len(hits), 100)
    assert concordance["match"].str.lower().eq("nato").all()
    measures = dispersion_table(index, terms={"nato": hits}).iloc[0]
    assert metrics(at)["Hits"] == f"{len(hits):,}"
    assert metrics(at)["Gries' DP (0 = even)"] == f"{measures['dp_norm']:.2f}"
    strip = at.get("plotly_chart")
    assert strip, "no dispersion strip drawn"
    expected = collocates(index, hits, left=5, right=5, min_freq=2, drop_stopwords=True)
    shown = table(at, "collocate")
    assert shown["collocate"].tolist() == expected["collocate"].tolist()
    assert shown["pair_frequency"].tolist() == expected["pair_frequency"].tolist()
    significant = int((expected["score"].head(len(shown)) >= 3.84).sum())
    assert any(
        f"{significant:,} of the {len(shown):,} collocates listed reach a log-likelihood of 3.84"
        in caption.value
        for caption in at.caption
    )


def test_a_clicked_collocate_shows_the_pair_s_concordance(at, seeds) -> None:
    _, index = seeds
    at.text_input(key="words_term").set_value("NATO")
    rerun(at)
    shown = table(at, "collocate")
    collocate = shown["collocate"].iloc[0]
    at.session_state["colloc_table"] = {"selection": {"rows": [0], "columns": []}}
    rerun(at)
    pair = hits_with_collocate(index, phrase_hits(index, "nato"), collocate, left=5, right=5)
    assert any(
        f"Concordance of NATO \\+ {collocate}: {len(pair):,} hits" in markdown.value
        for markdown in at.markdown
    ), [markdown.value for markdown in at.markdown]
    assert len(table(at, "left")) == min(len(pair), 100)


def test_the_concordance_sorts_by_the_words_right_of_the_hit_and_pages(at, seeds) -> None:
    at.text_input(key="words_term").set_value("the")
    rerun(at)
    at.multiselect(key="kwic_sort").set_value(["R1", "R2"])
    at.selectbox(key="kwic_page_size").set_value(50)
    rerun(at)
    first = table(at, "left")
    assert len(first) == 50
    keys = list(zip(first["R1"], first["R2"], strict=True))
    assert keys == sorted(keys)
    at.number_input(key="kwic_page").set_value(2)
    second = table(rerun(at), "left")
    assert (second["R1"].iloc[0], second["R2"].iloc[0]) >= keys[-1]


def test_an_entity_as_the_node_uses_its_mentions(at, seeds) -> None:
    result, index = seeds
    at.selectbox(key="words_mention").set_value("entity\tNATO")
    rerun(at)
    mentions = result.mentions
    hits = mention_hits(
        index, mentions[(mentions["kind"] == "entity") & (mentions["term"] == "NATO")]
    )
    assert metrics(at)["Hits"] == f"{len(hits):,}"


def test_keyness_of_a_source_against_the_rest(at, seeds) -> None:
    result, index = seeds
    at.session_state["sources"] = ["NATO"]
    rerun(at)
    ids = result.documents.loc[result.documents["source"] == "NATO", "doc_id"].tolist()
    part = index_word_counts(index, ids)
    expected = keyness(part, rest_counts(index_word_counts(index), part), min_docs=2)
    shown = table(at, "item")
    assert shown["item"].tolist() == expected["item"].tolist()[: len(shown)]
    assert not shown.empty


def test_keyness_needs_a_rest(at) -> None:
    assert any("no rest to compare with" in info.value for info in at.info)


def test_a_reference_corpus_is_read_from_uploaded_files() -> None:
    files = (("a.txt", b"Sanctions and sanctions again."), ("b.txt", b"Talks about peace."))
    counts, problem = reference_counts(files)
    assert problem is None
    frequencies = dict(zip(counts.table["item"], counts.table["freq"], strict=True))
    assert frequencies["sanctions"] == 2 and counts.n_docs == 2
    nothing, problem = reference_counts((("x.bin", b"\x00\x01"),))
    assert nothing is None and problem


def test_the_concordance_downloads_every_hit_with_its_parameters(seeds, monkeypatch) -> None:
    import io
    import json
    import zipfile

    from tests.apptest_support import recorded_downloads

    captured = recorded_downloads(monkeypatch)
    app = AppTest.from_file(APP, default_timeout=180)
    app.run()
    app.session_state["section"] = "Words"
    rerun(app)
    app.text_input(key="words_term").set_value("nato")
    rerun(app)
    name, make = captured["csv_concordance"]
    assert name == "concordance.zip"
    with zipfile.ZipFile(io.BytesIO(make())) as archive:
        assert sorted(archive.namelist()) == ["concordance.csv", "parameters.json"]
        rows = pd.read_csv(archive.open("concordance.csv"))
        parameters = json.loads(archive.read("parameters.json"))
    assert len(rows) == len(phrase_hits(seeds[1], "nato"))
    assert parameters["concordance"]["node"] == "nato"
    assert "filters" in parameters
