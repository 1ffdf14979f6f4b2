"""Chart builders: tidy DataFrames in, ``plotly.graph_objects.Figure`` out, no Streamlit.

Every builder takes the output of a group-by in :mod:`analysis.core.counting` (or the documents table)
and returns a figure whose data a test can read: the values on the axes, the labels, and, on every
clickable trace, a ``customdata`` row per point that says what was clicked. Its first fields are
always :data:`CUSTOMDATA_FIELDS` (raw identifiers, never displayed); :func:`clicked_points` turns a
Streamlit selection back into those keys and :func:`analysis.query.locate.mentions_at` into mentions.

Document-derived strings (titles, sources, terms, entity names) are untrusted, and plotly renders
labels, legends and hover text as its own small HTML dialect: every such string goes through
:func:`safe_label`, which escapes ``&``, ``<`` and ``>``. Hover text is built here, with exact
numbers.

No input makes a builder raise: an empty selection gives a figure that says so.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.core.counting import PERIODS, period_of
from analysis.core.schema import ENTITY_LABELS, NONE_VALUE, as_text
from analysis.present.palette import ENTITY_COLORS, KIND_COLORS, SERIES_COLORS
from analysis.query.cooccurrence import cooccurrence_edges

#: The identifying fields at the start of every clickable point's ``customdata``.
CUSTOMDATA_FIELDS = (
    "kind",
    "term",
    "label",
    "doc_id",
    "date",
    "source",
    "other_term",
    "other_label",
)

#: Entity types charted unless the caller asks for others: NORP ("Allied", "Ukrainian") and MISC
#: are kept apart, as the schema says, because they crowd out the people, bodies and places.
DEFAULT_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC")

#: Most date labels under the sources × dates overview (every k-th date is labelled beyond it;
#: each cell's hover still names its date).
MAX_DATE_TICKS = 24
#: Most date labels on a chart's date axis: "17 Oct 2024" is about 70 pixels wide, so 8 fit
#: side by side in a half-width chart without running into each other.
MAX_LINE_TICKS = 8

NO_MENTIONS = "No mentions match the current filters"
NO_DOCUMENTS = "No documents match the current filters"
NO_DATE = "no date"

_TEMPLATE = "plotly_white"


# --- shared helpers -----------------------------------------------------------------------------


def safe_label(value: Any, max_length: int | None = None) -> str:
    """``value`` as one line of text that plotly shows literally: ``&``, ``<``, ``>`` escaped.

    White space (newlines included) collapses to single spaces; with ``max_length`` the text is
    shortened with "…" before escaping, so an entity is never cut in half. Missing values give "".
    Quotes are left alone: plotly decodes only ``&amp; &lt; &gt;`` and numeric entities.
    """
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split())
    if max_length is not None and len(text) > max_length:
        text = text[: max(1, max_length - 1)].rstrip() + "…"
    return html.escape(text, quote=False)


def entity_color(kind: str, label: str) -> str:
    """The colour of a term: its entity type's, else its kind's."""
    if label in ENTITY_COLORS:
        return ENTITY_COLORS[label]
    return KIND_COLORS.get(kind, "#555555")


def empty_figure(message: str = NO_MENTIONS, title: str | None = None) -> go.Figure:
    """A blank figure with ``message`` in the middle: what every builder returns for no data."""
    figure = go.Figure()
    figure.add_annotation(
        text=safe_label(message),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15, "color": "#666666"},
    )
    figure.update_layout(
        template=_TEMPLATE,
        title=safe_label(title) if title else None,
        xaxis={"visible": False},
        yaxis={"visible": False},
        height=260,
    )
    return figure


def standard_layout(figure: go.Figure, title: str | None, height: int) -> go.Figure:
    """The look every chart shares: template, escaped title, margins, click-to-select."""
    figure.update_layout(
        template=_TEMPLATE,
        title=safe_label(title) if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        hoverlabel={"align": "left"},
        clickmode="event+select",
        legend={"title": {"text": ""}},
    )
    return figure


def _keys(**columns: Sequence[Any] | pd.Series | str) -> np.ndarray:
    """A ``customdata`` array: the :data:`CUSTOMDATA_FIELDS` per point, ``""`` where not given.

    Each column is one string for every point, or one value per point (missing ones become "").
    """
    lengths = {len(value) for value in columns.values() if not isinstance(value, str)}
    size = lengths.pop() if lengths else 1
    data = np.full((size, len(CUSTOMDATA_FIELDS)), "", dtype=object)
    for index, field in enumerate(CUSTOMDATA_FIELDS):
        value = columns.get(field, "")
        if isinstance(value, str):
            data[:, index] = value
        else:
            data[:, index] = as_text(pd.Series(value, dtype=object)).to_numpy(dtype=object)
    return data


def _measure(per_1k: bool) -> str:
    return "Mentions per 1,000 words" if per_1k else "Mentions"


def _count_text(count: int, n_docs: int) -> str:
    noun = "mention" if count == 1 else "mentions"
    docs = "article" if n_docs == 1 else "articles"
    return f"{count:,} {noun} in {n_docs:,} {docs}"


def _doc_label(title: str, doc_id: str, max_length: int) -> str:
    """An article's escaped, shortened title, or its ``doc_id`` when it has no title."""
    return safe_label(title if title.strip() else doc_id, max_length)


def _hover(name: str, lines: Iterable[str]) -> str:
    return "<br>".join([f"<b>{name}</b>", *lines])


def _term_names(frame: pd.DataFrame, max_length: int = 40) -> list[str]:
    """Escaped display names; a name shared by two series gets its type or kind in brackets."""
    names = [safe_label(term, max_length) for term in frame["term"]]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    kinds = frame["kind"] if "kind" in frame else pd.Series("", index=frame.index)
    return [
        f"{name} ({safe_label(label or kind)})" if seen[name] > 1 else name
        for name, kind, label in zip(names, as_text(kinds), as_text(frame["label"]), strict=True)
    ]


def _rate_line(count: int, per_1k_words: float) -> str:
    return f"{per_1k_words:,.2f} per 1,000 words" if count else "0 per 1,000 words"


#: Most ticks on a count axis or colour bar (a whole-number step is chosen to stay under it).
MAX_COUNT_TICKS = 6


