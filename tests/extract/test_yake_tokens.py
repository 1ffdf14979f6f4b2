"""YAKE's sentences and tokens as the fast scorer reads them agree with segtok's, as YAKE
calls it; a batch keeps its texts' sentences apart."""

import pytest
from segtok.segmenter import split_multi
from segtok.tokenizer import split_contractions, web_tokenizer

from analysis.extract.yake_tokens import split_sentences, tokenize, tokenized


def segtok_sentences(text: str) -> list[str]:
    """What YAKE's DataCore splits: segtok's split_multi of the text on one line, stripped."""
    one_line = text.replace("\n", " ").replace("\t", " ")
    return [s.strip() for s in split_multi(one_line) if s.strip()]


def segtok_tokens(sentence: str) -> list[str]:
    """YAKE's tokens: segtok's web tokenizer and contractions, split-off endings dropped."""
    tokens = split_contractions(web_tokenizer(sentence))
    return [t for t in tokens if t and not (t.startswith("'") and len(t) > 1)]


@pytest.mark.parametrize(
    "text",
    [
        "NATO ministers met. They agreed on air defence.",
        "Gen. Smith met the U.S. delegation. Talks went well.",
        "J. R. R. Tolkien wrote books. He died in 1973.",
        "It happened on 5. May in Kyiv. Nobody knew.",
        'He said "we will win." Then he left.',
        "The meeting (held in Brussels. It was long) ended. Ministers left.",
        "Prices rose. and then fell. Or did they?",
        "Is it true? Yes! It is… Really.",
        "The U.S. officials and e.g. the U.K. ones disagreed. Fine.",
        "",
        "   ",
        "No terminal at all",
    ],
)
def test_sentences_are_segtoks(text):
    assert split_sentences(text) == segtok_sentences(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ukraine's air-defence systems cost 1,000 euros at 12:30.",
        "I don't know, they're sure we'll win.",
        "The U.S. and NATO (North Atlantic Treaty Organization) met.",
        "See https://example.org/path?q=1 for details.",
        "Write to press@example.org today.",
        "Ministers' meeting ended...",
        'He said: "Enough!"',
        "Prices rose 2.5% to $3.4bn.",
        "A co-operation of F-16s.",
        "Rock 'n' roll isn't dead.",
    ],
)
def test_tokens_are_segtoks(sentence):
    assert tokenize(sentence) == segtok_tokens(sentence)


def test_a_batch_numbers_sentences_within_each_text():
    batch = tokenized(["Kyiv welcomed it. Talks ended.", "", "...", "NATO met."])
    assert batch.sentences_per_document == [2, 0, 1, 1]
    words = ["Kyiv", "welcomed", "it", ".", "Talks", "ended", ".", "...", "NATO", "met", "."]
    assert batch.tokens == words
    assert batch.first == [0, 4, 7, 8]
    assert batch.document_of_sentence == [0, 0, 2, 3]  # the empty text has no sentence
    assert batch.sentence_of == [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]


def test_quick_tests_before_segtok_patterns_skip_only_what_cannot_match():
    """split_sentences skips LOWER_WORD and LONE_WORD for a piece that does not start with a
    lower-case character, and CONTINUATIONS for one that does not start with one of its
    initials: every \\p{Ll} character is lower case for str.islower, and every continuation
    word starts with a listed initial."""
    import unicodedata

    from segtok.segmenter import CONTINUATIONS

    from analysis.extract.yake_tokens import _CONTINUATION_INITIALS

    lower_letters = [
        chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Ll"
    ]
    assert all(letter.islower() for letter in lower_letters)
    words = ["and", "are", "between", "by", "from", "has", "into", "is", "of", "or", "than"]
    words += ["that", "through", "via", "was", "were", "whether", "with"]
    assert all(CONTINUATIONS.match(word) for word in words)
    for letter in map(chr, range(0x250)):
        for word in words:
            if CONTINUATIONS.match(letter + word[1:]):
                assert letter in _CONTINUATION_INITIALS
