import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import EXPORT_FILES, main
from tests.conftest import ROOT, SEED_IDS


def test_export_writes_the_six_contract_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        main(["export", str(ROOT / "seeds"), "--out", str(out), "--terms", "air defence,F-16"]) == 0
    )
    for name, (_, columns) in EXPORT_FILES.items():
        table = pd.read_csv(out / name, keep_default_na=False, dtype=str)
        assert list(table.columns) == columns, name
    documents = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert documents["doc_id"].tolist() == SEED_IDS
    assert documents["date"].tolist() == [
        "2024-10-17",
        "2024-10-17",
        "2024-10-18",
        "2023-10-11",
        "2024-11-27",
    ]
    mentions = pd.read_csv(
        out / "mentions.csv", keep_default_na=False, dtype={"start": int, "end": int}
    )
    texts = documents.set_index("doc_id")["text"]
    for row in mentions.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.surface
    assert set(mentions["kind"]) == {"entity", "keyword", "term"}
    assert "analysed 5 document(s)" in capsys.readouterr().err


def test_export_lists_problems_and_still_succeeds(tmp_path, capsys):
    source = tmp_path / "src"
    source.mkdir()
    (source / "ok.txt").write_text(
        "Ministers met in Brussels to discuss support for Ukraine today.", "utf-8"
    )
    (source / "empty.txt").write_text("", "utf-8")
    assert main(["export", str(source), "--out", str(tmp_path / "o")]) == 0
    problems = pd.read_csv(tmp_path / "o" / "problems.csv")
    assert problems.values.tolist() == [["empty.txt", "empty file (0 bytes)"]]
    assert "empty.txt: empty file (0 bytes)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("make_source", "message"),
    [
        (lambda tmp: tmp / "missing", "no such file or folder"),
        (
            lambda tmp: _write(tmp / "bad.csv", 'id,text\n1,"open\n'),
            "no document could be analysed",
        ),
        (lambda tmp: _write(tmp / "x.pdf", "%PDF"), "unsupported file type"),
    ],
)
def test_bad_top_level_source_fails_with_one_line(tmp_path, make_source, message):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "export",
            str(make_source(tmp_path)),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def _write(path, text):
    path.write_text(text, "utf-8")
    return path


def test_help_explains_the_inputs_and_outputs():
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "export", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    for phrase in ("metadata.csv", "problems.csv", "--terms", "--aliases", "Exit status"):
        assert phrase in result.stdout


def test_out_of_range_keyword_setting_is_one_line(tmp_path, capsys):
    assert main(["export", str(ROOT / "seeds"), "--out", str(tmp_path), "--dedup", "0"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: keyword settings: ")
