"""Deeply nested JSON never reaches the user as a RecursionError; a bad JSON Lines line loses
that line only, named in a problem row."""

from __future__ import annotations

import json

from analysis import load_corpus

STORY = "NATO ministers met in Brussels on Thursday to discuss air defence for Ukraine."


def reasons(corpus) -> dict[str, str]:
    return dict(corpus.problems.itertuples(index=False))


def test_a_json_file_of_a_hundred_thousand_brackets_is_a_problem_row():
    corpus = load_corpus([("deep.json", b"[" * 100_000)])
    assert corpus.documents.empty
    assert reasons(corpus) == {"deep.json": "malformed JSON: nested too deeply to read"}


def test_a_deep_jsonl_line_loses_that_line_only():
    lines = [
        json.dumps({"id": "a", "text": STORY}),
        '{"id": "deep", "text": ' + "[" * 100_000,
        json.dumps({"id": "b", "text": STORY, "extra": [[[[1]]]]}),
    ]
    corpus = load_corpus([("feed.jsonl", "\n".join(lines).encode())])
    assert corpus.documents["doc_id"].tolist() == ["a", "b"]
    assert reasons(corpus) == {"feed.jsonl#line 2": "invalid JSON: nested too deeply"}


def test_a_deep_value_that_parses_but_cannot_be_written_back_loses_its_line_only():
    deep = "[" * 900 + "]" * 900  # parses within the recursion limit of most builds
    lines = [json.dumps({"id": "a", "text": STORY}), f'{{"id": "d", "text": {deep}}}']
    corpus = load_corpus([("feed.jsonl", "\n".join(lines).encode())])
    assert "a" in corpus.documents["doc_id"].tolist()
    assert set(reasons(corpus)) <= {"feed.jsonl#line 2"}
