"""Side-by-side comparison: similarity, shared/unique sets, reused passages, the one-call result."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.schema import mentions_frame
from analysis.extract.terms import find_phrase
from analysis.present.compare_spans import comparison_spans, mark_reused, passage_spans
from analysis.query.compare import (
    LABEL_COUNT_COLUMNS,
    SET_COLUMNS,
    compare_documents,
    compare_groups,
    compare_sets,
    compare_sides,
    label_counts,
)
from analysis.query.reuse import PASSAGE_COLUMNS, align_passages, reuse_share, shared_passages
from analysis.query.selection import select_documents
from analysis.query.similarity import idf_weights, similarity

#: A careful reader's entities of four seeds: canonical name, label, surface forms.
SEED_ENTITIES = {
    "Mark Rutte": ("PERSON", ["Mark Rutte", "Mr Rutte", "Rutte"]),
    "Volodymyr Zelenskyy": ("PERSON", ["Volodymyr Zelenskyy", "President Zelenskyy"]),
    "Jens Stoltenberg": ("PERSON", ["Jens Stoltenberg", "Stoltenberg"]),
    "Lloyd Austin": ("PERSON", ["Lloyd Austin", "Secretary Austin"]),
    "NATO": ("ORG", ["NATO"]),
    "European Union": ("ORG", ["European Union"]),
    "Ukraine": ("GPE", ["Ukraine"]),
    "Australia": ("GPE", ["Australia"]),
    "Japan": ("GPE", ["Japan"]),
    "Wiesbaden": ("GPE", ["Wiesbaden"]),
    "Germany": ("GPE", ["Germany"]),
    "Romania": ("GPE", ["Romania"]),
    "Iraq": ("GPE", ["Iraq"]),
    "Finland": ("GPE", ["Finland"]),
    "Brussels": ("GPE", ["Brussels"]),
}


def _seed(seed_corpus, prefix: str) -> str:
    return seed_corpus.documents.loc[
        seed_corpus.documents["doc_id"].str.startswith(prefix), "doc_id"
    ].iloc[0]


@pytest.fixture(scope="module")
def documents(seed_corpus) -> pd.DataFrame:
    return seed_corpus.documents


@pytest.fixture(scope="module")
def texts(documents) -> dict[str, str]:
    return dict(zip(documents["doc_id"].str[:3], documents["text"], strict=True))


@pytest.fixture(scope="module")
def mentions(documents) -> pd.DataFrame:
    """Entity mentions of the seeds from :data:`SEED_ENTITIES`, longest surface first."""
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        taken: list[tuple[int, int]] = []
        for canonical, (label, forms) in SEED_ENTITIES.items():
            for form in forms:
                for start, end in find_phrase(text, form, plurals=False):
                    if not any(start < e and end > s for s, e in taken):
                        taken.append((start, end))
                        rows.append(
                            (doc_id, "entity", canonical, label, start, end, text[start:end])
                        )
    return mentions_frame(rows)


# --- similarity ---------------------------------------------------------------------------


def test_same_meeting_scores_clearly_more_similar(texts) -> None:
    same_meeting = similarity(texts["000"], texts["002"])
    other_meeting = similarity(texts["000"], texts["004"])
    assert (same_meeting, other_meeting) == (0.265438, 0.143852)
    assert same_meeting > 1.8 * other_meeting


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("Air defence for Ukraine", "air defence for Ukraine!", 1.0),
        ("Air defence for Ukraine", "Fiscal policy in Japan", 0.0),
        ("", "Anything at all", 0.0),
        ("the of and", "the of and", 0.0),  # stop words only: nothing to compare
    ],
)
def test_similarity_bounds(a: str, b: str, score: float) -> None:
    assert similarity(a, b) == score


def test_similarity_with_corpus_weights_and_groups(texts) -> None:
    weights = idf_weights(texts.values())
    assert similarity(texts["000"], texts["002"], idf=weights) == 0.216776
    assert similarity([texts["000"], texts["001"]], [texts["002"]]) == 0.303677


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(similarity(b, a))


# --- shared and unique sets ------------------------------------------------------------------


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


def test_comparison_spans_classes_and_overlaps() -> None:
    text = "NATO Defence Ministers met in Brussels."
    mentions = mentions_frame(
        [
            ("a", "entity", "NATO", "ORG", 0, 4, "NATO"),
            ("a", "keyword", "NATO Defence Ministers", "", 0, 22, "NATO Defence Ministers"),
            ("a", "entity", "Brussels", "GPE", 30, 38, "Brussels"),
        ]
    )
    other = mentions_frame([("b", "entity", "NATO", "ORG", 0, 4, "NATO")])
    sets = pd.concat(
        [compare_sets(mentions, other, "entity"), compare_sets(mentions, other, "keyword")]
    )
    spans = comparison_spans(text, mentions, sets, side="a")
    assert spans == [
        (0, 22, "only-a", "NATO Defence Ministers, keyword: A 1, B 0"),  # longer span wins
        (30, 38, "only-a", "Brussels (GPE), entity: A 1, B 0"),
    ]
    assert comparison_spans("NATO met.", other, sets, side="b") == [
        (0, 4, "shared", "NATO (ORG), entity: A 1, B 1")
    ]
    with pytest.raises(ValueError, match="side"):
        comparison_spans(text, mentions, sets, side="c")


def test_comparison_spans_find_keywords_the_text_has_without_a_mention() -> None:
    text_a, text_b = "More air defence.", "Air defence and drones."
    mentions_a = mentions_frame([("a", "keyword", "air defence", "", 5, 16, "air defence")])
    mentions_b = mentions_frame([])
    sets = compare_sets(mentions_a, mentions_b, "keyword", text_a=text_a, text_b=text_b)
    assert comparison_spans(text_b, mentions_b, sets, side="b") == [
        (0, 11, "shared", "air defence, keyword: A 1, B 1")
    ]


def test_mark_reused_keeps_the_terms_inside_a_reused_sentence() -> None:
    text = "NATO met. Ministers of NATO met Ukraine today. Bye."
    spans = [
        (0, 4, "shared", "NATO"),
        (23, 27, "shared", "NATO"),
        (32, 39, "only-a", "Ukraine"),
    ]
    reused = [(10, 46, "reused", "near match (0.80) with b")]
    assert text[10:46] == "Ministers of NATO met Ukraine today."
    assert mark_reused(spans, reused) == [
        (0, 4, "shared", "NATO"),  # outside: unchanged
        (10, 23, "reused", "near match (0.80) with b"),
        (23, 27, "shared reused", "NATO; near match (0.80) with b"),
        (27, 32, "reused", "near match (0.80) with b"),
        (32, 39, "only-a reused", "Ukraine; near match (0.80) with b"),
        (39, 46, "reused", "near match (0.80) with b"),
    ]
    assert mark_reused(spans, []) == spans
    assert mark_reused([], reused) == reused


# --- shared passages -------------------------------------------------------------------------


def test_seed_shared_passages_between_the_two_reports_of_one_press_conference(texts) -> None:
    passages = shared_passages(texts["001"], texts["002"], doc_a="001", doc_b="002")
    assert list(passages.columns) == PASSAGE_COLUMNS
    assert passages[
        ["start_a", "end_a", "start_b", "end_b", "similarity", "match"]
    ].values.tolist() == [
        [568, 743, 545, 706, 0.5778, "near"],
        [1291, 1523, 2398, 2607, 0.6575, "near"],
    ]
    assert passages["text_a"].iloc[1].startswith("Mr Rutte indicated that work is well on track")
    assert passages["text_b"].iloc[1].startswith("The Secretary General noted that work is well")
    assert reuse_share(passages, texts["001"], texts["002"]) == {"a": 0.1859, "b": 0.1326}
    assert passage_spans(passages, side="b") == [
        (545, 706, "reused", "near match (0.58) with 001"),
        (2398, 2607, "reused", "near match (0.66) with 001"),
    ]


def test_seeds_of_different_meetings_share_no_passage(texts) -> None:
    assert shared_passages(texts["000"], texts["004"]).empty
    assert reuse_share(shared_passages(texts["000"], texts["004"]), texts["000"], texts["004"]) == {
        "a": 0.0,
        "b": 0.0,
    }


def test_exact_and_lightly_edited_sentences_align_one_to_one() -> None:
    text_a = (
        "Ministers agreed to send more air defence systems to Ukraine this winter. "
        "The weather was fine. "
        "Allies will deliver forty billion euros in security assistance next year."
    )
    text_b = (
        "Allies will deliver forty billion euros of security assistance next year. "
        "Ministers agreed to send more air defence systems to Ukraine this winter. "
        "Ministers agreed to send more air defence systems to Ukraine this winter."
    )
    passages = shared_passages(text_a, text_b)
    assert passages[["start_a", "start_b", "match"]].values.tolist() == [
        [0, 74, "exact"],
        [96, 0, "near"],
    ]
    assert passages["similarity"].tolist() == [1.0, 0.8]  # 8 of 10 bigrams shared
    shares = reuse_share(passages, text_a, text_b)
    assert shares == {"a": round(23 / 27, 4), "b": round(23 / 35, 4)}  # words in reused sentences


def test_align_passages_across_groups_names_the_documents() -> None:
    sentence = "The Kremlin said the talks would continue in Istanbul next week."
    passages = align_passages(
        [("k1", "Hello there. " + sentence), ("k2", "Nothing to see here at all today.")],
        [("u1", "Other words entirely, and more of them."), ("u2", sentence)],
    )
    assert passages[["doc_a", "start_a", "doc_b", "start_b"]].values.tolist() == [
        ["k1", 13, "u2", 0]
    ]
    share = reuse_share(passages, {"k1": "Hello there. " + sentence, "k2": "x y"}, {"u2": sentence})
    assert share == {"a": round(11 / 15, 4), "b": 1.0}


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_shared_passages_of_any_text(a: str, b: str) -> None:
    passages = shared_passages(a, b)
    for row in passages.itertuples(index=False):
        assert a[row.start_a : row.end_a] == row.text_a
        assert b[row.start_b : row.end_b] == row.text_b
    shares = reuse_share(passages, a, b)
    assert 0.0 <= shares["a"] <= 1.0 and 0.0 <= shares["b"] <= 1.0


# --- choosing sides and the one-call result --------------------------------------------------


def test_select_documents(documents) -> None:
    ids = documents["doc_id"].tolist()
    assert select_documents(documents, ids[2]) == [ids[2]]
    assert select_documents(documents, "source=nato") == [ids[1]]
    assert select_documents(documents, "from=2024-10-17, to=2024-10-18") == ids[:3]
    assert select_documents(documents, "from=2024-01-01,ids=" + ids[0] + "|" + ids[4]) == [
        ids[0],
        ids[4],
    ]
    assert select_documents(documents, "to=2020-01-01") == []
    with pytest.raises(ValueError, match="cannot read 'colour=red'"):
        select_documents(documents, "colour=red")


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
