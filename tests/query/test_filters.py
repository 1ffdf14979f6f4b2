"""Filters, search and the group-bys behind every chart, on a small hand-written corpus."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.core.counting import count_terms, counts_by_date, counts_by_doc, period_of
from analysis.core.schema import MENTION_COLUMNS, NONE_VALUE, mentions_frame
from analysis.extract.sentences import sentence_table
from analysis.extract.terms import find_phrase
from analysis.query.filters import (
    Filters,
    drop_keyword_echoes,
    filter_documents,
    filter_mentions,
    filter_quotes,
    tracked_mentions,
)
from analysis.query.locate import assign_sentences, mentions_at
from analysis.query.search import PatternError, compile_pattern, regex_mentions, search_documents

TEXTS = {
    "a": "NATO ministers met in Brussels.\nRutte said Ukraine needs air defence. NATO agreed.",
    "b": "Ukraine asked NATO for help. Rutte visited Kyiv.",
    "c": "An undated note on Ukraine.",
    "d": "Stoltenberg spoke in Brussels about NATO.",
}
DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d"],
        "title": ["Ministers meet", "Help for Kyiv", "Note", "<img src=x onerror=alert(1)>"],
        "date": ["2024-10-17", "2024-10-18", "", "2023-10-11"],
        "date_source": ["text", "text", "none", "metadata"],
        "source": ["nato", "nato", "blog", "ap"],
        "n_words": [100, 200, 50, 400],
        "text": list(TEXTS.values()),
    }
)
# (kind, term, label) of each phrase found in the texts.
TAGS = {
    "NATO": ("entity", "NATO", "ORG"),
    "Brussels": ("entity", "Brussels", "GPE"),
    "Rutte": ("entity", "Rutte", "PERSON"),
    "Stoltenberg": ("entity", "Stoltenberg", "PERSON"),
    "Ukraine": ("entity", "Ukraine", "GPE"),
    "Kyiv": ("entity", "Kyiv", "GPE"),
    "air defence": ("term", "air defence", ""),
    "ministers": ("keyword", "ministers", ""),
}


def build_mentions() -> pd.DataFrame:
    rows = []
    for doc_id, text in TEXTS.items():
        for phrase, (kind, term, label) in TAGS.items():
            for start, end in find_phrase(text, phrase, plurals=False):
                rows.append((doc_id, kind, term, label, start, end, text[start:end]))
    return mentions_frame(sorted(rows, key=lambda row: (row[0], row[4])))


MENTIONS = build_mentions()
SENTENCES = sentence_table(DOCUMENTS["doc_id"], DOCUMENTS["text"])


def as_records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [tuple(row) for row in frame[columns].itertuples(index=False)]


# --- Filters ------------------------------------------------------------------------------------


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


# --- documents and mentions ---------------------------------------------------------------------


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


def test_filter_mentions_on_no_mentions():
    empty = mentions_frame([])
    assert filter_mentions(empty, DOCUMENTS, Filters(min_count=2, search="NATO")).empty


# --- search -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "regex", "found", "error"),
    [
        ("", False, ["a", "b", "c", "d"], None),
        ("ukraine", False, ["a", "b", "c"], None),
        ("r.tte", False, [], None),  # plain text: the dot is a dot
        ("r.tte", True, ["a", "b"], None),
        (r"\bkyiv\b", True, ["b"], None),
        ("<img", False, ["d"], None),
        ("(unclosed", True, [], "Invalid regular expression: missing ) at position 9."),
        ("x" * 501, True, [], "The regular expression is too long (501 characters; at most 500)."),
    ],
)
def test_search_documents(query, regex, found, error):
    assert search_documents(DOCUMENTS, query, regex=regex) == (found, error)


def test_catastrophic_backtracking_stops_with_a_message():
    documents = DOCUMENTS.assign(text="a" * 40 + "!")
    found, error = search_documents(documents, r"(a|aa)+$", regex=True, timeout=0.2)
    assert found == []
    assert error.startswith("The regular expression took longer than 0.2 s")


def test_regex_mentions_offsets_surface_and_case():
    mentions = regex_mentions(DOCUMENTS, r"nato|kyiv", term="places")
    assert as_records(mentions, MENTION_COLUMNS) == [
        ("a", "term", "places", "", 0, 4, "NATO"),
        ("a", "term", "places", "", 70, 74, "NATO"),
        ("b", "term", "places", "", 14, 18, "NATO"),
        ("b", "term", "places", "", 43, 47, "Kyiv"),
        ("d", "term", "places", "", 36, 40, "NATO"),
    ]
    assert all(
        TEXTS[d][s:e] == surface
        for d, s, e, surface in as_records(mentions, ["doc_id", "start", "end", "surface"])
    )
    assert regex_mentions(DOCUMENTS, "Rutte")["term"].tolist() == ["Rutte", "Rutte"]
    assert regex_mentions(DOCUMENTS, "z*").empty  # empty matches are not mentions


@pytest.mark.parametrize(
    ("pattern", "kwargs", "message"),
    [
        ("[a-", {}, "Invalid regular expression: unterminated character set at position 3."),
        ("", {}, "The regular expression is empty."),
        (
            r"\w",
            {"max_matches": 10},
            "The regular expression matches more than 10 times; make it more specific.",
        ),
    ],
)
def test_regex_mentions_refuses_unusable_patterns(pattern, kwargs, message):
    with pytest.raises(PatternError) as error:
        regex_mentions(DOCUMENTS, pattern, **kwargs)
    assert str(error.value) == message


def test_regex_mentions_times_out():
    documents = DOCUMENTS.assign(text="a" * 40 + "!")
    with pytest.raises(PatternError, match=r"took longer than 0\.2 s"):
        regex_mentions(documents, r"(a|aa)+$", timeout=0.2)


def test_compile_pattern_ignores_case():
    assert compile_pattern("nato").search("NATO") is not None


# --- counts -------------------------------------------------------------------------------------


def test_count_terms_raw_and_per_1k():
    counts = count_terms(MENTIONS, DOCUMENTS)  # 750 words in all
    assert as_records(counts.head(4), ["kind", "term", "label", "count", "n_docs"]) == [
        ("entity", "NATO", "ORG", 4, 3),
        ("entity", "Ukraine", "GPE", 3, 3),
        ("entity", "Brussels", "GPE", 2, 2),
        ("entity", "Rutte", "PERSON", 2, 2),
    ]
    assert counts["per_1k_words"].iloc[0] == pytest.approx(4 * 1000 / 750)
    assert counts["value"].iloc[0] == 4.0
    per_1k = count_terms(MENTIONS, DOCUMENTS, per_1k=True)
    assert per_1k["value"].iloc[0] == pytest.approx(5.333333)
    assert list(per_1k.columns) == [
        "kind",
        "term",
        "label",
        "count",
        "n_docs",
        "per_1k_words",
        "value",
    ]


def test_count_terms_by_term_only_merges_kinds():
    mentions = pd.concat([MENTIONS, MENTIONS.assign(kind="keyword", label="")])
    counts = count_terms(mentions, DOCUMENTS, by=("term",))
    assert as_records(counts.head(1), ["term", "count", "n_docs"]) == [("NATO", 8, 3)]


def test_counts_by_date_leaves_out_undated_and_divides_by_that_dates_words():
    by_date = counts_by_date(MENTIONS[MENTIONS["term"] == "Ukraine"], DOCUMENTS, per_1k=True)
    assert as_records(by_date, ["date", "term", "count", "n_docs", "per_1k_words"]) == [
        ("2024-10-17", "Ukraine", 1, 1, 10.0),  # doc a: 100 words
        ("2024-10-18", "Ukraine", 1, 1, 5.0),  # doc b: 200 words
    ]


def test_counts_by_date_groups_by_period():
    by_month = counts_by_date(MENTIONS[MENTIONS["term"] == "NATO"], DOCUMENTS, period="month")
    assert as_records(by_month, ["date", "count", "n_docs", "per_1k_words"]) == [
        ("2023-10", 1, 1, 2.5),
        ("2024-10", 3, 2, 10.0),  # docs a and b: 300 words
    ]


def test_counts_by_doc():
    by_doc = counts_by_doc(MENTIONS[MENTIONS["term"].isin(["NATO", "Ukraine"])], DOCUMENTS)
    assert as_records(by_doc, ["doc_id", "date", "term", "count", "per_1k_words"]) == [
        ("c", "", "Ukraine", 1, 20.0),
        ("d", "2023-10-11", "NATO", 1, 2.5),
        ("a", "2024-10-17", "NATO", 2, 20.0),
        ("a", "2024-10-17", "Ukraine", 1, 10.0),
        ("b", "2024-10-18", "NATO", 1, 5.0),
        ("b", "2024-10-18", "Ukraine", 1, 5.0),
    ]
    assert by_doc["title"].iloc[1] == "<img src=x onerror=alert(1)>"  # escaping is the chart's job


def test_counts_on_no_mentions_have_the_columns():
    empty = mentions_frame([])
    assert list(count_terms(empty, DOCUMENTS).columns) == [
        "kind",
        "term",
        "label",
        "count",
        "n_docs",
        "per_1k_words",
        "value",
    ]
    assert counts_by_date(empty, DOCUMENTS).empty
    assert "title" in counts_by_doc(empty, DOCUMENTS).columns


def test_zero_words_give_a_zero_rate_not_a_division_error():
    documents = DOCUMENTS.assign(n_words=0)
    assert count_terms(MENTIONS, documents, per_1k=True)["value"].eq(0).all()


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("day", ["2024-10-17", "2024-10-20", ""]),
        ("week", ["2024-10-14", "2024-10-14", ""]),  # Thursday and Sunday of one ISO week
        ("month", ["2024-10", "2024-10", ""]),
        ("year", ["2024", "2024", ""]),
    ],
)
def test_period_of(period, expected):
    assert period_of(pd.Series(["2024-10-17", "2024-10-20", ""]), period).tolist() == expected


# --- back from a click --------------------------------------------------------------------------


def test_mentions_at_a_term_and_date():
    point = {"kind": "entity", "term": "NATO", "label": "ORG", "date": "2024-10-17", "doc_id": ""}
    assert as_records(mentions_at(MENTIONS, DOCUMENTS, point), ["doc_id", "start"]) == [
        ("a", 0),
        ("a", 70),
    ]


def test_mentions_at_a_source_and_no_date():
    point = {"source": "blog", "date": NONE_VALUE}
    assert mentions_at(MENTIONS, DOCUMENTS, point)["term"].tolist() == ["Ukraine"]
    assert mentions_at(MENTIONS, DOCUMENTS, {"date": "2024-10", "term": "Rutte"}, period="month")[
        "doc_id"
    ].tolist() == ["a", "b"]


def test_mentions_at_an_edge_returns_both_entities_in_shared_sentences():
    point = {
        "kind": "entity",
        "term": "Rutte",
        "label": "PERSON",
        "other_term": "Ukraine",
        "other_label": "GPE",
    }
    found = mentions_at(MENTIONS, DOCUMENTS, point, sentences=SENTENCES)
    # "Rutte said Ukraine needs air defence." shares a sentence; "Rutte visited Kyiv." does not.
    assert as_records(found, ["doc_id", "surface", "start"]) == [
        ("a", "Rutte", 32),
        ("a", "Ukraine", 43),
    ]
    with pytest.raises(ValueError):
        mentions_at(MENTIONS, DOCUMENTS, point)


def test_assign_sentences_keeps_order_and_index():
    located = assign_sentences(MENTIONS, SENTENCES)
    assert located.index.equals(MENTIONS.index)
    assert as_records(located[located["doc_id"] == "a"], ["term", "sentence"]) == [
        ("NATO", 0),
        ("ministers", 0),
        ("Brussels", 0),
        ("Rutte", 1),
        ("Ukraine", 1),
        ("air defence", 1),
        ("NATO", 2),
    ]
    assert assign_sentences(MENTIONS, SENTENCES.iloc[0:0])["sentence"].eq(-1).all()


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


# --- quotations and keyword echoes ---------------------------------------------------------------

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
