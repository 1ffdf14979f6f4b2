"""The sidebar's widgets: the analysis settings and the filters, each under its key in
:mod:`app.params`.

Values from the URL are put into the widgets' state first (:mod:`app.url`); values the current
corpus does not offer are dropped before the widgets are drawn, so a stale link or a new upload
never breaks the page. Each corpus starts from its own defaults, a "Reset filters" button goes
back to them, and :func:`hidden_note` says how many articles each filter leaves out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from analysis.core.counting import PERIODS
from analysis.core.schema import ENTITY_LABELS
from analysis.extract.keywords import KeywordSettings, parse_stopwords
from analysis.extract.terms import parse_terms
from analysis.query.filters import Filters
from app.lazy import lazy_widgets
from app.options import Options
from app.params import key, url
from app.selection import View, hidden_by
from app.url import (
    DEDUP_RANGE,
    FOCUS_DEFAULT_KEY,
    NGRAM_RANGE,
    PENDING_LINK,
    PERIOD_CHOSEN,
    TOP_K_RANGE,
    reset_filters,
    restore_filters,
    restore_settings,
    url_params,
)

#: Session key of the focus the time charts propose by default (set by the Over time section).
FOCUS_DEFAULT = FOCUS_DEFAULT_KEY
#: Most documents or sources a filter offers at once (a million options crash a browser tab);
#: the documents filter has a search box for the others.
MAX_OPTIONS = 500
#: The widgets behind the closed-by-default expanders, drawn only while those are open.
SETTINGS_WIDGETS = ("top_k", "max_ngram", "dedup", "stopwords", "entity_backend")
COUNTING_WIDGETS = ("min_count", "per_1k", "period")
#: Session key marking that the page's own link was checked for a time step.
_PERIOD_URL_READ = "_period_url_read"
#: Longest date spans, in days, charted by day and by week; longer ones are charted by month.
DAILY_SPAN_DAYS = 62
WEEKLY_SPAN_DAYS = 366
#: Most dated articles always charted by day: a line of so few points reads at any span.
DAILY_ARTICLES = 31


def default_period(first: date | None, last: date | None, n_dated: int | None = None) -> str:
    """The time step a corpus of ``n_dated`` dated articles, from ``first`` to ``last``, starts
    with: ``day`` up to about two months, ``week`` up to a year, ``month`` beyond (eight months
    by day is a comb of one-article spikes); ``day`` when nothing is dated or at most
    :data:`DAILY_ARTICLES` articles are (a few points never make a comb)."""
    if first is None or last is None:
        return "day"
    if n_dated is not None and n_dated <= DAILY_ARTICLES:
        return "day"
    span = abs((last - first).days)
    if span <= DAILY_SPAN_DAYS:
        return "day"
    return "week" if span <= WEEKLY_SPAN_DAYS else "month"


def _period_from_span(options: Options, pending_before: object) -> None:
    """Put the corpus' :func:`default_period` into the Time step widget unless the analyst chose
    a step for this corpus, or the link that opened it names one (its step wins)."""
    state = st.session_state
    link = None
    if not state.get(_PERIOD_URL_READ):
        state[_PERIOD_URL_READ] = True
        if PENDING_LINK not in state:  # the link's filters went to this corpus
            link = url_params()
    if pending_before and PENDING_LINK not in state:  # a waiting link was just applied
        link = pending_before[1]  # type: ignore[index]
    if link and link.get(url("period")):
        state[PERIOD_CHOSEN] = options.corpus
    if state.get(PERIOD_CHOSEN) != options.corpus:
        n_dated = len(options.doc_ids) - options.n_undated
        state[key("period")] = default_period(options.first_date, options.last_date, n_dated)


def _period_chosen(corpus: str) -> None:
    """The Time step widget's callback: the analyst's step wins over the default from now on."""
    st.session_state[PERIOD_CHOSEN] = corpus


def _reset(options: Options) -> None:
    """The "Reset filters" action: the corpus' defaults, the time step from its date span."""
    reset_filters(options)
    st.session_state.pop(PERIOD_CHOSEN, None)


