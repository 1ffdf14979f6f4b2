"""Where the corpus comes from, and the cached calls that load and analyse it.

The corpus is analysed once per content (the uploaded bytes, or a server path and its files'
sizes and modification times), analysis settings and alias table; every widget change afterwards
is only a filter and a group-by over the cached result.

The cache is a :class:`Memo` per kind of result, one per server (``st.cache_resource`` holds the
memos, not the results): ``st.cache_resource`` around the analysis itself would record the
progress bar drawn while it runs and replay it on every later run, which Streamlit refuses for an
element created outside the cached function. Results are shared by reference, never copied, and
never mutated.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from analysis import Analysis, Corpus, InputError, load_corpus
from analysis.extract.keywords import KeywordSettings
from analysis.extract.quotes import quotes_frame
from analysis.extract.terms import term_mentions
from analysis.ingest.loading import Limits
from analysis.query.filters import Filters
from analysis.query.search import PatternError, regex_mentions, search_documents
from analysis.run.cache import default_cache_dir
from analysis.run.pipeline import analyze
from app.view import View, build_view, with_tracked

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
#: Environment variable naming a server-side corpus (folder or table file).
CORPUS_VARIABLE = "ANALYSIS_CORPUS"
#: Upload bounds enforced in code (``.streamlit/config.toml`` caps each file at 200 MB).
MAX_UPLOAD_FILES = 2000
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
UPLOAD_TYPES = ["txt", "md", "csv", "tsv", "jsonl", "ndjson", "json", "gz", "zip", "yaml", "yml"]
#: Corpora up to this size get their quotations found without asking (about 10 ms a document).
QUOTES_AUTO_LIMIT = 2000
#: Suffixes of an alias table uploaded among the articles (its name must contain "alias").
ALIAS_SUFFIXES = (".csv", ".yaml", ".yml")

T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    """What to analyse: a server path, or uploaded ``(name, bytes)`` pairs; ``key`` names the
    content (equal keys, equal corpus)."""

    label: str
    key: str
    path: str | None = None
    uploads: tuple[tuple[str, bytes], ...] = ()


class Memo:
    """Values computed once per key and shared by every session: a small thread-safe LRU.

    Unlike ``st.cache_resource`` it records no Streamlit elements, so a computation may draw a
    progress bar. One session computes a key while others asking for it wait for its result.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[str, Any] = OrderedDict()
        self._guard = threading.Lock()
        self._busy: dict[str, threading.Lock] = {}

    def __contains__(self, key: str) -> bool:
        with self._guard:
            return key in self._values

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """The value for ``key``, computing it with ``compute()`` when it is not kept yet."""
        with self._guard:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            busy = self._busy.setdefault(key, threading.Lock())
        with busy:
            with self._guard:
                if key in self._values:
                    return self._values[key]
            try:
                value = compute()
            finally:
                with self._guard:
                    self._busy.pop(key, None)
            with self._guard:
                self._values[key] = value
                while len(self._values) > self._size:
                    self._values.popitem(last=False)
        return value


@st.cache_resource(show_spinner=False)
def memo(kind: str, size: int) -> Memo:
    """The server-wide memo for one kind of result (``corpus``, ``analysis``, ...)."""
    del kind  # only part of the cache key
    return Memo(size)


def cached(kind: str, key: str, compute: Callable[[], T], size: int = 32) -> T:
    """``compute()`` once per ``key`` (a content key such as ``View.scope``), shared by sessions."""
    return memo(kind, size).get(key, compute)


