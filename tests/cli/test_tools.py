"""The tool commands on the seeds: the named columns, first rows, aligned lines, clear errors."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_words_writes_the_named_columns(seeds_path, tmp_path, capsys):
    out = tmp_path / "bigrams.csv"
    status, _, err = run(capsys, "words", seeds_path, "--ngram", 2, "--stopwords", "--out", out)
    table = pd.read_csv(out)
    assert status == 0 and "row(s)" in err
    assert list(table.columns) == ["term", "n", "frequency", "documents", "per_1k_words"]
    assert table.iloc[0].tolist() == ["defence ministers", 2, 20, 5, 10.8578]


def test_words_to_stdout_with_min_freq(seeds_path, capsys):
    status, out, _ = run(capsys, "words", seeds_path, "--min-freq", 50)
    assert status == 0
    assert out.splitlines()[0] == "term,n,frequency,documents,per_1k_words"
    assert all(int(line.split(",")[2]) >= 50 for line in out.splitlines()[1:])


def test_collocates_writes_the_named_columns(seeds_path, tmp_path, capsys):
    out = tmp_path / "coll.csv"
    status, _, _ = run(
        capsys,
        "collocates",
        seeds_path,
        "nato",
        "--window",
        2,
        3,
        "--measure",
        "logdice",
        "--out",
        out,
    )
    table = pd.read_csv(out)
    assert status == 0
    assert list(table.columns) == [
        "collocate",
        "frequency",
        "pair_frequency",
        "documents",
        "left",
        "right",
        "score",
    ]
    assert (table["pair_frequency"] >= 2).all()
    assert (table["left"] + table["right"] == table["pair_frequency"]).all()
    assert table["score"].is_monotonic_decreasing


def test_kwic_prints_aligned_lines_sorted(seeds_path, capsys):
    status, out, err = run(
        capsys, "kwic", seeds_path, "nato", "--sort", "R1", "--page-size", 3, "--width", 30
    )
    lines = out.splitlines()
    assert status == 0 and "54 hit(s)" in err and "page 1 of 18" in err
    assert len(lines) == 3
    assert {line[32:36] for line in lines} == {"NATO"}  # the hits in one column


def test_kwic_exports_every_line(seeds_path, tmp_path, capsys):
    out = tmp_path / "kwic.csv"
    status, _, _ = run(capsys, "kwic", seeds_path, "air defences", "--out", out)
    table = pd.read_csv(out, keep_default_na=False)
    assert status == 0 and len(table) == 1
    assert table.loc[0, "match"] == "air defences" and "L1" in table and "R3" in table


def test_dispersion_of_a_term_and_of_every_word(seeds_path, capsys):
    status, out, _ = run(capsys, "dispersion", seeds_path, "ukraine")
    assert status == 0 and out.splitlines()[0] == "doc_id,position,start,end"
    status, out, _ = run(capsys, "dispersion", seeds_path, "--min-freq", 30)
    assert out.splitlines()[0] == "term,frequency,documents,dp,dp_norm,juilland_d"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["words", "{seeds}", "--ngram", "6"], "--ngram must be 1 to 5"),
        (["kwic", "{seeds}", "nato", "--sort", "R9"], "--sort"),
        (["collocates", "{seeds}", "nato", "--window", "0", "0"], "holds no word"),
        (["words", "/no/such/folder"], "error:"),
    ],
)
def test_mistakes_are_one_line(seeds_path, capsys, argv, message):
    status, _, err = run(capsys, *[arg.format(seeds=seeds_path) for arg in argv])
    assert status == 1 and message in err and len(err.strip().splitlines()) == 1
