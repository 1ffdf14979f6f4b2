"""What the analyst is looking at: the filters over documents and mentions.

The corpus is analysed once; every widget change after that is a filter (here) and a group-by
over the mentions table (:mod:`analysis.core.counting`). Everything here is vectorised pandas (no
loop over documents or mentions on the interaction path). The one exception is a search, which
runs under a time budget (:mod:`analysis.query.search`).

Documents without a date are kept while no date range is set, and dropped as soon as either end of
a range is: "articles between 1 and 15 October" cannot vouch for an undated one. Date charts leave
undated documents out in any case, since they have no place on a time axis.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import pandas as pd

from analysis.core.counting import PERIODS, document_dates
from analysis.core.schema import as_text, mentions_frame
from analysis.extract.terms import term_mentions
from analysis.query.search import PatternError, matching_rows, regex_mentions, search_documents

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


#: How a URL may write "on" for a switch ("per1k=1", "per1k=true").
TRUE_VALUES = frozenset({"1", "true", "yes", "on"})


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
                values[field.name] = value.lower() in TRUE_VALUES
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


def filter_documents(documents: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The documents that pass the date range, sources, document and search filters
    (``documents`` itself when none is set).

    An unusable search pattern keeps no documents; :func:`search_documents` gives its message.
    """
    if not _restricts_documents(f):
        return documents
    keep = pd.Series(True, index=documents.index)
    if f.has_date_range:
        dates = document_dates(documents)
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


def keep_entity_types(frame: pd.DataFrame, entity_types: Sequence[str]) -> pd.DataFrame:
    """The rows of ``frame`` (mentions, or counts with ``kind`` and ``label``) that the
    entity-type filter keeps: every row not of kind ``entity``, and entity rows whose ``label``
    is in ``entity_types`` (all rows when it is empty).

    The filter drops whole (kind, term, label) groups, so it can be applied after a group-by as
    well as before it: counts over the kept mentions are the kept rows of the counts over all.
    """
    if not entity_types:
        return frame
    return frame[entity_type_mask(frame, entity_types)]


def entity_type_mask(frame: pd.DataFrame, entity_types: Sequence[str]) -> pd.Series:
    """Which rows of ``frame`` :func:`keep_entity_types` keeps (``entity_types`` not empty)."""
    return (frame["kind"] != "entity") | frame["label"].isin(list(entity_types))


def filter_mentions(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    f: Filters,
    *,
    kept_documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The mentions that pass every filter, in their original order.

    Mentions are kept when their document passes :func:`filter_documents`, their kind is in
    ``f.kinds``, their label is in ``f.entity_types`` (entity mentions only) and their term is
    mentioned at least ``f.min_count`` times among the mentions kept so far. ``kept_documents``
    is ``filter_documents(documents, f)`` when the caller has it already.
    """
    kept = mentions
    if _restricts_documents(f):
        if kept_documents is None:
            kept_documents = filter_documents(documents, f)
        kept = kept[kept["doc_id"].isin(kept_documents["doc_id"])]
    if f.kinds:
        kept = kept[kept["kind"].isin(f.kinds)]
    kept = keep_entity_types(kept, f.entity_types)
    if f.min_count > 1 and len(kept):
        sizes = kept.groupby(["kind", "term", "label"], sort=False, observed=True)["doc_id"]
        kept = kept[sizes.transform("size") >= f.min_count]
    return kept


def tracked_mentions(documents: pd.DataFrame, f: Filters) -> tuple[pd.DataFrame, str | None]:
    """Mentions (``kind="term"``) of the analyst's tracked terms and regex, and an error message.

    ``f.terms`` are matched as :func:`analysis.extract.terms.term_mentions` does (whole words, any case,
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


def filter_quotes(
    quotes: pd.DataFrame,
    doc_ids: Iterable[str] | None = None,
    query: str = "",
    regex: bool = False,
    speakers: Iterable[str] = (),
) -> tuple[pd.DataFrame, str | None]:
    """The quotations (``analysis.extract.quotes.quotes_frame`` rows) that pass the page's filters.

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
    columns = [kept[name] for name in ("text", "speaker", "speaker_text")]
    found, error = matching_rows(columns, query, regex=regex)
    return kept[found], error


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
