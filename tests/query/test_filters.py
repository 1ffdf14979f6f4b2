"""Filters, search and the group-bys behind every chart, on a small hand-written corpus."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.core.counting import count_terms, counts_by_date, counts_by_doc
from analysis.core.schema import MENTION_COLUMNS, mentions_frame
from analysis.query.filters import (
    Filters,
    drop_keyword_echoes,
    filter_documents,
    filter_mentions,
    filter_quotes,
    keep_entity_types,
    tracked_mentions,
)
from analysis.query.locate import assign_sentences, mentions_at
from tests.query.small_corpus import (
    DOCUMENTS,
    MENTIONS,
    SENTENCES,
    as_records,
)


def test_filters_normalise_what_widgets_hand_over_and_hash():
    f = Filters(
        date_from=dt.date(2024, 10, 1),
        sources=["nato", "ap", "nato"],
        focus=["Rutte", "NATO", "Rutte"],
        min_count=0,
        search="  drones ",
    )
    assert f.date_from == "2024-10-01"
    assert f.sources == ("ap", "nato")  # sorted: the same selection hashes the same
    assert f.focus == ("Rutte", "NATO")  # order kept: it is the timeline's order
    assert f.min_count == 1
    assert f.search == "drones"
    assert hash(f) == hash(
        Filters(
            date_from="2024-10-01", sources=("nato", "ap"), focus=("Rutte", "NATO"), search="drones"
        )
    )
    assert Filters(sources="nato").sources == ("nato",)  # a lone string is one value


@pytest.mark.parametrize(
    "kwargs",
    [{"date_from": "2024-13-01"}, {"date_to": "17/10/2024"}, {"period": "fortnight"}],
)
def test_filters_refuse_malformed_values(kwargs):
    with pytest.raises(ValueError):
        Filters(**kwargs)


def test_to_params_writes_only_what_differs_from_the_default():
    f = Filters(
        date_from="2024-10-17",
        sources=("nato",),
        min_count=3,
        per_1k=True,
        search="air defence",
        focus=("NATO", "Rutte"),
    )
    assert f.to_params() == {
        "from": "2024-10-17",
        "source": ["nato"],
        "min": "3",
        "per1k": "1",
        "focus": ["NATO", "Rutte"],
        "q": "air defence",
    }
    assert Filters().to_params() == {}
    assert Filters.from_params(f.to_params()) == f


def test_from_params_ignores_malformed_and_unknown_values():
    params = {
        "from": "yesterday",
        "to": ["2024-10-01", "2024-10-31"],
        "min": "-2",
        "period": "century",
        "per1k": "true",
        "kind": "entity",
        "junk": "1",
        "q_re": "0",
    }
    assert Filters.from_params(params) == Filters(
        date_to="2024-10-31", per_1k=True, kinds=("entity",)
    )


def test_to_dict_is_json_ready():
    f = Filters(sources=("nato",), terms=("air defence",))
    data = json.loads(json.dumps(f.to_dict()))
    assert data["sources"] == ["nato"]
    assert data["terms"] == ["air defence"]
    assert data["min_count"] == 1
    assert Filters(**{key: tuple(v) if isinstance(v, list) else v for key, v in data.items()}) == f


_names = st.lists(st.text(max_size=8), max_size=3)


_dates = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))


@given(
    date_from=_dates,
    sources=_names,
    doc_ids=_names,
    kinds=_names,
    focus=_names,
    min_count=st.integers(1, 1000),
    per_1k=st.booleans(),
    period=st.sampled_from(["day", "week", "month", "year"]),
    search=st.text(max_size=20),
    search_regex=st.booleans(),
)
def test_params_round_trip(**kwargs):
    f = Filters(**kwargs)
    assert Filters.from_params(f.to_params()) == f


@pytest.mark.parametrize(
    ("f", "kept"),
    [
        (Filters(), ["a", "b", "c", "d"]),  # no range: undated "c" stays
        (Filters(date_from="2024-01-01"), ["a", "b"]),  # a range drops undated "c"
        (Filters(date_to="2024-10-17"), ["a", "d"]),
        (Filters(date_from="2024-10-17", date_to="2024-10-17"), ["a"]),
        (Filters(sources=("nato", "blog")), ["a", "b", "c"]),
        (Filters(doc_ids=("b", "d")), ["b", "d"]),
        (Filters(search="brussels"), ["a", "d"]),
        (Filters(search="KYIV"), ["b"]),  # title "Help for Kyiv" and text
        (Filters(search="onerror"), ["d"]),  # titles are searched too
        (Filters(search=r"rutte\s+(said|visited)", search_regex=True), ["a", "b"]),
        (Filters(search="(unclosed", search_regex=True), []),
        (Filters(search="(unclosed"), []),  # plain text: no match, but no error
        (Filters(sources=("nato",), search="Brussels"), ["a"]),
    ],
)
def test_filter_documents(f, kept):
    assert filter_documents(DOCUMENTS, f)["doc_id"].tolist() == kept


def test_filter_documents_without_any_date_column_values():
    documents = DOCUMENTS.assign(date=[None, "2024-10-18", float("nan"), ""])
    assert filter_documents(documents, Filters())["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert filter_documents(documents, Filters(date_to="2030-01-01"))["doc_id"].tolist() == ["b"]


def test_filter_mentions_by_kind_type_and_document():
    f = Filters(kinds=("entity",), entity_types=("PERSON",))
    assert as_records(filter_mentions(MENTIONS, DOCUMENTS, f), ["doc_id", "term"]) == [
        ("a", "Rutte"),
        ("b", "Rutte"),
        ("d", "Stoltenberg"),
    ]
    # Entity types leave keywords and terms alone.
    f = Filters(entity_types=("PERSON",), doc_ids=("a",))
    assert as_records(filter_mentions(MENTIONS, DOCUMENTS, f), ["term"]) == [
        ("ministers",),
        ("Rutte",),
        ("air defence",),
    ]


def test_filter_mentions_min_count_counts_what_is_left():
    f = Filters(min_count=3)
    assert sorted(set(filter_mentions(MENTIONS, DOCUMENTS, f)["term"])) == ["NATO", "Ukraine"]
    # Within 2024 only, NATO has 3 mentions and Ukraine 2.
    f = Filters(min_count=3, date_from="2024-01-01")
    kept = filter_mentions(MENTIONS, DOCUMENTS, f)
    assert kept["term"].tolist() == ["NATO", "NATO", "NATO"]
    assert list(kept.columns) == MENTION_COLUMNS


@pytest.mark.parametrize(
    "f",
    [
        Filters(entity_types=("PERSON",)),
        Filters(entity_types=("GPE", "ORG"), min_count=2),
        Filters(entity_types=("ORG",), min_count=3, date_from="2024-01-01"),
        Filters(entity_types=("LOC",)),
    ],
)
def test_entity_types_can_be_applied_last_to_mentions_and_to_counts(f):
    """The type filter drops whole (kind, term, label) groups: applied after every other filter,
    or to the counts over every type, it gives what filtering the mentions first gives."""
    every_type = filter_mentions(
        MENTIONS, DOCUMENTS, Filters(**{**f.to_dict(), "entity_types": ()})
    )
    expected = filter_mentions(MENTIONS, DOCUMENTS, f)
    assert keep_entity_types(every_type, f.entity_types).equals(expected)
    documents = filter_documents(DOCUMENTS, f)
    counts = keep_entity_types(count_terms(every_type, documents), f.entity_types)
    direct = count_terms(expected, documents)
    assert as_records(counts.reset_index(drop=True), list(direct.columns)) == as_records(
        direct, list(direct.columns)
    )


def test_keep_entity_types_keeps_every_other_kind():
    kept = keep_entity_types(MENTIONS, ("PERSON",))
    assert set(kept.loc[kept["kind"] == "entity", "label"]) == {"PERSON"}
    others = MENTIONS[MENTIONS["kind"] != "entity"]
    assert kept[kept["kind"] != "entity"].equals(others)
    assert keep_entity_types(MENTIONS, ()) is MENTIONS  # no types chosen: every type


def test_filter_mentions_uses_the_documents_it_is_given():
    f = Filters(date_from="2024-01-01")
    kept = filter_documents(DOCUMENTS, f)
    assert filter_mentions(MENTIONS, DOCUMENTS, f, kept_documents=kept).equals(
        filter_mentions(MENTIONS, DOCUMENTS, f)
    )
    assert filter_documents(DOCUMENTS, Filters()) is DOCUMENTS  # nothing to filter: no copy


def test_filter_mentions_on_no_mentions():
    empty = mentions_frame([])
    assert filter_mentions(empty, DOCUMENTS, Filters(min_count=2, search="NATO")).empty


def test_categorical_mentions_give_the_same_results():
    """The app may keep mentions categorical (4x faster filters): every function must accept it."""
    categorical = MENTIONS.astype(
        {"doc_id": "category", "kind": "category", "term": "category", "label": "category"}
    )
    f = Filters(min_count=2, entity_types=("GPE", "ORG"), date_from="2023-01-01")
    plain = filter_mentions(MENTIONS, DOCUMENTS, f)
    assert as_records(filter_mentions(categorical, DOCUMENTS, f), MENTION_COLUMNS) == as_records(
        plain, MENTION_COLUMNS
    )
    for build in (count_terms, counts_by_date, counts_by_doc):
        expected = build(MENTIONS, DOCUMENTS).astype(str).values.tolist()
        assert build(categorical, DOCUMENTS).astype(str).values.tolist() == expected
    assert assign_sentences(categorical, SENTENCES)["sentence"].tolist() == (
        assign_sentences(MENTIONS, SENTENCES)["sentence"].tolist()
    )
    point = {"term": "Rutte", "other_term": "Ukraine"}
    assert len(mentions_at(categorical, DOCUMENTS, point, sentences=SENTENCES)) == 2


def test_tracked_mentions_terms_and_regex():
    f = Filters(terms=("air defence", "Kyiv"), term_regex=r"rutte\b")
    mentions, error = tracked_mentions(DOCUMENTS, f)
    assert error is None
    assert as_records(mentions, ["doc_id", "kind", "term", "surface"]) == [
        ("a", "term", "air defence", "air defence"),
        ("b", "term", "Kyiv", "Kyiv"),
        ("a", "term", r"rutte\b", "Rutte"),
        ("b", "term", r"rutte\b", "Rutte"),
    ]


def test_tracked_mentions_report_a_bad_pattern_and_keep_the_terms():
    mentions, error = tracked_mentions(DOCUMENTS, Filters(terms=("Kyiv",), term_regex="(a"))
    assert mentions["term"].tolist() == ["Kyiv"]
    assert error == "Invalid regular expression: missing ) at position 2."
    mentions, error = tracked_mentions(DOCUMENTS, Filters())
    assert (len(mentions), error) == (0, None)
    assert list(mentions.columns) == MENTION_COLUMNS


def test_blank_selections_are_dropped():
    assert Filters(sources=("", " ", "nato"), focus=(" ",)) == Filters(sources=("nato",))


QUOTES = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b", "d"],
        "text": ["Ukraine needs air defence", "we agreed", "Kyiv will get help", "NATO is strong"],
        "speaker": ["Mark Rutte", "Mark Rutte", None, "Jens Stoltenberg"],
        "speaker_text": ["the Secretary General", "he", None, "Stoltenberg"],
    }
)


@pytest.mark.parametrize(
    ("options", "texts"),
    [
        ({}, ["Ukraine needs air defence", "we agreed", "Kyiv will get help", "NATO is strong"]),
        ({"doc_ids": ["a", "b"]}, ["Ukraine needs air defence", "we agreed", "Kyiv will get help"]),
        ({"query": "UKRAINE"}, ["Ukraine needs air defence"]),
        ({"query": "secretary general"}, ["Ukraine needs air defence"]),  # the attribution
        ({"query": "stoltenberg"}, ["NATO is strong"]),  # the speaker
        ({"speakers": ["Mark Rutte"]}, ["Ukraine needs air defence", "we agreed"]),
        ({"query": r"\bhelp$", "regex": True}, ["Kyiv will get help"]),
        ({"query": "nobody"}, []),
    ],
)
def test_filter_quotes(options, texts):
    kept, error = filter_quotes(QUOTES, **options)
    assert error is None
    assert kept["text"].tolist() == texts


def test_filter_quotes_reports_a_bad_pattern():
    kept, error = filter_quotes(QUOTES, query="(a", regex=True)
    assert kept.empty
    assert error == "Invalid regular expression: missing ) at position 2."


def test_keyword_echoes_of_entities_and_terms_are_dropped():
    rows = [
        ("a", "entity", "Ukraine", "GPE", 0, 7, "Ukraine"),
        ("a", "keyword", "ukraine", "", 0, 7, "Ukraine"),
        ("a", "keyword", "air defence", "", 10, 21, "air defence"),
        ("a", "keyword", "F-16", "", 30, 34, "F-16"),
        ("a", "term", "f-16", "", 30, 34, "F-16"),
    ]
    kept = drop_keyword_echoes(mentions_frame(rows))
    assert kept["term"].tolist() == ["Ukraine", "air defence", "f-16"]
    only_keywords = mentions_frame(rows[1:4])
    assert drop_keyword_echoes(only_keywords).equals(only_keywords)
    assert drop_keyword_echoes(mentions_frame([])).empty
