"""Keyness of the Kremlin's press releases against Ukraine's president's, on ua-ru-press.

A quality check a reader can judge: the top items over-used by each source should read like that
source (names of its own officials and places, its own spelling and register), and a timing of
the counting and of the whole group comparison.

    python benchmarks/keyness_ua_ru.py [--top 10] [--min-docs N] [--entities] [--compare]

Skips with a message when ``../shared/corpora/ua-ru-press`` is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.ingest.loading import load_corpus  # noqa: E402
from analysis.query.keyness import (  # noqa: E402
    keyness,
    mention_counts,
    top_keyness,
    word_counts,
)

CORPUS = ROOT.parent / "shared" / "corpora" / "ua-ru-press"
KREMLIN = "en.kremlin.ru"
UKRAINE = "president.gov.ua/en"


def _print_top(title: str, table, n: int) -> None:
    top = top_keyness(table, n)
    for side, name in (("a", "Kremlin"), ("b", "Ukraine")):
        rows = top[top["side"] == side]
        print(f"\n{title}, over-used by {name} (top {n} by log-likelihood, p <= 0.05):")
        print(
            f"  {'item':32} {'freq K':>7} {'freq U':>7} {'docs K':>6} {'docs U':>6} {'LL':>9} {'LR':>6}"
        )
        for row in rows.itertuples(index=False):
            print(
                f"  {str(row.item)[:32]:32} {row.freq_a:7d} {row.freq_b:7d} {row.docs_a:6d} "
                f"{row.docs_b:6d} {row.log_likelihood:9.1f} {row.log_ratio:6.2f}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--min-docs", type=int, default=None, help="default: 1%% of the smaller")
    parser.add_argument("--entities", action="store_true", help="also entity keyness (slower)")
    parser.add_argument("--compare", action="store_true", help="also time compare_groups")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent (the shared corpora are not on this machine)")
        return 0

    started = time.perf_counter()
    corpus = load_corpus(CORPUS)
    documents = corpus.documents
    loaded = time.perf_counter() - started
    side_a = documents[documents["source"] == KREMLIN]
    side_b = documents[documents["source"] == UKRAINE]
    min_docs = args.min_docs or max(2, round(0.01 * min(len(side_a), len(side_b))))
    print(
        f"ua-ru-press: {len(side_a)} Kremlin and {len(side_b)} Ukraine documents, loaded in "
        f"{loaded:.1f} s; minimum document range {min_docs}"
    )

    started = time.perf_counter()
    words_a, words_b = word_counts(side_a["text"]), word_counts(side_b["text"])
    counted = time.perf_counter() - started
    started = time.perf_counter()
    table = keyness(words_a, words_b, min_docs=min_docs)
    scored = time.perf_counter() - started
    print(
        f"words: {words_a.total:,} and {words_b.total:,} tokens counted in {counted:.1f} s, "
        f"{len(table):,} items scored in {scored:.2f} s"
    )
    _print_top("Words", table, args.top)

    mentions = None
    if args.entities or args.compare:
        from analysis.extract.entities import entity_mentions

        started = time.perf_counter()
        mentions = entity_mentions(documents)
        print(f"\nentities: {len(mentions):,} mentions in {time.perf_counter() - started:.1f} s")
        in_a = mentions[mentions["doc_id"].isin(side_a["doc_id"])]
        in_b = mentions[mentions["doc_id"].isin(side_b["doc_id"])]
        entity_table = keyness(
            mention_counts(in_a, "entity", total=words_a.total, n_docs=len(side_a)),
            mention_counts(in_b, "entity", total=words_b.total, n_docs=len(side_b)),
            min_docs=min_docs,
        )
        _print_top("Entities", entity_table, args.top)

    if args.compare and mentions is not None:
        from analysis.query.compare import compare_groups

        started = time.perf_counter()
        result = compare_groups(
            documents,
            mentions,
            side_a["doc_id"].tolist(),
            side_b["doc_id"].tolist(),
            label_a="Kremlin",
            label_b="Ukraine",
        )
        elapsed = time.perf_counter() - started
        summary = result.summary
        print(
            f"\ncompare_groups: {elapsed:.1f} s; similarity {summary['similarity']:.3f}, "
            f"{summary['n_shared_passages']} shared passages, reuse {summary['reuse_share']}, "
            f"{len(result.quotes)} quotations, {len(result.quantities)} figures"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
