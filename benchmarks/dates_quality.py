"""Publication dates of scraped news, and what cleaning costs, measured.

On the development set in ``benchmarks/data/dates_dev/`` (texts only, no metadata, loaded as one
corpus), it reports for the current code and, in the same run, for the code of a baseline
revision (``--baseline``, default the commit before this work), over all articles and for each
source of the set (``origin``: htmldate's annotated pages, Readability's and the article
extraction benchmark's pages dated by their own metadata):

- the share of articles whose text states their date that get the right date (target >= 90%);
- the share of assigned dates that are right (target >= 95%: no date beats a wrong one);
- counts: articles, stated, assigned, right, by ``date_source``;
- each error of the current code: a wrong date assigned, and a stated date missed;
- the same shares when each page's link is given too (a ``url`` column), on the htmldate pages
  only (the other sources' dates were kept only where the link agreed, so they would score by
  construction).

Then, on ``/work/shared/corpora/ua-ru-press`` if present (skipped politely if not), cleaning's
share of analysis time (loading and cleaning against ``analyze``), and that every corpus in
``/work/shared/corpora`` still loads every document.

Usage: python benchmarks/dates_quality.py [--baseline REV] [--no-analysis]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

from analysis import analyze, load_corpus

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "benchmarks" / "data" / "dates_dev" / "articles.jsonl"
CORPORA = Path("/work/shared/corpora")


def dev_articles() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]


def dev_upload(rows: list[dict], with_links: bool = False) -> list[tuple[str, bytes]]:
    """The articles as one uploaded JSON Lines file of ``id`` and ``text`` only (and each page's
    ``url`` when ``with_links``)."""
    fields = ("id", "text", "url") if with_links else ("id", "text")
    lines = [json.dumps({field: row[field] for field in fields}) for row in rows]
    return [("dates_dev.jsonl", "\n".join(lines).encode("utf-8"))]


def score(rows: list[dict], predicted: dict[str, str]) -> dict[str, object]:
    stated = [row for row in rows if row["stated"]]
    assigned = [row for row in rows if predicted.get(row["id"])]
    right = [row for row in assigned if predicted[row["id"]] == row["true_date"]]
    stated_right = [row for row in stated if predicted.get(row["id"]) == row["true_date"]]
    return {
        "articles": len(rows),
        "stated": len(stated),
        "stated_right": len(stated_right),
        "stated_right_%": round(100 * len(stated_right) / max(len(stated), 1), 1),
        "assigned": len(assigned),
        "assigned_right": len(right),
        "assigned_right_%": round(100 * len(right) / max(len(assigned), 1), 1),
    }


def current_dates(
    rows: list[dict], with_links: bool = False
) -> tuple[dict[str, str], pd.DataFrame]:
    documents = load_corpus(dev_upload(rows, with_links), today=date(2024, 1, 1)).documents
    return dict(zip(documents["doc_id"], documents["date"], strict=True)), documents


def baseline_dates(rows: list[dict], revision: str) -> dict[str, str] | None:
    """Dates by the ``revision``'s cleaning and dating rules (header date, else the first date in
    the opening; yearless dates completed near the corpus's dates), run from its source."""
    with tempfile.TemporaryDirectory() as folder:
        modules = {}
        for name in ("dates", "cleaning"):
            shown = subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{revision}:analysis/ingest/{name}.py"],
                capture_output=True,
                text=True,
            )
            if shown.returncode:
                return None
            source = shown.stdout.replace("analysis.ingest.dates", "baseline_dates")
            path = Path(folder) / f"baseline_{name}.py"
            path.write_text(source, "utf-8")
            spec = importlib.util.spec_from_file_location(f"baseline_{name}", path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[f"baseline_{name}"] = module
            spec.loader.exec_module(module)
            modules[name] = module
    cleaning, dates = modules["cleaning"], modules["dates"]
    predicted, yearless = {}, {}
    for row in rows:
        stated = cleaning.header_date(cleaning.clean_text(row["text"]))
        if stated is not None and stated.year is not None and stated.as_date():
            predicted[row["id"]] = stated.as_date().isoformat()
        elif stated is not None:
            yearless[row["id"]] = stated
    anchors = [date.fromisoformat(day) for day in predicted.values()]
    for doc_id, mention in yearless.items():
        inferred = mention.as_date(dates.infer_year(mention, anchors, today=date(2024, 1, 1)))
        if inferred is not None:
            predicted[doc_id] = inferred.isoformat()
    return predicted


def cleaning_share(folder: Path) -> None:
    if not folder.exists():
        print(f"\n{folder} is absent: cleaning's share of analysis time is not measured.")
        return
    started = time.perf_counter()
    corpus = load_corpus(folder)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    backend = "default"
    try:
        analyze(corpus)
    except RuntimeError as error:  # the trained entity model is not installed here
        print(f"\n(default entity backend unavailable: {error}; timing the rules backend)")
        backend = "rules"
        started = time.perf_counter()
        analyze(corpus, entity_backend="rules")
    analysed = time.perf_counter() - started
    documents = corpus.documents
    print(f"\n{folder.name}: {len(documents)} documents (entity backend: {backend})")
    print(
        f"  load and clean {loaded:.1f} s, analyse {analysed:.1f} s: cleaning is "
        f"{100 * loaded / (loaded + analysed):.0f}% of the time"
    )
    print(
        f"  furniture removed from {int((documents['n_removed'] > 0).sum())} documents, "
        f"{int(documents['n_removed'].sum())} pieces"
    )


def every_corpus_loads() -> None:
    if not CORPORA.exists():
        print(f"\n{CORPORA} is absent: not checked.")
        return
    print()
    for path in sorted(CORPORA.iterdir()):
        if path.name.startswith("."):
            continue
        try:
            corpus = load_corpus(path)
        except ValueError as error:
            print(f"  {path.name}: not a corpus ({error})")
            continue
        empty = int((corpus.documents["text"].str.strip() == "").sum())
        print(
            f"  {path.name}: {len(corpus.documents)} documents, {len(corpus.problems)} problems, "
            f"{empty} empty texts, date sources "
            f"{corpus.documents['date_source'].value_counts().to_dict()}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="6db7829", help="revision to compare with")
    parser.add_argument("--no-analysis", action="store_true", help="dates only")
    options = parser.parse_args()
    rows = dev_articles()
    outlets = len({row["outlet"] for row in rows})
    origins = sorted({row["origin"] for row in rows}, key=[row["origin"] for row in rows].index)
    print(f"Development set: {len(rows)} articles from {outlets} outlets")
    baseline = baseline_dates(rows, options.baseline)
    now, documents = current_dates(rows)
    runs = {"now": now}
    if baseline is not None:
        runs[f"baseline {options.baseline}"] = baseline
    for name, predicted in runs.items():
        table = {"all": score(rows, predicted)}
        for origin in origins:
            table[origin] = score([row for row in rows if row["origin"] == origin], predicted)
        print(f"\n{name}:")
        print(pd.DataFrame(table).to_string())
    print("\nDate sources now:", documents["date_source"].value_counts().to_dict())
    # With each page's link as a `url` column: htmldate's pages only, whose dates were annotated
    # without the link (the other origins kept a page only when its link agreed with its date,
    # so they would score by construction).
    annotated = [row for row in rows if row["origin"] == "htmldate"]
    linked, _ = current_dates(annotated, with_links=True)
    print("\nnow, with each page's link (htmldate pages only):")
    print(pd.DataFrame({"htmldate": score(annotated, linked)}).to_string())
    evidence = dict(zip(documents["doc_id"], documents["date_evidence"], strict=True))
    print("Errors now (wrong: a wrong date assigned; missed: a stated date not found):")
    for row in rows:
        found = now.get(row["id"])
        if found and found != row["true_date"]:
            kind = "wrong"
        elif row["stated"] and not found:
            kind = "missed"
        else:
            continue
        print(
            f"  {kind}: {row['origin']} {row['id']}: {found or 'none'} for {row['true_date']}"
            f" from {evidence[row['id']]!r}"
        )
    if not options.no_analysis:
        cleaning_share(CORPORA / "ua-ru-press")
        every_corpus_loads()


if __name__ == "__main__":
    main()
