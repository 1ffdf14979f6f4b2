"""The loaded-corpus cache: the same corpus as a fresh load, reused only while the files and the
code are unchanged."""

import os
import shutil
from datetime import date

import pandas as pd
import pytest

import analysis.run.corpus_cache as corpus_cache
from analysis import load_corpus
from analysis.ingest.loading import Corpus, InputError, Limits
from analysis.run.corpus_cache import (
    corpus_from_payload,
    corpus_payload,
    load_corpus_cached,
    source_fingerprint,
)
from tests.conftest import SEEDS

TODAY = date(2026, 12, 6)


@pytest.fixture
def folder(tmp_path):
    """A copy of the seeds with a hidden file and an empty file (both listed as problems)."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    (target / ".hidden.txt").write_text("not read", encoding="utf-8")
    (target / "broken.txt").write_bytes(b"")
    return target


def test_a_cached_corpus_equals_a_fresh_load(folder, tmp_path):
    fresh = load_corpus(folder, today=TODAY)
    first = load_corpus_cached(folder, tmp_path / "cache", today=TODAY)
    second = load_corpus_cached(folder, tmp_path / "cache", today=TODAY)
    for loaded in (first, second):
        pd.testing.assert_frame_equal(loaded.documents, fresh.documents)
        pd.testing.assert_frame_equal(loaded.problems, fresh.problems)
    assert len(second) == 5 and set(second.problems["path"]) == {".hidden.txt", "broken.txt"}


def test_the_second_load_comes_from_the_cache(folder, tmp_path, monkeypatch):
    expected = load_corpus_cached(folder, tmp_path / "cache", today=TODAY).documents
    monkeypatch.setattr(corpus_cache, "load_corpus", _refuse)
    cached = load_corpus_cached(folder, tmp_path / "cache", today=TODAY)
    pd.testing.assert_frame_equal(cached.documents, expected)
    with pytest.raises(AssertionError, match="loaded again"):
        load_corpus_cached(folder, tmp_path / "other cache", today=TODAY)


def _refuse(*args, **kwargs):
    raise AssertionError("loaded again instead of reading the cache")


def test_an_edited_added_or_removed_file_is_loaded_afresh(folder, tmp_path):
    cache = tmp_path / "cache"
    load_corpus_cached(folder, cache, today=TODAY)
    first = sorted(folder.glob("0*.txt"))[0]
    first.write_text("Edited title\n\nA new text about Brussels and NATO.", encoding="utf-8")
    edited = load_corpus_cached(folder, cache, today=TODAY)
    assert "A new text about Brussels" in edited.documents["text"].iloc[0]

    (folder / "extra.txt").write_text("Another story.\n\nOn Berlin and Paris.", encoding="utf-8")
    assert len(load_corpus_cached(folder, cache, today=TODAY)) == 6
    (folder / "extra.txt").unlink()
    assert len(load_corpus_cached(folder, cache, today=TODAY)) == 5


def test_a_same_size_edit_changes_the_key(folder):
    first = sorted(folder.glob("0*.txt"))[0]
    before = source_fingerprint(folder, Limits(), TODAY)
    text = first.read_bytes()
    first.write_bytes(text.replace(b"NATO", b"OTAN", 1))
    stat = first.stat()
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert source_fingerprint(folder, Limits(), TODAY) != before


def test_the_key_depends_on_the_limits_and_the_day(folder):
    key = source_fingerprint(folder, Limits(), TODAY)
    assert source_fingerprint(folder, Limits(), date(2026, 12, 7)) != key
    assert source_fingerprint(folder, Limits(max_rows=3), TODAY) != key
    assert source_fingerprint(folder, Limits(), TODAY) == key


def test_one_table_file_is_cached_too(tmp_path, monkeypatch):
    table = tmp_path / "stories.csv"
    pd.DataFrame(
        {"text": ["NATO met in Brussels.", "Kyiv asked for air defence."], "date": ["", ""]}
    ).to_csv(table, index=False)
    fresh = load_corpus_cached(table, tmp_path / "cache", today=TODAY)
    monkeypatch.setattr(corpus_cache, "load_corpus", _refuse)
    cached = load_corpus_cached(table, tmp_path / "cache", today=TODAY)
    pd.testing.assert_frame_equal(cached.documents, fresh.documents)
    assert cached.documents["text"].str.contains("Kyiv").sum() == 1


def test_without_a_cache_folder_it_is_a_plain_load(folder, tmp_path):
    loaded = load_corpus_cached(folder, None, today=TODAY)
    pd.testing.assert_frame_equal(loaded.documents, load_corpus(folder, today=TODAY).documents)
    assert not (tmp_path / "cache").exists()


def test_a_missing_source_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        load_corpus_cached(tmp_path / "absent", tmp_path / "cache")


def test_a_corpus_marshal_cannot_store_is_not_cached():
    documents = pd.DataFrame({"doc_id": ["a"], "stamp": [pd.Timestamp("2024-10-17")]})
    assert corpus_payload(Corpus(documents=documents)) is None


def test_an_unreadable_payload_is_ignored():
    assert corpus_from_payload("not a corpus") is None
    assert corpus_from_payload({"documents": [("doc_id", "object", ["a"])]}) is None
