"""Engines change where documents are analysed, never the result."""

import gc
import threading

import pandas as pd
import pytest

import analysis.run.engines as engines
from analysis import analyze, load_corpus
from analysis.cli import main
from analysis.core.counting import document_frequencies, entity_table
from analysis.extract.aliases import load_aliases
from analysis.extract.entities import entity_mentions
from analysis.extract.keywords import keyword_mentions, keyword_table
from analysis.extract.sentences import sentence_table
from analysis.extract.terms import term_mentions
from analysis.run.cache import code_version, decode
from analysis.run.engines import (
    KEYWORD_MAX_PIECES,
    Chunk,
    DocumentSettings,
    EngineError,
    analyse_chunk,
    make_chunks,
)
from analysis.run.pipeline import combine_mentions

TABLES = ("mentions", "keywords", "entities", "frequencies", "sentences")
TERMS = ["air defence", "Ukraine"]
ALIASES = b"action,pattern,canonical,label\nmerge,Rutte,Mark Rutte,PERSON\nexclude,Allied,,\n"


def assert_same_tables(first, second):
    for name in TABLES:
        pd.testing.assert_frame_equal(first[name], second[name], obj=name)


def tables(result) -> dict[str, pd.DataFrame]:
    return {name: getattr(result, name) for name in TABLES}


@pytest.fixture(scope="module")
def reference(seed_corpus) -> dict[str, pd.DataFrame]:
    """The seed analysis built step by step from the modules' public functions with plain YAKE,
    as analyze() did before engines and caching."""
    documents = seed_corpus.documents
    ids, texts = documents["doc_id"].tolist(), documents["text"].tolist()
    keywords = keyword_table(ids, texts)
    mentions = combine_mentions(
        [
            entity_mentions(documents, aliases=load_aliases(ALIASES)),
            keyword_mentions(ids, texts, keywords),
            term_mentions(ids, texts, TERMS),
        ]
    )
    return {
        "mentions": mentions,
        "keywords": keywords,
        "entities": entity_table(mentions),
        "frequencies": document_frequencies(mentions, documents),
        "sentences": sentence_table(ids, texts),
    }


@pytest.fixture(scope="module")
def local(seed_corpus):
    return tables(analyze(seed_corpus, TERMS, aliases=load_aliases(ALIASES), workers=1))


def test_plain_yake_reproduces_the_step_by_step_analysis(seed_corpus, reference):
    result = analyze(seed_corpus, TERMS, aliases=load_aliases(ALIASES), keyword_engine="yake")
    assert_same_tables(tables(result), reference)


def test_the_fast_keyword_engine_gives_the_same_seed_analysis(local, reference):
    assert_same_tables(local, reference)


def test_worker_processes_give_the_same_result(seed_corpus, local, monkeypatch):
    monkeypatch.setattr(engines, "INLINE_CHARS", 0)  # the seeds are small: force the pool
    seen = []
    result = analyze(
        seed_corpus,
        TERMS,
        aliases=load_aliases(ALIASES),
        workers=2,
        progress=lambda fraction, message: seen.append((fraction, message)),
    )
    assert_same_tables(tables(result), local)
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert seen[0][0] == 0.0 and seen[-1] == (1.0, "Done")
    assert any(message.endswith("entities 5/5, keywords 5/5") for _, message in seen)


def test_the_dask_engine_gives_the_same_result(seed_corpus, local):
    pytest.importorskip("distributed")
    code_version.cache_clear()  # Dask workers hash the files as they are now
    result = analyze(seed_corpus, TERMS, aliases=load_aliases(ALIASES), engine="dask", workers=2)
    assert_same_tables(tables(result), local)


