"""Keywords: YAKE's ranking cleaned into a list an analyst reads first."""

from __future__ import annotations

import pickle
import re
from collections import Counter
from difflib import SequenceMatcher

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.schema import KEYWORD_COLUMNS, MENTION_COLUMNS
from analysis.extract.keywords import (
    CORPUS_KEYWORD_COLUMNS,
    DISTINCTIVE_COLUMNS,
    KeywordSettings,
    _KeptKeys,
    _letter_counts,
    _previous_word,
    _similar,
    _spelled_alike,
    _starts_sentence,
    clean_candidates,
    corpus_keywords,
    distinctive_keywords,
    extract_keywords,
    extraction_text,
    keyword_mentions,
    keyword_table,
    located_keywords,
    parse_stopwords,
    yake_candidates,
)
from analysis.extract.terms import find_phrase
from tests.conftest import SEED_IDS, SEEDS

# ------------------------------------------------------------------------------------------------
# Settings


def test_settings_are_hashable_and_order_free():
    first = KeywordSettings(stopwords=("Ukraine", "nato", " "))
    second = KeywordSettings(stopwords=["NATO", "ukraine"])  # a list, as a caller may pass
    assert first == second
    assert hash(first) == hash(second)
    assert first.stopwords == ("nato", "ukraine")


def test_settings_survive_pickling():
    # Worker processes receive them pickled; compiled by mypyc, a frozen class needs __reduce__.
    settings = KeywordSettings(top_k=7, max_ngram=2, dedup_threshold=0.8, stopwords=["Kyiv"])
    assert pickle.loads(pickle.dumps(settings)) == settings


@pytest.mark.parametrize(
    "changes",
    [
        {"top_k": 0},
        {"max_ngram": 0},
        {"max_ngram": 7},
        {"dedup_threshold": 0.0},
        {"dedup_threshold": 1.5},
    ],
)
def test_settings_reject_values_that_make_no_sense(changes):
    with pytest.raises(ValueError):
        KeywordSettings(**changes)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("said, told", ("said", "told")),
        ("said;told\nasked", ("said", "told", "asked")),
        ("  ", ()),
        ("Brussels", ("Brussels",)),
    ],
)
def test_parse_stopwords(typed, expected):
    assert parse_stopwords(typed) == expected


# ------------------------------------------------------------------------------------------------
# What YAKE reads


@pytest.mark.parametrize(
    "line",
    [
        "Source: NATO",
        "MORE HEADLINES",
        "more",
        "Last updated: 18 Oct. 2024 14:49",
        "  • 18 Oct. 2024 -",
        "  • |",
        " date 2023-10-11 Oct 11",
        "27 November 2024,\u00a0\u00a0 11:27",
        "Official photo of the NATO Ministers of Defence",
    ],
)
def test_boilerplate_lines_never_reach_the_extractor(line):
    text = f"NATO ministers meet\n{line}\nAllies agreed on air defence."
    assert extraction_text(text) == "NATO ministers meet.\nAllies agreed on air defence."


def test_every_line_ends_a_sentence_and_quotes_are_straightened():
    text = "Title without a stop\n\u201cWe will,\u201d\u00a0he said \u2013 twice\nLast line?"
    assert extraction_text(text) == 'Title without a stop.\n"We will," he said - twice.\nLast line?'


def test_yake_candidates_are_lower_case_and_ranked_best_first():
    candidates = yake_candidates(
        "NATO Defence Ministers met in Brussels. NATO Defence Ministers agreed."
    )
    phrases = [phrase for phrase, _ in candidates]
    scores = [score for _, score in candidates]
    assert phrases[0] == "nato defence ministers"
    assert all(phrase == phrase.lower() for phrase in phrases)
    assert scores == sorted(scores)
    assert all(isinstance(score, float) for score in scores)


# ------------------------------------------------------------------------------------------------
# Post-processing a raw ranking (the part a faster engine will reuse)

