"""The default entity backend: the shipped model's spans, typed and completed by the rules."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.extract.entities import (
    corpus_entity_mentions,
    entity_mentions,
    extract_entities,
    organisation_context,
)
from analysis.extract.entities.lexicon import lexicon
from analysis.extract.entities.model_backend import (
    combine,
    congressional_districts,
    extended_at_particles,
    joined_at_and,
    joined_at_particles,
    joined_natural_places,
    keep_hyphenated_words,
    load_model,
    may_hold_a_name,
    model_candidate,
    model_candidates,
    model_version,
    naming_runs,
    party_tags,
    regions_after_places,
    split_at_and,
    with_their_given_names,
    written_again,
)
from analysis.extract.entities.resolve import GUESSED_EVIDENCE, DocumentEntities, Span
from analysis.extract.entities.rules import (
    Candidate,
    extract_candidates,
    lower_case_words,
    title_case_stretches,
)

LEX = lexicon()


def _one_document(text: str) -> pd.DataFrame:
    """The entity mentions of a corpus of one undated document, ``text``."""
    return entity_mentions(pd.DataFrame({"doc_id": ["a"], "text": [text], "date": [""]}))


def _spans(text: str, *pieces: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Model spans for the given (surface, label) pairs, at their first place in ``text``."""
    out = []
    for surface, label in pieces:
        start = text.index(surface)
        out.append((start, start + len(surface), label))
    return out


@pytest.mark.parametrize(
    ("surface", "label", "expected"),
    [
        ("Republic of Korea", "LOC", ("GPE", "South Korea")),  # gazetteer type and name
        ("Middle East", "LOC", ("LOC", "Middle East")),
        ("Surrey", "ORG", ("ORG", "Surrey")),  # a club named after a place stays a club
        ("Serbian", "MISC", ("NORP", "Serbian")),  # a nationality
        ("Tour de France", "MISC", ("MISC", "Tour de France")),
        ("the Pentagon", "ORG", ("ORG", "Pentagon")),  # a leading "the" is not the name
        ("Vice President", "PERSON", None),  # a bare title names no one
        ("Google", "PERSON", ("ORG", "Google")),  # the organisation list knows it
        ("Amazon", "LOC", ("ORG", "Amazon")),  # the company, not the river of 1996 news
        ("Jordan", "PERSON", ("PERSON", "Jordan")),  # a country, but also a first name
        ("Mumbai", "PERSON", ("GPE", "Mumbai")),  # a listed city is no one's name
        ("Alabama", "PERSON", ("GPE", "Alabama")),  # a state, though a name list holds it
        ("Vietnam", "ORG", ("GPE", "Vietnam")),  # a country is no organisation
        ("Real Betis", "PERSON", ("ORG", "Real Betis")),  # a club's first word
        ("Sporting Lisbon", "LOC", ("ORG", "Sporting Lisbon")),
        ("Buffalo Sabres", "PERSON", ("ORG", "Buffalo Sabres")),  # a town and a plural: a team
        ("West Ham United", "LOC", ("ORG", "West Ham United")),  # a club's last word
        ("Andrew Marr Show", "PERSON", ("MISC", "Andrew Marr Show")),  # a show, not its host
        ("Jason Day", "PERSON", ("PERSON", "Jason Day")),  # a first name and a surname
        ("George Papadopoulos", "PERSON", ("PERSON", "George Papadopoulos")),  # George: a name
        ("Donbass", "ORG", ("LOC", "Donbas")),  # nor is a listed region, under any spelling
        ("Bank of the West", "ORG", ("ORG", "Bank of the West")),
        ("Heathrow Airport", "LOC", ("MISC", "Heathrow Airport")),  # a facility
        ("Korean Peninsula", "LOC", ("LOC", "Korean Peninsula")),  # a natural place
        ("Tarzana", "LOC", ("GPE", "Tarzana")),  # an unlisted town
        ("Raqqah", "MISC", ("GPE", "Raqqa")),  # a listed city under another transliteration
        ("Bahraini", "LOC", ("NORP", "Bahraini")),  # a nationality read as a place
        ("Houthis", "LOC", ("NORP", "Houthi")),
        ("Greater Boston", "LOC", ("LOC", "Greater Boston")),  # a region
        ("Northern Syria", "LOC", ("LOC", "Northern Syria")),
        ("Bay Area", "LOC", ("LOC", "Bay Area")),
        ("Central Clinical Hospital", "LOC", ("ORG", "Central Clinical Hospital")),
        ("Johns Hopkins University", "LOC", ("ORG", "Johns Hopkins University")),  # an institution
        ("Santa Paula Hospital", "LOC", ("ORG", "Santa Paula Hospital")),
        ("Marvel Studios", "PERSON", ("ORG", "Marvel Studios")),
        ("Samsung Electronics", "PERSON", ("ORG", "Samsung Electronics")),
        ("’re", "PERSON", None),  # a name starts with a capital
        ("JUL7", "ORG", None),  # a contract month in a price table
        ("S$31.9", "ORG", None),  # a sum of money
        ("US$2bn", "GPE", None),
        ("Head of State", "ORG", None),  # a role, whatever type the model gave it
        ("Government", "ORG", None),  # a generic noun
        ("SUV", "ORG", None),  # an acronym that is a common noun
        ("Brexit", "LOC", ("MISC", "Brexit")),  # a listed event, whatever the model says
        ("Brexit", "ORG", ("MISC", "Brexit")),
        ("Wi-Fi", "ORG", None),
        ("Ltd", "ORG", None),  # a legal form alone
        ("New Year", "ORG", None),  # a time
        ("CST", "ORG", None),  # a time zone, "02:40 PM CST"
        ("GOP", "MISC", ("ORG", "Republican Party")),  # a listed party, read as an adjective
        ("AP", "MISC", ("ORG", "Associated Press")),
        ("the Sixers", "PERSON", ("ORG", "Sixers")),  # a person's name takes no article
        ("General Electric Co", "PERSON", ("ORG", "General Electric Co")),  # a company ending
        ("Great Patriotic War", "ORG", ("MISC", "Great Patriotic War")),  # an event
        ("Upper Lars", "PERSON", ("GPE", "Upper Lars")),  # a height word opens a place
        ("Syntagma Square", "PERSON", ("MISC", "Syntagma Square")),  # a facility
        ("Yamal Peninsula", "ORG", ("LOC", "Yamal Peninsula")),  # a natural place
        ("Strait of Hormuz", "ORG", ("LOC", "Strait of Hormuz")),  # a natural place's word, "of"
        ("Bay of Bengal", "PERSON", ("LOC", "Bay of Bengal")),
        ("Gulf of Mexico Fishery Council", "ORG", ("ORG", "Gulf of Mexico Fishery Council")),
        ("Ceramtech Incorporated", "LOC", ("ORG", "Ceramtech Incorporated")),  # a legal form
        ("Americas", "ORG", ("LOC", "Americas")),  # a listed region
        # a body's word, "to" and its aim: one name, though "to" is in lower case
        ("Committee to Protect Journalists", "ORG", ("ORG", "Committee to Protect Journalists")),
        ("National Right to Work Committee", "ORG", ("ORG", "National Right to Work Committee")),
        ("San Francisco 49ers", "ORG", ("ORG", "San Francisco 49ers")),  # a number's letters
        ("North Atlantic Council", "ORG", ("ORG", "North Atlantic Council")),
        ("EU", "ORG", ("ORG", "European Union")),  # the list's name for the acronym
        ("Privacy Policy", "PERSON", None),  # a page's footer link
        ("Contact Us", "ORG", None),
        ("U.N.", "ORG", ("ORG", "United Nations")),
        ("Wells Fargo", "PERSON", ("ORG", "Wells Fargo")),  # a listed company, not a person
        ("KKK", "ORG", ("ORG", "Ku Klux Klan")),
        ("Hulu", "MISC", ("ORG", "Hulu")),
        ("UKIP", "LOC", ("ORG", "UK Independence Party")),  # a listed party
        ("Fine Gael", "PERSON", ("ORG", "Fine Gael")),
        ("Lok Sabha", "PERSON", ("ORG", "Lok Sabha")),  # a listed legislature
        ("Free Syrian Army", "MISC", ("ORG", "Free Syrian Army")),  # an organisation's last word
        ("National League", "MISC", ("MISC", "National League")),  # but a competition stays
    ],
)
def test_model_candidate_types(surface, label, expected):
    text = f"Yesterday {surface} said so."
    start = text.index(surface)
    candidate = model_candidate(text, start, start + len(surface), label, LEX)
    if expected is None:
        assert candidate is None
    else:
        assert (candidate.label, candidate.canonical) == expected
        assert text[candidate.start : candidate.end] == surface.removeprefix("the ")


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Saudi-led", ("Saudi", "NORP")),
        ("US-led", ("US", "GPE")),
        ("Kremlin-backed", ("Kremlin", "ORG")),
    ],
)
def test_a_name_before_a_hyphen_and_a_participle_is_the_name(surface, expected):
    text = f"The {surface} coalition struck."
    start = text.index(surface)
    candidate = model_candidate(text, start, start + len(surface), "MISC", LEX)
    assert (text[candidate.start : candidate.end], candidate.label) == expected


def test_combine_keeps_the_rules_title_and_office_for_the_models_person():
    text = "NATO Secretary General Mark Rutte met ministers."
    rules = extract_candidates(text, LEX)
    found = combine(text, _spans(text, ("NATO", "ORG"), ("Mark Rutte", "PERSON")), rules, LEX)
    person = next(c for c in found if c.label == "PERSON")
    assert (person.canonical, person.title, person.qualifier) == (
        "Mark Rutte",
        "secretary general",
        "NATO",
    )


def test_combine_adds_roles_and_gazetteer_places_but_not_the_rules_guesses():
    text = "The Secretary General spoke in Brussels. Newsvine Permalink Digg Tumblr."
    rules = extract_candidates(text, LEX)
    assert any(r.kind == "unknown" or r.evidence == "unknown" for r in rules)  # the rules guess
    found = combine(text, [], rules, LEX)
    assert [(c.kind, c.canonical) for c in found] == [
        ("role", "secretary general"),
        ("entity", "Brussels"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The US-China trade talks resumed in Geneva.",
            [
                ("US", "GPE", "United States"),
                ("China", "GPE", "China"),
                ("Geneva", "GPE", "Geneva"),
            ],
        ),
        (
            "The Israel-Hamas war went on.",
            [("Israel", "GPE", "Israel"), ("Hamas", "ORG", "Hamas")],
        ),
        (
            "The India–Pakistan border was calm.",  # an en dash
            [("India", "GPE", "India"), ("Pakistan", "GPE", "Pakistan")],
        ),
        # Known whole, a double given name, a company: one name each.
        ("Bosnia-Herzegovina voted.", [("Bosnia-Herzegovina", "GPE", "Bosnia-Herzegovina")]),
        # A legislator's party and state.
        (
            "Sen. Ted Cruz, R-Texas, agreed.",
            [
                ("Ted Cruz", "PERSON", "Ted Cruz"),
                ("R", "ORG", "Republican Party"),
                ("Texas", "GPE", "Texas"),
            ],
        ),
        ("Kim Jong-un met him.", [("Kim Jong-un", "PERSON", "Kim Jong-un")]),
    ],
)
def test_names_joined_by_a_hyphen_are_each_their_own(text, expected):
    found = [(span.text, span.label, span.canonical) for span in extract_entities(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # The model cut the name at its particles: the pieces are one person again.
        (
            "Ursula von der Leyen spoke.",
            [("Ursula", "ORG"), ("der Leyen", "PERSON")],
            [("Ursula von der Leyen", "PERSON")],
        ),
        (
            "Dorian Di Giorgio came.",
            [("Dorian", "MISC"), ("Di Giorgio", "PERSON")],
            [("Dorian Di Giorgio", "PERSON")],
        ),
        (
            "Prince Mohammed bin Salman came.",
            [("Prince Mohammed", "PERSON"), ("Salman", "PERSON")],
            [("Prince Mohammed bin Salman", "PERSON")],
        ),
        # No particle between them, or no person: two names.
        (
            "Lea Karner and Dorian came.",
            [("Lea Karner", "PERSON"), ("Dorian", "PERSON")],
            [("Lea Karner", "PERSON"), ("Dorian", "PERSON")],
        ),
        (
            "Santiago de Chile won.",
            [("Santiago", "LOC"), ("Chile", "LOC")],
            [("Santiago", "LOC"), ("Chile", "LOC")],
        ),
    ],
)
def test_a_name_cut_at_its_particles_is_joined(text, spans, expected):
    at = [
        (text.index(surface), text.index(surface) + len(surface), label) for surface, label in spans
    ]
    joined = joined_at_particles(text, at)
    assert [(text[start:end], label) for start, end, label in joined] == expected


