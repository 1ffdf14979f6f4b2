"""The filtered slice of an analysis that every section of the page draws from.

Building it is a filter over the documents and the mentions (vectorised): nothing here reads the
texts. The slower steps that do (the search, tracked terms and regular expressions) are cached in
:mod:`app.data` and handed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from analysis import Analysis
from analysis.query.filters import Filters, filter_documents, filter_mentions


@dataclass(frozen=True)
class View:
    """What the filters leave of the analysis, and what produced it.

    ``key`` names the analysis (corpus content, settings, aliases), ``scope`` the analysis plus
    the filters that choose documents: two views with the same ``scope`` hold the same documents,
    so per-selection results can be cached under it. ``context`` describes the corpus and the
    analysis settings for exports.
    """

    result: Analysis
    filters: Filters
    documents: pd.DataFrame  # documents passing the filters
    mentions: pd.DataFrame  # mentions passing the filters (tracked terms and regex included)
    regex_error: str | None = None
    search_error: str | None = None
    key: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def scope(self) -> str:
        """The analysis key plus the document-choosing filters (see the class docstring)."""
        f = self.filters
        return "|".join(
            [
                self.key,
                str(f.date_from),
                str(f.date_to),
                ",".join(f.sources),
                ",".join(f.doc_ids),
                f.search,
                str(f.search_regex),
            ]
        )

    @property
    def filter_key(self) -> str:
        """The analysis key plus every filter that chooses mentions (not the time charts' own
        ``focus`` and ``period``): results over ``mentions`` can be cached under it, so a click
        or a tab-local widget reruns the page without recounting."""
        return f"{self.key}|{replace(self.filters, focus=(), period='day')!r}"

    @property
    def parameters(self) -> dict[str, Any]:
        """What produced this view, written beside every export so the analysis can be redone."""
        return {
            **self.context,
            "filters": self.filters.to_dict(),
            "url_query": self.filters.to_params(),
            "n_documents": len(self.documents),
            "documents": self.documents["doc_id"].astype(str).tolist(),
        }


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


def build_view(
    result: Analysis,
    filters: Filters,
    *,
    mentions: pd.DataFrame | None = None,
    found: Sequence[str] | None = None,
    regex_error: str | None = None,
    search_error: str | None = None,
    key: str = "",
    context: Mapping[str, Any] | None = None,
) -> View:
    """Apply ``filters`` to ``mentions`` (default: the analysis' own; the app passes them with the
    tracked terms' mentions added, see :func:`with_tracked`) and to the documents.

    ``found`` is the cached result of the filters' search (document ids); when given, the search
    is not run again here.
    """
    mentions = result.mentions if mentions is None else mentions
    documents = result.documents
    applied = filters
    if filters.search and found is not None:
        documents = documents[documents["doc_id"].isin(found)]
        mentions = mentions[mentions["doc_id"].isin(found)]
        applied = replace(filters, search="", search_regex=False)
    return View(
        result=result,
        filters=filters,
        documents=filter_documents(documents, applied),
        mentions=filter_mentions(mentions, documents, applied),
        regex_error=regex_error,
        search_error=search_error,
        key=key,
        context=dict(context or {}),
    )
