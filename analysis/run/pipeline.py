"""Analyse a corpus once: keywords, entities and user terms as mentions, then the group-bys.

The mention (one occurrence, with offsets into the cleaned text) is the atom; keyword, entity and
frequency tables are derived from mentions, so that every number can be traced back to its text.

How it scales (see :mod:`analysis.run.engines` and :mod:`analysis.run.cache`): the per-document work
(keywords, entity candidates, sentences) runs in parallel on an engine and is cached per document
under a key of its content, settings and the code's version; the corpus-level work (entity
resolution across documents, term matching, counting) runs here, and its tables are cached too,
under a key of the whole corpus: once without the user's terms and once with them. Re-opening an
unchanged corpus reads one cache entry; new terms need only term matching and counting; growing
it analyses only the new documents.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.counting import date_frequencies, document_frequencies, entity_table
from analysis.core.gc import paused_collection
from analysis.core.schema import (
    KEYWORD_COLUMNS,
    MENTION_COLUMNS,
    MENTION_KINDS,
    SENTENCE_COLUMNS,
    empty_frame,
    mentions_from_columns,
)
from analysis.extract.entities import DEFAULT_BACKEND, DocumentEntities, corpus_entity_mentions
from analysis.extract.keywords import KeywordSettings
from analysis.extract.terms import clean_terms, term_mentions
from analysis.ingest.loading import Corpus
from analysis.run.cache import ResultCache, code_version, decode, digest, digests
from analysis.run.engines import (
    ENGINES,
    ENTITIES,
    FACETS,
    KEYWORDS,
    DocumentSettings,
    available_cores,
    decode_entities,
    decode_keywords,
    facet_settings,
    make_chunks,
    run_chunks,
)

#: ``progress(fraction, message)``: called as analysis advances, for progress bars.
Progress = Callable[[float, str], None]

#: The tables of an :class:`Analysis` that the corpus-level cache stores.
_TABLES = ("mentions", "keywords", "entities", "frequencies", "sentences")


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`analyze` derives from a corpus (columns: :mod:`analysis.core.schema`)."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    keywords: pd.DataFrame
    entities: pd.DataFrame
    frequencies: pd.DataFrame
    problems: pd.DataFrame
    sentences: pd.DataFrame
    terms: tuple[str, ...] = field(default_factory=tuple)

    def date_frequencies(self) -> pd.DataFrame:
        """Per-date counts of every term (see :func:`analysis.core.counting.date_frequencies`)."""
        return date_frequencies(self.frequencies, self.documents)


def _no_progress(fraction: float, message: str) -> None:
    """The default progress callback: report nothing."""


def analyze(
    corpus: Corpus,
    terms: Iterable[str] | None = None,
    *,
    keyword_settings: KeywordSettings | None = None,
    aliases: pd.DataFrame | None = None,
    entity_backend: str = DEFAULT_BACKEND,
    progress: Progress | None = None,
    keyword_engine: str = "fast",
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    cache_dir: str | Path | None = None,
) -> Analysis:
    """Find keywords (YAKE), named entities and the user's ``terms`` in every document.

    ``aliases`` is a user alias table (see :mod:`analysis.extract.aliases`) that forces entity merges,
    renames and exclusions; ``entity_backend`` is ``"model"`` (default: the NER model shipped in
    the package, with rules around it), ``"rules"`` (the rules alone: faster, weaker on unseen
    text) or ``"spacy"`` / ``"spacy:NAME"`` (an installed spaCy pipeline).

    Speed (see :mod:`analysis.run.engines`): ``keyword_engine`` scores keyword candidates with this
    package's vectorised YAKE (``"fast"``, default) or the ``yake`` package (``"yake"``);
    ``engine`` runs the per-document work on ``workers`` local processes (``"local"``; default
    all cores, small corpora stay in this process) or on a Dask cluster (``"dask"``: the one at
    ``scheduler``, e.g. ``"tcp://10.0.0.5:8786"``, or a local one). ``cache_dir`` keeps results
    between runs (see :mod:`analysis.run.cache`; ``None``, the default, caches nothing). Whatever the
    engine, workers and cache, the result is the same.
    """
    report = progress or _no_progress
    report(0.0, "Checking the cache")
    documents = corpus.documents
    settings = DocumentSettings(
        keywords=keyword_settings or KeywordSettings(),
        keyword_engine=keyword_engine,
        entity_backend=entity_backend,
    )
    chosen_terms = tuple(clean_terms(terms or ()))
    if engine not in ENGINES:
        raise ValueError(f"Unknown engine {engine!r}: use one of {ENGINES}.")
    run = {"engine": engine, "workers": workers, "scheduler": scheduler}
    with ResultCache(cache_dir) if cache_dir is not None else contextlib.nullcontext() as cache:
        return _analyze(corpus, documents, settings, chosen_terms, aliases, cache, report, run)


def _analyze(
    corpus: Corpus,
    documents: pd.DataFrame,
    settings: DocumentSettings,
    chosen_terms: tuple[str, ...],
    aliases: pd.DataFrame | None,
    cache: ResultCache | None,
    report: Progress,
    run: dict,
) -> Analysis:
    """:func:`analyze` with its arguments checked and its cache open."""
    version = code_version()
    raw_ids = documents["doc_id"].tolist()
    texts = [text if isinstance(text, str) else "" for text in documents["text"]]
    dates = [date if isinstance(date, str) else "" for date in _column(documents, "date")]
    text_keys = [
        hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() for text in texts
    ]

    corpus_key = _corpus_key(version, documents, text_keys, dates, settings, aliases, chosen_terms)
    if cache is not None and (tables := cache.get_tables(corpus_key)) is not None:
        report(1.0, "Done (from the cache)")
        return _result(corpus, tables, chosen_terms)
    # The tables without the user's terms: new terms need only term matching and counting.
    base_key = (
        _corpus_key(version, documents, text_keys, dates, settings, aliases, ())
        if chosen_terms
        else corpus_key
    )
    if cache is not None and chosen_terms and (base := cache.get_tables(base_key)) is not None:
        report(0.5, "Counting the terms")
        tables = _with_terms(base, raw_ids, texts, documents, chosen_terms)
        cache.put_tables(corpus_key, tables)
        report(1.0, "Done")
        return _result(corpus, tables, chosen_terms)

    keys = {
        KEYWORDS: digests(
            (version, KEYWORDS, facet_settings(KEYWORDS, settings)),
            ((text_key,) for text_key in text_keys),
        ),
        ENTITIES: digests(
            (version, ENTITIES, facet_settings(ENTITIES, settings)),
            zip(text_keys, dates, strict=True),
        ),
    }
    with paused_collection():  # millions of small tuples, no cycles: see analysis.core.gc
        base = _compute_tables(
            raw_ids, texts, dates, documents, keys, settings, aliases, cache, report, run, version
        )
    tables = _with_terms(base, raw_ids, texts, documents, chosen_terms) if chosen_terms else base
    if cache is not None:
        report(0.97, "Saving to the cache")
        cache.put_tables(base_key, base)
        if chosen_terms:
            cache.put_tables(corpus_key, tables)
    report(1.0, "Done")
    return _result(corpus, tables, chosen_terms)


def _compute_tables(
    raw_ids: list,
    texts: list[str],
    dates: list[str],
    documents: pd.DataFrame,
    keys: dict[str, list[str]],
    settings: DocumentSettings,
    aliases: pd.DataFrame | None,
    cache: ResultCache | None,
    report: Progress,
    run: dict,
    version: str,
) -> dict[str, pd.DataFrame]:
    """The tables without the user's terms: per-document results from the cache or the engine,
    entities resolved across the corpus, then the keyword and mention tables."""
    stored = cache.get_many([key for facet in FACETS for key in keys[facet]]) if cache else {}
    entity_rows = None
    for computed in _compute_missing(texts, dates, keys, stored, settings, report, run, version):
        if cache is not None:
            cache.put_encoded(computed)
        stored.update((key, decode(value)) for key, value in computed.items())
        if entity_rows is None and all(key in stored for key in keys[ENTITIES]):
            # Entities are computed first: resolve them across the corpus while workers are
            # still extracting keywords.
            entity_rows = _entity_rows(raw_ids, texts, dates, keys[ENTITIES], stored, aliases)
    if entity_rows is None:
        entity_rows = _entity_rows(raw_ids, texts, dates, keys[ENTITIES], stored, aliases)
    report(0.9, "Counting mentions")
    return _assemble(raw_ids, texts, documents, keys, stored, entity_rows)


def _with_terms(
    base: dict[str, pd.DataFrame],
    raw_ids: list,
    texts: list[str],
    documents: pd.DataFrame,
    terms: tuple[str, ...],
) -> dict[str, pd.DataFrame]:
    """The tables with the user's terms: their mentions added to the keyword and entity mentions
    (in the order :func:`combine_mentions` gives all three at once) and counted again."""
    mentions = combine_mentions([base["mentions"], term_mentions(raw_ids, texts, terms)])
    return {**base, "mentions": mentions, "frequencies": document_frequencies(mentions, documents)}


def _column(documents: pd.DataFrame, name: str) -> list:
    return documents[name].tolist() if name in documents else [""] * len(documents)


def _corpus_key(
    version: str,
    documents: pd.DataFrame,
    text_keys: list[str],
    dates: list[str],
    settings: DocumentSettings,
    aliases: pd.DataFrame | None,
    terms: tuple[str, ...],
) -> str:
    """Everything the corpus-level tables depend on: each document's id, text, date and length,
    the settings, the alias table and the terms."""
    rows = zip(
        map(str, documents["doc_id"]),
        text_keys,
        dates,
        map(str, _column(documents, "n_words")),
        strict=True,
    )
    listing = "\n".join("\t".join(row) for row in rows)
    alias_table = aliases.to_csv(index=False) if aliases is not None and len(aliases) else ""
    return digest(
        version,
        "corpus",
        facet_settings(KEYWORDS, settings),
        facet_settings(ENTITIES, settings),
        alias_table,
        "\n".join(terms),
        listing,
    )


def _compute_missing(
    texts: list[str],
    dates: list[str],
    keys: dict[str, list[str]],
    stored: dict[str, tuple],
    settings: DocumentSettings,
    report: Progress,
    run: dict,
    version: str,
) -> Iterator[dict[str, bytes]]:
    """The facets that ``stored`` lacks (each distinct key computed once), as ``{key: payload}``
    batches in the order chunks finish, so that the caller can store each batch at once and an
    interrupted run keeps what it did."""
    scheduled: set[str] = set(stored)
    needs: list[tuple[str, ...]] = []
    for index in range(len(texts)):
        wanted = tuple(facet for facet in FACETS if keys[facet][index] not in scheduled)
        scheduled.update(keys[facet][index] for facet in wanted)
        needs.append(wanted)
    positions = [index for index, wanted in enumerate(needs) if wanted]
    if not positions:
        return
    chunks, members = make_chunks(
        [texts[i] for i in positions],
        [dates[i] for i in positions],
        [needs[i] for i in positions],
        settings,
        run["workers"] or available_cores(),
        code=version,
    )
    totals = {facet: sum(facet in needs[i] for i in positions) for facet in FACETS}
    done = dict.fromkeys(FACETS, 0)
    report(0.02, f"Analysing {len(positions)} document(s)")
    for finished, (number, results) in enumerate(run_chunks(chunks, **run), start=1):
        (facet,) = chunks[number].facets
        done[facet] += len(members[number])
        yield {
            keys[facet][positions[member]]: result[facet]
            for member, result in zip(members[number], results, strict=True)
        }
        report(
            0.02 + 0.86 * finished / len(chunks),
            f"Analysed {len(positions)} document(s): entities {done[ENTITIES]}/"
            f"{totals[ENTITIES]}, keywords {done[KEYWORDS]}/{totals[KEYWORDS]}",
        )


def _entity_rows(
    raw_ids: list,
    texts: list[str],
    dates: list[str],
    keys: list[str],
    stored: dict[str, tuple],
    aliases: pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The entity mentions (resolved across the corpus), the sentences table and the entities
    table (computed here, while workers may still be extracting keywords: it reads only entity
    mentions, in the order :func:`combine_mentions` gives them)."""
    resolved: list[DocumentEntities] = []
    common_words: set[str] = set()
    sentence_doc_ids: list = []
    numbers: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for doc_id, key in zip(raw_ids, keys, strict=True):
        document, offsets, lower_words = decode_entities(stored[key])
        resolved.append(document)
        count = len(offsets) // 2
        sentence_doc_ids += [doc_id] * count
        numbers += range(count)
        starts += offsets[0::2]
        ends += offsets[1::2]
        common_words.update(lower_words)
    mentions = corpus_entity_mentions(
        [str(doc_id) for doc_id in raw_ids], texts, dates, resolved, common_words, aliases
    )
    if sentence_doc_ids:
        sentences = pd.DataFrame(
            {
                "doc_id": sentence_doc_ids,
                "sentence": np.array(numbers, dtype=np.int64),
                "start": np.array(starts, dtype=np.int64),
                "end": np.array(ends, dtype=np.int64),
            }
        )
    else:
        sentences = empty_frame(SENTENCE_COLUMNS)
    return mentions, sentences, entity_table(combine_mentions([mentions]))


