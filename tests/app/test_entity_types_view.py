"""A change of entity types is answered from tables cached for every type (issue 19's speed):
the Entities tab's counts, per-article table and network are those the filtered mentions give."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import analyze, load_corpus
from analysis.core.counting import count_terms
from analysis.extract.keywords import KeywordSettings
from analysis.present import charts
from analysis.query.filters import Filters, filter_documents, filter_mentions
from app.sections.counting import term_counts
from app.sections.entities import entity_table, network_figure
from app.selection import AnalysisKey, build_view, with_tracked
from tests.conftest import SEEDS

TYPE_CHOICES = [(), ("PERSON",), ("GPE", "ORG"), ("LOC",), ("NORP", "PERSON"), ("MISC",)]


@pytest.fixture(scope="module")
def seeds():
    return analyze(load_corpus(SEEDS))


@pytest.fixture(scope="module")
def mentions(seeds) -> pd.DataFrame:
    return with_tracked(seeds.mentions)  # categorical, as the app keeps them


@pytest.mark.parametrize("types", TYPE_CHOICES)
@pytest.mark.parametrize("min_count", [1, 2])
def test_the_entities_tab_from_cached_tables_equals_the_direct_reading(
    seeds, mentions, types, min_count
):
    f = Filters(entity_types=types, min_count=min_count)
    key = AnalysisKey(f"seeds-types-{min_count}", KeywordSettings(), "", "rules")
    view = build_view(seeds, f, mentions=mentions, key=key).for_counts()
    documents = filter_documents(seeds.documents, f)
    direct = filter_mentions(mentions, seeds.documents, f)
    assert view.mentions.equals(direct)

    pd.testing.assert_frame_equal(term_counts(view), count_terms(direct, documents))

    entity_mentions = direct[direct["kind"] == "entity"]
    kept = entity_mentions[["term", "label"]].drop_duplicates().astype(str)
    table = seeds.entities.merge(kept.rename(columns={"term": "entity"}), on=["entity", "label"])
    pd.testing.assert_frame_equal(entity_table(view), table)

    expected = charts.cooccurrence_network(
        entity_mentions, seeds.sentences, title="Entities named in the same sentence"
    )
    assert network_figure(view).to_json() == expected.to_json()


def test_the_view_filters_its_mentions_once_and_shares_them(seeds, mentions):
    key = AnalysisKey("seeds-shared", KeywordSettings(), "", "rules")
    view = build_view(seeds, Filters(entity_types=("PERSON",)), mentions=mentions, key=key)
    assert view.mentions is view.mentions
    assert view.for_counts().mentions is view.mentions  # for_counts keeps the same mentions
    assert view.all_types().mentions is view.unlabelled
    assert set(view.mentions.loc[view.mentions["kind"] == "entity", "label"]) == {"PERSON"}


@pytest.mark.parametrize("types", TYPE_CHOICES)
def test_the_mentions_are_counted_without_being_filtered(seeds, mentions, types):
    key = AnalysisKey("seeds-count", KeywordSettings(), "", "rules")
    view = build_view(seeds, Filters(entity_types=types), mentions=mentions, key=key)
    counted = view.n_mentions  # before anything made the filtered table
    assert counted == len(filter_mentions(mentions, seeds.documents, view.filters))
    assert counted == len(view.mentions) == view.n_mentions
