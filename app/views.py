"""The dashboard's sections: each reads its own widgets, calls the library once, draws the figure.

Nothing here computes: counts, figures, contexts and comparisons all come from ``analysis``.
Document text is untrusted and reaches the page only through ``analysis.highlight`` (escaped
HTML), plotly figures whose labels ``analysis.charts`` escapes, and ``st.dataframe`` (plain text).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis import Analysis, charts, kwic
from analysis.export import csv_bundle, parquet_bytes
from analysis.filters import (
    Filters,
    PatternError,
    compile_pattern,
    count_terms,
    counts_by_date,
    counts_by_doc,
    filter_documents,
    filter_mentions,
    mentions_at,
    regex_mentions,
)
from analysis.highlight import HIGHLIGHT_CSS, highlight_html, legend_html, mention_spans
from analysis.keywords import corpus_keywords, distinctive_keywords


@dataclass(frozen=True)
class View:
    """The filtered slice of the analysis that every section draws from."""

    result: Analysis
    filters: Filters
    documents: pd.DataFrame  # documents passing the filters
    mentions: pd.DataFrame  # mentions passing the filters (with tracked-regex matches)
    regex_error: str | None = None

    @property
    def parameters(self) -> dict:
        """What produced this view, for exports."""
        return {"filters": self.filters.to_dict(), "documents": self.documents["doc_id"].tolist()}


def build_view(result: Analysis, filters: Filters, tracked: pd.DataFrame | None = None) -> View:
    """Apply the filters to the analysis plus the ``tracked`` term mentions; a tracked regular
    expression adds its matches as ``term`` mentions too."""
    mentions = result.mentions
    if tracked is not None and not tracked.empty:
        mentions = pd.concat([mentions, tracked], ignore_index=True)
    regex_error = None
    if filters.term_regex:
        try:
            compile_pattern(filters.term_regex)
            found = regex_mentions(result.documents, filters.term_regex)
            mentions = pd.concat([mentions, found], ignore_index=True)
        except PatternError as error:
            regex_error = str(error)
    return View(
        result=result,
        filters=filters,
        documents=filter_documents(result.documents, filters),
        mentions=filter_mentions(mentions, result.documents, filters),
        regex_error=regex_error,
    )


# --- shared pieces ---------------------------------------------------------------------------------


def download(table: pd.DataFrame, name: str, view: View, key: str) -> None:
    """CSV (zipped with parameters.json) and Parquet (parameters in its metadata) downloads."""
    left, right = st.columns(2)
    left.download_button(
        "Download CSV + parameters",
        csv_bundle(table, name, view.parameters),
        file_name=f"{name}.zip",
        mime="application/zip",
        key=f"csv_{key}",
        width="stretch",
    )
    right.download_button(
        "Download Parquet",
        parquet_bytes(table, view.parameters),
        file_name=f"{name}.parquet",
        mime="application/octet-stream",
        key=f"parquet_{key}",
        width="stretch",
    )


def chart_with_drilldown(figure, view: View, key: str, hint: str) -> None:
    """Draw a figure; a click (or box/lasso selection) on it lists the mentions behind it."""
    event = st.plotly_chart(
        figure,
        key=key,
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        width="stretch",
    )
    points = charts.clicked_points(event.selection if event else None)
    if not points:
        st.caption(hint)
        return
    frames = [
        mentions_at(
            view.mentions, view.result.documents, point, view.result.sentences, view.filters.period
        )
        for point in points
    ]
    behind = pd.concat(frames, ignore_index=True).drop_duplicates()
    show_mentions(
        behind, view, key=f"{key}_kwic", title=f"{len(behind)} mention(s) behind your selection"
    )


def show_mentions(mentions: pd.DataFrame, view: View, key: str, title: str) -> None:
    """A keyword-in-context table of ``mentions`` and a reader for the documents they are in."""
    st.markdown(f"**{html.escape(title)}**")
    if mentions.empty:
        st.info("No mentions here. Widen the filters, or pick another point.")
        return
    table = kwic.kwic(mentions, view.result.documents, width=70, limit=2000)
    st.dataframe(
        table[["left", "match", "right", "doc_id", "date", "title"]],
        hide_index=True,
        width="stretch",
        column_config={
            "left": st.column_config.TextColumn("Left context", width="large"),
            "match": st.column_config.TextColumn("Mention"),
            "right": st.column_config.TextColumn("Right context", width="large"),
        },
        key=f"{key}_table",
    )
    download(table, "mentions_in_context", view, key)
    doc_ids = list(dict.fromkeys(mentions["doc_id"]))
    with st.expander(
        f"Read the {'document' if len(doc_ids) == 1 else 'documents'}", expanded=False
    ):
        chosen = (
            st.selectbox("Document", doc_ids, key=f"{key}_doc") if len(doc_ids) > 1 else doc_ids[0]
        )
        reader(view, chosen, extra=mentions[mentions["doc_id"] == chosen])


def reader(view: View, doc_id: str, extra: pd.DataFrame | None = None) -> None:
    """One document with its entities, keywords and terms highlighted (escaped HTML)."""
    documents = view.result.documents.set_index("doc_id")
    if doc_id not in documents.index:
        st.warning("That document is not in the corpus.")
        return
    row = documents.loc[doc_id]
    mentions = view.mentions[view.mentions["doc_id"] == doc_id]
    if extra is not None and not extra.empty:
        mentions = pd.concat([extra, mentions], ignore_index=True).drop_duplicates(
            ["start", "end", "kind", "term"]
        )
    meta = " · ".join(
        html.escape(str(part))
        for part in (
            row["date"] or "no date",
            row["source"] or "no source",
            f"{row['n_words']} words",
        )
    )
    st.markdown(
        f"{HIGHLIGHT_CSS}<div class='doc-meta'><b>{html.escape(row['title'] or doc_id)}</b>"
        f"<br><small>{meta} · date from {html.escape(row['date_source'])}</small></div>"
        f"{legend_html(sorted(set(mentions['label'].replace('', pd.NA).dropna()) | set(mentions['kind'])))}"
        f"<div class='doc-text'>{highlight_html(row['text'], mention_spans(mentions))}</div>",
        unsafe_allow_html=True,
    )


# --- sections --------------------------------------------------------------------------------------


def overview(view: View) -> None:
    """How big the selection is, where it comes from and when; its documents."""
    docs = view.documents
    dated = docs[docs["date"] != ""]["date"]
    columns = st.columns(4)
    columns[0].metric("Documents", f"{len(docs)} of {len(view.result.documents)}")
    columns[1].metric("Words", f"{int(docs['n_words'].sum()):,}")
    columns[2].metric("Dates", f"{dated.min()} → {dated.max()}" if len(dated) else "none")
    columns[3].metric("Mentions", f"{len(view.mentions):,}")
    if docs.empty:
        st.info("No document matches the filters. Clear some filters in the sidebar.")
        return
    chart_with_drilldown(
        charts.sources_dates_overview(
            docs, period=view.filters.period, title="Articles per source and date"
        ),
        view,
        key="chart_overview",
        hint="Click a cell to list the mentions of those articles.",
    )
    table = docs[["doc_id", "title", "date", "date_source", "source", "n_words"]]
    st.dataframe(table, hide_index=True, width="stretch", key="documents_table")
    download(table, "documents", view, "documents")


def keywords(view: View) -> None:
    """Top keywords of the selection, keywords shared across articles, and distinctive ones."""
    counts = count_terms(view.mentions, view.documents, per_1k=view.filters.per_1k)
    chart_with_drilldown(
        charts.top_terms_bar(
            counts, kind="keyword", n=25, per_1k=view.filters.per_1k, title="Top keywords"
        ),
        view,
        key="chart_keywords",
        hint="Click a bar to read the sentences behind it.",
    )
    left, right = st.columns(2)
    with left:
        st.markdown("**Across articles** (documents that have it among their top keywords)")
        across = corpus_keywords(view.result.keywords, view.documents["doc_id"])
        st.dataframe(across.head(50), hide_index=True, width="stretch", key="corpus_keywords")
        download(across, "corpus_keywords", view, "corpus_keywords")
    with right:
        st.markdown("**Distinctive for one article** (compared with the others in the selection)")
        doc_ids = view.documents["doc_id"].tolist()
        if doc_ids:
            chosen = st.selectbox("Article", doc_ids, key="distinctive_doc")
            table = distinctive_keywords(view.result.keywords, chosen, doc_ids, top=15)
            st.dataframe(table, hide_index=True, width="stretch", key="distinctive_keywords")


def entities(view: View) -> None:
    """Top entities by type, their co-occurrence network and the per-document entity table."""
    counts = count_terms(view.mentions, view.documents, per_1k=view.filters.per_1k)
    chart_with_drilldown(
        charts.entities_by_type_bar(
            counts, n=10, per_1k=view.filters.per_1k, title="Top entities by type"
        ),
        view,
        key="chart_entities",
        hint="Click a bar to read where the entity is mentioned.",
    )
    chart_with_drilldown(
        charts.cooccurrence_network(
            view.mentions[view.mentions["kind"] == "entity"],
            view.result.sentences,
            title="Entities mentioned in the same sentence",
        ),
        view,
        key="chart_network",
        hint="Click a node or a link to read the sentences behind it.",
    )
    table = view.result.entities[view.result.entities["doc_id"].isin(view.documents["doc_id"])]
    if view.filters.entity_types:
        table = table[table["label"].isin(view.filters.entity_types)]
    st.dataframe(table, hide_index=True, width="stretch", key="entities_table")
    download(table, "entities", view, "entities")


def over_time(view: View) -> None:
    """Chosen terms and entities per date, per article, and as a term × article heatmap."""
    counts = count_terms(view.mentions, view.documents)
    ranked = counts.sort_values("count", ascending=False)
    tracked = list(view.filters.terms) + (
        [view.filters.term_regex] if view.filters.term_regex else []
    )
    choices = list(dict.fromkeys(tracked + ranked["term"].tolist()))
    default = [t for t in tracked if t in choices] or choices[:5]
    if "focus" not in st.session_state or not st.session_state["focus"]:
        st.session_state["focus"] = default
    st.session_state["focus"] = [t for t in st.session_state["focus"] if t in choices]
    focus = st.multiselect("Terms and entities to follow", choices, key="focus")
    per_1k = view.filters.per_1k
    by_date = counts_by_date(
        view.mentions, view.documents, per_1k=per_1k, period=view.filters.period
    )
    chart_with_drilldown(
        charts.timeline(by_date, terms=focus, per_1k=per_1k, title="Mentions over time"),
        view,
        key="chart_timeline",
        hint="Click a point to read the mentions of that date.",
    )
    by_doc = counts_by_doc(view.mentions, view.documents, per_1k=per_1k)
    chart_with_drilldown(
        charts.timeline_by_article(by_doc, terms=focus, per_1k=per_1k, title="Per article"),
        view,
        key="chart_articles",
        hint="Click a point to read that article's mentions.",
    )
    chart_with_drilldown(
        charts.term_doc_heatmap(
            by_doc, terms=focus or None, per_1k=per_1k, title="Terms × articles"
        ),
        view,
        key="chart_heatmap",
        hint="Click a cell to read the mentions in that article.",
    )
    download(by_date, "mentions_per_date", view, "per_date")


def search_and_read(view: View) -> None:
    """Search results as keyword-in-context, and the document reader."""
    if view.filters.search:
        from analysis.filters import search_documents

        found, error = search_documents(
            view.result.documents, view.filters.search, regex=view.filters.search_regex
        )
        if error:
            st.error(error)
        else:
            pattern_mentions = regex_mentions(
                view.result.documents[view.result.documents["doc_id"].isin(found)],
                view.filters.search if view.filters.search_regex else _literal(view.filters.search),
                term=view.filters.search,
            )
            show_mentions(
                pattern_mentions,
                view,
                key="search_kwic",
                title=f"{len(pattern_mentions)} match(es) in {len(found)} document(s)",
            )
    else:
        st.caption("Type in **Search the texts** (sidebar) to list every match in context.")
    doc_ids = view.documents["doc_id"].tolist()
    if not doc_ids:
        st.info("No document matches the filters.")
        return
    chosen = st.selectbox("Read a document", doc_ids, key="reader_doc")
    reader(view, chosen)


def _literal(text: str) -> str:
    import regex

    return regex.escape(text)


def problems(view: View) -> None:
    """Every input that was not analysed, with its reason."""
    table = view.result.problems
    if table.empty:
        st.success("Every file was analysed.")
        return
    st.warning(f"{len(table)} input(s) were not analysed. Each is listed with the reason.")
    st.dataframe(table, hide_index=True, width="stretch", key="problems_table")
    download(table, "problems", view, "problems")