def count_step(max_value: float, max_ticks: int = MAX_COUNT_TICKS) -> int:
    """The whole-number tick step (1, 2, 5, 10, 20, 50, …) that puts at most ``max_ticks``
    steps between 0 and ``max_value``: a count of 2 articles is ticked 0, 1, 2, never 0.5."""
    if not max_value or max_value <= max_ticks or math.isnan(max_value):
        return 1
    magnitude = 10 ** math.floor(math.log10(max_value / max_ticks))
    for factor in (1, 2, 5, 10):
        if max_value / (factor * magnitude) <= max_ticks:
            return max(1, int(factor * magnitude))
    return max(1, int(10 * magnitude))


def count_ticks(max_value: float) -> dict[str, Any]:
    """Axis or colour bar settings for counts of articles or mentions: whole numbers from 0,
    ``,d`` formatted, a step from :func:`count_step` (no fractional or repeated ticks)."""
    return {"tickmode": "linear", "tick0": 0, "dtick": count_step(max_value), "tickformat": ",d"}


#: Pandas frequencies of the periods of :func:`analysis.core.counting.period_of`.
_PERIOD_FREQ = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}  # weeks start on Monday
#: Tick steps offered on a date axis, finest first: (pandas frequency, label format).
_TICK_STEPS = (
    ("D", "%-d %b %Y"),
    ("W-MON", "%-d %b %Y"),
    ("MS", "%b %Y"),
    ("QS", "%b %Y"),
    ("YS", "%Y"),
    ("2YS", "%Y"),
    ("5YS", "%Y"),
    ("10YS", "%Y"),
)
_STEP_RANK = {"day": 0, "week": 1, "month": 2, "year": 4}
#: Most points one figure sends to the browser (more than a screen's width cannot be told apart).
MAX_POINTS = 5000


def _period_start(label: str) -> pd.Timestamp | None:
    """The first day of a period label (``2024-10-17``, ``2024-10``, ``2024``); ``None`` if none."""
    stamp = pd.to_datetime(str(label), errors="coerce", format="mixed") if label else pd.NaT
    return None if pd.isna(stamp) else stamp


def date_ticks(
    labels: Iterable[str], period: str = "day", max_ticks: int = MAX_DATE_TICKS
) -> tuple[list[str], list[str]]:
    """At most ``max_ticks`` tick positions and human texts for a date axis holding
    ``labels`` (period labels): whole days, weeks, months or years, never hours; a step never
    finer than ``period`` (a monthly chart gets no day ticks)."""
    stamps = [stamp for stamp in map(_period_start, labels) if stamp is not None]
    if not stamps:
        return [], []
    first, last = min(stamps), max(stamps)
    chosen: tuple[pd.DatetimeIndex, str] | None = None
    for freq, fmt in _TICK_STEPS[_STEP_RANK.get(period, 0) :]:
        start = first.normalize() if freq in ("D", "W-MON") else first
        ticks = pd.date_range(start, last, freq=freq)
        if freq not in ("D", "W-MON") and len(ticks) < 2 and (not len(ticks) or ticks[0] > first):
            # Too few whole periods in the span: the first date labels the axis too. Not beside
            # a run of them, where "2011" would crowd "2012" ("2011 2012 2017" on nine years).
            ticks = ticks.insert(0, first)
        chosen = (ticks, fmt)
        if len(ticks) <= max_ticks:
            break
    assert chosen is not None
    ticks, fmt = chosen
    ticks = ticks[:: max(1, math.ceil(len(ticks) / max_ticks))]
    return [t.strftime("%Y-%m-%d") for t in ticks], [t.strftime(fmt) for t in ticks]


def _date_axis(
    figure: go.Figure, labels: Iterable[str], period: str, title: str, **where: int
) -> None:
    """A date x axis with whole-period ticks labelled in words (``17 Oct 2024``, ``Oct 2024``),
    few enough not to overlap (:data:`MAX_LINE_TICKS`); ``where`` (``row``, ``col``) picks the
    subplot's axis."""
    tickvals, ticktext = date_ticks(labels, period, MAX_LINE_TICKS)
    figure.update_xaxes(
        **where,
        title_text=title,
        type="date",
        tickmode="array" if tickvals else "auto",
        tickvals=tickvals or None,
        ticktext=ticktext or None,
        hoverformat="%-d %b %Y",
        tickangle=0,
    )


def with_gaps(labels: Sequence[str], period: str = "day") -> list[tuple[str, bool]]:
    """``labels`` (sorted period labels) with a gap marker after every label whose next period
    is missing: ``(label, True)`` is a real period, ``(next period, False)`` a gap, where a line
    must break instead of running straight across months without any article."""
    freq = _PERIOD_FREQ.get(period, "D")
    out: list[tuple[str, bool]] = []
    previous: pd.Period | None = None
    for label in labels:
        stamp = _period_start(label)
        current = stamp.to_period(freq) if stamp is not None else None
        if previous is not None and current is not None and current > previous + 1:
            out.append(((previous + 1).start_time.strftime(_label_format(label)), False))
        out.append((label, True))
        previous = current
    return out


def _label_format(label: str) -> str:
    """The strftime format that writes a period label of ``label``'s shape."""
    return {4: "%Y", 7: "%Y-%m"}.get(len(str(label)), "%Y-%m-%d")


def jitter_days(dates: Sequence[str], values: Sequence[float], spread: float = 0.6) -> list[str]:
    """x positions for points at ``dates``: points sharing a date and a value are spread over
    ``spread`` of a day around noon (ISO date-times), so two articles never hide each other."""
    frame = pd.DataFrame({"date": list(dates), "value": list(values)})
    rank = frame.groupby(["date", "value"], sort=False).cumcount().to_numpy()
    size = frame.groupby(["date", "value"], sort=False)["date"].transform("size").to_numpy()
    out = []
    for date, r, n in zip(frame["date"], rank, size, strict=True):
        if n <= 1 or not date:
            out.append(date)
            continue
        hours = 12 + 24 * spread * ((r + 0.5) / n - 0.5)
        out.append(f"{date} {int(hours):02d}:{round(hours % 1 * 60) % 60:02d}")
    return out