FIXTURE = (
    "NATO Defence Ministers Meeting opens in Brussels\n"
    "NATO Defence Ministers agreed on Thursday to boost cyber defences. "
    "Secretary General Mark Rutte said Allies will buy air defence systems. "
    "The Secretary General also met Ahmed.\n"
    "Cyber defence remains a priority, Mr Rutte added."
)
RAW = [
    ("nato defence ministers", 0.01),
    ("defence ministers agreed", 0.02),  # a verb at the end: trimmed, then nested
    ("secretary general mark", 0.03),  # always followed by "Rutte": a fragment
    ("general mark rutte", 0.04),  # a title before a name: dropped
    ("agreed on thursday", 0.05),  # a verb, a function word and a date: nothing left
    ('"cyber defences', 0.06),  # a quote at the edge
    ("cyber defence", 0.07),  # the singular of a kept keyword
    ("air defence systems", 0.08),
    ("ahmed", 0.09),  # a name in "-ed", not a past tense
    ("thursday", 0.10),
    ("brussels", 0.11),
]


def test_clean_candidates_reads_like_tags():
    keywords = clean_candidates(RAW, FIXTURE)
    assert [(k.keyword, k.score, k.count) for k in keywords] == [
        ("NATO Defence Ministers", 0.01, 2),
        ("Mark Rutte", 0.04, 1),
        ("cyber defences", 0.06, 2),
        ("air defence systems", 0.08, 1),
        ("Ahmed", 0.09, 1),
        ("Brussels", 0.11, 1),
    ]


def test_located_keywords_carry_the_occurrences_of_the_shown_form():
    located = located_keywords(RAW, FIXTURE)
    assert [keyword for keyword, _ in located] == clean_candidates(RAW, FIXTURE)
    for keyword, spans in located:
        assert spans == find_phrase(FIXTURE, keyword.keyword)
        assert keyword.count == len(spans)
    # A shown form that differs in more than case is searched on its own.
    text = "The air-defence systems arrived. More air-defence systems followed."
    ((keyword, spans),) = located_keywords([("air defence systems", 0.1)], text)
    assert keyword.keyword == "air-defence systems"
    assert [text[start:end] for start, end in spans] == ["air-defence systems"] * 2


def test_clean_candidates_stops_at_top_k():
    keywords = clean_candidates(RAW, FIXTURE, KeywordSettings(top_k=2))
    assert [k.keyword for k in keywords] == ["NATO Defence Ministers", "Mark Rutte"]


@pytest.mark.parametrize(
    ("threshold", "expected"), [(0.9, ["Zelensky"]), (1.0, ["Zelensky", "Zelenskyy"])]
)
def test_dedup_threshold_merges_near_identical_spellings(threshold, expected):
    text = "Zelensky spoke first.\nLater, Zelenskyy spoke again."
    raw = [("zelensky", 0.1), ("zelenskyy", 0.2)]
    keywords = clean_candidates(raw, text, KeywordSettings(dedup_threshold=threshold))
    assert [k.keyword for k in keywords] == expected


@pytest.mark.parametrize(
    ("candidate", "text"),
    [
        ("said", "He said so. She said no."),  # only a verb
        ("agreed", "They agreed. All agreed."),  # only a past tense
        ("on thursday", "We met on Thursday."),  # only function words and a date
        ("18 october", "It was 18 October."),  # a date
        ("hawks stop celtics", "Hawks stop Celtics again."),  # a clause
        ("russia to china", "Gas flows from Russia to China."),  # a clause across "to"
        ("missing phrase", "Nothing of the kind here."),  # not in the article
        ("work", "Their work goes on. Work matters."),  # too general alone
    ],
)
def test_clean_candidates_drops_what_is_no_keyword(candidate, text):
    assert clean_candidates([(candidate, 0.1)], text) == []


