"""What a corpus offers the filters to choose from: its sources, documents and dates, and which
corpus that is (each corpus starts from its own defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.core.schema import as_text


@dataclass(frozen=True)
class Options:
    """What the corpus offers to choose from."""

    sources: list[str]
    doc_ids: list[str]
    titles: dict[str, str]
    first_date: date | None
    last_date: date | None
    corpus: str = ""  # the source's content key: a new corpus starts from its own defaults
    uploaded: bool = False  # an upload (a link to it cannot reopen it on another visit)
    n_undated: int = 0


def options_for(documents: pd.DataFrame) -> Options:
    """The choices the filters offer for ``documents`` (vectorised: no loop over documents)."""
    dates = pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce").dropna()
    doc_ids = as_text(documents["doc_id"])
    titles = as_text(documents["title"]).str.slice(0, 60)
    labels = doc_ids.where(titles == "", doc_ids + " · " + titles)
    return Options(
        sources=sorted(as_text(documents["source"]).unique().tolist()),
        doc_ids=doc_ids.tolist(),
        titles=dict(zip(doc_ids, labels, strict=True)),
        first_date=dates.min().date() if len(dates) else None,
        last_date=dates.max().date() if len(dates) else None,
        n_undated=len(documents) - len(dates),
    )
