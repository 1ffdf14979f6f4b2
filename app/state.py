"""The sidebar's settings and filters: widgets with stable keys, restored from and saved to the URL.

A view is shareable: the filters and the analysis settings live in ``st.query_params``, so a copied
link reopens the same selection. Widget values are checked against the current corpus before the
widgets are drawn, so a stale link or a new upload never breaks the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from analysis.core.counting import PERIODS
from analysis.core.schema import ENTITY_LABELS, as_text
from analysis.extract.keywords import KeywordSettings, parse_stopwords
from analysis.extract.terms import parse_terms
from analysis.query.filters import Filters

#: Entity types shown by default: nationalities (NORP) and MISC are kept apart from the charts.
DEFAULT_ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC"]
#: URL parameters of the analysis settings (the filters' own come from ``Filters.to_params``).
SETTING_PARAMS = {
    "top_k": "k",
    "max_ngram": "ngram",
    "dedup": "dedup",
    "stopwords": "stop",
    "entity_backend": "backend",
}
#: Bounds of the keyword settings' sliders.
TOP_K_RANGE = (3, 30)
NGRAM_RANGE = (1, 5)
DEDUP_RANGE = (0.5, 1.0)
#: Written to the URL for "every entity type" (no ``type`` parameter means the defaults).
ALL_TYPES = "all"
#: Session key of the focus the time charts propose by default (set by ``app.views``).
FOCUS_DEFAULT = "_focus_default"
_RESTORED = "_restored_from_url"


@dataclass(frozen=True)
class Options:
    """What the corpus offers to choose from."""

    sources: list[str]
    doc_ids: list[str]
    titles: dict[str, str]
    first_date: date | None
    last_date: date | None


def options_for(documents: pd.DataFrame) -> Options:
    """The choices the filters offer for ``documents`` (vectorised: no loop over documents)."""
    dates = pd.to_datetime(documents["date"], format="%Y-%m-%d", errors="coerce").dropna()
    doc_ids = as_text(documents["doc_id"])
    titles = as_text(documents["title"]).str.slice(0, 60)
    labels = doc_ids.where(titles == "", doc_ids + " · " + titles)
    return Options(
        sources=sorted(as_text(documents["source"]).unique().tolist()),
        doc_ids=doc_ids.tolist(),
        titles=dict(zip(doc_ids, labels, strict=True)),
        first_date=dates.min().date() if len(dates) else None,
        last_date=dates.max().date() if len(dates) else None,
    )


def url_params() -> dict[str, list[str]]:
    """The page's query parameters, every value as a list (a key may repeat)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


# --- analysis settings ----------------------------------------------------------------------------


