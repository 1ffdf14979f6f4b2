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
from analysis.filters import Filters, filter_documents, filter_mentions


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
    def parameters(self) -> dict[str, Any]:
        """What produced this view, written beside every export so the analysis can be redone."""
        return {
            **self.context,
            "filters": self.filters.to_dict(),
            "url_query": self.filters.to_params(),
            "n_documents": len(self.documents),
            "documents": self.documents["doc_id"].astype(str).tolist(),
        }


def build_view(
    result: Analysis,
    filters: Filters,
    *,
    extra_mentions: Sequence[pd.DataFrame] = (),
    found: Sequence[str] | None = None,
    regex_error: str | None = None,
    search_error: str | None = None,
    key: str = "",
    context: Mapping[str, Any] | None = None,
) -> View:
    """Apply ``filters`` to ``result`` plus ``extra_mentions`` (tracked terms and regex matches).

    ``found`` is the cached result of the filters' search (document ids); when given, the search
    is not run again here.
    """
    mentions = result.mentions
    extras = [frame for frame in extra_mentions if frame is not None and len(frame)]
    if extras:
        mentions = pd.concat([mentions, *(e[mentions.columns] for e in extras)], ignore_index=True)
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
