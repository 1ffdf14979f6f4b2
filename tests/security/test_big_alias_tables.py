"""Alias tables are indexed: exact names are looked up, only ``re:`` rules scan.

A table of 50,000 exact rules applies to a small corpus correctly (the timing is measured in
``benchmarks/soak.py``'s neighbour, not asserted here); and the indexed rules agree with the
plain reading of the format (every rule in file order over every mention) on any table.
"""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.schema import mentions_frame
from analysis.extract.aliases import ACTIONS, apply_aliases, validate_aliases

NAMES = ["Kiev", "Kyiv", "Zelensky", "Austin", "Lloyd Austin", "NATO", "Official"]
LABELS = ["PERSON", "GPE", "ORG"]


def mentions_of(pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    return mentions_frame(
        [
            ("d", "entity", term, label, i, i + 1, surface)
            for i, (term, surface, label) in enumerate(pairs)
        ]
    )


def test_fifty_thousand_exact_rules_apply_correctly():
    rows = [("merge", f"Name {n}", f"Person {n}", "") for n in range(49_997)]
    rows += [
        ("merge", "Kiev", "Kyiv", "GPE"),
        ("rename", "Kyiv", "Kyiv (city)", ""),
        ("exclude", "Official", "", ""),
    ]
    table = pd.DataFrame(rows, columns=["action", "pattern", "canonical", "label"])
    mentions = mentions_of(
        [
            ("Kiev", "Kiev", "LOC"),
            ("Name 123", "Name 123", "PERSON"),
            ("Official", "official", "ORG"),
            ("Other", "NAME  49996", "PERSON"),
            ("Nobody", "Nobody", "PERSON"),
        ]
    )
    result = apply_aliases(mentions, table)
    assert result[["term", "label", "surface"]].values.tolist() == [
        ["Kyiv (city)", "GPE", "Kiev"],
        ["Person 123", "PERSON", "Name 123"],
        ["Person 49996", "PERSON", "NAME  49996"],
        ["Nobody", "PERSON", "Nobody"],
    ]


def _normal(value: str) -> str:
    return " ".join(str(value).replace("’", "'").lower().split())


def reference(mentions: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """The format read literally: each action, each rule in file order, each mention."""
    rules = validate_aliases(aliases)
    terms, labels = mentions["term"].tolist(), mentions["label"].tolist()
    surfaces, keep = mentions["surface"].tolist(), [True] * len(mentions)

    def matches(pattern: str, value: str) -> bool:
        if pattern.startswith("re:"):
            return re.fullmatch(pattern[3:], value, re.IGNORECASE) is not None
        return _normal(pattern) == _normal(value)

    for action in ACTIONS:
        for rule in rules[rules["action"] == action].itertuples(index=False):
            for i in range(len(terms)):
                hit_term = matches(rule.pattern, terms[i])
                hit_surface = matches(rule.pattern, surfaces[i])
                hit = {
                    "split": hit_surface,
                    "merge": hit_term or hit_surface,
                    "rename": hit_term,
                    "exclude": (hit_term or hit_surface)
                    and (not rule.label or labels[i] == rule.label),
                }[action]
                if not keep[i] or not hit:
                    continue
                if action == "exclude":
                    keep[i] = False
                else:
                    terms[i] = rule.canonical or surfaces[i]
                    labels[i] = rule.label or labels[i]
    frame = mentions.copy()
    frame["term"], frame["label"] = terms, labels
    return frame[keep].reset_index(drop=True)


names = st.sampled_from([*NAMES, "kyiv", "re:ky.*", "re:(Lloyd )?Austin"])
rule = st.tuples(
    st.sampled_from(ACTIONS), names, st.sampled_from(NAMES), st.sampled_from(["", *LABELS])
)
mention = st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES), st.sampled_from(LABELS))


@settings(max_examples=60, deadline=None)
@given(st.lists(rule, max_size=8), st.lists(mention, min_size=1, max_size=8))
def test_indexed_rules_agree_with_the_plain_reading(rules, pairs):
    table = pd.DataFrame(rules, columns=["action", "pattern", "canonical", "label"])
    mentions = mentions_of(pairs)
    pd.testing.assert_frame_equal(apply_aliases(mentions, table), reference(mentions, table))
