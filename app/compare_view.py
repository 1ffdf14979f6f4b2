"""The Compare tab: two documents, or two groups of documents, side by side.

Each side (widgets ``compare_a`` and ``compare_b``) is one document, every document of a source,
a date range (``compare_a_dates`` / ``compare_b_dates``), or the sidebar's current filter
selection. The page then reads top to bottom: a summary strip (similarity, reuse, shared and
unique counts), the shared and unique entities and keywords, the two texts highlighted (or each
group's summary), the passages one side reuses from the other, keyness, and who said what with
the figures each side gives.

Everything is computed by :func:`analysis.query.compare.compare_sides`, once per pair of sides and
settings (:func:`comparison_for`, cached on small keys). Document text is untrusted: it reaches
the page through :mod:`analysis.present.highlight` (escaped HTML, shown with ``st.html``, which also
sanitises), plotly figures with escaped labels, and ``st.dataframe`` (plain text).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from analysis import Analysis
from analysis.present.charts import keyness_figure
from analysis.present.compare_spans import comparison_spans, mark_reused, passage_spans
from analysis.present.highlight import COMPARISON_COLORS, HIGHLIGHT_CSS, highlight_html, legend_html
from analysis.query.compare import (
    PASSAGE_MEASURE,
    SIMILARITY_MEASURE,
    Comparison,
    compare_sides,
)
from analysis.query.keyness import top_keyness

if TYPE_CHECKING:
    from app.views import View

#: Choice keys of the side pickers (documents are ``doc:<doc_id>``, sources ``source:<name>``).
SELECTION, DATES = "selection", "dates"
#: The wording of the comparison's highlight classes in the legend.
LEGEND = {
    "shared": "in both",
    "only-a": "only in A",
    "only-b": "only in B",
    "reused": "sentence reused by the other",
}
#: Styles of the comparison texts (on top of :data:`analysis.present.highlight.HIGHLIGHT_CSS`).
COMPARE_CSS = (
    ".compare-text { max-height: 36rem; overflow-y: auto; padding-right: 0.5rem; }\n"
    ".compare-meta { margin-bottom: 0.4rem; }\n"
    ".hl-legend { margin: 0.3rem 0 0.6rem 0; }"
)
KEYNESS_KINDS = {"word": "Words", "keyword": "Keywords", "entity": "Entities"}
SIGNIFICANCE = {
    0.05: "p ≤ 0.05 (log-likelihood ≥ 3.84)",
    0.01: "p ≤ 0.01 (≥ 6.63)",
    0.001: "p ≤ 0.001 (≥ 10.83)",
    1.0: "any (no significance cut)",
}
TITLE_LENGTH = 160


# --- choosing the sides (pure) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One side of the comparison: what the page calls it and the documents it holds.

    ``problem`` says what to do when the side cannot be compared yet (no document, a date range
    being picked); ``doc_ids`` is then empty.
    """

    label: str
    doc_ids: tuple[str, ...]
    problem: str | None = None


def document_label(doc_id: str, title: str) -> str:
    """How a document is offered in the pickers: its (shortened) title and its id."""
    title = " ".join(str(title or "").split())
    if not title:
        return str(doc_id)
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1].rstrip() + "…"
    return f"{title} · {doc_id}"


def side_choices(documents: pd.DataFrame, n_selected: int) -> dict[str, str]:
    """The choices of a side picker, key to label: the current filter selection, every source,
    a date range (when some document has a date), then every document in corpus order."""
    choices = {SELECTION: f"Current filter selection · {_documents(n_selected)}"}
    sources = documents["source"].fillna("").astype(str).value_counts()
    for source in sorted(sources.index):
        choices[f"source:{source}"] = (
            f"Source: {source or '(no source)'} · {_documents(int(sources[source]))}"
        )
    if _dated(documents).any():
        choices[DATES] = "A date range…"
    titles = documents["title"].fillna("").astype(str)
    for doc_id, title in zip(documents["doc_id"].astype(str), titles, strict=True):
        choices[f"doc:{doc_id}"] = document_label(doc_id, title)
    return choices


