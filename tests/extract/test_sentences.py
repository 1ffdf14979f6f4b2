import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.sentences import sentence_index, sentence_table, split_sentences, word_before


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Mr. Rutte met Dr. Smith. Then left.", ["Mr. Rutte met Dr. Smith.", "Then left."]),
        ("J. Smith and the U.S. and its allies.", ["J. Smith and the U.S. and its allies."]),
        ('He said: "It is vital." Then he left.', ['He said: "It is vital."', "Then he left."]),
        ("See No. 5 here. Next.", ["See No. 5 here.", "Next."]),
        ("Title line\n\nFirst para. Second.", ["Title line", "First para.", "Second."]),
        ("A 2.5 billion deal. Done.", ["A 2.5 billion deal.", "Done."]),
        ("", []),
        ("  \n ", []),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_sentence_table_numbers_sentences_per_document():
    table = sentence_table(["a", "b"], ["One. Two.", "Three."])
    assert table.values.tolist() == [["a", 0, 0, 4], ["a", 1, 5, 9], ["b", 0, 0, 6]]


def test_sentence_index_finds_the_containing_sentence():
    spans = split_sentences("One. Two. Three.")
    assert [sentence_index(spans, offset) for offset in (0, 4, 5, 12)] == [0, 0, 1, 2]


@given(st.text(max_size=400))
def test_spans_are_ordered_trimmed_and_non_empty(text):
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end


_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*[\"'”’)\]]*$")


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(st.sampled_from(list("aB1_.!?… \n\"'”’)]-\u00e9\u00b2")), max_size=60),
    cut=st.data(),
)
def test_word_before_is_what_the_regular_expression_finds(text, cut):
    end = cut.draw(st.integers(0, len(text)))
    match = _WORD_BEFORE.search(text, max(0, end - 40), end)
    assert word_before(text, end) == (match.group(1) if match else None)
