"""Cache keys built from structured values: distinct selections never share a cache entry.

Issue 22 found ``?source=London&source=Reuters`` and ``?source=London%2CReuters`` sharing one
entry when keys were strings joined with ``,`` and ``|``. Keys are now the cached functions'
arguments (``Filters``, ``AnalysisKey``, tuples), hashed by ``app.caching.HASH_FUNCS``, under which
even Streamlit's own concatenation of a tuple's items cannot make two values meet.
"""

from __future__ import annotations

import csv
import json

import pytest
from streamlit.testing.v1 import AppTest

from analysis import analyze, load_corpus
from analysis.extract.keywords import KeywordSettings
from analysis.query.filters import Filters
from app.caching import cache_data, exact
from app.sections.counting import term_counts
from app.selection import Analysed, AnalysisKey, build_view
from tests.conftest import ROOT

SOURCES = ["London", "Reuters", "London,Reuters", "Londonstr:Reuters"]
#: Selections that a joined or concatenated key would confuse.
SELECTIONS = [
    ("London", "Reuters"),
    ("London,Reuters",),
    ("Londonstr:Reuters",),
    ("London",),
]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    """One article per source, each naming its own city, with the awkward source names."""
    folder = tmp_path_factory.mktemp("sources")
    cities = ["Paris", "Berlin", "Madrid", "Warsaw"]
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as sidecar:
        rows = csv.writer(sidecar)
        rows.writerow(["id", "title", "date", "source"])
        for number, (source, city) in enumerate(zip(SOURCES, cities, strict=True)):
            (folder / f"d{number}.txt").write_text(
                f"Ministers meet in {city}\n\nThe ministers met in {city} on Monday. "
                f"{city} hosted the talks.\n",
                encoding="utf-8",
            )
            rows.writerow(
                [f"d{number}", f"Ministers meet in {city}", "2024-10-1" + str(number), source]
            )
    return folder


@pytest.fixture(scope="module")
def analysed(corpus_dir) -> Analysed:
    result = analyze(load_corpus(corpus_dir))
    return Analysed(AnalysisKey("sources-corpus", KeywordSettings(), "", "rules"), result)


def test_exact_puts_the_length_first():
    assert exact("ab") == b"\x00" * 7 + b"\x02ab"
    assert exact(12) == b"\x00" * 7 + b"\x0212"


def test_a_cached_function_keeps_one_entry_per_selection():
    calls: list[tuple[str, ...]] = []

    @cache_data(max_entries=16)
    def chosen(filters: Filters) -> tuple[str, ...]:
        calls.append(filters.sources)
        return filters.sources

    for sources in SELECTIONS * 2:
        assert chosen(Filters(sources=sources)) == tuple(sorted(sources))
    assert len(calls) == len(SELECTIONS)  # each computed once, none served another's entry


def test_tuples_of_strings_never_share_an_entry():
    @cache_data(max_entries=16)
    def echo(values: tuple[str, ...], label: str) -> tuple:
        return (values, label)

    assert echo(("a", "b"), "x") == (("a", "b"), "x")
    assert echo(("astr:b",), "x") == (("astr:b",), "x")
    assert echo(("a",), "bx") == (("a",), "bx")


def test_counts_follow_the_sources_chosen(analysed):
    """The cached counts of four selections: each its own documents' cities."""
    seen = {}
    for sources in SELECTIONS:
        view = build_view(analysed.result, Filters(sources=sources), key=analysed.key).for_counts()
        counts = term_counts(view)
        seen[sources] = set(counts.loc[counts["kind"] == "entity", "term"].astype(str))
    assert seen[("London", "Reuters")] == {"Paris", "Berlin"}
    assert seen[("London,Reuters",)] == {"Madrid"}
    assert seen[("Londonstr:Reuters",)] == {"Warsaw"}
    assert seen[("London",)] == {"Paris"}


def test_the_analysis_key_names_the_cache_entry(analysed):
    @cache_data(max_entries=4)
    def size(of: Analysed) -> int:
        return len(of.result.documents)

    assert size(analysed) == 4
    other = Analysed(
        analysed.key,
        analysed.result.__class__(
            **{**analysed.result.__dict__, "documents": analysed.result.documents.head(1)}
        ),
    )
    assert size(other) == 4  # same key, same entry: the key names the content
    renamed = Analysed(AnalysisKey("another-corpus", KeywordSettings(), "", "rules"), other.result)
    assert size(renamed) == 1


def test_a_view_without_a_key_cannot_key_a_cache(analysed):
    view = build_view(analysed.result, Filters())
    with pytest.raises(Exception, match="without an analysis key"):
        term_counts(view)


@pytest.mark.parametrize(
    ("query", "documents"),
    [({"source": ["London", "Reuters"]}, "2 of 4"), ({"source": "London,Reuters"}, "1 of 4")],
)
def test_a_repeated_source_and_a_comma_in_one_source_are_two_views(
    monkeypatch, corpus_dir, query, documents
):
    """``?source=London&source=Reuters`` and ``?source=London%2CReuters`` in one server: each
    gets its own documents and its own chart (run in this order, the second would be served the
    first's cached chart if their keys met)."""
    monkeypatch.setenv("ANALYSIS_CORPUS", str(corpus_dir))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    app.query_params.update({**query, "tab": "entities"})
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    chart = next(c for c in app.get("plotly_chart") if c.proto.id.endswith("-chart_entities"))
    names = {name for trace in json.loads(chart.proto.spec)["data"] for name in trace["y"]}
    expected = {"2 of 4": {"Paris", "Berlin"}, "1 of 4": {"Madrid"}}[documents]
    assert names == expected
    app.session_state["section"] = "Overview"
    app.run()
    assert next(m.value for m in app.metric if m.label == "Documents") == documents


def test_the_servers_corpus_is_read_from_the_disk_cache_after_a_restart(tmp_path, monkeypatch):
    """A server restart (the in-memory caches emptied) reads its corpus back from the disk cache
    instead of decoding and cleaning every file again; an upload is never written there."""
    import streamlit as st

    import analysis.run.corpus_cache as corpus_cache
    from analysis.run.cache import ResultCache
    from app import pipeline
    from app.sources import path_source, upload_source

    monkeypatch.setenv("NEWS_EXPLORER_CACHE_DIR", str(tmp_path / "cache"))
    source = path_source(str(ROOT / "seeds"), label="seeds")
    first, _ = pipeline.load_source(source)
    st.cache_resource.clear()

    def refuse(*args, **kwargs):
        raise AssertionError("the corpus was loaded again")

    monkeypatch.setattr(corpus_cache, "load_corpus", refuse)
    again, error = pipeline.load_source(source)
    assert error is None
    assert again.documents["text"].tolist() == first.documents["text"].tolist()
    assert len(again) == 5

    upload = upload_source([("one.txt", b"NATO ministers met in Brussels.\n\nThey spoke.")])
    loaded, _ = pipeline.load_source(upload)
    assert loaded.documents["text"].str.contains("Brussels").all()
    with ResultCache(tmp_path / "cache") as cache:
        assert cache.stats()[0] == 1  # the seeds' corpus only
    st.cache_resource.clear()
