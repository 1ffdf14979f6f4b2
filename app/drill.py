"""From a number back to the text: clickable charts, keyword-in-context tables, the reader, exports.

A click (or a box or lasso selection) on a chart lists the mentions behind it: which articles, how
many in each, every mention with its left and right context, and the article itself with its
entities and terms highlighted. Every table can be downloaded with the parameters that produced it.

Document text is untrusted: it reaches the page only through ``analysis.present.highlight`` (escaped
HTML), plotly figures whose labels ``analysis.present.charts`` escapes, and ``st.dataframe`` (plain text).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from analysis.core.counting import counts_by_doc
from analysis.core.schema import NONE_VALUE
from analysis.present import charts
from analysis.present.export import csv_bundle, parquet_bytes
from analysis.present.highlight import (
    HIGHLIGHT_CSS,
    highlight_html,
    legend_html,
    mention_spans,
    part_of,
    text_parts,
)
from analysis.present.provenance import (
    DATE_CLASS,
    REMOVED_CLASS,
    furniture_count,
    removed_insertions,
    removed_pieces,
    removed_table,
    row_date_sentence,
    row_date_span,
)
from analysis.query import kwic
from analysis.query.locate import mentions_at
from app.markup import plain
from app.selection import View

#: Most rows of a table sent to the page (a browser cannot show 100,000 rows usefully).
TABLE_ROWS = 5000
#: Most keyword-in-context rows shown (and exported) for one selection.
KWIC_LIMIT = 2000


def export_files(
    table: pd.DataFrame, name: str, parameters: Mapping[str, Any]
) -> dict[str, Callable[[], bytes]]:
    """The downloads of a table: ``{file name: a function making its bytes}``.

    The CSV comes zipped with ``parameters.json``; the Parquet file keeps the parameters in its
    metadata. Functions, so that the files are only made when a user clicks.
    """
    return {
        f"{name}.zip": lambda: csv_bundle(table, name, parameters),
        f"{name}.parquet": lambda: parquet_bytes(table, parameters),
    }


def download(table: pd.DataFrame, name: str, view: View, key: str, what: str = "") -> None:
    """Download buttons for ``table``: CSV (+ parameters.json, zipped) and Parquet; ``what``
    names the table on the buttons when a section has several."""
    files = export_files(table, name, view.parameters)
    prefix = f"{what}: " if what else ""
    left, right = st.columns(2)
    left.download_button(
        f"⬇ {prefix}CSV + parameters",
        files[f"{name}.zip"],
        file_name=f"{name}.zip",
        mime="application/zip",
        key=f"csv_{key}",
        width="stretch",
        on_click="ignore",
        help=f"{name}.csv with the parameters.json that produced it, zipped",
    )
    right.download_button(
        f"⬇ {prefix}Parquet",
        files[f"{name}.parquet"],
        file_name=f"{name}.parquet",
        mime="application/vnd.apache.parquet",
        key=f"parquet_{key}",
        width="stretch",
        on_click="ignore",
        help="The table with the parameters in the file's metadata",
    )


def show_table(frame: pd.DataFrame, *, key: str, **options: Any) -> None:
    """A read-only table in a container keyed ``key``: a stable handle for tests (and for browser
    tests: the page gets the CSS class ``st-key-KEY``). At most :data:`TABLE_ROWS` rows are
    sent to the page; the downloads hold them all."""
    with st.container(key=key):
        st.dataframe(frame.head(TABLE_ROWS), hide_index=True, width="stretch", **options)
        if len(frame) > TABLE_ROWS:
            st.caption(f"The first {TABLE_ROWS:,} of {len(frame):,} rows; download them all below.")


def chart_with_drilldown(
    figure, view: View, key: str, hint: str, period: str | None = None
) -> None:
    """Draw a figure; a click (or box/lasso selection) on it lists the mentions behind it.
    ``period`` is the time step the figure's dates are in, when not the filters' own."""
    event = st.plotly_chart(
        figure,
        key=key,
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        width="stretch",
        config={"displaylogo": False},
    )
    points = charts.clicked_points(event["selection"] if event else None)
    if not points:
        st.caption(hint)
        return
    frames = [
        mentions_at(
            view.mentions,
            view.result.documents,
            point,
            view.result.sentences,
            period or view.filters.period,
        )
        for point in points
    ]
    behind = pd.concat(frames, ignore_index=True).drop_duplicates()
    step = period or view.filters.period
    names = sorted({point_name(point, step) for point in points} - {""})
    what = f" for {', '.join(names[:3])}{' …' if len(names) > 3 else ''}" if names else ""
    with st.container(border=True):
        show_mentions(behind, view, key=f"{key}_kwic", title=f"Your selection{what}")


def with_furniture(table: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with a ``doc_id`` column) with each document's ``n_removed`` (0 when the
    documents do not say)."""
    if "n_removed" not in documents.columns:
        return table.assign(n_removed=0)
    counts = documents.set_index("doc_id")["n_removed"]
    return table.assign(n_removed=table["doc_id"].map(counts).fillna(0).astype("int64"))


