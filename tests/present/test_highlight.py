"""Safe highlighting: escaped text, deterministic overlaps, kept paragraphs."""

from __future__ import annotations

import html
import re
from itertools import pairwise

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from analysis.core.schema import ENTITY_LABELS, mentions_frame
from analysis.present.highlight import (
    HIGHLIGHT_CSS,
    highlight_html,
    legend_html,
    mention_spans,
    part_of,
    resolve_overlaps,
    safe_class,
    text_parts,
)

TEXT = "Mark Rutte met NATO ministers."


def body(markup: str) -> str:
    """The markup inside the wrapping div."""
    assert markup.startswith('<div class="hl-doc">') and markup.endswith("</div>")
    return markup[len('<div class="hl-doc">') : -len("</div>")]


def test_spans_become_marks_with_class_and_tooltip():
    spans = [(0, 10, "PERSON", "PERSON: Mark Rutte"), (15, 19, "ORG", "ORG: NATO")]
    assert body(highlight_html(TEXT, spans)) == (
        '<mark class="hl hl-PERSON" title="PERSON: Mark Rutte">Mark Rutte</mark> met '
        '<mark class="hl hl-ORG" title="ORG: NATO">NATO</mark> ministers.'
    )


def test_no_spans_is_just_escaped_text():
    assert highlight_html("a < b & c", []) == '<div class="hl-doc">a &lt; b &amp; c</div>'
    assert highlight_html("", []) == '<div class="hl-doc"></div>'


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '"><script>alert(1)</script>',
        "</mark></div><script>alert(1)</script>",
    ],
)
def test_payloads_in_text_and_tooltip_are_escaped(payload):
    text = f"Before {payload} after"
    spans = [(7, 7 + len(payload), "term", payload), (0, 6, "ORG", f"tip {payload}")]
    markup = highlight_html(text, spans)
    assert "<script" not in markup
    assert "<img" not in markup
    assert "onerror=alert(1)>" not in markup.replace("&gt;", "")
    assert markup.count("<mark ") == 2
    assert markup.count("</mark>") == 2
    assert html.escape(payload) in markup  # shown, as text


def test_the_tooltip_cannot_leave_its_attribute():
    markup = highlight_html("NATO", [(0, 4, "ORG", '" onmouseover="alert(1)')])
    assert markup == (
        '<div class="hl-doc"><mark class="hl hl-ORG" '
        'title="&quot; onmouseover=&quot;alert(1)">NATO</mark></div>'
    )


@pytest.mark.parametrize(
    ("css_class", "expected"),
    [
        ("PERSON", "PERSON"),
        ("only-a", "only-a"),
        ('x" onclick="alert(1)', "xonclickalert1"),
        ("<script>", "script"),
        ("", ""),
    ],
)
def test_safe_class(css_class, expected):
    assert safe_class(css_class) == expected


def test_a_class_that_is_all_symbols_leaves_a_plain_mark():
    assert body(highlight_html("NATO", [(0, 4, '"<>', "")])) == '<mark class="hl">NATO</mark>'


def test_the_longest_span_wins_and_overlaps_are_dropped():
    spans = [
        (5, 10, "term", "term: Rutte"),  # inside the PERSON: dropped
        (0, 10, "PERSON", "PERSON: Mark Rutte"),
        (8, 19, "keyword", "keyword: overlapping"),  # longer, but overlaps: it wins
        (15, 19, "ORG", "ORG: NATO"),
    ]
    assert resolve_overlaps(spans, len(TEXT)) == [(8, 19, "keyword", "keyword: overlapping")]
    spans = [(5, 10, "term", ""), (0, 10, "PERSON", ""), (15, 19, "ORG", "")]
    assert resolve_overlaps(spans, len(TEXT)) == [(0, 10, "PERSON", ""), (15, 19, "ORG", "")]


