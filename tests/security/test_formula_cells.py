"""CSV downloads neutralise cells a spreadsheet would run as formulas (OWASP: prefix ``'``);
the command line's export files, the public data contract, keep the data unchanged."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from analysis.core.cells import FORMULA_STARTS
from analysis.extract.aliases import load_aliases, save_aliases
from analysis.present.export import csv_bundle, spreadsheet_csv, spreadsheet_safe

HOSTILE = ['=HYPERLINK("http://x.invalid")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame({"term": [*HOSTILE, "NATO", "e-mail"], "count": [1, 2, 3, 4, 5, 6, -7, 8]})


def test_every_formula_start_is_neutralised_and_nothing_else(table):
    safe = spreadsheet_safe(table)
    assert safe["term"].tolist() == [*("'" + cell for cell in HOSTILE), "NATO", "e-mail"]
    assert safe["count"].tolist() == table["count"].tolist()  # -7 is a number, not a formula
    assert table["term"].tolist()[0].startswith("=")  # the input is not changed
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


def test_column_names_are_cells_too():
    assert spreadsheet_safe(pd.DataFrame({"=cmd": ["a"]})).columns.tolist() == ["'=cmd"]


def test_downloads_are_neutralised(table):
    text = spreadsheet_csv(table).decode("utf-8")
    assert "\n\"'=HYPERLINK" in text and "\n'@SUM(A1)" in text
    with zipfile.ZipFile(io.BytesIO(csv_bundle(table, "terms", {"q": "x"}))) as archive:
        rows = pd.read_csv(archive.open("terms.csv"), keep_default_na=False)
    assert rows["term"].tolist()[:4] == ["'" + cell for cell in HOSTILE[:4]]


def test_a_bundle_can_keep_the_data_raw(table):
    with zipfile.ZipFile(io.BytesIO(csv_bundle(table, "t", {}, spreadsheet=False))) as archive:
        rows = pd.read_csv(archive.open("t.csv"), keep_default_na=False)
    assert rows["term"].tolist()[:4] == HOSTILE[:4]


def test_the_alias_table_download_is_neutralised_and_round_trips():
    rules = pd.DataFrame(
        [("merge", "=cmd|' /C calc'!A0", "+Name", ""), ("exclude", "-minus", "", "")],
        columns=["action", "pattern", "canonical", "label"],
    )
    saved = save_aliases(rules)
    assert b"\nmerge,'=cmd" in saved and b",'+Name," in saved and b"\nexclude,'-minus" in saved
    assert load_aliases(saved).values.tolist() == rules.values.tolist()


def test_the_cli_export_keeps_values_unchanged(tmp_path):
    from analysis.cli import main

    source = tmp_path / "in.csv"
    source.write_text('id,title,text\n=1+1,@title,"-5 degrees in Kyiv, said NATO."\n')
    assert (
        main(
            [
                "export",
                str(source),
                "--out",
                str(tmp_path / "out"),
                "--no-cache",
                "--entity-backend",
                "rules",
            ]
        )
        == 0
    )
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False, dtype=str)
    assert documents[["doc_id", "title"]].values.tolist() == [["=1+1", "@title"]]
    # the title is the text's first line (as in a text file); neither gains a quote mark
    assert documents["text"][0] == "@title\n\n-5 degrees in Kyiv, said NATO."
