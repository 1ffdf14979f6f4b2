"""The command line says what went wrong in one line: no traceback, no server path, no source."""

from __future__ import annotations

import pytest

import analysis.cli.common as common
from analysis.cli import main

STORY = "NATO ministers met in Brussels on Thursday to discuss air defence for Ukraine.\n"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (MemoryError(), "error: the input needs more memory than this machine allows"),
        (RecursionError("maximum recursion depth"), "error: the input needs more nesting than"),
    ],
)
def test_memory_and_recursion_errors_are_one_line(tmp_path, monkeypatch, capsys, error, message):
    (tmp_path / "a.txt").write_text(STORY)

    def fail(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(common, "load_corpus_cached", fail)  # every command reads SOURCE there
    assert main(["export", str(tmp_path), "--out", str(tmp_path / "out"), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err


def test_a_billion_laughs_alias_table_is_one_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(STORY)
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(
        'a: &a ["lol","lol"]\nb: &b [*a,*a]\naliases: [{action: exclude, pattern: *b}]\n'
    )
    out = str(tmp_path / "out")
    assert main(["export", str(tmp_path), "--out", out, "--aliases", str(aliases)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Alias YAML uses anchors or aliases (& or *, line 1)" in err
