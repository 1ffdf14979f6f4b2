"""The reader says where a document's date came from and what cleaning removed (issue 18).

The app runs on a small corpus written here: four stories of one source, each with an inline
"Published:" stamp, the source's share bar and a teaser; one story with its date in metadata; and
one with no date and no furniture. What the page must show is read from the library on the same
folder (``load_corpus``), then checked on the rendered markdown and tables.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import load_corpus
from app import sources
from tests.apptest_support import table

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
SHARE_BAR = "Facebook Twitter WhatsApp Email"
TEASER = "READ MORE: Harbour fees rise again."
STORIES = [
    "Ministers met in Kyiv to discuss air defence for the coming winter months.",
    "The harbour in Nordport reopened after repairs that lasted three long weeks.",
    "Farmers in the valley reported an early harvest of apples and pears this year.",
    "A new bridge across the river will open to traffic next spring, officials said.",
]


def write_corpus(folder: Path) -> Path:
    """The corpus described in the module docstring, with a metadata.csv naming sources."""
    folder.mkdir()
    rows = ["id,date,source"]
    for i, story in enumerate(STORIES):
        (folder / f"wire{i}.txt").write_text(
            f"Wire story number {i} about the region\n\nPublished: {7 + i} May 2020 {story} "
            f"{SHARE_BAR}\n\nThe officials will report again next month on the progress. "
            f"{TEASER}\n",
            encoding="utf-8",
        )
        rows.append(f"wire{i},,Daily Wire")
    (folder / "dated.txt").write_text(
        "Port report\n\nThe port authority counted more ships in spring than a year before.\n",
        encoding="utf-8",
    )
    rows.append("dated,2020-06-01,Port News")
    (folder / "plain.txt").write_text(
        "Plain report\n\nA story without any date, long enough to be read as a story.\n",
        encoding="utf-8",
    )
    rows.append("plain,,Port News")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("provenance") / "corpus")


@pytest.fixture(scope="module")
def documents(corpus_dir) -> pd.DataFrame:
    return load_corpus(corpus_dir).documents.set_index("doc_id", drop=False)


@pytest.fixture
def at(corpus_dir, monkeypatch) -> AppTest:
    """The app on the corpus, on the Search & read tab."""
    monkeypatch.setenv(sources.CORPUS_VARIABLE, str(corpus_dir))
    app = AppTest.from_file(APP, default_timeout=180)
    rerun(app)
    app.session_state["section"] = "Search & read"
    return rerun(app)


def rerun(app) -> AppTest:
    result = app.run()
    assert not result.exception, [e.message for e in result.exception]
    return result


def reader_markup(app: AppTest) -> str:
    """The reader's markdown: heading, legend and highlighted text (one reader on the page)."""
    [markup] = [m.value for m in app.markdown if 'class="hl-doc"' in m.value]
    return markup


