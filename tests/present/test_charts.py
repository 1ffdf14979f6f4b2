"""Chart builders: assertions on the figures' data (values, labels, customdata), not on pixels."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.core.counting import count_terms, counts_by_date, counts_by_doc
from analysis.core.schema import ENTITY_LABELS, NONE_VALUE, mentions_frame
from analysis.extract.sentences import sentence_table
from analysis.present.charts import (
    CUSTOMDATA_FIELDS,
    LABELLED_NODES,
    MAX_COUNT_TICKS,
    NO_DOCUMENTS,
    NO_MENTIONS,
    clicked_points,
    cooccurrence_network,
    count_step,
    date_ticks,
    entities_by_type_bar,
    fitted_period,
    human_figure,
    keyness_figure,
    safe_label,
    sources_dates_overview,
    spring_layout,
    term_doc_heatmap,
    timeline,
    timeline_by_article,
    top_terms_bar,
)
from analysis.present.palette import ENTITY_COLORS, KIND_COLORS
from analysis.query.cooccurrence import cooccurrence_edges
from analysis.query.keyness import Counts, keyness, top_keyness
from analysis.query.locate import mentions_at
from tests.query import small_corpus

PAYLOAD = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"

# The query tests' corpus, with sources of its own: one missing, one that needs escaping.
DOCUMENTS = small_corpus.DOCUMENTS.assign(source=["nato", "nato", "", "A & B <news>"])
MENTIONS = small_corpus.MENTIONS
SENTENCES = small_corpus.SENTENCES
COUNTS = count_terms(MENTIONS, DOCUMENTS)
BY_DATE = counts_by_date(MENTIONS, DOCUMENTS)
BY_DOC = counts_by_doc(MENTIONS, DOCUMENTS)


def keys(trace) -> list[dict]:
    """The identifying customdata of each point, as dicts without empty fields."""
    return [
        {field: value for field, value in zip(CUSTOMDATA_FIELDS, row, strict=False) if value}
        for row in trace.customdata
    ]


def annotation_text(figure: go.Figure) -> str:
    return figure.layout.annotations[0].text


# --- safe labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "max_length", "expected"),
    [
        (PAYLOAD, None, ESCAPED),
        ("<script>alert('x')</script>", None, "&lt;script&gt;alert('x')&lt;/script&gt;"),
        ("AT&T", None, "AT&amp;T"),
        ("&lt;", None, "&amp;lt;"),  # an entity in the data stays visible as typed
        ('Say "hi"', None, 'Say "hi"'),  # plotly does not decode &quot;: quotes stay
        ("two\nlines\t here", None, "two lines here"),
        ("Defence Ministers Meeting", 10, "Defence M…"),
        ("<<<<<<<<<<<<", 5, "&lt;&lt;&lt;&lt;…"),  # cut before escaping, never inside "&lt;"
        (None, None, ""),
        (float("nan"), None, ""),
        (42, None, "42"),
        (pd.NA, None, ""),
    ],
)
def test_safe_label(value, max_length, expected):
    assert safe_label(value, max_length) == expected


def test_colours_cover_every_entity_type_and_kind():
    assert set(ENTITY_COLORS) == set(ENTITY_LABELS)
    assert set(KIND_COLORS) == {"entity", "keyword", "term"}
    assert len(set(ENTITY_COLORS.values())) == len(ENTITY_COLORS)


# --- bars ---------------------------------------------------------------------------------------


def test_top_terms_bar_values_labels_and_customdata():
    figure = top_terms_bar(COUNTS, kind="entity", n=3)
    (bar,) = figure.data
    assert list(bar.x) == [4.0, 3.0, 2.0]
    assert list(bar.y) == ["NATO", "Ukraine", "Brussels"]
    assert keys(bar) == [
        {"kind": "entity", "term": "NATO", "label": "ORG"},
        {"kind": "entity", "term": "Ukraine", "label": "GPE"},
        {"kind": "entity", "term": "Brussels", "label": "GPE"},
    ]
    assert list(bar.marker.color) == ["#E69F00", "#009E73", "#009E73"]
    assert bar.hovertext[0] == ("<b>NATO</b><br>4 mentions in 3 articles<br>5.33 per 1,000 words")
    assert figure.layout.xaxis.title.text == "Mentions"
    assert figure.layout.yaxis.autorange == "reversed"  # largest on top


def test_top_terms_bar_per_1k_and_other_kinds():
    counts = count_terms(MENTIONS, DOCUMENTS, per_1k=True)
    figure = top_terms_bar(counts, kind="keyword", per_1k=True)
    (bar,) = figure.data
    assert list(bar.y) == ["ministers"]
    assert list(bar.x) == [pytest.approx(1000 / 750)]
    assert list(bar.marker.color) == [KIND_COLORS["keyword"]]
    assert figure.layout.xaxis.title.text == "Mentions per 1,000 words"


def test_top_terms_bar_escapes_terms_and_tells_apart_equal_names():
    counts = pd.DataFrame(
        {
            "kind": ["entity", "entity", "keyword"],
            "term": ["Georgia", "Georgia", PAYLOAD],
            "label": ["GPE", "PERSON", ""],
            "count": [3, 2, 1],
            "n_docs": [1, 1, 1],
            "per_1k_words": [0.3, 0.2, 0.1],
            "value": [3.0, 2.0, 1.0],
        }
    )
    (bar,) = top_terms_bar(counts).data
    assert list(bar.y) == ["Georgia (GPE)", "Georgia (PERSON)", ESCAPED]
    assert bar.hovertext[2].startswith(f"<b>{ESCAPED}</b>")
    assert keys(bar)[2]["term"] == PAYLOAD  # the raw key, for mapping back; never displayed


def test_entities_by_type_bar_one_trace_per_type_in_label_order():
    figure = entities_by_type_bar(COUNTS, n=2)
    assert [trace.name for trace in figure.data] == ["PERSON", "ORG", "GPE"]
    person, org, gpe = figure.data
    assert list(person.y) == ["Rutte", "Stoltenberg"]
    assert list(person.x) == [2.0, 1.0]
    assert list(gpe.y) == ["Ukraine", "Brussels"]  # Kyiv is third: n=2
    assert person.marker.color == ENTITY_COLORS["PERSON"]
    assert keys(org) == [{"kind": "entity", "term": "NATO", "label": "ORG"}]
    assert list(figure.layout.yaxis.categoryarray) == [
        "Rutte",
        "Stoltenberg",
        "NATO",
        "Ukraine",
        "Brussels",
    ]


def test_entities_by_type_bar_respects_chosen_types():
    figure = entities_by_type_bar(COUNTS, labels=("GPE",))
    assert [trace.name for trace in figure.data] == ["GPE"]
    assert list(figure.data[0].y) == ["Ukraine", "Brussels", "Kyiv"]
    # NORP and MISC only when asked for.
    extra = pd.concat([COUNTS, COUNTS.head(1).assign(term="Ukrainian", label="NORP")])
    assert "NORP" not in [trace.name for trace in entities_by_type_bar(extra).data]
    assert [t.name for t in entities_by_type_bar(extra, labels=ENTITY_LABELS).data][-1] == "NORP"


def test_cooccurrence_network_leaves_out_norp_unless_asked():
    mentions = MENTIONS.assign(label=MENTIONS["label"].replace("GPE", "NORP"))
    names = [t.name for t in cooccurrence_network(mentions, SENTENCES).data if t.name]
    assert names == ["PERSON", "ORG"]
    names = [t.name for t in cooccurrence_network(mentions, SENTENCES, labels=None).data if t.name]
    assert names == ["PERSON", "ORG", "NORP"]


# --- time ---------------------------------------------------------------------------------------


def test_timeline_lines_fill_missing_dates_with_zero_and_break_across_gaps():
    figure = timeline(BY_DATE, terms=["Rutte", "NATO"])
    rutte, nato = figure.data
    assert rutte.name == "Rutte"
    # A year without any article: a None point the day after the last one breaks the line.
    assert list(rutte.x) == ["2023-10-11", "2023-10-12", "2024-10-17", "2024-10-18"]
    assert list(rutte.y) == [0.0, None, 1.0, 1.0]
    assert list(nato.y) == [1.0, None, 2.0, 1.0]
    assert rutte.connectgaps is False
    assert rutte.mode == "lines+markers"
    assert keys(nato)[2] == {"kind": "entity", "term": "NATO", "label": "ORG", "date": "2024-10-17"}
    assert nato.hovertext[2] == (
        "<b>NATO</b><br>2024-10-17<br>2 mentions in 1 article<br>20.00 per 1,000 words"
    )
    assert rutte.hovertext[0].endswith("0 mentions in 0 articles<br>0 per 1,000 words")
    assert figure.layout.xaxis.type == "date"


def test_timeline_picks_the_largest_terms_without_a_choice():
    figure = timeline(BY_DATE, max_terms=2)
    assert [trace.name for trace in figure.data] == ["NATO", "Brussels"]
    extra = timeline(BY_DATE, terms=["NATO"], dates=["2024-10-20"])
    assert list(extra.data[0].x)[-1] == "2024-10-20"
    assert list(extra.data[0].y)[-1] == 0.0


def test_timeline_by_article_one_point_per_article_and_no_undated():
    figure = timeline_by_article(BY_DOC, terms=["Ukraine", "NATO"])
    ukraine, nato = figure.data
    assert ukraine.mode == "markers"
    assert list(ukraine.x) == ["2024-10-17", "2024-10-18"]  # "c" has no date
    assert list(nato.x) == ["2023-10-11", "2024-10-17", "2024-10-18"]
    assert list(nato.y) == [1.0, 2.0, 1.0]
    assert keys(nato)[0] == {
        "kind": "entity",
        "term": "NATO",
        "label": "ORG",
        "doc_id": "d",
        "date": "2023-10-11",
        "source": "A & B <news>",
    }
    assert nato.hovertext[0] == (
        f"<b>NATO</b><br>{ESCAPED}<br>A &amp; B &lt;news&gt; · 2023-10-11"
        "<br>1 mention in 1 article<br>2.50 per 1,000 words"
    )


# --- heatmaps -----------------------------------------------------------------------------------


def test_term_doc_heatmap_matrix_labels_and_clickable_cells():
    figure = term_doc_heatmap(BY_DOC, terms=["NATO", "Ukraine"])
    heatmap, cells = figure.data
    assert heatmap.type == "heatmap"
    # Columns are the articles in date order, undated last: d, a, b, c.
    assert [list(row) for row in heatmap.z] == [
        [1.0, 2.0, 1.0, None],
        [None, 1.0, 1.0, 1.0],
    ]
    assert list(figure.layout.yaxis.ticktext) == ["NATO", "Ukraine"]
    assert list(figure.layout.xaxis.ticktext) == [
        "&lt;img src=x onerr<br>or=alert(1)&gt;<br>11 Oct 2023",
        "Ministers meet<br>17 Oct 2024",
        "Help for Kyiv<br>18 Oct 2024",
        "Note",
    ]
    assert figure.layout.xaxis.tickangle == 0  # wrapped, not rotated
    assert heatmap.zmin == 0  # one mention is never the palest colour
    assert heatmap.hoverinfo == "skip"
    assert len(cells.customdata) == 6  # one clickable marker per non-empty cell
    cell = next(k for k in keys(cells) if k["doc_id"] == "d")
    assert cell == {
        "kind": "entity",
        "term": "NATO",
        "label": "ORG",
        "doc_id": "d",
        "date": "2023-10-11",
        "source": "A & B <news>",
    }
    index = [k["doc_id"] for k in keys(cells)].index("d")
    assert (cells.x[index], cells.y[index]) == (0, 0)
    assert ESCAPED in cells.hovertext[index]
    assert PAYLOAD not in cells.hovertext[index]


def test_term_doc_heatmap_limits_articles():
    figure = term_doc_heatmap(BY_DOC, terms=["NATO"], max_docs=1)
    assert list(figure.layout.xaxis.ticktext) == ["Ministers meet<br>17 Oct 2024"]
    titled = term_doc_heatmap(BY_DOC, terms=["NATO"], max_docs=1, title="Terms × articles")
    n = BY_DOC.loc[BY_DOC["term"] == "NATO", "doc_id"].nunique()
    assert titled.layout.title.text.startswith(
        f"Terms × articles: the 1 of {n} articles with the most"
    )
    whole = term_doc_heatmap(BY_DOC, terms=["NATO"], title="Terms × articles")
    assert whole.layout.title.text.startswith("Terms × articles") and "of" not in (
        whole.layout.title.text
    )


def test_sources_dates_overview_counts_articles_with_a_no_date_column():
    figure = sources_dates_overview(DOCUMENTS)
    heatmap, cells, undated, undated_cells = figure.data
    assert list(figure.layout.yaxis.ticktext) == ["(no source)", "A &amp; B &lt;news&gt;", "nato"]
    by_cell = {
        (heatmap.x[c], r): v
        for r, row in enumerate(heatmap.z)
        for c, v in enumerate(row)
        if v is not None
    }
    assert by_cell == {("2023-10-11", 1): 1.0, ("2024-10-17", 2): 1.0, ("2024-10-18", 2): 1.0}
    assert list(undated.x) == ["no date"]
    assert [list(row) for row in undated.z] == [[1.0], [None], [None]]
    assert keys(undated_cells)[0] == {"source": NONE_VALUE, "date": NONE_VALUE}
    assert mentions_at(MENTIONS, DOCUMENTS, keys(undated_cells)[0])["doc_id"].unique().tolist() == [
        "c"
    ]
    assert {k["date"] for k in keys(cells)} == {"2023-10-11", "2024-10-17", "2024-10-18"}
    monthly = sources_dates_overview(DOCUMENTS, period="month")
    assert monthly.data[0].x[0] == "2023-10-01" and monthly.data[0].x[-1] == "2024-10-01"
    assert len(monthly.data[0].x) == 13  # every month in between, empty ones too
    assert {k["date"] for k in keys(monthly.data[1])} == {"2023-10", "2024-10"}
    assert list(monthly.data[0].z[2]).count(2.0) == 1


def test_sources_dates_overview_sums_the_smaller_sources_in_one_row():
    from analysis.present.charts import MAX_SOURCE_ROWS

    rows = [  # 40 sources: source i has i + 1 articles, one of each undated
        {"doc_id": f"{i}-{j}", "source": f"s{i:02d}", "date": "" if j == 0 else "2024-10-17"}
        for i in range(40)
        for j in range(i + 1)
    ]
    figure = sources_dates_overview(pd.DataFrame(rows))
    heatmap, cells, undated, undated_cells = figure.data
    names = list(figure.layout.yaxis.ticktext)
    assert len(names) == MAX_SOURCE_ROWS
    assert names[-1] == "16 other sources" and names[0] == "s16"  # the 24 largest: s16 to s39
    assert sum(v for row in heatmap.z for v in row if v) + sum(
        v for row in undated.z for v in row if v
    ) == len(rows)  # every article counted, the others' too
    assert heatmap.z[-1][0] == sum(range(16))  # 1 + 2 + ... + 16 articles, less 16 undated
    sources = {k["source"] for k in keys(cells)} | {k["source"] for k in keys(undated_cells)}
    assert len(sources) == MAX_SOURCE_ROWS - 1  # the others' row takes no click


def test_sources_dates_overview_shows_gaps_on_a_date_axis():
    """Three weeks without an article are three weeks of blank columns, not one step."""
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": ["2021-01-01", "2021-01-02", "2021-01-23"],
            "source": ["s", "s", "s"],
        }
    )
    figure = sources_dates_overview(documents)
    assert figure.layout.xaxis.type == "date"
    (heatmap, cells) = figure.data
    assert len(heatmap.x) == 23
    assert list(cells.x) == ["2021-01-01", "2021-01-02", "2021-01-23"]
    assert sum(v is not None for v in heatmap.z[0]) == 3


def test_sources_dates_overview_undated_column_does_not_set_the_scale():
    """49 undated articles against 1 per dated cell: the colours run 0..1 (dated cells full
    colour), and the undated cell, grey, says 49 in words."""
    documents = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(61)],
            "date": [*pd.date_range("2021-01-01", periods=12, freq="W").strftime("%Y-%m-%d")]
            + [""] * 49,
            "source": ["s"] * 61,
        }
    )
    figure = sources_dates_overview(documents)
    heatmap, _, undated, _ = figure.data
    assert heatmap.zmax == 1.0 and heatmap.zmin == 0
    assert {colour for _, colour in undated.colorscale} == {"#d9d9d9"}  # off the scale: grey
    assert [list(row) for row in undated.text] == [["49"]]
    assert undated.showscale is False
    assert figure.layout.xaxis2.type == "category"
    assert heatmap.colorbar.tickformat == ",d" and heatmap.colorbar.dtick == 1


# --- network ------------------------------------------------------------------------------------


def test_cooccurrence_edges_count_shared_sentences():
    nodes, edges = cooccurrence_edges(MENTIONS, SENTENCES)
    assert nodes[["term", "count", "n_docs"]].values.tolist() == [
        ["NATO", 4, 3],
        ["Ukraine", 3, 3],
        ["Brussels", 2, 2],
        ["Rutte", 2, 2],
        ["Kyiv", 1, 1],
        ["Stoltenberg", 1, 1],
    ]
    named = {(nodes["term"][s], nodes["term"][t]): w for s, t, w in edges.itertuples(index=False)}
    assert named == {
        ("NATO", "Ukraine"): 1,  # "Ukraine asked NATO for help."
        ("NATO", "Brussels"): 2,  # doc a sentence 0, doc d
        ("NATO", "Stoltenberg"): 1,
        ("Ukraine", "Rutte"): 1,  # "Rutte said Ukraine needs air defence."
        ("Brussels", "Stoltenberg"): 1,
        ("Rutte", "Kyiv"): 1,
    }


def test_cooccurrence_network_traces():
    figure = cooccurrence_network(MENTIONS, SENTENCES, max_nodes=4)
    nodes = [trace for trace in figure.data if trace.mode == "markers+text"]
    assert [trace.name for trace in nodes] == ["PERSON", "ORG", "GPE"]
    assert list(nodes[2].text) == ["Ukraine", "Brussels"]
    assert keys(nodes[1]) == [{"kind": "entity", "term": "NATO", "label": "ORG"}]
    assert nodes[1].marker.color == ENTITY_COLORS["ORG"]
    assert nodes[1].marker.size[0] == 40.0  # the most mentioned node is the largest
    (middles,) = [trace for trace in figure.data if trace.mode == "markers"]
    assert keys(middles)[0] == {
        "kind": "entity",
        "term": "NATO",
        "label": "ORG",
        "other_term": "Brussels",
        "other_label": "GPE",
    }
    assert middles.hovertext[0] == "<b>NATO — Brussels</b><br>2 shared sentences"
    edges = [trace for trace in figure.data if trace.mode == "lines"]
    assert sum(list(trace.x).count(None) for trace in edges) == 3  # NATO-Brussels/Ukraine, Rutte


def test_cooccurrence_network_escapes_names():
    mentions = MENTIONS.assign(term=MENTIONS["term"].replace("Rutte", PAYLOAD))
    figure = cooccurrence_network(mentions, SENTENCES)
    texts = [text for trace in figure.data if trace.text is not None for text in trace.text]
    assert ESCAPED in texts
    assert not any("<img" in text for text in texts)
    hovers = [h for trace in figure.data if trace.hovertext is not None for h in trace.hovertext]
    assert not any("<img" in hover for hover in hovers)


def test_spring_layout_is_deterministic_and_bounded():
    edges = pd.DataFrame({"source": [0, 1, 2], "target": [1, 2, 3], "weight": [5, 1, 1]})
    first = spring_layout(5, edges)
    assert np.array_equal(first, spring_layout(5, edges))
    assert first.shape == (5, 2)
    assert np.abs(first).max() == pytest.approx(1.0)
    distance = np.linalg.norm(first[:, None] - first[None, :], axis=-1)
    assert distance[0, 1] < distance[0, 3]  # linked nodes sit closer than unlinked ones
    assert spring_layout(1, edges.iloc[0:0]).tolist() == [[0.0, 0.0]]


# --- empty input and clicks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: top_terms_bar(COUNTS.iloc[0:0]), NO_MENTIONS),
        (lambda: top_terms_bar(COUNTS, kind="nothing"), NO_MENTIONS),
        (lambda: entities_by_type_bar(COUNTS.iloc[0:0]), NO_MENTIONS),
        (lambda: timeline(BY_DATE.iloc[0:0]), NO_MENTIONS),
        (lambda: timeline(BY_DATE, terms=["absent"]), NO_MENTIONS),
        (lambda: timeline_by_article(BY_DOC.iloc[0:0]), NO_MENTIONS),
        (lambda: term_doc_heatmap(BY_DOC.iloc[0:0]), NO_MENTIONS),
        (lambda: term_doc_heatmap(BY_DOC, terms=["absent"]), NO_MENTIONS),
        (lambda: cooccurrence_network(MENTIONS.iloc[0:0], SENTENCES), NO_MENTIONS),
        (lambda: sources_dates_overview(DOCUMENTS.iloc[0:0]), NO_DOCUMENTS),
        (lambda: counts_empty_chain(), NO_MENTIONS),
    ],
)
def test_empty_input_gives_a_friendly_figure(build, message):
    figure = build()
    assert isinstance(figure, go.Figure)
    assert annotation_text(figure) == message
    assert figure.data == ()


def counts_empty_chain() -> go.Figure:
    empty = mentions_frame([])
    return timeline(counts_by_date(empty, DOCUMENTS))


def test_clicked_points_reads_a_streamlit_selection():
    figure = top_terms_bar(COUNTS, kind="entity", n=2)
    selection = {
        "points": [
            {"curve_number": 0, "point_index": 1, "customdata": list(figure.data[0].customdata[1])},
            {"curve_number": 0, "point_index": 1, "customdata": list(figure.data[0].customdata[1])},
            {"curve_number": 1, "point_index": 0},  # a point without customdata: skipped
        ],
        "box": [],
        "lasso": [],
    }
    assert clicked_points(selection) == [{"kind": "entity", "term": "Ukraine", "label": "GPE"}]
    assert clicked_points(None) == []
    assert clicked_points({"points": []}) == []
    point = clicked_points(selection)[0]
    assert mentions_at(MENTIONS, DOCUMENTS, point)["doc_id"].tolist() == ["a", "b", "c"]


def test_charts_accept_categorical_mentions():
    categorical = MENTIONS.astype(
        {"doc_id": "category", "kind": "category", "term": "category", "label": "category"}
    )
    counts = count_terms(categorical, DOCUMENTS)
    assert list(top_terms_bar(counts, kind="entity", n=2).data[0].y) == ["NATO", "Ukraine"]
    assert [t.name for t in entities_by_type_bar(counts).data] == ["PERSON", "ORG", "GPE"]
    assert [t.name for t in timeline(counts_by_date(categorical, DOCUMENTS), max_terms=1).data] == [
        "NATO"
    ]
    by_doc = counts_by_doc(categorical, DOCUMENTS)
    assert len(timeline_by_article(by_doc).data) == 8
    assert len(term_doc_heatmap(by_doc).data[1].customdata) == len(by_doc)
    _nodes, edges = cooccurrence_edges(categorical, SENTENCES)
    assert edges["weight"].sum() == 7


def test_timeline_by_article_keeps_the_articles_with_most_mentions():
    figure = timeline_by_article(BY_DOC, terms=["NATO"], max_articles=2)
    (nato,) = figure.data
    assert [k["doc_id"] for k in keys(nato)] == ["a", "b"]  # "a" has 2, "b" and "d" 1: by id
    assert annotation_text(figure) == "Showing the 2 articles with the most mentions (of 3)"


def test_an_article_without_title_is_named_by_its_id():
    documents = DOCUMENTS.assign(title=["", "Help for Kyiv", None, PAYLOAD])
    by_doc = counts_by_doc(MENTIONS, documents)
    figure = term_doc_heatmap(by_doc, terms=["Ukraine"])
    assert list(figure.layout.xaxis.ticktext) == [
        "a<br>17 Oct 2024",
        "Help for Kyiv<br>18 Oct 2024",
        "c",
    ]
    hover = timeline_by_article(by_doc, terms=["Ukraine"]).data[0].hovertext[0]
    assert hover.startswith("<b>Ukraine</b><br>a<br>nato · 2024-10-17")


def test_sources_dates_overview_labels_a_few_dates_in_words():
    dates = pd.date_range("2022-01-01", periods=100).strftime("%Y-%m-%d")
    documents = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(100)], "date": dates, "source": ["a"] * 100}
    )
    figure = sources_dates_overview(documents)
    assert 2 <= len(figure.layout.xaxis.tickvals) <= 8
    assert list(figure.layout.xaxis.ticktext)[:2] == ["Jan 2022", "Feb 2022"]
    assert len(figure.data[1].x) == 100  # every cell still clickable, with its date in hover


# Keyness bars (the statistics are tested in tests/query/test_keyness.py)


def _keyness_counts(rows: list[tuple[str, int, int]], total: int, n_docs: int) -> Counts:
    table = pd.DataFrame(rows, columns=["item", "freq", "docs"]).assign(label="")
    return Counts(table[["item", "label", "freq", "docs"]], total=total, n_docs=n_docs)


def test_keyness_figure_puts_b_to_the_left() -> None:
    a = _keyness_counts([("putin", 40, 10)], total=1000, n_docs=10)
    b = _keyness_counts([("kyiv", 30, 9)], total=1000, n_docs=10)
    figure = keyness_figure(top_keyness(keyness(a, b)), label_a="Kremlin", label_b="Kyiv")
    assert [trace.name for trace in figure.data] == ["Kremlin", "Kyiv"]
    assert list(figure.data[0].y) == ["putin"]
    assert figure.data[0].x[0] > 0 > figure.data[1].x[0]
    by_ll = keyness_figure(top_keyness(keyness(a, b)), value="log_likelihood")
    assert by_ll.data[1].x[0] < 0


def test_keyness_figure_escapes_document_text() -> None:
    a = _keyness_counts([("<b>putin</b>", 40, 10)], total=1000, n_docs=10)
    b = _keyness_counts([("kyiv", 30, 9)], total=1000, n_docs=10)
    figure = keyness_figure(top_keyness(keyness(a, b)), label_a="<i>A</i>", label_b="100%{y}")
    assert list(figure.data[0].y) == ["&lt;b&gt;putin&lt;/b&gt;"]
    assert figure.data[0].name == "&lt;i&gt;A&lt;/i&gt;"
    assert "&lt;i&gt;A&lt;/i&gt;: %{customdata[0]}" in figure.data[0].hovertemplate
    assert "100&#37;{y}: %{customdata[1]}" in figure.data[0].hovertemplate


# --- honest axes and human formats (issue 19) -----------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "period", "texts"),
    [
        # Two days of daily data: day ticks, never 00:00-21:00 hour ticks.
        (["2024-10-17", "2024-10-18"], "day", ["17 Oct 2024", "18 Oct 2024"]),
        (["2024-10-17"], "day", ["17 Oct 2024"]),
        (["2024-01", "2024-03"], "month", ["Jan 2024", "Feb 2024", "Mar 2024"]),
        (["2020", "2023"], "year", ["2020", "2021", "2022", "2023"]),
    ],
)
def test_date_ticks_are_whole_periods_in_words(labels, period, texts):
    tickvals, ticktext = date_ticks(labels, period)
    assert ticktext == texts
    assert all(len(value) == 10 and ":" not in value for value in tickvals)


def test_date_ticks_stay_few_over_long_spans():
    labels = pd.date_range("1990-01-01", "2024-12-31", freq="D").strftime("%Y-%m-%d")
    tickvals, ticktext = date_ticks(labels, "day")
    assert 2 <= len(tickvals) <= 24
    assert all(":" not in text for text in ticktext)


def test_timeline_has_date_ticks_and_monthly_gaps():
    by_date = counts_by_date(MENTIONS, DOCUMENTS, period="month")
    figure = timeline(by_date, terms=["NATO"], period="month")
    (nato,) = figure.data
    assert list(nato.x) == ["2023-10", "2023-11", "2024-10"]
    assert nato.y[1] is None
    assert figure.layout.xaxis.tickmode == "array"
    assert ":" not in "".join(figure.layout.xaxis.ticktext)


def test_timeline_by_article_spreads_articles_sharing_a_date():
    by_doc = pd.concat([BY_DOC, BY_DOC.assign(doc_id=BY_DOC["doc_id"] + "2")], ignore_index=True)
    figure = timeline_by_article(by_doc, terms=["NATO"])
    (nato,) = figure.data
    assert len(nato.x) == len(set(nato.x)) == 6  # two articles a date, none hidden
    assert {x[:10] for x in nato.x} == {"2023-10-11", "2024-10-17", "2024-10-18"}
    assert {k["date"] for k in keys(nato)} == {"2023-10-11", "2024-10-17", "2024-10-18"}


def test_heatmap_colours_start_at_zero():
    assert sources_dates_overview(DOCUMENTS).data[0].zmin == 0


@pytest.mark.parametrize(
    ("kind", "value", "unit", "normalised", "expected"),
    [
        ("money", 4e10, "EUR", "EUR 40000000000", "EUR 40 billion"),
        ("money", 2.09e10, "EUR", "EUR 20900000000", "EUR 20.9 billion"),
        ("money", 1_500_000, "USD", "USD 1500000", "USD 1.5 million"),
        ("count", 1e9, "people", "1000000000 people", "1 billion people"),
        ("count", 40000, "troops", "40000 troops", "40,000 troops"),
        ("percent", 5.0, "percent", "percent 5", "5%"),
        ("number", 23785.0, "", "23785", "23,785"),
        ("date", None, "date", "--10-17", "17 Oct"),
        ("date", None, "date", "2024-10-17", "17 Oct 2024"),
        ("date", None, "date", "2024-10-17/2024-10-18", "17 Oct 2024 – 18 Oct 2024"),
        ("date", None, "date", "2024-10", "Oct 2024"),
        ("date", None, "date", "2024", "2024"),
    ],
)
def test_human_figure(kind, value, unit, normalised, expected):
    assert human_figure(kind, value, unit, normalised) == expected
    assert "--" not in human_figure(kind, value, unit, normalised)


def test_network_keeps_the_strongest_core_with_legible_labels():
    names = [f"E{i:02d}" for i in range(60)]
    text = " ".join(f"{a} met {b}." for a, b in itertools.pairwise(names))
    documents = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    rows = [
        {
            "doc_id": "a",
            "kind": "entity",
            "term": m.group(),
            "label": "ORG",
            "start": m.start(),
            "end": m.end(),
            "surface": m.group(),
        }
        for m in re.finditer(r"E\d\d", text)
    ]
    figure = cooccurrence_network(
        pd.DataFrame(rows), sentence_table(documents["doc_id"], documents["text"])
    )
    nodes = [trace for trace in figure.data if trace.mode == "markers+text"]
    assert 2 <= sum(len(trace.x) for trace in nodes) <= 20
    assert all(trace.textfont.size >= 12 for trace in nodes)


# --- legible axes (QA: fractional count ticks, overlapping labels) ------------------------------


@pytest.mark.parametrize(
    ("max_value", "step"),
    [(0, 1), (1, 1), (2, 1), (6, 1), (7, 2), (12, 2), (13, 5), (49, 10), (300, 50), (2e4, 5000)],
)
def test_count_step_is_a_whole_number_with_few_ticks(max_value, step):
    assert count_step(max_value) == step
    assert max_value / step <= MAX_COUNT_TICKS


def _ticks(axis, top: float) -> list[float]:
    """The tick values a linear axis or colour bar draws from 0 to ``top``."""
    return list(np.arange(axis.tick0, top + 1e-9, axis.dtick))


def test_count_axes_and_colour_bars_tick_whole_numbers():
    """A day with one article is ticked 0, 1 (not 0, 0.2, …, 1); two articles 0, 1, 2."""
    by_date = counts_by_date(MENTIONS, DOCUMENTS)
    line = timeline(by_date, terms=["NATO"])
    points = timeline_by_article(BY_DOC, terms=["Rutte"])
    bars = top_terms_bar(COUNTS)
    heatmap = term_doc_heatmap(BY_DOC, terms=["NATO", "Ukraine"])
    overview = sources_dates_overview(DOCUMENTS)
    axes = [
        (line.layout.yaxis, 2),
        (points.layout.yaxis, 1),
        (bars.layout.xaxis, 4),
        (heatmap.data[0].colorbar, heatmap.data[0].zmax),
        (overview.data[0].colorbar, overview.data[0].zmax),
    ]
    for axis, top in axes:
        assert axis.tickformat == ",d"
        assert axis.tick0 == 0 and axis.dtick == 1
        ticks = _ticks(axis, top)
        assert all(float(t).is_integer() for t in ticks) and len(set(ticks)) == len(ticks)
    assert timeline(by_date, terms=["NATO"], per_1k=True).layout.yaxis.tickformat is None
    assert heatmap.data[0].zmin == 0 and overview.data[0].zmin == 0


def test_line_chart_date_ticks_do_not_crowd_over_eight_months():
    """Thirteen months of daily data: at most 8 labels ("Oct 2021" never runs into
    "Nov 2021"), horizontal, on a date axis."""
    dates = pd.date_range("2020-10-01", "2021-10-31", freq="3D").strftime("%Y-%m-%d")
    documents = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(len(dates))], "date": dates, "source": "s"}
    )
    by_date = pd.DataFrame(
        {
            "date": dates,
            "kind": "term",
            "term": "x",
            "label": "",
            "count": 1,
            "n_docs": 1,
            "per_1k_words": 1.0,
            "value": 1.0,
        }
    )
    figure = timeline(by_date, terms=["x"])
    assert figure.layout.xaxis.type == "date"
    assert len(figure.layout.xaxis.ticktext) <= 8
    assert figure.layout.xaxis.tickangle == 0
    assert len(sources_dates_overview(documents).layout.xaxis.ticktext) <= 8


def test_term_doc_heatmap_labels_many_articles_on_one_short_angled_line():
    """Twenty articles' titles would run into each other side by side: each is one line of at
    most 22 characters and the date, at an angle, with room made under the axis; the full title
    stays in the cell's hover."""
    long_title = "Defence ministers agree to a long list of measures for air defence"
    by_doc = pd.concat(
        [BY_DOC.assign(doc_id=BY_DOC["doc_id"] + str(i), title=long_title) for i in range(6)],
        ignore_index=True,
    )
    figure = term_doc_heatmap(by_doc, terms=["NATO", "Ukraine"])
    labels = list(figure.layout.xaxis.ticktext)
    assert len(labels) == 20
    assert all("<br>" not in label for label in labels)
    assert all(len(label.split(" · ")[0]) <= 22 for label in labels)
    assert figure.layout.xaxis.tickangle == -40 and figure.layout.xaxis.automargin
    assert any(long_title in hover for hover in figure.data[1].hovertext)
    few = term_doc_heatmap(BY_DOC, terms=["NATO"])
    assert few.layout.xaxis.tickangle == 0  # a few columns keep their wrapped labels


