"""Entities: the top entities by type, who is named together, the per-article table, aliases."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core.schema import ENTITY_LABELS
from analysis.present import charts
from app import alias_table
from app.caching import cache_data
from app.drill import chart_with_drilldown, download, show_table
from app.sections.counting import term_counts
from app.sections.hints import COUNTS_DIFFER, NO_MENTIONS_HINT
from app.selection import View


@cache_data(max_entries=8)
def network_figure(view: View) -> go.Figure:
    """Entities named in the same sentence, as a network."""
    entity_mentions = view.mentions[view.mentions["kind"] == "entity"]
    return charts.cooccurrence_network(
        entity_mentions, view.result.sentences, title="Entities named in the same sentence"
    )


@cache_data(max_entries=8)
def entity_table(view: View) -> pd.DataFrame:
    """The per-article entity table of the analysis, for the entities the filters keep."""
    entity_mentions = view.mentions[view.mentions["kind"] == "entity"]
    kept = entity_mentions[["term", "label"]].drop_duplicates().astype(str)
    table = view.result.entities
    table = table[table["doc_id"].isin(view.documents["doc_id"])]
    return table.merge(kept.rename(columns={"term": "entity"}), on=["entity", "label"])


def entities(view: View, aliases_csv: bytes) -> None:
    """Top entities, their network, the entities per article, and the alias table editor."""
    if view.mentions.empty:
        st.info(NO_MENTIONS_HINT)
    else:
        _charts_and_table(view)
    with st.expander("Alias table: merge, rename, split or exclude entities"):
        alias_table.alias_editor(aliases_csv)


def _charts_and_table(view: View) -> None:
    counting = view.for_counts()
    chosen_types = view.filters.entity_types
    labels = [label for label in ENTITY_LABELS if not chosen_types or label in chosen_types]
    chart_with_drilldown(
        charts.entities_by_type_bar(
            term_counts(counting),
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