@pytest.mark.parametrize(
    ("surface", "label"),
    [
        ("Rose-Lynn", "MISC"),  # a listed given name: one person's double name
        ("Mars-Moon", "LOC"),  # a place and a surname: not a pair of one kind
    ],
)
def test_a_hyphenated_pair_is_split_only_into_names_of_one_kind(surface, label):
    lex = lexicon()
    text = f"The {surface} story. Rose and Lynn came, and Moon spoke."
    start = text.index(surface)
    found = combine(
        text, [(start, start + len(surface), label)], extract_candidates(text, lex), lex
    )
    assert [text[c.start : c.end] for c in found if c.start < start + len(surface)] == [surface]


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("Featured image via Win McNamee/Getty Images", "Win McNamee", "LOC", "PERSON"),
        ("a Quinnipiac University/Marist poll", "Quinnipiac University", "ORG", "ORG"),
        ("flights via Hong Kong/Macau", "Hong Kong", "LOC", "GPE"),  # listed places
    ],
)
def test_a_photo_credit_names_a_person(text, surface, label, expected):
    start = text.index(surface)
    assert model_candidate(text, start, start + len(surface), label, LEX).label == expected


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Abu Bakr al-Baghdadi fled.", "Abu Bakr", "Abu Bakr al-Baghdadi"),  # an article after
        ("Mohammed bin Salman came.", "Salman", "Mohammed bin Salman"),  # a given name before
        ("Prince Alwaleed bin Talal came.", "Talal", "Alwaleed bin Talal"),  # "bin" joins names
        ("The Prince bin Talal came.", "Talal", "Talal"),  # but a title is no given name
        ("Visits to Dubai bin collections.", "Dubai", "Dubai"),  # no person: left alone
    ],
)
def test_a_name_stopped_at_a_particle_is_continued(text, surface, expected):
    start = text.index(surface)
    label = "LOC" if surface == "Dubai" else "PERSON"
    ((first, last, _),) = extended_at_particles(text, [(start, start + len(surface), label)], LEX)
    assert text[first:last] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "National Security Adviser H.R. McMaster spoke. McMaster left.",
            [("H.R. McMaster", "H.R. McMaster"), ("McMaster", "H.R. McMaster")],
        ),
        ("She met Senator Cruz.", [("Cruz", "Cruz")]),
        ("Vice-Premier Wang Yang spoke.", [("Wang Yang", "Wang Yang")]),  # a hyphenated title
        ("Hong Kong Chief Executive Carrie Lam spoke.", [("Carrie Lam", "Carrie Lam")]),
        (
            "Senate Majority Leader Mitch McConnell spoke. House Minority Leader Nancy Pelosi too.",
            [("Mitch McConnell", "Mitch McConnell"), ("Nancy Pelosi", "Nancy Pelosi")],
        ),
        ("Miss Texas won the crown.", []),  # a pageant's title, not a person
    ],
)
def test_a_title_and_person_read_as_one_organisation_is_the_person(text, expected):
    people = [(s.text, s.canonical) for s in extract_entities(text) if s.label == "PERSON"]
    assert people == expected


def test_a_chamber_before_its_leaders_title_is_the_chamber():
    text = "Senate Majority Leader Mitch McConnell spoke. House Minority Leader Nancy Pelosi too."
    organisations = [s.text for s in extract_entities(text) if s.label == "ORG"]
    assert organisations == ["Senate", "House"]  # not "Senate Majority", "House Minority"


def test_a_surname_with_particles_or_an_arabic_article_is_its_person():
    text = (
        "Syrian President Bashar al-Assad met Marine Le Pen and Abu Bakr al-Baghdadi's envoy. "
        "Mohammed bin Salman came too. Assad's forces retook Aleppo. Le Pen said so. "
        "Al Franken spoke."
    )
    people = {(s.text, s.canonical) for s in extract_entities(text) if s.label == "PERSON"}
    assert people == {
        ("Bashar al-Assad", "Bashar al-Assad"),
        ("Marine Le Pen", "Marine Le Pen"),
        ("Abu Bakr al-Baghdadi", "Abu Bakr al-Baghdadi"),  # the model stopped at "al-"
        ("Mohammed bin Salman", "Mohammed bin Salman"),
        ("Assad", "Bashar al-Assad"),  # the surname without its article
        ("Le Pen", "Marine Le Pen"),  # the surname with its particle
        ("Al Franken", "Al Franken"),  # a first word is never a particle
    }


def test_a_company_named_again_without_its_legal_form_is_that_company():
    text = "Daniels Pharmaceuticals Inc agreed. Later Daniels Pharmaceuticals said so."
    names = [(s.text, s.canonical) for s in extract_entities(text) if s.label == "ORG"]
    assert names == [
        ("Daniels Pharmaceuticals Inc", "Daniels Pharmaceuticals Inc"),
        ("Daniels Pharmaceuticals", "Daniels Pharmaceuticals Inc"),
    ]


def test_a_surname_that_is_a_month_is_the_person_not_the_date():
    text = (
        "Prime Minister Theresa May met Moon Jae-in. In May, Mrs May's government fell. "
        "May I ask? Since May 2017 May has ruled. Hong Kong-based firms agreed."
    )
    people = [(s.text, s.canonical) for s in extract_entities(text) if s.label == "PERSON"]
    # The full name, then "Mrs May's" and "May has" as her; "In May", "May I" and "Since May
    # 2017" stay months; a Korean name written family name first is one person.
    assert people == [
        ("Theresa May", "Theresa May"),
        ("Moon Jae-in", "Moon Jae-in"),
        ("May", "Theresa May"),
        ("May", "Theresa May"),
    ]


def test_a_listed_organisation_the_model_cut_in_pieces_is_read_whole():
    text = "Economists at the International Monetary Fund said so."
    rules = extract_candidates(text, LEX)
    spans = _spans(text, ("International Monetary", "ORG"), ("Fund", "ORG"))
    found = combine(text, spans, rules, LEX)
    assert [(text[c.start : c.end], c.label) for c in found] == [
        ("International Monetary Fund", "ORG")
    ]


def test_combine_lets_the_model_decide_boundaries():
    text = "Al Jazeera reported it."
    rules = [Candidate(3, 10, "MISC", "Jazeera", kind="unknown", evidence="unknown")]
    found = combine(text, _spans(text, ("Al Jazeera", "ORG")), rules, LEX)
    assert [(c.start, c.end, c.label, c.canonical) for c in found] == [(0, 10, "ORG", "Al Jazeera")]


@pytest.mark.parametrize(
    ("surface", "label", "name"),
    [
        ("Instagram Our", "ORG", "Instagram"),  # a closed-class word after it
        ("Dear Michael", "PERSON", "Michael"),  # and before it
        ("Kia Motor Corp of", "ORG", "Kia Motor Corp"),
        ("The New York Times", "ORG", "The New York Times"),  # "The" may be the name's
        ("All Blacks", "ORG", "All Blacks"),  # "All", "First", "Will" may begin a name
        ("Will Carling", "PERSON", "Will Carling"),
        ("Who", "MISC", None),  # a lone pronoun is no name
        ("Because God", "PERSON", "God"),  # a conjunction
        ("Ukrainians!", "MISC", "Ukrainians"),  # the sentence's mark
        ("Ukraine! Eternal", "ORG", "Ukraine"),  # a name ends with its sentence
        ("BBC documentary The Detectives", "ORG", "BBC"),  # a lower-case word joins no name
        ("BBC's The Detectives", "ORG", "BBC"),  # nor does a possessive before an article
        ("Poor's Corp", "ORG", "Poor's Corp"),  # but a company's possessive stays
        ("Charles de Gaulle", "PERSON", "Charles de Gaulle"),  # a particle does
        ("Pennzoil Co <", "ORG", "Pennzoil Co"),  # a ticker's bracket, "Pennzoil Co <PZL>"
        ("Amid George Floyd Protests", "ORG", "George Floyd Protests"),  # a headline's preposition
        ("In Washington", "LOC", "Washington"),
        ("Under Armour", "ORG", "Under Armour"),  # a preposition that begins company names stays
        ("Afterward Gordon", "PERSON", "Gordon"),  # a sentence adverb
        ("Lastly", "ORG", None),
        ("ABC Please", "PERSON", "ABC"),  # "Please enter a search term": a page's form
        ("Please", "PERSON", None),
    ],
)
def test_model_spans_lose_the_function_words_at_their_edges(surface, label, name):
    text = f"It said: {surface} rights reserved."
    start = text.index(surface)
    candidate = model_candidate(text, start, start + len(surface), label, LEX)
    if name is None:
        assert candidate is None
    else:
        assert text[candidate.start : candidate.end] == name


def test_a_city_after_a_preposition_of_place_is_the_place_not_a_club():
    text = "Fighting went on in Mariupol. Surrey beat Kent."
    found = [
        model_candidate(text, text.index(name), text.index(name) + len(name), "ORG", LEX)
        for name in ("Mariupol", "Surrey")
    ]
    assert [(c.label, c.canonical) for c in found] == [("GPE", "Mariupol"), ("ORG", "Surrey")]


def test_a_one_word_place_no_list_knows_is_a_guess_and_a_longer_one_is_not():
    # A guess is dropped corpus-wide where the corpus writes the word in lower case, as the
    # rules' guesses are ("Hero", "Fatherland" in "Glory to the Heroes", "of the Fatherland").
    text = "Glory to the Hero of Tarzana Valley."
    hero = model_candidate(text, text.index("Hero"), text.index("Hero") + 4, "LOC", LEX)
    valley = text.index("Tarzana Valley")
    longer = model_candidate(text, valley, valley + len("Tarzana Valley"), "LOC", LEX)
    assert (hero.label, hero.evidence) == ("GPE", "unlisted")
    assert hero.evidence in GUESSED_EVIDENCE
    assert (longer.label, longer.evidence) == ("LOC", "model")


@pytest.mark.parametrize(
    ("caption", "span", "names"),
    [
        ("in Madrid, Spain Reuters. Students", "Spain Reuters", ["Spain", "Reuters"]),
        (
            "AFP via Getty Images Commuters wait; commuters",
            "Getty Images Commuters",
            ["Getty Images"],
        ),
        ("by the Rochester Fire Department. A fire", "Rochester Fire Department", []),
        ("said Nelson Mandela. In Nelson", "Nelson Mandela", []),
    ],
)
def test_listed_names_glued_in_a_caption_are_read_apart(caption, span, names):
    start = caption.index(span)
    label = "PERSON" if span == "Nelson Mandela" else "ORG"
    found = combine(caption, [(start, start + len(span), label)], [], LEX)
    expected = names or [span]
    assert [caption[c.start : c.end] for c in found] == expected


def test_a_surname_the_model_missed_is_kept_after_the_full_name():
    text = "Joel Embiid played well. Embiid scored 10 points."
    rules = extract_candidates(text, LEX)
    found = combine(text, _spans(text, ("Joel Embiid", "PERSON")), rules, LEX)
    assert [(text[c.start : c.end], c.label) for c in found] == [
        ("Joel Embiid", "PERSON"),
        ("Embiid", "PERSON"),
    ]


def test_a_place_glued_to_the_person_after_it_is_split():
    text = "President of Russia Vladimir Putin held talks in Moscow."
    rules = extract_candidates(text, LEX)
    found = combine(text, _spans(text, ("Russia Vladimir Putin", "ORG")), rules, LEX)
    assert [(text[c.start : c.end], c.label, c.qualifier) for c in found][:2] == [
        ("Russia", "GPE", ""),
        ("Vladimir Putin", "PERSON", "Russia"),
    ]


