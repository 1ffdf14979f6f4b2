"""Named entities: what the seeds' careful reader would list, variants merged, and no noise."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.schema import ENTITY_LABELS, MENTION_COLUMNS
from analysis.extract.entities import (
    Span,
    _unknown_lone_name,
    available_backends,
    doubtful_place,
    english_word_opening_a_sentence,
    part_of_a_word,
    person_name_words,
    rules,
)
from analysis.extract.entities import entity_mentions as _entity_mentions
from analysis.extract.entities import extract_entities as _extract_entities
from analysis.extract.entities.lexicon import lexicon
from analysis.extract.entities.resolve import (
    _in_apposition,
    _same_first_name,
    corpus_person_map,
    is_person_name,
    name_skeleton,
)
from analysis.extract.entities.rules import Candidate, is_initial
from analysis.ingest.loading import load_corpus

# These tests pin the rule-based extractor ("rules", the fast option), sentence by sentence. The
# default backend (the shipped model with the rules around it) is tested in test_model_backend.py.
RULES = "rules"


def extract_entities(text: str, **options) -> list[Span]:
    return _extract_entities(text, **{"backend": RULES, **options})


def entity_mentions(documents: pd.DataFrame, **options) -> pd.DataFrame:
    return _entity_mentions(documents, **{"backend": RULES, **options})


SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_documents() -> pd.DataFrame:
    return load_corpus(SEEDS).documents


@pytest.fixture(scope="module")
def seed_mentions(seed_documents: pd.DataFrame) -> pd.DataFrame:
    return entity_mentions(seed_documents)


def entities_of(mentions: pd.DataFrame, prefix: str) -> set[tuple[str, str]]:
    rows = mentions[mentions["doc_id"].str.startswith(prefix)]
    return set(zip(rows["term"], rows["label"], strict=True))


def forms_of(mentions: pd.DataFrame, prefix: str, term: str) -> set[str]:
    rows = mentions[mentions["doc_id"].str.startswith(prefix) & (mentions["term"] == term)]
    return set(rows["surface"])


def spans(text: str, **kwargs) -> list[tuple[str, str, str]]:
    return [(s.text, s.label, s.canonical) for s in extract_entities(text, **kwargs)]


# --- the seeds, document by document --------------------------------------------------------

SEED_TRUTH = {
    "000": {
        ("Mark Rutte", "PERSON"),
        ("Volodymyr Zelenskyy", "PERSON"),
        ("NATO", "ORG"),
        ("NATO-Ukraine Council", "ORG"),
        ("European Union", "ORG"),
        ("Australia", "GPE"),
        ("Japan", "GPE"),
        ("New Zealand", "GPE"),
        ("South Korea", "GPE"),
        ("Iran", "GPE"),
        ("China", "GPE"),
        ("North Korea", "GPE"),
        ("Wiesbaden", "GPE"),
        ("Germany", "GPE"),
        ("Ukraine", "GPE"),
        ("Europe", "LOC"),
        ("Indo-Pacific", "LOC"),
        ("Ukrainian", "NORP"),
    },
    "001": {
        ("Mark Rutte", "PERSON"),
        ("Rustem Umerov", "PERSON"),
        ("NATO", "ORG"),
        ("NATO Headquarters", "ORG"),
        ("NATO-Ukraine Council", "ORG"),
        ("European Union", "ORG"),
        ("South Korea", "GPE"),
        ("Brussels", "GPE"),
        ("Wiesbaden", "GPE"),
        ("Australia", "GPE"),
        ("Japan", "GPE"),
        ("New Zealand", "GPE"),
        ("Ukraine", "GPE"),
        ("Indo-Pacific", "LOC"),
        ("Ukrainian", "NORP"),
    },
    "002": {
        ("Mark Rutte", "PERSON"),
        ("Volodymyr Zelenskyy", "PERSON"),
        ("Rustem Umerov", "PERSON"),
        ("NATO", "ORG"),
        ("NATO-Ukraine Council", "ORG"),
        ("SACEUR", "ORG"),
        ("Western Balkans", "LOC"),
        ("Asia-Pacific", "LOC"),
        ("Iraq", "GPE"),
        ("Romania", "GPE"),
        ("Russia", "GPE"),
        ("Australia", "GPE"),
        ("Japan", "GPE"),
        ("South Korea", "GPE"),
        ("New Zealand", "GPE"),
        ("China", "GPE"),
        ("North Korea", "GPE"),
        ("Iran", "GPE"),
        ("Ukraine", "GPE"),
        ("Allied", "NORP"),
        ("Romanian", "NORP"),
        ("Russian", "NORP"),
        ("Ukrainian", "NORP"),
    },
    "003": {
        ("Jens Stoltenberg", "PERSON"),
        ("Yoav Gallant", "PERSON"),
        ("Volodymyr Zelenskyy", "PERSON"),
        ("Rustem Umerov", "PERSON"),
        ("NATO", "ORG"),
        ("NATO Headquarters", "ORG"),
        ("NATO-Ukraine Council", "ORG"),
        ("Hamas", "ORG"),
        ("Ukraine Defence Contact Group", "ORG"),
        ("Israel", "GPE"),
        ("Kosovo", "GPE"),
        ("Iraq", "GPE"),
        ("Estonia", "GPE"),
        ("Finland", "GPE"),
        ("Vilnius", "GPE"),
        ("Brussels", "GPE"),
        ("France", "GPE"),
        ("Italy", "GPE"),
        ("Spain", "GPE"),
        ("Russia", "GPE"),
        ("Ukraine", "GPE"),
        ("United States", "GPE"),
        ("Middle East", "LOC"),
        ("Europe", "LOC"),
        ("Allied", "NORP"),
        ("European", "NORP"),
        ("Israeli", "NORP"),
        ("Russian", "NORP"),
        ("Ukrainian", "NORP"),
    },
    "004": {
        ("Jens Stoltenberg", "PERSON"),
        ("Lloyd Austin", "PERSON"),
        ("NATO", "ORG"),
        ("NATO Headquarters", "ORG"),
        ("Ukraine Support Contact Group", "ORG"),
        ("Finland", "GPE"),
        ("Georgia", "GPE"),
        ("Sweden", "GPE"),
        ("Ukraine", "GPE"),
        ("Brussels", "GPE"),
        ("Russia", "GPE"),
        ("United States", "GPE"),
        ("Allied", "NORP"),
    },
}


@pytest.mark.parametrize("prefix", sorted(SEED_TRUTH))
def test_each_seed_has_exactly_the_entities_a_careful_reader_lists(seed_mentions, prefix):
    assert entities_of(seed_mentions, prefix) == SEED_TRUTH[prefix]


#: Spelling variants, titles and roles each seed must merge into one entity.
SEED_VARIANTS = [
    ("000", "Mark Rutte", {"Mark Rutte", "Rutte", "Secretary General"}),
    ("000", "Volodymyr Zelenskyy", {"Volodymyr Zelenskyy", "Zelenskyy"}),
    ("001", "South Korea", {"Republic of Korea"}),
    ("002", "Volodymyr Zelenskyy", {"Volodymyr Zelensky"}),
    ("002", "Mark Rutte", {"Mark Rutte", "Rutte", "Secretary General"}),
    ("003", "Volodymyr Zelenskyy", {"Zelenskyy"}),
    ("003", "Rustem Umerov", {"Umerov"}),
    ("003", "Jens Stoltenberg", {"Jens Stoltenberg", "Secretary General"}),
    ("004", "Jens Stoltenberg", {"Jens Stoltenberg", "Stoltenberg", "Secretary General"}),
    ("004", "Lloyd Austin", {"Lloyd Austin", "Austin", "Secretary of Defense"}),
    ("004", "United States", {"US"}),
]


NOT_ENTITIES = [
    "Defence Ministers",
    "Ministers",
    "Allies",
    "Alliance",
    "Thursday",
    "Friday",
    "October",
    "November",
    "Official",
    "Official photo",
    "Defense Ministerial",
    "Meeting",
    "MORE HEADLINES",
    "Secretary General",
    "Tomorrow",
    "Later",
]


@pytest.mark.parametrize("word", NOT_ENTITIES)
def test_no_common_noun_weekday_month_or_heading_is_an_entity(seed_mentions, word):
    assert word not in set(seed_mentions["term"])


@pytest.mark.parametrize(("prefix", "term", "forms"), SEED_VARIANTS)
def test_variants_merge_into_one_entity(seed_mentions, prefix, term, forms):
    assert forms_of(seed_mentions, prefix, term) == forms


# The default backend (the shipped model with the rules around it) must find every entity a careful
# reader lists, with its type, and merge every variant; it may find more (the model reads names the
# rules leave out), so these are inclusions, not equalities.


@pytest.fixture(scope="module")
def default_seed_mentions(seed_documents: pd.DataFrame) -> pd.DataFrame:
    return _entity_mentions(seed_documents)


@pytest.mark.parametrize("prefix", sorted(SEED_TRUTH))
def test_default_backend_finds_every_seed_entity_with_its_type(default_seed_mentions, prefix):
    assert SEED_TRUTH[prefix] - entities_of(default_seed_mentions, prefix) == set()


@pytest.mark.parametrize(("prefix", "term", "forms"), SEED_VARIANTS)
def test_default_backend_merges_the_seed_variants(default_seed_mentions, prefix, term, forms):
    assert forms - forms_of(default_seed_mentions, prefix, term) == set()


@pytest.mark.parametrize(
    ("prefix", "count"), [("000", 5), ("001", 5), ("002", 8), ("003", 3), ("004", 5)]
)
def test_the_secretary_general_is_counted_with_the_holder_of_the_day(seed_mentions, prefix, count):
    holder = "Mark Rutte" if prefix < "003" else "Jens Stoltenberg"
    rows = seed_mentions[
        seed_mentions["doc_id"].str.startswith(prefix) & (seed_mentions["term"] == holder)
    ]
    assert len(rows) == count


def test_mentions_table_has_the_public_columns_and_real_offsets(seed_documents, seed_mentions):
    assert list(seed_mentions.columns) == MENTION_COLUMNS
    assert set(seed_mentions["kind"]) == {"entity"}
    assert set(seed_mentions["label"]) <= set(ENTITY_LABELS)
    texts = dict(zip(seed_documents["doc_id"], seed_documents["text"], strict=True))
    for row in seed_mentions.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.surface
    assert len(seed_mentions) == 221


def test_entity_mentions_is_deterministic(seed_documents, seed_mentions):
    again = entity_mentions(seed_documents.iloc[::-1].reset_index(drop=True))
    key = ["doc_id", "start", "end"]
    assert (
        again.sort_values(key)
        .reset_index(drop=True)
        .equals(seed_mentions.sort_values(key).reset_index(drop=True))
    )


def test_an_empty_corpus_gives_an_empty_table():
    empty = entity_mentions(pd.DataFrame({"doc_id": [], "text": [], "date": []}))
    assert list(empty.columns) == MENTION_COLUMNS
    assert empty.empty


def test_user_aliases_win_and_exclusions_leave_no_rows(seed_documents):
    aliases = pd.DataFrame(
        {
            "action": ["rename", "exclude", "merge"],
            "pattern": ["Mark Rutte", "Allied", "Romania"],
            "canonical": ["Rutte", "", "Romania (NATO Ally)"],
            "label": ["", "", ""],
        }
    )
    mentions = entity_mentions(seed_documents, aliases=aliases)
    terms = set(mentions["term"])
    assert "Rutte" in terms and "Mark Rutte" not in terms
    assert "Allied" not in terms
    assert "Romania (NATO Ally)" in terms


# --- one document at a time -----------------------------------------------------------------


def test_span_text_is_the_slice_of_the_text():
    text = "Secretary General Mark Rutte met President Zelenskyy in Brussels on Friday."
    found = extract_entities(text)
    assert found == [
        Span(18, 28, "Mark Rutte", "PERSON", "Mark Rutte"),
        Span(43, 52, "Zelenskyy", "PERSON", "Zelenskyy"),
        Span(56, 64, "Brussels", "GPE", "Brussels"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ukrainian President Volodymyr Zelenskyy spoke. Later, President Zelenskyy left.",
            [
                ("Ukrainian", "NORP", "Ukrainian"),
                ("Volodymyr Zelenskyy", "PERSON", "Volodymyr Zelenskyy"),
                ("Zelenskyy", "PERSON", "Volodymyr Zelenskyy"),
            ],
        ),
        (
            "Mr Rutte spoke first. Secretary General Mark Rutte then left for The Hague.",
            [
                ("Rutte", "PERSON", "Mark Rutte"),
                ("Mark Rutte", "PERSON", "Mark Rutte"),
                ("The Hague", "GPE", "The Hague"),
            ],
        ),
        (
            "Defence Ministers of the Republic of Korea and Japan met on Thursday 17 October.",
            [("Republic of Korea", "GPE", "South Korea"), ("Japan", "GPE", "Japan")],
        ),
        (
            "The Supreme Allied Commander Europe (SACEUR) spoke. SACEUR later left.",
            [
                ("Supreme Allied Commander Europe", "ORG", "SACEUR"),
                ("SACEUR", "ORG", "SACEUR"),
                ("SACEUR", "ORG", "SACEUR"),
            ],
        ),
        (
            "The Collective Rapid Reaction Force (CRRF) was sent. The CRRF is ready.",
            [
                ("Collective Rapid Reaction Force", "ORG", "Collective Rapid Reaction Force"),
                ("CRRF", "ORG", "Collective Rapid Reaction Force"),
                ("CRRF", "ORG", "Collective Rapid Reaction Force"),
            ],
        ),
        (
            # an acronym that is also a town's name ("Bake") stands for what the text defines
            "The Bloggers Association of Kenya (BAKE) met on Sunday. BAKE gave awards.",
            [
                ("Bloggers Association of Kenya", "ORG", "Bloggers Association of Kenya"),
                ("BAKE", "ORG", "Bloggers Association of Kenya"),
                ("BAKE", "ORG", "Bloggers Association of Kenya"),
            ],
        ),
        (
            # letters of its name in another language: the acronym is still the organisation's
            "Farmers joined the Landless Workers Movement (MST) in May. MST camps grew.",
            [
                ("Landless Workers Movement", "ORG", "Landless Workers Movement"),
                ("MST", "ORG", "MST"),
                ("MST", "ORG", "MST"),
            ],
        ),
        (
            "The North American Free Trade Agreement (NAFTA) ends. NAFTA was signed in 1992.",
            [
                (
                    "North American Free Trade Agreement",
                    "MISC",
                    "North American Free Trade Agreement",
                ),
                ("NAFTA", "MISC", "North American Free Trade Agreement"),
                ("NAFTA", "MISC", "North American Free Trade Agreement"),
            ],
        ),
        (
            "Israeli Defence Minister Yoav Gallant will brief NATO Allies on Israel's response.",
            [
                ("Israeli", "NORP", "Israeli"),
                ("Yoav Gallant", "PERSON", "Yoav Gallant"),
                ("NATO", "ORG", "NATO"),
                ("Israel", "GPE", "Israel"),
            ],
        ),
        (
            "He met the Head of the Office of the President Andriy Yermak in Kyiv.",
            [
                ("Office of the President", "ORG", "Office of the President"),
                ("Andriy Yermak", "PERSON", "Andriy Yermak"),
                ("Kyiv", "GPE", "Kyiv"),
            ],
        ),
        (
            "Troops near Kiev and Kharkov; the US-led coalition and the EU responded.",
            [
                ("Kiev", "GPE", "Kyiv"),
                ("Kharkov", "GPE", "Kharkiv"),
                ("US", "GPE", "United States"),
                ("EU", "ORG", "European Union"),
            ],
        ),
        (
            "MORE HEADLINES\nOfficial photo of the NATO Ministers of Defence",
            [("NATO", "ORG", "NATO")],
        ),
        (
            "Wall Street fell after the World Cup; Nord Stream was shut.",
            [
                ("Wall Street", "LOC", "Wall Street"),
                ("World Cup", "MISC", "World Cup"),
                ("Nord Stream", "PERSON", "Nord Stream"),
            ],
        ),
    ],
)
def test_extract_entities_on_awkward_sentences(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NATO’s Secretary General Mark Rutte met Ukraine’s President.",  # curly apostrophes
        "NATO's Secretary General\u00a0Mark\u00a0Rutte met Ukraine's President.",  # NBSP
        "“NATO’s Secretary General Mark Rutte met Ukraine’s President.”",  # curly quotes
    ],
)
def test_raw_text_with_curly_quotes_and_nbsp_gives_the_same_entities(text):
    found = [(s.label, s.canonical) for s in extract_entities(text)]
    assert found == [("ORG", "NATO"), ("PERSON", "Mark Rutte"), ("GPE", "Ukraine")]


def test_a_role_is_resolved_within_the_document_and_marked():
    text = "Secretary General Jens Stoltenberg arrived. The Secretary General said no."
    role = extract_entities(text)[-1]
    assert (role.text, role.canonical, role.resolved_by) == (
        "Secretary General",
        "Jens Stoltenberg",
        "role",
    )


def test_a_role_refers_back_to_the_role_mention_before_it():
    # Two presidents introduced; "The President of Ukraine" is Zelenskyy by its office, and the
    # bare "the President" of the next sentence refers back to that mention, not to the
    # president introduced last.
    text = (
        "President of Ukraine Volodymyr Zelenskyy met President of Azerbaijan Ilham Aliyev. "
        "The President of Ukraine thanked him. In this regard, the President proposed a summit."
    )
    roles = [(s.start, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == [
        (text.index("President of Ukraine thanked"), "Volodymyr Zelenskyy"),
        (text.index("President proposed"), "Volodymyr Zelenskyy"),
    ]


def test_a_role_that_opens_an_office_name_is_no_mention_of_a_person():
    text = (
        "President Volodymyr Zelenskyy spoke. The Head of the President's Office said so, "
        "and the President agreed."
    )
    roles = [(s.start, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == [(text.index("the President agreed") + 4, "Volodymyr Zelenskyy")]


@pytest.mark.parametrize(
    "name",
    ["President's Council on Sports", "President's Cup", "President's Office"],
)
def test_a_role_that_opens_a_name_with_a_possessive_is_no_mention_of_a_person(name):
    text = f"President Donald Trump spoke. The {name} met, and the President's wife agreed."
    roles = [(s.start, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == [(text.index("President's wife"), "Donald Trump")]


def test_a_role_before_the_title_of_its_holders_aide_is_a_mention_of_the_holder():
    text = "President Donald Trump spoke. The President's Press Secretary said so."
    roles = [(s.start, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == [(text.index("President's Press"), "Donald Trump")]


def test_a_facility_named_after_someone_is_no_person():
    text = "Visitors may see the Jacqueline Kennedy Garden today."
    people = [text[s.start : s.end] for s in extract_entities(text) if s.label == "PERSON"]
    assert people == ["Jacqueline Kennedy"]


def test_a_role_in_apposition_to_a_name_is_no_mention_but_says_who_holds_it():
    text = (
        "Our envoy for Yemen, Hans Grundberg, worked hard. We thank our Special Envoy, Tim "
        "Lenderking. Jane Roe, Secretary of Labor, spoke. Later the Secretary of Labor left."
    )
    roles = [(s.start, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == [(text.rindex("Secretary of Labor"), "Jane Roe")]


def test_a_role_before_its_own_holders_name_is_no_apposition():
    text = "with Denys Shmyhal, Head of the President's Office Andriy Yermak, and others"
    role = Candidate(text.index("Head"), text.index("Head") + 4, "PERSON", "head", kind="role")
    shmyhal_end = text.index(",")
    yermak = text.index("Andriy")
    ends, starts = {shmyhal_end: "Denys Shmyhal"}, {text.index("Denys"): "Denys Shmyhal"}
    assert _in_apposition(text, role, ends, starts) == "Denys Shmyhal"
    assert _in_apposition(text, role, ends, {**starts, yermak: "Andriy Yermak"}) is None


def test_a_role_with_no_holder_in_the_document_is_left_out():
    assert spans("The Secretary General said no.") == []


def test_roles_resolve_from_the_corpus_by_date():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "date": ["2023-10-11", "2024-10-17", "2023-12-01", "2025-01-05"],
            "text": [
                "NATO Secretary General Jens Stoltenberg met ministers.",
                "NATO Secretary General Mark Rutte met ministers.",
                "The Secretary General met NATO ministers.",
                "The Secretary General met NATO ministers.",
            ],
        }
    )
    mentions = entity_mentions(documents)
    roles = mentions[mentions["surface"] == "Secretary General"]
    assert dict(zip(roles["doc_id"], roles["term"], strict=True)) == {
        "c": "Jens Stoltenberg",
        "d": "Mark Rutte",
    }


def test_a_role_goes_to_the_holder_the_document_names_whatever_its_date():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": ["2023-10-11", "2024-10-17", "2024-11-27"],
            "text": [
                "NATO Secretary General Jens Stoltenberg met ministers.",
                "NATO Secretary General Mark Rutte met ministers.",
                "The Secretary General met NATO ministers. Jens Stoltenberg said so.",
            ],
        }
    )
    mentions = entity_mentions(documents)
    role = mentions[(mentions["doc_id"] == "c") & (mentions["surface"] == "Secretary General")]
    assert role["term"].tolist() == ["Jens Stoltenberg"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Critics want an Attorney General who will obey.",  # an indefinite article
        "Critics want a pro-Trump Attorney General.",
        "Every GOP Attorney General should be investigated.",  # a quantifier
        "She may be the next Attorney General.",  # a holder still to come
        "He ran for Attorney General in 2010.",  # the office as a goal
        "The nominees for Governor, Attorney General, and Mayor won.",  # a list of offices
        "Alabama's newest Attorney General took office.",  # a new holder, not yet known
        "You are a White House Communications Attorney General.",  # a hypothetical one
        "An aide to Attorney General Barr spoke.",  # a title before a name no one else has
        "Vote for your Attorney General @JohnDoe today.",  # a title before a handle
    ],
)
def test_a_role_that_names_no_one_in_particular_is_not_resolved(sentence):
    text = f"Attorney General Jeff Sessions spoke. {sentence}"
    roles = [s for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == []


def test_a_former_holder_is_only_one_the_document_names():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": ["2019-01-10", "2018-06-01", "2019-07-01"],
            "text": [
                "US Vice President Mike Pence met NATO ministers.",
                "Former US Vice President Joe Biden spoke. The former Vice President met voters.",
                "The former Vice President met US voters.",
            ],
        }
    )
    mentions = entity_mentions(documents)
    roles = mentions[mentions["surface"] == "Vice President"]
    # By date, "the Vice President" of the US would be Mike Pence: not when he is a former one.
    assert dict(zip(roles["doc_id"], roles["term"], strict=True)) == {"b": "Joe Biden"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "President Donald Trump spoke. Do you agree with President @realDonaldTrump?",
            [("President", "Donald Trump")],
        ),
        ("Governor Matt Bevin spoke. Vote for Governor @MattBevin!", [("Governor", "Matt Bevin")]),
    ],
)
def test_a_title_before_a_handle_is_the_person_the_handle_names(text, expected):
    roles = [(s.text, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == expected


def test_an_honorific_before_a_title_makes_a_role():
    text = "Vice President Mike Pence arrived. Thank you, Mr Vice President."
    roles = [(s.text, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == [("Mr Vice President", "Mike Pence")]


def test_a_role_is_not_resolved_by_date_when_the_document_does_not_name_the_office():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "date": ["2023-10-11", "2023-12-01"],
            "text": [
                "NATO Secretary General Jens Stoltenberg met ministers.",
                "The Secretary General of the club resigned.",
            ],
        }
    )
    assert entity_mentions(documents)["doc_id"].tolist() == ["a", "a"]


def test_a_shared_office_is_not_resolved_by_date():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": ["2022-03-01", "2022-03-02", "2022-03-02"],
            "text": [
                "Russian President Vladimir Putin spoke.",
                "Ukrainian President Volodymyr Zelenskyy spoke.",
                "The President spoke.",
            ],
        }
    )
    mentions = entity_mentions(documents)
    assert mentions[mentions["doc_id"] == "c"].empty


# --- roles on a real corpus: "the Head of State" and other titles without a name -----------

HEAD_OF_STATE_CORPUS = pd.DataFrame(
    {
        "doc_id": ["kyiv", "moscow", "forum", "delegation", "regions", "brunei", "alone"],
        "date": ["2022-05-01"] * 7,
        "text": [
            "President of Ukraine Volodymyr Zelenskyy met President of Poland Andrzej Duda in "
            "Kyiv. Volodymyr Zelenskyy thanked Poland for its help. The Head of State said the "
            "talks were useful.",
            "Vladimir Putin held talks with President of Kazakhstan Kassym-Jomart Tokayev. "
            "Vladimir Putin said trade had grown. The Head of State also spoke about energy.",
            "President of Russia Vladimir Putin opened the forum in Moscow.",
            "The Chair of the European Parliament Delegation to the Assembly met the press. Head "
            "of the Office of the President Andriy Yermak joined them. The Head of State was not "
            "there.",
            "Head of the Chechen Republic Ramzan Kadyrov opened a school. Head of the Republic of "
            "Buryatia reported on the roads. The Head of State sent greetings.",
            "The Sultan and Head of State of Brunei Darussalam arrived in Moscow.",
            "The Head of State visited a hospital.",
        ],
    }
)


@pytest.fixture(scope="module")
def head_of_state_mentions() -> pd.DataFrame:
    return entity_mentions(HEAD_OF_STATE_CORPUS)


def test_the_head_of_state_is_the_president_the_document_names(head_of_state_mentions):
    roles = head_of_state_mentions[head_of_state_mentions["surface"] == "Head of State"]
    assert dict(zip(roles["doc_id"], roles["term"], strict=True)) == {
        "kyiv": "Volodymyr Zelenskyy",  # named twice; the Polish president once
        "moscow": "Vladimir Putin",  # a president by the corpus ("forum"), not by this document
    }


@pytest.mark.parametrize("doc_id", ["delegation", "regions", "brunei", "alone"])
def test_an_unresolved_role_is_no_person(head_of_state_mentions, doc_id):
    """No president named: "the Head of State" is left out, never given to a "Head of" someone
    else (an office's head, a region's head) or to the word after a title ("Delegation")."""
    rows = head_of_state_mentions[head_of_state_mentions["doc_id"] == doc_id]
    people = rows[rows["label"] == "PERSON"]
    assert set(people["surface"]) <= {"Andriy Yermak", "Ramzan Kadyrov"}
    assert set(people["term"]) <= {"Andriy Yermak", "Ramzan Kadyrov"}


def test_a_role_never_becomes_a_common_word(head_of_state_mentions):
    terms = set(head_of_state_mentions["term"])
    assert not terms & {"Delegation", "Head", "Head of State", "Sultan"}


def test_a_title_before_a_common_word_names_no_one():
    text = "The Chair of the European Parliament Delegation met the press."
    assert spans(text) == [("European Parliament", "ORG", "European Parliament")]


def test_a_role_inside_a_longer_title_is_not_a_mention():
    text = (
        "Head of the Office of the President Andriy Yermak arrived. The Adviser to the Head of "
        "the Office of the President said so. The Head of the Office of the President left."
    )
    roles = [(s.text, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == [("Head", "Andriy Yermak")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Volodymyr Zelenskyy", True),
        ("Zelenskyy", True),
        ("Kirill", True),
        ("Ursula von der Leyen", True),
        ("Delegation", False),
        ("Head", False),
        ("Secretary General", False),
        ("Office", False),
        ("European Union", False),
        ("Ukraine", False),
        ("", False),
    ],
)
def test_only_a_name_shaped_like_a_persons_can_hold_an_office(name, expected):
    assert is_person_name(name) is expected


def test_a_caption_glued_to_a_name_is_the_same_person():
    text = "Minister Alexander Lukashenko Lukashenko AlexanderPresident of Belarus: Thank you."
    people = {(s.text, s.canonical) for s in extract_entities(text) if s.label == "PERSON"}
    assert people == {
        ("Alexander Lukashenko", "Alexander Lukashenko"),  # the name stops at the repeated word
        ("Lukashenko Alexander", "Alexander Lukashenko"),  # surname first: the same person
    }


# --- organisation and place shapes from the real corpus --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Office of the President of Ukraine Andriy Yermak spoke.",
            [
                ("Office of the President of Ukraine", "ORG", "Office of the President of Ukraine"),
                ("Andriy Yermak", "PERSON", "Andriy Yermak"),
            ],
        ),
        (
            "Officers from the Federal Service for Veterinary and Phytosanitary Supervision met.",
            [
                (
                    "Federal Service for Veterinary and Phytosanitary Supervision",
                    "ORG",
                    "Federal Service for Veterinary and Phytosanitary Supervision",
                )
            ],
        ),
        (
            "A decision of the National Security and Defense Council of February was published.",
            [
                (
                    "National Security and Defense Council",
                    "ORG",
                    "National Security and Defense Council",
                )
            ],
        ),
        (
            "Premier Denys Shmyhal and Head of the Office of the President Andriy Yermak met.",
            [
                ("Denys Shmyhal", "PERSON", "Denys Shmyhal"),
                ("Office of the President", "ORG", "Office of the President"),
                ("Andriy Yermak", "PERSON", "Andriy Yermak"),
            ],
        ),
        (
            "Tankers use the Northern Sea Route and the Gulf of Finland.",
            [
                ("Northern Sea Route", "LOC", "Northern Sea Route"),
                ("Gulf of Finland", "LOC", "Gulf of Finland"),
            ],
        ),
        (
            "Trade in the Asia-Pacific Region grew.",
            [("Asia-Pacific Region", "LOC", "Asia-Pacific")],
        ),
    ],
)
def test_organisation_and_place_names_end_where_they_should(text, expected):
    assert spans(text) == expected


SHORT_NAMES_CORPUS = pd.DataFrame(
    {
        "doc_id": ["full", "short", "czech", "both", "russia", "councils", "duma"],
        "date": [""] * 7,
        "text": [
            "The Office of the President of Ukraine issued a statement. The Office of the "
            "President later added details.",
            "The Office of the President published a report on Ukraine.",
            "The Office of the President of the Czech Republic replied.",
            "The Armed Forces of Ukraine advanced. Russia said the Armed Forces had crossed the "
            "river.",
            "The Armed Forces of Russia held drills. The Armed Forces of the Russian Federation "
            "are the Russian Armed Forces.",
            "The UN Security Council met. The Security Council of Russia met too. The Security "
            "Council is busy.",
            "The State Duma of the Russian Federation and the State Duma voted.",
        ],
    }
)


@pytest.mark.parametrize(
    ("doc_id", "surface", "term"),
    [
        # the document names the full form
        ("full", "Office of the President", "Office of the President of Ukraine"),
        # the corpus uses both together, and this document names Ukraine, not the Czech Republic
        ("short", "Office of the President", "Office of the President of Ukraine"),
        # Armed Forces of Ukraine and of Russia in the corpus, and this document names both
        ("both", "Armed Forces", "Armed Forces"),
        # one country's institution, two full forms: one name
        ("russia", "Armed Forces of Russia", "Armed Forces of the Russian Federation"),
        ("russia", "Russian Armed Forces", "Russian Armed Forces"),
        # "UN Security Council" in the same document: the short name is ambiguous
        ("councils", "Security Council", "Security Council"),
        ("councils", "Security Council of Russia", "Security Council of Russia"),
        # the word lists' name wins over the full forms of it
        ("duma", "State Duma of the Russian Federation", "State Duma"),
        ("duma", "State Duma", "State Duma"),
    ],
)
def test_a_short_organisation_name_takes_its_full_name_only_where_that_is_clear(
    doc_id, surface, term
):
    mentions = entity_mentions(SHORT_NAMES_CORPUS)
    rows = mentions[(mentions["doc_id"] == doc_id) & (mentions["surface"] == surface)]
    assert set(rows["term"]) == {term}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Aa Bb.,'’“”\u00a0\n-()NATOUSMr")), max_size=80))
def test_any_text_gives_valid_spans(text):
    for span in extract_entities(text):
        assert text[span.start : span.end] == span.text
        assert span.label in ENTITY_LABELS
        assert span.canonical


# --- corpus-wide merging --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "skeleton"),
    [
        ("Zelenskyy", "zelensky"),
        ("Zelensky", "zelensky"),
        ("Zelenskiy", "zelensky"),
        ("Zelenski", "zelensky"),
        ("Al-Assad", "al asad"),  # a hyphen parts words: "Bashar al-Assad" = "Bashar Assad"
        ("Kim Jong-un", "kim yong un"),
        ("Volodymyr Zelenskyy", "volodymyr zelensky"),
        ("Erdoğan", "erdogan"),
    ],
)
def test_name_skeleton_ignores_spelling(name, skeleton):
    assert name_skeleton(name) == skeleton


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Joe", "Joseph", True),  # a nickname (the nicknames package's list)
        ("Bill", "William", True),
        ("V.", "Volodymyr", True),  # an initial
        ("Sergei", "Sergey", True),  # one skeleton
        ("Vladimir", "Volodymyr", True),  # a transliteration: same consonants, vowel classes
        ("Mykhailo", "Mikhail", True),
        ("Brian", "Boris", False),  # two names: "Brian Johnson" is not "Boris Johnson"
        ("Jill", "Joe", False),
        ("Hassan", "Hussein", False),
        ("Mohammad", "Mahmoud", False),
        ("Dan", "Don", False),  # short names differ by one vowel
    ],
)
def test_first_names_are_one_only_with_evidence(a, b, same):
    assert _same_first_name(a, b) is same
    assert _same_first_name(b, a) is same


def test_people_whose_first_names_differ_are_never_merged():
    names = ["Boris Johnson"] * 5 + ["Brian Johnson", "Hassan Ali", "Hussein Ali"]
    mapping = corpus_person_map(names)
    assert mapping["Brian Johnson"] == "Brian Johnson"
    assert mapping["Hussein Ali"] == "Hussein Ali"


def test_corpus_person_map_merges_spellings_and_lone_surnames():
    names = ["Volodymyr Zelenskyy"] * 5 + ["Vladimir Zelensky", "Olena Zelenska", "Zelensky"]
    names += ["Joseph Biden"] * 2 + ["Joe Biden", "J. Biden", "Jill Biden", "Biden"]
    assert corpus_person_map(names) == {
        "Volodymyr Zelenskyy": "Volodymyr Zelenskyy",
        "Vladimir Zelensky": "Volodymyr Zelenskyy",
        "Olena Zelenska": "Olena Zelenska",
        "Zelensky": "Volodymyr Zelenskyy",
        "Joseph Biden": "Joseph Biden",
        "Joe Biden": "Joseph Biden",
        "J. Biden": "Joseph Biden",
        "Jill Biden": "Jill Biden",
        "Biden": "Joseph Biden",
    }


def test_a_lone_surname_shared_by_two_people_stays_itself():
    assert corpus_person_map(["Hunter Biden", "Jill Biden", "Biden"])["Biden"] == "Biden"


def test_one_word_names_are_one_only_when_they_spell_one_surname():
    mapping = corpus_person_map(["Love", "Lowe", "Lowe", "Zelensky", "Zelenskyy", "Zelenskyy"])
    # "Love" and "Lowe" share a skeleton (v and w fold together), not a spelling.
    assert mapping == {
        "Love": "Love",
        "Lowe": "Lowe",
        "Zelensky": "Zelenskyy",
        "Zelenskyy": "Zelenskyy",
    }


# --- backends -------------------------------------------------------------------------------


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown entity backend 'bert'"):
        extract_entities("NATO", backend="bert")


def test_model_and_rules_backends_are_always_available():
    assert available_backends()[:2] == ["model", "rules"]


HAS_SPACY = importlib.util.find_spec("spacy") is not None


@pytest.mark.skipif(not HAS_SPACY, reason="spaCy is not installed (optional backend)")
def test_spacy_backend_goes_through_the_same_alias_resolution(tmp_path):
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "President Zelenskyy"},
            {"label": "PERSON", "pattern": "Volodymyr Zelensky"},
            {"label": "GPE", "pattern": "Republic of Korea"},
            {"label": "NORP", "pattern": "Ukrainian"},
            {"label": "DATE", "pattern": "Thursday"},
        ]
    )
    nlp.to_disk(tmp_path / "pipeline")
    backend = f"spacy:{tmp_path / 'pipeline'}"
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "date": ["2024-10-17", "2024-10-18"],
            "text": [
                "On Thursday President Zelenskyy met the Republic of Korea.",
                "Ukrainian leader Volodymyr Zelensky spoke.",
            ],
        }
    )
    mentions = entity_mentions(documents, backend=backend)
    columns = ["doc_id", "term", "label", "surface"]
    assert list(mentions[columns].itertuples(index=False, name=None)) == [
        ("a", "Volodymyr Zelensky", "PERSON", "Zelenskyy"),
        ("a", "South Korea", "GPE", "Republic of Korea"),
        ("b", "Ukrainian", "NORP", "Ukrainian"),
        ("b", "Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky"),
    ]
    assert f"spacy:{tmp_path / 'pipeline'}" not in available_backends()  # a path, not a package


def test_spacy_backend_without_the_pipeline_is_a_clear_error():
    if HAS_SPACY:
        with pytest.raises(ValueError, match="not installed"):
            extract_entities("NATO", backend="spacy:no_such_pipeline_here")
    else:
        with pytest.raises(ImportError, match="pip install spacy"):
            extract_entities("NATO", backend="spacy")


_CONTEXT_PIECES = st.sampled_from(
    [
        "said", "says", "told", "added", "noted", "stressed", "explained", "saidx", "xsaid",
        "in", "into", "inside", "at", "to", "from", "near", "across", "outside", "of", "the",
        "de", "la", "y", "and", "on", "van", "der", "for", "Kyiv", "NATO", "U.S.", "A.", "Élysée",
        "Київ", "kyiv", "x", "_", "-", "'", "’", "(", ".", ",", "3", " ", "  ", "\t", "\u00a0",
        "\n",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_CONTEXT_PIECES, max_size=30).map("".join))
def test_context_words_are_what_the_pattern_finds(text):
    capitals = [match.span() for match in rules._CAPITAL_WORD.finditer(text)]
    expected = [match.span() for match in rules._CONTEXT_WORD.finditer(text)]
    assert rules.context_words(text, capitals) == expected


def test_a_company_another_story_names_with_its_legal_form_is_that_company():
    from analysis.extract.entities import corpus_entity_mentions
    from analysis.extract.entities.resolve import DocumentEntities, Span

    texts = ["Pennzoil Co said it would appeal.", "Pennzoil said the ruling was wrong."]
    documents = [
        DocumentEntities([Span(0, 11, "Pennzoil Co", "ORG", "Pennzoil Co")], [], []),
        DocumentEntities([Span(0, 8, "Pennzoil", "PERSON", "Pennzoil")], [], []),
    ]
    mentions = corpus_entity_mentions(["a", "b"], texts, ["", ""], documents, set())
    assert mentions[["doc_id", "term", "label", "surface"]].values.tolist() == [
        ["a", "Pennzoil Co", "ORG", "Pennzoil Co"],
        ["b", "Pennzoil Co", "ORG", "Pennzoil"],
    ]


# --- one unknown word is no one's name ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        ("Courtesy of the museum.", "Courtesy", "MISC"),  # no list, no title, no full name
        ("Diazepam was found.", "Diazepam", "MISC"),
        ("President Zelenskyy spoke.", "Zelenskyy", "PERSON"),  # a title introduces him
        ("Mr. Oubre scored.", "Oubre", "PERSON"),
        ("Miller said so.", "Miller", "PERSON"),  # a listed surname
        ("Ronan and Mia Farrow came; Farrow spoke.", "Farrow", "PERSON"),  # in a full name
    ],
)
def test_a_lone_unknown_word_is_a_person_only_with_evidence(text, word, label):
    start = text.rindex(word)
    span = Span(start, start + len(word), word, "PERSON", word)
    words = person_name_words(["Mia Farrow"] if "Mia Farrow" in text else [])
    assert _unknown_lone_name(text, span, words, lexicon()).label == label


def test_person_name_words_are_the_words_of_full_names_only():
    assert person_name_words(["Mia Farrow", "Cher", "Kelly Oubre Jr."]) == {
        "mia",
        "farrow",
        "kelly",
        "oubre",
        "jr.",
    }


# --- which full names a lone surname may stand for ------------------------------------------------


def test_a_headline_name_ending_in_a_place_or_a_company_takes_no_lone_word():
    names = ["Embattled Alabama", "Alabama", "Alabama", "All Fox", "Fox", "Fox"]
    mapping = corpus_person_map(names, {"embattled", "all"})
    assert mapping["Alabama"] == "Alabama" and mapping["Fox"] == "Fox"


def test_a_given_name_no_list_holds_still_bears_a_surname_that_is_a_city():
    """Obama is a Japanese city and no name list holds "Barack": the corpus never writes
    "barack" in lower case, so "Obama" alone is Barack Obama (the dominant bearer)."""
    names = ["Barack Obama"] * 5 + ["Michelle Obama"] + ["Obama"] * 9
    assert corpus_person_map(names, {"embattled"})["Obama"] == "Barack Obama"


def test_in_one_article_the_surname_after_the_full_name_is_that_person():
    text = "Barack Obama spoke on Monday. Later, Obama said the vote would pass."
    people = {s.text: s.canonical for s in _extract_entities(text) if s.label == "PERSON"}
    assert people == {"Barack Obama": "Barack Obama", "Obama": "Barack Obama"}


@pytest.mark.parametrize(
    ("text", "word", "inside"),
    [
        ("Her answer: #MissAmerica pageant", "America", True),  # a hashtag
        ("said Paul Ryan (@SpeakerRyan) on", "Ryan)", True),  # a handle
        ("the Goon Squad Couldn't keep", "Could", True),  # a longer word
        ("the crime in the U.K.The report", "U.K.", False),  # glued to the next sentence
        ("Lukashenko AlexanderPresident of Belarus", "Alexander", False),  # a glued caption
        ("Lukashenko AlexanderPresident of Belarus", "President", False),
        ("please go to: www.TorontoStarReprints.com NEW", "Toronto", True),  # a link
        ("see https://www.Reuters.com/world for more", "Reuters", True),
        ("see the www. Reuters site", "Reuters", False),  # a space ends the link
    ],
)
def test_part_of_a_word(text, word, inside):
    start = text.index(word)
    end = start + len(word.rstrip(")"))
    assert part_of_a_word(text, start, end) is inside


def test_handles_and_hashtags_name_no_one():
    text = "Paul Ryan (@SpeakerRyan) spoke. #MissAmerica fans cheered in Atlantic City."
    found = [(s.text, s.label) for s in _extract_entities(text)]
    assert found == [("Paul Ryan", "PERSON"), ("Atlantic City", "GPE")]


@pytest.mark.parametrize(
    ("text", "lone", "person"),
    [
        (
            "North Korean leader Kim Jong Un fired a missile. Kim said more would come.",
            "Kim",
            "Kim Jong Un",
        ),
    ],
)
def test_a_family_name_written_first_names_the_person_alone(text, lone, person):
    spans = [s for s in _extract_entities(text) if s.text == lone]
    assert [(s.label, s.canonical) for s in spans] == [("PERSON", person)]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Shannon Bennett spoke on Monday. Shannon, 48, said nothing more.", "Shannon Bennett"),
        ("Donald Trump spoke on Monday. Donald said nothing more.", "Donald Trump"),
        # two people of that given name: the word alone is neither
        ("Donald Trump met Donald Tusk on Monday. Donald said nothing more.", "Donald"),
    ],
)
def test_a_given_name_alone_is_the_one_person_of_that_name_in_the_document(text, canonical):
    word = text.split(". ")[1].split()[0].strip(",")
    lone = [s for s in _extract_entities(text) if s.text == word]
    assert [(s.label, s.canonical) for s in lone] == [("PERSON", canonical)]


def test_a_nationality_the_model_calls_a_person_is_a_group():
    text = "A van struck down worshippers in London. Muslims gathered near the mosque on Monday."
    assert ("Muslims", "NORP") in [(s.text, s.label) for s in _extract_entities(text)]


@pytest.mark.parametrize(
    ("full", "lone", "label", "evidence", "resolved"),
    [
        ("Xi Jinping", "Xi", "ORG", "model", True),  # whatever type the lone word was given
        ("Ng Yat Chung", "Ng", "PERSON", "model", True),
        ("Bihar Epidemic Disease", "Bihar", "PERSON", "unknown", False),  # a guessed "person"
        ("Donald Trump", "Donald", "PERSON", "model", True),  # the one Donald: a given name
        ("Donald Trump", "Donald", "MISC", "model", False),  # a given name the model saw no one in
    ],
)
def test_family_name_first_in_one_document(full, lone, label, evidence, resolved):
    from analysis.extract.entities.resolve import resolve_document

    text = f"Yesterday {full} spoke at length. Then {lone} left the hall."
    first, again = text.index(full), text.index(f"Then {lone}") + 5
    candidates = [
        Candidate(first, first + len(full), "PERSON", full, evidence=evidence),
        Candidate(again, again + len(lone), label, lone, evidence="model"),
    ]
    span = resolve_document(text, candidates).spans[1]
    assert (span.canonical == full) is resolved


def test_a_hyphenated_and_a_spaced_spelling_are_one_person():
    names = ["Kim Jong-Un"] * 4 + ["Kim Jong Un"] * 3 + ["Bashar al-Assad", "Bashar Assad"]
    mapping = corpus_person_map(names)
    assert mapping["Kim Jong Un"] == "Kim Jong-Un"
    assert mapping["Bashar Assad"] == mapping["Bashar al-Assad"]


@pytest.mark.parametrize(
    ("text", "word", "doubtful"),
    [
        ("Time is running out, he said. There is no time.", "Time", True),  # Time, Norway
        ("Congress kept the SALT deduction cap in the bill.", "SALT", True),  # Salt, Spain
        ("PARIS (Reuters) - The talks began.", "PARIS", False),  # a dateline
        ("Caption Close LOUISVILLE, Ky. (AP) - Tiz the Law won.", "LOUISVILLE", False),
        ("SOCCER - BELGIUM SCRAPE PAST TURKEY DESPITE TROUBLE", "TURKEY", False),  # a heading
        ("The UK and the US agreed.", "UK", False),  # a short form of a country
        ("He moved to Reading last year.", "Reading", False),  # not written in lower case
        ("The Global Gender Gap report shows a gap.", "Gap", True),  # Gap, France: a title's word
    ],
)
def test_doubtful_place(text, word, doubtful):
    start = text.index(word)
    candidate = Candidate(start, start + len(word), "GPE", word, evidence="gazetteer")
    assert doubtful_place(text, candidate, lexicon()) is doubtful


def test_a_city_the_corpus_writes_more_often_as_a_surname_is_that_person():
    from analysis.extract.entities import _surnames_over_cities

    terms = ["Barack Obama", "Barack Obama", "Barack Obama", "Obama", "Houston", "Houston"]
    labels = ["PERSON", "PERSON", "PERSON", "GPE", "GPE", "GPE"]
    surfaces = ["Obama", "Obama", "Barack Obama", "Obama", "Houston", "Houston"]
    terms += ["Whitney Houston", "Jordan", "Michael Jordan", "Michael Jordan"]
    labels += ["PERSON", "GPE", "PERSON", "PERSON"]
    surfaces += ["Houston", "Jordan", "Jordan", "Jordan"]
    _surnames_over_cities(terms, labels, surfaces, lexicon())
    assert (terms[3], labels[3]) == ("Barack Obama", "PERSON")  # 2 as the person, 1 as the city
    assert terms[4:6] == ["Houston", "Houston"]  # more often the city
    assert terms[7] == "Jordan"  # a country keeps its place


def test_a_lone_word_joins_a_person_of_one_story_only_when_it_is_nobody_elses():
    names = ["Martin Taylor", "Taylor", "Bruno Mars", "Mars", "Muthiah Muralitharan"]
    names += ["Muralitharan", "Donald Trump", "Donald Trump", "Trump"]
    spread = {"Martin Taylor": 1, "Bruno Mars": 1, "Muthiah Muralitharan": 1, "Donald Trump": 2}
    mapping = corpus_person_map(names, {"trump"}, spread)
    assert mapping["Taylor"] == "Taylor"  # a given name and a surname: anyone's
    assert mapping["Mars"] == "Mars"  # a listed given name (and a planet)
    assert mapping["Muralitharan"] == "Muthiah Muralitharan"  # nobody else's
    assert mapping["Trump"] == "Donald Trump"  # named in full in two stories
    assert corpus_person_map(names)["Taylor"] == "Martin Taylor"  # without spread: as before


def test_an_unlisted_organisation_beside_a_full_name_ending_with_it_is_that_person():
    from analysis.extract.entities import _plain_full_names, _surnames_beside_their_person

    rows = [  # (document, term, label, surface)
        ("a", "Reince Priebus", "PERSON", "Reince Priebus"),
        ("a", "Priebus", "ORG", "Priebus"),  # the model's type, beside the full name
        ("a", "Nancy Pelosi", "PERSON", "Nancy Pelosi"),
        ("a", "Pelosi", "GPE", "Pelosi"),
        ("b", "Priebus", "ORG", "Priebus"),  # another story, without the full name: kept
        ("c", "Jack Charlton", "PERSON", "Jack Charlton"),
        ("d", "Charlton", "ORG", "Charlton"),  # a club in a football table
        ("e", "Hey NFL", "PERSON", "Hey NFL"),
        ("e", "NFL", "ORG", "NFL"),  # an acronym
        ("f", "Ron Sachs Pool", "PERSON", "Ron Sachs Pool"),  # a photo credit
        ("f", "Pool", "ORG", "Pool"),
        ("g", "Michael Jordan", "PERSON", "Michael Jordan"),
        ("g", "Jordan", "GPE", "Jordan"),  # a listed country
    ]
    doc_ids, terms, labels, surfaces = (list(column) for column in zip(*rows, strict=True))
    lex, common = lexicon(), {"pool", "hey"}
    full_names = _plain_full_names(terms, labels, lex, common)
    assert "Ron Sachs Pool" not in full_names and "Reince Priebus" in full_names
    _surnames_beside_their_person(doc_ids, terms, labels, surfaces, full_names, lex, common)
    changed = {i for i, row in enumerate(rows) if (terms[i], labels[i]) != row[1:3]}
    assert changed == {1, 3}
    assert (terms[1], labels[1]) == ("Reince Priebus", "PERSON")
    assert (terms[3], labels[3]) == ("Nancy Pelosi", "PERSON")


@pytest.mark.parametrize(
    ("text", "storm"),
    [
        ("Three months after Hurricane Maria devastated the island.", "Hurricane Maria"),
        ("Storm Ciarán hit Cornwall on Thursday.", "Storm Ciarán"),
        ("Super Typhoon Haiyan struck the Philippines.", "Super Typhoon Haiyan"),
    ],
)
def test_a_named_storm_is_one_event(text, storm):
    found = [(s.text, s.label) for s in _extract_entities(text)]
    assert (storm, "MISC") in found
    assert not any(storm.split()[-1] == name and label == "PERSON" for name, label in found)


def test_a_storm_word_before_a_lower_case_word_names_no_storm():
    assert not [
        s for s in _extract_entities("Storm clouds gathered over the coast.") if s.label == "MISC"
    ]


def test_potus_is_a_title_not_a_place():
    assert [s.label for s in _extract_entities("Yeah, POTUS should only do his job.")] == []


@pytest.mark.parametrize("group", ["Rohingya", "Uyghur", "Yazidi", "Tamil", "Hindu", "Latino"])
def test_an_ethnic_or_religious_group_is_a_group(group):
    text = f"Officials said {group} families were moved again. {group} leaders met on Monday."
    labels = {s.label for s in _extract_entities(text) if s.text.startswith(group)}
    assert labels <= {"NORP"} and "PERSON" not in labels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wire dateline names a place, whatever the model made of the capitals
        ("BUFFALO, N.Y. (AP) — Police arrested a man.", [("BUFFALO", "GPE", "Buffalo")]),
        (
            "Title\nADELAIDE — The premier said prices would rise.",
            [("ADELAIDE", "GPE", "Adelaide")],
        ),
        # AP's abbreviations of US states
        ("COLUMBIA, S.C. (AP) — The governor signed.", [("S.C.", "GPE", "South Carolina")]),
        ("SAN FRANCISCO, Calif. — Firms said on Monday.", [("Calif.", "GPE", "California")]),
        # planets and moons are places
        ("The probe flew past Jupiter's icy moon Europa.", [("Europa", "LOC", "Europa")]),
    ],
)
def test_datelines_state_abbreviations_and_moons_are_places(text, expected):
    found = {(s.text, s.label, s.canonical) for s in _extract_entities(text)}
    assert set(expected) <= found


def test_holidays_are_times_not_names():
    text = "Weddings on New Year's Eve are popular; on Halloween and Diwali, shops open late."
    found = {s.text for s in _extract_entities(text)}
    assert not found & {"New Year's Eve", "Halloween", "Diwali"}


def test_states_and_provinces_of_every_country_are_places():
    lex = lexicon()
    assert lex.place("bihar") == ("Bihar", "GPE")  # ISO writes "Bihār"
    assert lex.place("bihār") == ("Bihar", "GPE")
    assert lex.place("guangdong") == ("Guangdong", "GPE")  # ISO: "Guangdong Sheng"
    assert lex.place("western cape") == ("Western Cape", "GPE")
    # a name that is an English word or a person's first is no province here
    assert lex.place("plateau") is None and lex.place("herrera") is None


GENERATIONS_CORPUS = pd.DataFrame(
    {
        "doc_id": ["son", "father", "kennedys", "player"],
        "text": [
            "Donald Trump Jr. met Russian lawyers in June 2016. Trump Jr. released the emails. "
            "President Donald Trump defended his son.",
            "Donald Trump said on Monday that taxes would fall. Trump spoke in Ohio.",
            "Robert F. Kennedy Jr. will run. Kennedy Jr. said so. "
            "His father Robert F. Kennedy was killed in 1968.",
            "DaRon Holmes II scored 20 points. Holmes also had nine rebounds.",
        ],
        "date": ["", "", "", ""],
    }
)


@pytest.mark.parametrize("backend", ["rules", "model"])
def test_a_son_named_with_his_generation_is_not_his_father(backend):
    mentions = _entity_mentions(GENERATIONS_CORPUS, backend=backend)
    people = mentions[mentions["label"] == "PERSON"]
    terms = people.groupby("doc_id")["term"].apply(set).to_dict()
    assert terms["son"] == {"Donald Trump Jr.", "Donald Trump"}
    assert terms["father"] == {"Donald Trump"}
    assert terms["kennedys"] == {"Robert F. Kennedy Jr.", "Robert F. Kennedy"}
    son = people[people["doc_id"] == "son"]
    assert son.loc[son["surface"].str.startswith("Trump"), "term"].tolist() == ["Donald Trump Jr."]
    # no father named: the surname alone is the one Holmes of the story
    assert set(people.loc[people["doc_id"] == "player", "term"]) == {"DaRon Holmes II"}


def test_corpus_merging_keeps_a_generation_apart_and_takes_no_numeral_for_a_surname():
    names = ["Donald Trump Jr.", "Donald Trump", "Donald J. Trump", "Trump", "Y.", "Elizabeth II"]
    mapping = corpus_person_map(names)
    assert mapping["Donald Trump Jr."] == "Donald Trump Jr."
    assert mapping["Donald Trump"] == mapping["Trump"] == "Donald J. Trump"
    assert mapping["Y."] == "Y."  # "II" folds to "y" but is no surname


@pytest.mark.parametrize("backend", ["rules", "model"])
def test_us_in_a_pages_buttons_is_no_country(backend):
    text = "SEARCH CONNECT WITH US TODAY'S PAPER. CONTACT US. The US said on Monday."
    frame = pd.DataFrame({"doc_id": ["a"], "text": [text], "date": [""]})
    mentions = _entity_mentions(frame, backend=backend)
    countries = mentions[mentions["term"] == "United States"]
    assert countries["start"].tolist() == [text.rindex("US")]


@pytest.mark.parametrize("backend", ["rules", "model"])
def test_an_executive_order_is_no_person(backend):
    text = (
        "According to the Executive Order, payments rise. Presidential Executive Order No. 79 "
        "stands. President Putin signed it."
    )
    frame = pd.DataFrame({"doc_id": ["a"], "text": [text], "date": [""]})
    mentions = _entity_mentions(frame, backend=backend)
    assert "Order" not in set(mentions.loc[mentions["label"] == "PERSON", "term"])


def test_a_bare_role_two_people_were_named_with_stays_unresolved():
    text = (
        "President Donald Trump spoke with President Volodymyr Zelenskiy on Thursday. "
        "Asked who had ordered it, he said: the President."
    )
    roles = [s for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == []  # either president: the text does not say which


def test_us_in_title_case_is_the_pronoun():
    text = "Fantastic Obama Speech Shows Us What We Lost. The US said no."
    frame = pd.DataFrame({"doc_id": ["a"], "text": [text], "date": [""]})
    mentions = _entity_mentions(frame, backend="model")
    assert mentions.loc[mentions["term"] == "United States", "surface"].tolist() == ["US"]


def test_a_role_with_its_office_goes_to_the_one_named_with_that_office():
    text = (
        "President of Russia Vladimir Putin met President of Belarus Alexander Lukashenko. "
        "The talks with the President of Belarus were long. The President said so."
    )
    roles = [(s.start, s.canonical) for s in extract_entities(text) if s.resolved_by == "role"]
    assert roles == [
        (text.index("President of Belarus were"), "Alexander Lukashenko"),
        (text.index("President said"), "Alexander Lukashenko"),  # refers back to that mention
    ]


@pytest.mark.parametrize(
    ("text", "word", "initial"),
    [
        ("It is illegal.” Stay up to date.", "Stay", True),  # a quotation closed a sentence
        ("“Stay,” he said.", "Stay", True),
        ("Officials of the (U.S.) Treasury", "Treasury", False),  # a bracket is no sentence's end
        ("the Sixers’ Embiid scored", "Embiid", False),  # a possessive, not a closing quote
    ],
)
def test_a_word_after_a_closing_quotation_opens_a_sentence(text, word, initial):
    assert is_initial(text, text.index(word)) is initial


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("He was too big to fly. Courtesy of Dylan Tinsley", "Courtesy", True),
        ("Storm damage\nCrews working to clear the road", "Crews", True),
        ("Not registered? Register here", "Register", True),
        ("Shares fell. Moody's said the outlook was weak.", "Moody", False),  # a possessive
        ("Shares fell. Nova said patents were filed.", "Nova", False),  # a speaker
        ("brokers Phillips and\nDrew said exports rose", "Drew", False),  # a wrapped line
        ("It rose. Ryanair said so.", "Ryanair", False),  # no dictionary word
        ("The crews left. ADVANCES rose.", "ADVANCES", False),  # capitals, not a sentence's capital
        ("He met the Crews family.", "Crews", False),  # inside a sentence
    ],
)
def test_an_english_word_opening_a_sentence_is_no_name_by_its_capital(text, word, expected):
    start = text.index(word)
    assert english_word_opening_a_sentence(text, start, start + len(word)) is expected


@pytest.mark.parametrize(
    "text", ["Obama endorses Ga. Senate candidate", "the U.S. Navy said", "He met Mr. Crews."]
)
def test_a_word_after_an_abbreviation_does_not_open_a_sentence(text):
    word = text.split(". ")[1].split()[0].rstrip(".")
    start = text.index(word, text.index(". "))
    assert not english_word_opening_a_sentence(text, start, start + len(word))


@pytest.mark.parametrize(
    "text", ["It is in the Far East. Incidentally, we agree.", "They went to Iran. Crews left."]
)
def test_a_short_word_ending_a_sentence_is_no_abbreviation(text):
    word = text.split(". ")[1].split()[0].rstrip(",")
    start = text.index(word)
    assert english_word_opening_a_sentence(text, start, start + len(word))


def test_a_blank_organisation_name_does_not_stop_the_nickname_step():
    from analysis.extract.entities import _last_words_of_organisations
    from analysis.extract.entities.lexicon import lexicon

    terms, labels = ["The ", "Browns", "Cleveland Browns"], ["ORG", "MISC", "ORG"]
    _last_words_of_organisations(["a", "a", "a"], terms, labels, lexicon())
    assert (terms[1], labels[1]) == ("Cleveland Browns", "ORG")