@pytest.mark.parametrize(
    ("candidate", "text", "expected"),
    [
        ("ministers meeting opens", "Ministers meeting opens today.", "Ministers meeting"),
        ("make nato stronger", "We make NATO stronger.", "NATO"),
        ("boost cyber defences", "Allies boost cyber defences.", "cyber defences"),
        ("brussels on thursday", "They met in Brussels on Thursday.", "Brussels"),
        ("partners australia", "It included partners Australia and Japan.", "Australia"),
        ("mark rutte previewed", "Mark Rutte previewed the meeting.", "Mark Rutte"),
        ("ukraine volodymyr zelenskyy", "President of Ukraine Volodymyr Zelenskyy spoke.",
         "Volodymyr Zelenskyy"),
        ("nato's", "It is NATO's task.", "NATO"),
        ("historically high level", "Trade hit a historically high level.", "high level"),
    ],
)  # fmt: skip
def test_clean_candidates_trims_to_the_noun_phrase(candidate, text, expected):
    assert [k.keyword for k in clean_candidates([(candidate, 0.1)], text)] == [expected]


def test_shown_form_is_the_usual_one_not_the_title_or_sentence_start():
    text = "Meeting Ends Early\nThe meeting was short. Meeting rooms were empty; the meeting ended."
    assert [k.keyword for k in clean_candidates([("meeting", 0.1)], text)] == ["meeting"]


def test_extract_keywords_on_empty_text():
    assert extract_keywords("") == []
    assert extract_keywords("   \n ") == []