def test_a_one_word_entity_resting_on_a_sentence_capital_is_doubted():
    text = "Cinemas will shut. Turkey has agreed. Trump said no. Later Donald Trump spoke."
    spans = _spans(text, ("Cinemas", "PERSON"), ("Turkey", "LOC"), ("Trump", "PERSON"))
    found = {text[c.start : c.end]: c.evidence for c in combine(text, spans, [], LEX)}
    # "Cinemas" is capitalised only as a sentence's first word; a country and a name the text
    # capitalises inside a sentence are not in doubt.
    assert found == {"Cinemas": "initial", "Turkey": "model", "Trump": "model"}


@pytest.mark.parametrize(
    "name",
    [
        "Toronto Star Newspapers Limited",  # a place, then what the rules read as a person
        "Alabama Republican Party",  # a place, then a listed party: the state's branch
    ],
)
def test_a_company_or_a_party_branch_named_after_a_place_stays_whole(name):
    text = f"The statement was issued by {name} on Monday."
    spans = _spans(text, (name, "ORG"))
    found = combine(text, spans, extract_candidates(text, LEX), LEX)
    assert [(text[c.start : c.end], c.label) for c in found] == [(name, "ORG")]


def test_a_capitalised_the_inside_a_sentence_is_part_of_an_organisation_name():
    text = "He told The Associated Press so. The Associated Press said no."
    first, second = (index for index in range(len(text)) if text.startswith("Associated", index))
    spans = [(first, first + 16, "ORG"), (second, second + 16, "ORG")]
    found = [(text[c.start : c.end], c.canonical) for c in combine(text, spans, [], LEX)]
    # Inside a sentence "The" is the name's; opening one, it is the sentence's.
    assert found == [
        ("The Associated Press", "Associated Press"),
        ("Associated Press", "Associated Press"),
    ]


def test_an_organisation_only_the_model_sees_is_marked():
    text = "Thanks for reading. Subscribe Now to hear the Senate and NATO officials."
    spans = _spans(text, ("Subscribe Now", "ORG"), ("Senate", "ORG"), ("NATO", "ORG"))
    found = {
        text[c.start : c.end]: c.evidence
        for c in combine(text, spans, extract_candidates(text, LEX), LEX)
    }
    # No rule reads "Subscribe Now"; "Senate" is an organisation's word, "NATO" a listed name.
    assert found["Subscribe Now"] == "model_alone"
    assert found["Senate"] == "model"
    assert found["NATO"] != "model_alone"


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        # a Title-Case common phrase is no body, unless a word of it builds bodies' names
        ("Gold Standard", "MISC"),
        ("Community Project Funding", "MISC"),
        ("Bankruptcy of Steward Health Care", "MISC"),
        ("Justice Department", "ORG"),
        ("Border Patrol", "ORG"),
        ("Paramount Pictures", "ORG"),
        ("Stuff Limited", "ORG"),
        ("Buffalo Sabres", "ORG"),  # a team named after its town
        ("Zorvex Standard", "ORG"),  # a word no dictionary holds
    ],
)
def test_a_capitalised_common_phrase_the_model_reads_as_an_organisation_is_misc(surface, expected):
    text = f"Members said that the {surface} had changed a lot."
    found = combine(text, _spans(text, (surface, "ORG")), extract_candidates(text, LEX), LEX)
    assert [(text[c.start : c.end], c.label) for c in found] == [(surface, expected)]


def _alone(text: str, surface: str) -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), surface, "ORG", surface, model_alone=True)


def test_an_organisation_only_the_model_sees_needs_the_corpus_behind_it():
    texts = [
        "The Fed raised rates. GiveWell said so. Courtesy of the family.",
        "The Fed held rates, a courtesy to markets.",
        "The Fed spoke.",
    ]
    resolved = [
        DocumentEntities(
            [_alone(texts[0], "Fed"), _alone(texts[0], "GiveWell"), _alone(texts[0], "Courtesy")],
            [],
            [],
        ),
        DocumentEntities([_alone(texts[1], "Fed")], [], []),
        DocumentEntities([_alone(texts[2], "Fed")], [], []),
    ]
    mentions = corpus_entity_mentions(
        ["a", "b", "c"], texts, ["", "", ""], resolved, lower_case_words(texts)
    )
    labels = dict(zip(mentions["surface"], mentions["label"], strict=False))
    # Named an organisation in three documents: one. In one document: a product or a name of
    # another kind (MISC), or, when the corpus writes its words in lower case, no name at all.
    assert labels == {"Fed": "ORG", "GiveWell": "MISC"}
    assert (mentions["surface"] == "Fed").sum() == 3


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Dozens of Hachette employees staged a walkout.", "Hachette", True),
        ("Arcade announced the deal on Monday.", "Arcade", True),
        ("Minana, a Jollibee executive, said so.", "Jollibee", True),
        ("The WeWork co-founder left.", "WeWork", True),
        ("DBS analyst Alfie Yeo told BT that revenue fell.", "BT", True),
        ("The unit was acquired by Lenoge in May.", "Lenoge", True),
        ("A spokesman for Newsweek declined.", "Newsweek", True),
        ("Apple's CEO spoke.", "Apple", True),
        ("The Brexit deal announced on Monday.", "Brexit", False),  # "deal" stands between
        ("Fans of Catch and Kill wrote in.", "Catch and Kill", False),
        ("The Media Told The Truth About Him", "The Truth About Him", False),  # a headline's "Told"
    ],
)
def test_organisation_context(text, surface, expected):
    start = text.index(surface)
    assert organisation_context(text, start, start + len(surface)) is expected


def _misc(text: str, surface: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Span(start, start + len(surface), surface, "MISC", surface)


def test_a_name_spoken_of_as_an_organisation_is_one_wherever_it_stands():
    texts = [
        "Dozens of Hachette employees walked out. Hachette had vowed to publish it.",
        "Hachette dropped the book. The iPhone sold well.",
        "Read it in Hachette books. The iPhone sold out.",
    ]
    resolved = [
        DocumentEntities([_misc(texts[0], "Hachette"), _misc(texts[0], "Hachette", 1)], [], []),
        DocumentEntities([_misc(texts[1], "Hachette"), _misc(texts[1], "iPhone")], [], []),
        DocumentEntities([_misc(texts[2], "Hachette"), _misc(texts[2], "iPhone")], [], []),
    ]
    mentions = corpus_entity_mentions(
        ["a", "b", "c"], texts, ["", "", ""], resolved, lower_case_words(texts)
    )
    by_surface = mentions.groupby("surface")["label"].agg(lambda labels: sorted(set(labels)))
    # One mention in an organisation's words outweighs the model's three MISC: the company's
    # every mention is an organisation. A product nobody speaks of so stays MISC.
    assert by_surface.to_dict() == {"Hachette": ["ORG"], "iPhone": ["MISC"]}
    assert (mentions["surface"] == "Hachette").sum() == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "More: Scientists Confirm 2023 as Hottest Year Ever in the Making. Then prose.",
            ["Scientists Confirm 2023 as Hottest Year Ever in the Making"],
        ),
        (
            "Chief of the General Staff of the Armed Forces Valery Gerasimov: Yes.",
            ["Chief of the General Staff of the Armed Forces Valery Gerasimov"],
        ),
        ("Mark Rutte met Volodymyr Zelenskyy in Brussels on Friday.", []),  # prose: "met"
        ("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .", []),  # all capitals
    ],
)
def test_title_case_stretches(text, expected):
    assert [text[start:end] for start, end in title_case_stretches(text)] == expected


def _span(text: str, surface: str, label: str) -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), surface, label, surface)


def test_a_name_inside_a_headline_needs_something_behind_it():
    texts = [
        "Read Next: David Axelrod Says John Smith Will Quit as Brain Chip Draws Massive Crowds "
        "in Ohio and Predicts Biden Exit",
        "The strategist David Axelrod spoke in Ohio.",
    ]
    headline = [
        _span(texts[0], "David Axelrod", "PERSON"),  # written in prose elsewhere
        _span(texts[0], "John Smith", "PERSON"),  # a listed first name and a surname
        _span(texts[0], "Brain Chip Draws Massive Crowds", "PERSON"),  # nothing behind it
        _span(texts[0], "Ohio", "GPE"),  # a listed place
        _span(texts[0], "Predicts Biden Exit", "ORG"),  # nothing behind it
    ]
    resolved = [
        DocumentEntities(headline, [], []),
        DocumentEntities([_span(texts[1], "David Axelrod", "PERSON")], [], []),
    ]
    mentions = corpus_entity_mentions(
        ["a", "b"], texts, ["", ""], resolved, lower_case_words(texts)
    )
    first = mentions[mentions["doc_id"] == "a"]
    assert dict(zip(first["surface"], first["label"], strict=True)) == {
        "David Axelrod": "PERSON",
        "John Smith": "PERSON",
        "Brain Chip Draws Massive Crowds": "MISC",
        "Ohio": "GPE",
        "Predicts Biden Exit": "MISC",
    }


def test_a_doubted_word_is_dropped_where_the_corpus_writes_it_in_lower_case():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": [
                "Cinemas will shut on Monday, said Boris Johnson in London.",
                "The cinemas of Paris stay open, said Emmanuel Macron.",
            ],
        }
    )
    first = next(model_candidates([documents["text"][0]], LEX))
    assert ("Cinemas", "initial") in {
        (documents["text"][0][c.start : c.end], c.evidence) for c in first
    }
    mentions = entity_mentions(documents, backend="model")
    assert "Cinemas" not in set(mentions["surface"])
    assert {"Boris Johnson", "Emmanuel Macron"} <= set(mentions["term"])


@pytest.mark.parametrize("verb", ["Guarantee", "Provide"])
def test_a_sentence_initial_common_word_glued_to_a_country_leaves_the_country(verb):
    # Imperatives in a list of demands: the model read "Guarantee Ukraine" as one person, and
    # every later "Ukraine" of the speech was then taken for that person's surname.
    text = (
        f"Sanctions must deter aggression. {verb} Ukraine's energy security. We will "
        f"{verb.lower()} it. Ukraine needs it and Ukraine will win."
    )
    start = text.index(verb)
    candidate = model_candidate(text, start, start + len(verb) + 8, "PERSON", LEX)
    assert (text[candidate.start : candidate.end], candidate.label) == ("Ukraine", "GPE")


def test_a_person_made_of_a_common_word_and_a_country_is_the_country_even_in_a_headline():
    text = "Western Officials Accuse Russia Of Meddling. They accuse its agents of hacking."
    start = text.index("Accuse")
    candidate = model_candidate(text, start, start + len("Accuse Russia"), "PERSON", LEX)
    assert (text[candidate.start : candidate.end], candidate.label) == ("Russia", "GPE")
    # An organisation keeps its name: "Air France" may be an airline the lists do not know.
    organisation = model_candidate(text, start, start + len("Accuse Russia"), "ORG", LEX)
    assert text[organisation.start : organisation.end] == "Accuse Russia"


@pytest.mark.parametrize(
    ("surface", "office"),
    [
        ("Head of the Office of the President", "Office of the President"),
        ("Chairman of the Federal Reserve", "Federal Reserve"),
        ("Director of the FBI", "FBI"),
    ],
)
def test_an_organisation_span_opened_by_a_title_is_the_office_after_it(surface, office):
    text = f"Yesterday the {surface} said so."
    start = text.index(surface)
    candidate = model_candidate(text, start, start + len(surface), "ORG", LEX)
    assert (text[candidate.start : candidate.end], candidate.label) == (office, "ORG")