def titled(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with ``title`` and ``doc_id`` columns) with each empty or missing title replaced
    by the article's ``doc_id``, so that no row names its article with a blank."""
    titles = table["title"].fillna("").astype(str)
    return table.assign(title=titles.where(titles.str.strip() != "", table["doc_id"].astype(str)))


def keyword_scope(mentions: pd.DataFrame) -> str | None:
    """What the count of keyword mentions covers, said where it stands (``None`` when none of
    ``mentions`` is a keyword): a keyword is found only in the articles where it is one of that
    article's own top keywords, so its count is not every occurrence in the selection. Markdown,
    the keywords escaped."""
    keywords = mentions.loc[mentions["kind"] == "keyword", "term"].astype(str)
    if keywords.empty:
        return None
    names = sorted(set(keywords))
    named = ", ".join(f"“{plain(name)}”" for name in names[:3]) + (" …" if len(names) > 3 else "")
    n_docs = mentions.loc[mentions["kind"] == "keyword", "doc_id"].nunique()
    return (
        f"Keyword occurrences ({named}) are counted only in the articles where the phrase is "
        "one of that article's own top keywords "
        f"({'this article' if n_docs == 1 else f'these {n_docs:,} articles'}), not in every "
        "article. For every occurrence in the corpus, track it as a term in the sidebar or "
        "look it up in Words → concordance."
    )


def point_name(point: dict, period: str) -> str:
    """What a clicked point stands for: its term, or its period ("week of 2024-10-14") and, on
    the articles-per-source chart, its source."""
    if point.get("term"):
        return str(point["term"])
    label = str(point.get("date") or "")
    if label == NONE_VALUE:
        label = "no date"
    elif label and period == "week":
        label = f"week of {label}"
    source = point.get("source")
    if source is not None and label:
        label += f" · {source if source not in ('', NONE_VALUE) else '(no source)'}"
    return label


def show_mentions(mentions: pd.DataFrame, view: View, key: str, title: str) -> None:
    """Which articles hold ``mentions`` (how many each), every mention in context, the reader."""
    if mentions.empty:
        st.markdown(f"**{plain(title)}**")
        st.info("Nothing here under the current filters. Widen them, or pick another point.")
        return
    per_doc = counts_by_doc(mentions, view.result.documents, by=())
    per_doc = per_doc.sort_values(["count", "date", "doc_id"], ascending=[False, True, True])
    st.markdown(
        f"**{plain(title)}: {len(mentions):,} mention{'s' * (len(mentions) != 1)} "
        f"in {len(per_doc):,} article{'s' * (len(per_doc) != 1)}**"
    )
    scope = keyword_scope(mentions)
    if scope:
        st.caption(scope)
    show_table(
        with_furniture(titled(per_doc), view.result.documents)[
            ["title", "date", "source", "count", "n_removed", "doc_id"]
        ],
        height=min(38 + 35 * len(per_doc), 260),
        column_config={
            "title": st.column_config.TextColumn("Article", width="large"),
            "count": st.column_config.NumberColumn("Mentions"),
            "n_removed": st.column_config.NumberColumn(
                "Furniture removed", help="Pieces of page furniture cleaning removed"
            ),
        },
        key=f"{key}_docs",
    )
    table = kwic.kwic(mentions, view.result.documents, width=70, limit=KWIC_LIMIT)
    if len(mentions) > KWIC_LIMIT:
        st.caption(f"The first {KWIC_LIMIT:,} of {len(mentions):,} mentions in context:")
    show_table(
        titled(table[["left", "match", "right", "title", "date", "doc_id"]]),
        column_config={
            "left": st.column_config.TextColumn("Left context", width="large"),
            "match": st.column_config.TextColumn("Mention"),
            "right": st.column_config.TextColumn("Right context", width="large"),
            "title": st.column_config.TextColumn("Article"),
        },
        key=f"{key}_table",
    )
    download(table, "mentions_in_context", view, key)
    doc_ids = per_doc["doc_id"].astype(str).tolist()
    titles = dict(zip(doc_ids, per_doc["title"].astype(str), strict=True))
    with st.expander("Read the article" + ("s" if len(doc_ids) > 1 else ""), expanded=True):
        chosen = (
            st.selectbox(
                "Article",
                doc_ids,
                key=f"{key}_doc",
                format_func=lambda d: f"{titles.get(d) or d} ({d})",
            )
            if len(doc_ids) > 1
            else doc_ids[0]
        )
        reader(view, chosen, extra=mentions[mentions["doc_id"] == chosen], key=f"{key}_reader")


