"""Build hook: compile the per-word hot spots of ``analysis`` with mypyc, when it can.

Everything else about the package is in ``pyproject.toml``. Keyword cleaning, phrase search and
the rule-based entity extractor spend their time in small Python functions over strings, called
once per candidate or per word (no single hot spot is left to rewrite); mypyc turns the same
typed source into C extensions that run them about twice as fast. The modules stay plain Python
in the source tree, and the compiled ones sit beside them (an editable install builds them in
place): Python imports an extension module before a ``.py`` of the same name.

Compiling is optional. Without a C compiler, or with ``NEWS_EXPLORER_PURE=1`` set, or if mypyc
refuses the source, the package installs as pure Python and computes exactly the same results,
more slowly. ``analysis.compiled`` reports which modules run compiled, and ignores any compiled
module whose source has changed since it was built (see there).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def _compiled_module():
    """``analysis/compiled.py``, loaded by path: importing the package would need its
    dependencies, which the build environment does not have."""
    spec = importlib.util.spec_from_file_location(
        "_news_explorer_compiled", ROOT / "analysis" / "compiled.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_compiled = _compiled_module()
COMPILED_MODULES, RECORD, PURE_ENVIRONMENT = (
    _compiled.COMPILED_MODULES,
    _compiled.RECORD,
    _compiled.PURE_ENVIRONMENT,
)
source_path, source_digest = _compiled.source_path, _compiled.source_digest


#: The setuptools commands that build code; the others (metadata: ``egg_info``, ``dist_info``,
#: which pip runs first, each in a new process) need no extensions, and making them runs mypy.
_BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}

#: ``{module: SHA-256 of the source compiled}``, filled when mypyc has generated the C code.
_SOURCES: dict[str, str] = {}


def extensions() -> list:
    """The mypyc extensions, or none (pure Python) when compiling is off or impossible."""
    if os.environ.get(PURE_ENVIRONMENT) or _BUILDING.isdisjoint(sys.argv[1:]):
        return []
    if not _can_compile():
        print("news-explorer: no C compiler or Python headers; installing pure Python")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    _SOURCES.update((name, source_digest(ROOT, name)) for name in COMPILED_MODULES)
    try:
        # (The libraries have no type stubs: mypy treats them as untyped, and so does mypyc.)
        arguments = [str(source_path(ROOT, name).relative_to(ROOT)) for name in COMPILED_MODULES]
        built = mypycify(
            ["--ignore-missing-imports", *arguments],
            opt_level="3",
            debug_level="0",
            multi_file=True,
        )
    except (Exception, SystemExit) as error:  # mypyc's type check failed: stay pure Python
        print(f"news-explorer: not compiling ({error}); installing pure Python", file=sys.stderr)
        _SOURCES.clear()
        return []
    for extension in built:
        extension.optional = True  # no C compiler: build_ext warns, and the rest goes on
    return built


def _can_compile() -> bool:
    """Whether a C compiler and this Python's headers are there (else mypyc's type check would
    run for a minute, and then every compilation fail)."""
    compiler = (os.environ.get("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    return shutil.which(compiler) is not None and headers.exists()


class BuildExtensions(build_ext):
    """``build_ext`` that records what it compiled, and only if it compiled all of it.

    The record (:data:`RECORD`) is what lets ``analysis.compiled`` trust the extensions: without
    it (a compiler missing, or killed half-way, so that some modules built and others did not)
    every module is imported from source. It goes into the source tree (editable installs build
    in place) and into the build directory (a wheel's package data).
    """

    def run(self) -> None:
        record = ROOT / RECORD
        record.unlink(missing_ok=True)
        super().run()
        outputs = [Path(self.get_ext_fullpath(extension.name)) for extension in self.extensions]
        if not _SOURCES or not outputs or not all(path.exists() for path in outputs):
            if _SOURCES:
                print("news-explorer: not every module compiled; running them from source")
            return
        text = json.dumps(_SOURCES, indent=1, sort_keys=True) + "\n"
        record.write_text(text)
        in_build = Path(self.build_lib) / RECORD
        in_build.parent.mkdir(parents=True, exist_ok=True)
        in_build.write_text(text)


def _parallel_compilers() -> int:
    """How many C files to compile at once (mypyc writes one or more per module): the cores this
    process may use, at most 4, since each compiler takes a few hundred MB (Streamlit Community
    Cloud reports its host's many cores, and gives an app about 2.7 GB)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, cores or 1))


setup(
    ext_modules=extensions(),
    cmdclass={"build_ext": BuildExtensions},
    options={"build_ext": {"parallel": _parallel_compilers()}},
)