@pytest.mark.parametrize(
    ("text", "surface", "name", "label"),
    [
        ("© 2023 WWB Holdings, LLC. Terms apply.", "WWB Holdings", "WWB Holdings, LLC", "ORG"),
        (
            "Copyright 2023 Nexstar Media Inc. All rights reserved.",
            "Nexstar Media Inc. All",
            "Nexstar Media Inc.",
            "ORG",
        ),
        (
            "Research fellow, Newcastle University Professor Hayley Fowler said",
            "Newcastle University Professor",
            "Newcastle University",
            "ORG",
        ),
        (
            "The meeting of NATO Defence Ministers opened",
            "NATO Defence Ministers",
            "NATO Defence Ministers",
            "ORG",
        ),
        (
            "Speaking in the Commons, the Green Party MP said",
            "Green Party MP",
            "Green Party",
            "ORG",
        ),
        (
            "CHICAGO 1996-08-30 Chicago Cardinal Joseph Bernardin said",
            "Chicago Cardinal",
            "Chicago",
            "GPE",
        ),
        ("The Department of Justice said", "Department of Justice", "Department of Justice", "ORG"),
        ("The Supreme Court of Justice said", "Supreme Court", "Supreme Court", "ORG"),
        ("Shares of Apple, Google and Meta fell", "Apple", "Apple", "ORG"),
    ],
)
def test_an_organisation_keeps_its_legal_form_and_loses_a_title_or_copyright_glued_to_it(
    text, surface, name, label
):
    start = text.index(surface)
    candidate = model_candidate(text, start, start + len(surface), "ORG", LEX)
    assert (text[candidate.start : candidate.end], candidate.label) == (name, label)


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        (
            "U.S. Secretary of State Rex Tillerson said",
            "State Rex Tillerson",
            "ORG",
            ("Rex Tillerson", "PERSON"),
        ),
        (
            "Representative Nancy Pelosi said",
            "Representative Nancy Pelosi",
            "ORG",
            ("Nancy Pelosi", "PERSON"),
        ),
        (
            "Orange County Sheriff John Doe spoke",
            "Orange County Sheriff John Doe",
            "MISC",
            ("John Doe", "PERSON"),
        ),
        (
            "Orange County Sheriff John Doe spoke",
            "Orange County Sheriff John Doe",
            "PERSON",
            ("John Doe", "PERSON"),
        ),
        ("The Grand Ole Opry House opened", "Grand Ole Opry House", "ORG", None),  # a hall
        ("The Head of State Council met", "Head of State Council", "ORG", None),  # no first name
    ],
)
def test_a_person_after_a_title_the_model_typed_as_no_person_is_the_person(
    text, surface, label, expected
):
    start = text.index(surface)
    candidate = model_candidate(text, start, start + len(surface), label, LEX)
    found = (text[candidate.start : candidate.end], candidate.label) if candidate else None
    assert (found == expected) if expected else (found is None or found[1] != "PERSON")


def test_a_company_named_again_without_its_legal_form_is_the_company():
    from analysis.extract.entities.resolve import companies_by_short_name, resolve_document

    text = "Chrysler Corp said sales rose. Chrysler added that Lee Iacocca would speak."
    again, person = text.index("Chrysler added"), text.index("Lee")
    candidates = [
        Candidate(0, 13, "ORG", "Chrysler Corp", evidence="model"),
        Candidate(again, again + 8, "PERSON", "Chrysler", evidence="model"),
        Candidate(person, person + 11, "PERSON", "Lee Iacocca", evidence="model"),
    ]
    resolved = resolve_document(text, candidates)
    assert [(s.text, s.label, s.canonical) for s in resolved.spans] == [
        ("Chrysler Corp", "ORG", "Chrysler Corp"),
        ("Chrysler", "ORG", "Chrysler Corp"),
        ("Lee Iacocca", "PERSON", "Lee Iacocca"),
    ]
    assert companies_by_short_name(
        ["Merrill Lynch and Co Inc", "Merrill Lynch and Co", "Texaco Inc.", "NATO"]
    ) == {"merrill lynch": "Merrill Lynch and Co", "texaco": "Texaco Inc."}
    # A country is itself, though a company's name cut short ends with it; a town is not.
    assert companies_by_short_name(["South Africa Ltd", "Anthem Inc"], LEX) == {
        "anthem": "Anthem Inc"
    }


def test_a_word_the_model_saw_as_no_person_joins_only_a_name_a_first_name_opens():
    from analysis.extract.entities.resolve import resolve_document

    text = "Rust Belt Rust met. Rust is a language. Jesper Parnevik won. Parnevik smiled."
    rust, again = text.index("Rust Belt"), text.index("Rust is")
    jesper, parnevik = text.index("Jesper"), text.index("Parnevik smiled")
    candidates = [
        Candidate(rust, rust + 14, "PERSON", "Rust Belt Rust", evidence="model"),
        Candidate(again, again + 4, "MISC", "Rust", evidence="model"),
        Candidate(jesper, jesper + 15, "PERSON", "Jesper Parnevik", evidence="model"),
        Candidate(parnevik, parnevik + 8, "ORG", "Parnevik", evidence="model"),
    ]
    resolved = resolve_document(text, candidates)
    assert [(s.text, s.label, s.canonical) for s in resolved.spans][1:] == [
        ("Rust", "MISC", "Rust"),
        ("Jesper Parnevik", "PERSON", "Jesper Parnevik"),
        ("Parnevik", "PERSON", "Jesper Parnevik"),
    ]


def test_a_place_is_not_taken_for_the_surname_of_a_person_with_no_first_name():
    from analysis.extract.entities.resolve import resolve_document

    text = "Guarantee Ukraine met them. Ukraine is large. Michael Jordan played. Jordan scored."
    candidates = [
        Candidate(0, 17, "PERSON", "Guarantee Ukraine", evidence="model"),
        Candidate(28, 35, "GPE", "Ukraine", evidence="model"),
        Candidate(46, 60, "PERSON", "Michael Jordan", evidence="model"),
        Candidate(69, 75, "GPE", "Jordan", evidence="model"),
    ]
    resolved = resolve_document(text, candidates)
    assert [(s.text, s.label, s.canonical) for s in resolved.spans] == [
        ("Guarantee Ukraine", "PERSON", "Guarantee Ukraine"),
        ("Ukraine", "GPE", "Ukraine"),
        ("Michael Jordan", "PERSON", "Michael Jordan"),
        ("Jordan", "PERSON", "Michael Jordan"),  # a first name: "Jordan" is his surname
    ]


def test_a_surname_after_the_full_name_is_that_person_whatever_type_the_model_gave_it():
    # The model read the lone surname as an organisation; the document named the person first.
    text = "Jesper Parnevik won the title. Parnevik said the course was hard."
    rules = extract_candidates(text, LEX)
    spans = _spans(text, ("Jesper Parnevik", "PERSON"), ("Parnevik said", "ORG"))
    spans[-1] = (spans[-1][0], spans[-1][0] + len("Parnevik"), "ORG")
    from analysis.extract.entities.resolve import resolve_document

    resolved = resolve_document(text, combine(text, spans, rules, LEX))
    assert [(s.text, s.label, s.canonical) for s in resolved.spans] == [
        ("Jesper Parnevik", "PERSON", "Jesper Parnevik"),
        ("Parnevik", "PERSON", "Jesper Parnevik"),
    ]


def test_an_organisation_shaped_rule_name_does_not_swallow_another_name_or_a_date():
    text = "said Joel Naroff of First Union, while the September Treasury auction went well."
    rules = extract_candidates(text, LEX)
    spans = _spans(text, ("Joel Naroff", "PERSON"), ("First Union", "ORG"), ("Treasury", "ORG"))
    found = [text[c.start : c.end] for c in combine(text, spans, rules, LEX)]
    assert found == ["Joel Naroff", "First Union", "Treasury"]


def test_the_model_reads_line_breaks_as_spaces_and_no_name_spans_two_lines():
    text = "Talks in Brussels\nNATO ministers met Lloyd Austin."
    found = next(model_candidates([text], LEX))
    assert all("\n" not in text[c.start : c.end] for c in found)
    assert ("Lloyd Austin", "PERSON") in {(text[c.start : c.end], c.label) for c in found}


def test_a_name_the_model_read_across_a_line_break_is_cut_there_not_dropped():
    text = "Reporting by Steve Holland; Editing by Peter Cooney\nPARIS (AFP) - Talks began."
    found = {(text[c.start : c.end], c.label) for c in next(model_candidates([text], LEX))}
    assert ("Peter Cooney", "PERSON") in found
    assert ("PARIS", "GPE") in found


def test_hyphenated_words_stay_whole():
    import spacy

    nlp = keep_hyphenated_words(spacy.blank("en"))
    words = [token.text for token in nlp("Kim Jong-un and the NATO-Ukraine Council, 2-3 May.")]
    assert "Jong-un" in words and "NATO-Ukraine" in words
    assert words[-5:] == ["2", "-", "3", "May", "."]  # a range of numbers is split as before


def test_the_shipped_model_loads_and_has_a_version():
    nlp = load_model()
    assert set(nlp.get_pipe("ner").labels) >= {"PERSON", "ORG", "LOC", "MISC"}
    assert model_version() != "missing"


def test_default_backend_keeps_hyphenated_names_whole_and_types_places():
    text = "Kim Jong-un's envoy met officials in London and Republic of Korea on Tuesday."
    spans = extract_entities(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    found = {(s.text, s.label, s.canonical) for s in spans}
    assert ("Kim Jong-un", "PERSON", "Kim Jong-un") in found
    assert ("London", "GPE", "London") in found
    assert not any(s.text in ("Kim", "Kim Jong") for s in spans)


def test_a_bare_title_is_a_role_not_a_person():
    text = (
        "NATO Secretary General Mark Rutte met ministers. The Secretary General said allies agreed."
    )
    spans = extract_entities(text)
    assert [s.canonical for s in spans if s.label == "PERSON"] == ["Mark Rutte", "Mark Rutte"]
    assert any(s.resolved_by == "role" for s in spans)


def test_long_texts_are_read_in_pieces_that_join_back_exactly():
    from analysis.extract.entities.model_backend import PIECE_CHARS, _pieces

    line = "Mark Rutte met ministers in Brussels on Thursday. " * 30
    text = "\n".join([line] * 8) + " " + "x" * (PIECE_CHARS + 10)
    pieces = list(_pieces(text))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= PIECE_CHARS for _, piece in pieces)
    assert [offset for offset, _ in pieces] == sorted({offset for offset, _ in pieces})
    spans = extract_entities(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert sum(s.canonical == "Brussels" for s in spans) == 30 * 8


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The talks lasted three hours.", False),
        ("the end", False),
        ("2,400 troops arrived.", False),
        ("Russia said no.", True),
        ("NATO is ready.", True),
        ("US troops left.", True),
        ('"We agree," said Mark Rutte.', True),
        ("They met in the U.S. last week.", True),
        ("She bought an iPhone.", True),
        ("Berg said the harbour needs cranes.", True),
        ("China said no.", True),
        ("However, it rained.", False),
        ("Élysée officials confirmed it.", True),
        ("they met Øystein Olsen there.", True),
        ("écoles ferment.", False),
    ],
)
def test_only_sentences_that_may_hold_a_name_are_read_by_the_model(sentence, expected):
    assert may_hold_a_name(sentence, LEX) is expected


def test_naming_runs_are_the_texts_own_characters_without_its_nameless_sentences():
    text = (
        "The talks lasted three hours. Russia said no.\n"
        '"We agree," said Mark Rutte. The ministry said so! the end\nNATO is here.'
    )
    runs = list(naming_runs(text, LEX))
    assert all(text[offset : offset + len(run)] == run for offset, run in runs)
    assert [run.strip() for _, run in runs] == [
        'Russia said no.\n"We agree," said Mark Rutte.',
        "NATO is here.",
    ]
    assert list(naming_runs("no names here. none at all", LEX)) == []


