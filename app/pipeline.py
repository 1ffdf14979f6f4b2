"""The cached path from a source to the selection: read, analyse, track terms, search, select.

The corpus is read once per content and analysed once per :class:`~app.selection.AnalysisKey`
(corpus, keyword settings, alias table, backend); every widget change afterwards is only a filter
and a group-by over the cached result. Each step is one of Streamlit's caches
(:mod:`app.caching`), keyed by the structured values it takes.

The analysis draws a progress bar while it runs, which ``st.cache_resource`` would record and try
to replay on every later run. So the resource cache holds, per key, an :class:`AnalysisSlot` (a
lock and, once computed, the analysis), and the analysis runs outside the cached function: the
first session to ask draws the bar, the others wait for its result, later runs draw nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import pandas as pd
import regex
import streamlit as st

from analysis import Analysis, Corpus, InputError, load_corpus
from analysis.extract.quotes import quotes_frame
from analysis.extract.terms import term_mentions
from analysis.ingest.loading import Limits
from analysis.query.filters import Filters
from analysis.query.search import PatternError, regex_mentions, search_documents
from analysis.run.cache import default_cache_dir
from analysis.run.pipeline import analyze
from app.caching import cache_data, cache_resource
from app.options import Options, options_for
from app.selection import Analysed, AnalysisKey, View, build_view, with_tracked
from app.sources import Source

#: How long a corpus or an analysis nobody asks for stays in memory (uploads included).
KEPT_FOR = timedelta(hours=1)
#: Corpora up to this size get their quotations found without asking (about 10 ms a document).
QUOTES_AUTO_LIMIT = 2000


# --- the corpus and its analysis ------------------------------------------------------------------


@cache_resource(max_entries=2, ttl=KEPT_FOR, show_spinner="Reading the corpus…")
def _corpus(source: Source) -> Corpus:
    if source.path is not None:
        return load_corpus(source.path, limits=Limits())
    return load_corpus(list(source.uploads), limits=Limits())


@cache_data(max_entries=4, ttl=KEPT_FOR)
def corpus_options(source: Source) -> Options:
    """What the filters offer for ``source``'s documents (its sources, documents, dates)."""
    return options_for(_corpus(source).documents)


def load_source(source: Source) -> tuple[Corpus | None, str | None]:
    """``source`` read once per content; the corpus, or ``None`` and a message for the user."""
    try:
        return _corpus(source), None
    except InputError as error:
        return None, str(error)


class AnalysisSlot:
    """Where one analysis is kept once computed; a lock makes later askers wait for the first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._result: Analysis | None = None

    def get(self, compute: Callable[[], Analysis]) -> Analysis:
        """The analysis, computed with ``compute()`` by the first caller (an error is not kept:
        the next caller tries again)."""
        with self._lock:
            if self._result is None:
                self._result = compute()
            return self._result


@cache_resource(max_entries=3, ttl=KEPT_FOR)
def _analysis_slot(key: AnalysisKey) -> AnalysisSlot:
    del key  # only the cache key
    return AnalysisSlot()


def analyse(
    key: AnalysisKey, corpus: Corpus, aliases: pd.DataFrame | None
) -> tuple[Analysed | None, str | None]:
    """The analysis named by ``key`` (made from ``corpus`` and ``aliases``, which ``key``
    digests), computed once with a progress bar; or ``None`` and a message for the user."""
    # The slot is drawn on every run, computing or not, so the elements after it (the tabs) keep
    # their place in the page: otherwise the browser redraws the tabs and jumps to the first one.
    slot = st.empty()

    def run() -> Analysis:
        bar = slot.progress(0.0, text=f"Analysing {len(corpus.documents):,} documents…")

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(max(float(fraction), 0.0), 1.0), text=message)

        arguments: dict[str, Any] = {
            "keyword_settings": key.settings,
            "aliases": aliases,
            "entity_backend": key.backend,
            "progress": progress,
        }
        try:
            # Persistent per-document cache: reopening or growing a corpus analyses only what
            # changed (NEWS_EXPLORER_CACHE_DIR moves it).
            return analyze(corpus, cache_dir=default_cache_dir(), **arguments)
        except (OSError, sqlite3.Error):
            return analyze(corpus, **arguments)  # an unwritable cache folder: no cache
        finally:
            slot.empty()

    try:
        return Analysed(key, _analysis_slot(key).get(run)), None
    except InputError as error:
        return None, str(error)
    except (ImportError, OSError) as error:  # an entity backend that cannot be loaded
        return None, f"The entity backend {key.backend!r} cannot be used: {error}"


# --- tracked terms, the search, the selection -----------------------------------------------------


@cache_data(max_entries=16)
def tracked_mentions(analysed: Analysed, terms: tuple[str, ...]) -> pd.DataFrame:
    """Mentions of the analyst's tracked terms: typing a term never re-runs extraction."""
    documents = analysed.result.documents
    if not terms:
        return pd.DataFrame()
    return term_mentions(documents["doc_id"].tolist(), documents["text"].tolist(), terms)


@cache_data(max_entries=16)
def tracked_regex(analysed: Analysed, pattern: str) -> tuple[pd.DataFrame, str | None]:
    """Matches of the tracked regular expression as ``term`` mentions, and an error message
    when the pattern cannot be used."""
    if not pattern:
        return pd.DataFrame(), None
    try:
        return regex_mentions(analysed.result.documents, pattern), None
    except PatternError as error:
        return pd.DataFrame(), f"Tracked regular expression: {error}"


@cache_data(max_entries=32)
def searched(analysed: Analysed, query: str, as_regex: bool) -> tuple[list[str], str | None]:
    """The documents whose title or text match the search, and an error message."""
    return search_documents(analysed.result.documents, query, regex=as_regex)


@cache_resource(max_entries=4)
def mentions_with_tracked(analysed: Analysed, terms: tuple[str, ...], pattern: str) -> pd.DataFrame:
    """The analysis' mentions plus those of the tracked terms and regular expression (large:
    shared, not copied)."""
    tracked = tracked_mentions(analysed, terms)
    matches, _ = tracked_regex(analysed, pattern)
    return with_tracked(analysed.result.mentions, [tracked, matches])


def select(analysed: Analysed, filters: Filters, context: Mapping[str, object]) -> View:
    """The filtered view of the analysis: the cached search, tracked terms and regex, then the
    filters; ``context`` describes the corpus and settings for exports."""
    _, regex_error = tracked_regex(analysed, filters.term_regex)
    found, search_error = (None, None)
    if filters.search:
        found, search_error = searched(analysed, filters.search, filters.search_regex)
    return build_view(
        analysed.result,
        filters,
        mentions=mentions_with_tracked(analysed, filters.terms, filters.term_regex),
        found=found,
        regex_error=regex_error,
        search_error=search_error,
        key=analysed.key,
        context=context,
    )


@cache_data(max_entries=16)
def search_matches(view: View) -> tuple[pd.DataFrame, str | None]:
    """Every match of the view's search in its documents, as mentions for keyword-in-context."""
    query, as_regex = view.filters.search, view.filters.search_regex
    pattern = query if as_regex else regex.escape(query)
    try:
        return regex_mentions(view.documents, pattern, term=query), None
    except PatternError as error:
        return pd.DataFrame(), str(error)


@cache_resource(max_entries=2, ttl=KEPT_FOR, show_spinner="Finding who said what…")
def quotations(analysed: Analysed) -> pd.DataFrame:
    """Quotations and their speakers in every document of the analysis."""
    return quotes_frame(analysed.result.documents, analysed.result.mentions)
