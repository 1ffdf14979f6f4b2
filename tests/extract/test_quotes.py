"""Who said what: quotation marks, speech verbs, speakers resolved from pronouns and roles."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.schema import mentions_frame
from analysis.extract.quotes import QUOTE_COLUMNS, extract_quotes, quote_spans, quotes_frame
from tests.conftest import SEED_IDS, SEEDS

SEED_SPEAKERS = {
    "000": [("Mark Rutte", "said")] * 3,
    "001": [
        ("Mark Rutte", "explained"),
        ("Mark Rutte", "adding"),
        ("Mark Rutte", "explaining"),
        ("Mark Rutte", "announced"),
        ("Mark Rutte", "adding"),
        ("Mark Rutte", "concluded"),
    ],
    "002": [
        ("Mark Rutte", "said"),
        ("Mark Rutte", "affirmed"),
        ("Mark Rutte", "said"),
        ("Mark Rutte", "said"),
        ("Mark Rutte", "said"),
    ],
    "003": [
        ("Jens Stoltenberg", "told"),
        ("Jens Stoltenberg", "indicated"),
        ("Jens Stoltenberg", "said"),
    ],
    "004": [("Jens Stoltenberg", "said"), ("Jens Stoltenberg", "said")],
}


def _seed_text(seed_corpus, prefix: str) -> str:
    documents = seed_corpus.documents
    return documents.loc[documents["doc_id"].str.startswith(prefix), "text"].iloc[0]


@pytest.mark.parametrize("prefix", sorted(SEED_SPEAKERS))
def test_seed_speakers_on_cleaned_text(seed_corpus, prefix: str) -> None:
    quotes = extract_quotes(_seed_text(seed_corpus, prefix))
    assert [(q.speaker, q.cue) for q in quotes] == SEED_SPEAKERS[prefix]


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_speakers_on_raw_text_with_curly_quotes(seed_id: str) -> None:
    raw = (SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")
    quotes = extract_quotes(raw)
    assert [(q.speaker, q.cue) for q in quotes] == SEED_SPEAKERS[seed_id[:3]]
    assert all(raw[q.start : q.end] == q.text for q in quotes)


def test_seed_attributions_point_at_the_words_in_the_text(seed_corpus) -> None:
    text = _seed_text(seed_corpus, "000")
    quotes = extract_quotes(text)
    assert [q.speaker_text for q in quotes] == ["Secretary General Mark Rutte", "Rutte", "He"]
    assert quotes[0].text == (
        "a clear sign of our deepening cooperation in the face of shared challenges."
    )
    for quote in quotes:
        assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text


def test_seed_001_mistyped_opening_mark_still_opens(seed_corpus) -> None:
    # The source writes 'adding that ”this requires ...' with a closing mark as the opener.
    quotes = extract_quotes(_seed_text(seed_corpus, "001"))
    assert quotes[1].text.startswith("this requires more forces")
    assert quotes[1].speaker_text is None  # "adding" carries on "he explained"


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "speaker_text"),
    [
        (
            '"We will win," said Volodymyr Zelenskyy.',
            "Volodymyr Zelenskyy",
            "said",
            "Volodymyr Zelenskyy",
        ),
        (
            '"We will win," Prime Minister Denys Shmyhal said.',
            "Denys Shmyhal",
            "said",
            "Prime Minister Denys Shmyhal",
        ),
        (
            'President Joe Biden said: "We stand with Ukraine today."',
            "Joe Biden",
            "said",
            "President Joe Biden",
        ),
        (
            'Minister Dmytro Kuleba: "Sanctions must be stronger now."',
            "Dmytro Kuleba",
            ":",
            "Minister Dmytro Kuleba",
        ),
        (
            'According to Andriy Yermak, "the talks will go on next week."',
            "Andriy Yermak",
            "According to",
            "Andriy Yermak",
        ),
        (
            'It was stated by Minister Dmytro Kuleba that "sanctions must be stronger".',
            "Dmytro Kuleba",
            "stated",
            "Minister Dmytro Kuleba",
        ),
        (
            '"The list has been handed over to partners," - Stoltenberg said.',
            "Stoltenberg",
            "said",
            "Stoltenberg",
        ),
        ("“Curly quotes work the same way,” said Mr. Smith.", "Smith", "said", "Mr. Smith"),
        ('"Allies will stay united and strong," NATO said.', "NATO", "said", "NATO"),
        (
            '"We act now and together," said President of the European Commission Ursula von der Leyen.',
            "Ursula von der Leyen",
            "said",
            "President of the European Commission Ursula von der Leyen",
        ),
    ],
)
def test_attribution_patterns(text: str, speaker: str, cue: str, speaker_text: str) -> None:
    quote = [q for q in extract_quotes(text) if q.speaker][-1]
    assert (quote.speaker, quote.cue, quote.speaker_text) == (speaker, cue, speaker_text)


def test_pronoun_and_role_resolve_to_the_named_person() -> None:
    text = (
        "Secretary General Jens Stoltenberg met President Zelenskyy. "
        '"Ukraine will prevail in the end," he said. '
        'The Secretary General told reporters that "support will continue for as long as it takes".'
    )
    assert [(q.speaker, q.speaker_text) for q in extract_quotes(text)] == [
        ("Jens Stoltenberg", "he"),
        ("Jens Stoltenberg", "The Secretary General"),
    ]


def test_a_surname_becomes_the_full_name_used_earlier() -> None:
    text = (
        'Jens Stoltenberg thanked Lloyd Austin. "Allies are committed to help," Stoltenberg said.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Jens Stoltenberg"]


def test_a_quotation_after_the_attribution_continues_the_speaker() -> None:
    text = (
        '"We need air defence now," President Volodymyr Zelenskyy said. '
        '"Every day matters for our cities and for our people."'
    )
    assert [(q.speaker, q.cue) for q in extract_quotes(text)] == [
        ("Volodymyr Zelenskyy", "said"),
        ("Volodymyr Zelenskyy", "continued"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'NATO Secretary General: Strengthening deterrence "top priority"',  # a scare quote
        'Ukraine introduced a "red" level of epidemic danger.',
    ],
)
def test_short_unattributed_quotations_are_left_out(text: str) -> None:
    assert extract_quotes(text) == []


def test_long_unattributed_quotations_are_kept_without_speaker() -> None:
    text = 'The message reads, in part:"Founded in 1946, the school has become an important part."'
    (quote,) = extract_quotes(text)
    assert (quote.speaker, quote.cue, quote.text) == (
        None,
        "",
        "Founded in 1946, the school has become an important part.",
    )


def test_first_person_speakers_are_not_guessed() -> None:
    text = 'Secretary General Mark Rutte spoke. I said "this is not acceptable at all to anyone".'
    (quote,) = extract_quotes(text)
    assert quote.speaker is None


def test_entity_spans_give_canonical_speakers() -> None:
    text = '"We will rebuild every city," Zelensky said.'
    start = text.index("Zelensky")
    spans = [(start, start + len("Zelensky"), "Volodymyr Zelenskyy", "PERSON")]
    (quote,) = extract_quotes(text, spans)
    assert (quote.speaker, quote.speaker_text) == ("Volodymyr Zelenskyy", "Zelensky")


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ('a "b" c', [(2, 4)]),
        ("a “b” c ”d” e", [(2, 4), (8, 10)]),
        ('"open only\nnext "closed" line', [(16, 23)]),  # no quotation over a line break
        ('he said "', []),
        ("", []),
    ],
)
def test_quote_spans(text: str, pairs: list[tuple[int, int]]) -> None:
    assert quote_spans(text) == pairs


def test_quotes_frame_uses_person_mentions(seed_corpus) -> None:
    documents = seed_corpus.documents
    first = documents[documents["doc_id"].str.startswith("000")]
    text = first["text"].iloc[0]
    start = text.index("Mark Rutte")
    persons = mentions_frame(
        [
            (
                first["doc_id"].iloc[0],
                "entity",
                "Rutte, Mark",
                "PERSON",
                start,
                start + 10,
                "Mark Rutte",
            )
        ]
    )
    table = quotes_frame(first, persons)
    assert list(table.columns) == QUOTE_COLUMNS
    assert table["speaker"].tolist()[0] == "Rutte, Mark"
    assert str(table["speaker_start"].dtype) == "Int64"
    empty = quotes_frame(pd.DataFrame({"doc_id": [], "text": []}))
    assert list(empty.columns) == QUOTE_COLUMNS


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *'"“”„«» ,.:-–\n',
                *["he said", "Mr Rutte", "Secretary General", " said ", "adding that ", "The "],
                *["According to ", "was stated by ", "I", "x", "ſ", "K"],
            ]
        )
    ).map("".join)
)
def test_any_text_gives_quotes_that_are_slices(text: str) -> None:
    for quote in extract_quotes(text):
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text


# --- the speaker comes from the quotation's own attribution (issue 19) ----------------------------

BIDEN = "US President Joseph Biden promised more help on Monday. "
SANCTIONS = '"We see that US sanctions are very effective today," '


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The role's holder is named earlier with a longer title holding the same words.
        (
            "Head of the Office of the President of Ukraine Andriy Yermak spoke on TV. "
            + BIDEN
            + SANCTIONS
            + "the Head of the President's Office said.",
            "Andriy Yermak",
        ),
        # Nobody holds the role: the role as written, not the person named just before.
        (
            BIDEN + SANCTIONS + "the Head of the President's Office said.",
            "Head of the President's Office",
        ),
        # The last speaker has another role: not them either.
        (
            '"We will help," US President Joseph Biden said on Monday. '
            + SANCTIONS
            + "the Head of the President's Office said.",
            "Head of the President's Office",
        ),
        (BIDEN + SANCTIONS + "the minister said.", "minister"),
    ],
)
def test_a_role_is_never_given_to_a_person_merely_named_nearby(text: str, speaker: str) -> None:
    quote = next(q for q in extract_quotes(text) if q.text.startswith("We see"))
    assert quote.speaker == speaker
    assert quote.speaker != "Joseph Biden"


def test_the_biden_case_with_the_extractors_person_spans() -> None:
    text = (
        "Head of the Office of the President of Ukraine Andriy Yermak spoke on TV. He said that "
        "during the conversation between President Volodymyr Zelenskyy and US President Joseph "
        "Biden a signal was received. " + SANCTIONS + "the Head of the President's Office said."
    )
    spans = [
        (text.index(name), text.index(name) + len(name), name, "PERSON")
        for name in ("Andriy Yermak", "Volodymyr Zelenskyy", "Joseph Biden")
    ]
    quote = next(q for q in extract_quotes(text, spans) if q.text.startswith("We see"))
    assert (quote.speaker, quote.speaker_text) == (
        "Andriy Yermak",
        "the Head of the President's Office",
    )


@pytest.mark.parametrize("country", ["U.S.", "U.K.", "U.N."])
def test_a_title_opened_by_a_dotted_abbreviation_is_read_whole(country: str) -> None:
    text = f"WASHINGTON (Reuters) - {country} President Donald Trump said the deal was “old”."
    quote = extract_quotes(text)[0]
    assert (quote.speaker, quote.speaker_text) == (
        "Donald Trump",
        f"{country} President Donald Trump",
    )
