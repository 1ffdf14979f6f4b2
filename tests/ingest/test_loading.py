import gzip
import io
import json
import zipfile

import pandas as pd
import pytest

from analysis.core.schema import DOCUMENT_COLUMNS
from analysis.ingest.loading import InputError, Limits, load_corpus
from tests.conftest import SEED_IDS, SEEDS

STORY = "The ministers met in Brussels on Thursday and agreed to boost support for Ukraine."


def test_seeds_load_with_titles_dates_and_sources(seed_corpus):
    docs = seed_corpus.documents.set_index("doc_id")
    assert list(docs.index) == SEED_IDS
    assert list(seed_corpus.documents.columns[:7]) == DOCUMENT_COLUMNS
    assert seed_corpus.problems.empty
    assert docs["date"].tolist() == [
        "2024-10-17",
        "2024-10-17",
        "2024-10-18",
        "2023-10-11",
        "2024-11-27",
    ]
    assert docs["date_source"].tolist() == ["inferred", "text", "text", "text", "text"]
    assert docs.loc["001_b25c6842de4ecec4", "source"] == "NATO"
    assert (docs["title"] != "").tolist() == [True, True, True, False, True]
    assert docs.loc["002_292ca219b9857f86", "title"] == (
        'NATO Secretary General: Strengthening deterrence "top priority"'
    )
    assert docs["n_words"].tolist() == [317, 361, 433, 424, 327]


def test_seed_texts_are_cleaned(seed_corpus):
    for text in seed_corpus.documents["text"]:
        assert not any(ch in text for ch in "\u201c\u201d\u2019\u00a0•")
        assert "MORE HEADLINES" not in text and "Last updated" not in text


def test_metadata_sidecar_wins_over_guesses(tmp_path):
    (tmp_path / "a.txt").write_text("Guessed title\n" + STORY + "\n27 November 2024", "utf-8")
    (tmp_path / "b.txt").write_text(STORY, "utf-8")
    (tmp_path / "metadata.csv").write_text(
        "id,title,date,source,url\na,Real title,2022-03-01,Kremlin,http://x/a\n"
        "ghost,Nobody,2022-01-01,X,\n",
        "utf-8",
    )
    corpus = load_corpus(tmp_path)
    a = corpus.documents.set_index("doc_id").loc["a"]
    assert (a["title"], a["date"], a["date_source"], a["source"], a["url"]) == (
        "Real title",
        "2022-03-01",
        "metadata",
        "Kremlin",
        "http://x/a",
    )
    # Without a guessed title, the first line stays part of the story.
    assert a["text"].startswith("Guessed title\n")
    assert corpus.problems.to_dict("records") == [
        {
            "path": "metadata.csv#row 2",
            "reason": "warning: metadata for id 'ghost' matches no document",
        }
    ]


