"""Per-document analysis, run where the cores are: in this process, in local worker processes or
on a Dask cluster.

Everything :func:`analysis.analyze` computes splits into work that reads one document at a time
(keywords, entity candidates and their in-document resolution, sentences) and work that needs the
whole corpus (cross-document entity resolution, counting). The first part is almost all of the
cost, so it is what runs in parallel and what the cache (:mod:`analysis.run.cache`) stores. Its
results are plain tuples of strings and numbers ("payloads"), cheap to send between processes and
to store, and the same whichever engine computed them: an engine only decides *where*
:func:`analyse_chunk` runs.

- ``local`` (default): ``workers`` processes of this machine (all cores by default), or this
  process alone for small jobs, where starting workers would cost more than it saves.
- ``dask``: the chunks are tasks of a Dask cluster: an existing one (``scheduler="tcp://host:8786"``)
  or a local cluster on the loopback interface. Workers need this package installed.

Very large documents (issue 9) are bounded, not skipped: keywords of a document whose text
exceeds :data:`KEYWORD_PIECE_CHARS` characters are scored on at most :data:`KEYWORD_MAX_PIECES`
evenly spread pieces of that size (cut at line ends), then located and counted in the whole text.
Scoring a 30 MB file whole would take YAKE many minutes; this way keyword extraction grows with
the text only through locating and counting.

On a real cluster the scheduler and every worker need this package installed in the same
version (and the same Python and library versions): tasks name its functions, and a worker whose
code differs refuses the work (:class:`EngineError`) instead of returning other results.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.machinery
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import attrgetter
from typing import Any

from analysis.core.gc import paused_collection

# The per-document / corpus-level split of entity extraction uses three module-private helpers of
# analysis.entities; tests/test_engines.py checks the result against entity_mentions itself.
from analysis.extract.entities import DEFAULT_BACKEND, candidate_lists
from analysis.extract.entities.resolve import (
    DocumentEntities,
    Holder,
    Span,
    resolve_document,
)
from analysis.extract.entities.rules import Candidate, document_lower_words
from analysis.extract.keywords import (
    KeywordSettings,
    extraction_text,
    located_keywords,
    yake_candidates,
)
from analysis.extract.sentences import split_sentences
from analysis.extract.yake_fast import Ranking, rank_candidates
from analysis.run.cache import code_version, encode

#: Where the per-document work runs.
ENGINES = ("local", "dask")
#: How keyword candidates are scored: this package's vectorised YAKE, or the ``yake`` package.
KEYWORD_ENGINES = ("fast", "yake")
#: The two kinds of per-document result; each has its own cache key (see :func:`facet_settings`).
KEYWORDS, ENTITIES = "keywords", "entities"
FACETS = (KEYWORDS, ENTITIES)

#: Longest text (characters) whose keywords are scored whole; longer ones are scored in pieces.
KEYWORD_PIECE_CHARS = 200_000
#: At most this many pieces of a very long text are scored (evenly spread over it).
KEYWORD_MAX_PIECES = 8
#: Below this many characters of work a job runs in this process (starting workers costs more).
INLINE_CHARS = 300_000
#: How long to wait for a Dask scheduler to answer.
SCHEDULER_TIMEOUT = "30s"


class EngineError(RuntimeError):
    """An engine cannot run (Dask missing, scheduler unreachable): one clear message."""


class OtherCodeError(EngineError):
    """A worker runs another version of this package than the caller (its results would not be
    the caller's: see :func:`analyse_chunk`)."""


@dataclass(frozen=True)
class DocumentSettings:
    """What per-document results depend on besides a document's text and date."""

    keywords: KeywordSettings = field(default_factory=KeywordSettings)
    keyword_engine: str = "fast"
    entity_backend: str = DEFAULT_BACKEND

    def __post_init__(self) -> None:
        if self.keyword_engine not in KEYWORD_ENGINES:
            raise ValueError(
                f"Unknown keyword engine {self.keyword_engine!r}: use one of {KEYWORD_ENGINES}."
            )


@dataclass(frozen=True)
class Chunk:
    """A unit of work: some documents, the facets to compute for them, and the settings."""

    texts: tuple[str, ...]
    dates: tuple[str, ...]
    facets: tuple[str, ...]
    settings: DocumentSettings
    code: str = ""  # the caller's code version; "" skips the check


def facet_settings(facet: str, settings: DocumentSettings) -> str:
    """The settings a facet's results depend on, as text for a cache key.

    Keyword results depend on the keyword settings and engine, entity results on the backend
    (and, for spaCy, on the installed pipeline's version); neither depends on the other's.
    """
    if facet == KEYWORDS:
        return f"{settings.keyword_engine}|{settings.keywords!r}"
    return f"{settings.entity_backend}|{_backend_version(settings.entity_backend)}"


def _backend_version(backend: str) -> str:
    """The version of the model a backend uses ('' for the rules)."""
    if backend == "model":
        from analysis.extract.entities.model_backend import model_version

        return model_version()
    if not backend.startswith("spacy"):
        return ""
    from importlib import metadata

    from analysis.extract.entities.spacy_backend import model_name

    name = model_name(backend)
    versions = []
    for package in ("spacy", name):
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=?")
    return ",".join(versions)


# --------------------------------------------------------------------------------------------------
# The per-document work


def analyse_chunk(chunk: Chunk) -> list[dict[str, bytes]]:
    """The requested facets of every document of ``chunk``, one ``{facet: payload}`` per document.

    A module-level function of picklable arguments, so that worker processes and Dask workers can
    run it. Payloads hold only tuples, strings and numbers (see :func:`decode_keywords` and
    :func:`decode_entities` for their layout), already :func:`analysis.run.cache.encode`-d: workers
    compress them in parallel, they travel as bytes and are stored as they are.
    """
    if chunk.code and chunk.code != code_version():
        raise OtherCodeError(
            "this worker runs another version of the analysis package than the caller "
            f"({code_version()[:12]} here, {chunk.code[:12]} there): install the same version"
        )
    results: list[dict[str, bytes]] = [{} for _ in chunk.texts]
    with paused_collection():
        if KEYWORDS in chunk.facets:
            for result, payload in zip(results, _keyword_payloads(chunk), strict=True):
                result[KEYWORDS] = encode(payload)
        if ENTITIES in chunk.facets:
            for result, payload in zip(results, _entity_payloads(chunk), strict=True):
                result[ENTITIES] = encode(payload)
    return results


def _keyword_payloads(chunk: Chunk) -> list[tuple]:
    """Per document: its keywords ``((keyword, score, count), ...)`` best first, and the offsets
    of their occurrences ``(keyword number, start, end, ...)`` in text order per keyword."""
    settings = chunk.settings.keywords
    prepared = [extraction_text(text) if text and text.strip() else "" for text in chunk.texts]
    rankings = _rankings(prepared, settings, chunk.settings.keyword_engine)
    payloads = []
    for text, ranking in zip(chunk.texts, rankings, strict=True):
        candidates = ranking.word_tuples() if isinstance(ranking, Ranking) else ranking
        located = located_keywords(candidates, text, settings) if ranking else []
        spans: list[int] = []
        for number, (_, occurrences) in enumerate(located):
            for start, end in occurrences:
                spans += (number, start, end)
        rows = tuple((k.keyword, float(k.score), int(k.count)) for k, _ in located)
        payloads.append((rows, tuple(spans)))
    return payloads


def _rankings(
    prepared: list[str], settings: KeywordSettings, engine: str
) -> list[Sequence[tuple[str, float]]]:
    """Candidate rankings of prepared texts; very long ones are scored in bounded pieces."""
    pieces = [_pieces(text) for text in prepared]
    flat: Sequence[Sequence[tuple[str, float]]]
    if engine == "fast":
        flat = rank_candidates([piece for parts in pieces for piece in parts], settings)
    else:
        flat = [yake_candidates(piece, settings) for parts in pieces for piece in parts]
    rankings: list[Sequence[tuple[str, float]]] = []
    position = 0
    for parts in pieces:
        own = flat[position : position + len(parts)]
        position += len(parts)
        rankings.append(own[0] if len(own) == 1 else _merged(own) if own else [])
    return rankings


def _pieces(text: str) -> list[str]:
    """``text`` itself, or for a very long text at most :data:`KEYWORD_MAX_PIECES` pieces of about
    :data:`KEYWORD_PIECE_CHARS` characters each, cut at line ends and spread over the text."""
    if not text:
        return []
    if len(text) <= KEYWORD_PIECE_CHARS:
        return [text]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + KEYWORD_PIECE_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        pieces.append(text[start:end])
        start = end
    if len(pieces) <= KEYWORD_MAX_PIECES:
        return pieces
    step = len(pieces) / KEYWORD_MAX_PIECES
    return [pieces[int(index * step)] for index in range(KEYWORD_MAX_PIECES)]


def _merged(rankings: Sequence[Sequence[tuple[str, float]]]) -> list[tuple[str, float]]:
    """One ranking from the rankings of a text's pieces: each phrase with its best score."""
    best: dict[str, float] = {}
    for ranking in rankings:
        for phrase, score in ranking:
            if score < best.get(phrase, float("inf")):
                best[phrase] = score
    return sorted(best.items(), key=lambda item: item[1])


def _entity_payloads(chunk: Chunk) -> list[tuple]:
    """Per document: its resolved entities, its sentences and its lower-case words."""
    texts = [text if isinstance(text, str) else "" for text in chunk.texts]
    per_text = candidate_lists(texts, chunk.settings.entity_backend)
    payloads = []
    for text, date, candidates in zip(texts, chunk.dates, per_text, strict=True):
        document = resolve_document(text, candidates, date)
        sentences = tuple(offset for span in split_sentences(text) for offset in span)
        payloads.append(
            (
                _encode_document(document),
                sentences,
                tuple(document_lower_words(text)),  # (a set: its order does not matter)
            )
        )
    return payloads


# --------------------------------------------------------------------------------------------------
# Payloads <-> objects


def _encode_document(document: DocumentEntities) -> tuple:
    return (
        tuple(_as_tuple(span) for span in document.spans),
        tuple(_as_tuple(role) for role in document.open_roles),
        tuple(_as_tuple(holder) for holder in document.holders),
    )


def decode_entities(payload: tuple) -> tuple[DocumentEntities, tuple[int, ...], tuple]:
    """A document's entities, sentence offsets (``start, end, start, end, ...``, sentence by
    sentence) and lower-case words from an entities payload."""
    (spans, roles, holders), sentences, lower_words = payload
    document = DocumentEntities(
        spans=[Span(*values) for values in spans],
        open_roles=[Candidate(*values) for values in roles],
        holders=[Holder(*values) for values in holders],
    )
    return document, sentences, lower_words


def decode_keywords(payload: tuple) -> tuple[tuple, tuple]:
    """A document's ``(keyword, score, count)`` rows and flat ``(number, start, end)`` offsets."""
    rows, spans = payload
    return rows, spans


def _as_tuple(value: Any) -> tuple:
    """A flat dataclass's field values, in field order (its constructor's argument order)."""
    cls: type = type(value)
    return _fields_getter(cls)(value)


@lru_cache(maxsize=16)
def _fields_getter(cls: type) -> Callable[[Any], tuple]:
    """One call that reads all of ``cls``'s fields (``attrgetter`` of several names: a tuple)."""
    getter = attrgetter(*(item.name for item in fields(cls)))
    return getter if len(fields(cls)) > 1 else lambda value: (getter(value),)


# --------------------------------------------------------------------------------------------------
# Corpus-level entity resolution over per-document results


# --------------------------------------------------------------------------------------------------
# Running chunks


def available_cores() -> int:
    """The cores this process may use (its CPU affinity where the platform reports it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def make_chunks(
    texts: Sequence[str],
    dates: Sequence[str],
    needs: Sequence[tuple[str, ...]],
    settings: DocumentSettings,
    workers: int,
    code: str = "",
) -> tuple[list[Chunk], list[list[int]]]:
    """Chunks of one facet each, entities first; also each chunk's document positions.

    ``needs[i]`` lists the facets document ``i`` still needs. Entity chunks come first so that the
    caller can resolve entities across the corpus while workers are still extracting keywords
    (the slower facet). A chunk holds about ``1 / (4 * workers)`` of its facet's characters
    (between 20,000 and 400,000, at most 512 documents), so that workers stay busy until the end
    and the progress bar moves. ``code`` is the caller's :func:`analysis.run.cache.code_version`: a
    worker running other code refuses the chunk (its results would be cached under the wrong key).
    """
    planned: list[tuple[str, list[int]]] = []
    for facet in (ENTITIES, KEYWORDS):
        wanted = [index for index, facets in enumerate(needs) if facet in facets]
        total = sum(len(texts[index]) for index in wanted)
        budget = min(400_000, max(20_000, total // max(1, 4 * workers)))
        groups: list[list[int]] = [[]]
        size = 0
        for index in wanted:
            if size >= budget or len(groups[-1]) >= 512:
                groups.append([])
                size = 0
            groups[-1].append(index)
            size += len(texts[index])
        planned += [(facet, group) for group in groups if group]
    planned = _smaller_at_the_end(planned, workers)
    chunks = [
        Chunk(
            texts=tuple(texts[i] for i in group),
            dates=tuple(dates[i] for i in group),
            facets=(facet,),
            settings=settings,
            code=code,
        )
        for facet, group in planned
    ]
    return chunks, [group for _, group in planned]


def _smaller_at_the_end(
    planned: list[tuple[str, list[int]]], workers: int
) -> list[tuple[str, list[int]]]:
    """The last ``2 * workers`` chunks cut in halves: workers take chunks in order, so the last
    ones decide how long the first worker to run out of work waits for the others."""
    if workers < 2 or len(planned) < 2 * workers:
        return planned
    cut = len(planned) - 2 * workers
    halves = [
        (facet, half)
        for facet, group in planned[cut:]
        for half in (group[: len(group) // 2], group[len(group) // 2 :])
        if half
    ]
    return planned[:cut] + halves


def run_chunks(
    chunks: Sequence[Chunk],
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[tuple[int, list[dict[str, bytes]]]]:
    """:func:`analyse_chunk` of every chunk on the chosen engine, as ``(chunk number, result)``
    pairs in the order they finish (so a caller can store and report each one at once)."""
    if engine not in ENGINES:
        raise ValueError(f"Unknown engine {engine!r}: use one of {ENGINES}.")
    workers = max(1, workers or available_cores())
    if not chunks:
        return iter(())
    if engine == "dask":
        return _run_dask(chunks, workers, scheduler)
    characters = sum(len(text) for chunk in chunks for text in chunk.texts)
    if workers == 1 or len(chunks) == 1 or characters < INLINE_CHARS:
        return ((number, analyse_chunk(chunk)) for number, chunk in enumerate(chunks))
    return _run_processes(chunks, workers)


def _run_processes(
    chunks: Sequence[Chunk], workers: int
) -> Iterator[tuple[int, list[dict[str, bytes]]]]:
    """Run chunks in a pool of worker processes, yielding each result as it finishes.

    Workers are forked on Linux when this process runs a single thread (they then share the word
    lists already loaded); from a multi-threaded host such as Streamlit, or on other systems,
    they are started afresh (``forkserver`` or ``spawn``), since forking a process whose other
    threads hold locks can hang the child. If the caller stops early (an error, Ctrl-C), queued
    chunks are cancelled.

    Workers run without the cyclic garbage collector. They live for one analysis and build
    almost no cycles, while the collections that followed each chunk walked the results and
    caches it had built (docs/performance.md). Reference counting frees everything else, and forked
    workers never walk what they inherit (which would also copy the memory pages they share).
    """
    import multiprocessing

    method = _start_method()
    if method == "fork" and any(ENTITIES in chunk.facets for chunk in chunks):
        from analysis.extract.entities.lexicon import lexicon

        lexicon()  # load once here; forked workers inherit it
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=multiprocessing.get_context(method),
        initializer=gc.disable,  # see _run_processes' docstring
    )
    try:
        with _main_script_not_rerun():  # fresh workers start during the first submit
            pending = {
                pool.submit(analyse_chunk, chunk): index for index, chunk in enumerate(chunks)
            }
        while pending:
            completed, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in completed:
                index = pending.pop(future)
                try:
                    result = future.result()
                except OtherCodeError:
                    # The package changed on disk since this process imported it (an app left
                    # running through an update): fresh workers import the new code. This
                    # process's own code computes the rest, as its cache keys say.
                    for future_left in pending:
                        future_left.cancel()
                    for number in sorted([index, *pending.values()]):
                        yield number, analyse_chunk(chunks[number])
                    return
                yield index, result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _main_script_not_rerun() -> Iterator[None]:
    """While workers start afresh, name the host's ``__main__`` by module name rather than by
    file, so that they do not run it again: ``multiprocessing`` re-imports a main script from
    its path in every fresh worker, and under Streamlit that script is the app (run again,
    outside Streamlit, with its analysis and its warnings); after an AppTest, a temporary file.
    A main named ``__main__`` is never re-imported."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


def _start_method() -> str:
    """How to start worker processes: fork where it is safe, else a fresh interpreter."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _run_dask(
    chunks: Sequence[Chunk], workers: int, scheduler: str | None
) -> Iterator[tuple[int, list[dict[str, bytes]]]]:
    """Run chunks as tasks on a Dask cluster: ``scheduler``'s, or a local one on loopback."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as error:
        raise EngineError(
            "the dask engine needs Dask: pip install 'dask[distributed]' (or the 'dask' extra)"
        ) from error
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout=SCHEDULER_TIMEOUT))
            except (OSError, TimeoutError) as error:
                raise EngineError(
                    f"cannot reach the Dask scheduler {scheduler}: {error}"
                ) from error
        else:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=min(workers, len(chunks)),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))
        futures = client.map(analyse_chunk, list(chunks), pure=False)
        position = {future.key: index for index, future in enumerate(futures)}
        try:
            for future in as_completed(futures):
                yield position[future.key], future.result()
        except ImportError as error:
            raise EngineError(_CLUSTER_ENVIRONMENT.format(error=error)) from error
        except RuntimeError as error:
            if "deserializ" not in str(error):
                raise
            raise EngineError(_CLUSTER_ENVIRONMENT.format(error="cannot load the task")) from error


_CLUSTER_ENVIRONMENT = (
    "the Dask cluster cannot run the analysis ({error}): install this package, in the same "
    "version, on the scheduler and on every worker"
)