def test_names_after_nameless_sentences_keep_their_offsets():
    text = (
        "The talks lasted three hours. They ended late.\nMark Rutte met Lloyd Austin in Brussels."
    )
    found = {(s.text, s.label) for s in extract_entities(text)}
    assert {("Mark Rutte", "PERSON"), ("Lloyd Austin", "PERSON"), ("Brussels", "GPE")} <= found
    assert all(text[s.start : s.end] == s.text for s in extract_entities(text))


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # a word the text writes in lower case more often than capitalised opens no one's name
        (
            "Make Trump Pay, the sign read. Polls make it clear: make or break.",
            "Make Trump",
            ("MISC", "Make Trump"),
        ),
        # a listed company opens a product's name, not a person's
        ("Nintendo Switch sales rose in December.", "Nintendo Switch", ("MISC", "Nintendo Switch")),
        # a caption's word glued to a name whose first name is listed is cut off
        (
            "Video Eric Skelton reports. The video ran late.",
            "Video Eric Skelton",
            ("PERSON", "Eric Skelton"),
        ),
        # capitalised more often than not: a name ("Tiger Woods"), though "tiger" is a word too
        (
            "Tiger Woods won. Tiger said the tiger on his bag helped.",
            "Tiger Woods",
            ("PERSON", "Tiger Woods"),
        ),
        # listed first names, function words and titles keep the name a person's
        ("Will Dunham wrote that it will rain.", "Will Dunham", ("PERSON", "Will Dunham")),
        (
            "Rose Blanchard bought a rose and a rose.",
            "Rose Blanchard",
            ("PERSON", "Rose Blanchard"),
        ),
        (
            "President Joe Biden said the president spoke.",
            "President Joe Biden",
            ("PERSON", "Joe Biden"),
        ),
    ],
)
def test_a_person_cannot_start_with_a_common_word_or_a_company(text, surface, expected):
    candidates = combine(
        text, _spans(text, (surface, "PERSON")), extract_candidates(text, LEX), LEX
    )
    first = next(c for c in candidates if c.start < text.index(surface) + len(surface))
    assert (first.label, first.canonical) == expected


def test_an_acronym_the_text_defines_is_what_the_text_says_whatever_the_model_read():
    text = (
        "The Health Care Foundation for Ventura County (HCFVC) gave books. "
        "Amy Towner, chief executive of HCFVC, is happy."
    )
    second = text.rindex("HCFVC")
    spans = [(second, second + len("HCFVC"), "LOC")]  # the model took it for a town
    found = combine(text, spans, extract_candidates(text, LEX), LEX)
    acronym = next(c for c in found if c.start == second)
    assert (acronym.label, acronym.canonical) == (
        "ORG",
        "Health Care Foundation for Ventura County",
    )


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("The bill, known as the NDAA, passed the House on Tuesday.", "NDAA", "MISC"),
        ("The UAE said on Tuesday it would talk.", "UAE", "GPE"),  # places by letters are listed
        ("KAKTOVIK, Alaska (AP) — Polar bears came ashore.", "KAKTOVIK", "GPE"),  # a dateline
        ("FLOODS HIT TOWN OF WEMBLO AFTER STORM", "WEMBLO", "GPE"),  # a headline in capitals
        ("The new AirPods are here.", "AirPods", "MISC"),  # a brand's capital inside a word
        ("He grew up in DeKalb, where it snowed.", "DeKalb", "GPE"),  # a surname's prefix
        ("Dallas beat the Cowboys on Sunday.", "Cowboys", "ORG"),  # "the" and a plural: a team
        ("She moved to Wemblo last year.", "Wemblo", "GPE"),  # a town nobody listed
    ],
)
def test_an_unlisted_acronym_brand_or_team_is_no_place(text, surface, label):
    start = text.index(surface)
    candidate = model_candidate(text, start, start + len(surface), "LOC", LEX)
    assert candidate is not None and candidate.label == label


def test_a_given_name_the_model_read_as_a_town_is_the_person_the_text_names():
    text = "Erica Packer had lunch in Byron Bay. Erica, 46, looked casual. Nope, said Smith."
    spans = _spans(text, ("Erica Packer", "PERSON"), ("Erica,", "LOC"), ("Nope", "LOC"))
    spans[1] = (spans[1][0], spans[1][1] - 1, "LOC")  # "Erica" without the comma
    found = combine(text, spans, extract_candidates(text, LEX), LEX)
    erica = next(c for c in found if c.start == spans[1][0])
    assert erica.label == "PERSON"
    assert all(c.label != "PERSON" for c in found if text[c.start : c.end] == "Nope")
    mentions = _one_document(text)
    assert mentions.loc[mentions["surface"] == "Erica", "term"].tolist() == ["Erica Packer"]


def test_a_constitutional_amendment_is_no_organisation_and_a_committee_keeps_its_and():
    text = (
        "The House Ways and Means Committee met. He cited the 25th Amendment; "
        "the First Amendment protects speech."
    )
    mentions = _one_document(text)
    found = set(zip(mentions["surface"], mentions["label"], strict=True))
    assert ("House Ways and Means Committee", "ORG") in found
    assert ("First Amendment", "MISC") in found
    assert not any(surface.endswith("Amendment") and label == "ORG" for surface, label in found)


def test_a_name_written_as_a_website_is_the_site_and_a_link_ends_a_name():
    text = (
        "Stay up to date with news from Boston.com today. A court found that Amazon.com "
        "can be held liable. Check out Foxnews.com for more. Said [Matt Brownstead]"
        "(https://swimswam.com/x) today."
    )
    mentions = _one_document(text)
    found = set(zip(mentions["surface"], mentions["term"], mentions["label"], strict=True))
    assert ("Boston.com", "Boston.com", "ORG") in found  # the news site, not the city
    assert ("Amazon.com", "Amazon", "ORG") in found  # the listed company
    assert ("Foxnews.com", "Foxnews.com", "ORG") in found
    assert ("Matt Brownstead", "Matt Brownstead", "PERSON") in found
    assert not any("http" in surface or "](" in surface for surface, _, _ in found)


def test_a_name_the_model_cut_in_two_is_whole_where_a_listed_first_name_opens_it():
    text = "• Tyrese Maxey was able to get going in the second quarter."
    spans = _spans(text, ("Tyrese", "MISC"), ("Maxey", "PERSON"))
    found = combine(text, spans, extract_candidates(text, LEX), LEX)
    assert [(text[c.start : c.end], c.label) for c in found] == [("Tyrese Maxey", "PERSON")]
    headline = "Ivanka Defends Malia Obama After Breitbart Story"
    spans = _spans(headline, ("Ivanka Defends", "MISC"), ("Malia Obama", "PERSON"))
    found = combine(headline, spans, extract_candidates(headline, LEX), LEX)
    assert ("Malia Obama", "PERSON") in [(headline[c.start : c.end], c.label) for c in found]


def test_a_town_named_by_a_common_word_does_not_outweigh_the_model():
    text = "Here is the video via Time, which she shared at the time."
    start = text.index("Time")
    candidate = model_candidate(text, start, start + 4, "ORG", LEX)  # "via": a place's word
    assert (candidate.label, candidate.canonical) == ("ORG", "Time")
    place = model_candidate(text, start, start + 4, "LOC", LEX)  # read as a place, it is one
    assert place.label == "GPE"


def test_words_in_capitals_that_the_text_writes_in_lower_case_name_nothing():
    text = "RUGBY UNION - LATE TRY. The union said rugby was back. CLICK HERE to read."
    spans = _spans(text, ("RUGBY UNION", "ORG"))
    found = combine(text, spans, extract_candidates(text, LEX), LEX)
    # neither the phrase nor the English town of Rugby inside it
    assert [c for c in found if c.start < len("RUGBY UNION")] == []


def test_special_counsel_is_a_title():
    text = "Special Counsel Robert Mueller spoke. Special Counsel Mueller said the probe goes on."
    mentions = _one_document(text)
    people = mentions[mentions["label"] == "PERSON"]
    assert set(people["term"]) == {"Robert Mueller"}
    assert len(people) == 2


def test_mrs_may_is_a_person_where_no_full_name_is_written():
    text = "Mrs May's spokesman said the Cabinet met. Mrs May told MPs so. In May, they voted."
    mentions = _one_document(text)
    people = mentions[mentions["label"] == "PERSON"]
    assert people["start"].tolist() == [text.index("May's"), text.index("May told")]


def test_a_title_case_headline_read_as_one_name_is_no_name_and_leaves_the_names_in_it():
    text = "Internet Lights Up After The Pentagon Accidentally Retweets A Call For Trump To Resign"
    spans = [(0, len(text), "MISC")]
    found = {
        (text[c.start : c.end], c.label)
        for c in combine(text, spans, extract_candidates(text, LEX), LEX)
    }
    assert ("Pentagon", "ORG") in found
    assert all(len(surface.split()) < 4 for surface, _ in found)
    footer = "Copyright 2023 Nexstar Media Inc. All Rights Reserved"
    start = footer.index("Nexstar")
    spans = [(start, len(footer), "ORG")]
    found = combine(footer, spans, extract_candidates(footer, LEX), LEX)
    # a capital after a full stop opens a sentence, not a headline's word: the company stays
    assert [c.start for c in found if c.label == "ORG"] == [start]


def test_chief_financial_officer_is_a_title():
    text = "Chief Financial Officer Brian Olsavsky told analysts that sales grew."
    mentions = _one_document(text)
    assert list(zip(mentions["surface"], mentions["label"], strict=True)) == [
        ("Brian Olsavsky", "PERSON")
    ]


def test_filipino_particles_join_a_name_and_its_surname():
    text = "National Police chief Ronald dela Rosa defended the campaign. Dela Rosa said so."
    mentions = _one_document(text)
    people = mentions[mentions["label"] == "PERSON"]
    assert people["term"].tolist() == ["Ronald dela Rosa", "Ronald dela Rosa"]


@pytest.mark.parametrize(
    ("text", "span", "person"),
    [
        (
            "Secretary of Transportation Elaine Chao spoke.",
            "Transportation Elaine Chao",
            "Elaine Chao",
        ),
        (
            "Secretary of the Treasury Steven Mnuchin spoke.",
            "Treasury Steven Mnuchin",
            "Steven Mnuchin",
        ),
        (
            "Deputy Head of the President's Office Kyrylo Tymoshenko spoke.",
            "Office Kyrylo Tymoshenko",
            "Kyrylo Tymoshenko",
        ),
        (
            "Special Advisor on International Disability Rights Sara Minkara spoke.",
            "International Disability Rights Sara Minkara",
            "Sara Minkara",
        ),
        # no list holds the given name: two name-shaped words after the office's
        (
            "USAID Assistant Administrator for Global Health Atul Gawande spoke.",
            "Global Health Atul Gawande",
            "Atul Gawande",
        ),
    ],
)
def test_the_person_after_a_title_and_its_office_is_the_person(text, span, person):
    found = combine(text, _spans(text, (span, "ORG")), extract_candidates(text, LEX), LEX)
    entities = [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"]
    assert entities == [(person, "PERSON")]


def test_a_name_found_once_is_found_wherever_the_text_writes_it():
    text = "The Sixers beat Boston. Fans cheered the Sixers. The Sixers went home early."
    start = text.index("Sixers", text.index("cheered"))
    model = [(start, start + len("Sixers"), "ORG")]
    found = combine(text, model, extract_candidates(text, LEX), LEX)
    sixers = [(c.start, c.label) for c in found if text[c.start : c.end] == "Sixers"]
    assert sixers == [(place, "ORG") for place in (4, start, text.rindex("Sixers"))]


def test_a_name_is_not_spread_into_a_longer_name_an_address_or_a_time():
    text = "Arcade said so. Visit the Arcade Centre or arcade.com. May said it. In May it rained."
    arcade = text.index("Arcade")
    may = text.index("May said")
    found = [
        Candidate(arcade, arcade + 6, "ORG", "Arcade", evidence="model"),
        Candidate(may, may + 3, "PERSON", "May", evidence="model"),
    ]
    assert written_again(text, found, [], LEX) == []


def test_a_common_word_is_spread_only_inside_sentences():
    text = "Critics praised Real this week. Real said so. It was a real win, and Real won again."
    first = text.index("Real")
    found = [Candidate(first, first + 4, "ORG", "Real", evidence="model")]
    copies = written_again(text, found, [], LEX)
    assert [c.start for c in copies] == [text.rindex("Real")]  # not the sentence's first word
    assert {(c.label, c.canonical) for c in copies} == {("ORG", "Real")}


def test_a_name_the_model_types_two_ways_is_not_spread():
    text = "Washington said it. Troops left Washington. Washington is calm."
    first, second = text.index("Washington"), text.index("Washington", 5)
    found = [
        Candidate(first, first + 10, "PERSON", "Washington", evidence="model"),
        Candidate(second, second + 10, "GPE", "Washington", evidence="model"),
    ]
    assert written_again(text, found, [], LEX) == []


def test_two_teams_joined_by_and_are_two_names_where_the_text_writes_each_alone():
    text = "The Sixers and Celtics struggled. The Sixers won; the Celtics lost."
    spans = split_at_and(text, _spans(text, ("Sixers and Celtics", "ORG")), LEX)
    assert [text[s:e] for s, e, _ in spans] == ["Sixers", "Celtics"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Procter and Gamble rose. Gamble on it.", "Procter and Gamble"),  # never alone
        ("Kidder, Peabody and Co said. Peabody agreed. Hutton Co Inc too.", "Peabody and Co"),
    ],
)
def test_one_organisation_with_and_in_its_name_stays_whole(text, name):
    spans = split_at_and(text, _spans(text, (name, "ORG")), LEX)
    assert [text[s:e] for s, e, _ in spans] == [name]


