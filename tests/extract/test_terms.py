import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.extract.terms import clean_terms, find_phrase, parse_terms, term_mentions

TEXT = (
    "Air  defence and air-defence matter. AIR DEFENCES too. Allies and an ally. F-16s, an F-16. "
    "A policy, two policies. Boxes and a box. Ukraine's needs."
)


@pytest.mark.parametrize(
    ("phrase", "found"),
    [
        ("air defence", ["Air  defence", "air-defence", "AIR DEFENCES"]),
        ("Allies", ["Allies", "ally"]),
        ("ally", ["Allies", "ally"]),
        ("F-16", ["F-16s", "F-16"]),
        ("policy", ["policy", "policies"]),
        ("box", ["Boxes", "box"]),
        ("Ukraine", ["Ukraine"]),
        ("fence", []),
        ("   ", []),
    ],
)
def test_find_phrase_whole_words_any_case_with_plurals(phrase, found):
    assert [TEXT[s:e] for s, e in find_phrase(TEXT, phrase)] == found


def test_find_phrase_without_plurals():
    assert [TEXT[s:e] for s, e in find_phrase(TEXT, "box", plurals=False)] == ["box"]


def test_term_lists_are_cleaned_and_parsed():
    assert clean_terms([" NATO ", "nato", "", "air   defence"]) == ["NATO", "air defence"]
    assert parse_terms("air defence, F-16;Ukraine\n\n") == ["air defence", "F-16", "Ukraine"]


def test_term_mentions_rows_point_at_their_surface():
    mentions = term_mentions(["d1", "d2"], [TEXT, "no match here"], ["air defence", "box"])
    assert mentions[["doc_id", "kind", "term", "surface"]].values.tolist() == [
        ["d1", "term", "air defence", "Air  defence"],
        ["d1", "term", "air defence", "air-defence"],
        ["d1", "term", "air defence", "AIR DEFENCES"],
        ["d1", "term", "box", "Boxes"],
        ["d1", "term", "box", "box"],
    ]
    for row in mentions.itertuples():
        assert TEXT[row.start : row.end] == row.surface


@given(st.text(max_size=200), st.text(max_size=20))
def test_find_phrase_never_crashes_and_offsets_are_valid(text, phrase):
    for start, end in find_phrase(text, phrase):
        assert 0 <= start < end <= len(text)
