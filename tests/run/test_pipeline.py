import pandas as pd
import pytest

from analysis import analyze, load_corpus
from analysis.core.schema import (
    ENTITY_COLUMNS,
    FREQUENCY_COLUMNS,
    KEYWORD_COLUMNS,
    MENTION_COLUMNS,
)
from tests.conftest import SEED_IDS


def test_tables_have_the_contract_columns(seed_analysis):
    assert list(seed_analysis.mentions.columns) == MENTION_COLUMNS
    assert list(seed_analysis.keywords.columns) == KEYWORD_COLUMNS
    assert list(seed_analysis.entities.columns) == ENTITY_COLUMNS
    assert list(seed_analysis.frequencies.columns) == FREQUENCY_COLUMNS


def test_every_mention_points_at_its_surface(seed_analysis):
    texts = seed_analysis.documents.set_index("doc_id")["text"]
    mentions = seed_analysis.mentions
    assert not mentions.empty
    surfaces = [
        texts[d][s:e] for d, s, e in mentions[["doc_id", "start", "end"]].itertuples(index=False)
    ]
    assert surfaces == mentions["surface"].tolist()


def test_every_seed_has_all_three_kinds(seed_analysis):
    kinds = seed_analysis.mentions.groupby("doc_id")["kind"].unique().map(sorted)
    assert kinds.to_dict() == {doc_id: ["entity", "keyword", "term"] for doc_id in SEED_IDS}


def test_user_terms_are_counted_per_document(seed_analysis):
    freq = seed_analysis.frequencies
    ukraine = freq[(freq["kind"] == "term") & (freq["term"] == "Ukraine")].set_index("doc_id")
    texts = seed_analysis.documents.set_index("doc_id")["text"]
    # "Ukraine" as a whole word, including "Ukraine's" but not "Ukrainian".
    expected = {d: len(pd.Series([t]).str.findall(r"(?i)\bUkraine\b")[0]) for d, t in texts.items()}
    assert ukraine["count"].to_dict() == expected
    euros = freq[(freq["term"] == "billion euros")].set_index("doc_id")["count"].to_dict()
    assert euros == {
        "000_e40460accf1b4fc2": 2,
        "001_b25c6842de4ecec4": 2,
        "002_292ca219b9857f86": 1,
    }


def test_keyword_counts_agree_with_keyword_mentions(seed_analysis):
    mentions = seed_analysis.mentions[seed_analysis.mentions["kind"] == "keyword"]
    counted = mentions.groupby(["doc_id", "term"]).size()
    table = seed_analysis.keywords.set_index(["doc_id", "keyword"])["count"]
    assert table[table > 0].sort_index().to_dict() == counted.sort_index().to_dict()


def test_frequencies_are_group_bys_of_mentions(seed_analysis):
    total = seed_analysis.frequencies["count"].sum()
    assert total == len(seed_analysis.mentions)
    per_date = seed_analysis.date_frequencies()
    assert per_date["count"].sum() == total  # every seed is dated
    assert sorted(per_date["date"].unique()) == [
        "2023-10-11",
        "2024-10-17",
        "2024-10-18",
        "2024-11-27",
    ]


def test_entities_table_counts_entity_mentions(seed_analysis):
    entities = seed_analysis.entities
    assert entities["count"].sum() == (seed_analysis.mentions["kind"] == "entity").sum()
    rutte = entities[
        (entities["doc_id"] == "000_e40460accf1b4fc2") & (entities["entity"] == "Mark Rutte")
    ]
    assert rutte["label"].tolist() == ["PERSON"]


def test_analysis_of_an_empty_corpus_is_empty_not_an_error(tmp_path):
    (tmp_path / "empty.txt").write_text("", "utf-8")
    result = analyze(load_corpus(tmp_path))
    assert result.mentions.empty and result.frequencies.empty
    assert result.problems.to_dict("records") == [
        {"path": "empty.txt", "reason": "empty file (0 bytes)"}
    ]


def test_progress_is_reported_from_zero_to_one(seed_corpus):
    seen = []
    analyze(seed_corpus, progress=lambda fraction, message: seen.append(fraction))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


@pytest.mark.parametrize("terms", [[], ["", "  "]])
def test_no_terms_means_no_term_mentions(seed_corpus, terms):
    result = analyze(seed_corpus, terms=terms)
    assert "term" not in set(result.mentions["kind"])


def test_a_cached_reanalysis_gives_the_same_tables(seed_corpus, seed_analysis, tmp_path):
    terms = ["air defence", "Ukraine", "billion euros"]
    analyze(seed_corpus, terms=terms, cache_dir=tmp_path)
    messages = []
    again = analyze(
        seed_corpus, terms=terms, cache_dir=tmp_path, progress=lambda f, m: messages.append((f, m))
    )
    assert messages == [(0.0, "Checking the cache"), (1.0, "Done (from the cache)")]
    for name in ("mentions", "keywords", "entities", "frequencies", "sentences"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(seed_analysis, name))
    assert again.terms == seed_analysis.terms


def test_new_terms_on_a_cached_corpus_only_count_them(seed_corpus, seed_analysis, tmp_path):
    """After an analysis without terms, adding terms reads the cached tables and matches the
    terms: the same tables as analysing with the terms from scratch, without the entity and
    keyword steps."""
    bare = analyze(seed_corpus, cache_dir=tmp_path)
    assert "term" not in set(bare.mentions["kind"])
    messages = []
    with_terms = analyze(
        seed_corpus,
        terms=["air defence", "Ukraine", "billion euros"],
        cache_dir=tmp_path,
        progress=lambda f, m: messages.append(m),
    )
    assert messages == ["Checking the cache", "Counting the terms", "Done"]
    for name in ("mentions", "keywords", "entities", "frequencies", "sentences"):
        pd.testing.assert_frame_equal(getattr(with_terms, name), getattr(seed_analysis, name))
    # and the terms' own tables are cached in turn; the bare ones still answer without terms
    again = analyze(seed_corpus, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(again.mentions, bare.mentions)
