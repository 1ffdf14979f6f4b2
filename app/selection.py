"""The selection every section draws from: what the filters leave of one analysis, and its keys.

An :class:`AnalysisKey` names the content an analysis was made from (the corpus' digest, the
keyword settings, the alias table's digest and the entity backend); an :class:`Analysed` pairs an
analysis with that key. A :class:`View` is the filtered slice of it: the key and the
:class:`~analysis.query.filters.Filters` determine it wholly, so the app's caches
(:mod:`app.caching`) hash a view by those two structured values and never by its tables.

Building a view is a filter over the documents and the mentions (vectorised): nothing here reads
the texts or draws. The slower steps that do (the search, tracked terms and regular expressions)
are cached in :mod:`app.pipeline` and handed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from analysis import Analysis
from analysis.extract.keywords import KeywordSettings
from analysis.query.filters import (
    Filters,
    entity_type_mask,
    filter_documents,
    filter_mentions,
    keep_entity_types,
)


@dataclass(frozen=True)
class AnalysisKey:
    """What an analysis was made from; equal keys, equal analysis."""

    corpus: str  # the source's content digest (``app.sources.Source.key``)
    settings: KeywordSettings
    aliases: str  # digest of the alias table's CSV, "" for none
    backend: str  # the entity backend


@dataclass(frozen=True)
class Analysed:
    """An analysis and the key of its content (caches hash it by ``key`` alone)."""

    key: AnalysisKey
    result: Analysis = field(compare=False, repr=False)


@dataclass(frozen=True)
class View:
    """What the filters leave of the analysis, and what produced it.

    ``key`` names the analysis (``None`` for a view built outside the app: such a view cannot
    key a cache). ``context`` describes the corpus and the analysis settings for exports.

    ``unlabelled`` holds the mentions that pass every filter except the entity types; the
    entity-type filter only drops whole (kind, term, label) groups, so :attr:`mentions` is
    ``unlabelled`` with it applied, made on first use and shared by every section of the run
    (sections that count from a table cached for all types never make it).
    """

    result: Analysis
    filters: Filters
    documents: pd.DataFrame  # documents passing the filters
    unlabelled: pd.DataFrame  # mentions passing the filters but the entity types (tracked included)
    regex_error: str | None = None
    search_error: str | None = None
    key: AnalysisKey | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    # what is derived from the rows once per run and shared by the sections (the mentions of
    # some entity types, the document ids); carried over by dataclasses.replace
    derived: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def mentions(self) -> pd.DataFrame:
        """The mentions passing every filter (tracked terms and regex included)."""
        types = self.filters.entity_types
        if not types:
            return self.unlabelled
        kept = self.derived.get(types)
        if kept is None:
            kept = self.derived[types] = keep_entity_types(self.unlabelled, types)
        return kept

    @property
    def n_mentions(self) -> int:
        """How many mentions pass every filter: ``len(view.mentions)``, counted without making
        the filtered table when no section has asked for it yet."""
        types = self.filters.entity_types
        if not types or types in self.derived:
            return len(self.mentions)
        return int(entity_type_mask(self.unlabelled, types).sum())

    @property
    def analysed(self) -> Analysed:
        """The analysis behind this view, with its key."""
        if self.key is None:
            raise ValueError("a view built without an analysis key cannot key a cache")
        return Analysed(self.key, self.result)

    def for_counts(self) -> View:
        """This view with the filters only the time charts read (``focus``, ``period``) at their
        defaults: the same documents and mentions, so counts cached under it are not recounted
        when the analyst picks other terms to follow or another time step."""
        return replace(self, filters=replace(self.filters, focus=(), period="day"))

    def all_types(self) -> View:
        """This view with every entity type: the same documents, and tables cached under it
        serve each choice of types by a filter on their ``label`` (see :attr:`mentions`)."""
        return replace(self, filters=replace(self.filters, entity_types=()))

    @property
    def parameters(self) -> dict[str, Any]:
        """What produced this view, written beside every export so the analysis can be redone."""
        return {
            **self.context,
            "filters": self.filters.to_dict(),
            "url_query": self.filters.to_params(),
            "n_documents": len(self.documents),
            "documents": list(self._document_ids()),
        }

    def _document_ids(self) -> list[str]:
        """The view's document ids as text, made once per run (every export writes them)."""
        ids = self.derived.get("documents")
        if ids is None:
            ids = self.derived["documents"] = self.documents["doc_id"].astype(str).tolist()
        return ids


