"""Where the corpus comes from, and the cached calls that load and analyse it.

The corpus is analysed once per content (uploaded bytes, or a server path and its files' sizes and
modification times) and per analysis setting; every widget change afterwards is only a filter and
a group-by over the cached result.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import Analysis, Corpus, InputError, load_corpus
from analysis.keywords import KeywordSettings
from analysis.loading import Limits
from analysis.pipeline import Progress, analyze
from analysis.terms import term_mentions

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
#: Environment variable naming a server-side corpus (folder or table file).
CORPUS_VARIABLE = "ANALYSIS_CORPUS"
#: Upload bounds enforced in code (``.streamlit/config.toml`` caps each file at 200 MB).
MAX_UPLOAD_FILES = 2000
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
UPLOAD_TYPES = ["txt", "md", "csv", "tsv", "jsonl", "ndjson", "json", "gz", "zip"]


@dataclass(frozen=True)
class Source:
    """What to analyse: a server path, or uploaded ``(name, bytes)`` pairs."""

    label: str
    path: str | None = None
    uploads: tuple[tuple[str, bytes], ...] = ()


def default_source() -> Source:
    """The corpus named by ``ANALYSIS_CORPUS``, else the bundled seeds."""
    named = os.environ.get(CORPUS_VARIABLE, "").strip()
    if named:
        return Source(label=named, path=named)
    return Source(label="Bundled seeds (5 NATO news items)", path=str(SEEDS))


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


@st.cache_data(show_spinner=False, max_entries=8)
def load(path: str | None, signature: tuple, uploads: tuple[tuple[str, bytes], ...]) -> Corpus:
    """Load a corpus; cached by path signature or by the uploaded bytes themselves."""
    del signature  # only part of the cache key
    if path is not None:
        return load_corpus(path, limits=Limits())
    return load_corpus(list(uploads), limits=Limits())


@st.cache_resource(show_spinner=False, max_entries=4)
def analysed(
    path: str | None,
    signature: tuple,
    uploads: tuple[tuple[str, bytes], ...],
    settings: KeywordSettings,
    aliases_csv: bytes,
    backend: str,
    _progress: Progress | None = None,
) -> Analysis:
    """Analyse a corpus once per content and settings (``_progress`` is not part of the key).

    A resource cache: every rerun gets the same (never mutated) result without copying it, which
    keeps filter changes fast on large corpora.
    """
    corpus = load(path, signature, uploads)
    return analyze(
        corpus,
        keyword_settings=settings,
        aliases=_aliases(aliases_csv),
        entity_backend=backend,
        progress=_progress,
    )


def _aliases(aliases_csv: bytes) -> pd.DataFrame | None:
    if not aliases_csv:
        return None
    from analysis.aliases import load_aliases

    return load_aliases(aliases_csv)


@st.cache_data(show_spinner=False, max_entries=16)
def tracked_term_mentions(
    path: str | None,
    signature: tuple,
    uploads: tuple[tuple[str, bytes], ...],
    terms: tuple[str, ...],
) -> pd.DataFrame:
    """Mentions of the analyst's tracked terms: cheap, so cached apart from the full analysis
    (typing a new term never re-runs keyword and entity extraction)."""
    documents = load(path, signature, uploads).documents
    return term_mentions(documents["doc_id"].tolist(), documents["text"].tolist(), terms)


def load_source(source: Source) -> tuple[Corpus | None, str | None]:
    """Load ``source`` (cached); returns the corpus, or ``None`` and a message for the user."""
    try:
        return load(source.path, _signature(source), source.uploads), None
    except InputError as error:
        return None, str(error)


def _signature(source: Source) -> tuple:
    return path_signature(source.path) if source.path else ()


def terms_for(source: Source, terms: tuple[str, ...]) -> pd.DataFrame:
    """Mentions of ``terms`` in ``source`` (see :func:`tracked_term_mentions`)."""
    return tracked_term_mentions(source.path, _signature(source), source.uploads, terms)


def analyse_source(
    source: Source,
    settings: KeywordSettings,
    aliases_csv: bytes = b"",
    backend: str = "rules",
) -> tuple[Analysis | None, str | None]:
    """Analyse ``source``; returns the analysis, or ``None`` and a message for the user."""
    signature = _signature(source)
    bar = st.progress(0.0, text="Analysing the corpus…")

    def progress(fraction: float, message: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=message)

    try:
        result = analysed(
            source.path, signature, source.uploads, settings, aliases_csv, backend, progress
        )
    except InputError as error:
        return None, str(error)
    except ValueError as error:  # a malformed alias table
        return None, f"The alias table cannot be used: {error}"
    finally:
        bar.empty()
    return result, None
