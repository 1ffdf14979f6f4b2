"""Where the corpus comes from: a server path or the uploaded files, named by their content.

A :class:`Source` carries a content key (SHA-256 over the uploaded bytes, or over a server path
and its files' names, sizes and modification times): equal keys, equal corpus. The caches in
:mod:`app.pipeline` hash a source by that key only, never by its bytes. Nothing here draws.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analysis.ingest.loading import COLUMN_ALIASES

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
#: Environment variable naming a server-side corpus (folder or table file).
CORPUS_VARIABLE = "ANALYSIS_CORPUS"
#: Upload bounds enforced in code (``.streamlit/config.toml`` caps each file at 200 MB).
MAX_UPLOAD_FILES = 2000
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
UPLOAD_TYPES = ["txt", "md", "csv", "tsv", "jsonl", "ndjson", "json", "gz", "zip", "yaml", "yml"]


def _names(field: str) -> str:
    *first, last = COLUMN_ALIASES[field]
    return f"{', '.join(first)} or {last}" if first else last


#: The uploader's help: what it reads, with the column names a table's fields may have.
UPLOAD_HELP = (
    f".txt files; .csv/.tsv/.jsonl/.json tables whose text column is named {_names('text')} "
    f"(also read: title as {_names('title')}, date as {_names('date')}, source as "
    f"{_names('source')}); .gz or .zip of them; a metadata.csv (id,title,date,source,url) and "
    "an aliases.csv or .yaml alias table."
)
#: Suffixes of an alias table uploaded among the articles (its name must contain "alias").
ALIAS_SUFFIXES = (".csv", ".yaml", ".yml")


@dataclass(frozen=True)
class Source:
    """What to analyse: a server path, or uploaded ``(name, bytes)`` pairs; ``key`` names the
    content (equal keys, equal corpus)."""

    label: str
    key: str
    path: str | None = None
    uploads: tuple[tuple[str, bytes], ...] = ()


def digest(*parts: str | bytes) -> str:
    """A short content key: SHA-256 over the parts, each prefixed by its length."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


def default_source() -> Source:
    """The corpus named by ``ANALYSIS_CORPUS``, else the bundled seeds."""
    named = os.environ.get(CORPUS_VARIABLE, "").strip()
    if named:
        return path_source(named, label=named)
    return path_source(str(SEEDS), label="Bundled seeds (5 NATO news items)")


def path_source(path: str, label: str) -> Source:
    """A server-side folder or file, keyed by its files' names, sizes and modification times."""
    return Source(label=label, key=digest("path", path, repr(path_signature(path))), path=path)


def upload_source(files: list[tuple[str, bytes]]) -> Source:
    """Uploaded ``(name, bytes)`` pairs, keyed by their names and bytes."""
    parts = [piece for name, data in files for piece in (name, data)]
    names = ", ".join(name for name, _ in files[:3]) + (" …" if len(files) > 3 else "")
    label = f"{len(files)} uploaded file{'s' * (len(files) != 1)}: {names}"
    return Source(label=label, key=digest("uploads", *parts), uploads=tuple(files))


def path_signature(path: str) -> tuple:
    """Sizes and modification times of the files under ``path``: a cheap content key."""
    root = Path(path)
    if root.is_file():
        stat = root.stat()
        return ((root.name, stat.st_size, stat.st_mtime_ns),)
    if not root.is_dir():
        return ()
    return tuple(
        (p.relative_to(root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    )


def is_alias_file(name: str) -> bool:
    """Whether an uploaded file is an alias table: ``aliases.csv``, ``my-alias.yaml`` and so on."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.suffix.lower() in ALIAS_SUFFIXES and "alias" in path.stem.lower()


def split_uploads(
    files: Iterable[tuple[str, bytes]],
) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """Uploaded files as ``(articles, alias tables)``: alias tables are read apart, not as text."""
    articles, aliases = [], []
    for name, data in files:
        (aliases if is_alias_file(name) else articles).append((name, data))
    return articles, aliases


def check_uploads(files: list[tuple[str, bytes]]) -> str | None:
    """Why a set of uploads is refused as a whole (too many, too large), or ``None``."""
    if len(files) > MAX_UPLOAD_FILES:
        return f"{len(files)} files uploaded; the limit is {MAX_UPLOAD_FILES} (zip them instead)."
    total = sum(len(data) for _, data in files)
    if total > MAX_UPLOAD_BYTES:
        return (
            f"{total / 1e6:.0f} MB uploaded; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB in all."
        )
    return None
