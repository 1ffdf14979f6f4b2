"""Searching texts with plain words or regular expressions, under a time budget."""

from __future__ import annotations

import pytest

from analysis.core.schema import MENTION_COLUMNS
from analysis.query.search import PatternError, compile_pattern, regex_mentions, search_documents
from tests.query.small_corpus import (
    DOCUMENTS,
    TEXTS,
    as_records,
)


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
