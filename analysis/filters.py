"""What the analyst is looking at: filters over documents and mentions, and the counts for charts.

The corpus is analysed once; every widget change after that is a filter and a group-by over the
mentions table. Everything here is vectorised pandas (no loop over documents or mentions on the
interaction path), so a filter change on 20,000 documents and a million mentions costs about what
it costs on five.

The one exception is a regular-expression search, which must run the pattern over every text. It
runs with the ``regex`` package and a total time budget, so a pattern with catastrophic
backtracking ("(a|aa)+$") stops with a clear message instead of freezing the app; an invalid
pattern also gives a message, never an exception (see :func:`search_documents`). Its result depends
only on the documents and the query, so the app caches it.

Documents without a date are kept while no date range is set, and dropped as soon as either end of
a range is: "articles between 1 and 15 October" cannot vouch for an undated one. Date charts leave
undated documents out in any case, since they have no place on a time axis.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import pandas as pd
import regex

from analysis.schema import MENTION_COLUMNS, empty_frame, mentions_frame
from analysis.terms import term_mentions

#: Granularities of a time axis, finest first.
PERIODS = ("day", "week", "month", "year")

#: Longest regular expression accepted from a user (longer ones are refused with a message).
MAX_PATTERN_LENGTH = 500
#: Seconds a regular-expression search may take over the whole corpus.
SEARCH_TIMEOUT = 2.0
#: Most matches :func:`regex_mentions` returns before refusing a pattern as too broad.
MAX_REGEX_MATCHES = 200_000

#: The value a clicked point carries for "no date" or "no source" (``""`` means "not given").
NONE_VALUE = "(none)"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = frozenset({"1", "true", "yes", "on"})

# Filters field -> short URL query parameter, so that a shared link stays readable.
_PARAM_NAMES = {
    "date_from": "from",
    "date_to": "to",
    "sources": "source",
    "doc_ids": "doc",
    "entity_types": "type",
    "kinds": "kind",
    "min_count": "min",
    "per_1k": "per1k",
    "period": "period",
    "terms": "term",
    "term_regex": "term_re",
    "focus": "focus",
    "search": "q",
    "search_regex": "q_re",
}
# Fields whose order does not matter: kept sorted, so that equal selections hash the same.
_SET_FIELDS = ("sources", "doc_ids", "entity_types", "kinds")
# Fields whose order the user chose (the order of lines in a timeline).
_LIST_FIELDS = ("terms", "focus")


class PatternError(ValueError):
    """A user's regular expression that cannot be used; the message is fit to show to the user."""


