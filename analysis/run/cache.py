"""A persistent cache of analysis results: re-opening or growing a corpus analyses only what changed.

Keys are SHA-256 digests of everything a result depends on: a document's text (and date), the
settings, and the code's version (:func:`code_version`, a digest of this package's source and
data files and of the versions of the libraries whose output is stored). A result is therefore
never returned after anything it was computed from has changed: a stale entry is simply never
asked for again, and ages out.

Storage is one SQLite file, ``results.sqlite``, in the cache folder (by default
:func:`default_cache_dir`). It runs in WAL mode, so any number of readers (a command-line run,
several dashboard sessions) can read while one process writes. Values are LZ4-compressed ``marshal``
payloads of plain tuples, strings and numbers (loading one never runs code, unlike ``pickle``) or
Parquet tables, each behind a checksum: a damaged row (a flipped bit, junk, a huge size header)
reads as missing and is recomputed, never used and never fatal. The cache is bounded: past ``max_bytes`` the least recently used entries are
deleted. Clear it with :meth:`ResultCache.clear` or by deleting the folder.

A cache that cannot be used (read-only folder, corrupt or locked file) never fails an analysis:
a warning says why, and the analysis runs without it.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import sqlite3
import sys
import threading
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

#: The folder name under the platform's user cache folder.
APP_NAME = "news-explorer"
#: Environment variable that overrides :func:`default_cache_dir`.
CACHE_DIR_VARIABLE = "NEWS_EXPLORER_CACHE_DIR"
#: Default bound on the cache file's payloads (least recently used entries go first).
DEFAULT_MAX_BYTES = 2 * 1024**3
#: Libraries whose behaviour is part of a stored result.
_LIBRARIES = ("yake", "segtok", "numpy", "pandas", "pyarrow", "spacy", "pycountry", "nicknames")
_DATABASE = "results.sqlite"
_BATCH = 500  # keys per SQL statement (SQLite allows 999 parameters by default)


def default_cache_dir() -> Path:
    """Where results are cached unless told otherwise: ``$NEWS_EXPLORER_CACHE_DIR``, else the
    platform's user cache folder (``~/.cache/news-explorer`` on Linux, ``~/Library/Caches`` on
    macOS, ``%LOCALAPPDATA%`` on Windows)."""
    override = os.environ.get(CACHE_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / APP_NAME / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / APP_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / APP_NAME


#: The ``analysis`` package: every result depends on code and data anywhere in it, not only on
#: this stage's (until December 2026 only ``analysis/run`` was hashed, so an edit of the entity
#: rules kept serving results cached before it).
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def code_files() -> list[Path]:
    """The files :func:`code_version` digests, in a fixed order: the package's ``.py`` sources
    and its ``.txt``/``.md`` data (word lists, the entity model's card), at any depth."""
    return sorted(
        path
        for path in PACKAGE_ROOT.rglob("*")
        if path.is_file() and path.suffix in {".py", ".txt", ".md"}
    )


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code that computes results: every source and data file of this package
    (``.py``, and the ``.txt`` and ``.md`` files it ships as package data), the Python version
    and the versions of :data:`_LIBRARIES`. Any edit gives new keys."""
    from importlib import metadata

    package = PACKAGE_ROOT
    hasher = hashlib.sha256()
    for path in code_files():
        hasher.update(path.relative_to(package).as_posix().encode())
        hasher.update(b"\0")
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    hasher.update(sys.version.split()[0].encode())
    for library in _LIBRARIES:
        try:
            hasher.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{library}=?".encode())
    return hasher.hexdigest()


def digest(*parts: str | bytes) -> str:
    """SHA-256 of ``parts`` (each length-prefixed, so that ("ab", "c") differs from ("a", "bc"))."""
    return _hashed(hashlib.sha256(), parts).hexdigest()


def digests(prefix: Sequence[str | bytes], items: Iterable[Sequence[str | bytes]]) -> list[str]:
    """``[digest(*prefix, *item) for item in items]``, hashing the common ``prefix`` once (keys
    of a corpus's documents share the code version and the settings)."""
    start = _hashed(hashlib.sha256(), prefix)
    return [_hashed(start.copy(), item).hexdigest() for item in items]


def _hashed(hasher: Any, parts: Iterable[str | bytes]) -> Any:
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher


class ResultCache:
    """Results by key in ``directory``: payloads (:meth:`get_many`, :meth:`put_many`,
    :meth:`put_encoded`) and tables (:meth:`get_tables`, :meth:`put_tables`).

    One instance keeps one connection (opened on first use, shared by its threads under a lock);
    any number of instances and processes may use the same folder at once. Use it as a context
    manager, or call :meth:`close`, so that the write-ahead log is folded into the file once.
    """

    def __init__(self, directory: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = Path(directory).expanduser()
        self.path = self.directory / _DATABASE
        self.max_bytes = max_bytes
        self._usable = True
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            with self._lock:
                self._open()
        except (OSError, sqlite3.Error) as error:
            self._give_up(error)

    def __repr__(self) -> str:
        return f"ResultCache({str(self.directory)!r})"

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (it is opened again if the cache is used again)."""
        with self._lock:
            if self._connection is not None:
                try:
                    self._connection.close()
                except sqlite3.Error as error:
                    self._give_up(error)
                self._connection = None

    # ---------------------------------------------------------------------------------------------
    # Payloads

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The payloads stored under ``keys`` (missing or unreadable keys are left out)."""
        found: dict[str, Any] = {}
        if not self._usable or not keys:
            return found
        try:
            with self._lock:
                connection = self._open()
                for batch in _batches(list(dict.fromkeys(keys))):
                    marks = ",".join("?" * len(batch))
                    rows = connection.execute(
                        f"SELECT key, value FROM entries WHERE key IN ({marks})", batch
                    ).fetchall()
                    for key, value in rows:
                        payload = decode(value)
                        if payload is not MISSING:
                            found[key] = payload
                self._touch(connection, list(found))
        except sqlite3.Error as error:
            self._give_up(error)
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Store payloads (tuples, lists, dicts of strings, numbers, bytes, booleans, None)."""
        self.put_encoded({key: encode(value) for key, value in items.items()})

    def put_encoded(self, items: Mapping[str, bytes]) -> None:
        """Store payloads already passed through :func:`encode` (by worker processes)."""
        if not self._usable or not items:
            return
        now = time.time()
        records = [(key, value, len(value), now) for key, value in items.items()]
        try:
            with self._lock:
                connection = self._open()
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(
                    "INSERT OR REPLACE INTO entries (key, value, size, used) VALUES (?, ?, ?, ?)",
                    records,
                )
                connection.execute("COMMIT")
                self._evict(connection)
        except sqlite3.Error as error:
            self._give_up(error)

    # ---------------------------------------------------------------------------------------------
    # Tables

    def get_tables(self, key: str) -> dict[str, pd.DataFrame] | None:
        """The tables stored under ``key`` by :meth:`put_tables`, or ``None``."""
        stored = self.get_many([key]).get(key)
        if not isinstance(stored, dict):
            return None
        try:
            return {name: pd.read_parquet(io.BytesIO(data)) for name, data in stored.items()}
        except (OSError, ValueError) as error:  # pyarrow's errors derive from these
            warnings.warn(f"analysis cache: unreadable tables ignored ({error})", stacklevel=2)
            return None

    def put_tables(self, key: str, tables: Mapping[str, pd.DataFrame]) -> None:
        """Store DataFrames (as Parquet, which keeps their column types) under one key.

        The tables are encoded in threads: Arrow writes Parquet without holding the GIL, and this
        is the last step of a cold analysis, when the other cores are idle (Reuters: 0.29 s ->
        0.15 s on two cores).
        """
        with ThreadPoolExecutor(max_workers=max(1, min(len(tables), os.cpu_count() or 1))) as pool:
            encoded = dict(zip(tables, pool.map(_parquet, tables.values()), strict=True))
        # Parquet compresses its columns: compressing them again would cost time and save little.
        self.put_encoded({key: encode(encoded, compress=False)})

    # ---------------------------------------------------------------------------------------------
    # Housekeeping

    def stats(self) -> tuple[int, int]:
        """``(entries, bytes)`` currently stored."""
        if not self._usable:
            return 0, 0
        try:
            with self._lock:
                connection = self._open()
                (count,) = connection.execute("SELECT COUNT(*) FROM entries").fetchone()
                return int(count), self._total(connection)
        except sqlite3.Error as error:
            self._give_up(error)
            return 0, 0

    def clear(self) -> None:
        """Delete every entry (the folder and file stay)."""
        if not self._usable:
            return
        try:
            with self._lock:
                connection = self._open()
                connection.execute("DELETE FROM entries")
                connection.execute("VACUUM")
        except sqlite3.Error as error:
            self._give_up(error)

    # ---------------------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """The connection, opened (and the schema created) on first use; call under the lock.

        The total size of the payloads is kept in ``meta`` by triggers, so that checking the
        bound never scans the table (``recursive_triggers`` makes a replaced row count as
        deleted).
        """
        if self._connection is not None:
            return self._connection
        connection = sqlite3.connect(
            self.path, timeout=60, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA recursive_triggers=ON")
            connection.executescript(_SCHEMA)
        except sqlite3.Error:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _total(self, connection: sqlite3.Connection) -> int:
        row = connection.execute("SELECT value FROM meta WHERE name = 'bytes'").fetchone()
        return int(row[0]) if row else 0

    def _touch(self, connection: sqlite3.Connection, keys: list[str]) -> None:
        """Mark keys as just used (best effort: a busy database only delays eviction order)."""
        now = time.time()
        try:
            for batch in _batches(keys):
                marks = ",".join("?" * len(batch))
                connection.execute(
                    f"UPDATE entries SET used = ? WHERE key IN ({marks})", [now, *batch]
                )
        except sqlite3.OperationalError:
            return

    def _evict(self, connection: sqlite3.Connection) -> None:
        """Delete least recently used entries until the payloads fit in 80% of ``max_bytes``."""
        total = self._total(connection)
        if total <= self.max_bytes:
            return
        excess = total - int(self.max_bytes * 0.8)
        doomed = []
        for key, size in connection.execute("SELECT key, size FROM entries ORDER BY used"):
            doomed.append(key)
            excess -= size
            if excess <= 0:
                break
        connection.execute("BEGIN IMMEDIATE")
        for batch in _batches(doomed):
            marks = ",".join("?" * len(batch))
            connection.execute(f"DELETE FROM entries WHERE key IN ({marks})", batch)
        connection.execute("COMMIT")

    def _give_up(self, error: Exception) -> None:
        self._usable = False
        # Explicit, with no source file: the warning shows as one line, not a line of our code.
        warnings.warn_explicit(
            f"analysis cache {self.path} cannot be used ({error}); analysing without it",
            RuntimeWarning,
            filename=APP_NAME,
            lineno=0,
            module=__name__,
        )


_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, value BLOB NOT NULL, size INTEGER NOT NULL, used REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_used ON entries (used);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta SELECT 'bytes', COALESCE(SUM(size), 0) FROM entries;
CREATE TRIGGER IF NOT EXISTS entries_added AFTER INSERT ON entries
    BEGIN UPDATE meta SET value = value + new.size WHERE name = 'bytes'; END;
CREATE TRIGGER IF NOT EXISTS entries_removed AFTER DELETE ON entries
    BEGIN UPDATE meta SET value = value - old.size WHERE name = 'bytes'; END;
"""

#: What :func:`decode` returns for bytes it cannot read (the result is then recomputed).
MISSING = object()


def encode(value: Any, compress: bool = True) -> bytes:
    """A payload as stored: ``marshal`` (plain data only; loading runs no code), LZ4-compressed
    unless ``compress`` is false (for payloads compressed already, such as Parquet tables).

    Layout: one byte saying how the rest is stored, an 8-byte BLAKE2b checksum of the rest, then
    (LZ4 only) the 8-byte decompressed size and the compressed bytes, or the ``marshal`` bytes.
    LZ4 (pyarrow's) rather than zlib: on Reuters' per-document payloads zlib took 1.1 s to make
    28 MB into 17, LZ4 0.12 s to make them 23, and it decompresses three times as fast.
    """
    data = marshal.dumps(value)
    if not compress:
        return _PLAIN + _checksum(data) + data
    body = len(data).to_bytes(8, "little") + pa.compress(data, codec="lz4", asbytes=True)
    return _LZ4 + _checksum(body) + body


def decode(value: bytes) -> Any:
    """A stored payload, or :data:`MISSING` when it cannot be read (damaged, truncated, written
    by another version): the caller then recomputes it."""
    kind, check, body = value[:1], value[1:9], value[9:]
    if kind not in (_PLAIN, _LZ4) or len(check) != 8 or _checksum(body) != check:
        return MISSING
    try:
        if kind == _PLAIN:
            return marshal.loads(body)
        size = int.from_bytes(body[:8], "little")
        if size > _LZ4_MAX_RATIO * len(body) + 64:  # more than LZ4 can expand: not ours
            return MISSING
        data = pa.decompress(body[8:], decompressed_size=size, codec="lz4", asbytes=True)
        return marshal.loads(data)
    except (ValueError, EOFError, TypeError, OSError, MemoryError, pa.ArrowException):
        return MISSING


def _checksum(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()


#: The first byte of a stored payload: how the rest is stored.
_PLAIN, _LZ4 = b"M", b"L"
#: LZ4 never expands a block more than 255 times.
_LZ4_MAX_RATIO = 255


def _parquet(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _batches(keys: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(keys), _BATCH):
        yield keys[start : start + _BATCH]