def test_overlaps_do_not_depend_on_input_order():
    spans = [(0, 4, "ORG", "b"), (0, 4, "GPE", "a"), (2, 6, "term", ""), (4, 8, "keyword", "")]
    expected = [(0, 4, "GPE", "a"), (4, 8, "keyword", "")]  # equal length: earliest, then class
    assert resolve_overlaps(spans, 20) == expected
    assert resolve_overlaps(list(reversed(spans)), 20) == expected


def test_spans_are_clipped_and_empty_ones_dropped():
    spans = [(-5, 4, "ORG", ""), (28, 99, "term", ""), (10, 10, "GPE", ""), (12, 11, "GPE", "")]
    assert resolve_overlaps(spans, len(TEXT)) == [(0, 4, "ORG", ""), (28, 30, "term", "")]


def test_line_breaks_become_br_inside_and_outside_marks():
    text = "Title\n\nFirst paragraph.\r\nSecond line"
    markup = body(highlight_html(text, [(0, 5, "keyword", ""), (16, 27, "term", "")]))
    assert markup == (
        '<mark class="hl hl-keyword">Title</mark><br>\n<br>\nFirst par'
        '<mark class="hl hl-term">agraph.<br>\nSe</mark>cond line'
    )


def test_raw_text_with_curly_quotes_and_nbsp_is_kept():
    text = "“Vital”\u00a0deterrent"
    assert body(highlight_html(text, [(1, 6, "term", "")])) == (
        '“<mark class="hl hl-term">Vital</mark>”\u00a0deterrent'
    )


def test_css_styles_every_class():
    for name in [*ENTITY_LABELS, "keyword", "term", "shared", "only-a", "only-b", "reused"]:
        assert f".hl-{name} {{" in HIGHLIGHT_CSS
    assert ".hl-PERSON { background: #0072B233; border-bottom: 2px solid #0072B2; }" in (
        HIGHLIGHT_CSS
    )


def test_mention_spans():
    mentions = mentions_frame(
        [
            ("a", "entity", "Mark Rutte", "PERSON", 0, 10, "Mark Rutte"),
            ("a", "keyword", "ministers", "", 20, 29, "ministers"),
            ("a", "term", "NATO", "", 15, 19, "NATO"),
        ]
    )
    assert mention_spans(mentions) == [
        (0, 10, "PERSON", "PERSON: Mark Rutte"),
        (20, 29, "keyword", "keyword: ministers"),
        (15, 19, "term", "term: NATO"),
    ]
    assert mention_spans(mentions_frame([])) == []
    assert body(highlight_html(TEXT, mention_spans(mentions))).count("<mark") == 3


def test_legend_html():
    assert legend_html(["PERSON", "only-a", "<x>"]) == (
        '<div class="hl-legend"><mark class="hl hl-PERSON">PERSON</mark> '
        '<mark class="hl hl-only-a">only-a</mark> <mark class="hl hl-x">&lt;x&gt;</mark></div>'
    )


def test_legend_html_with_a_reader_s_names():
    assert legend_html(["only-a", "reused"], {"only-a": "only in <A>"}) == (
        '<div class="hl-legend"><mark class="hl hl-only-a">only in &lt;A&gt;</mark> '
        '<mark class="hl hl-reused">reused</mark></div>'
    )


def test_reused_marks_underline_and_let_the_term_colour_win():
    css = HIGHLIGHT_CSS.splitlines()
    reused = next(i for i, line in enumerate(css) if line.startswith(".hl-reused {"))
    shared = next(i for i, line in enumerate(css) if line.startswith(".hl-shared {"))
    assert "text-decoration: underline" in css[reused]
    assert reused < shared  # "shared reused" marks take the shared background
    assert '<mark class="hl hl-shared hl-reused">' in highlight_html(
        "NATO", [(0, 4, "shared reused", "")]
    )


_span = st.tuples(
    st.integers(-3, 40),
    st.integers(-3, 40),
    st.sampled_from(["PERSON", "term", '"x<']),
    st.text(max_size=5),
)