def digest(*parts: str | bytes) -> str:
    """A short content key: SHA-256 over the parts, each prefixed by its length."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


# --- sources --------------------------------------------------------------------------------------


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


# --- cached calls ---------------------------------------------------------------------------------


def load_source(source: Source) -> tuple[Corpus | None, str | None]:
    """Load ``source`` once per content; the corpus, or ``None`` and a message for the user."""

    def read() -> Corpus:
        with st.spinner(f"Reading {source.label}…"):
            if source.path is not None:
                return load_corpus(source.path, limits=Limits())
            return load_corpus(list(source.uploads), limits=Limits())

    try:
        return memo("corpus", 4).get(source.key, read), None
    except InputError as error:
        return None, str(error)


def analysis_key(
    source: Source, settings: KeywordSettings, aliases_csv: bytes, backend: str
) -> str:
    """The content key of one analysis: corpus, keyword settings, alias table and backend."""
    return digest("analysis", source.key, repr(settings), aliases_csv, backend)


def analyse_source(
    source: Source,
    corpus: Corpus,
    settings: KeywordSettings,
    aliases: pd.DataFrame | None = None,
    aliases_csv: bytes = b"",
    backend: str = "rules",
) -> tuple[Analysis | None, str | None]:
    """Analyse ``corpus`` once per content and settings, with a progress bar while it runs.

    Returns the analysis, or ``None`` and a message for the user.
    """
    key = analysis_key(source, settings, aliases_csv, backend)
    # The slot is drawn on every run, computing or not, so the elements after it (the tabs) keep
    # their place in the page: otherwise the browser redraws the tabs and jumps to the first one.
    slot = st.empty()

    def run() -> Analysis:
        bar = slot.progress(0.0, text=f"Analysing {len(corpus.documents):,} documents…")

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(max(float(fraction), 0.0), 1.0), text=message)

        try:
            arguments = {
                "keyword_settings": settings,
                "aliases": aliases,
                "entity_backend": backend,
                "progress": progress,
            }
            try:
                # Persistent per-document cache: reopening or growing a corpus analyses only
                # what changed (NEWS_EXPLORER_CACHE_DIR moves it).
                return analyze(corpus, cache_dir=default_cache_dir(), **arguments)
            except (OSError, sqlite3.Error):
                return analyze(corpus, **arguments)  # an unwritable cache folder: no cache
        finally:
            slot.empty()

    try:
        return memo("analysis", 4).get(key, run), None
    except InputError as error:
        return None, str(error)
    except (ImportError, OSError) as error:  # an entity backend that cannot be loaded
        return None, f"The entity backend {backend!r} cannot be used: {error}"


def tracked_mentions(
    source: Source, documents: pd.DataFrame, terms: tuple[str, ...]
) -> pd.DataFrame:
    """Mentions of the analyst's tracked terms, cached per corpus and term list: typing a term
    never re-runs keyword and entity extraction."""
    if not terms:
        return pd.DataFrame()

    def find() -> pd.DataFrame:
        return term_mentions(documents["doc_id"].tolist(), documents["text"].tolist(), terms)

    return memo("terms", 16).get(digest("terms", source.key, *terms), find)


def tracked_regex(
    source: Source, documents: pd.DataFrame, pattern: str
) -> tuple[pd.DataFrame, str | None]:
    """Matches of the tracked regular expression as ``term`` mentions (cached), and an error
    message when the pattern cannot be used."""
    if not pattern:
        return pd.DataFrame(), None
    try:
        found = memo("regex", 16).get(
            digest("regex", source.key, pattern), lambda: regex_mentions(documents, pattern)
        )
    except PatternError as error:
        return pd.DataFrame(), f"Tracked regular expression: {error}"
    return found, None


def searched(
    source: Source, documents: pd.DataFrame, query: str, regex: bool
) -> tuple[list[str], str | None]:
    """The documents whose title or text match the search (cached), and an error message."""
    key = digest("search", source.key, query, str(regex))
    found, error = memo("search", 32).get(
        key, lambda: search_documents(documents, query, regex=regex)
    )
    return found, error


def search_matches(
    scope: str, documents: pd.DataFrame, query: str, regex: bool
) -> tuple[pd.DataFrame, str | None]:
    """Every match of the search in ``documents`` as mentions, for the keyword-in-context table;
    ``scope`` names the documents (``View.scope``: the analysis and the filters that chose them)."""
    import regex as re2

    pattern = query if regex else re2.escape(query)
    key = digest("matches", scope, query, str(regex))
    try:
        found = memo("search", 32).get(key, lambda: regex_mentions(documents, pattern, term=query))
    except PatternError as error:
        return pd.DataFrame(), str(error)
    return found, None


def quotations(result_key: str, result: Analysis) -> pd.DataFrame:
    """Quotations and their speakers in every document (cached per analysis)."""

    def find() -> pd.DataFrame:
        with st.spinner("Finding who said what…"):
            return quotes_frame(result.documents, result.mentions)

    return memo("quotes", 4).get(result_key, find)


def view_of(
    source: Source,
    result: Analysis,
    filters: Filters,
    key: str,
    context: dict[str, object],
) -> View:
    """The filtered view of ``result``: the cached search, tracked terms and regex, then filters."""
    documents = result.documents
    tracked = tracked_mentions(source, documents, filters.terms)
    matches, regex_error = tracked_regex(source, documents, filters.term_regex)
    found, search_error = (None, None)
    if filters.search:
        found, search_error = searched(source, documents, filters.search, filters.search_regex)
    mentions = memo("mentions", 4).get(
        digest("mentions", key, *filters.terms, "|", filters.term_regex),
        lambda: with_tracked(result.mentions, [tracked, matches]),
    )
    return build_view(
        result,
        filters,
        mentions=mentions,
        found=found,
        regex_error=regex_error,
        search_error=search_error,
        key=key,
        context=context,
    )