def test_an_unreachable_scheduler_is_one_clear_error(seed_corpus, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(engines, "SCHEDULER_TIMEOUT", "1s")
    with pytest.raises(EngineError, match=r"cannot reach the Dask scheduler tcp://127\.0\.0\.1:9"):
        analyze(seed_corpus, engine="dask", scheduler="tcp://127.0.0.1:9")


def test_a_worker_with_other_code_refuses_work():
    chunk = Chunk(("Kyiv.",), ("",), ("keywords",), DocumentSettings(), code="0" * 64)
    with pytest.raises(EngineError, match="another version"):
        analyse_chunk(chunk)


def test_workers_that_run_newer_code_leave_the_work_to_this_process(monkeypatch):
    # An app left running while its package is updated: this process computed its version
    # before the update, fresh workers import the new files. Its own code does the work.
    old = "f" * 64
    monkeypatch.setattr(engines, "_start_method", lambda: "spawn")
    monkeypatch.setattr(engines, "code_version", lambda: old)
    texts = ["NATO ministers met in Brussels.", "Kyiv asked for more air defence."]
    chunks = [Chunk((text,), ("",), ("keywords",), DocumentSettings(), code=old) for text in texts]
    results = dict(engines._run_processes(chunks, 2))
    assert sorted(results) == [0, 1]
    payloads = [decode(results[number][0]["keywords"]) for number in (0, 1)]
    assert payloads == [decode(analyse_chunk(chunk)[0]["keywords"]) for chunk in chunks]


def test_unknown_engines_are_rejected(seed_corpus):
    with pytest.raises(ValueError, match="Unknown keyword engine"):
        analyze(seed_corpus, keyword_engine="rake")
    with pytest.raises(ValueError, match="Unknown engine"):
        analyze(seed_corpus, engine="spark")


def test_chunks_hold_one_facet_each_entities_first():
    texts = [f"Document {i} about Kyiv." * (i + 1) for i in range(10)]
    needs = [("keywords", "entities")] * 6 + [("entities",)] * 3 + [()]
    chunks, members = make_chunks(texts, [""] * 10, needs, DocumentSettings(), workers=2)
    facets = [chunk.facets for chunk in chunks]
    assert facets == sorted(facets)  # ("entities",) before ("keywords",)
    for facet, wanted in [("entities", range(9)), ("keywords", range(6))]:
        covered = [i for chunk, group in zip(chunks, members, strict=True) for i in group
                   if chunk.facets == (facet,)]  # fmt: skip
        assert covered == list(wanted)
    for chunk, group in zip(chunks, members, strict=True):
        assert chunk.texts == tuple(texts[i] for i in group)


def test_the_last_chunks_are_halves_so_workers_finish_together():
    texts = ["x" * 1_000] * 4_000  # 4 MB of keywords work: chunks of 400 documents
    needs = [("keywords",)] * 4_000
    chunks, members = make_chunks(texts, [""] * 4_000, needs, DocumentSettings(), workers=2)
    assert [len(chunk.texts) for chunk in chunks] == [400] * 6 + [200] * 8
    assert [i for group in members for i in group] == list(range(4_000))
    _, alone = make_chunks(texts, [""] * 4_000, needs, DocumentSettings(), workers=1)
    assert [len(group) for group in alone] == [400] * 10  # one worker waits for no one


# --------------------------------------------------------------------------------------------------
# Very large documents


def test_a_long_text_is_scored_in_a_bounded_number_of_pieces(monkeypatch):
    monkeypatch.setattr(engines, "KEYWORD_PIECE_CHARS", 1_000)
    line = "Air defence for Ukraine was discussed by NATO ministers in Brussels today.\n"
    text = line * 500  # 37,500 characters: 38 pieces, of which 8 are scored
    pieces = engines._pieces(text)
    assert len(pieces) == KEYWORD_MAX_PIECES
    assert all(len(piece) <= 1_000 and piece.endswith("\n") for piece in pieces)
    chunk = Chunk((text,), ("",), ("keywords",), DocumentSettings())
    (result,) = analyse_chunk(chunk)
    rows, spans = decode(result["keywords"])
    counts = {keyword: count for keyword, _, count in rows}
    assert counts["Air defence"] == 500  # counted in the whole text, not in the pieces
    assert len(spans) == 3 * sum(counts.values())


# --------------------------------------------------------------------------------------------------
# The command line


def test_export_with_workers_and_keyword_engine(tmp_path, seeds_path, monkeypatch):
    monkeypatch.setattr(engines, "INLINE_CHARS", 0)
    out = tmp_path / "out"
    args = ["export", str(seeds_path), "--out", str(out), "--no-cache"]
    assert main([*args, "--workers", "2", "--keyword-engine", "yake"]) == 0
    keywords = pd.read_csv(out / "keywords.csv")
    assert set(keywords["doc_id"]) == set(load_corpus(seeds_path).documents["doc_id"])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--workers", "0"], "error: --workers must be at least 1, not 0"),
        (["--scheduler", "tcp://127.0.0.1:9"], "error: --scheduler needs --engine dask"),
    ],
)
def test_bad_speed_options_are_one_line(tmp_path, seeds_path, capsys, options, message):
    args = ["export", str(seeds_path), "--out", str(tmp_path / "out"), "--no-cache", *options]
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines() == [message]


