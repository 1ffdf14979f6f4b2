"""The user's alias table: load, save, validate and apply; the user's rules win."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.schema import MENTION_COLUMNS, mentions_frame
from analysis.extract.aliases import (
    ALIAS_COLUMNS,
    EMPTY_ALIASES,
    apply_aliases,
    empty_aliases,
    load_aliases,
    save_aliases,
    validate_aliases,
)

CSV = b"""action,pattern,canonical,label
merge,Zelensky,Volodymyr Zelenskyy,PERSON
rename,NATO-Ukraine Council,NATO-Ukraine Council (NUC),
split,Austin,Austin,GPE
exclude,Allied,,
"""

YAML = b"""
- {action: merge, pattern: Zelensky, canonical: Volodymyr Zelenskyy, label: PERSON}
- action: rename
  pattern: NATO-Ukraine Council
  canonical: NATO-Ukraine Council (NUC)
- {action: split, pattern: Austin, canonical: Austin, label: GPE}
- action: exclude
  pattern: Allied
"""

RULES = [
    ("merge", "Zelensky", "Volodymyr Zelenskyy", "PERSON"),
    ("rename", "NATO-Ukraine Council", "NATO-Ukraine Council (NUC)", ""),
    ("split", "Austin", "Austin", "GPE"),
    ("exclude", "Allied", "", ""),
]


def rules(table: pd.DataFrame) -> list[tuple[str, ...]]:
    return list(table.itertuples(index=False, name=None))


@pytest.fixture
def mentions() -> pd.DataFrame:
    return mentions_frame(
        [
            ("a", "entity", "Volodymyr Zelensky", "PERSON", 0, 18, "Volodymyr Zelensky"),
            ("a", "entity", "Zelensky", "PERSON", 30, 38, "Zelensky"),
            ("a", "entity", "NATO-Ukraine Council", "ORG", 40, 60, "NATO-Ukraine Council"),
            ("a", "entity", "Allied", "NORP", 70, 76, "Allied"),
            ("b", "entity", "Lloyd Austin", "PERSON", 0, 12, "Lloyd Austin"),
            ("b", "entity", "Lloyd Austin", "PERSON", 20, 26, "Austin"),
            ("b", "keyword", "allied support", "", 30, 44, "Allied support"),
            ("b", "entity", "Kiev", "GPE", 50, 54, "Kiev"),
        ]
    )


def test_empty_aliases_has_the_columns():
    assert list(empty_aliases().columns) == ALIAS_COLUMNS
    assert EMPTY_ALIASES().empty


@pytest.mark.parametrize(("name", "content"), [("aliases.csv", CSV), ("aliases.yaml", YAML)])
def test_load_from_a_file_by_extension(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert rules(load_aliases(path)) == RULES
    assert rules(load_aliases(str(path))) == RULES


@pytest.mark.parametrize("content", [CSV, YAML, b"\xef\xbb\xbf" + CSV, CSV.replace(b"\n", b"\r\n")])
def test_load_from_uploaded_bytes_sniffs_the_format(content):
    assert rules(load_aliases(content)) == RULES


def test_save_then_load_round_trips():
    table = load_aliases(CSV)
    saved = save_aliases(table)
    assert saved == CSV
    assert rules(load_aliases(saved)) == RULES


def test_an_edited_table_is_normalised():
    edited = pd.DataFrame(
        {
            "action": [" Merge ", None, "EXCLUDE"],
            "pattern": ["Kiev", None, "re:^Mr\\b.*"],
            "canonical": ["Kyiv", None, float("nan")],
            "label": ["gpe", None, None],
        }
    )
    assert rules(validate_aliases(edited)) == [
        ("merge", "Kiev", "Kyiv", "GPE"),
        ("exclude", "re:^Mr\\b.*", "", ""),
    ]


def test_a_surface_column_is_read_as_pattern():
    table = load_aliases(b"action,surface,canonical\nmerge,Kiev,Kyiv\n")
    assert rules(table) == [("merge", "Kiev", "Kyiv", "")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"action,pattern,canonical,label\nfuse,Kiev,Kyiv,\n", "rule 1 .*action must be one of"),
        (b"action,pattern,canonical,label\nmerge,,Kyiv,\n", "rule 1 .*pattern is empty"),
        (b"action,pattern,canonical,label\nmerge,Kiev,,\n", "rule 1 .*merge needs a canonical"),
        (b"action,pattern,canonical,label\nrename,Kiev,Kyiv,CITY\n", "label must be empty or"),
        (b"action,pattern,canonical,label\nexclude,re:(,,\n", "bad regular expression"),
        (b"action,name\nmerge,Kiev\n", "missing: pattern"),
        (b"- [not, a, mapping]\n", "rule 1: expected a mapping"),
        (b"- {action: merge, pattern: a, canonical: b, colour: red}\n", "unknown keys colour"),
        (b"just some words: [\n", "neither CSV with a header nor valid YAML"),
        (b"aliases: 3\n", "must be a list of rules"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_a_malformed_table_is_a_clear_value_error(content, message):
    with pytest.raises(ValueError, match=message):
        load_aliases(content)


def test_apply_merges_renames_splits_and_excludes(mentions):
    result = apply_aliases(mentions, load_aliases(CSV))
    assert list(result.columns) == MENTION_COLUMNS
    assert list(zip(result["term"], result["label"], result["surface"], strict=True)) == [
        ("Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky"),  # neither name nor surface match
        ("Volodymyr Zelenskyy", "PERSON", "Zelensky"),
        ("NATO-Ukraine Council (NUC)", "ORG", "NATO-Ukraine Council"),
        ("Lloyd Austin", "PERSON", "Lloyd Austin"),
        ("Austin", "GPE", "Austin"),
        ("allied support", "", "Allied support"),  # keywords are not entities: untouched
        ("Kiev", "GPE", "Kiev"),
    ]


def test_merge_matches_the_entity_name_or_the_surface(mentions):
    aliases = load_aliases(b"action,pattern,canonical,label\nmerge,Kiev,Kyiv,\n")
    result = apply_aliases(mentions, aliases)
    assert result.loc[result["surface"] == "Kiev", "term"].tolist() == ["Kyiv"]


def test_a_rename_covers_names_merged_into_it(mentions):
    aliases = load_aliases(
        b"action,pattern,canonical,label\n"
        b"rename,Volodymyr Zelenskyy,President Zelenskyy,\n"
        b"merge,Volodymyr Zelensky,Volodymyr Zelenskyy,\n"
    )
    result = apply_aliases(mentions, aliases)
    assert result.loc[result["doc_id"] == "a", "term"].tolist()[:2] == [
        "President Zelenskyy",  # merged first, then renamed
        "Zelensky",  # matched by neither rule
    ]


def test_patterns_ignore_case_and_spacing_and_regexes_match_whole_names(mentions):
    aliases = load_aliases(
        b"action,pattern,canonical,label\nexclude,  lloyd   AUSTIN ,,\nexclude,re:nato.*,,\n"
    )
    result = apply_aliases(mentions, aliases)
    assert result["term"].tolist() == [
        "Volodymyr Zelensky",
        "Zelensky",
        "Allied",
        "allied support",
        "Kiev",
    ]


def test_exclude_with_a_label_only_drops_that_type(mentions):
    aliases = load_aliases(b"action,pattern,canonical,label\nexclude,Kiev,,PERSON\n")
    assert len(apply_aliases(mentions, aliases)) == len(mentions)


def test_no_rules_return_an_equal_copy(mentions):
    result = apply_aliases(mentions, empty_aliases())
    assert result.equals(mentions) and result is not mentions


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_load_or_raise_value_error(content):
    try:
        table = load_aliases(content)
    except ValueError:
        return
    assert list(table.columns) == ALIAS_COLUMNS
