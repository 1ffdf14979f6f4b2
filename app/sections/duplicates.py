"""Duplicates: wire copies and near-identical articles, and a switch that counts each story once.

The Duplicates tab lists the clusters of near-identical articles among those in view (how many
articles each folds), and for a clicked cluster its members and the sentences only some of them
have. The sidebar switch "Count each story once" keeps one article per cluster (the earliest in
view) in every tab: it narrows the view's documents, through the filters, so every cache and
export knows it. The clusters are found once per analysis, only when one of the two is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis.present.charts import n_articles
from analysis.query.duplicates import (
    DUPLICATE_MEASURE,
    cluster_differences,
    cluster_summary,
    duplicate_clusters,
    keep_once,
)
from analysis.query.filters import TRUE_VALUES, Filters
from app import pipeline
from app.caching import cache_data
from app.drill import download, reader, show_table
from app.params import key, url
from app.selection import Analysed, View

#: The similarity at which "count each story once" folds two articles (and the tab's default).
ONCE_THRESHOLD = 0.8
#: Session key marking that the switch was read from the URL.
_RESTORED = "_restored_count_once"


@cache_data(max_entries=4, ttl=pipeline.KEPT_FOR, show_spinner="Finding near-duplicate articles…")
def clusters_of(analysed: Analysed, threshold: float) -> pd.DataFrame:
    """The clusters of near-identical articles of the whole corpus at ``threshold``."""
    return duplicate_clusters(analysed.result.documents, threshold)


def clusters_in(clusters: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The clusters among ``documents``: their members in view, clusters of two or more kept
    (a cluster's first member in view comes first)."""
    inside = clusters[clusters["doc_id"].isin(documents["doc_id"].astype(str))]
    sizes = inside.groupby("cluster")["doc_id"].transform("size")
    return inside[sizes >= 2].reset_index(drop=True)


# --- count each story once (the sidebar switch, the URL, the view) --------------------------------


def once_toggle() -> bool:
    """The sidebar switch; on a session's first run it takes its value from the URL."""
    if not st.session_state.get(_RESTORED):
        st.session_state[_RESTORED] = True
        st.session_state[key("count_once")] = (
            str(st.query_params.get(url("count_once"), "")).lower() in TRUE_VALUES
        )
    return st.toggle(
        "Count each story once",
        key=key("count_once"),
        help=f"Near-identical articles (wire copies; {DUPLICATE_MEASURE} at least "
        f"{ONCE_THRESHOLD}) count as one: the earliest in view is kept, in every tab.",
    )


def once_filters(analysed: Analysed, filters: Filters, view: View) -> Filters | None:
    """The filters that keep one article per cluster of the view, or ``None`` when the view
    holds no two copies of a story."""
    inside = clusters_in(clusters_of(analysed, ONCE_THRESHOLD), view.documents)
    if inside.empty:
        return None
    return replace(filters, doc_ids=tuple(keep_once(view.documents, inside)))


def count_each_story_once(
    analysed: Analysed, filters: Filters, view: View, context: Mapping[str, object], once: bool
) -> View:
    """``view`` with each cluster's copies after the first left out when ``once``."""
    if not once:
        return view
    narrowed = once_filters(analysed, filters, view)
    if narrowed is None:
        return view
    return pipeline.select(
        analysed,
        narrowed,
        {**context, "count_each_story_once": True, "chosen_doc_ids": filters.doc_ids},
    )


def save_once(once: bool) -> None:
    """Keep the switch in the page's address (``once=1``), after the other view state."""
    if once:
        st.query_params[url("count_once")] = "1"
    elif url("count_once") in st.query_params:
        del st.query_params[url("count_once")]


# --- the tab --------------------------------------------------------------------------------------


def duplicates(view: View, unfolded: View) -> None:
    """The clusters among the articles in view (``unfolded``: before counting once), what each
    folds, and a clicked cluster's members and differences."""
    threshold = st.slider(
        "Similarity threshold",
        0.5,
        1.0,
        ONCE_THRESHOLD,
        0.05,
        key=key("dup_threshold"),
        help=DUPLICATE_MEASURE,
    )
    documents = unfolded.documents
    clusters = clusters_in(clusters_of(unfolded.analysed, float(threshold)), documents)
    summary = cluster_summary(clusters, unfolded.result.documents)
    folded = int(summary["folds"].sum()) if len(summary) else 0
    a, b, c = st.columns(3)
    a.metric("Clusters", f"{len(summary):,}")
    b.metric("Articles in clusters", f"{len(clusters):,} of {len(documents):,}")
    c.metric("Folded when counting once", f"{folded:,}")
    if view is not unfolded:
        st.caption(f"Counting each story once: {n_articles(len(view.documents))} in every tab.")
    if summary.empty:
        st.info("No two articles in view are this similar. Lower the threshold to look further.")
        return
    with st.container(key="dup_clusters"):
        event = st.dataframe(
            summary,
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * len(summary), 300),  # no empty rows under a few clusters
            key=key("dup_table"),
            on_select="rerun",
            selection_mode="single-row",
            column_config={
                "folds": st.column_config.NumberColumn("folds", help="articles counted once"),
                "min_similarity": st.column_config.NumberColumn(format="%.2f"),
            },
        )
    download(clusters, "duplicate_clusters", view, "duplicate_clusters", what="Clusters")
    rows = event.selection.rows if event else []
    if not rows:
        st.caption("Click a cluster to see its members and what differs between them.")
        return
    cluster(unfolded, clusters, int(summary["cluster"].iloc[rows[0]]))


def cluster(view: View, clusters: pd.DataFrame, number: int) -> None:
    """One cluster: its members (most similar first), the sentences not all of them have, and a
    member in the reader."""
    members = clusters[clusters["cluster"] == number]
    meta = view.result.documents[["doc_id", "title", "date", "source"]]
    table = members.merge(meta, on="doc_id", how="left")
    st.markdown(f"**Cluster {number}: {len(table)} articles**")
    show_table(
        table[["doc_id", "title", "date", "source", "similarity_to_first"]], key="dup_members"
    )
    differences = cluster_differences(view.result.documents, members, number)
    if differences.empty:
        st.caption("The members are word for word the same.")
    else:
        st.markdown("**What differs: sentences only some members have**")
        show_table(
            differences[["doc_id", "sentence", "members_with", "size"]], key="dup_differences"
        )
    ids = table["doc_id"].astype(str).tolist()
    titles = dict(zip(ids, table["title"].fillna("").astype(str), strict=True))
    chosen = st.selectbox(
        "Read a member", ids, key=key("dup_member"), format_func=lambda d: titles.get(d) or d
    )
    reader(view, chosen)