def lines(text: str) -> str:
    return re.sub(r"\r\n|\r", "\n", text)


@given(text=st.text(max_size=40), spans=st.lists(_span, max_size=6))
@example(text="a\r\nb\rc", spans=[(0, 2, "term", ""), (4, 5, "term", "")])
def test_any_text_and_spans_give_markup_whose_text_is_the_input(text, spans):
    markup = highlight_html(text, spans)
    assert "<script" not in markup.lower()
    # Removing the tags and decoding the entities gives back the text, line breaks normalised.
    assert lines(html.unescape(re.sub(r"<[^>]*>", "", markup))) == lines(text)
    assert markup.count("<mark") == markup.count("</mark>") <= len(spans)


def test_several_classes_and_the_focus_wins_overlaps():
    spans = [(0, 10, "PERSON", "PERSON: Mark Rutte"), (5, 10, "term focus", "term: Rutte")]
    assert body(highlight_html(TEXT, spans)) == (
        'Mark <mark class="hl hl-term hl-focus" title="term: Rutte">Rutte</mark> met NATO '
        "ministers."
    )
    markup = highlight_html("NATO", [(0, 4, 'x" onclick="alert(1)', "")])
    assert body(markup) == '<mark class="hl hl-x hl-onclickalert1">NATO</mark>'
    assert ".hl-focus {" in HIGHLIGHT_CSS


def test_mention_spans_mark_the_focus():
    mentions = mentions_frame(
        [
            ("a", "entity", "Mark Rutte", "PERSON", 0, 10, "Mark Rutte"),
            ("a", "term", "NATO", "", 15, 19, "NATO"),
        ]
    )
    assert [span[2] for span in mention_spans(mentions, focus=["NATO"])] == ["PERSON", "term focus"]


# --- the date evidence and removed text (issue 18) -------------------------------------------------


def test_the_date_evidence_wins_overlaps_after_the_focus():
    text = "Published: 7 May 2020 NATO met."
    spans = [
        (11, 21, "keyword", "keyword: 7 May 2020"),
        (0, 21, "date", "publication date (stated in the text): 7 May 2020"),
        (22, 26, "ORG", "ORG: NATO"),
    ]
    assert resolve_overlaps(spans, len(text)) == [spans[1], spans[2]]
    longer = [(0, 26, "keyword", ""), (0, 21, "date", "")]
    assert resolve_overlaps(longer, len(text)) == [(0, 21, "date", "")]
    clicked = [(0, 21, "date", ""), (16, 19, "term focus", "")]
    assert resolve_overlaps(clicked, len(text)) == [(16, 19, "term focus", "")]
    assert ".hl-date {" in HIGHLIGHT_CSS and ".hl-removed {" in HIGHLIGHT_CSS


def test_insertions_are_drawn_where_they_stood_without_moving_the_marks():
    text = "NATO met. More text."
    markup = highlight_html(
        text,
        [(0, 4, "ORG", "ORG: NATO")],
        [
            (9, "Facebook Twitter", "removed", "removed: share bar"),
            (20, "READ MORE: x", "removed", ""),
        ],
    )
    assert body(markup) == (
        '<mark class="hl hl-ORG" title="ORG: NATO">NATO</mark> met.'
        '<del class="hl hl-removed" title="removed: share bar"> Facebook Twitter</del> More text.'
        '<del class="hl hl-removed"> READ MORE: x</del>'
    )


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        # a space wherever the insertion would touch a word (the cut took it away)
        (0, '<del class="hl hl-removed">X </del><mark class="hl hl-ORG">NATO</mark> met'),
        (2, '<mark class="hl hl-ORG">NATO</mark><del class="hl hl-removed"> X</del> met'),
        (4, '<mark class="hl hl-ORG">NATO</mark><del class="hl hl-removed"> X</del> met'),
        (-3, '<del class="hl hl-removed">X </del><mark class="hl hl-ORG">NATO</mark> met'),
        (99, '<mark class="hl hl-ORG">NATO</mark> met<del class="hl hl-removed"> X</del>'),
    ],
)
def test_an_insertion_at_a_mark_or_outside_the_text(offset, expected):
    """At a mark's start it comes before the mark; inside a mark, after it; clipped to the text."""
    markup = highlight_html("NATO met", [(0, 4, "ORG", "")], [(offset, "X", "removed", "")])
    assert body(markup) == expected