def human_number(value: float) -> str:
    """A number as people write it: ``40 billion``, ``1.5 million``, ``23,785``, ``0.25``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    magnitude = abs(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def human_date(iso: str) -> str:
    """An ISO date, partial date or range as words: ``2024-10-17`` -> ``17 Oct 2024``,
    ``--10-17`` (no year) -> ``17 Oct``, ``2024-10`` -> ``Oct 2024``, ``a/b`` -> ``a – b``."""
    parts = [part for part in str(iso).split("/") if part]
    words = []
    for part in parts:
        pieces = part.lstrip("-").split("-") if part.startswith("--") else part.split("-")
        try:
            numbers = [int(piece) for piece in pieces]
        except ValueError:
            words.append(part)
            continue
        if part.startswith("--") and len(numbers) == 2:
            month, day = numbers
            words.append(f"{day} {_MONTH_NAMES[month - 1]}" if 1 <= month <= 12 else part)
        elif len(numbers) == 3 and 1 <= numbers[1] <= 12:
            words.append(f"{numbers[2]} {_MONTH_NAMES[numbers[1] - 1]} {numbers[0]}")
        elif len(numbers) == 2 and 1 <= numbers[1] <= 12:
            words.append(f"{_MONTH_NAMES[numbers[1] - 1]} {numbers[0]}")
        else:
            words.append(part)
    return " – ".join(words)


_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_figure(kind: str, value: float | None, unit: str, normalised: str) -> str:
    """A figure of :mod:`analysis.extract.quantities` as a reader writes it: ``EUR 40 billion``,
    ``5%``, ``50 countries``, ``17 Oct 2024``; never ``--10-17`` or ``EUR 40000000000``."""
    if kind == "date":
        return human_date(normalised)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return str(normalised)
    number = human_number(float(value))
    if kind == "money":
        return f"{unit} {number}".strip()
    if kind == "percent":
        return f"{number}%"
    if kind == "count":
        return f"{number} {unit}".strip()
    return number


def wrap_label(text: str, width: int = 16, lines: int = 2) -> str:
    """``text`` escaped, on at most ``lines`` lines of about ``width`` characters joined by
    ``<br>`` (the last shortened with "…"): labels that fit under a column without rotating."""
    words = " ".join(str(text).split())
    wrapped = textwrap.wrap(words, width, break_long_words=True, max_lines=lines, placeholder=" …")
    return "<br>".join(safe_label(line) for line in wrapped)


def _series_keys(frame: pd.DataFrame) -> list[str]:
    return [column for column in ("kind", "term", "label") if column in frame]


def _pick_series(frame: pd.DataFrame, terms: Sequence[str] | None, max_terms: int) -> pd.DataFrame:
    """The series to draw: those whose term is in ``terms`` (in that order), else the largest.

    Returns one row a series with its ``kind, term, label`` and ``total`` value.
    """
    keys = _series_keys(frame)
    totals = (
        frame.groupby(keys, sort=False, dropna=False)["value"].sum().rename("total").reset_index()
    )
    if terms:
        order = {term: index for index, term in enumerate(dict.fromkeys(terms))}
        totals = totals[totals["term"].isin(order)]
        totals = totals.assign(_order=totals["term"].map(order))
        totals = totals.sort_values(["_order", "total"], ascending=[True, False], kind="stable")
        return totals.drop(columns="_order").head(max_terms).reset_index(drop=True)
    totals = totals.sort_values("total", ascending=False, kind="stable")
    return totals.head(max_terms).reset_index(drop=True)


def _with_series(frame: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``frame`` that belong to ``series``, with the series' position as ``_series``."""
    keys = _series_keys(frame)
    numbered = series[keys].assign(_series=range(len(series)))
    return frame.merge(numbered, on=keys, how="inner")


# --- bars ---------------------------------------------------------------------------------------