def test_custom_stopwords_never_start_or_end_a_keyword():
    text = (SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8")
    keywords = extract_keywords(text, KeywordSettings(stopwords=("ukraine", "nato")))
    words = {word.lower() for keyword, _ in keywords for word in keyword.split()}
    assert "ukraine" not in words
    assert "nato" not in {keyword.split()[0].lower() for keyword, _ in keywords}


def test_max_ngram_and_top_k():
    text = (SEEDS / f"{SEED_IDS[1]}.txt").read_text(encoding="utf-8")
    keywords = extract_keywords(text, KeywordSettings(top_k=4, max_ngram=1))
    assert [keyword for keyword, _ in keywords] == ["NATO", "defence", "Ukraine", "Ministers"]
    keywords = extract_keywords(text, KeywordSettings(top_k=3, max_ngram=2))
    assert [keyword for keyword, _ in keywords] == [
        "Defence Ministers",
        "NATO",
        "Secretary General",
    ]


# ------------------------------------------------------------------------------------------------
# The seeds: what the "done" means

EXPECTED_TOP_5 = {
    "000_e40460accf1b4fc2": [
        "NATO Defence Ministers",
        "Ukraine",
        "Secretary General",
        "Mark Rutte",
        "meeting",
    ],
    "001_b25c6842de4ecec4": [
        "NATO Defence Ministers",
        "Mark Rutte",
        "NATO Headquarters",
        "Secretary General",
        "Ukraine",
    ],
    "002_292ca219b9857f86": [
        "NATO Secretary General",
        "NATO Defence Ministers",
        "Mark Rutte",
        "Alliance",
        "Ukraine",
    ],
    "003_8a597d0612e1bc1b": [
        "Jens Stoltenberg",
        "NATO Secretary General",
        "Ukrainian President Zelenskyy",
        "NATO Defence Ministers",
        "Brussels",
    ],
    "004_3368406408e91c4d": [
        "NATO Defence Ministers",
        "Defense Ministerial",
        "Brussels",
        "Ukraine",
        "Secretary General",
    ],
}
ALSO_IN_TOP_10 = {
    "000_e40460accf1b4fc2": {"European Union", "cyber defences", "South Korea"},
    "001_b25c6842de4ecec4": {"global partnerships", "defence industrial capacity", "Brussels"},
    "002_292ca219b9857f86": {"Western Balkans", "top priority"},
    "003_8a597d0612e1bc1b": {"Middle East", "NATO Headquarters"},
    "004_3368406408e91c4d": {"NATO Headquarters", "Finland", "Georgia", "Sweden"},
}
BOILERPLATE = {"source", "more", "headlines", "updated", "last", "oct", "photo"}


def _key(keyword: str) -> tuple[str, ...]:
    """Lower case, singular-ish words: the form nested variants are compared in."""
    return tuple(re.sub(r"(?<=\w\w\w)s$", "", word) for word in keyword.lower().split())


def _nested(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def assert_reads_like_tags(keywords: list[str]) -> None:
    for keyword in keywords:
        assert keyword[0].isalnum() and keyword[-1].isalnum(), keyword
        assert not re.search(r"\d", keyword), keyword
        assert not {word.lower() for word in keyword.split()} & BOILERPLATE, keyword
    for better, worse in [(a, b) for i, a in enumerate(keywords) for b in keywords[i + 1 :]]:
        assert not _nested(_key(worse), _key(better)), (better, worse)
        assert not _nested(_key(better), _key(worse)), (better, worse)


@pytest.fixture(scope="module")
def seed_texts(seed_corpus) -> dict[str, str]:
    return dict(zip(seed_corpus.documents["doc_id"], seed_corpus.documents["text"], strict=True))


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_seed_keywords_read_like_an_editors_tags(seed_texts, doc_id):
    keywords = [keyword for keyword, _ in extract_keywords(seed_texts[doc_id])]
    assert len(keywords) == 10
    assert keywords[:5] == EXPECTED_TOP_5[doc_id]
    assert ALSO_IN_TOP_10[doc_id] <= set(keywords)
    assert_reads_like_tags(keywords)


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_raw_seed_text_gives_tags_too(doc_id):
    """Curly quotes, NBSP, bullets and "Source:" lines in the file as it is still give clean tags."""
    raw = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    keywords = [keyword for keyword, _ in extract_keywords(raw)]
    assert keywords[:3] == EXPECTED_TOP_5[doc_id][:3]
    assert_reads_like_tags(keywords)


# ------------------------------------------------------------------------------------------------
# Tables: keywords per article and their mentions


@pytest.fixture(scope="module")
def seed_keywords(seed_texts) -> pd.DataFrame:
    return keyword_table(list(seed_texts), list(seed_texts.values()))


def test_keyword_table_shape(seed_keywords):
    assert list(seed_keywords.columns) == KEYWORD_COLUMNS
    assert len(seed_keywords) == 50
    assert (
        seed_keywords.groupby("doc_id")["rank"]
        .apply(list)
        .map(lambda r: r == list(range(1, 11)))
        .all()
    )
    assert str(seed_keywords["rank"].dtype) == "int64"
    assert str(seed_keywords["count"].dtype) == "int64"
    assert str(seed_keywords["score"].dtype) == "float64"
    first = seed_keywords.iloc[0]
    assert (first["doc_id"], first["keyword"], first["rank"]) == (
        SEED_IDS[0],
        "NATO Defence Ministers",
        1,
    )


def test_keyword_counts_are_find_phrase_counts(seed_texts, seed_keywords):
    for row in seed_keywords.itertuples(index=False):
        assert row.count == len(find_phrase(seed_texts[row.doc_id], row.keyword)) >= 1
    ukraine = seed_keywords.query("doc_id == @SEED_IDS[0] and keyword == 'Ukraine'")
    assert ukraine["count"].tolist() == [10]


def test_keyword_mentions_agree_with_counts(seed_texts, seed_keywords):
    mentions = keyword_mentions(list(seed_texts), list(seed_texts.values()), seed_keywords)
    assert list(mentions.columns) == MENTION_COLUMNS
    assert set(mentions["kind"]) == {"keyword"}
    assert set(mentions["label"]) == {""}
    for row in mentions.itertuples(index=False):
        assert seed_texts[row.doc_id][row.start : row.end] == row.surface
    per_keyword = mentions.groupby(["doc_id", "term"]).size()
    counts = seed_keywords.set_index(["doc_id", "keyword"])["count"]
    assert per_keyword.sort_index().tolist() == counts.sort_index().tolist()


def test_empty_tables():
    table = keyword_table([], [])
    assert list(table.columns) == KEYWORD_COLUMNS and table.empty
    mentions = keyword_mentions([], [], table)
    assert list(mentions.columns) == MENTION_COLUMNS and mentions.empty
    assert keyword_table(["a"], [""]).empty


# ------------------------------------------------------------------------------------------------
# Corpus-level views

TABLE = pd.DataFrame(
    [
        ("a", "air defence", 1, 0.01, 4),
        ("a", "Ukraine", 2, 0.02, 3),
        ("a", "drones", 3, 0.03, 2),
        ("b", "Ukraine", 1, 0.01, 5),
        ("b", "Air defences", 2, 0.02, 1),
        ("c", "Ukraine", 3, 0.05, 1),
        ("c", "grain exports", 1, 0.01, 6),
    ],
    columns=KEYWORD_COLUMNS,
)


def test_corpus_keywords_by_document_frequency_then_relevance():
    result = corpus_keywords(TABLE)
    assert list(result.columns) == CORPUS_KEYWORD_COLUMNS
    assert result.to_dict("records") == [
        {
            "keyword": "Ukraine",
            "documents": 3,
            "total_count": 9,
            "relevance": 1.0 / 2 + 1 + 1.0 / 3,
        },
        {"keyword": "Air defences", "documents": 2, "total_count": 5, "relevance": 1.5},
        {"keyword": "grain exports", "documents": 1, "total_count": 6, "relevance": 1.0},
        {"keyword": "drones", "documents": 1, "total_count": 2, "relevance": 1.0 / 3},
    ]


def test_corpus_keywords_follow_the_filter():
    result = corpus_keywords(TABLE, doc_ids=["a"])
    assert result["keyword"].tolist() == ["air defence", "Ukraine", "drones"]
    assert corpus_keywords(TABLE, doc_ids=[]).empty
    assert list(corpus_keywords(TABLE, doc_ids=[]).columns) == CORPUS_KEYWORD_COLUMNS


def test_distinctive_keywords_tf_idf_over_keyword_lists():
    result = distinctive_keywords(TABLE, "a")
    assert list(result.columns) == DISTINCTIVE_COLUMNS
    # idf = ln((1 + 3) / (1 + documents)): "Ukraine", in every article, is not distinctive at all
    assert result.to_dict("records") == [
        {"keyword": "drones", "rank": 3, "count": 2, "documents": 1,
         "distinctiveness": pytest.approx(2 * 0.6931471805599453)},
        {"keyword": "air defence", "rank": 1, "count": 4, "documents": 2,
         "distinctiveness": pytest.approx(4 * 0.28768207245178085)},
        {"keyword": "Ukraine", "rank": 2, "count": 3, "documents": 3, "distinctiveness": 0.0},
    ]  # fmt: skip


def test_distinctive_keywords_within_a_selection():
    result = distinctive_keywords(TABLE, "a", doc_ids=["a", "c"], top=2)
    # Among a and c only, "air defence" and "drones" are a's alone: idf = ln(3 / 2)
    assert result["keyword"].tolist() == ["air defence", "drones"]
    assert result["distinctiveness"].tolist() == pytest.approx(
        [4 * 0.4054651081081644, 2 * 0.4054651081081644]
    )
    assert distinctive_keywords(TABLE, "missing").empty
    assert list(distinctive_keywords(TABLE, "missing").columns) == DISTINCTIVE_COLUMNS


def test_a_single_article_has_nothing_distinctive_but_keeps_its_order():
    result = distinctive_keywords(TABLE, "b", doc_ids=[])
    assert result["keyword"].tolist() == ["Ukraine", "Air defences"]
    assert result["distinctiveness"].tolist() == [0.0, 0.0]


# ------------------------------------------------------------------------------------------------
# Any text in, no crash out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["NATO", "air", "defence", "Ukraine's", "“quoted”", "said", "\u00a0", "\n", ".", "-",
                 "Source:", "MORE HEADLINES", "2024", "Mr", "the", "&amp;", "F-16s", "é"]
            ),
            st.text(max_size=8),
        ),
        max_size=40,
    ).map(" ".join)
)  # fmt: skip
def test_any_text_gives_keywords_that_occur_in_it(text):
    for keyword, score in extract_keywords(text, KeywordSettings(top_k=5)):
        assert keyword == keyword.strip() and keyword
        assert isinstance(score, float)
        assert find_phrase(text, keyword)


