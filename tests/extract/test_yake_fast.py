"""The vectorised YAKE scorer agrees with the ``yake`` package: scores and their order.

Its sentences and tokens are tested in ``tests/test_yake_tokens.py``."""

import math

import numpy as np
import pytest
import yake
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.extract.keywords import KeywordSettings, extraction_text, yake_candidates
from analysis.extract.yake_fast import (
    Ranking,
    _sorted_distinct,
    fast_candidates,
    rank_candidates,
)


def _as_dict(ranking) -> dict[str, float]:
    return dict(ranking)


def test_scores_equal_yakes_on_every_seed(seed_corpus):
    texts = [extraction_text(text) for text in seed_corpus.documents["text"]]
    rankings = rank_candidates(texts)
    for text, ranking in zip(texts, rankings, strict=True):
        expected = _as_dict(yake_candidates(text))
        got = _as_dict(ranking)
        assert got.keys() == expected.keys()
        assert all(math.isclose(got[p], expected[p], rel_tol=1e-12) for p in expected)
        scores = [score for _, score in ranking]
        assert scores == sorted(scores)


def test_the_best_seed_candidates_in_yakes_order(seed_corpus):
    text = extraction_text(seed_corpus.documents["text"].iloc[0])
    assert [phrase for phrase, _ in fast_candidates(text)[:5]] == [
        "nato defence ministers",
        "defence ministers meeting",
        "defence ministers",
        "ministers meeting opens",
        "nato defence",
    ]
    assert [phrase for phrase, _ in yake_candidates(text)[:20]] == [
        phrase for phrase, _ in fast_candidates(text)[:20]
    ]


@pytest.mark.parametrize("max_ngram", [1, 2, 4])
def test_other_ngram_lengths_and_stop_words_agree(seed_corpus, max_ngram):
    settings = KeywordSettings(max_ngram=max_ngram, stopwords=("nato", "defence"))
    text = extraction_text(seed_corpus.documents["text"].iloc[1])
    expected = _as_dict(yake_candidates(text, settings))
    got = _as_dict(fast_candidates(text, settings))
    assert got.keys() == expected.keys()
    assert all(math.isclose(got[p], expected[p], rel_tol=1e-12) for p in expected)
    assert max(len(p.split()) for p in got) == max_ngram
    assert not any(p.split()[0] in {"nato", "defence"} for p in got)


def test_a_stop_word_inside_a_phrase_is_weighted_like_yake():
    text = (
        "The Ministry of Defence said the Ministry of Defence will act. "
        "Officials of the Ministry of Defence agreed. The ministry spoke."
    )
    expected = dict(yake.KeywordExtractor(n=3, dedup_lim=1.0, top=1000).extract_keywords(text))
    got = _as_dict(fast_candidates(text))
    assert "ministry of defence" in got
    assert math.isclose(got["ministry of defence"], expected["ministry of defence"], rel_tol=1e-12)


@pytest.mark.parametrize("text", ["", "   ", "...", "1 2 3 4", "a an the of", "!!! ???"])
def test_texts_without_candidates_rank_nothing(text):
    assert fast_candidates(text) == []
    assert yake_candidates(text) == []


def test_a_batch_keeps_each_texts_ranking_apart():
    texts = ["Kyiv welcomed the Kyiv summit.", "", "Brussels hosted NATO ministers in Brussels."]
    batch = rank_candidates(texts)
    assert [len(r) for r in batch] == [len(fast_candidates(t)) for t in texts]
    assert [list(r) for r in batch] == [fast_candidates(t) for t in texts]
    assert "kyiv" in _as_dict(batch[0]) and "kyiv" not in _as_dict(batch[2])


def test_a_ranking_is_a_lazy_sequence():
    ranking = rank_candidates(["Kyiv welcomed the Kyiv summit. The summit ended in Kyiv."])[0]
    assert isinstance(ranking, Ranking)
    items = list(ranking)
    assert ranking[0] == items[0] and ranking[-1] == items[-1]
    assert ranking[1:3] == items[1:3]
    with pytest.raises(IndexError):
        ranking[len(items)]
    # The same candidates as word tuples: what splitting each phrase gives.
    tuples = list(ranking.word_tuples())
    assert tuples == [(tuple(phrase.split()), score) for phrase, score in items]
    assert ("kyiv", "summit") in [words for words, _ in tuples]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_any_text_ranks_without_error(texts):
    for text, ranking in zip(texts, rank_candidates(texts), strict=True):
        scores = [score for _, score in ranking]
        assert all(math.isfinite(score) for score in scores)
        assert scores == sorted(scores)
        lowered = " ".join(text.lower().split())
        for phrase, _ in ranking:
            assert phrase == phrase.lower() and phrase.split()[0] in lowered


@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=200))
def test_sorted_distinct_is_numpys_unique(values):
    array = np.asarray(values, dtype=np.int64)
    assert _sorted_distinct(array).tolist() == np.unique(array).tolist()
