"""``groups``, ``duplicates`` and ``spikes`` on the command line: outputs and one-line errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main

STORY = (
    "The port of Lagos closed on Monday after dock workers walked out over unpaid wages. "
    "Shipping agents said dozens of vessels were waiting offshore. "
    "The union said talks with the port authority would resume on Wednesday."
)
FILLER = [
    "Berlin hosted a conference on rail freight and new timetables for the summer.",
    "Paris opened a museum of maritime history in the old customs house.",
    "Rome announced repairs to three bridges over the river before the tourist season.",
]


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> str:
    """A CSV corpus: two filler articles a day for ten days from two sources, a burst of five
    Lagos articles on the 8th (two of them copies of the first, one lightly edited)."""
    rows = []
    for day in range(1, 11):
        for n, source in enumerate(("Wire", "Daily")):
            text = FILLER[(day + n) % 3] + f" Reported on day {day} by {source}."
            rows.append(
                (f"{source.lower()}{day:02d}", f"Filler {day}", f"2024-05-{day:02d}", source, text)
            )
    copies = [STORY, STORY, STORY.replace("Wednesday", "Thursday")]
    others = [
        "Lagos traders said the strike at the port of Lagos had stopped fuel deliveries.",
        "Dock workers in Lagos marched to the port authority offices to demand their wages.",
    ]
    for n, text in enumerate(copies + others):
        rows.append((f"lagos{n}", "Lagos port", "2024-05-08", "Wire", text))
    path = tmp_path_factory.mktemp("corpus") / "news.csv"
    pd.DataFrame(rows, columns=["id", "title", "date", "source", "text"]).to_csv(path, index=False)
    return str(path)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_duplicates_csv_to_stdout(capsys, corpus_file) -> None:
    status, out, err = _run(capsys, "duplicates", corpus_file)
    assert status == 0, err
    assert out.splitlines() == [
        "cluster,doc_id,similarity_to_first",
        "1,lagos0,1.0",
        "1,lagos1,1.0",
        "1,lagos2,0.9487",
    ]
    assert "1 cluster(s) of near-duplicates fold 2 of 25 article(s)" in err


def test_duplicates_to_a_file_with_a_threshold(capsys, corpus_file, tmp_path) -> None:
    out = tmp_path / "dups.csv"
    status, _, _ = _run(capsys, "duplicates", corpus_file, "--threshold", "0.95", "--out", str(out))
    assert status == 0
    table = pd.read_csv(out)
    assert table["doc_id"].tolist() == ["lagos0", "lagos1"]


def test_spikes_finds_the_burst_and_names_lagos(capsys, corpus_file) -> None:
    status, out, err = _run(capsys, "spikes", corpus_file)
    assert status == 0, err
    report = json.loads(out)
    assert report["period"] == "day"
    assert [spike["date"] for spike in report["spikes"]] == ["2024-05-08"]
    spike = report["spikes"][0]
    assert spike["n_articles"] == 7
    assert spike["peak"]["count"] == 7
    assert spike["peak"]["threshold"] == 5.0
    assert spike["baseline"] == [f"2024-05-0{day}" for day in range(1, 8)]
    entities = [d for d in spike["drivers"] if d["kind"] == "entity"]
    assert entities[0]["item"] == "Lagos"
    assert entities[0]["mentions"] >= 5


def test_spikes_for_a_term_and_a_given_date(capsys, corpus_file) -> None:
    status, out, err = _run(
        capsys, "spikes", corpus_file, "--term", "dock workers", "--date", "2024-05-08"
    )
    assert status == 0, err
    spike = json.loads(out)["spikes"][0]
    assert spike["term"] == "dock workers"
    assert sorted(spike["doc_ids"]) == ["lagos0", "lagos1", "lagos2", "lagos4"]


def test_groups_json_and_csv(capsys, corpus_file, tmp_path) -> None:
    groups = ["source=Wire", "source=Daily", "from=2024-05-08,to=2024-05-08"]
    status, out, err = _run(capsys, "groups", corpus_file, *groups)
    assert status == 0, err
    data = json.loads(out)
    assert list(data["groups"]) == groups
    assert {row["group"] for row in data["summary"]} == set(groups)
    status, _, err = _run(
        capsys, "groups", corpus_file, *groups, "--format", "csv", "--out", str(tmp_path / "g")
    )
    assert status == 0, err
    for name in ("summary", "keyness", "presence", "passages"):
        assert (tmp_path / "g" / f"groups_{name}.csv").is_file()
    presence = pd.read_csv(tmp_path / "g" / "groups_presence.csv")
    lagos = presence[presence["entity"] == "Lagos"].set_index("group")["documents"]
    assert lagos["from=2024-05-08,to=2024-05-08"] == 5


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["groups", "{corpus}", "source=Wire"], "2 to 8 groups"),
        (["groups", "{corpus}", "source=Wire", "source=Nobody"], "picks no document"),
        (["groups", "{corpus}", "source=Wire", "source=Daily", "--format", "csv"], "--out"),
        (["duplicates", "{corpus}", "--threshold", "1.5"], "--threshold"),
        (["spikes", "{corpus}", "--window", "1"], "--window"),
        (["duplicates", "/no/such/place.csv"], ""),
    ],
)
def test_errors_are_one_line(capsys, corpus_file, argv, message) -> None:
    status, _, err = _run(capsys, *[a.replace("{corpus}", corpus_file) for a in argv])
    assert status == 1
    assert err.startswith("error: ") and message in err
    assert len(err.strip().splitlines()) == 1
