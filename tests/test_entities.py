"""Named entities: what the seeds' careful reader would list, variants merged, and no noise."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.entities import Span, available_backends, entity_mentions, extract_entities
from analysis.entities.resolve import corpus_person_map, jaro_winkler, name_skeleton
from analysis.loading import load_corpus
from analysis.schema import ENTITY_LABELS, MENTION_COLUMNS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


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


@pytest.mark.parametrize(
    ("prefix", "term", "forms"),
    [
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
    ],
)
def test_variants_merge_into_one_entity(seed_mentions, prefix, term, forms):
    assert forms_of(seed_mentions, prefix, term) == forms


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
        ("Al-Assad", "alasad"),
        ("Volodymyr Zelenskyy", "volodymyr zelensky"),
        ("Erdoğan", "erdogan"),
    ],
)
def test_name_skeleton_ignores_spelling(name, skeleton):
    assert name_skeleton(name) == skeleton


@pytest.mark.parametrize(
    ("a", "b", "similarity"),
    [("joe", "joseph", 0.8667), ("volodymyr", "volodymir", 0.9556), ("abc", "xyz", 0.0)],
)
def test_jaro_winkler(a, b, similarity):
    assert round(jaro_winkler(a, b), 4) == similarity


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


# --- backends -------------------------------------------------------------------------------


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown entity backend 'bert'"):
        extract_entities("NATO", backend="bert")


def test_rules_backend_is_always_available():
    assert available_backends()[0] == "rules"


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