_KEY_WORDS = st.lists(st.sampled_from(["nato", "defence", "defense", "minister", "air", "a"]))


@settings(max_examples=300, deadline=None)
@given(
    kept=st.lists(_KEY_WORDS.filter(bool).map(tuple), max_size=6),
    key=_KEY_WORDS.filter(bool).map(tuple),
    threshold=st.sampled_from([0.5, 0.8, 0.9, 1.0]),
)
def test_kept_keys_answer_exactly_what_pairwise_comparison_answers(kept, key, threshold):
    index = _KeptKeys()
    for other in kept:
        index.add(other)
    assert index.merges(key, threshold) == any(_similar(key, o, threshold) for o in kept)
    size = len(key)
    inside = any(other[i : i + size] == key for other in kept for i in range(len(other) - size + 1))
    assert index.contain(key) == inside


_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w-]*)[ \t\u00a0]+$")


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(st.sampled_from(list("aB1_- \t\u00a0\n\u00b2\u00e9.")), max_size=90), cut=st.data()
)
def test_previous_word_is_what_the_regular_expression_finds(text, cut):
    start = cut.draw(st.integers(0, len(text)))
    match = _PREVIOUS_WORD.search(text, max(0, start - 60), start)
    assert _previous_word(text, start) == (match.group(1) if match else None)