def test_an_unreachable_scheduler_on_the_command_line(tmp_path, seeds_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(engines, "SCHEDULER_TIMEOUT", "1s")
    args = ["export", str(seeds_path), "--out", str(tmp_path / "o"), "--no-cache"]
    assert main([*args, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: cannot reach the Dask scheduler tcp://127.0.0.1:9")


def test_workers_start_afresh_from_a_multi_threaded_host(seed_corpus, local, monkeypatch):
    """As in Streamlit, where forking beside other threads could hang: workers are spawned."""
    monkeypatch.setattr(engines, "INLINE_CHARS", 0)
    results = {}

    def run() -> None:
        assert engines._start_method() in {"forkserver", "spawn"}
        results["analysis"] = analyze(seed_corpus, TERMS, aliases=load_aliases(ALIASES), workers=2)

    code_version.cache_clear()  # fresh workers hash the files as they are now
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert_same_tables(tables(results["analysis"]), local)


def _collector_state(chunk: Chunk) -> list[dict[str, bytes]]:
    """Stands in for analyse_chunk in a worker: whether the worker's garbage collector is on."""
    return [{"gc": b"on" if gc.isenabled() else b"off"} for _ in chunk.texts]


def test_pool_workers_run_without_the_cyclic_collector(monkeypatch):
    """They build almost no cycles, and collecting after each chunk cost them 2.5% of their time;
    the caller's collector is left as it was."""
    monkeypatch.setattr(engines, "analyse_chunk", _collector_state)
    chunks = [Chunk(("text",), ("",), ("keywords",), DocumentSettings()) for _ in range(2)]
    assert gc.isenabled()
    states = {result[0]["gc"] for _, result in engines._run_processes(chunks, workers=2)}
    assert states == {b"off"}
    assert gc.isenabled()


def test_fresh_workers_never_run_the_hosts_main_script(tmp_path):
    """Under Streamlit the app's script is ``__main__``; workers started by the fork server must
    not run it (it would redraw the app outside Streamlit, or fail). A fresh process, so that its
    fork server starts here."""
    import subprocess
    import sys

    script = tmp_path / "app_script.py"
    script.write_text("raise SystemExit('the host script ran in a worker')\n", encoding="utf-8")
    code = f"""
import sys, threading, types
main = types.ModuleType("__main__")
main.__file__ = {str(script)!r}
sys.modules["__main__"] = main
threading.Thread(target=threading.Event().wait, daemon=True).start()  # a multi-threaded host
from analysis.run import engines
from analysis.run.engines import Chunk, DocumentSettings
assert engines._start_method() == "forkserver"
chunks = [Chunk(("NATO met in Brussels.",), ("",), ("keywords",), DocumentSettings())] * 2
print(len(list(engines._run_processes(chunks, workers=2))))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "2"
    assert "host script ran" not in done.stderr
