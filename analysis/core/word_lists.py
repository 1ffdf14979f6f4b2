"""Word lists shipped as package data (``analysis/data/<folder>/<name>.txt``), read once.

Lists live in data files, not in code, so that a reviewer can read, diff and extend them without
touching the logic that uses them. Two shapes: entry files (one name a line, names may hold
spaces) and word files (words separated by white space). In both, ``#`` starts a comment.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(folder: str, name: str) -> list[str]:
    path = resources.files("analysis").joinpath("data", folder, name)
    return [line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines()]


@cache
def read_entries(folder: str, name: str) -> tuple[str, ...]:
    """The entries of ``analysis/data/<folder>/<name>``: one a line, comments and blanks dropped."""
    return tuple(line for line in _lines(folder, name) if line)


@cache
def read_words(folder: str, name: str) -> frozenset[str]:
    """The words of ``analysis/data/<folder>/<name>``, separated by any white space."""
    return frozenset(word for line in _lines(folder, name) for word in line.split())