_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;\n][\"')\]]*)[ \t\u00a0\"'(\[-]*$")


@settings(max_examples=1000, deadline=None)
@given(
    text=st.text(st.sampled_from(list(" \t\u00a0\"'([-)].!?:;\nab")), max_size=16), cut=st.data()
)
def test_starts_sentence_is_what_the_regular_expression_finds(text, cut):
    start = cut.draw(st.integers(0, len(text)))
    expected = _SENTENCE_BEFORE.search(text, max(0, start - 8), start) is not None
    assert _starts_sentence(text, start) == expected


@settings(max_examples=500, deadline=None)
@given(
    a=st.text(alphabet="aeinrst -", min_size=1, max_size=14),
    b=st.text(alphabet="aeinrst -", min_size=1, max_size=14),
    threshold=st.sampled_from([0.5, 0.8, 0.9, 0.95]),
)
def test_spelled_alike_is_the_matchers_ratio_test(a, b, threshold):
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    expected = matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold
    assert _spelled_alike(a, b, threshold) == expected


@given(st.text(max_size=40))
def test_letter_counts_are_a_counters(text):
    assert _letter_counts(text) == Counter(text)


def test_handles_and_links_are_no_keywords():
    post = (
        "The president attacked the tax bill again on Twitter. — Donald J. Trump "
        "(@realDonaldTrump) November 3, 2017 https://t.co/Xyz123 pic.twitter.com/abcdef "
    )
    text = "Tax bill fight goes on.\n\n" + post * 3 + "Senators said the tax bill would pass."
    keywords = [keyword.lower() for keyword, _ in extract_keywords(text)]
    assert keywords and not any(
        "realdonaldtrump" in k or "t.co" in k or "twitter.com" in k for k in keywords
    )
    assert "tax bill" in keywords
    assert "@" not in extraction_text(post) and "https" not in extraction_text(post)
    assert "me@example.com" in extraction_text("Write to me@example.com today.")  # not a handle


@given(st.text(alphabet=st.sampled_from("‘’‚‛“”„‟\u00a0\u2009\u202f–—ab '\"-\n"), max_size=40))
def test_quotes_are_replaced_as_the_translation_table_says(text):
    from analysis.extract import keywords as module

    assert module._QUOTE_MARK.sub(module._plain_quote, text) == text.translate(module._QUOTES)
