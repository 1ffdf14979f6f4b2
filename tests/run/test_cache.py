"""The persistent cache: what it stores, when it is (not) used, and that it is never stale."""

import os
import sqlite3
import threading
import time
import warnings
from contextlib import closing

import pandas as pd
import pytest

import analysis.run.engines as engines
import analysis.run.pipeline as pipeline
from analysis import analyze, load_corpus
from analysis.cli import main
from analysis.extract.aliases import load_aliases
from analysis.extract.keywords import KeywordSettings
from analysis.ingest.loading import Corpus
from analysis.run.cache import (
    CACHE_DIR_VARIABLE,
    MISSING,
    PACKAGE_ROOT,
    ResultCache,
    code_files,
    code_version,
    decode,
    default_cache_dir,
    digest,
    digests,
    encode,
)

TABLES = ("mentions", "keywords", "entities", "frequencies", "sentences")


@pytest.fixture
def recorded(monkeypatch):
    """Every document text the engines analyse, with the facets computed for it."""
    calls: dict[str, set[str]] = {}
    run_chunks = pipeline.run_chunks

    def recording(chunks, **options):
        for chunk in chunks:
            for text in chunk.texts:
                calls.setdefault(text, set()).update(chunk.facets)
        return run_chunks(chunks, **options)

    monkeypatch.setattr(pipeline, "run_chunks", recording)
    return calls


def assert_same_analysis(first, second):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name), obj=name)


def corpus_of(texts: dict[str, str]) -> Corpus:
    return load_corpus([(f"{name}.txt", text.encode()) for name, text in texts.items()])


TEXTS = {
    "a": "NATO ministers meet in Brussels\nNATO Secretary General Mark Rutte welcomed ministers "
    "to Brussels on Thursday. Air defence for Ukraine topped the agenda.",
    "b": "Kyiv asks for air defence\nPresident Volodymyr Zelenskyy asked allies for more air "
    "defence systems. Zelenskyy spoke in Kyiv.",
    "c": "Ukraine and the EU\nThe European Union pledged new support for Ukraine. The EU summit "
    "ended in Brussels.",
}


# --------------------------------------------------------------------------------------------------
# The store


def test_payloads_and_tables_round_trip(tmp_path, seed_analysis):
    cache = ResultCache(tmp_path)
    payload = (("air defence", 0.01, 3), (0, 10, 21), None, True, b"x")
    cache.put_many({"k": payload})
    assert cache.get_many(["k", "missing"]) == {"k": payload}
    tables = {name: getattr(seed_analysis, name) for name in TABLES}
    cache.put_tables("t", tables)
    again = cache.get_tables("t")
    for name in TABLES:
        pd.testing.assert_frame_equal(again[name], tables[name])
    assert cache.get_tables("nothing") is None
    entries, size = cache.stats()
    assert entries == 2 and size > 0


@pytest.mark.parametrize("compress", [True, False])
def test_payloads_decode_compressed_or_not(compress):
    payload = {"table": b"PAR1" * 1000, "rows": (("NATO", 2),)}
    encoded = encode(payload, compress=compress)
    assert decode(encoded) == payload
    assert (len(encoded) < 200) == compress


@pytest.mark.parametrize(
    "damaged",
    [b"", b"x", b"L\x05", b"L" + (10).to_bytes(8, "little") + b"garbage", b"M\xff\x00"],
)
def test_unreadable_payloads_are_missing(damaged):
    assert decode(damaged) is MISSING


def test_the_least_recently_used_entries_go_when_full(tmp_path):
    cache = ResultCache(tmp_path, max_bytes=10_000)
    for key, size in [("old", 3_000), ("k0", 3_000), ("k1", 3_000)]:
        cache.put_many({key: os.urandom(size)})  # random bytes: stored at about their size
        time.sleep(0.01)
    cache.get_many(["k0"])  # k0 is used again, so k1 is now older
    time.sleep(0.01)
    cache.put_many({"new": os.urandom(3_000)})  # 12 kB > 10 kB: down to 8 kB, oldest first
    assert set(cache.get_many(["old", "k0", "k1", "new"])) == {"k0", "new"}
    assert cache.stats()[1] <= 8_000