def _assemble(
    raw_ids: list,
    texts: list[str],
    documents: pd.DataFrame,
    keys: dict[str, list[str]],
    stored: dict[str, tuple],
    entity_rows: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """The corpus-level tables, without the user's terms, from per-document keyword payloads and
    the entity part."""
    keyword_rows: list[tuple] = []  # (doc_id, that document's keyword rows)
    mention_doc_ids: list = []
    mention_terms: list[str] = []
    mention_starts: list[int] = []
    mention_ends: list[int] = []
    mention_surfaces: list[str] = []
    for doc_id, text, key in zip(raw_ids, texts, keys[KEYWORDS], strict=True):
        rows, spans = decode_keywords(stored[key])
        keyword_rows.append((doc_id, rows))
        starts, ends = spans[1::3], spans[2::3]
        mention_doc_ids += [doc_id] * len(starts)
        mention_terms += [rows[number][0] for number in spans[0::3]]
        mention_starts += starts
        mention_ends += ends
        mention_surfaces += [text[start:end] for start, end in zip(starts, ends, strict=True)]
    keyword_mentions = mentions_from_columns(
        mention_doc_ids,
        "keyword",
        mention_terms,
        "",
        mention_starts,
        mention_ends,
        mention_surfaces,
    )
    entity_mentions, sentences, entities = entity_rows
    mentions = combine_mentions([entity_mentions, keyword_mentions])
    return {
        "mentions": mentions,
        "keywords": _keyword_frame(keyword_rows),
        "entities": entities,
        "frequencies": document_frequencies(mentions, documents),
        "sentences": sentences,
    }


def _keyword_frame(documents: Sequence[tuple]) -> pd.DataFrame:
    """The keywords table (as :func:`analysis.extract.keywords.keyword_table` builds it) from each
    document's id and ``(keyword, score, count)`` rows, best first."""
    doc_ids = [doc_id for doc_id, rows in documents for _ in rows]
    if not doc_ids:
        frame = empty_frame(KEYWORD_COLUMNS)
        return frame.astype({"rank": "int64", "score": "float64", "count": "int64"})
    rows = [row for _, rows in documents for row in rows]
    keywords, scores, counts = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "doc_id": doc_ids,
            "keyword": list(keywords),
            "rank": np.fromiter(
                (rank for _, rows in documents for rank in range(1, len(rows) + 1)), np.int64
            ),
            "score": np.array(scores, dtype=np.float64),
            "count": np.array(counts, dtype=np.int64),
        }
    )


