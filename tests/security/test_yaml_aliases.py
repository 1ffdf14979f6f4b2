"""An uploaded YAML alias table with "billion laughs" anchors is refused before it expands."""

from __future__ import annotations

import time

import pytest

from analysis.extract.aliases import load_aliases

#: 565 bytes of nested anchors in the issue; this one expands to 10^9 strings if followed.
BILLION_LAUGHS = b"""
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
aliases:
  - {action: merge, pattern: *i, canonical: x}
"""


def test_billion_laughs_is_refused_quickly_with_one_line():
    started = time.monotonic()
    with pytest.raises(ValueError, match=r"anchors or aliases \(& or \*, line 2\)") as caught:
        load_aliases(BILLION_LAUGHS)
    assert time.monotonic() - started < 1
    assert "\n" not in str(caught.value)


def test_a_single_anchor_is_refused_too(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("- &rule {action: exclude, pattern: Official}\n- *rule\n")
    with pytest.raises(ValueError, match="anchors or aliases"):
        load_aliases(path)


def test_deeply_nested_yaml_is_refused_quickly():
    started = time.monotonic()
    with pytest.raises(ValueError, match="nested more than 8 levels deep"):
        load_aliases(b"- " + b"[" * 100_000)
    assert time.monotonic() - started < 1


def test_an_ordinary_yaml_table_still_loads():
    table = load_aliases(b"- {action: exclude, pattern: 'Official & Co'}\n")
    assert table.values.tolist() == [["exclude", "Official & Co", "", ""]]