def test_the_size_total_follows_replacements(tmp_path):
    with ResultCache(tmp_path) as cache:
        cache.put_many({"a": os.urandom(1_000), "b": os.urandom(500)})
        cache.put_many({"a": os.urandom(200)})  # replaced: counted once, at its new size
        stats = cache.stats()
    with closing(sqlite3.connect(tmp_path / "results.sqlite")) as connection:
        (size,) = connection.execute("SELECT SUM(size) FROM entries").fetchone()
    assert stats == (2, size)


def test_clear_empties_the_cache(tmp_path):
    cache = ResultCache(tmp_path)
    cache.put_many({"a": 1, "b": 2})
    cache.clear()
    assert cache.stats() == (0, 0)
    assert cache.get_many(["a"]) == {}


def test_concurrent_readers_and_writers_see_whole_entries(tmp_path):
    cache = ResultCache(tmp_path)
    errors = []

    def work(number: int) -> None:
        try:
            for i in range(30):
                cache.put_many({f"{number}-{i}": (number, i, "x" * 100)})
                got = ResultCache(tmp_path).get_many([f"{number}-{i}"])
                assert got == {f"{number}-{i}": (number, i, "x" * 100)}
        except AssertionError as error:  # pragma: no cover - reported below
            errors.append(error)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "cannot be used" warning either
        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert cache.stats()[0] == 120


def test_an_unusable_folder_warns_and_caches_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(RuntimeWarning, match="cannot be used"):
        cache = ResultCache(blocker)
    cache.put_many({"a": 1})
    assert cache.get_many(["a"]) == {}


