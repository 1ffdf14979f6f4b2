"""The cached path from a source to the selection: read, analyse, track terms, search, select.

The corpus is read once per content and analysed once per :class:`~app.selection.AnalysisKey`
(corpus, keyword settings, alias table, backend); every widget change afterwards is only a filter
and a group-by over the cached result. Each step is one of Streamlit's caches
(:mod:`app.caching`), keyed by the structured values it takes.

The analysis draws a progress bar while it runs, which ``st.cache_resource`` would record and try
to replay on every later run. So the analyses live in one :class:`AnalysisStore` per server (held
by ``st.cache_resource``), and run outside any cached function and outside the session's script
thread (:class:`AnalysisRunner`): a click during the analysis starts a new run of the page, which
waits for the same analysis instead of throwing it away and starting it again. The store is
bounded by bytes (:data:`MAX_ANALYSIS_BYTES`, oldest evicted first), analyses of uploads expire
after :data:`KEPT_FOR`, and one lock per server lets one analysis run at a time: other visitors
wait with a message instead of starving the CPU.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
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
from analysis.run.corpus_cache import load_corpus_cached
from analysis.run.pipeline import Progress, analyze
from app.caching import cache_data, cache_resource
from app.markup import plain
from app.options import Options, options_for
from app.selection import Analysed, AnalysisKey, View, build_view, select_rows, with_tracked
from app.sources import Source

#: How long a corpus or an analysis nobody asks for stays in memory (uploads included).
KEPT_FOR = timedelta(hours=1)
#: Corpora up to this size get their quotations found without asking (about 10 ms a document).
QUOTES_AUTO_LIMIT = 2000
#: Most bytes of analyses kept in memory by one server (estimated, see :func:`analysis_bytes`).
MAX_ANALYSIS_BYTES = 600 * 1024 * 1024
#: How often a page waiting for an analysis redraws its progress (and can be stopped), seconds.
POLL_S = 0.2
#: An analysis no page has waited for in this many seconds stops at its next progress report.
ABANDONED_AFTER = 20.0


# --- the corpus and its analysis ------------------------------------------------------------------


@cache_resource(max_entries=2, ttl=KEPT_FOR, show_spinner="Reading the corpus…")
def _corpus(source: Source) -> Corpus:
    if source.path is not None:
        # The server's own corpus, cleaned once and then read from the disk cache by every later
        # server start (uploads stay in memory only; an unusable cache folder is skipped).
        return load_corpus_cached(source.path, default_cache_dir(), limits=Limits())
    return load_corpus(list(source.uploads), limits=Limits())


@cache_resource(max_entries=4, ttl=KEPT_FOR)
def corpus_options(source: Source) -> Options:
    """What the filters offer for ``source``'s documents (its sources, documents, dates); shared,
    not copied on every run (tens of thousands of ids and titles; nothing changes it)."""
    options = options_for(_corpus(source).documents)
    return replace(options, corpus=source.key, uploaded=source.path is None)


def load_source(source: Source) -> tuple[Corpus | None, str | None]:
    """``source`` read once per content; the corpus, or ``None`` and a message for the user."""
    try:
        return _corpus(source), None
    except InputError as error:
        return None, str(error)


def analysis_bytes(analysis: Analysis) -> int:
    """An estimate of the memory ``analysis`` holds: its tables' buffers plus their texts
    (cheap: string columns are measured by their lengths, not by a deep walk)."""
    total = 0
    for frame in (
        analysis.documents,
        analysis.mentions,
        analysis.keywords,
        analysis.entities,
        analysis.frequencies,
        analysis.problems,
        analysis.sentences,
    ):
        total += int(frame.memory_usage(index=True, deep=False).sum())
        for column in frame.columns[(frame.dtypes == "object").to_numpy()]:
            total += int(frame[column].astype(str).str.len().sum()) + 49 * len(frame)
    return total


class AnalysisStore:
    """The analyses kept by one server: at most ``max_bytes`` of them (oldest evicted first),
    those of uploads for ``ttl`` seconds after their last use; a value is never mutated."""

    def __init__(self, max_bytes: int = MAX_ANALYSIS_BYTES, ttl: float | None = None) -> None:
        self.max_bytes = max_bytes
        self.ttl = KEPT_FOR.total_seconds() if ttl is None else ttl
        self._lock = threading.Lock()
        # key -> (analysis, estimated bytes, expires at (monotonic) or None)
        self._items: OrderedDict[AnalysisKey, tuple[Analysis, int, float | None]] = OrderedDict()

    def get(self, key: AnalysisKey) -> Analysis | None:
        """The analysis kept under ``key`` (marked as just used), or ``None``."""
        with self._lock:
            self._expire()
            item = self._items.get(key)
            if item is None:
                return None
            analysis, size, expires = item
            if expires is not None:
                expires = time.monotonic() + self.ttl
            self._items[key] = (analysis, size, expires)
            self._items.move_to_end(key)
            return analysis

    def put(self, key: AnalysisKey, analysis: Analysis, *, expires: bool) -> None:
        """Keep ``analysis`` (an upload's ``expires``), evicting the oldest beyond the bound."""
        size = analysis_bytes(analysis)
        with self._lock:
            deadline = time.monotonic() + self.ttl if expires else None
            self._items[key] = (analysis, size, deadline)
            self._items.move_to_end(key)
            self._expire()
            while len(self._items) > 1 and self.total_bytes() > self.max_bytes:
                self._items.popitem(last=False)

    def total_bytes(self) -> int:
        """Estimated bytes of the analyses kept."""
        return sum(size for _, size, _ in self._items.values())

    def keys(self) -> list[AnalysisKey]:
        """The keys kept, oldest first."""
        with self._lock:
            return list(self._items)

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, (_, _, e) in self._items.items() if e is not None and e <= now]:
            del self._items[key]