def test_insertions_at_one_offset_keep_their_order_and_are_escaped():
    insertions = [(3, "<script>b</script>", "removed", '"x'), (3, "a\nz", "removed", "")]
    assert body(highlight_html("abcdef", [], insertions)) == (
        'abc<del class="hl hl-removed" title="&quot;x"> &lt;script&gt;b&lt;/script&gt; </del>'
        '<del class="hl hl-removed"> a<br>\nz </del>def'
    )


_insertion = st.tuples(
    st.integers(-3, 40),
    st.text(max_size=5),
    st.sampled_from(["removed", "<x"]),
    st.text(max_size=3),
)


@given(
    text=st.text(max_size=40),
    spans=st.lists(_span, max_size=6),
    insertions=st.lists(_insertion, max_size=4),
)
def test_with_insertions_the_marks_still_hold_the_text_and_the_dels_the_insertions(
    text, spans, insertions
):
    markup = highlight_html(text, spans, insertions)
    assert "<script" not in markup.lower()
    without = re.sub(r"<del [^>]*>.*?</del>", "", markup, flags=re.S)
    assert lines(html.unescape(re.sub(r"<[^>]*>", "", without))) == lines(text)
    dels = re.findall(r"<del [^>]*>(.*?)</del>", markup, flags=re.S)
    # each del holds its insertion (with a space at an edge where it touches a word)
    shown = [lines(html.unescape(re.sub(r"<br>\n", "\n", d))).strip(" ") for d in dels]
    assert sorted(shown) == sorted(lines(i[1]).strip(" ") for i in insertions)
    assert (
        markup.count("<mark") == markup.count("</mark>") == len(resolve_overlaps(spans, len(text)))
    )


def test_a_long_text_is_cut_into_parts_at_line_breaks_or_spaces():
    text = ("word " * 30 + "\n") * 20  # 20 lines of 151 characters
    parts = text_parts(text, size=1000)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in pairwise(parts))  # no gap
    assert all(end - start <= 1000 for start, end in parts)
    assert all(text[end - 1] == "\n" for _, end in parts[:-1])  # cut after a line break
    assert "".join(text[start:end] for start, end in parts) == text
    assert text_parts("short text", size=1000) == [(0, 10)]
    spaced = "abc " * 600
    assert all(spaced[end - 1] == " " for _, end in text_parts(spaced, size=1000)[:-1])


def test_a_part_keeps_its_spans_and_insertions_with_offsets_into_it():
    spans = [(5, 10, "PERSON", "a"), (95, 105, "ORG", "b"), (150, 160, "GPE", "c")]
    insertions = [
        (50, "gone", "removed", "r"),
        (120, "late", "removed", "r"),
        (200, "end", "x", ""),
    ]
    inside, moved = part_of(spans, insertions, 100, 200, last=True)
    assert inside == [(0, 5, "ORG", "b"), (50, 60, "GPE", "c")]  # the first clipped to the part
    assert moved == [(20, "late", "removed", "r"), (100, "end", "x", "")]
    assert part_of(spans, insertions, 100, 200, last=False)[1] == [(20, "late", "removed", "r")]
    text = "x" * 100 + "Mark Rutte spoke and NATO met." + "y" * 70
    markup = highlight_html(text[100:200], *part_of(spans, [], 100, 200))
    assert markup.count("<mark") == 2
