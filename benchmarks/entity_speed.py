"""Entity extraction speed: documents per second on the ua-ru-press corpus, on one core.

    python benchmarks/entity_speed.py [--limit N] [--backend rules]

Reads ``../shared/corpora/ua-ru-press`` (1,796 press releases), times the one-off loading of the
word lists and gazetteers separately, then :func:`analysis.extract.entities.entity_mentions` over the
documents, and prints documents per second and the most frequent entities as a sanity check.
Skips with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from analysis.extract.entities import entity_mentions  # noqa: E402
from analysis.extract.entities.lexicon import lexicon  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "ua-ru-press"


def read_corpus(limit: int) -> pd.DataFrame:
    """The corpus as a documents table (doc_id, date, text), title first like the loader does."""
    with (CORPUS / "metadata.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows = rows[:limit] if limit else rows
    texts = [
        row["title"] + "\n" + (CORPUS / "articles" / f"{row['id']}.txt").read_text(encoding="utf-8")
        for row in rows
    ]
    return pd.DataFrame(
        {
            "doc_id": [row["id"] for row in rows],
            "date": [row["date"] for row in rows],
            "text": texts,
        }
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--backend", default="rules")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (it lives in ../shared/corpora)")
        return 0
    documents = read_corpus(args.limit)
    started = time.perf_counter()
    lexicon()
    loaded = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    mentions = entity_mentions(documents, backend=args.backend)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    characters = documents["text"].str.len().sum()
    print(f"word lists and gazetteers loaded once in {loaded:.2f} s")
    print(
        f"{len(documents)} documents ({characters / 1e6:.1f} M characters), backend "
        f"{args.backend}: {seconds:.2f} s wall, {len(documents) / seconds:.0f} docs/s; "
        f"{cpu:.2f} s CPU, {len(documents) / cpu:.0f} docs/s on one core; {len(mentions)} mentions"
    )
    top = mentions.groupby(["term", "label"]).size().sort_values(ascending=False).head(25)
    print(top.to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