#: Mention columns stored as categories for the interaction path: group-bys and ``isin`` on
#: integer codes instead of strings (pandas' categorical-safe functions in ``analysis.query.filters``).
CATEGORY_COLUMNS = ("doc_id", "kind", "term", "label")


def with_tracked(mentions: pd.DataFrame, extra: Sequence[pd.DataFrame] = ()) -> pd.DataFrame:
    """The analysis' mentions plus ``extra`` ones (tracked terms, regex matches), with
    :data:`CATEGORY_COLUMNS` as categories: computed once per analysis and term list."""
    frames = [
        mentions,
        *(frame[mentions.columns] for frame in extra if frame is not None and len(frame)),
    ]
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else mentions
    return combined.astype(dict.fromkeys(CATEGORY_COLUMNS, "category"))


def select_rows(
    result: Analysis,
    filters: Filters,
    *,
    mentions: pd.DataFrame | None = None,
    found: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents that pass ``filters`` and the mentions that pass them all but the entity
    types (see :class:`View`), from ``mentions`` (default: the analysis' own).

    ``found`` is the cached result of the filters' search (document ids); when given, the search
    is not run again here. The documents are filtered once and handed to the mention filter.
    """
    mentions = result.mentions if mentions is None else mentions
    documents = result.documents
    applied = replace(filters, entity_types=())
    if filters.search and found is not None:
        documents = documents[documents["doc_id"].isin(found)]
        mentions = mentions[mentions["doc_id"].isin(found)]
        applied = replace(applied, search="", search_regex=False)
    kept = filter_documents(documents, applied)
    return kept, filter_mentions(mentions, documents, applied, kept_documents=kept)


def build_view(
    result: Analysis,
    filters: Filters,
    *,
    mentions: pd.DataFrame | None = None,
    found: Sequence[str] | None = None,
    regex_error: str | None = None,
    search_error: str | None = None,
    key: AnalysisKey | None = None,
    context: Mapping[str, Any] | None = None,
    rows: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> View:
    """Apply ``filters`` to ``mentions`` (default: the analysis' own; the app passes them with the
    tracked terms' mentions added, see :func:`with_tracked`) and to the documents.

    ``found`` is the cached result of the filters' search (document ids); when given, the search
    is not run again here. ``rows`` is :func:`select_rows`' answer when the caller cached it.
    """
    documents, unlabelled = (
        rows if rows is not None else select_rows(result, filters, mentions=mentions, found=found)
    )
    return View(
        result=result,
        filters=filters,
        documents=documents,
        unlabelled=unlabelled,
        regex_error=regex_error,
        search_error=search_error,
        key=key,
        context=dict(context or {}),
    )


def hidden_by(view: View) -> list[tuple[str, int]]:
    """Which filter leaves out how many of the analysis' documents, each counted on its own
    (``[]`` when every document is shown): the date range (undated articles named apart), the
    sources, copies folded by "Count each story once", the documents and the search."""
    documents = view.result.documents
    if len(view.documents) == len(documents):  # a subset of them: all shown
        return []
    f = view.filters
    hidden: list[tuple[str, int]] = []
    if f.has_date_range:
        dates = documents["date"].astype(str)
        undated = int((dates == "").sum())
        outside = (dates != "") & (
            (dates < (f.date_from or "")) | ((dates > f.date_to) if f.date_to else False)
        )
        if int(outside.sum()):
            hidden.append(("outside the date range", int(outside.sum())))
        if undated:
            hidden.append(("undated, left out by a narrowed date range", undated))
    if f.sources:
        hidden.append(("other sources", int((~documents["source"].isin(f.sources)).sum())))
    chosen = f.doc_ids
    if view.context.get("count_each_story_once"):
        # the documents filter then holds the copies kept: what it leaves out of the analyst's
        # own choice was folded, not left unchosen
        chosen = tuple(view.context.get("chosen_doc_ids") or ())
        among = documents["doc_id"].isin(chosen) if chosen else True
        folded = int((among & ~documents["doc_id"].isin(f.doc_ids)).sum())
        hidden.append(("folded as copies of a story (Count each story once)", folded))
    if chosen:
        hidden.append(
            ("not among the chosen documents", int((~documents["doc_id"].isin(chosen)).sum()))
        )
    if f.search:
        searched = filter_documents(
            documents, Filters(search=f.search, search_regex=f.search_regex)
        )
        reason = (
            "the search is not a valid regular expression"
            if view.search_error
            else "no match for the search"
        )
        hidden.append((reason, len(documents) - len(searched)))
    return [(what, n) for what, n in hidden if n]