def analysis_settings(backends: list[str]) -> tuple[KeywordSettings, str]:
    """The keyword settings and the entity backend, as chosen in the sidebar."""
    restore_settings()
    defaults = KeywordSettings()
    state = st.session_state
    if state.get(key("entity_backend")) not in backends:
        state[key("entity_backend")] = backends[0]
    for name, value in (
        ("top_k", defaults.top_k),
        ("max_ngram", defaults.max_ngram),
        ("dedup", defaults.dedup_threshold),
        ("stopwords", ""),
    ):
        state.setdefault(key(name), value)
    lazy_widgets(
        "Analysis settings",
        key="settings_open",
        widgets=[key(name) for name in SETTINGS_WIDGETS],
        draw=lambda: _settings_widgets(backends),
    )
    settings = KeywordSettings(
        top_k=int(state[key("top_k")]),
        max_ngram=int(state[key("max_ngram")]),
        dedup_threshold=float(state[key("dedup")]),
        stopwords=parse_stopwords(state[key("stopwords")]),
    )
    return settings, str(state[key("entity_backend")])


def _settings_widgets(backends: list[str]) -> None:
    """The analysis settings' widgets (their values are read from the session state)."""
    st.caption("Changing these analyses the corpus again.")
    st.slider("Keywords per article", *TOP_K_RANGE, key=key("top_k"))
    st.slider("Longest keyword (words)", *NGRAM_RANGE, key=key("max_ngram"))
    st.slider(
        "Merge similar keywords above",
        *DEDUP_RANGE,
        step=0.05,
        key=key("dedup"),
        help="1.0 merges only exact and nested variants; lower merges near spellings too.",
    )
    st.text_input("Extra stop words", key=key("stopwords"), placeholder="e.g. minister, meeting")
    st.selectbox(
        "Entity finder",
        backends,
        key=key("entity_backend"),
        help="'rules' needs no model; 'spacy:NAME' uses an installed spaCy pipeline.",
    )


# --- filters --------------------------------------------------------------------------------------


def _keep_valid(widget: str, allowed: Sequence[str]) -> None:
    """Drop values of a multiselect that the current corpus does not offer."""
    if st.session_state.get(widget):  # nothing chosen, nothing to drop
        allowed_set = set(allowed)
        st.session_state[widget] = [v for v in st.session_state[widget] if v in allowed_set]


def _clamp_dates(options: Options) -> None:
    """Keep remembered dates inside the corpus' dates (a new corpus may have others)."""
    if options.first_date is None or options.last_date is None:
        return
    start = st.session_state.get(key("date_from"))
    end = st.session_state.get(key("date_to"))
    if isinstance(start, date):
        st.session_state[key("date_from")] = min(max(start, options.first_date), options.last_date)
    if isinstance(end, date):
        st.session_state[key("date_to")] = max(min(end, options.last_date), options.first_date)


def sidebar_filters(options: Options) -> Filters:
    """Draw the filter widgets (stable keys) and return the :class:`Filters` they describe."""
    pending_before = st.session_state.get(PENDING_LINK)
    notice = restore_filters(options)
    _period_from_span(options, pending_before)
    if notice:
        st.warning(notice)
    st.button(
        "↺ Reset filters",
        key="reset_filters",
        on_click=_reset,
        args=(options,),
        help="Back to this corpus' defaults: every date (undated articles included), every "
        "source and document, no search, the default entity types, the time step its dates "
        "suggest.",
    )
    _keep_valid(key("sources"), options.sources)
    _keep_valid(key("doc_ids"), options.doc_ids)
    _keep_valid(key("entity_types"), ENTITY_LABELS)
    _clamp_dates(options)
    date_from, date_to = _date_widget(options)
    sources = st.multiselect(
        "Sources",
        offered(options.sources, st.session_state.get(key("sources")) or []),
        key=key("sources"),
        format_func=lambda s: s or "(no source)",
        placeholder="All sources",
    )
    find = ""
    if len(options.doc_ids) > MAX_OPTIONS:
        find = st.text_input(
            "Find documents",
            key=key("doc_find"),
            placeholder="id or title",
            help=f"{len(options.doc_ids):,} documents: the list below offers the first "
            f"{MAX_OPTIONS} that match.",
        )
    docs = st.multiselect(
        "Documents",
        offered_documents(options, find, st.session_state.get(key("doc_ids")) or []),
        key=key("doc_ids"),
        format_func=lambda d: options.titles.get(d, d),
        placeholder="All documents",
    )
    entity_types = st.multiselect(
        "Entity types",
        list(ENTITY_LABELS),
        key=key("entity_types"),
        placeholder="All types",
        help="PERSON people · ORG organisations · GPE countries and cities · LOC regions · "
        "NORP nationalities and groups · MISC other names",
    )
    search = st.text_input(
        "Search the texts",
        key=key("search"),
        placeholder="e.g. air defence",
        help="Keeps documents whose title or text contains this (any case); every match is "
        "listed in context under Search & read.",
    )
    search_regex = st.checkbox("Search is a regular expression", key=key("search_regex"))
    with st.expander("Tracked terms", expanded=True):
        terms = st.text_input(
            "Terms to count",
            key=key("terms"),
            placeholder="air defence, F-16, drones",
            help="Comma-separated; whole words, any case, plurals included.",
        )
        term_regex = st.text_input(
            "Regular expression to count",
            key=key("term_regex"),
            placeholder=r"\d+ billion euros",
            help="Counted as one term of its own (runs with a time limit).",
        )
    lazy_widgets(
        "Counting",
        key="counting_open",
        widgets=[key(name) for name in COUNTING_WIDGETS],
        draw=lambda: _counting_widgets(options),
    )
    state = st.session_state
    min_count = state.get(key("min_count"), 1)
    per_1k = bool(state.get(key("per_1k"), False))
    period = state.get(key("period"), PERIODS[0])
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


