"""phrase_search.find_phrase gives exactly the spans of the regular expression, without one."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.extract import phrase_search
from analysis.extract.phrase_search import regex_find_phrase as find_phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "Air defence and AIR DEFENCES, air-defence, air - defence, air\u00a0defence.",
            "air defence",
        ),
        ("The F-16s and an F-16 flew; F-16x did not.", "F-16"),
        ("Allies, ally and allied.", "allies"),
        ("One policy, two policies, policy-making.", "policy"),
        ("Boxes and a box; boxer.", "box"),
        ("Kyiv's mayor, Kyiv and kyivan.", "Kyiv"),
        ("a_b and a b", "a"),
        ("Zelenskyy met Zelenskyy.", "zelenskyy"),
        ("The \u212aremlin said", "kremlin"),  # Kelvin sign: both match
        ("\u0130stanbul and istanbul", "istanbul"),  # dotted capital I: falls back to the regex
        ("Caf\u00e9 and cafe", "café"),  # non-ASCII phrase: falls back
        ("a - - b and a --b", "a -b"),  # a word starting with a hyphen: falls back
        ("x-ray and x - ray", "x-ray"),
        ("defencedefence defence", "defence"),
        ("", "air defence"),
        ("air defence", ""),
        ("air defence", "   "),
    ],
)
def test_awkward_cases_match_the_regex(text, phrase):
    for plurals in (True, False):
        assert phrase_search.find_phrase(text, phrase, plurals) == find_phrase(
            text, phrase, plurals
        )


def test_the_plain_case_finds_every_occurrence():
    text = "Air defence. More air defences! Air-defence systems."
    assert phrase_search.find_phrase(text, "air defence") == [(0, 11), (18, 30), (32, 43)]


_ALPHABET = st.sampled_from(
    [*"abcdeiksy AB-'._\u00a0\n", "\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", "1"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(_ALPHABET, max_size=60),
    start=st.integers(0, 60),
    length=st.integers(1, 12),
    plurals=st.booleans(),
)
def test_any_phrase_cut_from_any_text_matches_the_regex(text, start, length, plurals):
    phrase = text[start : start + length]
    assert phrase_search.find_phrase(text, phrase, plurals) == find_phrase(text, phrase, plurals)


@settings(max_examples=200, deadline=None)
@given(text=st.text(_ALPHABET, max_size=60), phrase=st.text(_ALPHABET, max_size=10))
def test_any_phrase_in_any_text_matches_the_regex(text, phrase):
    assert phrase_search.find_phrase(text, phrase) == find_phrase(text, phrase)
