"""Inputs beyond what one server can analyse within about 1.5 GB are refused with a reason
(the defaults are measured in docs/limits.md; these tests pass small limits, not big inputs)."""

from __future__ import annotations

import dataclasses

from analysis import load_corpus
from analysis.ingest.loading import Limits

STORY = "NATO ministers met in Brussels on Thursday to discuss air defence for Ukraine. "


def reasons(corpus) -> dict[str, str]:
    return dict(corpus.problems.itertuples(index=False))


def test_the_defaults_are_the_measured_ones():
    assert dataclasses.asdict(Limits()) == {
        "max_file_bytes": 50_000_000,
        "max_document_chars": 20_000_000,
        "max_corpus_chars": 20_000_000,
        "max_field_chars": 10_000,
        "max_rows": 60_000,
        "max_members": 20_000,
        "max_total_bytes": 200_000_000,
        "max_ratio": 200,
    }


def test_a_document_over_the_limit_is_refused_and_the_others_kept():
    files = [("big.txt", (STORY * 30).encode()), ("small.txt", STORY.encode())]
    corpus = load_corpus(files, limits=Limits(max_document_chars=1_000))
    assert corpus.documents["doc_id"].tolist() == ["small"]
    assert reasons(corpus)["big.txt"].startswith(
        "too large: 2 kB of text in one document (the limit is 1 kB"
    )


def test_a_table_cell_over_the_limit_refuses_its_row_only():
    table = f'id,text\nbig,"{STORY * 30}"\nsmall,"{STORY}"\n'.encode()
    corpus = load_corpus([("news.csv", table)], limits=Limits(max_document_chars=1_000))
    assert corpus.documents["doc_id"].tolist() == ["small"]
    assert list(reasons(corpus)) == ["news.csv#row 1"]


def test_an_oversized_title_field_refuses_its_row():
    table = f'id,title,text\nx,{"T" * 50},"{STORY}"\ny,Short,"{STORY}"\n'.encode()
    corpus = load_corpus([("news.csv", table)], limits=Limits(max_field_chars=20))
    assert corpus.documents["doc_id"].tolist() == ["y"]
    assert reasons(corpus) == {"news.csv#row 1": "refused: the title field is over 20 characters"}


def test_rows_past_the_row_limit_are_one_problem_row():
    rows = "".join(f'{n},"{STORY}"\n' for n in range(10))
    corpus = load_corpus([("news.csv", f"id,text\n{rows}".encode())], limits=Limits(max_rows=3))
    assert corpus.documents["doc_id"].tolist() == ["0", "1", "2"]
    assert reasons(corpus) == {
        "news.csv#rows 4-10": "refused: the corpus already has 3 documents, the limit"
    }


def test_files_past_the_row_limit_are_refused_each():
    files = [(f"d{n}.txt", STORY.encode()) for n in range(4)]
    corpus = load_corpus(files, limits=Limits(max_rows=3))
    assert reasons(corpus) == {"d3.txt": "refused: the corpus already has 3 documents, the limit"}


def test_the_corpus_text_limit_refuses_what_would_pass_it():
    files = [(f"d{n}.txt", STORY.encode()) for n in range(5)]
    corpus = load_corpus(files, limits=Limits(max_corpus_chars=len(STORY) * 3))
    assert corpus.documents["doc_id"].tolist() == ["d0", "d1", "d2"]
    assert reasons(corpus)["d3.txt"].startswith("refused: the corpus would exceed")


def test_a_file_over_the_file_limit_says_its_real_size(tmp_path):
    (tmp_path / "big.txt").write_text(STORY * 400)
    corpus = load_corpus(tmp_path, limits=Limits(max_file_bytes=10_000))
    assert reasons(corpus) == {"big.txt": "too large: 32 kB (the limit is 10 kB)"}