@st.cache_resource
def analysis_store() -> AnalysisStore:
    """The server's one store of analyses (shared by every session)."""
    return AnalysisStore()


@st.cache_resource
def analysis_lock() -> threading.Lock:
    """The server's one analysis lock: one analysis at a time, the others wait."""
    return threading.Lock()


class AnalysisAbandoned(Exception):
    """Raised inside an analysis that no session has waited for in :data:`ABANDONED_AFTER`."""


@dataclass
class Running:
    """One analysis under way in a thread of its own: its result to come, how far it is, and
    when a session last waited for it (each one waiting marks it every :data:`POLL_S`)."""

    future: Future = field(default_factory=Future)
    fraction: float = 0.0
    message: str = ""
    started: bool = False
    watched: float = field(default_factory=time.monotonic)

    def report(self, fraction: float, message: str) -> None:
        """The analysis' progress callback: records how far it is, and gives up when nobody
        waits any more (the page moved to another corpus, or was closed)."""
        self.fraction, self.message = min(max(float(fraction), 0.0), 1.0), message
        if time.monotonic() - self.watched > ABANDONED_AFTER:
            raise AnalysisAbandoned


class AnalysisRunner:
    """The analyses under way in this server, each in a thread of its own, one at a time
    (:func:`analysis_lock`), each kept in ``store`` when it is done.

    The analysis runs outside the session's script thread because Streamlit stops that thread at
    its next call to ``st`` whenever the page asks for a new run (a click on a tab, any widget):
    an analysis run in it was thrown away by that click and started again from nothing by the run
    the click asked for. A session's run only waits for the analysis; the next run waits for the
    same one.
    """

    def __init__(self, store: AnalysisStore, lock: threading.Lock) -> None:
        self.store = store
        self.lock = lock
        self._guard = threading.Lock()
        self._running: dict[AnalysisKey, Running] = {}

    def start(
        self, key: AnalysisKey, work: Callable[[Progress], Analysis], *, expires: bool
    ) -> Running:
        """The analysis ``key`` under way, started with ``work`` unless it already is; an
        analysis already kept comes back as a finished one."""
        with self._guard:
            running = self._running.get(key)
            if running is not None:
                running.watched = time.monotonic()
                return running
            running = Running()
            kept = self.store.get(key)
            if kept is not None:
                running.future.set_result(kept)
                return running
            self._running[key] = running
        thread = threading.Thread(
            target=self._run,
            args=(key, running, work, expires),
            name="news-explorer-analysis",
            daemon=True,  # a server stopped mid-analysis does not wait for it
        )
        thread.start()
        return running

    def running(self) -> list[AnalysisKey]:
        """The keys of the analyses under way or waiting for their turn."""
        with self._guard:
            return list(self._running)

    def _run(
        self,
        key: AnalysisKey,
        running: Running,
        work: Callable[[Progress], Analysis],
        expires: bool,
    ) -> None:
        running.future.set_running_or_notify_cancel()
        try:
            with self.lock:
                running.started = True
                running.report(0.0, "")  # gives up here if nobody waited for its turn
                analysis = work(running.report)
                with self._guard:
                    self.store.put(key, analysis, expires=expires)
                    del self._running[key]
            running.future.set_result(analysis)
        except BaseException as error:  # handed to the sessions waiting, as it is
            with self._guard:
                self._running.pop(key, None)
            running.future.set_exception(error)