def _documents(n: int) -> str:
    return f"{n} document" + ("" if n == 1 else "s")


def _dated(documents: pd.DataFrame) -> pd.Series:
    return documents["date"].fillna("").astype(str) != ""


def default_choices(choices: dict[str, str]) -> tuple[str, str]:
    """The sides shown at first: the first and the third document (the second if only two)."""
    docs = [key for key in choices if key.startswith("doc:")]
    if len(docs) >= 2:
        return docs[0], docs[min(2, len(docs) - 1)]
    keys = list(choices)
    return keys[0], keys[min(1, len(keys) - 1)]


def date_bounds(documents: pd.DataFrame) -> tuple[date, date] | None:
    """The first and last date of the corpus, or ``None`` when no document has one."""
    dates = pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce").dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def default_ranges(documents: pd.DataFrame) -> tuple[tuple[date, date], tuple[date, date]]:
    """Date ranges that split the dated documents in two halves (earlier for A, later for B)."""
    dates = sorted(
        pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce").dropna().dt.date
    )
    first, last = dates[0], dates[-1]
    middle = dates[(len(dates) - 1) // 2]
    later = next((d for d in dates if d > middle), last)
    return (first, middle), (later, last)


def resolve_side(
    choice: str,
    documents: pd.DataFrame,
    selected: pd.Series | list[str],
    dates: tuple | None = None,
) -> Side:
    """The documents a picker's ``choice`` stands for.

    ``selected`` holds the doc_ids passing the sidebar filters; ``dates`` is the value of the
    side's date range picker (a pair of dates, or one date while the range is being picked).
    """
    ids = documents["doc_id"].astype(str)
    kind, _, value = choice.partition(":")
    if kind == "doc":
        if value not in set(ids):
            return Side(value, (), "That document is not in the corpus: pick another.")
        title = documents.loc[ids == value, "title"].fillna("").astype(str).iloc[0]
        return Side(title or value, (value,))
    if kind == "source":
        sources = documents["source"].fillna("").astype(str)
        picked = tuple(ids[sources == value])
        label = f"Source: {value or '(no source)'}"
        return Side(label, picked, None if picked else f"{label} has no document.")
    if choice == SELECTION:
        wanted = set(map(str, selected))
        picked = tuple(doc_id for doc_id in ids if doc_id in wanted)
        problem = (
            None
            if picked
            else "No document passes the sidebar filters: widen them, or pick a document or a "
            "source here."
        )
        return Side("Filter selection", picked, problem)
    if choice == DATES:
        if not isinstance(dates, tuple | list) or len(dates) != 2 or None in dates:
            return Side("Date range", (), "Pick the last day of the date range too.")
        start, end = (d.isoformat() for d in dates)
        text = documents["date"].fillna("").astype(str)
        picked = tuple(ids[(text != "") & (text >= start) & (text <= end)])
        label = f"{start} to {end}"
        problem = None if picked else f"No document is dated from {start} to {end}: widen it."
        return Side(label, picked, problem)
    return Side(choice, (), "Pick a document, a source, a date range or the filter selection.")


# --- computing (cached) ----------------------------------------------------------------------------


def analysis_key(view: View) -> tuple:
    """A small key naming the view's analysis, so that caches never hash its large tables.

    The dashboard's own key for the analysis (corpus content and settings) when the view has one;
    else the result object's identity (the dashboard keeps one result per corpus and settings)
    plus cheap fingerprints of its documents and of a sample of its mentions, which keep a
    recycled identity from ever returning another corpus's comparison.
    """
    named = getattr(view, "key", "")
    if named:
        return (named,)
    return _fingerprint(view.result)


def _fingerprint(result: Analysis) -> tuple:
    documents, mentions = result.documents, result.mentions
    sample = mentions.iloc[:: max(1, len(mentions) // 1000)]
    fingerprint = pd.DataFrame(
        {
            "doc_id": documents["doc_id"].astype(str),
            "length": documents["text"].fillna("").astype(str).str.len(),
        }
    )
    return (
        id(result),
        len(documents),
        len(mentions),
        int(pd.util.hash_pandas_object(fingerprint, index=False).sum()),
        int(
            pd.util.hash_pandas_object(
                sample[["doc_id", "term", "start"]].astype(str), index=False
            ).sum()
        ),
    )


@dataclass(frozen=True)
class Compared:
    """A comparison with, for two documents, their highlighted texts (escaped HTML)."""

    comparison: Comparison
    html_a: str | None = None
    html_b: str | None = None


@st.cache_data(show_spinner="Comparing…", max_entries=32)
def comparison_for(
    key: tuple,
    ids_a: tuple[str, ...],
    ids_b: tuple[str, ...],
    labels: tuple[str, str],
    threshold: float,
    min_docs: int | None,
    _documents: pd.DataFrame,
    _mentions: pd.DataFrame,
) -> Compared:
    """Compare two sides once per analysis ``key``, sides and settings (the tables are looked up
    through the arguments with a leading ``_``, which are not hashed)."""
    del key  # only part of the cache key
    comparison = compare_sides(
        _documents,
        _mentions,
        list(ids_a),
        list(ids_b),
        label_a=labels[0],
        label_b=labels[1],
        threshold=threshold,
        min_docs=min_docs,
    )
    if comparison.mode != "documents":
        return Compared(comparison)
    return Compared(
        comparison,
        document_html(comparison, _documents, _mentions, "a"),
        document_html(comparison, _documents, _mentions, "b"),
    )


def document_html(
    comparison: Comparison, documents: pd.DataFrame, mentions: pd.DataFrame, side: str
) -> str:
    """One side's document as escaped HTML: title and facts, a legend, and the text with shared
    and unique terms and reused sentences marked."""
    doc_id = (comparison.ids_a if side == "a" else comparison.ids_b)[0]
    row = documents.loc[documents["doc_id"] == doc_id].iloc[0]
    text = str(row["text"])
    spans = comparison_spans(
        text, mentions[mentions["doc_id"] == doc_id], comparison.sets, side=side
    )
    spans = mark_reused(spans, passage_spans(comparison.passages, side=side, doc_id=doc_id))
    facts = " · ".join(
        html.escape(str(part))
        for part in (
            doc_id,
            row.get("date") or "no date",
            row.get("source") or "no source",
            f"{row.get('n_words', 0)} words",
        )
    )
    title = html.escape(str(row.get("title") or doc_id))
    return (
        f'<div class="compare-meta"><b>{side.upper()}: {title}</b><br><small>{facts}</small></div>'
        f"{legend_html(['shared', f'only-{side}', 'reused'], LEGEND)}"
        f'<div class="doc-text compare-text">{highlight_html(text, spans)}</div>'
    )


# --- drawing ---------------------------------------------------------------------------------------


def compare(view: View) -> None:
    """Two documents or two groups side by side: shared and unique, reuse, keyness, quotes, figures."""
    documents = view.result.documents
    if len(documents) < 2:
        st.info("Comparing needs at least two documents: upload more articles in the sidebar.")
        return
    side_a, side_b = _pick_sides(view)
    with st.expander("Comparison settings", expanded=False):
        threshold = st.slider(
            "Reused sentence: minimum similarity",
            0.3,
            1.0,
            0.5,
            0.05,
            key="compare_threshold",
            help=PASSAGE_MEASURE,
        )
        min_docs = st.number_input(
            "Keyness for groups: minimum documents per item",
            min_value=1,
            value=None,
            step=1,
            key="compare_min_docs",
            placeholder="automatic: 2, or 1% of the smaller group",
            help="An item is key for a group only if it occurs in at least this many of its "
            "documents, so that one long article cannot make a group's key words.",
        )
    for side in (side_a, side_b):
        if side.problem:
            st.info(side.problem)
            return
    if side_a.doc_ids == side_b.doc_ids:
        st.info("A and B are the same documents: pick something else for B.")
        return
    overlap = len(set(side_a.doc_ids) & set(side_b.doc_ids))
    if overlap:
        st.warning(
            f"A and B share {_documents(overlap)}: they count on both sides in the similarity, "
            "the shared and unique terms and keyness (passages never pair a document with "
            "itself)."
        )
    compared = comparison_for(
        analysis_key(view),
        side_a.doc_ids,
        side_b.doc_ids,
        (side_a.label, side_b.label),
        float(threshold),
        None if min_docs is None else int(min_docs),
        documents,
        view.result.mentions,
    )
    comparison = compared.comparison
    _summary_strip(comparison)
    _term_lists(comparison)
    if compared.html_a is not None and compared.html_b is not None:
        _texts(compared.html_a, compared.html_b)
    else:
        _group_summaries(comparison)
    _passages(comparison)
    _keyness(comparison)
    _quotes_and_figures(comparison)


def _pick_sides(view: View) -> tuple[Side, Side]:
    """Draw the two side pickers (and their date ranges when chosen); return both sides."""
    documents = view.result.documents
    choices = side_choices(documents, len(view.documents))
    defaults = default_choices(choices)
    ranges = default_ranges(documents) if DATES in choices else None
    bounds = date_bounds(documents)
    sides = []
    for column, name, default, label in zip(
        st.columns(2), "ab", defaults, ("Compare A", "with B"), strict=True
    ):
        key = f"compare_{name}"
        if st.session_state.get(key) not in choices:
            st.session_state.pop(key, None)  # a stale choice from another corpus
        with column:
            choice = st.selectbox(
                label,
                list(choices),
                index=list(choices).index(default),
                key=key,
                format_func=choices.__getitem__,
                help="A document, every document of a source, a date range, or the documents "
                "that pass the sidebar filters.",
            )
            picked = None
            if choice == DATES and ranges is not None and bounds is not None:
                _drop_stale_range(f"{key}_dates", bounds)
                picked = st.date_input(
                    "Dates",
                    value=ranges[0] if name == "a" else ranges[1],
                    min_value=bounds[0],
                    max_value=bounds[1],
                    key=f"{key}_dates",
                )
            side = resolve_side(choice, documents, view.documents["doc_id"], picked)
            st.caption(f"{name.upper()}: {_documents(len(side.doc_ids))}")
        sides.append(side)
    return sides[0], sides[1]


def _drop_stale_range(key: str, bounds: tuple[date, date]) -> None:
    """Forget a date range picked on another corpus: outside the new bounds it would fail."""
    value = st.session_state.get(key)
    if isinstance(value, tuple | list) and any(
        day is not None and not bounds[0] <= day <= bounds[1] for day in value
    ):
        del st.session_state[key]


def _summary_strip(comparison: Comparison) -> None:
    """Similarity, reuse and the shared/unique counts per kind, as metrics."""
    summary = comparison.summary
    reuse = summary["reuse_share"]
    top = st.columns(4)
    top[0].metric(
        "Similarity (TF-IDF cosine)",
        f"{summary['similarity']:.2f}",
        help=f"Measure: {SIMILARITY_MEASURE}.",
    )
    top[1].metric(
        "Share of A reused in B",
        f"{reuse['a']:.0%}",
        help="Share of A's words in sentences that B repeats exactly or lightly edited.",
    )
    top[2].metric(
        "Share of B reused from A",
        f"{reuse['b']:.0%}",
        help="Share of B's words in sentences that A has too, exactly or lightly edited.",
    )
    top[3].metric("Shared passages", summary["n_shared_passages"], help=PASSAGE_MEASURE)
    counts = summary["counts"]
    row = st.columns(6)
    for number, (kind, name) in enumerate((("entity", "entities"), ("keyword", "keywords"))):
        found = counts.get(kind, {})
        row[3 * number].metric(f"Shared {name}", found.get("shared", 0))
        row[3 * number + 1].metric(f"{name.capitalize()} only in A", found.get("only_a", 0))
        row[3 * number + 2].metric(f"{name.capitalize()} only in B", found.get("only_b", 0))
    with st.expander("Shared and unique counts per type"):
        st.dataframe(
            comparison.labels,
            hide_index=True,
            width="stretch",
            key="compare_counts",
            column_config={
                "shared": "in both",
                "only_a": "only in A",
                "only_b": "only in B",
            },
        )


def _term_lists(comparison: Comparison) -> None:
    """Shared, only-A and only-B entities and keywords, in three columns."""
    sets = comparison.sets
    config = {
        "kind": "Kind",
        "term": st.column_config.TextColumn("Entity or keyword", width="medium"),
        "label": "Type",
        "count_a": "in A",
        "count_b": "in B",
    }
    columns = st.columns(3)
    for column, side, title, hidden in zip(
        columns,
        ("shared", "only_a", "only_b"),
        ("In both", "Only in A", "Only in B"),
        ([], ["count_b"], ["count_a"]),
        strict=True,
    ):
        rows = sets[sets["side"] == side].drop(columns=["side", *hidden])
        with column:
            st.markdown(f"**{title}** ({len(rows)})")
            if rows.empty:
                st.caption("Nothing here.")
            else:
                st.dataframe(
                    rows,
                    hide_index=True,
                    width="stretch",
                    key=f"compare_{side}",
                    column_config=config,
                )


def _texts(html_a: str, html_b: str) -> None:
    """The two documents side by side, highlighted (HTML escaped by :mod:`analysis.present.highlight`)."""
    st.html(f"<style>{HIGHLIGHT_CSS}\n{COMPARE_CSS}</style>")
    left, right = st.columns(2)
    with left:
        st.html(html_a)
    with right:
        st.html(html_b)


def _group_summaries(comparison: Comparison) -> None:
    """Each group's size, dates and sources, and its most mentioned entities and keywords."""
    columns = st.columns(2)
    for column, name, label in zip(
        columns, "ab", (comparison.label_a, comparison.label_b), strict=True
    ):
        summary = comparison.summary[name]
        with column:
            st.markdown(f"**{name.upper()}: {_plain(label)}**")
            dates = (
                f"{summary['date_min']} to {summary['date_max']}"
                if summary["date_min"]
                else "no dates"
            )
            sources = ", ".join(summary["sources"]) or "no source"
            st.caption(
                _plain(
                    f"{_documents(summary['n_documents'])} · {summary['n_words']:,} "
                    f"words · {dates} · {sources}"
                )
            )
            entities, keywords = summary["top_entities"], summary["top_keywords"]
            length = max(len(entities), len(keywords))
            st.dataframe(
                pd.DataFrame(
                    {
                        "Top entities": entities + [""] * (length - len(entities)),
                        "Top keywords": keywords + [""] * (length - len(keywords)),
                    }
                ),
                hide_index=True,
                width="stretch",
                key=f"compare_top_{name}",
            )


def _plain(text: str) -> str:
    """Document-derived text for ``st.markdown``/``st.caption``: HTML escaped and Markdown
    punctuation backslash-escaped, so it is shown as written and never becomes a link."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!|~>$" else c for c in escaped)


def _passages(comparison: Comparison) -> None:
    """The sentences one side reuses from the other, aligned side by side."""
    st.subheader("Shared passages")
    passages = comparison.passages
    if passages.empty:
        st.caption(
            "No sentence of one side is repeated by the other (exactly or lightly edited). "
            "Lower the minimum similarity in the comparison settings to find looser echoes."
        )
        return
    columns = ["text_a", "text_b", "similarity", "match"]
    if comparison.mode == "groups":
        columns = ["doc_a", "text_a", "doc_b", "text_b", "similarity", "match"]
    st.dataframe(
        passages[columns],
        hide_index=True,
        width="stretch",
        key="compare_passages",
        column_config={
            "text_a": st.column_config.TextColumn("Sentence in A", width="large"),
            "text_b": st.column_config.TextColumn("Sentence in B", width="large"),
            "doc_a": "A document",
            "doc_b": "B document",
            "similarity": st.column_config.NumberColumn("Similarity", format="%.2f"),
            "match": "Match",
        },
    )
    st.caption(f"Similarity: {PASSAGE_MEASURE}.")


def _keyness(comparison: Comparison) -> None:
    """Items each side over-uses: a chart of the top ones per side and the full table."""
    st.subheader("Keyness: what each side over-uses")
    left, right = st.columns(2)
    kind = left.radio(
        "Items",
        list(KEYNESS_KINDS),
        format_func=KEYNESS_KINDS.__getitem__,
        horizontal=True,
        key="compare_keyness_kind",
    )
    max_p = right.selectbox(
        "Significance",
        list(SIGNIFICANCE),
        format_func=SIGNIFICANCE.__getitem__,
        key="compare_keyness_p",
    )
    table = comparison.keyness[comparison.keyness["kind"] == kind].drop(columns="kind")
    table = table[table["p_value"] <= max_p]
    top = top_keyness(table, 15, max_p=max_p)
    if top.empty:
        st.info(
            f"No {KEYNESS_KINDS[kind].lower()} differ significantly at {SIGNIFICANCE[max_p]}. "
            "Short texts rarely do: choose a looser significance, or compare groups."
        )
    else:
        figure = keyness_figure(top, label_a="A", label_b="B")
        for name, css_class in (("A", "only-a"), ("B", "only-b")):
            figure.update_traces(marker_color=COMPARISON_COLORS[css_class], selector={"name": name})
        figure.update_layout(height=140 + 24 * len(top), margin={"t": 30, "b": 10})
        st.plotly_chart(figure, key="compare_keyness_chart", width="stretch")
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            key="compare_keyness_table",
            column_config={
                "item": "Item",
                "label": "Type",
                "freq_a": "in A",
                "freq_b": "in B",
                "docs_a": "documents of A",
                "docs_b": "documents of B",
                "log_likelihood": st.column_config.NumberColumn("Log-likelihood", format="%.2f"),
                "p_value": st.column_config.NumberColumn("p", format="%.4f"),
                "log_ratio": st.column_config.NumberColumn("Log Ratio", format="%.2f"),
                "side": "over-used in",
            },
        )
    guard = comparison.summary["keyness_min_docs"]
    st.caption(
        "Log-likelihood (G²) says how sure a difference is (3.84 is p = 0.05); Log Ratio how big "
        "it is (+1: twice as frequent in A, -1: twice as frequent in B)."
        + (
            f" Group guard: an item must occur in at least {guard} documents of the side that "
            "over-uses it."
            if comparison.mode == "groups"
            else ""
        )
    )


def _quotes_and_figures(comparison: Comparison) -> None:
    """Quotations with their speakers, and figures with their units, per side."""
    st.subheader("Who said what")
    quote_columns = ["speaker", "text", "cue", "speaker_text"]
    figure_columns = ["text", "kind", "normalised", "qualifier"]
    if comparison.mode == "groups":
        quote_columns = ["doc_id", *quote_columns]
        figure_columns = ["doc_id", *figure_columns]
    quotes, figures = comparison.quotes, comparison.quantities
    columns = st.columns(2)
    for column, side in zip(columns, "ab", strict=True):
        rows = quotes[quotes["side"] == side]
        with column:
            st.markdown(f"**Quotations in {side.upper()}** ({len(rows)})")
            if rows.empty:
                st.caption("No quotation marks with a speaker here.")
            else:
                st.dataframe(
                    rows[quote_columns],
                    hide_index=True,
                    width="stretch",
                    key=f"compare_quotes_{side}",
                    column_config={
                        "speaker": "Speaker",
                        "text": st.column_config.TextColumn("Quotation", width="large"),
                        "cue": "Verb",
                        "speaker_text": "Named as",
                    },
                )
    st.subheader("Figures")
    columns = st.columns(2)
    for column, side in zip(columns, "ab", strict=True):
        rows = figures[figures["side"] == side]
        with column:
            st.markdown(f"**Figures in {side.upper()}** ({len(rows)})")
            if rows.empty:
                st.caption("No figures (amounts, percentages, counts, dates) here.")
            else:
                st.dataframe(
                    rows[figure_columns],
                    hide_index=True,
                    width="stretch",
                    key=f"compare_figures_{side}",
                    column_config={
                        "text": "As written",
                        "kind": "Kind",
                        "normalised": "Value",
                        "qualifier": "Qualifier",
                    },
                )