def _clusters_network(sizes: Sequence[int]) -> go.Figure:
    """PERSON entities in separate clusters (each a chain named in shared sentences)."""
    sentences_text, rows = [], []
    for cluster, size in enumerate(sizes):
        names = [f"P{cluster}x{i}" for i in range(size)]
        sentences_text += [f"{a} met {b}." for a, b in itertools.pairwise(names)]
    text = " ".join(sentences_text)
    for m in re.finditer(r"P\d+x\d+", text):
        rows.append(
            {
                "doc_id": "a",
                "kind": "entity",
                "term": m.group(),
                "label": "PERSON",
                "start": m.start(),
                "end": m.end(),
                "surface": m.group(),
            }
        )
    sentences = sentence_table(pd.Series(["a"]), pd.Series([text]))
    return cooccurrence_network(pd.DataFrame(rows), sentences, labels=("PERSON",))


def test_network_packs_small_clusters_to_fill_the_picture():
    """Two tiny clusters (QA: 'in opposite corners of a large empty area') are laid out side
    by side, spreading over the whole width and height, no two nodes on top of each other."""
    figure = _clusters_network([3, 3])
    (people,) = [trace for trace in figure.data if trace.mode == "markers+text"]
    points = np.column_stack([people.x, people.y])
    assert len(points) == 6
    assert points[:, 0].min() == pytest.approx(-1) and points[:, 0].max() == pytest.approx(1)
    assert points[:, 1].min() == pytest.approx(-1) and points[:, 1].max() == pytest.approx(1)
    distance = np.linalg.norm(points[:, None] - points[None, :], axis=-1)
    assert distance[~np.eye(6, dtype=bool)].min() > 0.3
    cluster = np.array([hover[4] for hover in people.hovertext])  # "<b>P0x…" or "<b>P1x…"
    first, second = points[cluster == "0"], points[cluster == "1"]
    assert len(first) == len(second) == 3
    left, right = sorted([first, second], key=lambda p: p[:, 0].min())
    assert left[:, 0].max() < right[:, 0].min()  # one cluster beside the other