def test_a_corrupt_database_warns_and_analysis_still_runs(tmp_path):
    (tmp_path / "results.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.warns(RuntimeWarning, match="cannot be used"):
        result = analyze(corpus_of(TEXTS), cache_dir=tmp_path)
    assert not result.mentions.empty


def test_default_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv(CACHE_DIR_VARIABLE)
    assert default_cache_dir().name == "news-explorer"


def test_keys_separate_their_parts():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a") == digest("a")
    assert len(code_version()) == 64 and code_version() == code_version()


def test_the_code_version_covers_every_stage_and_the_word_lists():
    files = {path.relative_to(PACKAGE_ROOT).as_posix() for path in code_files()}
    assert PACKAGE_ROOT.name == "analysis"
    assert {
        "extract/entities/model_backend.py",  # an edit of the entity rules changes the keys
        "ingest/cleaning.py",
        "data/entities/orgs.txt",
        "run/cache.py",
    } <= files


def test_digests_of_many_items_are_their_digests():
    items = [("text 1", "2024-10-17"), ("text 2", ""), (b"\x00bytes",)]
    assert digests(("v1", "entities"), items) == [digest("v1", "entities", *item) for item in items]
    assert digests(("v1",), []) == []


# --------------------------------------------------------------------------------------------------
# The cache in analyze()


def test_a_cached_analysis_equals_a_fresh_one_and_does_no_work(tmp_path, recorded):
    corpus = corpus_of(TEXTS)
    fresh = analyze(corpus, ["air defence"])
    recorded.clear()
    first = analyze(corpus, ["air defence"], cache_dir=tmp_path)
    assert len(recorded) == 3
    messages = []
    second = analyze(
        corpus, ["air defence"], cache_dir=tmp_path, progress=lambda f, m: messages.append(m)
    )
    assert len(recorded) == 3  # nothing analysed again
    assert messages[-1] == "Done (from the cache)"
    assert_same_analysis(first, fresh)
    assert_same_analysis(second, fresh)


def test_a_changed_text_is_the_only_one_analysed_again(tmp_path, recorded):
    analyze(corpus_of(TEXTS), cache_dir=tmp_path)
    recorded.clear()
    changed = {**TEXTS, "b": TEXTS["b"] + " Kyiv thanked NATO."}
    result = analyze(corpus_of(changed), cache_dir=tmp_path)
    assert recorded == {changed["b"]: {"keywords", "entities"}}
    assert_same_analysis(result, analyze(corpus_of(changed)))


def test_growing_a_corpus_analyses_only_the_new_documents(tmp_path, recorded):
    analyze(corpus_of({k: TEXTS[k] for k in ("a", "b")}), cache_dir=tmp_path)
    recorded.clear()
    result = analyze(corpus_of(TEXTS), cache_dir=tmp_path)
    assert recorded == {TEXTS["c"]: {"keywords", "entities"}}
    assert_same_analysis(result, analyze(corpus_of(TEXTS)))


def test_keyword_settings_recompute_keywords_only(tmp_path, recorded):
    analyze(corpus_of(TEXTS), cache_dir=tmp_path)
    recorded.clear()
    settings = KeywordSettings(top_k=3)
    result = analyze(corpus_of(TEXTS), keyword_settings=settings, cache_dir=tmp_path)
    assert recorded == {text: {"keywords"} for text in TEXTS.values()}
    assert result.keywords.groupby("doc_id").size().max() <= 3
    assert_same_analysis(result, analyze(corpus_of(TEXTS), keyword_settings=settings))


def test_the_keyword_engine_is_part_of_the_key(tmp_path, recorded):
    analyze(corpus_of(TEXTS), cache_dir=tmp_path)
    recorded.clear()
    analyze(corpus_of(TEXTS), keyword_engine="yake", cache_dir=tmp_path)
    assert recorded == {text: {"keywords"} for text in TEXTS.values()}


def test_a_changed_date_recomputes_that_documents_entities(tmp_path, recorded):
    corpus = corpus_of(TEXTS)
    analyze(corpus, cache_dir=tmp_path)
    recorded.clear()
    documents = corpus.documents.copy()
    documents.loc[documents["doc_id"] == "a", "date"] = "2024-10-17"
    redated = Corpus(documents, corpus.problems)
    result = analyze(redated, cache_dir=tmp_path)
    assert recorded == {TEXTS["a"]: {"entities"}}
    assert_same_analysis(result, analyze(redated))


def test_a_changed_alias_table_changes_the_result_without_per_document_work(tmp_path, recorded):
    corpus = corpus_of(TEXTS)
    before = analyze(corpus, cache_dir=tmp_path)
    recorded.clear()
    aliases = load_aliases(b"action,pattern,canonical,label\nrename,Brussels,Bruxelles,\n")
    after = analyze(corpus, aliases=aliases, cache_dir=tmp_path)
    assert recorded == {}
    assert "Brussels" in set(before.entities["entity"])
    assert "Bruxelles" in set(after.entities["entity"]) - set(before.entities["entity"])
    assert_same_analysis(after, analyze(corpus, aliases=aliases))
    again = analyze(corpus, cache_dir=tmp_path)  # and back: the old result, not the renamed one
    assert_same_analysis(again, before)


def test_changed_terms_are_counted_without_per_document_work(tmp_path, recorded):
    corpus = corpus_of(TEXTS)
    analyze(corpus, ["Kyiv"], cache_dir=tmp_path)
    recorded.clear()
    result = analyze(corpus, ["Brussels"], cache_dir=tmp_path)
    assert recorded == {}
    assert set(result.mentions.loc[result.mentions["kind"] == "term", "term"]) == {"Brussels"}


def test_new_code_never_reads_old_results(tmp_path, recorded, monkeypatch):
    analyze(corpus_of(TEXTS), cache_dir=tmp_path)
    recorded.clear()
    monkeypatch.setattr(pipeline, "code_version", lambda: "a newer version")
    monkeypatch.setattr(engines, "code_version", lambda: "a newer version")
    analyze(corpus_of(TEXTS), cache_dir=tmp_path)
    assert len(recorded) == 3


def test_identical_texts_are_analysed_once(tmp_path, recorded):
    result = analyze(corpus_of({"x": TEXTS["a"], "y": TEXTS["a"]}), cache_dir=tmp_path)
    assert len(recorded) == 1
    keywords = result.keywords.groupby("doc_id")["keyword"].apply(list)
    assert keywords["x"] == keywords["y"]


# --------------------------------------------------------------------------------------------------
# The command line


def test_export_caches_in_cache_dir_and_not_with_no_cache(tmp_path, seeds_path):
    cache_dir = tmp_path / "cache"
    args = ["export", str(seeds_path), "--out", str(tmp_path / "out"), "--workers", "1"]
    assert main([*args, "--cache-dir", str(cache_dir)]) == 0
    assert (
        ResultCache(cache_dir).stats()[0] == 12
    )  # 5 documents x 2 facets, the corpus tables, the loaded corpus
    assert main([*args, "--no-cache"]) == 0
    with pytest.raises(SystemExit):
        main([*args, "--no-cache", "--cache-dir", str(cache_dir)])


def test_export_uses_the_environments_cache_folder(tmp_path, seeds_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "env-cache"))
    assert main(["export", str(seeds_path), "--out", str(tmp_path / "out")]) == 0
    assert ResultCache(tmp_path / "env-cache").stats()[0] == 12
