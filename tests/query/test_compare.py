"""Side-by-side comparison: similarity, shared/unique sets, reused passages, the one-call result."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.core.schema import mentions_frame
from analysis.query.compare import (
    LABEL_COUNT_COLUMNS,
    SET_COLUMNS,
    compare_documents,
    compare_groups,
    compare_sets,
    compare_sides,
    label_counts,
)
from analysis.query.reuse import align_passages


def _seed(seed_corpus, prefix: str) -> str:
    return seed_corpus.documents.loc[
        seed_corpus.documents["doc_id"].str.startswith(prefix), "doc_id"
    ].iloc[0]


def test_seed_shared_and_unique_entities(documents, mentions) -> None:
    a, b = _seed_from(documents, "000"), _seed_from(documents, "002")
    sets = compare_sets(mentions[mentions.doc_id == a], mentions[mentions.doc_id == b], "entity")
    assert list(sets.columns) == SET_COLUMNS
    assert sets[["term", "label", "count_a", "count_b", "side"]].values.tolist() == [
        ["NATO", "ORG", 7, 14, "shared"],
        ["Ukraine", "GPE", 10, 8, "shared"],
        ["Mark Rutte", "PERSON", 3, 3, "shared"],
        ["Australia", "GPE", 1, 1, "shared"],
        ["Japan", "GPE", 1, 1, "shared"],
        ["Volodymyr Zelenskyy", "PERSON", 2, 0, "only_a"],  # 002 writes "Volodymyr Zelensky"
        ["European Union", "ORG", 1, 0, "only_a"],
        ["Germany", "GPE", 1, 0, "only_a"],
        ["Wiesbaden", "GPE", 1, 0, "only_a"],
        ["Romania", "GPE", 0, 2, "only_b"],
        ["Iraq", "GPE", 0, 1, "only_b"],
    ]
    assert label_counts(sets).values.tolist() == [
        ["entity", "GPE", 3, 2, 2],
        ["entity", "ORG", 1, 1, 0],
        ["entity", "PERSON", 1, 1, 0],
    ]


def _seed_from(documents: pd.DataFrame, prefix: str) -> str:
    return documents.loc[documents["doc_id"].str.startswith(prefix), "doc_id"].iloc[0]


def test_seed_entities_with_the_entity_extractor(documents) -> None:
    entities = pytest.importorskip("analysis.extract.entities")
    a, b, c = (_seed_from(documents, p) for p in ("000", "002", "004"))
    mentions = entities.entity_mentions(documents[documents["doc_id"].isin([a, b, c])])
    same = compare_sets(mentions[mentions.doc_id == a], mentions[mentions.doc_id == b], "entity")
    sides = same.groupby("side")["term"].apply(set).to_dict()
    assert {"Mark Rutte", "Volodymyr Zelenskyy", "NATO", "Ukraine", "Japan"} <= sides["shared"]
    assert {"Wiesbaden", "European Union"} <= sides["only_a"]
    assert {"Romania", "Rustem Umerov"} <= sides["only_b"]
    other = compare_sets(mentions[mentions.doc_id == a], mentions[mentions.doc_id == c], "entity")
    other_sides = other.groupby("side")["term"].apply(set).to_dict()
    assert {"NATO", "Ukraine"} <= other_sides["shared"]
    assert {"Jens Stoltenberg", "Lloyd Austin", "Finland"} <= other_sides["only_b"]
    assert {"Wiesbaden", "Japan"} <= other_sides["only_a"]


def test_keywords_are_looked_up_in_the_other_text() -> None:
    text_a = "Air defence systems arrived. More air defence is needed."
    text_b = "Allies discussed air defence and drones."
    mentions_a = mentions_frame([("a", "keyword", "air defence", "", 0, 11, "Air defence")])
    mentions_b = mentions_frame([("b", "keyword", "drones", "", 33, 39, "drones")])
    plain = compare_sets(mentions_a, mentions_b, "keyword")
    assert plain["side"].tolist() == ["only_a", "only_b"]
    looked_up = compare_sets(mentions_a, mentions_b, "keyword", text_a=text_a, text_b=text_b)
    assert looked_up[["term", "count_a", "count_b", "side"]].values.tolist() == [
        ["air defence", 1, 1, "shared"],
        ["drones", 0, 1, "only_b"],
    ]


def test_terms_match_ignoring_case() -> None:
    a = mentions_frame([("a", "keyword", "Defence Ministers", "", 0, 17, "Defence Ministers")])
    b = mentions_frame([("b", "keyword", "defence ministers", "", 0, 17, "defence ministers")])
    assert compare_sets(a, b, "keyword")["side"].tolist() == ["shared"]


def test_empty_sets() -> None:
    empty = mentions_frame([])
    sets = compare_sets(empty, empty, "entity")
    assert list(sets.columns) == SET_COLUMNS and sets.empty
    assert list(label_counts(sets).columns) == LABEL_COUNT_COLUMNS


def test_compare_documents_seeds(documents, mentions) -> None:
    a, b = _seed_from(documents, "000"), _seed_from(documents, "002")
    result = compare_documents(documents, mentions, a, b)
    summary = result.summary
    assert summary["similarity"] == 0.265438
    assert summary["counts"] == {"entity": {"shared": 5, "only_a": 4, "only_b": 2}}
    assert summary["a"]["n_documents"] == 1 and summary["a"]["date_min"] == "2024-10-17"
    assert summary["b"]["top_entities"][:3] == ["NATO", "Ukraine", "Mark Rutte"]
    assert summary["reuse_share"] == {"a": 0.0, "b": 0.0}
    assert set(result.keyness["kind"]) == {"word", "entity"}
    assert result.quotes.groupby("side")["speaker"].apply(set).to_dict() == {
        "a": {"Mark Rutte"},
        "b": {"Mark Rutte"},
    }
    money = result.quantities[result.quantities["kind"] == "money"]
    assert money[["side", "text"]].values.tolist() == [
        ["a", "40 billion euros"],
        ["a", "20.9 billion euros"],
        ["b", "40 billion euros"],
    ]
    payload = json.loads(result.to_json())
    assert payload["mode"] == "documents"
    assert payload["a"] == {"label": a, "doc_ids": [a]}
    assert payload["summary"]["similarity"] == 0.265438
    assert payload["quotes"][0]["speaker"] == "Mark Rutte"
    assert payload["quantities"][0]["value"] is None  # a date: no number
    assert set(result.tables()) == {
        "sets",
        "labels",
        "passages",
        "keyness",
        "quotes",
        "quantities",
    }


def test_compare_documents_unknown_id(documents, mentions) -> None:
    with pytest.raises(KeyError, match="nope"):
        compare_documents(documents, mentions, "nope", documents["doc_id"].iloc[0])


def test_compare_groups_seeds(documents, mentions) -> None:
    rutte = [_seed_from(documents, p) for p in ("000", "001", "002")]
    stoltenberg = [_seed_from(documents, p) for p in ("003", "004")]
    result = compare_groups(
        documents, mentions, rutte, stoltenberg, label_a="Rutte", label_b="Stoltenberg"
    )
    assert result.mode == "groups"
    assert result.summary["keyness_min_docs"] == 2
    assert result.summary["a"]["n_documents"] == 3
    assert (result.summary["b"]["date_min"], result.summary["b"]["date_max"]) == (
        "2023-10-11",
        "2024-11-27",
    )
    entities = result.keyness[result.keyness["kind"] == "entity"]
    assert entities[["item", "side"]].values.tolist()[:2] == [
        ["Mark Rutte", "a"],
        ["Jens Stoltenberg", "b"],
    ]
    # The range guard: Romania (two mentions, one document) is not key for the Rutte group.
    assert "Romania" not in entities["item"].tolist()
    json.loads(result.to_json())


def test_overlapping_groups_do_not_align_a_document_with_itself(texts) -> None:
    group_a = [("001", texts["001"]), ("002", texts["002"])]
    group_b = [("002", texts["002"]), ("004", texts["004"])]
    passages = align_passages(group_a, group_b)
    assert passages[["doc_a", "doc_b"]].values.tolist() == [["001", "002"], ["001", "002"]]


def test_compare_sides_picks_the_mode_and_keeps_the_labels(documents, mentions) -> None:
    first, third = _seed_from(documents, "000"), _seed_from(documents, "002")
    two = compare_sides(documents, mentions, [first], [third], label_a="Rutte 1", label_b="R 2")
    assert (two.mode, two.label_a, two.label_b) == ("documents", "Rutte 1", "R 2")
    assert two.summary == compare_documents(documents, mentions, first, third).summary
    one_against_two = compare_sides(
        documents, mentions, [first], [third, _seed_from(documents, "004")]
    )
    assert one_against_two.mode == "groups"
    # One article against a group: its items need one document, not the group guard of two.
    keyness = one_against_two.keyness
    assert keyness.loc[keyness["side"] == "a", "docs_a"].min() == 1
    with pytest.raises(ValueError, match="side B holds no document"):
        compare_sides(documents, mentions, [first], [])


def test_compare_empty_documents_without_mentions() -> None:
    documents = pd.DataFrame(
        {
            "doc_id": ["x", "y"],
            "title": "",
            "date": "",
            "date_source": "none",
            "source": "",
            "n_words": 0,
            "text": ["", ""],
        }
    )
    result = compare_documents(documents, mentions_frame([]), "x", "y")
    assert result.summary["similarity"] == 0.0
    assert result.summary["reuse_share"] == {"a": 0.0, "b": 0.0}
    assert result.summary["counts"] == {}
    assert all(table.empty for table in result.tables().values())
    assert json.loads(result.to_json())["sets"] == []


def test_a_sides_summary_counts_its_undated_and_sourceless_documents() -> None:
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "text": ["NATO met.", "NATO met again.", "Kyiv spoke.", "Rome replied."],
            "date": ["2023-02-14", "2023-02-15", "", ""],
            "source": ["NATO", "NATO", "", "Reuters"],
        }
    )
    result = compare_groups(documents, mentions_frame([]), ["a", "b", "c"], ["d"])
    a, b = result.summary["a"], result.summary["b"]
    assert (a["date_min"], a["date_max"], a["n_undated"]) == ("2023-02-14", "2023-02-15", 1)
    assert (a["sources"], a["n_no_source"]) == (["NATO"], 1)
    assert (b["date_min"], b["n_undated"], b["sources"], b["n_no_source"]) == (
        "",
        1,
        ["Reuters"],
        0,
    )
