"""Languages and acronyms of common nouns: words that look like entities and are none."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.extract.entities import entity_mentions
from analysis.extract.entities.lexicon import lexicon
from analysis.extract.entities.non_names import common_noun_acronyms, language_spans

LEX = lexicon()


def _words(text: str, spans: set[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in sorted(spans)]


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("The minister spoke in French, then in plain English.", ["French", "English"]),
        ("It was translated into Russian and Ukrainian.", ["Russian", "Ukrainian"]),
        ("She speaks Russian fluently.", ["Russian"]),
        (
            "Firefox comes in the following languages: Norwegian, Polish, Finnish and Greek.",
            ["Norwegian", "Polish", "Finnish", "Greek"],
        ),
        (
            "The Russian language is taught there; Estonian-language schools too.",
            ["Russian", "Estonian"],
        ),
        # a noun follows: the nationality of something, not a language
        ("The debate in French politics turned.", []),
        ("The town fell into Russian hands.", []),
        # an article: "the Russian" is a person or a thing of Russia
        ("He handed it to the British in Cairo.", []),
        ("Ukrainian troops advanced as French officials watched.", []),
        # a nationality that is no language
        ("The number of rigs in European / Mediterranean waters held.", []),
    ],
)
def test_language_spans(text, languages):
    assert _words(text, language_spans(text)) == languages


@pytest.mark.parametrize(
    ("text", "acronyms"),
    [
        (
            "The dedicated schools grant (DSG) and the education services grant (ESG) rise.",
            {"DSG", "ESG"},
        ),
        ("Pupil premium plus: looked-after children (LAC) and others.", {"LAC"}),
        # a name the text writes with capitals is defined elsewhere, as an organisation
        ("The Dedicated Schools Agency (DSA) said so.", set()),
        # one lower-case word is no definition: "the (EU)" after a stray word
        ("Talks with the bloc (EU) went on.", set()),
        # the words do not spell it
        ("The new money rules (FAR) apply.", set()),
    ],
)
def test_common_noun_acronyms(text, acronyms):
    assert common_noun_acronyms(text, LEX) == acronyms


def test_no_nationality_or_organisation_for_languages_and_common_nouns():
    text = (
        "Firefox 1.0 is out in the following languages: Polish, Finnish, Italian and Greek. "
        "The dedicated schools grant (DSG) will grow. The DSG early years block is set by "
        "the Department for Education. Polish workers and the Greek government welcomed it."
    )
    mentions = entity_mentions(pd.DataFrame({"doc_id": ["a"], "text": [text], "date": [""]}))
    found = set(zip(mentions["surface"], mentions["label"], strict=True))
    assert ("Polish", "NORP") in found and ("Greek", "NORP") in found  # the people, later
    listed = text.index("Polish"), text.index("Greek")
    in_the_list = mentions[mentions["start"].isin(listed)]
    assert in_the_list.empty  # the languages of the list are no one
    assert "DSG" not in set(mentions["surface"])
    assert ("Department for Education", "ORG") in found
