"""Which modules run compiled (mypyc, see ``setup.py``), and a guard against stale builds.

An install may compile :data:`COMPILED_MODULES` into C extensions that sit beside their
sources; Python then imports the extension instead of the ``.py``. Two things can make that
wrong, and :func:`install_guard` (run first thing by ``analysis/__init__.py``) handles both by
importing every one of these modules from its source instead:

- the source changed after the build (an edit, a ``git pull``): the build records each
  source's SHA-256 in :data:`RECORD`, and any difference means the extension is stale. All of
  them go back to source together, since compiled modules call each other directly;
- ``NEWS_EXPLORER_PURE=1`` is set: to compare the two, or to rule the compiled code out.

This module imports nothing from the package (``setup.py`` loads it by path, before the
package's dependencies exist in the build environment).
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

#: The modules that the build compiles: where keyword cleaning, phrase search, YAKE's tokenising
#: and rule-based entity extraction and resolution spend their time. (The vectorised YAKE
#: scorer is NumPy already, and the rest of the package runs once per corpus, not once per word.)
COMPILED_MODULES: tuple[str, ...] = (
    "analysis.phrase_search",
    "analysis.keywords",
    "analysis.sentences",
    "analysis.yake_tokens",
    "analysis.entities",
    "analysis.entities.lexicon",
    "analysis.entities.resolve",
    "analysis.entities.rules",
)

#: The build's record of what it compiled: ``{module: SHA-256 of its source}``, relative to the
#: project root (written by ``setup.py``, shipped as package data).
RECORD = "analysis/_compiled.json"

#: Set to any non-empty value to import every compiled module from its source.
PURE_ENVIRONMENT = "NEWS_EXPLORER_PURE"

_ROOT = Path(__file__).resolve().parent.parent


def source_path(root: Path, module: str) -> Path:
    """The source file of ``module`` (a package's ``__init__.py``) under ``root``."""
    path = root.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def extension_path(root: Path, module: str) -> Path | None:
    """The compiled extension that would shadow ``module``'s source, if there is one."""
    source = source_path(root, module)
    stem = "__init__" if source.name == "__init__.py" else source.stem
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return None


def source_digest(root: Path, module: str) -> str:
    """The SHA-256 of ``module``'s source, as the build records it."""
    return hashlib.sha256(source_path(root, module).read_bytes()).hexdigest()


def built_modules(root: Path = _ROOT) -> list[str]:
    """The modules of :data:`COMPILED_MODULES` that have an extension beside their source."""
    return [name for name in COMPILED_MODULES if extension_path(root, name) is not None]


def stale_modules(root: Path = _ROOT) -> list[str]:
    """The compiled modules whose source differs from what was compiled (all of them when the
    record is missing or unreadable); empty when nothing is compiled."""
    built = built_modules(root)
    if not built:
        return []
    try:
        record = json.loads((root / RECORD).read_text())
    except (OSError, ValueError):
        return built
    return [name for name in built if record.get(name) != source_digest(root, name)]


class _FromSource(importlib.abc.MetaPathFinder):
    """Import the given modules from their ``.py`` sources, whatever else lies beside them."""

    def __init__(self, root: Path, modules: Sequence[str]) -> None:
        self.root = root
        self.modules = frozenset(modules)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.modules:
            return None
        source = source_path(self.root, fullname)
        package = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(
            fullname, source, submodule_search_locations=package
        )


def install_guard(root: Path = _ROOT) -> None:
    """Import the compiled modules from source when asked to, or when their build is stale."""
    if any(isinstance(finder, _FromSource) and finder.root == root for finder in sys.meta_path):
        return  # (installed already)
    if not built_modules(root):
        return
    if os.environ.get(PURE_ENVIRONMENT):
        sys.meta_path.insert(0, _FromSource(root, COMPILED_MODULES))
        return
    stale = stale_modules(root)
    if stale:
        warnings.warn(
            f"analysis: compiled modules older than their source ({', '.join(stale)}); running "
            "the source instead (slower). Run `pip install -e .` again to recompile.",
            RuntimeWarning,
            stacklevel=2,
        )
        sys.meta_path.insert(0, _FromSource(root, COMPILED_MODULES))


def compiled_modules() -> dict[str, bool]:
    """Per module of :data:`COMPILED_MODULES`: whether it runs compiled in this process."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    result = {}
    for name in COMPILED_MODULES:
        module = sys.modules.get(name) or importlib.import_module(name)
        result[name] = str(getattr(module, "__file__", "")).endswith(suffixes)
    return result
