"""The page's address: view state read from ``st.query_params`` once, and written back each run.

A view is shareable: the filters, the analysis settings, the section on screen and the Compare
tab's sides live in the URL (names in :mod:`app.params`), so a copied link reopens the same view.
On a session's first run the URL's values go into the widgets' session state (each checked:
a URL is untrusted input); at the end of every run :func:`save` writes the current values back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import streamlit as st

from analysis.extract.keywords import KeywordSettings
from analysis.query.filters import Filters
from app.options import Options
from app.params import ALL_TYPES, COMPARE_DATES, SETTINGS, key, url

#: Session key of the focus the time charts propose by default (set by the Over time section).
FOCUS_DEFAULT_KEY = "_focus_default"

#: Entity types shown by default: nationalities (NORP) and MISC are kept apart from the charts.
DEFAULT_ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC"]
#: Bounds of the keyword settings' sliders (a URL value outside them is ignored).
TOP_K_RANGE = (3, 30)
NGRAM_RANGE = (1, 5)
DEDUP_RANGE = (0.5, 1.0)
#: Session keys marking that the URL was read (once per session and kind of state).
_RESTORED = "_restored_from_url"
#: Session keys: the corpus the filters belong to; a link's uploaded corpus not yet reopened
#: (with the link's parameters, applied once those files are uploaded); the ``corpus`` value to
#: write into the URL.
FILTERS_CORPUS = "_filters_corpus"
#: Session key: the corpus whose time step the analyst (or the link that opened it) chose; any
#: other corpus gets the step its date span suggests (``app.sidebar.default_period``), and only
#: a chosen step is written into the URL, even "day", so that the link reopens it.
PERIOD_CHOSEN = "_period_chosen"
PENDING_LINK = "_pending_link"
URL_CORPUS = "_url_corpus"
#: Characters of an upload's content key written into the URL (enough to tell corpora apart).
CORPUS_KEY_LENGTH = 16
#: The Compare tab's two sides (session keys and URL names in :mod:`app.params`).
COMPARE_SIDES = ("compare_a", "compare_b")
#: Most stop words and characters a URL may set (the text box takes a short list).
MAX_URL_STOPWORDS = 30
MAX_URL_STOPWORDS_CHARS = 300


def url_params() -> dict[str, list[str]]:
    """The page's query parameters, every value as a list (a key may repeat)."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def _first_time(kind: str) -> bool:
    """Whether this session has not yet read ``kind`` from the URL (and mark it read)."""
    marker = f"{_RESTORED}_{kind}"
    if st.session_state.get(marker):
        return False
    st.session_state[marker] = True
    return True


# --- analysis settings ----------------------------------------------------------------------------


