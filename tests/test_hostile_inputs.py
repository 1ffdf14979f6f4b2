"""Issue 9: a folder holding every kind of bad input. Every good file is analysed, every bad one is
listed with its specific reason, nothing is missing, nothing raises."""

import codecs
import gzip
import io
import json
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import Limits, analyze, load_corpus
from tests.conftest import ROOT

STORY = (
    "Defence ministers met in Brussels on Thursday. Secretary General Mark Rutte said that "
    "support for Ukraine would continue."
)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _corrupt_member_zip() -> bytes:
    data = bytearray(_zip({"ok.txt": STORY.encode(), "broken.txt": STORY.encode() * 20}))
    # Flip bytes inside the second member's compressed data so that its CRC check fails.
    offset = data.find(b"broken.txt", 40) + len("broken.txt") + 5
    data[offset : offset + 8] = b"\xff" * 8
    return bytes(data)


GOOD = {
    "utf8.txt": STORY.encode("utf-8"),
    "utf8_bom.txt": codecs.BOM_UTF8 + STORY.encode("utf-8"),
    "utf16_bom.txt": STORY.encode("utf-16"),
    "latin1.txt": ("Café talks in Zürich\n" + STORY).encode("latin-1"),
    "cp1252.txt": ("“Quoted” talks – in Brussels\n" + STORY).encode("cp1252"),
    "nul_bytes.txt": STORY.replace("Thursday", "Thurs\x00day").encode("utf-8"),
    "mixed_endings.txt": ("Heading here\r\n" + STORY + "\rSecond line.\nThird line.").encode(),
}
BAD = {
    "empty.txt": (b"", "empty file (0 bytes)"),
    "whitespace.txt": (b" \n\t \r\n", "empty file (only white space)"),
    "binary.txt": (
        bytes(range(256)) * 8,
        "not a text file: looks like binary data (many control bytes)",
    ),
    "photo.jpg": (
        b"\xff\xd8\xff\xe0JFIF",
        "unsupported file type '.jpg': expected .txt, .csv, .tsv, .jsonl, .json, .gz or .zip",
    ),
    "bad_utf16.txt": (
        codecs.BOM_UTF16_LE + b"\x00\xd8",
        "starts with a utf-16 byte-order mark but is not valid utf-16",
    ),
    "notext.csv": (
        b"id,body_text\n1,hello\n",
        "missing 'text' column (columns found: id, body_text)",
    ),
    "huge.txt": (b"word " * 5000, "too large: 25 kB (the limit is 20 kB)"),
    "broken.gz": (b"\x1f\x8b\x08\x00garbage", None),
}


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, data in GOOD.items():
        (folder / name).write_bytes(data)
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    rows = pd.DataFrame(
        {"id": ["t1", "t2", "t1"], "text": [STORY, STORY + " Again.", "A duplicate id row."]}
    )
    (folder / "table.csv").write_bytes(rows.to_csv(index=False).encode())
    lines = [
        json.dumps({"id": "j1", "text": STORY}),
        "{not json",
        json.dumps({"id": "j2", "text": ""}),
    ]
    (folder / "feed.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    (folder / "archive.zip").write_bytes(_corrupt_member_zip())
    (folder / "traversal.zip").write_bytes(_zip({"../../etc/passwd.txt": STORY.encode()}))
    return folder


@pytest.fixture(scope="module")
def hostile_corpus(hostile_folder):
    return load_corpus(hostile_folder, limits=Limits(max_file_bytes=20_000))


def test_every_good_file_is_analysed(hostile_corpus):
    paths = set(hostile_corpus.documents["path"])
    assert set(GOOD) <= paths
    assert {
        "table.csv#row 1",
        "table.csv#row 2",
        "feed.jsonl#line 1",
        "archive.zip/ok.txt",
    } <= paths
    texts = hostile_corpus.documents.set_index("path")["text"]
    assert texts["latin1.txt"].startswith("Café talks in Zürich")
    assert texts["cp1252.txt"].startswith('"Quoted" talks – in Brussels')
    assert "Thursday" in texts["nul_bytes.txt"]
    assert texts["mixed_endings.txt"].split("\n")[0] == "Heading here"


def test_every_bad_input_is_listed_with_its_reason(hostile_corpus):
    reasons = dict(hostile_corpus.problems.itertuples(index=False))
    for name, (_, reason) in BAD.items():
        if reason is not None:
            assert reasons[name] == reason
    assert reasons["broken.gz"].startswith("not a readable gzip file")
    assert reasons["table.csv#row 3"] == "duplicate id 't1' (first at table.csv#row 1)"
    assert reasons["feed.jsonl#line 2"].startswith("invalid JSON")
    assert reasons["feed.jsonl#line 3"] == "empty text (id 'j2')"
    assert reasons["archive.zip/broken.txt"].startswith("unreadable archive member")
    assert reasons["traversal.zip/../../etc/passwd.txt"] == (
        "refused: unsafe path in archive (absolute or contains '..')"
    )


def test_nothing_is_missing(hostile_folder, hostile_corpus):
    on_disk = {p.name for p in hostile_folder.iterdir()}
    accounted = {
        path.split("#")[0].split("/")[0]
        for path in [*hostile_corpus.documents["path"], *hostile_corpus.problems["path"]]
    }
    accounted = {name if name in on_disk else name + ".gz" for name in accounted}
    assert accounted == on_disk


def test_the_cli_reports_problems_and_succeeds_without_traceback(hostile_folder, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "export", str(hostile_folder), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    problems = pd.read_csv(tmp_path / "problems.csv")
    assert "empty.txt" in set(problems["path"])
    assert "input(s) not analysed" in result.stderr


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=1, max_size=400), min_size=1, max_size=3))
def test_any_texts_analyse_with_valid_offsets(texts):
    corpus = load_corpus([(f"d{i}.txt", text.encode("utf-8")) for i, text in enumerate(texts)])
    result = analyze(corpus, terms=["the", "a b"])
    documents = result.documents.set_index("doc_id")["text"]
    for row in result.mentions.itertuples():
        assert documents[row.doc_id][row.start : row.end] == row.surface
    assert len(result.documents) + len(result.problems) == len(texts)
