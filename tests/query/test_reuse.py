"""Text reuse: one-to-one alignment of sentences by the Dice coefficient of word bigrams."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.present.compare_spans import passage_spans
from analysis.query.reuse import PASSAGE_COLUMNS, align_passages, reuse_share, shared_passages


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
    # Words in reused sentences, of the words in sentences long enough to compare: A's 4-word
    # "The weather was fine." is not compared, so all of A's compared text is reused.
    assert shares == {"a": 1.0, "b": round(23 / 35, 4)}


def test_a_text_and_its_exact_copy_share_all_their_compared_words(texts) -> None:
    text = texts["000"]
    assert reuse_share(shared_passages(text, text), text, text) == {"a": 1.0, "b": 1.0}


def test_align_passages_across_groups_names_the_documents() -> None:
    sentence = "The Kremlin said the talks would continue in Istanbul next week."
    passages = align_passages(
        [("k1", "Hello there. " + sentence), ("k2", "Nothing to see here at all today.")],
        [("u1", "Other words entirely, and more of them."), ("u2", sentence)],
    )
    assert passages[["doc_a", "start_a", "doc_b", "start_b"]].values.tolist() == [
        ["k1", 13, "u2", 0]
    ]
    share = reuse_share(
        passages,
        {"k1": "Hello there. " + sentence, "k2": "Nothing to see here at all today."},
        {"u2": sentence},
    )
    assert share == {"a": round(11 / 18, 4), "b": 1.0}  # "Hello there." is too short to compare


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_shared_passages_of_any_text(a: str, b: str) -> None:
    passages = shared_passages(a, b)
    for row in passages.itertuples(index=False):
        assert a[row.start_a : row.end_a] == row.text_a
        assert b[row.start_b : row.end_b] == row.text_b
    shares = reuse_share(passages, a, b)
    assert 0.0 <= shares["a"] <= 1.0 and 0.0 <= shares["b"] <= 1.0
