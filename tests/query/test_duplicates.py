"""Near-duplicates: planted edited copies are clustered, unrelated articles are not."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.query.duplicates import (
    CLUSTER_COLUMNS,
    DIFFERENCE_COLUMNS,
    SUMMARY_COLUMNS,
    cluster_differences,
    cluster_summary,
    document_shingles,
    duplicate_clusters,
    jaccard,
    keep_once,
    lsh_params,
)

STORY = (
    "The central bank raised its main interest rate by a quarter point on Tuesday. "
    "Officials said inflation had stayed above the target for nine months. "
    "Markets had expected the move after a week of strong wage figures. "
    "The governor will speak to parliament on Thursday about the decision. "
    "Banks are expected to pass the increase on to borrowers within days."
)

OTHER_STORIES = [
    "Heavy rain flooded the northern valley and closed two roads overnight. Farmers moved "
    "cattle to higher ground while rescue teams checked villages along the river.",
    "The football club signed a young striker from the second division for an undisclosed "
    "fee. The coach praised his speed and said he would play on Saturday.",
    "A new museum of maritime history opened in the old harbour warehouse with ships' "
    "logs, maps and a restored fishing boat from the last century.",
    "Shr 22 cts vs 20 cts. Net 1,234,000 vs 1,100,000. Revs 12.3 mln vs 11.1 mln.",
    "Shr 41 cts vs 38 cts. Net 2,950,000 vs 2,700,000. Revs 30.2 mln vs 28.9 mln.",
]


def _documents(texts: list[str], dates: list[str] | None = None) -> pd.DataFrame:
    ids = [f"d{i}" for i in range(len(texts))]
    return pd.DataFrame(
        {
            "doc_id": ids,
            "title": [""] * len(texts),
            "date": dates or [""] * len(texts),
            "source": ["wire"] * len(texts),
            "text": texts,
        }
    )


@pytest.fixture
def planted() -> pd.DataFrame:
    """d0 the story, d3 a copy with one word changed, d5 with a sentence added (published a day
    earlier: it leads its cluster), d6 an exact copy; d1, d2, d4, d7-d9 unrelated."""
    edited = STORY.replace("Tuesday", "Wednesday")
    extended = STORY + " Analysts at two banks said another rise in the spring was likely."
    texts = [
        STORY,
        OTHER_STORIES[0],
        OTHER_STORIES[1],
        edited,
        OTHER_STORIES[2],
        extended,
        STORY,
        OTHER_STORIES[3],
        OTHER_STORIES[4],
        "Blah blah blah.",
    ]
    dates = ["2024-03-05"] * 5 + ["2024-03-04"] + ["2024-03-06"] * 4
    return _documents(texts, dates)


@pytest.mark.parametrize("method", ["exact", "minhash"])
def test_planted_copies_are_one_cluster_and_the_rest_none(planted, method) -> None:
    clusters = duplicate_clusters(planted, 0.8, method=method)
    assert list(clusters.columns) == CLUSTER_COLUMNS
    # d5 (published first) leads; the exact copy d6 is as similar to it as d0 is; d3 is 0.90
    # similar to d0 but only 0.7534 to d5: it joins through d0.
    assert clusters.values.tolist() == [
        [1, "d5", 1.0],
        [1, "d0", 0.8286],
        [1, "d6", 0.8286],
        [1, "d3", 0.7534],
    ]


def test_templated_earnings_notes_are_not_duplicates(planted) -> None:
    """Same template, different figures: numbers are words of the shingles."""
    clusters = duplicate_clusters(planted, 0.5, method="exact")
    assert not {"d7", "d8"} & set(clusters["doc_id"])


def test_keep_once_keeps_first_members_and_unclustered_in_corpus_order(planted) -> None:
    clusters = duplicate_clusters(planted, 0.8)
    assert keep_once(planted, clusters) == ["d1", "d2", "d4", "d5", "d7", "d8", "d9"]
    assert keep_once(planted, clusters.head(0)) == planted["doc_id"].tolist()


def test_summary_says_how_many_articles_a_cluster_folds(planted) -> None:
    summary = cluster_summary(duplicate_clusters(planted, 0.8), planted)
    assert list(summary.columns) == SUMMARY_COLUMNS
    row = summary.iloc[0]
    assert (row["cluster"], row["size"], row["folds"], row["first"]) == (1, 4, 3, "d5")
    assert (row["date_min"], row["date_max"], row["sources"]) == (
        "2024-03-04",
        "2024-03-06",
        "wire",
    )


def test_differences_are_the_sentences_only_some_members_have(planted) -> None:
    clusters = duplicate_clusters(planted, 0.8)
    differences = cluster_differences(planted, clusters, 1)
    assert list(differences.columns) == DIFFERENCE_COLUMNS
    rows = differences[["doc_id", "sentence", "members_with", "size"]].values.tolist()
    assert rows == [
        ["d5", STORY.split(". ")[0] + ".", 3, 4],
        ["d5", "Analysts at two banks said another rise in the spring was likely.", 1, 4],
        ["d0", STORY.split(". ")[0] + ".", 3, 4],
        ["d6", STORY.split(". ")[0] + ".", 3, 4],
        ["d3", STORY.split(". ")[0].replace("Tuesday", "Wednesday") + ".", 1, 4],
    ]
    text = planted.set_index("doc_id").loc["d3", "text"]
    start, end = differences.iloc[-1][["start", "end"]]
    assert text[start:end].endswith("Wednesday.")


def test_exact_copies_have_no_differences() -> None:
    documents = _documents([STORY, STORY])
    clusters = duplicate_clusters(documents)
    assert clusters["similarity_to_first"].tolist() == [1.0, 1.0]
    assert cluster_differences(documents, clusters).empty


@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["", ""],
        ["one", "one"],  # shorter than a shingle: the whole text is one
        ["Blah blah blah.", "Blah blah blah."],
    ],
)
def test_awkward_inputs(texts) -> None:
    clusters = duplicate_clusters(_documents(texts))
    assert list(clusters.columns) == CLUSTER_COLUMNS
    assert len(clusters) == (2 if texts and texts[0] else 0)


def test_title_separates_short_notices_of_different_companies() -> None:
    documents = _documents(
        [
            "Qtly div 10 cts vs 10 cts prior. Pay April 1.",
            "Qtly div 10 cts vs 10 cts prior. Pay April 1.",
        ]
    )
    documents["title"] = ["ACME CORP SETS DIVIDEND", "GLOBEX INC SETS DIVIDEND"]
    assert duplicate_clusters(documents).empty


def test_threshold_is_checked() -> None:
    with pytest.raises(ValueError, match="threshold"):
        duplicate_clusters(_documents([STORY]), 0)


@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
def test_lsh_parameters_reach_the_recall_target(threshold) -> None:
    bands, rows = lsh_params(threshold)
    assert bands * rows <= 64
    if threshold >= 0.6:
        assert 1 - (1 - threshold**rows) ** bands >= 0.99


_WORDS = st.sampled_from("alpha beta gamma delta rate bank rain club museum harbour".split())


@settings(max_examples=40, deadline=None)
@given(
    base=st.lists(st.lists(_WORDS, min_size=3, max_size=30), min_size=1, max_size=5),
    edits=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 29), _WORDS), max_size=6),
)
def test_minhash_finds_the_clusters_every_pair_comparison_finds(base, edits) -> None:
    """The fast path against the plain reference: with LSH tuned for 99% recall, small corpora
    of edited copies give the same clusters as comparing every pair."""
    texts = [" ".join(words) for words in base]
    for index, position, word in edits:
        words = base[index % len(base)].copy()
        words[position % len(words)] = word
        texts.append(" ".join(words))
    documents = _documents(texts)
    exact = duplicate_clusters(documents, 0.8, method="exact")
    fast = duplicate_clusters(documents, 0.8, method="minhash")
    # LSH may miss a pair (1% at the threshold); it never invents one.
    assert set(fast["doc_id"]) <= set(exact["doc_id"])
    assert len(fast) >= len(exact) - 2


def test_shingle_codes_agree_with_jaccard_of_word_triples() -> None:
    documents = _documents(["a b c d e", "a b c d f", "x"])
    shingles = document_shingles(documents)
    assert [len(codes) for codes in shingles.codes] == [3, 3, 1]
    assert jaccard(shingles.codes[0], shingles.codes[1]) == pytest.approx(2 / 4)
