"""Damaged cache rows are detected by their checksum, recomputed, and never fatal.

A row may be damaged by a disk, a crash mid-write or a hand: a flipped bit, junk, a size header
that asks for terabytes. Each reads as missing; the analysis recomputes it and gives the result
a fresh run gives (a flipped bit once gave a mention with ``end < start``).
"""

from __future__ import annotations

import sqlite3
import warnings
from contextlib import closing

import pytest

from analysis import analyze, load_corpus
from analysis.run.cache import MISSING, ResultCache, decode, encode

MENTIONS = (
    ("d", "entity", "NATO", "ORG", 10, 14, "NATO"),
    ("d", "entity", "Kyiv", "GPE", 30, 34, "Kyiv"),
)


@pytest.mark.parametrize("compress", [True, False])
def test_every_single_flipped_bit_is_detected(compress):
    stored = encode(MENTIONS, compress=compress)
    for bit in range(len(stored) * 8):
        damaged = bytearray(stored)
        damaged[bit // 8] ^= 1 << (bit % 8)
        assert decode(bytes(damaged)) is MISSING, bit


@pytest.mark.parametrize(
    "damaged",
    [
        b"L" + b"\0" * 8 + (2**62).to_bytes(8, "little") + b"x",  # a size header of exabytes
        b"L" + encode(MENTIONS)[1:9] + (2**62).to_bytes(8, "little") + b"x",
        b"M" + b"junk" * 10,
        b"\x00" * 64,
        b"",
        encode(MENTIONS)[:-3],  # truncated
    ],
)
def test_junk_and_huge_size_headers_read_as_missing(damaged):
    assert decode(damaged) is MISSING


def damage_every_row(path, how):
    with closing(sqlite3.connect(path)) as connection, connection:
        rows = connection.execute("SELECT key, value FROM entries").fetchall()
        for key, value in rows:
            connection.execute("UPDATE entries SET value = ? WHERE key = ?", (how(value), key))
    return len(rows)


def flip_a_bit(value: bytes) -> bytes:
    damaged = bytearray(value)
    damaged[len(damaged) // 2] ^= 0x10
    return bytes(damaged)


def huge_header(value: bytes) -> bytes:
    return value[:9] + (2**60).to_bytes(8, "little") + value[17:]


@pytest.mark.parametrize("how", [flip_a_bit, huge_header, lambda value: b"junk"])
def test_an_analysis_over_damaged_rows_equals_a_fresh_one(tmp_path, how):
    corpus = load_corpus(
        [
            ("a.txt", b"NATO ministers met in Brussels on 17 October 2024. Kyiv asked for more."),
            ("b.txt", b"Mark Rutte said NATO would stand by Ukraine. Kyiv thanked him."),
        ]
    )
    settings = {"terms": ["NATO"], "entity_backend": "rules"}
    fresh = analyze(corpus, **settings, cache_dir=None)
    analyze(corpus, **settings, cache_dir=tmp_path)
    assert damage_every_row(tmp_path / "results.sqlite", how) > 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # damaged rows are not even worth a warning
        again = analyze(corpus, **settings, cache_dir=tmp_path)
    for name in ("mentions", "keywords", "entities", "frequencies"):
        assert getattr(again, name).equals(getattr(fresh, name)), name
    assert (again.mentions["end"] > again.mentions["start"]).all()


def test_a_damaged_row_is_left_out_and_can_be_written_again(tmp_path):
    with ResultCache(tmp_path) as cache:
        cache.put_many({"k": MENTIONS})
    damage_every_row(tmp_path / "results.sqlite", flip_a_bit)
    with ResultCache(tmp_path) as cache:
        assert cache.get_many(["k"]) == {}
        cache.put_many({"k": MENTIONS})
        assert cache.get_many(["k"]) == {"k": MENTIONS}


def test_the_cache_warning_is_one_line_without_source_code(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ResultCache(blocked / "cache")
    (warning,) = caught
    shown = warnings.formatwarning(
        warning.message, warning.category, warning.filename, warning.lineno, warning.line
    )
    assert shown.count("\n") == 1
    assert "cannot be used" in shown and "warnings.warn" not in shown
