"""The dispersion strip plot: one strip per article, ticks where the hits are, no Streamlit."""

from __future__ import annotations

import pandas as pd

from analysis.present.charts import CUSTOMDATA_FIELDS
from analysis.present.tool_charts import NO_HITS, dispersion_strip

DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["d1", "d2", "d3"],
        "title": ["<b>First</b>", "", "Third"],
        "date": ["2024-01-02", "", ""],
    }
)
POSITIONS = pd.DataFrame(
    {
        "doc_id": ["d1", "d2", "d2", "d3"],
        "position": [0.5, 0.1, 0.9, 0.0],
        "start": [10, 1, 90, 0],
        "end": [13, 4, 93, 3],
    }
)


def test_one_strip_per_article_most_hits_on_top():
    figure = dispersion_strip(POSITIONS, DOCUMENTS, term="oil", max_docs=2)
    trace = figure.data[0]
    assert list(trace.x) == [0.5, 0.1, 0.9]
    assert list(trace.y) == ["&lt;b&gt;First&lt;/b&gt;", "d2", "d2"]  # escaped; untitled: id
    assert list(figure.layout.yaxis.categoryarray) == [
        "&lt;b&gt;First&lt;/b&gt;",
        "d2",
    ]  # d2 on top
    assert "1 more article" in figure.layout.title.text


def test_ticks_carry_the_click_keys_and_offsets():
    trace = dispersion_strip(POSITIONS, DOCUMENTS, term="oil").data[0]
    first = trace.customdata[0]
    assert first[CUSTOMDATA_FIELDS.index("doc_id")] == "d1"
    assert first[CUSTOMDATA_FIELDS.index("term")] == "oil"
    assert first[CUSTOMDATA_FIELDS.index("date")] == "2024-01-02"
    assert list(first[-2:]) == [10, 13]


def test_no_hits_says_so():
    figure = dispersion_strip(POSITIONS.head(0), DOCUMENTS)
    assert figure.layout.annotations[0].text == NO_HITS