@st.cache_resource
def analysis_runner() -> AnalysisRunner:
    """The server's one runner of analyses (shared by every session)."""
    return AnalysisRunner(analysis_store(), analysis_lock())


def analyse(
    key: AnalysisKey, corpus: Corpus, aliases: pd.DataFrame | None, *, is_upload: bool = False
) -> tuple[Analysed | None, str | None]:
    """The analysis named by ``key`` (made from ``corpus`` and ``aliases``, which ``key``
    digests), computed once per server in a thread of its own (:class:`AnalysisRunner`), one
    analysis at a time, while the page shows its progress; or ``None`` and a message for the
    user. A new run of the page during the analysis (a click on a tab) waits for the same
    analysis instead of starting it again. An upload's analysis expires after :data:`KEPT_FOR`
    unused."""
    # The slot is drawn on every run, computing or not, so the elements after it (the tabs) keep
    # their place in the page: otherwise the browser redraws the tabs and jumps to the first one.
    slot = st.empty()

    def work(progress: Progress) -> Analysis:
        arguments: dict[str, Any] = {
            "keyword_settings": key.settings,
            "aliases": aliases,
            "entity_backend": key.backend,
            "progress": progress,
        }
        if is_upload:  # an upload's analysis is kept in memory only, and expires there
            return analyze(corpus, **arguments)
        try:
            # Persistent per-document cache for the server's own corpus: reopening or growing it
            # analyses only what changed (NEWS_EXPLORER_CACHE_DIR moves it).
            return analyze(corpus, cache_dir=default_cache_dir(), **arguments)
        except (OSError, sqlite3.Error):
            return analyze(corpus, **arguments)  # an unwritable cache folder: no cache

    try:
        analysis = analysis_store().get(key)
        if analysis is None:
            runner = analysis_runner()
            try:
                analysis = _wait_for(runner.start(key, work, expires=is_upload), slot, corpus)
            except AnalysisAbandoned:  # given up just before this run came back to it
                analysis = _wait_for(runner.start(key, work, expires=is_upload), slot, corpus)
        return Analysed(key, analysis), None
    except InputError as error:
        return None, str(error)
    except (ImportError, OSError) as error:  # an entity backend that cannot be loaded
        return None, f"The entity backend {key.backend!r} cannot be used: {error}"