@dataclass(frozen=True)
class Filters:
    """Everything that narrows what the charts show. ``None``, empty or the default means "all".

    Frozen and hashable, so it can key a cache; :meth:`to_params` / :meth:`from_params` round-trip
    it through URL query parameters (a shareable view) and :meth:`to_dict` writes it to a
    ``parameters.json`` beside an export.

    - ``date_from``, ``date_to``: inclusive ``YYYY-MM-DD`` bounds (a ``datetime.date`` is accepted).
      Setting either drops undated documents.
    - ``sources``, ``doc_ids``: keep only these documents.
    - ``entity_types``: keep only entity mentions with these labels (keywords and terms untouched).
    - ``kinds``: keep only these mention kinds (``entity``, ``keyword``, ``term``).
    - ``min_count``: drop terms mentioned fewer times than this in what remains after the filters.
    - ``per_1k``: show counts per 1,000 words instead of raw counts.
    - ``period``: granularity of time charts, one of :data:`PERIODS`.
    - ``terms``, ``term_regex``: the analyst's tracked terms (a typed list and a regular
      expression); they are inputs of the analysis, not filters of the mentions, and are kept
      here so that a shared link restores them.
    - ``focus``: the terms or entities chosen for the timeline and heatmap, in the chosen order.
    - ``search``, ``search_regex``: keep documents whose title or text contains ``search``
      (case-insensitive; a regular expression when ``search_regex``).
    """

    date_from: str | None = None
    date_to: str | None = None
    sources: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    entity_types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    min_count: int = 1
    per_1k: bool = False
    period: str = "day"
    terms: tuple[str, ...] = ()
    term_regex: str = ""
    focus: tuple[str, ...] = ()
    search: str = ""
    search_regex: bool = False

    def __post_init__(self) -> None:
        # Coerce what widgets hand over (lists, dates, numpy ints) into hashable canonical values.
        set_value = object.__setattr__
        set_value(self, "date_from", _as_date(self.date_from, "date_from"))
        set_value(self, "date_to", _as_date(self.date_to, "date_to"))
        for name in _SET_FIELDS:
            set_value(self, name, tuple(sorted(_distinct(getattr(self, name)))))
        for name in _LIST_FIELDS:
            set_value(self, name, tuple(_distinct(getattr(self, name))))
        set_value(self, "min_count", max(1, int(self.min_count)))
        set_value(self, "per_1k", bool(self.per_1k))
        set_value(self, "search_regex", bool(self.search_regex))
        set_value(self, "search", str(self.search or "").strip())
        set_value(self, "term_regex", str(self.term_regex or "").strip())
        if self.period not in PERIODS:
            raise ValueError(f"period must be one of {PERIODS}, not {self.period!r}")

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready values (tuples become lists), for a ``parameters.json``."""
        return {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in asdict(self).items()
        }

    def to_params(self) -> dict[str, str | list[str]]:
        """URL query parameters for the fields that differ from the default (short links).

        Multi-valued fields become lists (repeat the key in the URL); read them back with
        ``{key: st.query_params.get_all(key) for key in st.query_params}``.
        """
        default = Filters()
        params: dict[str, str | list[str]] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value == getattr(default, field.name):
                continue
            name = _PARAM_NAMES[field.name]
            if isinstance(value, tuple):
                params[name] = list(value)
            elif isinstance(value, bool):
                params[name] = "1" if value else "0"
            else:
                params[name] = str(value)
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, str | Sequence[str]]) -> Filters:
        """Filters from URL query parameters; unknown keys and malformed values are ignored.

        A URL is untrusted input: a bad date or number falls back to the default rather than
        breaking the page. Values may be strings or lists of strings (a repeated key).
        """
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = params.get(_PARAM_NAMES[field.name])
            if raw is None:
                continue
            items = [raw] if isinstance(raw, str) else [str(item) for item in raw]
            if field.name in _SET_FIELDS or field.name in _LIST_FIELDS:
                values[field.name] = tuple(item for item in items if item.strip())
                continue
            if not items:
                continue
            value = items[-1].strip()
            if field.name in ("date_from", "date_to"):
                if _valid_date(value):
                    values[field.name] = value
            elif field.name == "min_count":
                if value.isdigit():
                    values[field.name] = int(value)
            elif field.name in ("per_1k", "search_regex"):
                values[field.name] = value.lower() in _TRUE
            elif field.name == "period":
                if value in PERIODS:
                    values[field.name] = value
            else:
                values[field.name] = value
        return cls(**values)

    @property
    def has_date_range(self) -> bool:
        """Whether either end of a date range is set (which drops undated documents)."""
        return self.date_from is not None or self.date_to is not None


def _distinct(values: Iterable[Any] | str | None) -> list[str]:
    """Values as non-blank strings without repeats, in order; a lone string is one value."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:
        if str(value).strip():  # a blank entry selects nothing: drop it
            seen.setdefault(str(value), None)
    return list(seen)