def top_terms_bar(
    counts: pd.DataFrame,
    kind: str | None = None,
    n: int = 20,
    per_1k: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars of the ``n`` largest terms of ``counts`` (``count_terms``), largest on top.

    ``kind`` keeps one mention kind (``"keyword"``, ``"entity"``, ``"term"``). Entities are
    coloured by type, other kinds by kind. Hover gives the exact count, articles and rate.
    """
    rows = counts if kind is None or "kind" not in counts else counts[counts["kind"] == kind]
    rows = rows.sort_values("value", ascending=False, kind="stable").head(n)
    if rows.empty:
        return empty_figure(NO_MENTIONS, title)
    rows = rows.reset_index(drop=True)
    kinds = as_text(rows["kind"]) if "kind" in rows else pd.Series(kind or "", index=rows.index)
    labels = as_text(rows["label"]) if "label" in rows else pd.Series("", index=rows.index)
    names = _term_names(rows.assign(kind=kinds, label=labels))
    hover = [
        _hover(name, [_count_text(count, docs), _rate_line(count, rate)])
        for name, count, docs, rate in zip(
            names, rows["count"], rows["n_docs"], rows["per_1k_words"], strict=True
        )
    ]
    figure = go.Figure(
        go.Bar(
            x=rows["value"].tolist(),
            y=names,
            orientation="h",
            marker_color=[entity_color(k, lab) for k, lab in zip(kinds, labels, strict=True)],
            customdata=_keys(
                kind=kinds.tolist(), term=rows["term"].tolist(), label=labels.tolist()
            ),
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(title_text=_measure(per_1k))
    if not per_1k:
        figure.update_xaxes(**count_ticks(float(rows["value"].max())))
    return standard_layout(figure, title, height=120 + 24 * len(rows))


def entities_by_type_bar(
    counts: pd.DataFrame,
    n: int = 10,
    labels: Sequence[str] = DEFAULT_ENTITY_LABELS,
    per_1k: bool = False,
    title: str | None = None,
) -> go.Figure:
    """The ``n`` largest entities of each type in ``labels``: one coloured trace per type.

    ``counts`` is ``count_terms`` output; rows of other kinds are ignored. Types appear in the
    order of ``labels`` (a legend click hides one), entities within a type largest first.
    """
    rows = counts
    if "kind" in rows:
        rows = rows[rows["kind"] == "entity"]
    rows = rows[rows["label"].isin(labels)]
    rows = rows.sort_values("value", ascending=False, kind="stable").groupby("label").head(n)
    if rows.empty:
        return empty_figure(NO_MENTIONS, title)
    order = {label: index for index, label in enumerate(labels)}
    rows = rows.assign(_type=rows["label"].map(order))
    rows = rows.sort_values(["_type", "value"], ascending=[True, False], kind="stable")
    rows = rows.assign(kind="entity").reset_index(drop=True)
    rows["_name"] = _term_names(rows)
    figure = go.Figure()
    for label in labels:
        group = rows[rows["label"] == label]
        if group.empty:
            continue
        hover = [
            _hover(name, [safe_label(label), _count_text(count, docs), _rate_line(count, rate)])
            for name, count, docs, rate in zip(
                group["_name"], group["count"], group["n_docs"], group["per_1k_words"], strict=True
            )
        ]
        figure.add_trace(
            go.Bar(
                x=group["value"].tolist(),
                y=group["_name"].tolist(),
                orientation="h",
                name=safe_label(label),
                marker_color=ENTITY_COLORS.get(label, KIND_COLORS["entity"]),
                customdata=_keys(kind="entity", term=group["term"].tolist(), label=label),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    figure.update_yaxes(
        autorange="reversed",
        type="category",
        categoryorder="array",
        categoryarray=rows["_name"].tolist(),
    )
    figure.update_xaxes(title_text=_measure(per_1k))
    if not per_1k:
        figure.update_xaxes(**count_ticks(float(rows["value"].max())))
    return standard_layout(figure, title, height=140 + 22 * len(rows))


# --- time ---------------------------------------------------------------------------------------


def timeline(
    by_date: pd.DataFrame,
    terms: Sequence[str] | None = None,
    max_terms: int = 8,
    per_1k: bool = False,
    dates: Sequence[str] | None = None,
    title: str | None = None,
    period: str = "day",
) -> go.Figure:
    """Lines with markers, one per term, over the dates of ``by_date`` (``counts_by_date`` output).

    ``terms`` picks the series by term, in that order; otherwise the ``max_terms`` largest are
    drawn. A term has 0 on every date of ``by_date`` (and of ``dates``: the periods that have
    articles) where it has no mention. Where whole periods have no article at all, the line
    breaks (a ``None`` point, see :func:`with_gaps`) instead of running straight across them.
    Ticks are whole ``period``s in words (:func:`date_ticks`). Each point's ``customdata``
    carries the term and the date.
    """
    if by_date.empty:
        return empty_figure(NO_MENTIONS, title)
    series = _pick_series(by_date, terms, max_terms)
    if series.empty:
        return empty_figure(NO_MENTIONS, title)
    all_dates = sorted((set(by_date["date"]) | set(dates or ())) - {""})
    gapped = with_gaps(all_dates, period)
    x_values = [label for label, _ in gapped]
    real = [is_real for _, is_real in gapped]
    rows = _with_series(by_date, series)
    names = _term_names(series)
    figure = go.Figure()
    for index, key in series.iterrows():
        own = rows[rows["_series"] == index].set_index("date")
        own = own.reindex(all_dates)
        counts = own["count"].fillna(0).astype(int)
        docs = own["n_docs"].fillna(0).astype(int)
        rates = own["per_1k_words"].fillna(0.0)
        values = own["value"].fillna(0.0)
        name = names[index]
        hover = [
            _hover(name, [date, _count_text(count, n_docs), _rate_line(count, rate)])
            for date, count, n_docs, rate in zip(all_dates, counts, docs, rates, strict=True)
        ]
        y_values = iter(values.tolist())
        hovers = iter(hover)
        figure.add_trace(
            go.Scatter(
                x=x_values,
                y=[next(y_values) if is_real else None for is_real in real],
                connectgaps=False,
                mode="lines+markers",
                name=name,
                line={"color": SERIES_COLORS[index % len(SERIES_COLORS)], "width": 2},
                marker={"size": stacked_marker_size(index), "line": _MARKER_RIM},
                customdata=_keys(
                    kind=key.get("kind", ""),
                    term=key["term"],
                    label=key.get("label", "") or "",
                    date=[label if is_real else "" for label, is_real in gapped],
                ),
                hovertext=[next(hovers) if is_real else "" for is_real in real],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    _date_axis(figure, all_dates, period, "Date")
    figure.update_yaxes(title_text=_measure(per_1k), rangemode="tozero")
    if not per_1k:
        figure.update_yaxes(**count_ticks(float(rows["value"].max()) if len(rows) else 0.0))
    return standard_layout(figure, title, height=420)


def stacked_marker_size(index: int) -> int:
    """Marker size of the ``index``-th series: each later series' markers are smaller, so two
    terms with the same value on the same date show as a ring around a dot instead of one
    hiding the other ("Jens Stoltenberg" 3 under "Russia" 3)."""
    return max(_SMALLEST_MARKER, _LARGEST_MARKER - _MARKER_STEP * index)


#: Marker sizes (px) of the first series and the smallest, and the step between two series: a
#: ring of 1.5 px each side shows on a loopback screenshot (1 px did not).
_LARGEST_MARKER, _SMALLEST_MARKER, _MARKER_STEP = 16, 4, 3
#: A white rim around each marker, so a smaller one drawn over a larger stands out.
_MARKER_RIM = {"color": "white", "width": 1}


def timeline_by_article(
    by_doc: pd.DataFrame,
    terms: Sequence[str] | None = None,
    max_terms: int = 8,
    per_1k: bool = False,
    max_articles: int = 600,
    title: str | None = None,
) -> go.Figure:
    """One marker per article and term: its count (or rate) at the article's date.

    ``by_doc`` is ``counts_by_doc`` output. Articles without a date have no place on the axis and
    are left out. Beyond ``max_articles`` articles only those with the most mentions of the
    chosen terms are drawn, and a note says so (thousands of markers help nobody and slow the
    page). Articles of one term sharing a date and a value are spread across their day
    (:func:`jitter_days`), so none hides another. Hover names the article; ``customdata``
    carries term, ``doc_id``, date and source.
    """
    dated = by_doc[as_text(by_doc["date"]) != ""] if not by_doc.empty else by_doc
    if dated.empty:
        return empty_figure(NO_MENTIONS, title)
    series = _pick_series(dated, terms, max_terms)
    if series.empty:
        return empty_figure(NO_MENTIONS, title)
    rows = _with_series(dated, series)
    totals = rows.groupby("doc_id", sort=False)["count"].sum()
    n_articles = len(totals)
    if n_articles > max_articles:
        ranked = totals.reset_index().sort_values(["count", "doc_id"], ascending=[False, True])
        rows = rows[rows["doc_id"].isin(ranked["doc_id"].head(max_articles))]
    rows = rows.sort_values(["date", "doc_id"], kind="stable")
    names = _term_names(series)
    figure = go.Figure()
    for index, key in series.iterrows():
        own = rows[rows["_series"] == index]
        if own.empty:
            continue
        name = names[index]
        hover = [
            _hover(
                name,
                [
                    _doc_label(doc_title, doc_id, 80),
                    f"{safe_label(source)} · {date}" if source else date,
                    _count_text(count, 1),
                    _rate_line(count, rate),
                ],
            )
            for doc_title, doc_id, source, date, count, rate in zip(
                as_text(own["title"]),
                as_text(own["doc_id"]),
                as_text(own["source"]),
                own["date"],
                own["count"],
                own["per_1k_words"],
                strict=True,
            )
        ]
        figure.add_trace(
            go.Scatter(
                x=jitter_days(own["date"].tolist(), own["value"].tolist()),
                y=own["value"].to_numpy(dtype=float),
                mode="markers",
                name=name,
                marker={
                    "size": stacked_marker_size(index) + 2,
                    "opacity": 0.8,
                    "color": SERIES_COLORS[index % len(SERIES_COLORS)],
                    "line": _MARKER_RIM,
                },
                customdata=_keys(
                    kind=str(key.get("kind", "")),
                    term=str(key["term"]),
                    label=as_text(pd.Series([key.get("label", "")], dtype=object))[0],
                    doc_id=own["doc_id"],
                    date=own["date"],
                    source=own["source"],
                ),
                hovertext=np.array(hover, dtype=object),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if n_articles > max_articles:
        figure.add_annotation(
            text=f"Showing the {max_articles:,} articles with the most mentions "
            f"(of {n_articles:,})",
            xref="paper",
            yref="paper",
            x=0,
            y=1.06,
            showarrow=False,
            xanchor="left",
            font={"size": 12, "color": "#666666"},
        )
    _date_axis(figure, rows["date"].unique().tolist(), "day", "Article date")
    figure.update_yaxes(title_text=_measure(per_1k) + " per article", rangemode="tozero")
    if not per_1k:
        figure.update_yaxes(**count_ticks(float(rows["value"].max())))
    standard_layout(figure, title, height=420)
    if n_articles > max_articles:
        figure.update_layout(margin={"t": 70 if title else 40})  # room for the note
    return figure


# --- heatmaps -----------------------------------------------------------------------------------


def _cell_overlay(
    x: Sequence[Any], y: Sequence[Any], customdata: np.ndarray, hover: Sequence[str]
) -> go.Scatter:
    """Invisible markers on heatmap cells: they carry hover and clicks (heatmaps cannot select)."""
    return go.Scatter(
        x=list(x),
        y=list(y),
        mode="markers",
        marker={"symbol": "square", "size": 14, "opacity": 0},
        customdata=customdata,
        hovertext=list(hover),
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
    )


def _blank_zeros(z: np.ndarray) -> list[list[float | None]]:
    """Rows of ``z`` with ``None`` for 0, so that empty cells stay blank instead of pale."""
    return [[float(value) if value else None for value in row] for row in z]


#: Most article columns of the term × article heatmap labelled on horizontal wrapped lines; with
#: more, each label is one short line at an angle (the cell's hover gives the full title).
WRAPPED_COLUMNS = 6


def term_doc_heatmap(
    by_doc: pd.DataFrame,
    terms: Sequence[str] | None = None,
    max_terms: int = 20,
    max_docs: int = 20,
    per_1k: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Terms (rows) by articles (columns), coloured by count or rate; a cell click opens mentions.

    ``by_doc`` is ``counts_by_doc`` output. Rows are ``terms`` in order, else the ``max_terms``
    largest; columns the ``max_docs`` articles with most of those terms, in date order (the title
    says so when there are more). Labels
    are escaped titles, shortened and wrapped on up to three horizontal lines (:func:`wrap_label`)
    with the date in words; colours start at zero (5 mentions never look like none); heatmap
    trace 0 holds ``z``, trace 1 the clickable cells.
    """
    if by_doc.empty:
        return empty_figure(NO_MENTIONS, title)
    series = _pick_series(by_doc, terms, max_terms)
    rows = _with_series(by_doc, series)
    if rows.empty:
        return empty_figure(NO_MENTIONS, title)
    doc_totals = rows.groupby("doc_id", sort=False)["value"].sum()
    top_docs = doc_totals.sort_values(ascending=False, kind="stable").head(max_docs).index
    if title and len(doc_totals) > max_docs:
        # say which articles the columns are, rather than leave the others out unsaid
        title = f"{title}: the {max_docs} of {n_articles(len(doc_totals))} with the most"
    docs = rows[rows["doc_id"].isin(top_docs)].drop_duplicates("doc_id")
    docs = (
        docs[["doc_id", "title", "date", "source"]]
        .assign(_undated=as_text(docs["date"]) == "")
        .sort_values(["_undated", "date", "doc_id"], kind="stable")
        .reset_index(drop=True)
    )
    column_of = pd.Series(range(len(docs)), index=docs["doc_id"])
    cells = rows[rows["doc_id"].isin(top_docs)].assign(_column=lambda f: f["doc_id"].map(column_of))
    z = np.zeros((len(series), len(docs)))
    z[cells["_series"].to_numpy(), cells["_column"].to_numpy()] = cells["value"].to_numpy()
    names = _term_names(series)
    few = len(docs) <= WRAPPED_COLUMNS
    doc_labels = [
        (
            wrap_label(doc_title if doc_title.strip() else doc_id, 16, 2)
            + (f"<br>{human_date(date)}" if date else "")
            if few
            else _doc_label(doc_title, doc_id, 22) + (f" · {date}" if date else "")
        )
        for doc_title, doc_id, date in zip(
            as_text(docs["title"]), as_text(docs["doc_id"]), docs["date"], strict=True
        )
    ]
    hover = [
        _hover(
            names[s],
            [
                _doc_label(doc_title, doc_id, 80),
                date or NO_DATE,
                _count_text(count, 1),
                _rate_line(count, rate),
            ],
        )
        for s, doc_title, doc_id, date, count, rate in zip(
            cells["_series"],
            as_text(cells["title"]),
            as_text(cells["doc_id"]),
            cells["date"],
            cells["count"],
            cells["per_1k_words"],
            strict=True,
        )
    ]
    figure = go.Figure(
        go.Heatmap(
            z=_blank_zeros(z),
            x=list(range(len(docs))),
            y=list(range(len(series))),
            colorscale="Blues",
            zmin=0,
            zmax=max(float(z.max()), 1e-9),
            colorbar={
                "title": {"text": "per 1,000" if per_1k else "mentions"},
                **({} if per_1k else count_ticks(float(z.max()))),
            },
            hoverinfo="skip",
            xgap=1,
            ygap=1,
        )
    )
    figure.add_trace(
        _cell_overlay(
            cells["_column"],
            cells["_series"],
            _keys(
                kind=cells["kind"].tolist() if "kind" in cells else "",
                term=cells["term"].tolist(),
                label=cells["label"].tolist() if "label" in cells else "",
                doc_id=cells["doc_id"].tolist(),
                date=cells["date"].tolist(),
                source=cells["source"].tolist(),
            ),
            hover,
        )
    )
    figure.update_xaxes(
        tickvals=list(range(len(docs))),
        ticktext=doc_labels,
        tickangle=0 if few else -40,
        tickfont={"size": 10},
        showgrid=False,
        zeroline=False,
        automargin=True,
    )
    figure.update_yaxes(
        tickvals=list(range(len(series))),
        ticktext=names,
        autorange="reversed",
        showgrid=False,
        zeroline=False,
        automargin=True,
    )
    return standard_layout(figure, title, height=(260 if few else 330) + 26 * len(series))


def n_articles(n: int) -> str:
    """How many articles, in words: "1 article", "2,000 articles"."""
    return f"{int(n):,} article" + "s" * (n != 1)


#: Most date columns the articles-per-source heatmap draws (a cell narrower than a few pixels
#: shows nothing): a longer span is charted by a coarser period (:func:`fitted_period`).
MAX_DATE_COLUMNS = 150


def fitted_period(dates: pd.Series, period: str, max_columns: int = MAX_DATE_COLUMNS) -> str:
    """``period``, or the next coarser one (week, month, year) until the span of ``dates``
    (``YYYY-MM-DD`` strings, ``""`` undated) holds at most ``max_columns`` periods: eleven
    articles over nine years are charted by year, not as 3,250 day columns."""
    known = pd.to_datetime(as_text(dates), format="%Y-%m-%d", errors="coerce").dropna()
    if known.empty or period not in PERIODS:
        return period
    for candidate in PERIODS[PERIODS.index(period) :]:  # finest first
        freq = _PERIOD_FREQ[candidate]
        span = pd.period_range(known.min().to_period(freq), known.max().to_period(freq), freq=freq)
        if len(span) <= max_columns:
            return candidate
    return "year"


#: The colour of the undated articles' cells: one grey whatever their number (written in them).
_UNDATED_COLOURS = [[0.0, "#d9d9d9"], [1.0, "#d9d9d9"]]
#: Most rows of the articles-per-source chart: the largest sources, the others summed in one row
#: (158 sources had made it 5,300 pixels tall).
MAX_SOURCE_ROWS = 25
#: The key of that summed row (no source is called so).
_OTHER_SOURCES = "\x00other sources"


def sources_dates_overview(
    documents: pd.DataFrame, period: str = "day", title: str | None = None
) -> go.Figure:
    """Articles per source and date: a heatmap on a real date axis, and undated articles apart.

    ``period`` groups dates (see :func:`analysis.core.counting.period_of`). The dated heatmap
    (trace 0, x axis ``x``) has a column for every period from the first to the last, so a
    three-week gap shows as three weeks of blank cells; its colours run from 0 to the largest
    *dated* cell. Undated articles, when there are any, are a separate "no date" column on an
    axis of its own (trace 2, ``x2``), each cell labelled with its number and drawn in one grey,
    off the colour scale: 49 undated articles cannot make 1 dated article look like none, and 10
    undated ones do not look like 2 dated ones. Traces 1 and 3 are the clickable cells: each ``customdata`` carries the source and
    the period label, so a click lists that period's articles of that source. Beyond
    :data:`MAX_SOURCE_ROWS` sources, the smaller ones share one last row, which takes no click
    (the Sources filter lists them).
    """
    if documents.empty:
        return empty_figure(NO_DOCUMENTS, title)
    frame = pd.DataFrame(
        {
            "source": as_text(documents["source"]).to_numpy(),
            "date": period_of(documents["date"], period).to_numpy(),
            "doc_id": documents["doc_id"].to_numpy(),
        }
    )
    totals = frame["source"].value_counts()
    others = 0
    if len(totals) > MAX_SOURCE_ROWS:  # the largest sources, and one row for all the others
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        shown = {source for source, _ in ranked[: MAX_SOURCE_ROWS - 1]}
        others = len(totals) - len(shown)
        frame["source"] = frame["source"].where(frame["source"].isin(shown), _OTHER_SOURCES)
    counts = frame.groupby(["source", "date"], sort=True)["doc_id"].size().reset_index()
    sources = sorted(set(counts["source"]), key=lambda source: (source == _OTHER_SOURCES, source))
    row_of = {source: index for index, source in enumerate(sources)}
    source_names = [
        f"{others:,} other sources"
        if source == _OTHER_SOURCES
        else safe_label(source, 30) or "(no source)"
        for source in sources
    ]
    freq = _PERIOD_FREQ.get(period, "D")
    dated = counts[counts["date"] != ""].assign(
        _period=lambda f: [_period_start(label) for label in f["date"]]
    )
    dated = dated[dated["_period"].notna()]
    undated = counts[counts["date"] == ""]
    if len(dated):
        periods = [stamp.to_period(freq) for stamp in dated["_period"]]
        span = pd.period_range(min(periods), max(periods), freq=freq)
        column_of = {p: index for index, p in enumerate(span)}
        columns = np.array([column_of[p] for p in periods], dtype=int)
        x_dates = [p.start_time.strftime("%Y-%m-%d") for p in span]
    else:
        columns, x_dates = np.zeros(0, dtype=int), []
    rows = dated["source"].map(row_of).to_numpy(dtype=int)
    z = np.zeros((len(sources), len(x_dates)))
    z[rows, columns] = dated["doc_id"].to_numpy()
    top = max(float(z.max(initial=0)), 1.0)
    figure = make_subplots(
        rows=1,
        cols=2 if len(undated) else 1,
        shared_yaxes=True,
        column_widths=[0.9, 0.1] if len(undated) else None,
        horizontal_spacing=0.02,
    )
    scale = {"colorscale": "Blues", "zmin": 0, "zmax": top, "hoverinfo": "skip", "ygap": 1}
    figure.add_trace(
        go.Heatmap(
            z=_blank_zeros(z),
            x=x_dates,
            y=list(range(len(sources))),
            colorbar={"title": {"text": "articles"}, **count_ticks(top)},
            xgap=1 if len(x_dates) <= 120 else 0,  # thin columns would be all gap
            **scale,
        ),
        row=1,
        col=1,
    )
    named = (dated["source"] != _OTHER_SOURCES).to_numpy()  # the others' row takes no click
    figure.add_trace(
        _cell_overlay(
            [x_dates[c] for c in columns[named]],
            rows[named],
            _keys(
                source=[s or NONE_VALUE for s in dated["source"][named]],
                date=dated["date"][named].tolist(),
            ),
            [
                _hover(source_names[r], [human_date(label), n_articles(n)])
                for r, label, n in zip(
                    rows[named], dated["date"][named], dated["doc_id"][named], strict=True
                )
            ],
        ),
        row=1,
        col=1,
    )
    if len(undated):
        undated_rows = undated["source"].map(row_of).to_numpy(dtype=int)
        column = np.zeros((len(sources), 1))
        column[undated_rows, 0] = undated["doc_id"].to_numpy()
        figure.add_trace(
            go.Heatmap(
                z=_blank_zeros(column),
                x=[NO_DATE],
                y=list(range(len(sources))),
                text=[[f"{int(n):,}" if n else "" for n in row] for row in column],
                texttemplate="%{text}",
                textfont={"size": 11},
                showscale=False,
                **{**scale, "colorscale": _UNDATED_COLOURS},
            ),
            row=1,
            col=2,
        )
        named = (undated["source"] != _OTHER_SOURCES).to_numpy()
        figure.add_trace(
            _cell_overlay(
                [NO_DATE] * int(named.sum()),
                undated_rows[named],
                _keys(source=[s or NONE_VALUE for s in undated["source"][named]], date=NONE_VALUE),
                [
                    _hover(source_names[r], [NO_DATE, n_articles(n)])
                    for r, n in zip(undated_rows[named], undated["doc_id"][named], strict=True)
                ],
            ),
            row=1,
            col=2,
        )
        figure.update_xaxes(
            type="category", showgrid=False, zeroline=False, tickangle=0, row=1, col=2
        )
    if x_dates:
        _date_axis(figure, x_dates, period, "", row=1, col=1)
    else:
        figure.update_xaxes(visible=False, row=1, col=1)
    figure.update_xaxes(showgrid=False, zeroline=False, row=1, col=1)
    figure.update_yaxes(
        tickvals=list(range(len(sources))),
        ticktext=source_names,
        automargin=True,
        row=1,
        col=1,
    )
    figure.update_yaxes(autorange="reversed", showgrid=False, zeroline=False)
    return standard_layout(figure, title, height=180 + 28 * len(sources))


# --- co-occurrence network ----------------------------------------------------------------------


#: Most node names written on the network; the others are named on hover (fewer labels, less
#: overlap).
LABELLED_NODES = 10


def spring_layout(n_nodes: int, edges: pd.DataFrame, seed: int = 0) -> np.ndarray:
    """Deterministic positions in ``[-1, 1]²`` that use the whole picture.

    Each connected component is laid out on its own (networkx's Kamada-Kawai, started from a
    seeded Fruchterman-Reingold layout, edges pulling with ``log(1 + weight)`` so one very
    frequent pair does not collapse the picture), then the components are packed in a grid,
    largest first, each scaled by its size; finally both axes are stretched to ``[-1, 1]``. Two
    small clusters therefore sit side by side filling the chart, not in opposite corners of an
    empty square.
    """
    if n_nodes <= 1:
        return np.zeros((n_nodes, 2))
    graph = nx.Graph()
    graph.add_nodes_from(range(n_nodes))
    for source, target, weight in edges[["source", "target", "weight"]].itertuples(index=False):
        graph.add_edge(int(source), int(target), weight=math.log1p(float(weight)))
    components = sorted(
        (sorted(component) for component in nx.connected_components(graph)),
        key=lambda members: (-len(members), members[0]),
    )
    columns = math.ceil(math.sqrt(1.6 * len(components)))
    biggest = len(components[0])
    positions = np.zeros((n_nodes, 2))
    for index, members in enumerate(components):
        local = _component_layout(graph.subgraph(members), seed)
        scale = max(0.35, math.sqrt(len(members) / biggest))
        row, column = divmod(index, columns)
        centre = np.array([column * 2.4, -row * 2.4])
        for node, (x, y) in local.items():
            positions[node] = centre + scale * np.array([x, y])
    for axis in (0, 1):
        low, high = positions[:, axis].min(), positions[:, axis].max()
        if high > low:
            positions[:, axis] = 2 * (positions[:, axis] - low) / (high - low) - 1
        else:
            positions[:, axis] = 0.0
    return positions


def _component_layout(graph: nx.Graph, seed: int) -> dict[int, tuple[float, float]]:
    """One connected component's positions, centred, within ``[-1, 1]²``."""
    nodes = sorted(graph.nodes)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    start = nx.spring_layout(graph, weight="weight", seed=seed, iterations=50)
    layout = nx.kamada_kawai_layout(graph, pos=start, weight=None)
    points = np.array([layout[node] for node in nodes], dtype=float)
    points -= points.mean(axis=0)
    extent = np.abs(points).max()
    if extent > 0:
        points /= extent
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, points, strict=True)}