def settings_from_params(params: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """Widget values for the analysis settings found in URL ``params``; malformed ones dropped."""
    values: dict[str, object] = {}
    for name in SETTINGS:
        raw = params.get(url(name))
        if not raw:
            continue
        value = str(raw[-1]).strip()
        if name in ("top_k", "max_ngram"):
            low, high = TOP_K_RANGE if name == "top_k" else NGRAM_RANGE
            if value.isdigit() and low <= int(value) <= high:
                values[name] = int(value)
        elif name == "dedup":
            try:
                number = float(value)
            except ValueError:
                continue
            steps = (number - DEDUP_RANGE[0]) / 0.05
            if DEDUP_RANGE[0] <= number <= DEDUP_RANGE[1] and abs(steps - round(steps)) < 1e-6:
                values[name] = round(number, 2)  # only the slider's own steps
        elif name == "stopwords":
            words = [w for w in (part.strip() for part in value.split(",")) if w]
            if (
                len(value) <= MAX_URL_STOPWORDS_CHARS
                and len(words) <= MAX_URL_STOPWORDS
                and all(w.replace(" ", "").replace("-", "").isalpha() for w in words)
            ):
                values[name] = ", ".join(words)
        else:
            values[name] = value  # the backend: checked against those offered when drawn
    return values


def settings_to_params(settings: KeywordSettings, backend: str) -> dict[str, str]:
    """URL parameters for the analysis settings that differ from the defaults."""
    default = KeywordSettings()
    params: dict[str, str] = {}
    if settings.top_k != default.top_k:
        params[url("top_k")] = str(settings.top_k)
    if settings.max_ngram != default.max_ngram:
        params[url("max_ngram")] = str(settings.max_ngram)
    if settings.dedup_threshold != default.dedup_threshold:
        params[url("dedup")] = f"{settings.dedup_threshold:g}"
    if settings.stopwords:
        params[url("stopwords")] = ", ".join(settings.stopwords)
    if backend != "rules":
        params[url("entity_backend")] = backend
    return params


def restore_settings() -> None:
    """On a session's first run, put the URL's analysis settings into the widgets' state."""
    if not _first_time("settings"):
        return
    for name, value in settings_from_params(url_params()).items():
        st.session_state[key(name)] = value


# --- filters --------------------------------------------------------------------------------------


def restore_filters(options: Options) -> str | None:
    """Put the filters that belong to ``options.corpus`` into the widgets' state, once per corpus.

    On a session's first run these are the URL's filters, unless the link names an uploaded
    corpus other than the one open (``corpus=``): then the link waits until those files are
    uploaded, and the page starts from the corpus' defaults. Every other new corpus (an upload,
    another upload) starts from its own defaults (:func:`default_filters`): full date range,
    undated articles included, no source, document or search, its own followed terms.

    Returns a message when the link's corpus cannot be reopened here, else ``None``.
    """
    state = st.session_state
    first = _first_time("filters")
    if first:
        params = url_params()
        linked = (params.get(url("corpus")) or [""])[-1][:CORPUS_KEY_LENGTH]
        if linked and linked != options.corpus[:CORPUS_KEY_LENGTH]:
            state[PENDING_LINK] = (linked, params)
    pending = state.get(PENDING_LINK)
    state[URL_CORPUS] = (
        options.corpus[:CORPUS_KEY_LENGTH] if options.uploaded else pending[0] if pending else ""
    )
    if state.get(FILTERS_CORPUS) == options.corpus:
        return _pending_message(pending)
    if state.get(FILTERS_CORPUS) is not None:
        for name in COMPARE_SIDES:  # another corpus: its documents and sources are others
            state.pop(key(name), None)
    state[FILTERS_CORPUS] = options.corpus
    if pending and pending[0] == options.corpus[:CORPUS_KEY_LENGTH]:
        del state[PENDING_LINK]
        _put_filters(Filters.from_params(pending[1]), options)
        _put_compare_sides(pending[1])
        return None
    if first and not pending:
        _put_filters(Filters.from_params(url_params()), options)
        return None
    reset_filters(options)
    return _pending_message(pending)


def _pending_message(pending: tuple[str, object] | None) -> str | None:
    if not pending:
        return None
    return (
        "This link was made on an uploaded corpus, which is not kept on the server: upload the "
        "same files in the sidebar (Upload articles) and the link's filters and view come back. "
        "Until then you see the server's own corpus."
    )


def default_filters() -> Filters:
    """The filters every corpus starts from (the entity types the charts show by default)."""
    return Filters(entity_types=tuple(DEFAULT_ENTITY_TYPES))


def reset_filters(options: Options) -> None:
    """Put ``options``' corpus' defaults into the filter widgets (also the "Reset filters"
    button's action); the followed terms go back to the corpus' own top entities."""
    _put_filters(default_filters(), options)
    for name in (key("focus"), FOCUS_DEFAULT_KEY, key("doc_find")):
        st.session_state.pop(name, None)


def _put_filters(f: Filters, options: Options) -> None:
    """Put ``f`` into the widgets' state (the date range within ``options``' dates)."""
    state = st.session_state
    state[key("sources")] = list(f.sources)
    state[key("doc_ids")] = list(f.doc_ids)
    types = list(f.entity_types)
    state[key("entity_types")] = [] if ALL_TYPES in types else types or DEFAULT_ENTITY_TYPES
    state[key("search")] = f.search
    state[key("search_regex")] = f.search_regex
    state[key("min_count")] = f.min_count
    state[key("per_1k")] = f.per_1k
    state[key("period")] = f.period
    state[key("terms")] = ", ".join(f.terms)
    state[key("term_regex")] = f.term_regex
    if f.focus:
        state[key("focus")] = list(f.focus)
    if options.first_date is None or options.last_date is None:
        state.pop(key("date_from"), None)
        state.pop(key("date_to"), None)
        return
    try:
        start = date.fromisoformat(f.date_from) if f.date_from else options.first_date
        end = date.fromisoformat(f.date_to) if f.date_to else options.last_date
    except ValueError:
        start, end = options.first_date, options.last_date
    start = min(max(start, options.first_date), options.last_date)
    end = max(min(end, options.last_date), start)
    state[key("date_from")], state[key("date_to")] = start, end


def filters_to_params(f: Filters) -> dict[str, str | list[str]]:
    """URL parameters of the filters: ``Filters.to_params``, with the default entity types
    left out and "every type" written as :data:`~app.params.ALL_TYPES`."""
    params = f.to_params()
    if sorted(f.entity_types) == sorted(DEFAULT_ENTITY_TYPES):
        params.pop(url("entity_types"), None)
    elif not f.entity_types:
        params[url("entity_types")] = [ALL_TYPES]
    return params


# --- view state: the section on screen, the Compare tab's sides -----------------------------------


def restore_view(sections: Mapping[str, str]) -> None:
    """On a session's first run, open the section the URL names (``sections``: URL value to
    label) and put the Compare tab's sides into their pickers' state (checked when drawn)."""
    if not _first_time("view"):
        return
    params = url_params()
    section = (params.get(url("section")) or [""])[-1]
    if section in sections:
        st.session_state[key("section")] = sections[section]
    _put_compare_sides(params)


def _put_compare_sides(params: Mapping[str, Sequence[str]]) -> None:
    """Put the Compare tab's sides named in URL ``params`` into their pickers' state; a date
    range side ("dates:2024-10-17:2024-10-18") into its date picker's too."""
    for name in COMPARE_SIDES:
        values = params.get(url(name))
        if not values:
            continue
        choice, dates = compare_side_from_param(values[-1])
        st.session_state[key(name)] = choice
        if dates is not None:
            st.session_state[key(f"{name}_dates")] = dates


def compare_side_from_param(value: str) -> tuple[str, tuple[date, date] | None]:
    """A Compare side's picker choice and, for a date range written into the URL
    (``dates:START:END``), its two days; a malformed range keeps the choice only."""
    kind, _, rest = value.partition(":")
    if kind != COMPARE_DATES or not rest:
        return value, None
    first, _, last = rest.partition(":")
    try:
        start, end = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return COMPARE_DATES, None
    return COMPARE_DATES, ((start, end) if start <= end else None)


def compare_side_to_param(choice: str, dates: object) -> str:
    """The URL value of a Compare side: its picker choice, with the days of a date range."""
    if choice == COMPARE_DATES and isinstance(dates, tuple | list) and len(dates) == 2:
        start, end = dates
        if isinstance(start, date) and isinstance(end, date):
            return f"{COMPARE_DATES}:{start.isoformat()}:{end.isoformat()}"
    return choice


def view_to_params(sections: Mapping[str, str]) -> dict[str, str]:
    """URL parameters of the section on screen (none for the first) and of the Compare sides."""
    params: dict[str, str] = {}
    by_label = {label: value for value, label in sections.items()}
    shown = by_label.get(st.session_state.get(key("section"), ""))
    if shown and shown != next(iter(sections)):
        params[url("section")] = shown
    for name in COMPARE_SIDES:
        side = st.session_state.get(key(name))
        if isinstance(side, str) and side:
            dates = st.session_state.get(key(f"{name}_dates"))
            params[url(name)] = compare_side_to_param(side, dates)
    return params


def save(f: Filters, settings: KeywordSettings, backend: str, sections: Mapping[str, str]) -> None:
    """Write the filters, settings and view state into the URL (only when they changed).

    While a link made on an uploaded corpus waits for its files, the address keeps that link
    as it came (copied again, it still names the corpus, its filters and its view)."""
    pending = st.session_state.get(PENDING_LINK)
    if pending:
        if url_params() != pending[1]:
            st.query_params.from_dict(pending[1])
        return
    corpus = st.session_state.get(URL_CORPUS)
    chosen = st.session_state.get(PERIOD_CHOSEN)
    chosen_step = (
        {url("period"): f.period}
        if chosen and chosen == st.session_state.get(FILTERS_CORPUS)
        else {}
    )
    params = {
        **filters_to_params(f),
        **chosen_step,
        **settings_to_params(settings, backend),
        **view_to_params(sections),
        **({url("corpus"): corpus} if corpus else {}),
    }
    wanted = {name: value if isinstance(value, list) else [value] for name, value in params.items()}
    if url_params() != wanted:
        st.query_params.from_dict(params)