def _valid_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _as_date(value: Any, name: str) -> str | None:
    """``None``/empty, a ``date`` or a ``YYYY-MM-DD`` string as ``YYYY-MM-DD`` (or ``None``)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not _valid_date(text):
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {value!r}")
    return text


# --- documents ----------------------------------------------------------------------------------


def as_text(values: pd.Series) -> pd.Series:
    """``values`` as strings with ``""`` for missing ones; works on object, str and categorical."""
    return values.astype("str").fillna("")


def _dates(documents: pd.DataFrame) -> pd.Series:
    """The ``date`` column as strings, ``""`` where a document has no date."""
    return as_text(documents["date"])


def period_of(dates: pd.Series, period: str = "day") -> pd.Series:
    """Map ``YYYY-MM-DD`` strings to the start of their period (``""`` stays ``""``).

    ``week`` is the Monday that starts the ISO week, ``month`` is ``YYYY-MM``, ``year`` ``YYYY``:
    labels that sort in time order as plain strings.
    """
    dates = as_text(dates)
    if period == "day":
        return dates
    if period == "month":
        return dates.str.slice(0, 7)
    if period == "year":
        return dates.str.slice(0, 4)
    if period == "week":
        parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
        monday = parsed - pd.to_timedelta(parsed.dt.day_of_week, unit="D")
        return as_text(monday.dt.strftime("%Y-%m-%d"))
    raise ValueError(f"period must be one of {PERIODS}, not {period!r}")


def filter_documents(documents: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The documents that pass the date range, sources, document and search filters.

    An unusable search pattern keeps no documents; :func:`search_documents` gives its message.
    """
    keep = pd.Series(True, index=documents.index)
    if f.has_date_range:
        dates = _dates(documents)
        keep &= dates != ""
        if f.date_from is not None:
            keep &= dates >= f.date_from
        if f.date_to is not None:
            keep &= dates <= f.date_to
    if f.sources:
        keep &= documents["source"].isin(f.sources)
    if f.doc_ids:
        keep &= documents["doc_id"].isin(f.doc_ids)
    if f.search:
        found, _error = search_documents(documents[keep], f.search, regex=f.search_regex)
        keep &= documents["doc_id"].isin(found)
    return documents[keep]


def _restricts_documents(f: Filters) -> bool:
    return f.has_date_range or bool(f.sources or f.doc_ids or f.search)