#: The reader's names for the classes of its legend that are not entity labels or kinds.
READER_NAMES = {DATE_CLASS: "publication date", REMOVED_CLASS: "removed text"}


def _part_picker(parts: list[tuple[int, int]], length: int, first: int, widget: str) -> int:
    """The part of a long document to read (a select box), starting at the part that holds
    character ``first``."""
    start_at = next((n for n, (_, end) in enumerate(parts) if first < end), 0)
    labels = [
        f"Part {n + 1} of {len(parts)}: characters {start + 1:,}–{end:,} of {length:,}"
        for n, (start, end) in enumerate(parts)
    ]
    return st.selectbox(
        "This article is long: it is shown a part at a time",
        range(len(parts)),
        index=start_at,
        format_func=labels.__getitem__,
        key=widget,
    )


def reader(view: View, doc_id: str, extra: pd.DataFrame | None = None, key: str = "reader") -> None:
    """One document with its entities, keywords and terms highlighted (escaped HTML), the text
    that stated its date marked, and where the date came from and how much page furniture
    cleaning removed said under its title; a toggle keyed ``{key}_removed`` lists the removed
    text and shows it, struck through, where it stood.

    ``extra`` mentions (those clicked, or search matches) are drawn over the others.
    """
    documents = view.result.documents
    rows = documents[documents["doc_id"] == doc_id]
    if rows.empty:
        st.warning("That document is not in the corpus.")
        return
    row = rows.iloc[0]
    mentions = view.mentions[view.mentions["doc_id"] == doc_id]
    if extra is not None and not extra.empty:
        mentions = pd.concat([extra, mentions], ignore_index=True).drop_duplicates(
            ["start", "end", "kind", "term"]
        )
    pieces = removed_pieces(row.get("removed"))
    meta = " · ".join(
        html.escape(str(part))
        for part in (
            row["date"] or "no date",
            row["source"] or "no source",
            f"{row['n_words']} words",
            doc_id,
        )
    )
    provenance = " · ".join(
        html.escape(part) for part in (row_date_sentence(row), furniture_count(len(pieces)))
    )
    show_removed = st.toggle(
        "Show removed text",
        key=f"{key}_removed",
        disabled=not pieces,
        help="List the page furniture (share bars, teasers, lines every article of the source "
        "repeats...) that cleaning removed before analysis, and show it struck through where "
        "it stood. Offsets and counts refer to the text without it.",
    )
    spans = mention_spans(mentions)
    date_marks = row_date_span(row)
    classes = sorted(
        {label for label in mentions["label"].astype(str) if label}
        | {kind for kind in mentions["kind"].astype(str) if kind != "entity"}
    )
    classes += [DATE_CLASS] * bool(date_marks) + [REMOVED_CLASS] * (show_removed and bool(pieces))
    text = str(row["text"])
    marks, insertions = [*date_marks, *spans], removed_insertions(pieces) if show_removed else []
    parts = text_parts(text)
    if len(parts) > 1:
        # a long document is drawn a part at a time: the first clicked mention's part first
        first = int(extra["start"].min()) if extra is not None and not extra.empty else 0
        shown = _part_picker(parts, len(text), first, f"{key}_part_{doc_id}_{first}")
        start, end = parts[shown]
        marks, insertions = part_of(marks, insertions, start, end, last=shown == len(parts) - 1)
        text = text[start:end]
    with st.container(height=520, border=False, key=f"{key}_text"):
        st.markdown(
            f"<style>{HIGHLIGHT_CSS}</style>"
            f"<div><b>{html.escape(str(row['title'] or doc_id))}</b><br>"
            f"<small>{meta}</small><br><small>{provenance}</small></div>"
            f"{legend_html(classes, READER_NAMES)}" + highlight_html(text, marks, insertions),
            unsafe_allow_html=True,
        )
    if show_removed and pieces:
        st.markdown(f"**Removed from this article: {furniture_count(len(pieces))}**")
        show_table(
            removed_table(pieces),
            key=f"{key}_removed_table",
            column_config={
                "kind": st.column_config.TextColumn("Kind"),
                "removed": st.column_config.TextColumn("Removed text", width="large"),
                "at": st.column_config.NumberColumn("At character"),
            },
        )