def test_a_team_of_a_town_named_like_a_person_stays_a_team():
    text = "The Sixers played host to the Boston Celtics on Wednesday."
    found = combine(
        text, _spans(text, ("Boston Celtics", "ORG")), extract_candidates(text, LEX), LEX
    )
    assert [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"][-1] == (
        "Boston Celtics",
        "ORG",
    )


def test_a_caption_word_opening_a_sentence_is_no_organisation_in_a_small_corpus():
    # One article: the corpus never writes "courtesy" or "crews" in lower case, the dictionary does.
    text = (
        "The dog was too big to fly. Courtesy of Dylan Tinsley and Hannah Phalen.\n"
        "Crews working to put out hotspots after the plant fire in Shepherd, Texas."
    )
    mentions = _one_document(text)
    assert not {"Courtesy", "Crews"} & set(mentions["surface"])
    assert {"Dylan Tinsley", "Hannah Phalen"} <= set(mentions["term"])


@pytest.mark.parametrize(
    ("text", "place", "region", "expected"),
    [
        ("She died in Stoke, Staffordshire. It was sudden.", "Stoke", "Staffordshire", "GPE"),
        ("Mumbai (Maharashtra) [India], Jan 13: shares rose.", "Mumbai", "Maharashtra", "GPE"),
        ("In Moscow, Gazprom said prices rose.", "Moscow", "Gazprom", "ORG"),  # the clause goes on
        ("HOUSTON, Texas (KTRK) -- A business said so.", "Texas", "KTRK", "ORG"),  # a station
    ],
)
def test_a_name_written_as_the_region_of_a_place_is_a_place(text, place, region, expected):
    def model(name: str, label: str) -> Candidate:
        start = text.index(name)
        return Candidate(start, start + len(name), label, name, evidence="model")

    found = regions_after_places(text, [model(place, "GPE"), model(region, "ORG")], LEX)
    assert (found[1].label, found[1].canonical) == (expected, region)


@pytest.mark.parametrize(
    ("text", "surface", "term"),
    [
        (
            "33% of those in hospital are African Americans.",
            "African Americans",
            "African American",
        ),
        ("She is the first Somali American to lead a city.", "Somali American", "Somali American"),
        ("Asian-American voters turned out.", "Asian-American", "Asian American"),
        (
            "Ciarán Fearon, a Northern Irish civil servant, retired.",
            "Northern Irish",
            "Northern Irish",
        ),
        ("New Yorkers have been shocked by the scenes.", "New Yorkers", "New Yorkers"),
        ("Health officials said black Chicagoans account for half.", "Chicagoans", "Chicagoan"),
    ],
)
def test_americans_of_an_origin_and_people_of_a_region_or_city_are_nationalities(
    text, surface, term
):
    mentions = _one_document(text)
    row = mentions[mentions["surface"] == surface]
    assert (row["label"].tolist(), row["term"].tolist()) == (["NORP"], [term])


def test_two_nations_joined_by_a_hyphen_are_no_group_of_americans():
    # "Russian-American summit": the hyphen joins two countries, not a group of people
    assert "russian-american" not in LEX.demonyms
    assert LEX.demonyms["african-americans"] == ("African American", "United States")
    assert "new yorker" not in LEX.demonyms  # the magazine; its readers are "New Yorkers"


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        ("He began dating Soon-Yi Previn in 1991.", "Previn", "Soon-Yi Previn"),
        ("Philosopher Jean-Paul Sartre wrote it.", "Sartre", "Jean-Paul Sartre"),
        ("A Pro-Kremlin Markov said so.", "Markov", "Markov"),  # a prefix, no given name
        ("The Franco-German Monnet plan.", "Monnet", "Monnet"),  # two nations
    ],
)
def test_a_hyphenated_given_name_before_a_person_is_part_of_the_name(text, person, expected):
    spans = extended_at_particles(text, _spans(text, (person, "PERSON")), LEX)
    assert [text[start:end] for start, end, _ in spans] == [expected]


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        # the model's person was a town and the page's next word
        ("KXAN Austin Please enter a search term.", "Austin Please", "PERSON", ("GPE", "Austin")),
        # a byline's name and the page's stamp, read as an organisation
        ("by: Cora Neas Posted: Nov 8, 2023", "Cora Neas Posted", "ORG", ("PERSON", "Cora Neas")),
        # nothing of the page cut off: the model's reading stands
        ("Austin Powers said so.", "Austin Powers", "PERSON", ("PERSON", "Austin Powers")),
    ],
)
def test_a_name_cut_from_the_page_word_the_model_took_in_is_typed_again(
    text, span, label, expected
):
    start = text.index(span)
    candidate = model_candidate(text, start, start + len(span), label, LEX)
    assert (candidate.label, candidate.canonical) == expected


def test_a_guess_is_not_spread():
    # an unlisted one-word town is a guess the corpus may overrule; it is not made again
    text = "The new e-tron Sportback is here. The Sportback is long."
    first = text.index("Sportback")
    found = [Candidate(first, first + 9, "GPE", "Sportback", evidence="unlisted")]
    assert written_again(text, found, [], LEX) == []


def test_an_ampersand_joins_one_name():
    text = "Kool & The Gang played. Kool sang; The Gang danced."
    spans = split_at_and(text, _spans(text, ("Kool & The Gang", "ORG")), LEX)
    assert [text[s:e] for s, e, _ in spans] == ["Kool & The Gang"]


@pytest.mark.parametrize(
    ("text", "short", "term"),
    [
        (
            "The Cleveland Browns lost on Thursday. The fight led to suspensions for Browns pass "
            "rusher Myles Garrett.",
            "Browns",
            "Cleveland Browns",
        ),
        (
            "Ferro bid for the Chicago Tribune. Tribune declined to comment.",
            "Tribune",
            "Chicago Tribune",
        ),
        ("The New York Fed said so. The Fed raised rates.", "Fed", "Fed"),  # the whole Fed
    ],
)
def test_a_nickname_is_the_organisation_of_its_town_that_the_document_names(text, short, term):
    mentions = _one_document(text)
    shorts = mentions[mentions["surface"] == short]
    assert set(shorts["term"]) == {term}
    assert set(shorts["label"]) == {"ORG"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Senator Mike Lee (R-UT) introduced it.",
            [("Mike Lee", "PERSON"), ("R", "ORG"), ("UT", "GPE")],
        ),
        ("Sen. Bernie Sanders (I-Vt.) said so.", [("Bernie Sanders", "PERSON"), ("Vt.", "GPE")]),
        (
            "Rep. Nancy Pelosi (D-Calif.) spoke.",
            [("Nancy Pelosi", "PERSON"), ("D", "ORG"), ("Calif.", "GPE")],
        ),
    ],
)
def test_a_legislators_party_and_state(text, expected):
    mentions = _one_document(text)
    assert list(zip(mentions["surface"], mentions["label"], strict=True)) == expected


def test_washington_dc_is_one_place_and_paris_france_two():
    text = "Washington, D.C. -Congresswoman Elise Stefanik said. He lives in Paris, France."
    mentions = _one_document(text)
    places = mentions[mentions["label"] == "GPE"]["surface"].tolist()
    assert places == ["Washington, D.C.", "Paris", "France"]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("HHS Secretary Azar Praises President Trump’s Vision", "Azar"),
        ("Senator Lee Introduces the No Union Time on the Taxpayer Dime Act", "Lee"),
        ("Ohio Voters,… David Axelrod Predicts Biden’s 2024 Exit as Poll…", "David Axelrod"),
        ("Coach Dwayne Killings. They walk in.", "Dwayne Killings"),  # a surname, no verb
        ("Bernie Sanders Leads the vote.", "Bernie Sanders"),  # a listed surname
        ("First Lady Melania Trump Announces 2025 Spring Garden Tours", "Melania Trump"),
    ],
)
def test_a_headline_verb_is_no_part_of_a_name(text, person):
    mentions = _one_document(text)
    assert person in set(mentions[mentions["label"] == "PERSON"]["surface"])


def test_a_headline_read_as_an_organisation_gives_the_person_the_document_names():
    # the model read "Lady Melania Trump Announces Halloween" as one organisation
    headline = "First Lady Melania Trump Announces Halloween at the White House 2025"
    spans = _spans(headline, ("Lady Melania Trump Announces Halloween", "ORG"))
    body = "\nOn Thursday, First Lady Melania Trump will open the South Lawn."
    text = headline + body
    spans += [
        (len(headline) + s, len(headline) + e, label)
        for s, e, label in _spans(body, ("Melania Trump", "PERSON"))
    ]
    found = [(text[c.start : c.end], c.label) for c in combine(text, spans, [], LEX)]
    assert found[0] == ("Melania Trump", "PERSON")
    # without the person named in the document, the headline's words are left as they are
    alone = combine(headline, spans[:1], [], LEX)
    assert [(headline[c.start : c.end], c.label) for c in alone] == [
        ("Lady Melania Trump Announces Halloween", "ORG")
    ]


def test_a_surname_the_model_read_as_an_organisation_is_the_person_named_in_full():
    text = "Jan Egeland, the UN aid chief, spoke. Egeland later recanted. Ford cut jobs."
    spans = _spans(text, ("Jan Egeland", "PERSON"), ("Egeland", "ORG"), ("Ford", "ORG"))
    spans[1] = (text.index("Egeland later"), text.index("Egeland later") + 7, "ORG")
    found = [(text[c.start : c.end], c.label) for c in combine(text, spans, [], LEX)]
    assert ("Egeland", "PERSON") in found
    assert ("Ford", "ORG") in found  # no one named Ford here


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Biden-Harris Administration policy failed.",
            [("Biden", "PERSON"), ("Harris", "PERSON")],
        ),
        ("Signs point to the Reagan Administration's opposition.", [("Reagan", "PERSON")]),
        ("The Biden administration said so.", [("Biden", "PERSON")]),
        (
            "The Food and Drug Administration agreed.",
            [("Food and Drug Administration", "ORG")],
        ),
    ],
)
def test_an_administration_named_after_a_leader_is_the_leader(text, expected):
    mentions = _one_document(text)
    assert list(zip(mentions["surface"], mentions["label"], strict=True)) == expected


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        # the headline's "Mace Target D.C." was read as a person: "D.C." is still the place
        ("Mace Target D.C. Rules\nParents in D.C. are facing costs.", "D.C.", "GPE"),
        # a town may be a surname: "Dole" after "Bob Dole"
        ("Bob Dole spoke.\nDole said so.", "Dole", "PERSON"),
    ],
)
def test_an_abbreviated_place_or_a_country_is_nobodys_surname(text, place, expected):
    from analysis.extract.entities.resolve import resolve_document

    person = text.split("\n")[0].rsplit(" ", 1)[0] if "Rules" in text else "Bob Dole"
    second = text.rindex(place)
    candidates = [
        Candidate(0, len(person), "PERSON", person, evidence="first_name"),
        Candidate(second, second + len(place), "GPE", place, evidence="gazetteer"),
    ]
    assert resolve_document(text, candidates).spans[1].label == expected


@pytest.mark.parametrize(
    ("text", "surface", "term"),
    [
        (
            "HHS found that the State of California violated the law.",
            "State of California",
            "California",
        ),
        ("A tornado touched down in the City of Rome, New York.", "City of Rome", "Rome"),
        ("Civilians in Gaza are trying to stay safe.", "Gaza", "Gaza Strip"),
    ],
)
def test_political_units_are_places(text, surface, term):
    mentions = _one_document(text)
    row = mentions[mentions["surface"] == surface]
    assert (row["label"].tolist(), row["term"].tolist()) == (["GPE"], [term])


