"""The installed package works from any directory, and its stages keep their import order."""

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import ROOT, SEED_IDS


def test_package_imports_and_cli_runs_outside_the_repository(tmp_path):
    """`pip install` (editable or not) must not depend on the current directory being the repo."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    probe = subprocess.run(
        [sys.executable, "-c", "import analysis, analysis.entities; print(analysis.__file__)"],
        capture_output=True,
        text=True,
        cwd=outside,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().startswith(str(ROOT / "analysis"))
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "analysis", "export", str(ROOT / "seeds"), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=outside,
    )
    assert run.returncode == 0, run.stderr
    documents = pd.read_csv(out / "documents.csv", dtype=str)
    assert sorted(documents["doc_id"]) == sorted(SEED_IDS)


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter is not installed")
def test_stages_import_only_from_themselves_and_the_stages_before_them():
    """The layers contract in pyproject.toml: ingest -> extract -> run -> query -> present -> cli."""
    result = subprocess.run(
        ["lint-imports", "--no-cache"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout
