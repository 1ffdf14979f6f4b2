"""Figures of group comparison, split timelines and spikes: asserted on their data, no Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.present.charts import CUSTOMDATA_FIELDS
from analysis.present.group_charts import (
    NO_ARTICLES,
    NO_DRIVERS,
    NO_GROUPS,
    group_top_items,
    point_keys,
    presence_matrix,
    spike_drivers,
    spike_timeline,
    timeline_by_source_figure,
)
from analysis.query.groups import PRESENCE_COLUMNS
from analysis.query.spikes import DRIVER_COLUMNS

FIELD = {name: index for index, name in enumerate(CUSTOMDATA_FIELDS)}


def _message(figure: go.Figure) -> str:
    return figure.layout.annotations[0].text


def test_presence_matrix_cells() -> None:
    presence = pd.DataFrame(
        [
            ["Oslo", "GPE", "source=North", 3, 3, 1.0],
            ["Oslo", "GPE", "source=<b>South</b>", 0, 4, 0.0],
            ["Ann Lee", "PERSON", "source=North", 1, 3, 0.3333],
            ["Ann Lee", "PERSON", "source=<b>South</b>", 2, 4, 0.5],
        ],
        columns=PRESENCE_COLUMNS,
    )
    figure = presence_matrix(presence)
    heatmap = figure.data[0]
    assert list(heatmap.y) == ["Oslo", "Ann Lee"]
    assert list(heatmap.x) == ["source=North", "source=&lt;b&gt;South&lt;/b&gt;"]
    assert [list(row) for row in heatmap.z] == [[1.0, 0.0], [0.3333, 0.5]]
    assert [list(row) for row in heatmap.text] == [[3, 0], [1, 2]]
    cell = heatmap.customdata[1][1]
    assert cell[FIELD["kind"]] == "entity"
    assert cell[FIELD["term"]] == "Ann Lee"
    assert cell[FIELD["label"]] == "PERSON"
    assert cell[len(CUSTOMDATA_FIELDS)] == "source=<b>South</b>"  # raw selector, for the app
    assert "2 of 4 articles (50%)" in heatmap.hovertext[1][1]


def test_group_top_items_one_panel_per_group() -> None:
    columns = ["group", "kind", *[c for c in DRIVER_COLUMNS if c != "kind"]]
    top = pd.DataFrame(
        [
            ["East", "word", "zeppelin", "", 6, 0, 3, 0, 20.1, 0.0001, 5.2, "a"],
            ["East", "word", "crew", "", 3, 0, 3, 0, 9.5, 0.002, 4.1, "a"],
            ["North", "word", "oslo", "", 3, 1, 3, 1, 4.0, 0.04, 2.0, "a"],
        ],
        columns=columns,
    )
    figure = group_top_items(top)
    assert len(figure.data) == 2
    east, north = figure.data
    assert list(east.y) == ["crew", "zeppelin"]  # strongest at the top of a horizontal bar chart
    assert list(east.x) == [4.1, 5.2]
    assert list(north.y) == ["oslo"]
    assert east.customdata[1][FIELD["term"]] == "zeppelin"
    assert east.customdata[1][len(CUSTOMDATA_FIELDS)] == "East"
    assert [a.text for a in figure.layout.annotations] == ["East", "North"]


def test_timeline_by_source_lines() -> None:
    by_source = pd.DataFrame(
        {
            "date": ["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-02"],
            "source": ["Daily", "Wire", "Daily", "Wire"],
            "count": [1, 2, 0, 5],
        }
    )
    figure = timeline_by_source_figure(by_source)
    assert [trace.name for trace in figure.data] == ["Daily", "Wire"]
    assert list(figure.data[1].y) == [2, 5]
    point = figure.data[1].customdata[1]
    assert (point[FIELD["date"]], point[FIELD["source"]]) == ("2024-01-02", "Wire")


def test_spike_timeline_marks_the_peaks() -> None:
    timeline = pd.DataFrame(
        {"date": ["2024-01-01", "2024-01-02", "2024-01-03"], "count": [1, 9, 2]}
    )
    peaks = pd.DataFrame(
        [["2024-01-02", 9, 2.0, 0.0, 5.0, 7.0]],
        columns=["date", "count", "baseline", "spread", "threshold", "excess"],
    )
    figure = spike_timeline(timeline, peaks, term="Lagos")
    line, spikes = figure.data
    assert list(line.y) == [1, 9, 2]
    assert list(line.hovertext) == [
        "2024-01-01<br>1 article",
        "2024-01-02<br>9 articles",
        "2024-01-03<br>2 articles",
    ]
    assert list(spikes.x) == ["2024-01-02"]
    assert spikes.customdata[0][FIELD["date"]] == "2024-01-02"
    assert spikes.customdata[0][FIELD["term"]] == "Lagos"
    assert "threshold 5.0" in spikes.hovertext[0]
    assert len(spike_timeline(timeline).data[1].x) == 0


def test_spike_drivers_bars() -> None:
    drivers = pd.DataFrame(
        [
            ["entity", "Lagos", "GPE", 12, 0, 6, 0, 30.5, 1e-8, 6.1, "a"],
            ["keyword", "port strike", "", 4, 0, 3, 0, 9.1, 0.002, 3.9, "a"],
        ],
        columns=DRIVER_COLUMNS,
    )
    figure = spike_drivers(drivers, date="2024-01-15")
    bars = figure.data[0]
    assert list(bars.y) == ["port strike (keyword)", "Lagos (GPE)"]
    assert list(bars.x) == [9.1, 30.5]
    assert bars.customdata[1][FIELD["term"]] == "Lagos"
    assert bars.customdata[1][FIELD["date"]] == "2024-01-15"


def test_empty_inputs_give_a_message() -> None:
    assert _message(presence_matrix(pd.DataFrame(columns=PRESENCE_COLUMNS))) == NO_GROUPS
    assert _message(spike_drivers(pd.DataFrame(columns=DRIVER_COLUMNS))) == NO_DRIVERS
    assert _message(spike_timeline(pd.DataFrame(columns=["date", "count"]))) == NO_ARTICLES
    assert (
        _message(timeline_by_source_figure(pd.DataFrame(columns=["date", "source", "count"])))
        == NO_ARTICLES
    )


def test_point_keys_order() -> None:
    keys = point_keys(term="x", date="2024-01-01", extra=["g"])
    assert keys[FIELD["term"]] == "x" and keys[FIELD["date"]] == "2024-01-01"
    assert keys[-1] == "g" and len(keys) == len(CUSTOMDATA_FIELDS) + 1


def test_articles_per_period_axes_tick_whole_numbers() -> None:
    """One article a day is ticked 0, 1 (QA saw 0, 0.2, …, 1 on "Articles per day")."""
    timeline = pd.DataFrame({"date": ["2024-01-01", "2024-01-02"], "count": [1, 1]})
    by_source = timeline.assign(source="Daily")
    for figure in (spike_timeline(timeline), timeline_by_source_figure(by_source)):
        axis = figure.layout.yaxis
        assert (axis.tickformat, axis.tick0, axis.dtick) == (",d", 0, 1)
    busy = spike_timeline(timeline.assign(count=[40, 13]))
    assert busy.layout.yaxis.dtick == 10  # 0, 10, 20, 30, 40: whole numbers, few ticks