def test_a_congressional_district_names_its_state():
    text = "Rep. Mark Pocan (WI-02) spoke. Help our NY-21 communities. The F-16 flew."
    start = text.index("WI-02")
    found = congressional_districts(
        text, [Candidate(start, start + 5, "ORG", "WI-02", evidence="model")]
    )
    assert sorted((text[c.start : c.end], c.label, c.canonical) for c in found) == [
        ("NY", "GPE", "New York"),
        ("WI", "GPE", "Wisconsin"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        # the headline's subject is the person the document names in full
        ("Pocan Votes For Ukraine Aid\nRep. Mark Pocan voted.", "Pocan Votes For", "ORG", "Pocan"),
        # no person called Fox: the news brand stays whole
        (
            "A writer for Fox News Digital. Follow him.",
            "Fox News Digital",
            "ORG",
            "Fox News Digital",
        ),
    ],
)
def test_a_headline_subject_read_with_its_verb_is_cut_before_it(text, span, label, expected):
    start = text.index(span)
    found = combine(
        text,
        [(start, start + len(span), label), *_spans(text, ("Mark Pocan", "PERSON"))]
        if "Mark" in text
        else [(start, start + len(span), label)],
        extract_candidates(text, LEX),
        LEX,
    )
    assert text[found[0].start : found[0].end] == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("The first lady spoke. Mrs. Trump held a roundtable.", "Trump", "PERSON"),
        ("Submit Jessica Brown, Mrs. Colorado Universal 2021.", "Colorado Universal", "ORG"),
    ],
)
def test_whoever_mr_or_mrs_introduces_is_a_person(text, span, expected):
    start = text.index(span)
    candidate = model_candidate(text, start, start + len(span), "ORG", LEX)
    assert candidate.label == expected


def test_ranking_member_is_a_title():
    text = "Chairman Bernie Sanders and Ranking Member Bill Cassidy today issued a statement."
    mentions = _one_document(text)
    assert "Bill Cassidy" in set(mentions[mentions["label"] == "PERSON"]["surface"])


def test_a_party_tag_the_model_left_out_is_read():
    text = "Ranking Member Bill Cassidy, M.D. (R-La.) spoke. Rep. Ilhan Omar, D-Minn., agreed."
    found = party_tags(text, [], LEX)
    assert [(text[c.start : c.end], c.label, c.canonical) for c in found] == [
        ("R", "ORG", "Republican Party"),
        ("La.", "GPE", "Louisiana"),
        ("D", "ORG", "Democratic Party"),
        ("Minn.", "GPE", "Minnesota"),
    ]
    assert "M.D." not in set(_one_document(text)["surface"])  # a degree, no place


def test_a_natural_places_word_and_of_make_one_place():
    text = "Tehran controls the Strait of Hormuz; ships avoid the Gulf of Aden."
    spans = _spans(text, ("Tehran", "LOC"), ("Strait", "LOC"), ("Hormuz", "LOC"), ("Aden", "LOC"))
    joined = [(text[s:e], label) for s, e, label in joined_natural_places(text, spans)]
    assert joined == [("Tehran", "LOC"), ("Strait of Hormuz", "LOC"), ("Gulf of Aden", "LOC")]
    # "Bank of England" has no natural place's word
    other = "The Bank of England said so."
    assert joined_natural_places(other, _spans(other, ("England", "LOC"))) == _spans(
        other, ("England", "LOC")
    )
    mentions = _one_document(text)
    assert ("Strait of Hormuz", "LOC") in set(
        zip(mentions["surface"], mentions["label"], strict=True)
    )


def test_a_place_where_places_are_written_though_it_opens_with_a_given_name():
    text = "It was called Kill Devil Hill, near the town of Kitty Hawk. Gliders flew at Kitty Hawk."
    mentions = _one_document(text)
    places = mentions[mentions["surface"] == "Kitty Hawk"]
    assert list(places["label"]) == ["GPE", "GPE"]
    # "spoke to" writes a person: the rules' given name keeps its person
    other = _one_document("He said so to Victoria Derbyshire on Sunday.")
    assert ("Victoria Derbyshire", "PERSON") in set(
        zip(other["surface"], other["label"], strict=True)
    )


def test_a_company_read_as_a_place_is_the_company_its_document_speaks_of():
    text = (
        "Kmart to buy Sears for US$11 billion. Alan Lacy, chief executive of Sears, will lead "
        "the new company. Sears CEO Alan Lacy spoke. The move is a boon for Sears."
    )
    mentions = _one_document(text)
    assert set(mentions[mentions["surface"] == "Sears"]["label"]) == {"ORG"}
    # a town the text writes as one keeps its type
    town = _one_document("Storms hit Tarzana on Monday. Tarzana residents were evacuated.")
    assert set(town[town["surface"] == "Tarzana"]["label"]) == {"GPE"}


def test_a_name_does_not_end_with_a_word_in_lower_case():
    text = "The far-right Rassemblement National party and the Ploughshare Alliance party met."
    for surface, name in (
        ("Rassemblement National party", "Rassemblement National"),
        ("Ploughshare Alliance party", "Ploughshare Alliance"),
    ):
        start = text.index(surface)
        candidate = model_candidate(text, start, start + len(surface), "ORG", LEX)
        assert text[candidate.start : candidate.end] == name


def test_a_facilitys_name_before_its_kind_is_no_town():
    text = "220 prisoners are on hunger strike in Ofer prison, and more in Ohalei Keidar prison."
    for name in ("Ofer", "Ohalei Keidar"):
        start = text.index(name)
        candidate = model_candidate(text, start, start + len(name), "LOC", LEX)
        assert (candidate.label, candidate.canonical) == ("MISC", name)
    # a listed place keeps its type: "Kyiv airport" is in Kyiv
    text = "Drones hit Kyiv airport."
    start = text.index("Kyiv")
    assert model_candidate(text, start, start + 4, "LOC", LEX).label == "GPE"


def test_a_lists_verb_is_no_given_name():
    text = "Its record:\n1. Okayed Ayub's martial law\n2. Allowed Musharraf to run again"
    start = text.index("Okayed Ayub")
    candidate = model_candidate(text, start, start + len("Okayed Ayub"), "PERSON", LEX)
    assert (text[candidate.start : candidate.end], candidate.label) == ("Ayub", "PERSON")
    # a listed given name that ends like a verb stays the person's
    text = "Yesterday Jared Kushner said so."
    start = text.index("Jared")
    candidate = model_candidate(text, start, start + len("Jared Kushner"), "PERSON", LEX)
    assert text[candidate.start : candidate.end] == "Jared Kushner"


def test_a_lone_unknown_name_that_speaks_is_a_person():
    mentions = _one_document("The court ruled on Monday. Vidyut explains the situation in a blog.")
    assert ("Vidyut", "PERSON") in set(zip(mentions["surface"], mentions["label"], strict=True))
    # a dictionary word that "said" is a company or a desk, not a surname
    mentions = _one_document("Shares rose on Monday. Blockbuster said it will issue 80,460 shares.")
    assert ("Blockbuster", "PERSON") not in set(
        zip(mentions["surface"], mentions["label"], strict=True)
    )


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # a work's title in quotation marks is no organisation
        ("The memoir “Apropos of Nothing” was released.", "Apropos of Nothing", "MISC"),
        ("Movies from “Radio Days” to “Annie Hall” were shown.", "Radio Days", "MISC"),
        # a family is no organisation
        ("Later, the Wright brothers began to design a plane.", "Wright", "MISC"),
        # an organisation's name without quotation marks stays one
        ("The Radio Days Foundation said so.", "Radio Days Foundation", "ORG"),
        # and so does one written as an organisation's inside them, as translated news does
        ('Banned parties: "Shariy Party", "Nashi" and others.', "Shariy Party", "ORG"),
        ('The so-called "DPR" and "LPR" were formed.', "DPR", "ORG"),
        # a word in capitals that is no acronym is no name
        ("For bill text, click HERE.", "HERE", None),
    ],
)
def test_titles_families_and_capitalised_words_the_model_read_as_organisations(
    text, surface, expected
):
    start = text.index(surface)
    candidate = model_candidate(text, start, start + len(surface), "ORG", LEX)
    assert (candidate.label if candidate else None) == expected


@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        (
            "Treats by National Aeronautics and Space Administration staff.",
            ("National Aeronautics", "Space Administration"),
            ["National Aeronautics and Space Administration"],
        ),
        # a listed name, or a company's legal form, keeps two organisations apart
        ("Google and Space Administration officials", ("Google", "Space Administration"), None),
        ("Sears and Kmart Corp agreed.", ("Sears", "Kmart Corp"), None),
        # an acronym, or a name no dictionary writes, is a name of its own
        ("Both the ETA and Thinking Machines Systems", ("ETA", "Thinking Machines Systems"), None),
        ("Real Madrid and Manchester United won.", ("Real Madrid", "Manchester United"), None),
    ],
)
def test_an_organisation_the_model_cut_at_its_and_is_whole(text, pieces, expected):
    spans = _spans(text, *((piece, "ORG") for piece in pieces))
    joined = [text[s:e] for s, e, _ in joined_at_and(text, spans, LEX)]
    assert joined == (expected or list(pieces))


@pytest.mark.parametrize(
    ("text", "span", "entities"),
    [
        ("The Alabama Mayor spoke.", "Alabama Mayor", [("Alabama", "GPE")]),
        ("The Wilmington Mayor spoke.", "Wilmington Mayor", [("Wilmington", "GPE")]),
        ("Wayne King spoke.", "Wayne King", [("Wayne King", "PERSON")]),
        ("Stephen King spoke.", "Stephen King", [("Stephen King", "PERSON")]),
    ],
)
def test_a_title_with_its_place_or_party_is_no_person(text, span, entities):
    found = combine(text, _spans(text, (span, "PERSON")), extract_candidates(text, LEX), LEX)
    assert [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"] == entities


@pytest.mark.parametrize(
    ("text", "model", "entities"),
    [
        (
            "Lee introduced the No Union Time on the Taxpayer's Dime Act today.",
            [("No Union Time", "ORG"), ("Taxpayer", "LOC")],
            [("No Union Time", "MISC"), ("Taxpayer", "MISC")],
        ),
        (
            "It cited the Communications Decency Act of 1996 in court.",
            [("Communications Decency Act of 1996", "ORG")],
            [("Communications Decency Act of 1996", "MISC")],
        ),
        (
            "Nexfor and the Act were discussed.",
            [("Nexfor", "ORG")],
            [("Nexfor", "ORG")],
        ),
    ],
)
def test_the_words_of_a_laws_name_are_no_organisation_or_place(text, model, entities):
    found = combine(text, _spans(text, *model), extract_candidates(text, LEX), LEX)
    assert [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"] == entities


@pytest.mark.parametrize(
    ("text", "model", "entities"),
    [
        (
            "He thanked the Kingdom of Saudi Arabia for the talks.",
            [("Kingdom", "LOC"), ("Saudi Arabia", "LOC")],
            [("Kingdom of Saudi Arabia", "GPE", "Saudi Arabia")],
        ),
        (
            "The ambassador of the Republic of Angola spoke.",
            [("Angola", "LOC")],
            [("Republic of Angola", "GPE", "Angola")],
        ),
        # the unit's word belongs to a title or a longer name
        (
            "Zelenskyy met Secretary of State of the United States Antony Blinken.",
            [("United States", "LOC")],
            [("United States", "GPE", "United States"), ("Antony Blinken", "PERSON", None)],
        ),
    ],
)
def test_a_country_after_a_political_units_word_is_one_place(text, model, entities):
    found = combine(text, _spans(text, *model), extract_candidates(text, LEX), LEX)
    got = [
        (text[c.start : c.end], c.label, c.canonical if c.label == "GPE" else None)
        for c in found
        if c.kind == "entity"
    ]
    assert [item for item in got if item[0] != "Zelenskyy"] == entities


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("We saw the Jacqueline Kennedy Garden today.", "Jacqueline Kennedy Garden", "MISC"),
        ("El Niño's impacts are expected to persist.", "El Niño", "MISC"),
        ("Actress Diane Lane spoke.", "Diane Lane", "PERSON"),  # "Lane" is a surname too
    ],
)
def test_a_facility_or_a_climate_pattern_is_no_person(text, surface, label):
    found = combine(text, _spans(text, (surface, "PERSON")), extract_candidates(text, LEX), LEX)
    assert [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"] == [
        (surface, label)
    ]


