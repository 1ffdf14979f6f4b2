"""A click during the analysis (a tab, any widget) must not throw the analysis away.

Streamlit stops a session's script run at its next call to ``st`` whenever the page asks for a new
run. The analysis used to run in that thread, so a tab clicked while the progress bar was shown
stopped it at its next progress report, and the run the click asked for analysed the corpus again
from nothing: in the browser, a tab switch on a fresh upload waited for a whole second analysis
(about 20 s on 60 articles). AppTest stops a run the same way when the run exceeds its timeout.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import InputError
from app import pipeline
from app.pipeline import AnalysisAbandoned, AnalysisRunner, AnalysisStore, Running
from tests.apptest_support import figure

ROOT = Path(__file__).resolve().parents[2]
#: How long the first analysis is held back at most (it is released as soon as the run is stopped).
HELD_S = 20


@pytest.fixture(scope="module")
def seeds(seed_corpus):
    """The seeds analysed (any real analysis: the runner only hands it on and keeps it)."""
    return pipeline.analyze(seed_corpus)


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    for i in range(4):
        (folder / f"harbour{i}.txt").write_text(
            f"Harbour report {i}\n\nMinister Anna Berg met Olaf Lind of Nordport in Oslo on the "
            f"harbour plan. Berg said the harbour needs {i + 2} new cranes.\n",
            encoding="utf-8",
        )
    return folder


def test_a_tab_clicked_during_the_analysis_waits_for_it_instead_of_starting_it_again(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("ANALYSIS_CORPUS", str(write_corpus(tmp_path / "harbour")))
    monkeypatch.setenv("NEWS_EXPLORER_CACHE_DIR", str(tmp_path / "cache"))
    analysed: list[int] = []
    release = threading.Event()
    real = pipeline.analyze

    def held_analyze(corpus, **kwargs):
        analysed.append(len(corpus.documents))
        if len(analysed) == 1:
            release.wait(HELD_S)  # the first analysis is still under way when the run is stopped
        return real(corpus, **kwargs)

    monkeypatch.setattr(pipeline, "analyze", held_analyze)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    with pytest.raises(RuntimeError, match="timed out"):
        app.run(timeout=2)  # stopped mid-analysis, as a click on a tab stops it in the browser
    release.set()
    app.session_state["section"] = "Entities"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert analysed == [4]  # analysed once: the second run waited for the first one's analysis
    # the tab clicked is the one drawn, from that analysis
    names = {name for trace in figure(app, "chart_entities")["data"] for name in trace["y"]}
    assert {"Anna Berg", "Olaf Lind", "Oslo"} <= names


def test_an_analysis_that_fails_reaches_the_page_and_can_be_started_again(seeds):
    runner = AnalysisRunner(AnalysisStore(), threading.Lock())

    def refuse(progress):
        progress(0.5, "half way")
        raise InputError("no text in any file")

    running = runner.start("key", refuse, expires=True)
    with pytest.raises(InputError, match="no text in any file"):
        running.future.result(timeout=60)
    assert runner.running() == []  # nothing left under way: the next run may try again
    again = runner.start("key", lambda progress: seeds, expires=True)
    assert again is not running
    assert again.future.result(timeout=60) is seeds
    assert runner.store.get("key") is seeds
    assert runner.start("key", refuse, expires=True).future.result(timeout=1) is seeds  # kept


def test_an_analysis_nobody_waits_for_stops_and_the_next_page_starts_it_again(seeds, monkeypatch):
    runner = AnalysisRunner(AnalysisStore(), threading.Lock())
    monkeypatch.setattr(pipeline, "ABANDONED_AFTER", -1.0)  # nobody has waited "for too long"
    abandoned = runner.start("key", lambda progress: seeds, expires=True)
    with pytest.raises(AnalysisAbandoned):
        abandoned.future.result(timeout=60)
    assert runner.running() == [] and runner.store.get("key") is None
    monkeypatch.setattr(pipeline, "ABANDONED_AFTER", 20.0)
    assert runner.start("key", lambda progress: seeds, expires=True).future.result(60) is seeds


def test_an_analysis_nobody_waits_for_stops_at_its_next_progress_report():
    running = Running()
    running.report(0.25, "a quarter")
    assert (running.fraction, running.message) == (0.25, "a quarter")
    running.watched = time.monotonic() - pipeline.ABANDONED_AFTER - 1
    with pytest.raises(AnalysisAbandoned):
        running.report(0.5, "half way")
