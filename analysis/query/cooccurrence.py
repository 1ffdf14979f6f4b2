"""Which entities are mentioned in the same sentence, and how often: the co-occurrence network's data.

The figure is drawn by :func:`analysis.present.charts.cooccurrence_network`; this module only
counts, so the same table serves the chart, a CSV download and a test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.schema import as_text
from analysis.query.locate import doc_codes, sentence_numbers


def cooccurrence_edges(
    mentions: pd.DataFrame, sentences: pd.DataFrame, max_nodes: int = 30
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of the entity co-occurrence network, as two tables.

    Nodes are the ``max_nodes`` most mentioned entities: ``term, label, count, n_docs`` (ties by
    term). Edges join two of them that appear in the same sentence: ``source, target`` (node
    positions, ``source < target``) and ``weight``, the number of sentences they share.
    Vectorised: mentions are placed in sentences by a sorted search, then a self-join on integer
    sentence keys pairs them.
    """
    entities = mentions[mentions["kind"] == "entity"] if "kind" in mentions else mentions
    node_columns = ["term", "label", "count", "n_docs"]
    edge_columns = ["source", "target", "weight"]
    if entities.empty:
        return pd.DataFrame(columns=node_columns), pd.DataFrame(columns=edge_columns)
    groups = entities.groupby(["term", "label"], sort=False, observed=True, dropna=False)
    group_of_row = groups.ngroup().to_numpy()
    totals = groups["doc_id"].agg(count="size", n_docs="nunique").reset_index()
    totals = totals.assign(
        term=as_text(totals["term"]), label=as_text(totals["label"]), _group=range(len(totals))
    )
    nodes = totals.sort_values(["count", "term"], ascending=[False, True], kind="stable")
    nodes = nodes.head(max_nodes).reset_index(drop=True)
    node_of_group = np.full(len(totals), -1, dtype=np.int64)
    node_of_group[nodes["_group"].to_numpy()] = np.arange(len(nodes))
    node_of_row = node_of_group[group_of_row]
    placed = entities[node_of_row >= 0]
    node_of_row = node_of_row[node_of_row >= 0]
    doc_of_row, _ = doc_codes(placed["doc_id"], sentences["doc_id"].iloc[0:0])
    sentence_of_row = sentence_numbers(placed, sentences)
    found = sentence_of_row >= 0
    located = pd.DataFrame(
        {
            "_sentence": doc_of_row[found] * (np.int64(1) << np.int64(32)) + sentence_of_row[found],
            "_node": node_of_row[found],
        }
    ).drop_duplicates()
    pairs = located.merge(located, on="_sentence", suffixes=("_a", "_b"))
    pairs = pairs[pairs["_node_a"] < pairs["_node_b"]]
    edges = (
        pairs.groupby(["_node_a", "_node_b"], sort=True)
        .size()
        .rename("weight")
        .reset_index()
        .rename(columns={"_node_a": "source", "_node_b": "target"})
    )
    return nodes[node_columns], edges[edge_columns]
