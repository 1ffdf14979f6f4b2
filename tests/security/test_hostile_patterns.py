"""Hostile patterns from a URL, a search box or an alias table: refused or stopped, one line each.

Every user pattern goes through one safe compile (a size budget checked before compiling) and
runs under a time budget; nothing raises past the library, and no message is two lines long.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

from analysis.core import patterns
from analysis.core.patterns import PatternError, compile_pattern, pattern_expansion
from analysis.core.schema import mentions_frame
from analysis.extract.aliases import AliasError, apply_aliases, load_aliases
from analysis.query.search import (
    matching_rows,
    regex_mentions,
    search_documents,
    search_mentions,
)

DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["a", "b"],
        "title": ["Air defence", "Other"],
        "text": ["Air defence systems arrived. " + "a" * 39, "Nothing here xxxx."],
    }
)

#: Patterns that unroll to billions of elements at compile time (19 characters each, or so).
EXPLOSIVE = [
    "(?:x{65535}){65535}",
    "((((x{100}){100}){100}){100})",
    "(?:[a-z]{1000,}){1000}",
    "(?:x{,99999}){99999}",
]


@pytest.mark.parametrize("pattern", EXPLOSIVE)
def test_a_pattern_that_would_unroll_to_billions_is_refused_before_compiling(pattern):
    started = time.monotonic()
    with pytest.raises(PatternError, match="counted repeats are too large") as caught:
        compile_pattern(pattern)
    assert time.monotonic() - started < 0.5
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [("x{65535}", 65535), ("(?:x{10}){10}", 100), ("[{]{3}", 3), (r"\d{4}-\d{2}", 7), ("a|b", 2)],
)
def test_the_expansion_estimate_multiplies_nested_counts(pattern, expected):
    assert pattern_expansion(pattern) == expected


@pytest.mark.parametrize("pattern", [r"\d{4}-\d{2}-\d{2}", r"(?:air|missile) defen[cs]e", "F-16s?"])
def test_ordinary_patterns_still_compile(pattern):
    assert compile_pattern(pattern).search("Air defence on 2024-10-17 with F-16s")


@pytest.mark.parametrize("pattern", EXPLOSIVE)
def test_a_url_pattern_in_search_and_terms_gives_a_message_not_an_exception(pattern):
    found, error = search_documents(DOCUMENTS, pattern, regex=True)
    assert found == []
    assert "too large" in error
    with pytest.raises(PatternError, match="too large"):
        regex_mentions(DOCUMENTS, pattern)


def test_catastrophic_backtracking_stops_within_the_budget():
    documents = pd.DataFrame({"doc_id": ["a"], "title": [""], "text": ["a" * 30]})
    started = time.monotonic()
    found, error = matching_rows([documents["text"]], "(a|a)+b", regex=True, timeout=0.2)
    assert not found.any()
    assert "took longer than 0.2 s" in error
    with pytest.raises(PatternError, match="took longer"):
        regex_mentions(documents, "(a|a)+b", timeout=0.2)
    assert time.monotonic() - started < 3


def test_a_long_plain_search_is_not_called_a_regular_expression():
    query = "air defence " * 60  # 720 characters: longer than any pattern, fine as plain text
    found, error = search_documents(DOCUMENTS, query, regex=False)
    assert (found, error) == ([], None)
    assert search_mentions(DOCUMENTS, query, regex=False).empty
    with pytest.raises(PatternError) as caught:
        search_mentions(DOCUMENTS, "x" * 20_000, regex=False)
    assert str(caught.value).startswith("The search text is too long")
    assert "regular expression" not in str(caught.value)


def test_a_plain_search_finds_its_text_literally():
    found = search_mentions(DOCUMENTS, "defence systems (", regex=False)
    assert found.empty
    found = search_mentions(DOCUMENTS, "DEFENCE systems", regex=False)
    assert found[["doc_id", "start", "end", "surface"]].values.tolist() == [
        ["a", 4, 19, "defence systems"]
    ]


def entity(name: str) -> tuple:
    return ("a", "entity", name, "PERSON", 0, len(name), name)


def test_an_alias_rule_with_nested_repeats_does_not_freeze():
    mentions = mentions_frame([entity("a" * 39), entity("Zelensky")])
    rules = load_aliases(b"action,pattern,canonical,label\nexclude,re:(a+)+b,,\n")
    started = time.monotonic()
    kept = apply_aliases(mentions, rules)
    assert time.monotonic() - started < 1
    assert kept["term"].tolist() == ["a" * 39, "Zelensky"]


def test_an_alias_rule_that_runs_out_of_time_names_itself():
    mentions = mentions_frame([entity("Zelensky"), entity("a" * 30)])
    rules = load_aliases(b"action,pattern,canonical,label\nexclude,re:(a|a)+b,,\n")
    started = time.monotonic()
    with pytest.raises(AliasError, match=r"'re:\(a\|a\)\+b'.*too long on the entity name 'aaa"):
        apply_aliases(mentions, rules)
    assert time.monotonic() - started < 1


def test_all_alias_rules_share_a_total_budget(monkeypatch):
    # Each name is quick; together they outlast the table's budget. A clock that advances a
    # millisecond per look makes that independent of the machine's speed.
    ticks = iter(range(10**9))
    monkeypatch.setattr(patterns.time, "monotonic", lambda: next(ticks) / 1000)
    names = [entity(f"Person {n}") for n in range(2_000)]
    rules = load_aliases(b"action,pattern,canonical,label\nexclude,re:(Person 1.*)+x,,\n")
    with pytest.raises(AliasError, match="took too long"):
        apply_aliases(mentions_frame(names), rules, timeout=0.5)


def test_an_explosive_alias_rule_is_refused_when_the_table_is_read():
    with pytest.raises(ValueError, match=r"Alias rule 1 .*counted repeats are too large"):
        load_aliases(b"action,pattern,canonical,label\nexclude,re:(?:x{65535}){65535},,\n")