def _result(corpus: Corpus, tables: dict[str, pd.DataFrame], terms: tuple[str, ...]) -> Analysis:
    return Analysis(
        documents=corpus.documents,
        problems=corpus.problems,
        terms=terms,
        **{name: tables[name] for name in _TABLES},
    )


_KIND_ORDER = {kind: position for position, kind in enumerate(MENTION_KINDS)}


def combine_mentions(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack mention tables in a stable order: by document, offset, then kind (entity first)."""
    frames = [part[MENTION_COLUMNS] for part in parts if not part.empty]
    if not frames:
        return (
            parts[0][MENTION_COLUMNS].iloc[0:0] if parts else pd.DataFrame(columns=MENTION_COLUMNS)
        )
    mentions = pd.concat(frames, ignore_index=True)
    # The kind's place in MENTION_KINDS (unknown kinds last), per distinct kind: mapping each row's
    # string would cost more than the sort.
    codes, kinds = pd.factorize(mentions["kind"])
    position = np.array([_KIND_ORDER.get(kind, len(_KIND_ORDER)) for kind in kinds], dtype=np.int64)
    mentions = mentions.assign(_kind=position[codes]).sort_values(
        ["doc_id", "start", "_kind", "end"], kind="stable"
    )
    mentions = mentions.drop(columns="_kind").reset_index(drop=True)
    return mentions.astype({"start": "int64", "end": "int64"})
