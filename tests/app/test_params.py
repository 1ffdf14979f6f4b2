"""The table of URL parameters and widget keys (``app/params.py``): one name for each piece of
view state, the same names as the library's ``Filters.to_params``, and links that round-trip."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from analysis.extract.keywords import KeywordSettings
from analysis.query.filters import Filters
from app.params import PARAMS, SETTINGS, key, url
from app.sections import SECTIONS
from app.url import filters_to_params, settings_from_params, settings_to_params

APP = Path(__file__).resolve().parents[2] / "app"

#: Filters with every field away from its default, so that ``to_params`` writes every one.
EVERY_FIELD = Filters(
    date_from="2024-01-01",
    date_to="2024-12-31",
    sources=("Reuters",),
    doc_ids=("d1",),
    entity_types=("PERSON",),
    kinds=("entity",),
    min_count=2,
    per_1k=True,
    period="month",
    terms=("air defence",),
    term_regex=r"\d+",
    focus=("NATO",),
    search="Rutte",
    search_regex=True,
)


def test_every_filter_has_a_row_and_the_same_url_name_as_the_library():
    names = [field.name for field in fields(Filters)]
    assert set(names) <= set(PARAMS)
    assert set(EVERY_FIELD.to_params()) == {url(name) for name in names}
    for name in names:
        one = Filters(**{name: getattr(EVERY_FIELD, name)})
        assert url(name) in one.to_params(), name


def test_url_names_and_widget_keys_are_each_used_once():
    urls = [param.url for param in PARAMS.values() if param.url]
    assert len(urls) == len(set(urls))
    widgets = [param.widget for param in PARAMS.values() if param.widget]
    assert len(widgets) == len(set(widgets))
    assert (key("date_from"), key("date_to")) == ("date_from", "date_to")  # applied as typed


def test_state_kept_out_of_the_url_or_without_a_widget_says_so():
    with pytest.raises(KeyError, match="not kept in the URL"):
        url("reader_doc")
    with pytest.raises(KeyError, match="has no widget"):
        key("kinds")


@pytest.mark.parametrize(
    ("name", "parameter", "widget"),
    [
        ("sources", "source", "sources"),
        ("focus", "focus", "focus"),
        ("top_k", "k", "top_k"),
        ("section", "tab", "section"),
        ("compare_a", "a", "compare_a"),
        ("compare_b", "b", "compare_b"),
    ],
)
def test_the_view_state_named_in_the_issue_is_in_the_table(name, parameter, widget):
    assert (url(name), key(name)) == (parameter, widget)


def test_settings_round_trip_through_the_table():
    settings = KeywordSettings(top_k=12, max_ngram=2, dedup_threshold=0.8, stopwords=("x", "y"))
    params = settings_to_params(settings, "spacy:en_core_web_sm")
    assert set(params) == {url(name) for name in SETTINGS}
    values = settings_from_params({name: [value] for name, value in params.items()})
    assert values == {
        "top_k": 12,
        "max_ngram": 2,
        "dedup": 0.8,
        "stopwords": "x, y",
        "entity_backend": "spacy:en_core_web_sm",
    }


@pytest.mark.parametrize(
    ("types", "written"),
    [(("PERSON", "ORG", "GPE", "LOC"), None), ((), ["all"]), (("PERSON",), ["PERSON"])],
)
def test_entity_types_in_the_url(types, written):
    assert filters_to_params(Filters(entity_types=types)).get(url("entity_types")) == written


def test_sections_have_url_values_that_need_no_escaping():
    assert all(value.isalpha() and value.islower() for value in SECTIONS)
    assert len(set(SECTIONS.values())) == len(SECTIONS)


def test_no_module_spells_a_url_parameter_itself():
    """The app looks names up in the table: no ``query_params["q"]``-style literal elsewhere."""
    offenders = []
    for path in APP.rglob("*.py"):
        if path.name == "params.py":
            continue
        text = path.read_text(encoding="utf-8")
        for parameter in (param.url for param in PARAMS.values() if param.url):
            for spelled in (f'query_params["{parameter}"]', f'query_params.get("{parameter}"'):
                if spelled in text:
                    offenders.append(f"{path.name}: {spelled}")
    assert offenders == []


def test_the_uploaders_help_names_every_text_column_the_loader_reads():
    from analysis.ingest.loading import COLUMN_ALIASES
    from app.sources import UPLOAD_HELP

    assert all(name in UPLOAD_HELP for name in COLUMN_ALIASES["text"])
    assert "text, body, content or article" in UPLOAD_HELP