def test_a_lone_surname_keeps_the_particles_its_full_name_has():
    text = (
        "Ralph de la Torre was asked. Dr. de la Torre declined. "
        "Ursula von der Leyen spoke; von der Leyen said no."
    )
    mentions = _one_document(text)
    people = mentions[mentions["label"] == "PERSON"]
    assert people["surface"].tolist() == [
        "Ralph de la Torre",
        "de la Torre",
        "Ursula von der Leyen",
        "von der Leyen",
    ]
    assert people["term"].tolist() == ["Ralph de la Torre"] * 2 + ["Ursula von der Leyen"] * 2


def test_a_state_before_a_title_is_the_state():
    text = "Candidates include Florida Governor Ron DeSantis."
    found = combine(
        text,
        _spans(text, ("Florida", "ORG"), ("Ron DeSantis", "PERSON")),
        extract_candidates(text, LEX),
        LEX,
    )
    assert [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"] == [
        ("Florida", "GPE"),
        ("Ron DeSantis", "PERSON"),
    ]


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        (
            "Fighters led by Yevgeny Prigozhin took the town. Prigozhin said they would leave.",
            [("Yevgeny Prigozhin", "ORG"), ("Prigozhin", "PERSON")],
            [("Yevgeny Prigozhin", "PERSON"), ("Prigozhin", "PERSON")],
        ),
        # the only sentence shape the text has: whoever leads something is a person
        (
            "Wagner Group fighters led by Yevgeny Prigozhin took the town.",
            [("Wagner Group", "ORG"), ("Yevgeny Prigozhin", "ORG")],
            [("Wagner Group", "ORG"), ("Yevgeny Prigozhin", "PERSON")],
        ),
        # a name with words organisations are built with stays what the model read
        (
            "Zorvex Holdings went bankrupt. Holdings said nothing.",
            [("Zorvex Holdings", "ORG"), ("Holdings", "PERSON")],
            [("Zorvex Holdings", "ORG")],
        ),
    ],
)
def test_a_full_name_whose_surname_is_a_person_alone_is_a_person(text, model, expected):
    found = combine(text, _spans(text, *model), extract_candidates(text, LEX), LEX)
    got = [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"]
    assert got[: len(expected)] == expected


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        # a newsroom's job is a title: no one is called "Assignment Reporter"
        (
            "General Assignment Reporter, HuffPost. White House Correspondent Peter Doocy asked.",
            [("Assignment Reporter", "PERSON"), ("Peter Doocy", "PERSON")],
            [("Peter Doocy", "PERSON")],
        ),
        # a listed name keeps the title word it ends with
        (
            "Hollywood Reporter critic Kirk Honeycutt liked it.",
            [("Hollywood Reporter", "PERSON"), ("Kirk Honeycutt", "PERSON")],
            [("Hollywood Reporter", "ORG"), ("Kirk Honeycutt", "PERSON")],
        ),
    ],
)
def test_newsroom_jobs_are_titles(text, model, expected):
    found = combine(text, _spans(text, *model), extract_candidates(text, LEX), LEX)
    got = [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"]
    assert [item for item in got if item[0] not in ("HuffPost", "White House")] == expected


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        (
            "The United States of America and the Democratic Republic of the Congo agreed.",
            [
                ("The United States", "LOC"),
                ("America", "LOC"),
                ("Democratic Republic", "LOC"),
                ("Congo", "LOC"),
            ],
            [
                ("United States of America", "United States"),
                ("Democratic Republic of the Congo", "Democratic Republic of the Congo"),
            ],
        ),
        ("Judges met in The Hague.", [("Hague", "ORG")], [("The Hague", "The Hague")]),
    ],
)
def test_the_pieces_of_a_listed_place_are_one_place(text, model, expected):
    found = combine(text, _spans(text, *model), extract_candidates(text, LEX), LEX)
    assert [(text[c.start : c.end], c.canonical) for c in found if c.kind == "entity"] == expected


def test_a_person_who_opens_with_an_initial_keeps_the_first_name_before_it():
    text = "Secretary of State Antony J. Blinken will travel."
    found = combine(
        text, _spans(text, ("J. Blinken", "PERSON")), extract_candidates(text, LEX), LEX
    )
    people = [(text[c.start : c.end], c.canonical) for c in found if c.label == "PERSON"]
    assert people == [("Antony J. Blinken", "Antony J. Blinken")]  # "Antony" is a town too
    text = "He lived in Paris J. Smith said."  # "in Paris": where, not who
    start = text.index("J. Smith")
    smith = Candidate(start, start + 8, "PERSON", "J. Smith", evidence="model")
    assert with_their_given_names(text, [smith], LEX) == [smith]


def test_a_headlines_verb_after_a_name_is_not_the_names():
    text = "Dominic Ng Appointed to Chair APEC Business Advisory Council"
    found = model_candidate(text, 0, len("Dominic Ng Appointed"), "PERSON", LEX)
    assert (text[found.start : found.end], found.label) == ("Dominic Ng", "PERSON")


def test_a_person_who_opens_with_a_patronymic_keeps_the_given_name_before_it():
    text = "The individuals are Vadim Vladimirovich Podkopaev and others."
    span = ("Vladimirovich Podkopaev", "PERSON")
    found = combine(text, _spans(text, span), extract_candidates(text, LEX), LEX)
    assert [text[c.start : c.end] for c in found if c.label == "PERSON"] == [
        "Vadim Vladimirovich Podkopaev"
    ]


def test_an_organisation_loses_the_whole_title_glued_after_it():
    text = "The talks included USAID Assistant Administrator for Global Health Atul Gawande."
    start = text.index("USAID")
    found = model_candidate(text, start, start + len("USAID Assistant Administrator"), "ORG", LEX)
    assert (text[found.start : found.end], found.label) == ("USAID", "ORG")


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        # a period and a system: no word of a body's name, no list, no model ORG
        (
            "In Fiscal Year (FY) 2021 the city built Bus Rapid Transit (BRT) lines. FY 2022 too.",
            [("BRT", "ORG")],
            {"FY": "MISC", "BRT": "MISC", "Fiscal Year": "MISC", "Bus Rapid Transit": "MISC"},
        ),
        # a law's acronym is the law's, though a town is called Ada
        (
            "The Americans with Disabilities Act (ADA) is old. The ADA inspires.",
            [("ADA", "ORG"), ("ADA", "ORG")],
            {"ADA": "MISC"},
        ),
        # a body's word, or the model's reading of the expansion, keeps an organisation
        (
            "The Narcotics Control Bureau (NCB) hosted. NCB said.",
            [("Narcotics Control Bureau", "ORG"), ("NCB", "ORG")],
            {"NCB": "ORG", "Narcotics Control Bureau": "ORG"},
        ),
        # the model cut the name, but an organisation starts where the expansion does
        (
            "The Intergovernmental Panel on Climate Change (IPCC) met. The IPCC said.",
            [("Intergovernmental Panel", "ORG"), ("Climate Change", "ORG"), ("IPCC", "ORG")],
            {"IPCC": "ORG", "Intergovernmental Panel on Climate Change": "ORG"},
        ),
        (
            "The Palestinian Islamic Jihad (PIJ) fired rockets. PIJ said.",
            [("Palestinian Islamic Jihad", "ORG"), ("PIJ", "ORG")],
            {"PIJ": "ORG", "Palestinian Islamic Jihad": "ORG"},
        ),
    ],
)
def test_an_acronym_the_text_defines_for_a_thing_is_no_organisation(text, model, expected):
    found = combine(text, _spans(text, *model), extract_candidates(text, LEX), LEX)
    got = {text[c.start : c.end]: c.label for c in found if c.kind == "entity"}
    assert {surface: got.get(surface) for surface in expected} == expected


def test_an_acronym_the_text_names_a_law_with_is_the_laws():
    text = (
        "It follows the Health Information Technology for Economic and Clinical Health "
        "(HITECH) Act of 2009. Under the HITECH Act, rules apply."
    )
    expansion = "Health Information Technology for Economic and Clinical Health"
    model = [(expansion, "ORG"), ("HITECH", "ORG"), ("HITECH Act", "MISC")]
    found = combine(text, _spans(text, *model), extract_candidates(text, LEX), LEX)
    got = [(text[c.start : c.end], c.label) for c in found if c.kind == "entity"]
    assert (expansion, "MISC") in got and ("HITECH", "MISC") in got
    assert not [surface for surface, label in got if label == "ORG"]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        # a body's name of the common shape: the sentence's "The"
        ("The U.S. Department of State", "U.S. Department of State"),
        (
            "The Idaho National Engineering and Environmental Laboratory",
            "Idaho National Engineering and Environmental Laboratory",
        ),
        ("The Zorvex Group", "Zorvex Group"),
        # a masthead, or a name of no common shape, keeps it
        ("The Zorvex Times", "The Zorvex Times"),
        ("The Darkness", "The Darkness"),
    ],
)
def test_a_capital_the_before_a_bodys_common_name_is_the_sentences(surface, expected):
    text = f"{surface} said on Monday that it would reply."
    found = combine(text, _spans(text, (surface, "ORG")), extract_candidates(text, LEX), LEX)
    assert [text[c.start : c.end] for c in found if c.kind == "entity"] == [expected]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a film's title in quotation marks, though a person is named so
        ("His films range from “Annie Hall” to “Radio Days”.", "Annie Hall", "MISC"),
        ("He cited “Hannah and Her Sisters” first.", "Hannah", "MISC"),
        # speech that opens with a name, a nickname, a one-word answer: people
        ("“Mark Rutte is right,” he said.", "Mark Rutte", "PERSON"),
        ("The suspect, Han “Hana” Lee, was arrested.", "Hana", "PERSON"),
        ("“Biden,” she said, when asked who would win.", "Biden", None),
    ],
)
def test_a_person_the_model_reads_in_a_quoted_title_is_the_work(text, name, expected):
    found = combine(text, _spans(text, (name, "PERSON")), extract_candidates(text, LEX), LEX)
    labels = {text[c.start : c.end]: c.label for c in found if c.kind == "entity"}
    if expected is None:
        assert labels.get(name) != "MISC"
    else:
        assert labels[name] == expected


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        ("Bills include all of Rep. Pocan’s earmarks.", "Rep. Pocan", "MISC", ("Pocan", "PERSON")),
        ("Then Sen. Cassidy agreed to it.", "Sen. Cassidy", "ORG", ("Cassidy", "PERSON")),
        # a body's name after the title stays the body's
        ("It came from Sen. Warren Office staff.", "Sen. Warren Office", "ORG", None),
    ],
)
def test_a_name_opening_with_an_abbreviated_title_is_the_person(text, span, label, expected):
    found = combine(text, _spans(text, (span, label)), extract_candidates(text, LEX), LEX)
    people = [(text[c.start : c.end], c.label) for c in found if c.label == "PERSON"]
    assert people == ([expected] if expected else [])


def test_party_members_are_their_party():
    text = (
        "Republicans and Democrats agreed on the bill. The Democratic senator and a "
        "Republican governor spoke. Louisiana Democrats re-elected the governor, and "
        "Democrats won in Kentucky."
    )
    found = _one_document(text)
    parties = found[found["surface"].str.startswith(("Democrat", "Republican"))]
    assert set(zip(parties["surface"], parties["label"], parties["term"], strict=True)) == {
        ("Republicans", "ORG", "Republican Party"),
        ("Republican", "ORG", "Republican Party"),
        ("Democrats", "ORG", "Democratic Party"),
        ("Democratic", "ORG", "Democratic Party"),
    }


def test_a_listed_body_is_nobodys_surname():
    from analysis.extract.entities.resolve import resolve_document

    text = "Louisiana Democrats re-elected him. Democrats won."
    first = text.index("Democrats", 20)
    candidates = [
        Candidate(0, 19, "PERSON", "Louisiana Democrats", evidence="model"),
        Candidate(first, first + 9, "ORG", "Democratic Party", evidence="model"),
    ]
    spans = resolve_document(text, candidates).spans
    assert [(s.text, s.label, s.canonical) for s in spans][1] == (
        "Democrats",
        "ORG",
        "Democratic Party",
    )
