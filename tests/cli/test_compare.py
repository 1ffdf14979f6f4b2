"""``python -m analysis compare SOURCE A B``: JSON and CSV output, side specs, one-line errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import build_parser, main
from analysis.cli.compare import CompareError, resolve_side, summary_table
from tests.conftest import SEED_IDS

TABLES = ["sets", "labels", "passages", "keyness", "quotes", "quantities"]


@pytest.fixture
def documents() -> pd.DataFrame:
    """Four documents: two sources, one undated."""
    return pd.DataFrame(
        {
            "doc_id": ["kr_001", "kr_002", "ua_001", "misc"],
            "title": ["", "", "", ""],
            "date": ["2022-02-20", "2022-03-01", "2022-03-01", ""],
            "source": ["Kremlin", "Kremlin", "Kyiv", ""],
            "text": ["a", "b", "c", "d"],
        }
    )


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("kr_002", ["kr_002"]),
        ("ua", ["ua_001"]),  # a prefix naming one document
        ("  misc ", ["misc"]),
        ("source=kremlin", ["kr_001", "kr_002"]),
        ("source=", ["misc"]),  # the documents without a source
        ("from=2022-03-01", ["kr_002", "ua_001"]),
        ("source=Kremlin,to=2022-02-28", ["kr_001"]),
        ("ids=ua_001|kr_001", ["kr_001", "ua_001"]),  # corpus order
    ],
)
def test_resolve_side(documents, spec: str, expected: list[str]) -> None:
    assert resolve_side(documents, spec, "A") == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nope", "side B: no document with doc_id 'nope'"),
        ("kr", "side B: 'kr' is the start of 2 doc_ids (kr_001, kr_002); give more of it"),
        ("source=Reuters", "side B: 'source=Reuters' picks no document"),
        ("from=2023-01-01", "side B: 'from=2023-01-01' picks no document"),
        ("colour=red", "side B: cannot read 'colour=red'"),
        ("", "side B is empty"),
    ],
)
def test_resolve_side_errors(documents, spec: str, message: str) -> None:
    with pytest.raises(CompareError) as error:
        resolve_side(documents, spec, "B")
    assert str(error.value).startswith(message)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["compare", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_to_stdout_for_two_seed_documents(capsys, seeds_path) -> None:
    status, out, err = _run(capsys, str(seeds_path), "000", SEED_IDS[2])
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert list(result) == ["mode", "a", "b", "summary", *TABLES]
    assert result["mode"] == "documents"
    assert result["a"] == {"label": "000", "doc_ids": [SEED_IDS[0]]}
    assert result["b"] == {"label": SEED_IDS[2], "doc_ids": [SEED_IDS[2]]}
    summary = result["summary"]
    assert summary["similarity"] == 0.265438
    assert summary["similarity_measure"].startswith("cosine similarity of TF-IDF vectors")
    assert summary["reuse_share"] == {"a": 0.0, "b": 0.0}
    # The entity counts come from the entity model (pinned in tests/extract); here: the plumbing.
    assert set(summary["counts"]) == {"entity", "keyword"}
    assert summary["counts"]["keyword"] == {"shared": 8, "only_a": 3, "only_b": 6}
    assert min(summary["counts"]["entity"].values()) > 0
    assert (summary["a"]["n_words"], summary["b"]["n_words"]) == (317, 433)
    shared = [row["term"] for row in result["sets"] if row["side"] == "shared"]
    assert {"NATO", "Ukraine", "Mark Rutte"} <= set(shared[:5])
    speakers = {(row["side"], row["speaker"]) for row in result["quotes"]}
    assert {("a", "Mark Rutte"), ("b", "Mark Rutte")} <= speakers
    money = [row["text"] for row in result["quantities"] if row["kind"] == "money"]
    assert money == ["40 billion euros", "20.9 billion euros", "40 billion euros"]


def test_csv_files_for_two_groups(capsys, seeds_path, tmp_path) -> None:
    out = tmp_path / "compare"
    status, stdout, err = _run(
        capsys, str(seeds_path), "source=", "source=NATO", "--format", "csv", "--out", str(out)
    )
    assert (status, stdout) == (0, "")
    assert err.startswith("compared 4 with 1 document(s): similarity ")
    assert sorted(path.name for path in out.iterdir()) == sorted(
        f"compare_{name}.csv" for name in ["summary", *TABLES]
    )
    summary = pd.read_csv(out / "compare_summary.csv", keep_default_na=False)
    values = dict(zip(summary["key"], summary["value"], strict=True))
    assert values["mode"] == "groups"
    assert values["a.doc_ids"] == "|".join(SEED_IDS[i] for i in (0, 2, 3, 4))
    assert values["b.sources"] == "NATO"
    assert (values["a.n_documents"], values["b.n_documents"]) == ("4", "1")
    assert values["keyness_min_docs"] == "2"
    assert values["similarity"] == "0.30782"
    keyness = pd.read_csv(out / "compare_keyness.csv")
    assert list(keyness.columns) == [
        "kind",
        "item",
        "label",
        "freq_a",
        "freq_b",
        "docs_a",
        "docs_b",
        "log_likelihood",
        "p_value",
        "log_ratio",
        "side",
    ]
    # The group guard holds for A (four documents); B is one article, so its items need one.
    assert keyness.loc[keyness["side"] == "a", "docs_a"].min() >= 2
    assert keyness.loc[keyness["side"] == "b", "docs_b"].min() == 1
    assert (values["reuse_share.a"], values["reuse_share.b"]) == (
        "0.0385",
        "0.1859",
    )  # of the words in compared sentences
    passages = pd.read_csv(out / "compare_passages.csv")
    assert passages[["doc_a", "doc_b", "similarity", "match"]].values.tolist() == [
        [SEED_IDS[2], SEED_IDS[1], 0.5778, "near"],
        [SEED_IDS[2], SEED_IDS[1], 0.6575, "near"],
    ]


def test_json_file_with_out(capsys, seeds_path, tmp_path) -> None:
    path = tmp_path / "deep" / "comparison.json"
    status, stdout, _ = _run(
        capsys, str(seeds_path), SEED_IDS[1], SEED_IDS[2], "--out", str(path), "--threshold", "0.6"
    )
    assert (status, stdout) == (0, "")
    result = json.loads(path.read_text(encoding="utf-8"))
    assert result["summary"]["n_shared_passages"] == 1
    assert result["passages"][0]["similarity"] == 0.6575
    assert result["passages"][0]["match"] == "near"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nope", "000"], "error: side A: no document with doc_id 'nope'"),
        (["000", "source=Reuters"], "error: side B: 'source=Reuters' picks no document"),
        (["0", "001"], "error: side A: '0' is the start of 5 doc_ids"),
        (["000", "001", "--format", "csv"], "error: --format csv writes several files"),
        (["000", "001", "--threshold", "0"], "error: --threshold must be above 0"),
        (["000", "001", "--min-docs", "0"], "error: --min-docs must be 1 or more"),
    ],
)
def test_errors_are_one_line(capsys, seeds_path, argv: list[str], message: str) -> None:
    status, out, err = _run(capsys, str(seeds_path), *argv)
    assert (status, out) == (1, "")
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_an_unreadable_source_is_one_line(capsys, tmp_path) -> None:
    status, _, err = _run(capsys, str(tmp_path / "missing"), "a", "b")
    assert status == 1
    assert err.startswith("error: ") and err.count("\n") == 1


def test_help_explains_the_side_specs(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["compare", "--help"])
    text = capsys.readouterr().out
    for phrase in ["source=NAME", "from=YYYY-MM-DD", "ids=ID|ID|...", "--format", "compare_sets"]:
        assert phrase in text


def test_summary_table_flattens_nested_values(seed_corpus) -> None:
    from analysis.core.schema import mentions_frame
    from analysis.query.compare import compare_documents

    documents = seed_corpus.documents
    comparison = compare_documents(documents, mentions_frame([]), SEED_IDS[0], SEED_IDS[3])
    table = summary_table(comparison)
    values = dict(zip(table["key"], table["value"], strict=True))
    assert list(table.columns) == ["key", "value"]
    assert values["mode"] == "documents"
    assert values["a.date_min"] == "2024-10-17"
    assert values["b.date_min"] == "2023-10-11"
    assert values["b.sources"] == ""
    assert values["reuse_share.a"] == "0.0"
    assert values["a.top_entities"] == ""