def settings_from_params(params: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """Widget values for the analysis settings found in URL ``params``; malformed ones dropped."""
    values: dict[str, object] = {}
    for key, name in SETTING_PARAMS.items():
        raw = params.get(name)
        if not raw:
            continue
        value = str(raw[-1]).strip()
        if key in ("top_k", "max_ngram"):
            low, high = TOP_K_RANGE if key == "top_k" else NGRAM_RANGE
            if value.isdigit() and low <= int(value) <= high:
                values[key] = int(value)
        elif key == "dedup":
            try:
                number = float(value)
            except ValueError:
                continue
            if DEDUP_RANGE[0] <= number <= DEDUP_RANGE[1]:
                values[key] = number
        else:
            values[key] = value
    return values


def settings_to_params(settings: KeywordSettings, backend: str) -> dict[str, str]:
    """URL parameters for the analysis settings that differ from the defaults."""
    default = KeywordSettings()
    params: dict[str, str] = {}
    if settings.top_k != default.top_k:
        params[SETTING_PARAMS["top_k"]] = str(settings.top_k)
    if settings.max_ngram != default.max_ngram:
        params[SETTING_PARAMS["max_ngram"]] = str(settings.max_ngram)
    if settings.dedup_threshold != default.dedup_threshold:
        params[SETTING_PARAMS["dedup"]] = f"{settings.dedup_threshold:g}"
    if settings.stopwords:
        params[SETTING_PARAMS["stopwords"]] = ", ".join(settings.stopwords)
    if backend != "rules":
        params[SETTING_PARAMS["entity_backend"]] = backend
    return params


def analysis_settings(backends: list[str]) -> tuple[KeywordSettings, str]:
    """The keyword settings and the entity backend, as chosen in the sidebar."""
    restore_settings()
    defaults = KeywordSettings()
    state = st.session_state
    if state.get("entity_backend") not in backends:
        state["entity_backend"] = backends[0]
    for key, value in (
        ("top_k", defaults.top_k),
        ("max_ngram", defaults.max_ngram),
        ("dedup", defaults.dedup_threshold),
        ("stopwords", ""),
    ):
        state.setdefault(key, value)
    with st.expander("Analysis settings"):
        st.caption("Changing these analyses the corpus again.")
        top_k = st.slider("Keywords per article", *TOP_K_RANGE, key="top_k")
        max_ngram = st.slider("Longest keyword (words)", *NGRAM_RANGE, key="max_ngram")
        dedup = st.slider(
            "Merge similar keywords above",
            *DEDUP_RANGE,
            step=0.05,
            key="dedup",
            help="1.0 merges only exact and nested variants; lower merges near spellings too.",
        )
        stopwords = st.text_input(
            "Extra stop words", key="stopwords", placeholder="e.g. minister, meeting"
        )
        backend = st.selectbox(
            "Entity finder",
            backends,
            key="entity_backend",
            help="'rules' needs no model; 'spacy:NAME' uses an installed spaCy pipeline.",
        )
    settings = KeywordSettings(
        top_k=int(top_k),
        max_ngram=int(max_ngram),
        dedup_threshold=float(dedup),
        stopwords=parse_stopwords(stopwords),
    )
    return settings, backend


def restore_settings() -> None:
    """On a session's first run, put the URL's analysis settings into the widgets' state."""
    if st.session_state.get(_RESTORED + "_settings"):
        return
    st.session_state[_RESTORED + "_settings"] = True
    for key, value in settings_from_params(url_params()).items():
        st.session_state[key] = value


# --- filters --------------------------------------------------------------------------------------


def restore_filters(options: Options) -> None:
    """On a session's first run, put the URL's filters into the widgets' state."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    f = Filters.from_params(url_params())
    state = st.session_state
    state["sources"] = list(f.sources)
    state["docs"] = list(f.doc_ids)
    types = list(f.entity_types)
    state["entity_types"] = [] if ALL_TYPES in types else types or DEFAULT_ENTITY_TYPES
    state["search"] = f.search
    state["search_regex"] = f.search_regex
    state["min_count"] = f.min_count
    state["per_1k"] = f.per_1k
    state["period"] = f.period
    state["terms"] = ", ".join(f.terms)
    state["term_regex"] = f.term_regex
    if f.focus:
        state["focus"] = list(f.focus)
    if (f.date_from or f.date_to) and options.first_date is not None:
        state["date_range"] = (
            date.fromisoformat(f.date_from) if f.date_from else options.first_date,
            date.fromisoformat(f.date_to) if f.date_to else options.last_date,
        )


def _keep_valid(key: str, allowed: Sequence[str]) -> None:
    """Drop values of a multiselect that the current corpus does not offer."""
    if key in st.session_state:
        allowed_set = set(allowed)
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed_set]


def _clamp_dates(options: Options) -> None:
    """Keep a remembered date range inside the corpus' dates (a new corpus may have others)."""
    value = st.session_state.get("date_range")
    if value is None or options.first_date is None or options.last_date is None:
        return
    if not isinstance(value, (tuple, list)) or len(value) != 2 or None in value:
        return  # a range being picked: leave it to the widget
    start = min(max(value[0], options.first_date), options.last_date)
    end = max(min(value[1], options.last_date), start)
    st.session_state["date_range"] = (start, end)


def sidebar_filters(options: Options) -> Filters:
    """Draw the filter widgets (stable keys) and return the :class:`Filters` they describe."""
    restore_filters(options)
    _keep_valid("sources", options.sources)
    _keep_valid("docs", options.doc_ids)
    _keep_valid("entity_types", ENTITY_LABELS)
    _clamp_dates(options)
    date_from, date_to = _date_widget(options)
    sources = st.multiselect(
        "Sources",
        options.sources,
        key="sources",
        format_func=lambda s: s or "(no source)",
        placeholder="All sources",
    )
    docs = st.multiselect(
        "Documents",
        options.doc_ids,
        key="docs",
        format_func=lambda d: options.titles.get(d, d),
        placeholder="All documents",
    )
    entity_types = st.multiselect(
        "Entity types",
        list(ENTITY_LABELS),
        key="entity_types",
        placeholder="All types",
        help="PERSON people · ORG organisations · GPE countries and cities · LOC regions · "
        "NORP nationalities and groups · MISC other names",
    )
    search = st.text_input(
        "Search the texts",
        key="search",
        placeholder="e.g. air defence",
        help="Keeps documents whose title or text contains this (any case); every match is "
        "listed in context under Search & read.",
    )
    search_regex = st.checkbox("Search is a regular expression", key="search_regex")
    with st.expander("Tracked terms", expanded=True):
        terms = st.text_input(
            "Terms to count",
            key="terms",
            placeholder="air defence, F-16, drones",
            help="Comma-separated; whole words, any case, plurals included.",
        )
        term_regex = st.text_input(
            "Regular expression to count",
            key="term_regex",
            placeholder=r"\d+ billion euros",
            help="Counted as one term of its own (runs with a time limit).",
        )
    with st.expander("Counting"):
        min_count = st.number_input(
            "Minimum mentions",
            min_value=1,
            step=1,
            key="min_count",
            help="Leave out terms mentioned fewer times than this in the selection.",
        )
        per_1k = st.toggle("Per 1,000 words", key="per_1k", help="Normalise counts by text length.")
        period = st.selectbox("Time step", PERIODS, key="period")
    return Filters(
        date_from=date_from,
        date_to=date_to,
        sources=tuple(sources),
        doc_ids=tuple(docs),
        entity_types=tuple(entity_types),
        min_count=int(min_count),
        per_1k=per_1k,
        period=period,
        terms=tuple(parse_terms(terms)),
        term_regex=term_regex,
        focus=_chosen_focus(),
        search=search,
        search_regex=search_regex,
    )


def _chosen_focus() -> tuple[str, ...]:
    """The terms the analyst chose to follow over time; ``()`` while the default is shown."""
    focus = list(st.session_state.get("focus") or ())
    if focus == st.session_state.get(FOCUS_DEFAULT):
        return ()
    return tuple(focus)


def _date_widget(options: Options) -> tuple[date | None, date | None]:
    """The date range picker; returns the bounds that narrow the corpus (``None``: open end)."""
    if options.first_date is None or options.last_date is None:
        st.caption("No document has a date.")
        return None, None
    if "date_range" not in st.session_state:
        st.session_state["date_range"] = (options.first_date, options.last_date)
    picked = st.date_input(
        "Dates",
        min_value=options.first_date,
        max_value=options.last_date,
        key="date_range",
        help="Narrowing the range leaves out undated documents.",
    )
    if not isinstance(picked, (tuple, list)) or len(picked) != 2:
        return None, None  # a range being picked
    date_from = picked[0] if picked[0] > options.first_date else None
    date_to = picked[1] if picked[1] < options.last_date else None
    return date_from, date_to


def save_to_url(f: Filters, settings: KeywordSettings, backend: str) -> None:
    """Write the filters and settings into the URL so that the view can be shared and reloaded."""
    params: dict[str, str | list[str]] = {**f.to_params(), **settings_to_params(settings, backend)}
    type_param = "type"
    if sorted(f.entity_types) == sorted(DEFAULT_ENTITY_TYPES):
        params.pop(type_param, None)
    elif not f.entity_types:
        params[type_param] = [ALL_TYPES]
    wanted = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    if url_params() != wanted:
        st.query_params.from_dict(params)