def test_network_names_only_the_strongest_nodes():
    figure = _clusters_network([8, 8])
    nodes = [trace for trace in figure.data if trace.mode == "markers+text"]
    texts = [text for trace in nodes for text in trace.text]
    assert len(texts) == 16
    assert sum(bool(text) for text in texts) == LABELLED_NODES
    hovers = [hover for trace in nodes for hover in trace.hovertext]
    assert all(hover.startswith("<b>P") for hover in hovers)  # every node named on hover


def test_sources_dates_overview_weeks_start_on_monday():
    documents = pd.DataFrame(
        {"doc_id": ["a", "b"], "date": ["2021-01-01", "2021-01-20"], "source": ["x", "y"]}
    )
    heatmap, cells = sources_dates_overview(documents, period="week").data
    assert list(heatmap.x) == ["2020-12-28", "2021-01-04", "2021-01-11", "2021-01-18"]
    assert list(cells.x) == ["2020-12-28", "2021-01-18"]


@pytest.mark.parametrize(
    ("dates", "period", "expected"),
    [
        (["2011-07-11", "2020-06-01", ""], "day", "month"),  # nine years: 108 months
        (["2021-10-24", "2022-06-24"], "day", "week"),  # eight months: 36 weeks
        (["2024-10-17", "2024-10-18"], "day", "day"),
        (["2021-10-24", "2022-06-24"], "month", "month"),  # never finer than asked
        (["1950-01-01", "2024-01-01"], "week", "year"),
        (["", ""], "day", "day"),  # nothing dated
    ],
)
def test_fitted_period_coarsens_until_the_columns_can_be_seen(dates, period, expected):
    assert fitted_period(pd.Series(dates), period) == expected


def test_date_ticks_of_nine_years_are_evenly_spaced_years():
    # The QA pass saw "2011 2012 2017": the first date beside the first whole year, then five
    # years' steps anchored on it; two-year steps now fit, and the first date is not added.
    from analysis.present.charts import date_ticks

    values, texts = date_ticks(["2011-07-11", "2019-05-02", "2020-06-01"], "day", 8)
    assert texts == ["2012", "2014", "2016", "2018", "2020"]
    assert values[0] == "2012-01-01"


def test_series_with_the_same_value_on_the_same_date_stay_visible():
    by_date = pd.DataFrame(
        {
            "date": ["2023-10-11", "2023-10-11"],
            "kind": ["entity", "entity"],
            "term": ["Russia", "Jens Stoltenberg"],
            "label": ["GPE", "PERSON"],
            "count": [3, 3],
            "n_docs": [1, 1],
            "per_1k_words": [1.0, 1.0],
            "value": [3.0, 3.0],
        }
    )
    figure = timeline(by_date)
    sizes = [trace.marker.size for trace in figure.data]
    # each later series is drawn smaller, over the earlier: a ring around a dot
    assert len(sizes) == 2 and sizes[0] > sizes[1]
    assert all(trace.marker.line.color == "white" for trace in figure.data)