def filter_mentions(mentions: pd.DataFrame, documents: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The mentions that pass every filter, in their original order.

    Mentions are kept when their document passes :func:`filter_documents`, their kind is in
    ``f.kinds``, their label is in ``f.entity_types`` (entity mentions only) and their term is
    mentioned at least ``f.min_count`` times among the mentions kept so far.
    """
    kept = mentions
    if _restricts_documents(f):
        kept = kept[kept["doc_id"].isin(filter_documents(documents, f)["doc_id"])]
    if f.kinds:
        kept = kept[kept["kind"].isin(f.kinds)]
    if f.entity_types:
        kept = kept[(kept["kind"] != "entity") | kept["label"].isin(f.entity_types)]
    if f.min_count > 1 and len(kept):
        sizes = kept.groupby(["kind", "term", "label"], sort=False, observed=True)["doc_id"]
        kept = kept[sizes.transform("size") >= f.min_count]
    return kept


# --- search -------------------------------------------------------------------------------------


def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """Compile a user's regular expression (case-insensitive), or raise :class:`PatternError`.

    The message says what is wrong in words a user can act on, e.g. "missing ) at position 4".
    """
    if not pattern:
        raise PatternError("The regular expression is empty.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(
            f"The regular expression is too long ({len(pattern)} characters; "
            f"at most {MAX_PATTERN_LENGTH})."
        )
    try:
        return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
    except (regex.error, OverflowError, RecursionError, ValueError) as error:
        raise PatternError(f"Invalid regular expression: {error}.") from error


def _timeout_message(seconds: float) -> str:
    return (
        f"The regular expression took longer than {seconds:g} s over the corpus and was stopped; "
        "simplify it (nested repeats such as (a+)+ are the usual cause)."
    )


def search_documents(
    documents: pd.DataFrame, query: str, regex: bool = False, timeout: float = SEARCH_TIMEOUT
) -> tuple[list[str], str | None]:
    """The ``doc_id`` of every document whose title or text contains ``query``, and an error.

    Plain mode is a case-insensitive substring test, vectorised. Regex mode (case-insensitive)
    runs the pattern with the ``regex`` package under a total budget of ``timeout`` seconds. The
    error is ``None`` on success, else a message to show: then the list is empty. An empty query
    matches every document.
    """
    query = query.strip()
    if not query:
        return documents["doc_id"].tolist(), None
    titles = as_text(documents["title"])
    texts = as_text(documents["text"])
    if not regex:
        found = titles.str.contains(query, case=False, regex=False) | texts.str.contains(
            query, case=False, regex=False
        )
        return documents.loc[found, "doc_id"].tolist(), None
    try:
        compiled = compile_pattern(query)
    except PatternError as error:
        return [], str(error)
    deadline = time.monotonic() + timeout
    found_ids: list[str] = []
    try:
        for doc_id, title, text in zip(documents["doc_id"], titles, texts, strict=True):
            budget = deadline - time.monotonic()
            if budget <= 0:
                raise TimeoutError
            if compiled.search(title, timeout=budget) or compiled.search(text, timeout=budget):
                found_ids.append(doc_id)
    except TimeoutError:
        return [], _timeout_message(timeout)
    return found_ids, None


def regex_mentions(
    documents: pd.DataFrame,
    pattern: str,
    term: str | None = None,
    timeout: float = SEARCH_TIMEOUT,
    max_matches: int = MAX_REGEX_MATCHES,
) -> pd.DataFrame:
    """Every match of a tracked regular expression, as mentions with ``kind="term"``.

    ``term`` names the tracked term in charts (default: the pattern itself); ``surface`` is the
    text matched. Matching ignores case; empty matches are skipped. Raises :class:`PatternError`
    (a message to show the user) for an invalid pattern, one that takes longer than ``timeout``
    seconds over the corpus, or one that matches more than ``max_matches`` times.
    """
    compiled = compile_pattern(pattern)
    name = term or pattern
    deadline = time.monotonic() + timeout
    rows: list[tuple] = []
    try:
        for doc_id, text in zip(documents["doc_id"], as_text(documents["text"]), strict=True):
            budget = deadline - time.monotonic()
            if budget <= 0:
                raise TimeoutError
            for match in compiled.finditer(text, timeout=budget):
                start, end = match.span()
                if end > start:
                    rows.append((doc_id, "term", name, "", start, end, match.group()))
            if len(rows) > max_matches:
                raise PatternError(
                    f"The regular expression matches more than {max_matches:,} times; "
                    "make it more specific."
                )
    except TimeoutError as error:
        raise PatternError(_timeout_message(timeout)) from error
    return mentions_frame(rows)


def tracked_mentions(documents: pd.DataFrame, f: Filters) -> tuple[pd.DataFrame, str | None]:
    """Mentions (``kind="term"``) of the analyst's tracked terms and regex, and an error message.

    ``f.terms`` are matched as :func:`analysis.terms.term_mentions` does (whole words, any case,
    plurals); ``f.term_regex`` by :func:`regex_mentions`. An unusable pattern gives the terms'
    mentions and the message to show, never an exception. This reads every text, so it runs
    when the tracked terms change (the app caches it), not on every filter change.
    """
    found = [
        term_mentions(documents["doc_id"].tolist(), as_text(documents["text"]).tolist(), f.terms)
    ]
    error = None
    if f.term_regex:
        try:
            found.append(regex_mentions(documents, f.term_regex))
        except PatternError as problem:
            error = str(problem)
    frames = [frame for frame in found if len(frame)]
    if not frames:
        return mentions_frame([]), error
    return pd.concat(frames, ignore_index=True), error


# --- counts -------------------------------------------------------------------------------------


def _finish_counts(
    counts: pd.DataFrame, words: pd.Series | float, per_1k: bool, first: list[str], then: list[str]
) -> pd.DataFrame:
    """Add ``per_1k_words`` (count per 1,000 of ``words``) and ``value`` (the one to chart).

    Sorted by the ``first`` columns, then ``value`` largest first, then the ``then`` columns: the
    order never depends on the order of the mentions.
    """
    if not isinstance(words, pd.Series):
        words = pd.Series(float(words), index=counts.index)
    words = words.astype(float)
    rate = (counts["count"].astype(float) * 1000 / words.where(words > 0)).fillna(0.0)
    counts = counts.assign(per_1k_words=rate)
    counts["value"] = counts["per_1k_words"] if per_1k else counts["count"].astype(float)
    order = [*first, "value", *then]
    ascending = [True] * len(first) + [False] + [True] * len(then)
    return counts.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)


def _empty_counts(keys: Sequence[str]) -> pd.DataFrame:
    frame = empty_frame([*keys, "count", "n_docs", "per_1k_words", "value"])
    return frame.astype(
        {"count": "int64", "n_docs": "int64", "per_1k_words": float, "value": float}
    )


def _group_counts(mentions: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``count`` (mentions) and ``n_docs`` (distinct documents) per ``keys``."""
    grouped = mentions.groupby(keys, sort=False, observed=True, dropna=False)["doc_id"]
    if "doc_id" in keys:  # one document per group: skip the costly distinct count
        return grouped.size().rename("count").reset_index().assign(n_docs=1)
    return grouped.agg(count="size", n_docs="nunique").reset_index()


def count_terms(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    by: Sequence[str] = ("kind", "term", "label"),
    per_1k: bool = False,
) -> pd.DataFrame:
    """Mentions per term over the whole selection: ``*by, count, n_docs, per_1k_words, value``.

    ``per_1k_words`` divides by the words of all ``documents`` (pass the filtered documents);
    ``value`` is ``per_1k_words`` when ``per_1k`` else ``count``. Sorted by ``value``, largest first
    (ties by ``by``). ``by`` includes ``kind`` so that the keyword "ukraine" and the
    entity "Ukraine" stay apart.
    """
    keys = list(by)
    if mentions.empty:
        return _empty_counts(keys)
    total_words = float(pd.to_numeric(documents["n_words"], errors="coerce").fillna(0).sum())
    return _finish_counts(_group_counts(mentions, keys), total_words, per_1k, [], keys)


def counts_by_date(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    by: Sequence[str] = ("kind", "term", "label"),
    per_1k: bool = False,
    period: str = "day",
) -> pd.DataFrame:
    """Mentions per term per date: ``date, *by, count, n_docs, per_1k_words, value``.

    ``date`` is the start of the ``period`` (see :func:`period_of`). ``per_1k_words`` divides by
    the words of the ``documents`` of that period. Mentions of undated documents, and of documents
    not in ``documents``, are left out. Sorted by date, then ``value`` largest first, then ``by``.
    """
    keys = ["date", *by]
    doc_dates = pd.Series(
        period_of(_dates(documents), period).to_numpy(), index=documents["doc_id"].to_numpy()
    )
    # as_text: mapping a categorical doc_id gives a categorical date, which sorts by category.
    dated = mentions.assign(date=as_text(mentions["doc_id"].map(doc_dates)))
    dated = dated[dated["date"] != ""]
    if dated.empty:
        return _empty_counts(keys)
    counts = _group_counts(dated, keys)
    words = pd.to_numeric(documents["n_words"], errors="coerce").fillna(0)
    words_per_date = words.groupby(doc_dates.to_numpy()).sum()
    counts_words = counts["date"].map(words_per_date).fillna(0).astype(float)
    return _finish_counts(counts, counts_words, per_1k, ["date"], list(by))


def counts_by_doc(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    by: Sequence[str] = ("kind", "term", "label"),
    per_1k: bool = False,
) -> pd.DataFrame:
    """Mentions per term per document: ``doc_id, title, date, source, n_words, *by, count, ...``.

    The columns after ``by`` are ``count, n_docs, per_1k_words, value`` as in
    :func:`count_terms` (``n_docs`` is 1). ``per_1k_words`` divides by the document's own words.
    Mentions of documents not in ``documents`` are left out. Sorted by date, ``doc_id``, then
    ``value`` largest first, then ``by``.
    """
    meta = documents[["doc_id", "title", "date", "source", "n_words"]].assign(
        date=_dates(documents)
    )
    keys = ["doc_id", *by]
    kept = mentions[mentions["doc_id"].isin(meta["doc_id"])]
    if kept.empty:
        return _empty_counts(["doc_id", "title", "date", "source", "n_words", *by])
    counts = _group_counts(kept, keys).merge(meta, on="doc_id", how="left")
    counts = counts[["doc_id", "title", "date", "source", "n_words", *by, "count", "n_docs"]]
    words = pd.to_numeric(counts["n_words"], errors="coerce").fillna(0).astype(float)
    return _finish_counts(counts, words, per_1k, ["date", "doc_id"], list(by))


# --- from a clicked point back to mentions ------------------------------------------------------


def mentions_at(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    point: Mapping[str, str],
    sentences: pd.DataFrame | None = None,
    period: str = "day",
) -> pd.DataFrame:
    """The mentions behind one clicked chart element, described by ``point``.

    ``point`` holds some of ``kind, term, label, doc_id, date, source, other_term, other_label``
    (what :func:`analysis.charts.clicked_points` reads from a chart's ``customdata``); empty values
    are ignored, and :data:`NONE_VALUE` stands for "no date" / "no source". ``date`` is matched
    at the chart's ``period``. With ``other_term`` (an edge of the
    co-occurrence network) the mentions of both entities in the sentences they share are returned
    (``sentences`` required), sorted by document and offset.
    """
    point = {key: value for key, value in point.items() if value not in (None, "")}
    kept = mentions
    if "doc_id" in point:
        kept = kept[kept["doc_id"] == point["doc_id"]]
    doc_keys = [key for key in ("date", "source") if key in point]
    if doc_keys:
        docs = documents
        if "date" in point:
            date = "" if point["date"] == NONE_VALUE else point["date"]
            docs = docs[period_of(_dates(docs), period) == date]
        if "source" in point:
            source = "" if point["source"] == NONE_VALUE else point["source"]
            docs = docs[as_text(docs["source"]) == source]
        kept = kept[kept["doc_id"].isin(docs["doc_id"])]
    if "other_term" in point:
        return _shared_sentence_mentions(kept, point, sentences)
    for key in ("kind", "term", "label"):
        if key in point:
            kept = kept[kept[key] == point[key]]
    return kept


def _shared_sentence_mentions(
    mentions: pd.DataFrame, point: Mapping[str, str], sentences: pd.DataFrame | None
) -> pd.DataFrame:
    """Mentions of ``term`` and ``other_term`` in the sentences where both occur."""
    if sentences is None:
        raise ValueError("sentences are needed to find the mentions behind a co-occurrence")
    sides = []
    for term_key, label_key in (("term", "label"), ("other_term", "other_label")):
        side = mentions[mentions["term"] == point.get(term_key, "")]
        if "kind" in point:
            side = side[side["kind"] == point["kind"]]
        if label_key in point:
            side = side[side["label"] == point[label_key]]
        sides.append(side)
    both = pd.concat(sides)
    if both.empty:
        return mentions.iloc[0:0]
    located = assign_sentences(both, sentences)
    pair_sentences = (
        located.assign(_side=located["term"] == point.get("term"))
        .groupby(["doc_id", "sentence"], sort=False)["_side"]
        .nunique()
    )
    shared = pair_sentences[pair_sentences == 2].index
    keys = pd.MultiIndex.from_frame(located[["doc_id", "sentence"]])
    result = located[keys.isin(shared)]
    return result[MENTION_COLUMNS].sort_values(["doc_id", "start"], kind="stable")


def doc_codes(left: pd.Series, right: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes for two ``doc_id`` columns, equal where the ids are equal (``-1``: missing).

    Integers make joins on documents a matter of numpy sorting; a categorical ``left`` costs
    nothing, strings one factorisation.
    """
    if isinstance(left.dtype, pd.CategoricalDtype):
        categories = left.cat.categories
        right_codes = pd.Categorical(as_text(right), categories=categories).codes
        return left.cat.codes.to_numpy(np.int64), np.asarray(right_codes, dtype=np.int64)
    codes, _ = pd.factorize(pd.concat([as_text(left), as_text(right)], ignore_index=True))
    codes = codes.astype(np.int64)
    return codes[: len(left)], codes[len(left) :]


def sentence_numbers(mentions: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """The number of the sentence each mention starts in (``-1`` when none does), in order.

    The sentence is the last one of the mention's document that starts at or before the
    mention: one ``searchsorted`` over ``(document, start)`` keys, vectorised.
    """
    if mentions.empty:
        return np.zeros(0, dtype=np.int64)
    if sentences.empty:
        return np.full(len(mentions), -1, dtype=np.int64)
    mention_doc, sentence_doc = doc_codes(mentions["doc_id"], sentences["doc_id"])
    shift = np.int64(1) << np.int64(32)  # offsets stay below 4 billion characters
    sentence_key = sentence_doc * shift + sentences["start"].to_numpy(np.int64)
    order = np.argsort(sentence_key, kind="stable")
    sorted_key = sentence_key[order]
    mention_key = mention_doc * shift + mentions["start"].to_numpy(np.int64)
    position = np.searchsorted(sorted_key, mention_key, side="right") - 1
    found = order[np.clip(position, 0, None)]
    valid = (position >= 0) & (mention_doc >= 0) & (sentence_doc[found] == mention_doc)
    numbers = sentences["sentence"].to_numpy(np.int64)[found]
    return np.where(valid, numbers, -1)


def assign_sentences(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` with the ``sentence`` number each one starts in (``-1`` when none does).

    See :func:`sentence_numbers`. Rows, index and columns of ``mentions`` are kept.
    """
    return mentions.assign(sentence=sentence_numbers(mentions, sentences))


# --- quotations ---------------------------------------------------------------------------------


def filter_quotes(
    quotes: pd.DataFrame,
    doc_ids: Iterable[str] | None = None,
    query: str = "",
    regex: bool = False,
    speakers: Iterable[str] = (),
) -> tuple[pd.DataFrame, str | None]:
    """The quotations (``analysis.quotes.quotes_frame`` rows) that pass the page's filters.

    Kept: those in ``doc_ids`` (all when ``None``), by one of ``speakers`` (all when empty), whose
    text, speaker or attribution ("the Secretary General") contains ``query`` (any case; a regular
    expression when ``regex``, run with a time budget). Returns the rows and an error message for
    an unusable pattern (then no rows).
    """
    kept = quotes
    if doc_ids is not None:
        kept = kept[kept["doc_id"].isin(list(doc_ids))]
    chosen = list(speakers)
    if chosen:
        kept = kept[as_text(kept["speaker"]).isin(chosen)]
    query = query.strip()
    if not query or kept.empty:
        return kept, None
    fields = [as_text(kept[name].astype(object)) for name in ("text", "speaker", "speaker_text")]
    if not regex:
        found = np.zeros(len(kept), dtype=bool)
        for values in fields:
            found |= values.str.contains(query, case=False, regex=False).to_numpy()
        return kept[found], None
    try:
        compiled = compile_pattern(query)
    except PatternError as error:
        return kept.iloc[0:0], str(error)
    deadline = time.monotonic() + SEARCH_TIMEOUT
    found_list = []
    try:
        for values in zip(*fields, strict=True):
            budget = deadline - time.monotonic()
            if budget <= 0:
                raise TimeoutError
            found_list.append(any(compiled.search(value, timeout=budget) for value in values))
    except TimeoutError:
        return kept.iloc[0:0], _timeout_message(SEARCH_TIMEOUT)
    return kept[np.array(found_list, dtype=bool)], None


def drop_keyword_echoes(mentions: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` without the keyword mentions that repeat an entity or a tracked term.

    YAKE often picks names ("Ukraine", "Mark Rutte") as keywords; a chart that follows terms over
    time would then draw the same words twice. A keyword is dropped when its term equals, case
    aside, the term of an entity or ``term`` mention in ``mentions``. Vectorised over the distinct
    terms, not the mentions.
    """
    if mentions.empty:
        return mentions
    is_keyword = (mentions["kind"] == "keyword").to_numpy()
    terms = mentions["term"]
    names = {str(term).lower() for term in pd.unique(terms[~is_keyword])}
    if not names:
        return mentions
    echoes = [term for term in pd.unique(terms[is_keyword]) if str(term).lower() in names]
    return mentions[~(is_keyword & terms.isin(echoes).to_numpy())]