def test_folder_is_read_recursively_and_duplicate_stems_get_paths(tmp_path):
    (tmp_path / "kremlin").mkdir()
    (tmp_path / "kyiv").mkdir()
    (tmp_path / "kremlin" / "1.txt").write_text(STORY, "utf-8")
    (tmp_path / "kyiv" / "1.txt").write_text(STORY, "utf-8")
    (tmp_path / "kyiv" / "2.txt").write_text(STORY, "utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["kremlin/1", "kyiv/1", "2"]


def test_bad_files_are_listed_with_reasons(tmp_path):
    (tmp_path / "good.txt").write_text(STORY, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", "utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "fake.txt").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "nav.txt").write_text("MORE HEADLINES\nmore\n", "utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.documents["doc_id"].tolist() == ["good"]
    assert dict(corpus.problems.itertuples(index=False)) == {
        ".DS_Store": "skipped: hidden file",
        "blank.txt": "empty file (only white space)",
        "empty.txt": "empty file (0 bytes)",
        "fake.txt": "not a text file: looks like a PDF document",
        "nav.txt": "no text left after removing boilerplate lines",
        "scan.pdf": "unsupported file type '.pdf': expected .txt, .csv, .tsv, .jsonl, .json, .gz "
        "or .zip",
    }


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_legacy_and_bom_encodings_are_decoded(tmp_path, encoding):
    text = "Café talks in Brussels\n" + STORY.replace("Thursday", "Thursday, naïvely")
    (tmp_path / "doc.txt").write_bytes(text.encode(encoding))
    corpus = load_corpus(tmp_path)
    assert corpus.documents.loc[0, "title"] == "Café talks in Brussels"
    assert "naïvely" in corpus.documents.loc[0, "text"]


def csv_bytes(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


def test_csv_rows_become_documents_and_bad_rows_are_listed(tmp_path):
    rows = [
        {"id": "r1", "title": "One", "date": "2024-01-02", "source": "Reuters", "text": STORY},
        {"id": "r2", "title": "Two", "date": "", "source": "AP", "text": "  "},
        {"id": "r1", "title": "Dup", "date": "", "source": "AP", "text": STORY},
        {"id": "", "title": "No id", "date": "garbage", "source": "", "text": STORY},
    ]
    path = tmp_path / "news.csv"
    path.write_bytes(csv_bytes(rows))
    corpus = load_corpus(path)
    docs = corpus.documents
    assert docs["doc_id"].tolist() == ["r1", "news-4"]
    assert docs["date"].tolist() == ["2024-01-02", ""]
    assert docs["date_source"].tolist() == ["metadata", "none"]
    assert docs["source"].tolist() == ["Reuters", ""]
    assert corpus.problems.to_dict("records") == [
        {"path": "news.csv#row 2", "reason": "empty text (id 'r2')"},
        {"path": "news.csv#row 3", "reason": "duplicate id 'r1' (first at news.csv#row 1)"},
        {
            "path": "news.csv#row 4",
            "reason": "warning: date 'garbage' ignored: not a readable date between 1800 and 2200",
        },
    ]


def test_gzipped_jsonl_with_a_broken_line(tmp_path):
    lines = [json.dumps({"id": 1, "text": STORY, "date": "17 Oct 2024"}), "{broken", "[1, 2]"]
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    corpus = load_corpus(path)
    assert corpus.documents[["doc_id", "date"]].values.tolist() == [["1", "2024-10-17"]]
    reasons = dict(corpus.problems.itertuples(index=False))
    assert reasons["feed.jsonl#line 2"].startswith("invalid JSON: ")
    assert reasons["feed.jsonl#line 3"] == "not a JSON object"


def test_jsonl_rows_without_a_key_have_that_field_empty(tmp_path):
    rows = [
        {"id": "a", "text": STORY, "date": "17 Oct 2024", "title": "Ministers meet"},
        {"id": "b", "text": STORY},  # no date, no title: empty fields, not "nan"
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    corpus = load_corpus(path)
    second = corpus.documents.set_index("doc_id").loc["b"]
    assert "nan" not in (second["title"], second["date"], second["source"])
    assert not second["text"].startswith("nan")
    assert corpus.problems.empty  # no "date 'nan' ignored" warning


def test_table_without_text_column_is_a_problem(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,body_text\n1,hello\n", "utf-8")
    corpus = load_corpus(path)
    assert corpus.documents.empty
    assert corpus.problems.to_dict("records") == [
        {"path": "t.csv", "reason": "missing 'text' column (columns found: id, body_text)"}
    ]


def test_malformed_csv_is_a_problem(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('id,text\n1,"unterminated\n2,x,y,z\n', "utf-8")
    corpus = load_corpus(path)
    assert corpus.documents.empty
    assert corpus.problems.loc[0, "reason"].startswith("malformed CSV: ")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_uploaded_pairs_with_zip_and_sidecar():
    archive = zip_bytes(
        {
            "docs/a.txt": STORY.encode(),
            "../evil.txt": STORY.encode(),
            "docs/image.png": b"\x89PNG\r\n\x1a\nxxxx",
            "__MACOSX/._a.txt": b"junk",
        }
    )
    uploads = [
        ("batch.zip", archive),
        ("b.txt", ("Second story here\n" + STORY).encode("utf-16")),
        ("metadata.csv", b"id,source\na,Upload desk\n"),
    ]
    corpus = load_corpus(uploads)
    docs = corpus.documents.set_index("doc_id")
    assert list(docs.index) == ["a", "b"]
    assert docs.loc["a", "source"] == "Upload desk"
    assert docs.loc["b", "title"] == "Second story here"
    assert dict(corpus.problems.itertuples(index=False)) == {
        "batch.zip/../evil.txt": "refused: unsafe path in archive (absolute or contains '..')",
        "batch.zip/docs/image.png": "unsupported file type '.png': expected .txt, .csv, .tsv, "
        ".jsonl, .json, .gz or .zip",
        "batch.zip/__MACOSX/._a.txt": "skipped: hidden or system file in archive",
    }


def test_zip_bomb_is_refused():
    bomb = zip_bytes({"big.txt": b"a" * 5_000_000})
    corpus = load_corpus([("bomb.zip", bomb)], limits=Limits(max_ratio=100))
    assert corpus.documents.empty
    assert corpus.problems.loc[0, "reason"].startswith("refused: expands ")


def test_oversized_file_is_refused(tmp_path):
    (tmp_path / "big.txt").write_text(STORY * 100, "utf-8")
    corpus = load_corpus(tmp_path, limits=Limits(max_file_bytes=1000))
    assert corpus.problems.loc[0, "reason"] == "too large: 8 kB (the limit is 1 kB)"


def test_missing_source_raises_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")


def test_unsupported_single_file_raises(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported file type"):
        load_corpus(path)


def test_filename_date_is_used_when_text_has_none(tmp_path):
    (tmp_path / "2022-03-01_note.txt").write_text(STORY, "utf-8")
    docs = load_corpus(tmp_path).documents
    assert docs[["date", "date_source"]].values.tolist() == [["2022-03-01", "filename"]]


def test_a_date_in_the_link_outranks_a_page_clock_in_the_text(tmp_path):
    page = "Union reaches deal\nThursday, November 02, 2023 5:06 pm (Paris) " + STORY
    rows = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "text": [page, page, page],
            "url": ["https://x.fr/2023/10/29/deal.html", "https://x.fr/deal.html", ""],
            "date": ["", "", "2023-10-30"],
        }
    )
    rows.to_csv(tmp_path / "pages.csv", index=False)
    docs = load_corpus(tmp_path / "pages.csv").documents.set_index("doc_id")
    assert docs.loc["a", ["date", "date_source"]].tolist() == ["2023-10-29", "url"]
    assert docs.loc["b", ["date", "date_source"]].tolist() == ["2023-11-02", "text"]
    assert docs.loc["c", ["date", "date_source"]].tolist() == ["2023-10-30", "metadata"]


def test_seeds_folder_is_a_copy_of_shared_seeds():
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    for path in shared.iterdir():
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()


# --- a table's title is read like a text file's title line ----------------------------------------

_ARTICLES = [
    ("a1", "Rutte visits Kyiv", "2024-11-04", "The NATO chief met soldiers on Monday and spoke."),
    ("a2", "Ministers meet in Brussels", "2024-11-05", "Defence ministers agreed on air defence."),
]


def test_a_table_and_text_files_of_the_same_articles_give_the_same_texts(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    for doc_id, title, _day, body in _ARTICLES:
        (folder / f"{doc_id}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    pd.DataFrame(
        [(doc_id, title, day, body) for doc_id, title, day, body in _ARTICLES],
        columns=["id", "title", "date", "text"],
    ).to_csv(tmp_path / "table.csv", index=False)
    files = load_corpus(folder).documents.set_index("doc_id")
    table = load_corpus(tmp_path / "table.csv").documents.set_index("doc_id")
    assert table.loc["a1", "text"].startswith("Rutte visits Kyiv\n\nThe NATO chief")
    assert table["text"].str.strip().tolist() == files["text"].str.strip().tolist()
    assert table["n_words"].tolist() == files["n_words"].tolist()
    assert table["title"].tolist() == [title for _, title, _, _ in _ARTICLES]


def test_a_table_text_that_opens_with_its_title_keeps_one_title_line(tmp_path):
    path = tmp_path / "table.csv"
    pd.DataFrame(
        [("a1", "Rutte visits Kyiv", "Rutte visits Kyiv\nThe NATO chief met soldiers.")],
        columns=["id", "title", "text"],
    ).to_csv(path, index=False)
    text = load_corpus(path).documents["text"][0]
    assert text.count("Rutte visits Kyiv") == 1


def test_worker_processes_load_the_same_corpus(tmp_path, monkeypatch):
    """Cleaning in worker processes changes nothing: texts, titles, dates, word counts, the
    furniture removed (a recurring line among them) and the problems are those of one process."""
    from analysis.ingest import loading

    furniture = "Subscribe to our channel for all the latest news from the region."
    for number in range(12):
        lines = [f"Title number {number}", STORY, furniture if number % 2 else "", "Share"]
        lines.insert(number % 3 + 1, f"Other story {number} with Facebook Twitter Permalink.")
        (tmp_path / f"d{number:02}.txt").write_text("\n".join(lines), "utf-8")
    (tmp_path / "empty.txt").write_text("Share\n", "utf-8")
    (tmp_path / "metadata.csv").write_text(
        "id,source\n" + "".join(f"d{n:02},{'x' if n < 8 else 'y'}\n" for n in range(12)), "utf-8"
    )
    alone = load_corpus(tmp_path)
    monkeypatch.setattr(loading, "PARALLEL_CHARS", 0)
    together = load_corpus(tmp_path, workers=2)
    pd.testing.assert_frame_equal(together.documents, alone.documents)
    pd.testing.assert_frame_equal(together.problems, alone.problems)
    assert alone.documents["n_removed"].gt(0).any()
    assert (
        alone.documents["n_words"].tolist() == loading.count_words(alone.documents["text"]).tolist()
    )
