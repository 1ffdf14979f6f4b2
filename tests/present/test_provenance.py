"""The reader's account of a document: where its date came from, what cleaning removed."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.present.highlight import highlight_html
from analysis.present.provenance import (
    FURNITURE_KINDS,
    RemovedPiece,
    date_sentence,
    date_span,
    evidence_in_text,
    furniture_count,
    removed_insertions,
    removed_pieces,
    removed_table,
    row_date_sentence,
    row_date_span,
    spoken_date,
)

TEXT = "Title\n\nPublished: 7 May 2020 Ministers met in Kyiv."


@pytest.mark.parametrize(
    ("iso", "spoken"),
    [
        ("2020-05-07", "7 May 2020"),
        ("2024-10-17", "17 October 2024"),
        ("1999-12-31", "31 December 1999"),
        ("", ""),
        ("sometime", "sometime"),
    ],
)
def test_spoken_date(iso, spoken):
    assert spoken_date(iso) == spoken


@pytest.mark.parametrize(
    ("source", "evidence", "in_text", "sentence"),
    [
        ("text", "Published: 7 May 2020", True, "date from the text: 'Published: 7 May 2020'"),
        (
            "text",
            "date 2023-10-11 Oct 11",
            False,
            "date from the text: 'date 2023-10-11 Oct 11' (a line above the story, not in the "
            "text shown)",
        ),
        ("text", "", True, "date from the text"),
        (
            "inferred",
            "Thursday (October 17)",
            True,
            "date from the text, inferred year: 'Thursday (October 17)'",
        ),
        ("metadata", "", True, "date from metadata"),
        ("filename", "", True, "date from the file name"),
        ("url", "", True, "date from the article's link"),
        ("none", "", True, "no date stated"),
        ("", "", True, "no date stated"),
        ("sidecar", "", True, "date from sidecar"),
        ("text", "Published:\n7 May  2020", True, "date from the text: 'Published: 7 May 2020'"),
    ],
)
def test_date_sentence(source, evidence, in_text, sentence):
    assert date_sentence(source, evidence, in_text) == sentence


def test_the_date_span_marks_the_evidence_with_a_tooltip():
    start = TEXT.index("Published")
    end = start + len("Published: 7 May 2020")
    assert date_span(TEXT, "2020-05-07", "text", "Published: 7 May 2020", start, end) == [
        (start, end, "date", "publication date (stated in the text): 7 May 2020")
    ]
    assert date_span(TEXT, "2024-05-07", "inferred", "Published: 7 May 2020", start, end) == [
        (start, end, "date", "publication date (year inferred): 7 May 2024")
    ]


@pytest.mark.parametrize(
    ("day", "source", "evidence", "start", "end"),
    [
        ("2020-05-07", "metadata", "Published: 7 May 2020", 7, 28),  # not from the text
        ("2020-05-07", "text", "Published: 7 May 2020", -1, -1),  # a removed header line
        ("2020-05-07", "text", "Published: 7 May 2020", 8, 29),  # offsets off by one
        ("2020-05-07", "text", "Published: 7 May 2020", 40, 99),  # beyond the text
        ("", "none", "", -1, -1),
        ("", "text", "Published: 7 May 2020", 7, 28),  # no date after all
    ],
)
def test_no_date_span_unless_the_evidence_is_where_its_offsets_say(
    day, source, evidence, start, end
):
    assert date_span(TEXT, day, source, evidence, start, end) == []


def test_evidence_in_text():
    assert evidence_in_text(TEXT, "Published: 7 May 2020", 7, 28)
    assert not evidence_in_text(TEXT, "", 7, 7)
    assert not evidence_in_text(TEXT, "Published", 7, 28)


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (0, "no page furniture removed"),
        (1, "1 piece of page furniture removed"),
        (3, "3 pieces of page furniture removed"),
        (1200, "1,200 pieces of page furniture removed"),
    ],
)
def test_furniture_count(n, said):
    assert furniture_count(n) == said


def test_removed_pieces_from_tuples_lists_or_nothing():
    value = ((12, "Facebook Twitter WhatsApp Email", "share_bar"), (40, "READ MORE: x.", "teaser"))
    pieces = [
        RemovedPiece(12, "Facebook Twitter WhatsApp Email", "share_bar"),
        RemovedPiece(40, "READ MORE: x.", "teaser"),
    ]
    assert removed_pieces(value) == pieces
    assert removed_pieces([list(item) for item in value]) == pieces
    assert removed_pieces(()) == removed_pieces(None) == removed_pieces(float("nan")) == []
    assert [piece.kind_name for piece in pieces] == ["share bar", "teaser"]
    assert RemovedPiece(0, "x", "new_kind").kind_name == "new kind"


def test_removed_table_and_insertions():
    pieces = [RemovedPiece(12, "a@b.org", "email"), RemovedPiece(30, "Every page", "recurring")]
    table = removed_table(pieces)
    assert table.to_dict("list") == {
        "kind": ["e-mail address", FURNITURE_KINDS["recurring"]],
        "removed": ["a@b.org", "Every page"],
        "at": [12, 30],
    }
    assert table["at"].dtype == "int64"
    assert removed_table([]).columns.tolist() == ["kind", "removed", "at"]
    assert removed_insertions(pieces) == [
        (12, "a@b.org", "removed", "removed: e-mail address"),
        (30, "Every page", "removed", f"removed: {FURNITURE_KINDS['recurring']}"),
    ]


# --- on a corpus read by ingest ---------------------------------------------------------------------

STORIES = [
    "Ministers met in Kyiv to discuss air defence for the coming winter months.",
    "The harbour in Nordport reopened after repairs that lasted three long weeks.",
    "Farmers in the valley reported an early harvest of apples and pears this year.",
    "A new bridge across the river will open to traffic next spring, officials said.",
]
SHARE_BAR = "Facebook Twitter WhatsApp Email"


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> pd.DataFrame:
    """Four stories of one source, each with an inline "Published:" stamp, the source's share
    bar and a teaser; and one undated story with neither."""
    folder = tmp_path_factory.mktemp("furniture")
    for i, story in enumerate(STORIES):
        (folder / f"doc{i}.txt").write_text(
            f"Headline number {i} about things\n\nPublished: {7 + i} May 2020 {story} "
            f"{SHARE_BAR}\n\nMore text follows in a second paragraph. READ MORE: Other news.\n",
            encoding="utf-8",
        )
    (folder / "undated.txt").write_text(
        "A story without any date, and long enough to be read as prose.\n", encoding="utf-8"
    )
    return load_corpus(folder).documents.set_index("doc_id", drop=False)


def test_a_corpus_row_gives_its_sentence_span_and_pieces(documents):
    row = documents.loc["doc0"]
    assert row_date_sentence(row) == "date from the text: 'Published: 7 May 2020'"
    [(start, end, css_class, tooltip)] = row_date_span(row)
    assert row["text"][start:end] == "Published: 7 May 2020"
    assert (css_class, tooltip) == ("date", "publication date (stated in the text): 7 May 2020")
    pieces = removed_pieces(row["removed"])
    assert [piece.text for piece in pieces] == [SHARE_BAR, "READ MORE: Other news."]
    assert furniture_count(len(pieces)) == "2 pieces of page furniture removed"
    assert SHARE_BAR not in row["text"]
    # Shown in place, each piece sits where it stood: after the story's first paragraph, and at
    # the end of the second.
    markup = highlight_html(row["text"], row_date_span(row), removed_insertions(pieces))
    assert "air defence for the coming winter months.<del " in markup
    assert f"> {SHARE_BAR}</del><br>" in markup  # a space from the sentence it follows
    assert markup.endswith("> READ MORE: Other news.</del></div>")


def test_an_undated_row_without_furniture(documents):
    row = documents.loc["undated"]
    assert row_date_sentence(row) == "no date stated"
    assert row_date_span(row) == []
    assert furniture_count(len(removed_pieces(row["removed"]))) == "no page furniture removed"


def test_a_row_without_the_evidence_columns():
    row = pd.Series({"doc_id": "a", "text": "x", "date": "2020-01-01", "date_source": "metadata"})
    assert row_date_sentence(row) == "date from metadata"
    assert row_date_span(row) == []