def _plain(markup: str) -> str:
    """The text of the reader's markup, tags removed."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>\n", "\n")))


def has_table(app: AppTest, key: str) -> bool:
    try:
        table(app, key)
    except AssertionError:
        return False
    return True


def read(app: AppTest, doc_id: str) -> AppTest:
    return rerun(app.selectbox(key="reader_doc").set_value(doc_id))


def test_the_library_reads_the_fixture_as_the_page_must_show_it(documents):
    """The premise of the tests below: stamp evidence in the text, two pieces of furniture."""
    row = documents.loc["wire0"]
    start, end = row["date_evidence_start"], row["date_evidence_end"]
    assert (row["date"], row["date_source"]) == ("2020-05-07", "text")
    assert row["text"][start:end] == row["date_evidence"] == "Published: 7 May 2020"
    assert [text for _, text, _ in row["removed"]] == [SHARE_BAR, TEASER]
    assert documents["n_removed"].to_dict() == {
        **{f"wire{i}": 2 for i in range(4)},
        "dated": 0,
        "plain": 0,
    }


def test_the_reader_marks_the_date_evidence_and_says_where_the_date_came_from(at, documents):
    read(at, "wire0")
    markup = reader_markup(at)
    assert (
        '<mark class="hl hl-date" title="publication date (stated in the text): 7 May 2020">'
        "Published: 7 May 2020</mark>"
    ) in markup
    assert html.escape("date from the text: 'Published: 7 May 2020'") in markup
    assert "2 pieces of page furniture removed" in markup
    assert '<mark class="hl hl-date">publication date</mark>' in markup  # in the legend
    # Removed text is not in the text until asked for.
    assert SHARE_BAR not in markup and "<del" not in markup
    assert not has_table(at, "reader_removed_table")

    read(at, "wire3")
    assert (
        'title="publication date (stated in the text): 10 May 2020">Published: 10 May 2020</mark>'
    ) in reader_markup(at)


def test_show_removed_text_lists_it_and_strikes_it_through_where_it_stood(at, documents):
    read(at, "wire0")
    toggle = at.toggle(key="reader_removed")
    assert toggle.label == "Show removed text" and not toggle.value and not toggle.disabled
    rerun(toggle.set_value(True))
    markup = reader_markup(at)
    story_end = STORIES[0][-25:]
    # Each piece sits where it stood: the share bar after the first paragraph's story, the
    # teaser at the end of the text.
    assert f"{story_end}<del " in markup
    assert f"> {SHARE_BAR}</del><br>" in markup
    assert markup.endswith(f"> {TEASER}</del></div>")
    assert markup.count('<del class="hl hl-removed"') == documents.loc["wire0", "n_removed"] == 2
    assert '<mark class="hl hl-removed">removed text</mark>' in markup  # in the legend
    removed = table(at, "reader_removed_table")
    assert removed["removed"].tolist() == [SHARE_BAR, TEASER]
    assert removed["at"].tolist() == [offset for offset, _, _ in documents.loc["wire0", "removed"]]
    assert removed["kind"].tolist()[1] == "teaser"

    rerun(at.toggle(key="reader_removed").set_value(False))
    assert "<del" not in reader_markup(at)
    assert not has_table(at, "reader_removed_table")


@pytest.mark.parametrize(
    ("doc_id", "said"),
    [
        ("dated", "date from metadata · no page furniture removed"),
        ("plain", "no date stated · no page furniture removed"),
    ],
)
def test_documents_without_evidence_or_furniture_say_so(at, doc_id, said):
    read(at, doc_id)
    markup = reader_markup(at)
    assert f"<small>{said}</small>" in markup
    assert "hl-date" not in markup.split('class="hl-doc"')[1]
    assert at.toggle(key="reader_removed").disabled


def test_the_articles_of_a_search_count_their_furniture(at, documents):
    rerun(at.text_input(key="search_here").set_value("officials"))
    per_doc = table(at, "search_kwic_docs")
    assert dict(zip(per_doc["doc_id"], per_doc["n_removed"], strict=True)) == {
        doc_id: documents.loc[doc_id, "n_removed"] for doc_id in per_doc["doc_id"]
    }
    assert set(per_doc["doc_id"]) == {f"wire{i}" for i in range(4)}
    assert set(per_doc["n_removed"]) == {2}
    # The search's own reader has its own toggle.
    rerun(at.toggle(key="search_kwic_reader_removed").set_value(True))
    readers = [m.value for m in at.markdown if 'class="hl-doc"' in m.value]
    assert len(readers) == 2
    assert f"> {SHARE_BAR}</del>" in readers[0] and "<del" not in readers[1]


def test_the_overview_lists_each_document_with_its_furniture_count(at, documents):
    at.session_state["section"] = "Overview"
    listed = table(rerun(at), "documents_table")
    assert dict(zip(listed["doc_id"], listed["n_removed"], strict=True)) == (
        documents["n_removed"].to_dict()
    )


def test_a_long_article_is_read_a_part_at_a_time(tmp_path, monkeypatch):
    folder = tmp_path / "long"
    folder.mkdir()
    paragraph = "Ministers met in Kyiv to discuss air defence for the coming winter months. "
    lines = [f"Paragraph {n}. {paragraph * 3}" for n in range(250)]
    text = "A long report on the war\n\n" + "\n".join(lines) + "\nThe report ends here.\n"
    (folder / "report.txt").write_text(text, encoding="utf-8")
    (folder / "short.txt").write_text("A short note\n\n" + paragraph, encoding="utf-8")
    monkeypatch.setenv(sources.CORPUS_VARIABLE, str(folder))
    app = AppTest.from_file(APP, default_timeout=180)
    rerun(app)
    app.session_state["section"] = "Search & read"
    read(rerun(app), "report")
    [picker] = [box for box in app.selectbox if box.label.startswith("This article is long")]
    assert len(picker.options) == 2  # 57,000 characters: two parts of at most 40,000
    assert picker.value == 0
    first = _plain(reader_markup(app))
    assert "Paragraph 0. Ministers" in first and "The report ends here." not in first
    rerun(picker.set_value(1))
    markup = reader_markup(app)
    second = _plain(markup)
    assert "The report ends here." in second and "Paragraph 0. Ministers" not in second
    assert markup.count('title="GPE: Kyiv">Kyiv</mark>') == second.count("Kyiv")  # marks moved
    read(app, "short")
    assert not [box for box in app.selectbox if box.label.startswith("This article is long")]