def _wait_for(running: Running, slot: Any, corpus: Corpus) -> Analysis:
    """Wait for ``running`` while ``slot`` shows how far it is. Each pass calls Streamlit, changed
    or not: that call is where a new run asked for by the page stops this one (the analysis goes
    on, and the new run waits for it)."""
    try:
        while True:
            running.watched = time.monotonic()
            try:
                return running.future.result(timeout=POLL_S)
            except FutureTimeout:
                pass
            if running.started:
                text = running.message or f"Analysing {len(corpus.documents):,} documents…"
                slot.progress(running.fraction, text=text)
            else:
                slot.info(
                    "Another analysis is running on this server; this one starts as soon as it "
                    "is done (one at a time, so that every visitor's page keeps answering)."
                )
    finally:
        slot.empty()


# --- tracked terms, the search, the selection -----------------------------------------------------


@cache_data(max_entries=16, ttl=KEPT_FOR)
def tracked_mentions(analysed: Analysed, terms: tuple[str, ...]) -> pd.DataFrame:
    """Mentions of the analyst's tracked terms: typing a term never re-runs extraction."""
    documents = analysed.result.documents
    if not terms:
        return pd.DataFrame()
    return term_mentions(documents["doc_id"].tolist(), documents["text"].tolist(), terms)


@cache_data(max_entries=16, ttl=KEPT_FOR)
def tracked_regex(analysed: Analysed, pattern: str) -> tuple[pd.DataFrame, str | None]:
    """Matches of the tracked regular expression as ``term`` mentions, and an error message
    when the pattern cannot be used."""
    if not pattern:
        return pd.DataFrame(), None
    try:
        return regex_mentions(analysed.result.documents, pattern), None
    except PatternError as error:
        return pd.DataFrame(), f"Tracked regular expression: {plain(str(error))}"


@cache_data(max_entries=32, ttl=KEPT_FOR)
def searched(analysed: Analysed, query: str, as_regex: bool) -> tuple[list[str], str | None]:
    """The documents whose title or text match the search, and an error message."""
    return search_documents(analysed.result.documents, query, regex=as_regex)


@cache_resource(max_entries=2, ttl=KEPT_FOR)
def mentions_with_tracked(analysed: Analysed, terms: tuple[str, ...], pattern: str) -> pd.DataFrame:
    """The analysis' mentions plus those of the tracked terms and regular expression (large:
    shared, not copied)."""
    tracked = tracked_mentions(analysed, terms)
    matches, _ = tracked_regex(analysed, pattern)
    return with_tracked(analysed.result.mentions, [tracked, matches])


#: The filters that decide which documents and mentions a view holds, besides the entity types
#: (applied on top, see :class:`~app.selection.View`); the others only change how they are drawn.
_DRAWING_ONLY = {"entity_types": (), "focus": (), "period": "day", "per_1k": False}


@cache_resource(max_entries=4, ttl=KEPT_FOR)
def selected_rows(analysed: Analysed, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents and the mentions (all entity types) that ``filters`` keep: computed once per
    selection of documents, so a change of entity types, counting or time step reuses them
    (large: shared, not copied)."""
    found = None
    if filters.search:
        found, _ = searched(analysed, filters.search, filters.search_regex)
    return select_rows(
        analysed.result,
        filters,
        mentions=mentions_with_tracked(analysed, filters.terms, filters.term_regex),
        found=found,
    )


def select(analysed: Analysed, filters: Filters, context: Mapping[str, object]) -> View:
    """The filtered view of the analysis: the cached search, tracked terms and regex, then the
    filters; ``context`` describes the corpus and settings for exports."""
    _, regex_error = tracked_regex(analysed, filters.term_regex)
    search_error = None
    if filters.search:
        _, search_error = searched(analysed, filters.search, filters.search_regex)
        search_error = plain(search_error) if search_error else None  # shown as Markdown
    return build_view(
        analysed.result,
        filters,
        rows=selected_rows(analysed, replace(filters, **_DRAWING_ONLY)),
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
