"""Entities: the top entities by type, who is named together, the per-article table, aliases."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core.schema import ENTITY_LABELS, as_text
from analysis.present import charts
from analysis.query.locate import doc_codes
from app import alias_table
from app.caching import cache_resource
from app.drill import chart_with_drilldown, download, show_table
from app.pipeline import KEPT_FOR
from app.sections.counting import term_counts
from app.sections.hints import COUNTS_DIFFER, NO_MENTIONS_HINT
from app.selection import View

#: Most entities the co-occurrence network draws, and the types it draws.
NETWORK_NODES = 20
NETWORK_LABELS = charts.DEFAULT_ENTITY_LABELS


@dataclass(frozen=True)
class EntityGroups:
    """A view's entity mentions (``doc_id``, ``term``, ``label`` as plain text) grouped by
    (term, label), for picking the network's nodes.

    ``totals`` has one row per group, indexed by its number (groups numbered in order of first
    mention): ``term`` (as text), ``label`` and ``count``, ranked as ``cooccurrence_edges`` ranks
    nodes (count, then name, then first mention; a stable sort, so the ranking of any subset of
    types is this one filtered); ``group`` and ``doc`` give each mention's group number and
    document code, ``sentence_doc`` each sentence's document code.
    """

    mentions: pd.DataFrame
    group: np.ndarray
    doc: np.ndarray
    totals: pd.DataFrame
    sentence_doc: np.ndarray


@cache_resource(max_entries=4, ttl=KEPT_FOR)
def entity_groups(view: View) -> EntityGroups:
    """The :class:`EntityGroups` of a view of every entity type (large: shared, not copied)."""
    mentions = view.mentions[view.mentions["kind"] == "entity"]
    mentions = mentions.astype({"doc_id": str, "term": str, "label": str})  # small groupbys later
    groups = mentions.groupby(["term", "label"], sort=False, observed=True, dropna=False)
    totals = groups.size().rename("count").reset_index()
    totals = totals.assign(term=as_text(totals["term"]), label=as_text(totals["label"]))
    totals = totals.sort_values(["count", "term"], ascending=[False, True], kind="stable")
    doc, sentence_doc = doc_codes(mentions["doc_id"], view.result.sentences["doc_id"])
    return EntityGroups(mentions, groups.ngroup().to_numpy(), doc, totals, sentence_doc)


@cache_resource(max_entries=8, ttl=KEPT_FOR)
def network_figure(view: View) -> go.Figure:
    """Entities named in the same sentence, as a network (shared: a figure only goes to
    ``st.plotly_chart``, which copies it).

    Only what its nodes can come from goes to the chart: the mentions of the most mentioned
    entities of the types drawn (ranked as ``cooccurrence_edges`` ranks them: count, then name,
    then first mention), as plain text, and the sentences of their documents. The figure is the
    one every entity mention and sentence would give, at a fraction of the work.
    """
    groups = entity_groups(view.all_types())
    types = view.filters.entity_types
    labels = [label for label in NETWORK_LABELS if not types or label in types]
    ranked = groups.totals[groups.totals["label"].isin(labels)]
    chosen = np.isin(groups.group, ranked.index[:NETWORK_NODES].to_numpy())
    mentions = groups.mentions[chosen]
    largest = max(groups.doc.max(initial=-1), groups.sentence_doc.max(initial=-1))
    in_documents = np.zeros(int(largest) + 2, dtype=bool)  # slot 0: code -1, no document
    in_documents[groups.doc[chosen] + 1] = True
    sentences = view.result.sentences[in_documents[groups.sentence_doc + 1]]
    return charts.cooccurrence_network(
        mentions,
        sentences,
        max_nodes=NETWORK_NODES,
        labels=labels,
        title="Entities named in the same sentence",
    )


@cache_resource(max_entries=4, ttl=KEPT_FOR)
def _entity_table_every_type(view: View) -> pd.DataFrame:
    """The per-article entity table for a view of every entity type (shared, not copied)."""
    entity_mentions = view.mentions[view.mentions["kind"] == "entity"]
    kept = entity_mentions[["term", "label"]].drop_duplicates().astype(str)
    table = view.result.entities
    if len(view.documents) < len(view.result.documents):  # else every document is in view
        table = table[table["doc_id"].isin(view.documents["doc_id"])]
    return table.merge(kept.rename(columns={"term": "entity"}), on=["entity", "label"])


def entity_table(view: View) -> pd.DataFrame:
    """The per-article entity table of the analysis, for the entities the filters keep: the rows
    of the chosen types of the table for every type (cached; the type filter drops whole
    entities, and the filter is quicker than a cached copy would be to read)."""
    every = _entity_table_every_type(view.all_types())
    types = view.filters.entity_types
    if not types:
        return every.copy(deep=False)  # a new frame: the cached one is never changed
    return every[every["label"].isin(list(types))].reset_index(drop=True)


def entities(view: View, aliases_csv: bytes) -> None:
    """Top entities, their network, the entities per article, and the alias table editor."""
    counts = term_counts(view.for_counts())
    if counts.empty:  # no mention passes the filters
        st.info(NO_MENTIONS_HINT)
    else:
        _charts_and_table(view, counts)
    with st.expander("Alias table: merge, rename, split or exclude entities"):
        alias_table.alias_editor(aliases_csv)


def _charts_and_table(view: View, counts: pd.DataFrame) -> None:
    counting = view.for_counts()
    chosen_types = view.filters.entity_types
    labels = [label for label in ENTITY_LABELS if not chosen_types or label in chosen_types]
    chart_with_drilldown(
        charts.entities_by_type_bar(
            counts,
            n=10,
            labels=labels,
            per_1k=view.filters.per_1k,
            title="Top entities by type",
        ),
        view,
        key="chart_entities",
        hint="Click a bar to read where the entity is mentioned.",
    )
    st.caption(COUNTS_DIFFER)
    chart_with_drilldown(
        network_figure(counting),
        view,
        key="chart_network",
        hint="Node size: mentions; line width: shared sentences. Click a node or the middle "
        "of a line to read the sentences.",
    )
    st.markdown("**Entities per article** (with the spellings found)")
    table = entity_table(counting)
    show_table(table, key="entities_table")
    download(table, "entities", view, "entities")
