"""Figures of the corpus-linguistics tools: tidy tables in, ``plotly`` figures out, no Streamlit.

:func:`dispersion_strip` draws :func:`analysis.query.dispersion.hit_positions` as AntConc's
dispersion plot: one strip per article, a tick where each hit falls between its first word (0)
and its last (1). Every tick's ``customdata`` starts with
:data:`analysis.present.charts.CUSTOMDATA_FIELDS` (so that
:func:`~analysis.present.charts.clicked_points` reads a click as usual) and ends with the hit's
``start, end`` offsets, to open the text at the hit. Titles come from documents and are escaped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.core.schema import as_text
from analysis.present.charts import CUSTOMDATA_FIELDS, empty_figure, safe_label
from analysis.present.palette import KIND_COLORS

NO_HITS = "No occurrences in the documents in view"


def _strip_order(positions: pd.DataFrame, max_docs: int) -> list[str]:
    """The documents to draw, most hits first (ties by ``doc_id``), at most ``max_docs``."""
    counts = positions.groupby("doc_id", sort=True).size()
    ranked = counts.reset_index(name="n").sort_values(
        ["n", "doc_id"], ascending=[False, True], kind="stable"
    )
    return ranked["doc_id"].head(max_docs).tolist()


def dispersion_strip(
    positions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    term: str = "",
    max_docs: int = 30,
    title: str | None = None,
) -> go.Figure:
    """One strip per article (the ``max_docs`` with most hits, most first, from the top) with a
    tick at each hit's relative position; ``positions`` is ``hit_positions`` output and
    ``documents`` gives each article's ``title`` and ``date`` (its ``doc_id`` when untitled).

    The hover says which article, where (percent of the way through) and the hit number; a
    subtitle says how many articles are left out.
    """
    if positions.empty:
        return empty_figure(NO_HITS, title)
    shown = _strip_order(positions, max_docs)
    rows = positions[positions["doc_id"].isin(shown)]
    meta = documents[["doc_id", "title", "date"]].drop_duplicates("doc_id")
    meta = meta.assign(doc_id=as_text(meta["doc_id"])).set_index("doc_id")
    titles = {
        doc_id: safe_label(meta["title"].get(doc_id, "") or doc_id, 60) or safe_label(doc_id)
        for doc_id in shown
    }
    labels = _unique_labels([titles[doc_id] for doc_id in shown], shown)
    label_of = dict(zip(shown, labels, strict=True))
    dates = [str(meta["date"].get(doc_id, "") or "") for doc_id in rows["doc_id"]]
    custom = np.full((len(rows), len(CUSTOMDATA_FIELDS) + 2), "", dtype=object)
    custom[:, CUSTOMDATA_FIELDS.index("kind")] = "term"
    custom[:, CUSTOMDATA_FIELDS.index("term")] = term
    custom[:, CUSTOMDATA_FIELDS.index("doc_id")] = rows["doc_id"].to_numpy(dtype=object)
    custom[:, CUSTOMDATA_FIELDS.index("date")] = dates
    custom[:, -2] = rows["start"].to_numpy()
    custom[:, -1] = rows["end"].to_numpy()
    figure = go.Figure(
        go.Scatter(
            x=rows["position"].tolist(),
            y=[label_of[doc_id] for doc_id in rows["doc_id"]],
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 16, "color": KIND_COLORS["term"]},
            customdata=custom.tolist(),
            hovertemplate="%{y}<br>%{x:.0%} of the way through<extra></extra>",
            name=safe_label(term, 40),
        )
    )
    left_out = positions["doc_id"].nunique() - len(shown)
    heading = safe_label(title) if title else None
    if left_out > 0:
        note = f"{left_out:,} more article(s) with hits not shown"
        heading = f"{heading}<br><sup>{note}</sup>" if heading else note
    figure.update_layout(
        template="plotly_white",
        title=heading,
        height=max(160, 28 * len(shown) + 80),
        margin={"l": 10, "r": 10, "t": 50 if heading else 20, "b": 10},
        xaxis={"range": [0, 1], "tickformat": ".0%", "title": "position in the article"},
        yaxis={
            "categoryorder": "array",
            "categoryarray": labels[::-1],
            "automargin": True,
        },
        clickmode="event+select",
        showlegend=False,
    )
    return figure


def _unique_labels(labels: list[str], doc_ids: list[str]) -> list[str]:
    """Labels made distinct: a title shared by two articles gets its ``doc_id`` in brackets."""
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [
        f"{label} ({safe_label(doc_id)})" if seen[label] > 1 else label
        for label, doc_id in zip(labels, doc_ids, strict=True)
    ]
