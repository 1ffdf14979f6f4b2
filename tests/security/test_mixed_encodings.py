"""A file mixing UTF-8 and cp1252 is read line by line, each line in the encoding it fits, with a
warning row: never silently read wholly as cp1252 (mojibake)."""

from __future__ import annotations

from analysis import load_corpus
from analysis.ingest.decoding import decode_bytes

UTF8 = "Zelenskyy met Rutte in Kyiv — “a new chapter”, said the café owner.\n".encode()
CP1252 = "Smörgåsbord and naïve façades in Malmö.\n".encode("cp1252")


def test_each_line_is_read_in_its_own_encoding():
    decoded = decode_bytes(UTF8 + CP1252 + b"plain ascii\n")
    assert decoded.text.splitlines() == [
        "Zelenskyy met Rutte in Kyiv — “a new chapter”, said the café owner.",
        "Smörgåsbord and naïve façades in Malmö.",
        "plain ascii",
    ]
    assert decoded.warning.startswith("mixes UTF-8 and cp1252: 1 line(s) (the first is line 2)")


def test_a_mixed_file_loads_with_a_warning_row():
    corpus = load_corpus([("mixed.txt", b"Title\n\n" + UTF8 + CP1252)])
    assert "â€" not in corpus.documents["text"][0]
    assert "Malmö" in corpus.documents["text"][0]
    ((path, reason),) = corpus.problems.values.tolist()
    assert path == "mixed.txt" and reason.startswith("warning: mixes UTF-8 and cp1252")


def test_pure_files_have_no_warning():
    assert decode_bytes(UTF8).warning is None
    assert decode_bytes(CP1252).warning is None
    assert decode_bytes(CP1252).text == "Smörgåsbord and naïve façades in Malmö.\n"