def _counting_widgets(options: Options) -> None:
    """The Counting expander's widgets (their values are read from the session state)."""
    st.number_input(
        "Minimum mentions",
        min_value=1,
        step=1,
        key=key("min_count"),
        help="Leave out terms mentioned fewer times than this in the selection.",
    )
    st.toggle("Per 1,000 words", key=key("per_1k"), help="Normalise counts by text length.")
    st.selectbox(
        "Time step",
        PERIODS,
        key=key("period"),
        on_change=_period_chosen,
        args=(options.corpus,),
        help="Starts at day for up to two months of articles, week up to a year, month "
        "beyond; a step you choose (or a link names) is kept.",
    )


def offered(values: Sequence[str], chosen: Sequence[str], limit: int = MAX_OPTIONS) -> list[str]:
    """At most ``limit`` of ``values`` to offer, with every ``chosen`` one kept."""
    head = list(values[:limit])
    return head + [value for value in chosen if value not in set(head)]


def offered_documents(options: Options, find: str, chosen: Sequence[str]) -> list[str]:
    """The documents the filter offers: those whose id or title holds ``find`` (any case), at
    most :data:`MAX_OPTIONS`, plus those already chosen."""
    needle = find.strip().lower()
    if not needle:
        return offered(options.doc_ids, chosen)
    matching = [d for d in options.doc_ids if needle in options.titles.get(d, d).lower()]
    return offered(matching, chosen)


def hidden_note(view: View) -> None:
    """Say how many articles the filters leave out, and which filter leaves out how many."""
    hidden = hidden_by(view)
    if not hidden:
        return
    total = len(view.result.documents)
    shown = len(view.documents)
    reasons = "; ".join(f"{what}: {n:,}" for what, n in hidden)
    overlap = " (an article may be left out by more than one)" if len(hidden) > 1 else ""
    st.info(
        f"Showing {shown:,} of {total:,} articles: the filters leave out {total - shown:,} "
        f"({reasons}{overlap}). Use ↺ Reset filters in the sidebar to see them all."
    )


def _chosen_focus() -> tuple[str, ...]:
    """The terms the analyst chose to follow over time; ``()`` while the default is shown."""
    focus = list(st.session_state.get(key("focus")) or ())
    if focus == st.session_state.get(FOCUS_DEFAULT):
        return ()
    return tuple(focus)


def _date_widget(options: Options) -> tuple[date | None, date | None]:
    """Two date pickers, from and to: each applies as soon as a date is picked or typed (a range
    picker waits for its second date); returns the bounds that narrow the corpus (``None``: open
    end)."""
    if options.first_date is None or options.last_date is None:
        st.caption("No document has a date.")
        return None, None
    st.session_state.setdefault(key("date_from"), options.first_date)
    st.session_state.setdefault(key("date_to"), options.last_date)
    # One above the other: side by side, a sidebar-wide picker cuts the day off ("2020/01/(").
    picked_from = st.date_input(
        "From",
        min_value=options.first_date,
        max_value=options.last_date,
        key=key("date_from"),
        help="Narrowing the dates leaves out undated documents.",
        format="YYYY-MM-DD",
    )
    picked_to = st.date_input(
        "To",
        min_value=options.first_date,
        max_value=options.last_date,
        key=key("date_to"),
        format="YYYY-MM-DD",
    )
    date_from = picked_from if isinstance(picked_from, date) else None
    date_to = picked_to if isinstance(picked_to, date) else None
    if date_from is not None and date_to is not None and date_from > date_to:
        date_from, date_to = date_to, date_from  # typed the wrong way round: the same range
    return (
        date_from if date_from is not None and date_from > options.first_date else None,
        date_to if date_to is not None and date_to < options.last_date else None,
    )