def cooccurrence_network(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    max_nodes: int = 20,
    min_weight: int = 1,
    max_edges: int = 40,
    labels: Sequence[str] | None = DEFAULT_ENTITY_LABELS,
    title: str | None = None,
) -> go.Figure:
    """Entities linked when they share sentences: node size by mentions, edge width by sentences.

    Traces, in order: edges (lines, by width band), edge midpoints (invisible, carrying hover and
    ``customdata`` with ``term`` and ``other_term``), then one node trace per entity type, with
    the names as labels. Only entities of ``labels`` are drawn (``None``: all): the
    ``max_nodes`` most mentioned, and of their links the ``max_edges`` strongest (edges below
    ``min_weight`` dropped), laid out component by component (:func:`spring_layout`); nodes
    left without a link are not drawn, and only the :data:`LABELLED_NODES` most mentioned carry
    their name on the picture (every node names itself on hover), so labels can be read.
    """
    if labels is not None and "label" in mentions:
        mentions = mentions[mentions["label"].isin(labels)]
    nodes, edges = cooccurrence_edges(mentions, sentences, max_nodes)
    if nodes.empty:
        return empty_figure(NO_MENTIONS, title)
    edges = edges[edges["weight"] >= min_weight]
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True])
    edges = edges.head(max_edges).reset_index(drop=True)
    if len(edges):
        linked = np.unique(edges[["source", "target"]].to_numpy(int))
        renumber = {old: new for new, old in enumerate(linked)}
        nodes = nodes.iloc[linked].reset_index(drop=True)
        edges = edges.assign(
            source=edges["source"].map(renumber), target=edges["target"].map(renumber)
        )
    positions = spring_layout(len(nodes), edges)
    names = [safe_label(term, 30) for term in nodes["term"]]
    figure = go.Figure()
    if len(edges):
        top = edges["weight"].max()
        bands = np.minimum((edges["weight"] * 3 - 1) // top, 2).astype(int)  # thin, medium, thick
        for band in sorted(set(bands)):
            x: list[float | None] = []
            y: list[float | None] = []
            for source, target in edges.loc[bands == band, ["source", "target"]].itertuples(
                index=False
            ):
                x += [positions[source, 0], positions[target, 0], None]
                y += [positions[source, 1], positions[target, 1], None]
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    line={"width": 1 + 2.5 * band, "color": "rgba(120,120,120,0.55)"},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        a = edges["source"].to_numpy()
        b = edges["target"].to_numpy()
        middle = (positions[a] + positions[b]) / 2
        hover = [
            _hover(f"{names[i]} — {names[j]}", [f"{w:,} shared sentence" + "s" * (w != 1)])
            for i, j, w in zip(a, b, edges["weight"], strict=True)
        ]
        figure.add_trace(
            go.Scatter(
                x=middle[:, 0].tolist(),
                y=middle[:, 1].tolist(),
                mode="markers",
                marker={"size": 10, "opacity": 0},
                customdata=_keys(
                    kind="entity",
                    term=nodes["term"].to_numpy()[a].tolist(),
                    label=nodes["label"].to_numpy()[a].tolist(),
                    other_term=nodes["term"].to_numpy()[b].tolist(),
                    other_label=nodes["label"].to_numpy()[b].tolist(),
                ),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    degree = np.bincount(
        np.concatenate([edges["source"].to_numpy(int), edges["target"].to_numpy(int)]),
        minlength=len(nodes),
    )
    size = 10 + 30 * np.sqrt(nodes["count"].to_numpy(float) / nodes["count"].max())
    ranked = np.lexsort((np.arange(len(nodes)), -nodes["count"].to_numpy(float)))
    labelled = set(ranked[:LABELLED_NODES].tolist())
    order = [label for label in ENTITY_LABELS if label in set(nodes["label"])]
    order += sorted(set(nodes["label"]) - set(order))
    for label in order:
        members = np.flatnonzero(nodes["label"].to_numpy() == label)
        hover = [
            _hover(
                names[i],
                [
                    safe_label(label),
                    _count_text(int(nodes["count"][i]), int(nodes["n_docs"][i])),
                    f"shares sentences with {degree[i]} of these entities",
                ],
            )
            for i in members
        ]
        figure.add_trace(
            go.Scatter(
                x=positions[members, 0].tolist(),
                y=positions[members, 1].tolist(),
                mode="markers+text",
                name=safe_label(label) or "entity",
                text=[names[i] if i in labelled else "" for i in members],
                textposition="top center",
                textfont={"size": 12, "color": "#222222"},
                marker={
                    "size": size[members].tolist(),
                    "color": ENTITY_COLORS.get(label, KIND_COLORS["entity"]),
                    "line": {"width": 1, "color": "white"},
                },
                customdata=_keys(kind="entity", term=nodes["term"][members].tolist(), label=label),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    figure.update_xaxes(visible=False, range=[-1.25, 1.25])
    figure.update_yaxes(visible=False, range=[-1.2, 1.25])
    return standard_layout(figure, title, height=560)


# --- from a selection back to keys --------------------------------------------------------------


def clicked_points(selection: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None) -> list[dict]:
    """The keys of the clicked or selected points: ``[{"term": ..., "doc_id": ...}, ...]``.

    Accepts a Streamlit selection (``event.selection``, with ``points``) or a list of points.
    Each point's ``customdata`` is read against :data:`CUSTOMDATA_FIELDS`; empty fields are left
    out, points without ``customdata`` are skipped, repeats are dropped.
    """
    if not selection:
        return []
    points = selection.get("points", []) if isinstance(selection, Mapping) else selection
    keys: list[dict] = []
    for point in points:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if not isinstance(data, (list, tuple)) or not data:
            continue
        entry = {
            field: str(value)
            for field, value in zip(CUSTOMDATA_FIELDS, data, strict=False)
            if value not in (None, "")
        }
        if entry and entry not in keys:
            keys.append(entry)
    return keys


def keyness_figure(
    top: pd.DataFrame, *, label_a: str = "A", label_b: str = "B", value: str = "log_ratio"
) -> go.Figure:
    """A horizontal bar chart of :func:`top_keyness` rows: side A to the right, B to the left.

    Bars show ``value`` (Log Ratio by default, signed so that B's items point left); the hover
    text gives both frequencies and the log-likelihood. Items and side labels come from documents,
    so they are escaped for plotly (:func:`safe_label`).
    """
    label_a, label_b = safe_label(label_a, 40), safe_label(label_b, 40)
    figure = go.Figure()
    for side, name in (("a", label_a), ("b", label_b)):
        rows = top[top["side"] == side].iloc[::-1]
        sign = -1.0 if side == "b" and value != "log_ratio" else 1.0  # B's bars point left
        figure.add_trace(
            go.Bar(
                x=(rows[value] * sign).tolist(),
                y=[safe_label(item, 60) for item in rows["item"]],
                orientation="h",
                name=name,
                customdata=rows[["freq_a", "freq_b", "log_likelihood"]].to_numpy().tolist(),
                hovertemplate=(
                    "%{y}<br>" + f"{_literal(label_a)}: " + "%{customdata[0]}<br>"
                    f"{_literal(label_b)}: "
                    "%{customdata[1]}<br>log-likelihood %{customdata[2]:.1f}<extra></extra>"
                ),
            )
        )
    figure.update_layout(
        barmode="overlay",
        xaxis_title="Log Ratio (+: more in " + label_a + ", -: more in " + label_b + ")"
        if value == "log_ratio"
        else value,
        yaxis={"automargin": True},
        legend_title_text="over-used in",
    )
    return figure


def _literal(label: str) -> str:
    """An (escaped) label put into a plotly hover template: ``%`` as an entity, so that a name
    holding ``%{...}`` is shown, not filled in."""
    return label.replace("%", "&#37;")
