"""Compiled modules (mypyc, built by ``pip install -e .``): the same results as the source, and
never a stale build.

``REQUIRE_COMPILED=1`` (CI) turns "this install runs pure Python" into a failure: the speed
figures in the README assume the compiled modules.
"""

import importlib.machinery
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from analysis import compiled
from analysis.compiled import (
    COMPILED_MODULES,
    PURE_ENVIRONMENT,
    RECORD,
    compiled_modules,
    extension_path,
    install_guard,
    source_digest,
    source_path,
    stale_modules,
)

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def fake_build(root: Path, record: bool = True) -> None:
    """A project tree in which every compiled module has a source, an "extension" beside it (an
    empty file: nothing here loads it) and, with ``record``, the build's record of its source."""
    for name in COMPILED_MODULES:
        path = root.joinpath(*name.split("."))
        if name == "analysis.entities":
            path.mkdir(parents=True, exist_ok=True)
            source, extension = path / "__init__.py", path / f"__init__{SUFFIX}"
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            source, extension = path.with_suffix(".py"), path.with_name(path.name + SUFFIX)
        source.write_text(f"NAME = {name!r}\n")
        extension.write_bytes(b"")
    if record:
        hashes = {name: source_digest(root, name) for name in COMPILED_MODULES}
        (root / RECORD).write_text(json.dumps(hashes))


def _without_guards(finders: list) -> list:
    """``sys.meta_path`` without this package's own guard (installed if this build is stale)."""
    return [finder for finder in finders if not isinstance(finder, compiled._FromSource)]


def test_source_and_extension_paths(tmp_path):
    fake_build(tmp_path)
    assert source_path(tmp_path, "analysis.keywords") == tmp_path / "analysis" / "keywords.py"
    assert source_path(tmp_path, "analysis.entities") == (
        tmp_path / "analysis" / "entities" / "__init__.py"
    )
    assert extension_path(tmp_path, "analysis.entities.rules") == (
        tmp_path / "analysis" / "entities" / f"rules{SUFFIX}"
    )
    assert extension_path(tmp_path, "analysis.cache") is None


def test_a_build_is_stale_once_a_source_changes(tmp_path):
    assert stale_modules(tmp_path) == []  # nothing compiled: nothing stale
    fake_build(tmp_path)
    assert stale_modules(tmp_path) == []
    (tmp_path / "analysis" / "keywords.py").write_text("NAME = 'edited'\n")
    assert stale_modules(tmp_path) == ["analysis.keywords"]


def test_a_build_without_its_record_counts_as_stale(tmp_path):
    fake_build(tmp_path, record=False)
    assert stale_modules(tmp_path) == list(COMPILED_MODULES)
    (tmp_path / RECORD).write_text("{not json")
    assert stale_modules(tmp_path) == list(COMPILED_MODULES)


def test_a_stale_build_imports_every_compiled_module_from_source(tmp_path, monkeypatch):
    fake_build(tmp_path)
    (tmp_path / "analysis" / "entities" / "rules.py").write_text("NAME = 'edited'\n")
    monkeypatch.setattr(sys, "meta_path", _without_guards(sys.meta_path))
    monkeypatch.delenv(PURE_ENVIRONMENT, raising=False)
    with pytest.warns(RuntimeWarning, match=r"analysis\.entities\.rules.*pip install -e"):
        install_guard(tmp_path)
    finder = sys.meta_path[0]
    assert isinstance(finder, compiled._FromSource)
    # All of them, not only the edited one: compiled modules call each other directly.
    for name in COMPILED_MODULES:
        spec = finder.find_spec(name, None)
        assert spec is not None and spec.origin == str(source_path(tmp_path, name))
    package = finder.find_spec("analysis.entities", None)
    assert package.submodule_search_locations == [str(tmp_path / "analysis" / "entities")]
    assert finder.find_spec("analysis.cache", None) is None  # the others import as usual
    install_guard(tmp_path)  # once is enough
    assert len(sys.meta_path) - len(_without_guards(sys.meta_path)) == 1


def test_a_fresh_build_is_left_alone_unless_pure_python_is_asked_for(tmp_path, monkeypatch):
    fake_build(tmp_path)
    monkeypatch.setattr(sys, "meta_path", _without_guards(sys.meta_path))
    monkeypatch.delenv(PURE_ENVIRONMENT, raising=False)
    before = list(sys.meta_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        install_guard(tmp_path)
    assert sys.meta_path == before
    monkeypatch.setenv(PURE_ENVIRONMENT, "1")
    install_guard(tmp_path)
    assert isinstance(sys.meta_path[0], compiled._FromSource)


def test_this_install_runs_compiled_where_ci_requires_it():
    running = compiled_modules()
    assert set(running) == set(COMPILED_MODULES)
    if os.environ.get("REQUIRE_COMPILED"):
        assert all(running.values()), f"pure Python here: {running}"
        assert stale_modules(ROOT) == []


_TABLES = """
import hashlib, json, sys
from analysis import analyze, load_corpus
from analysis.compiled import compiled_modules
result = analyze(load_corpus(sys.argv[1]), terms=["air defence", "Zelensky"], workers=1)
digests = {
    name: hashlib.sha256(getattr(result, name).to_csv(index=False).encode()).hexdigest()
    for name in ("mentions", "keywords", "entities", "frequencies", "sentences")
}
print(json.dumps({"compiled": compiled_modules(), "tables": digests}))
"""


def _tables(pure: bool) -> dict:
    environment = {key: value for key, value in os.environ.items() if key != PURE_ENVIRONMENT}
    if pure:
        environment[PURE_ENVIRONMENT] = "1"
    completed = subprocess.run(
        [sys.executable, "-c", _TABLES, str(ROOT / "seeds")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=environment,
        timeout=300,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_compiled_modules_give_the_sources_tables():
    compiled_run, pure_run = _tables(pure=False), _tables(pure=True)
    assert not any(pure_run["compiled"].values())
    if not any(compiled_run["compiled"].values()):
        pytest.skip("this install runs pure Python: nothing compiled to compare")
    assert all(compiled_run["compiled"].values())
    assert compiled_run["tables"] == pure_run["tables"]
