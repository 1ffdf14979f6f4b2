"""Near-duplicates and the many-group comparison on Reuters-21578: timings and what they find.

    python benchmarks/groups_duplicates.py [--sample 30] [--passages] [--repeat 3] [--corpus PATH]

1. Duplicate clusters, cold: a fresh process loads the corpus and clusters it (MinHash LSH and
   the exact check); loading and clustering are timed apart. ``--sample N`` also writes N
   clusters drawn at random (seed 0) to ``benchmarks/data/duplicates_sample.md`` for checking by
   hand (the judged sample is ``benchmarks/data/duplicates_check.md``).
2. Group comparison of four months, after the analysis (cached when run before): keyness of each
   month against the other three (words, keywords, entities) and the entity presence matrix;
   with a token index when :mod:`analysis.query.words` is installed (``--repeat`` times: the
   first also reads the index's word pairs, kept for the next), and once with plain word
   counting, the reference the ratio is taken against. ``--passages`` also times the passages
   the months share (slow: every pair of months is aligned sentence by sentence).

Skips with a message when ``../shared/corpora/reuters21578.csv.gz`` is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578.csv.gz"
SAMPLE = ROOT / "benchmarks" / "data" / "duplicates_sample.md"
MONTHS = ["1987-03", "1987-04", "1987-06", "1987-10"]


def cold_duplicates(corpus: Path) -> dict:
    """Run in a fresh process: load, then cluster; print the timings and clusters as JSON."""
    from analysis.ingest.loading import load_corpus
    from analysis.query.duplicates import duplicate_clusters

    started = time.perf_counter()
    documents = load_corpus(corpus).documents
    loaded = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    clusters = duplicate_clusters(documents, 0.8)
    clustered, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "documents": len(documents),
        "load_s": round(loaded, 2),
        "cluster_s": round(clustered, 2),
        "cluster_cpu_s": round(cpu, 2),
        "clusters": clusters.to_dict(orient="list"),
    }


def _excerpt(text: str, length: int = 260) -> str:
    flat = " ".join(text.split())
    return flat[:length] + ("…" if len(flat) > length else "")


def write_sample(clusters, documents, n: int) -> None:
    from analysis.query.duplicates import cluster_differences

    numbers = sorted(set(clusters["cluster"]))
    chosen = sorted(random.Random(0).sample(numbers, min(n, len(numbers))))
    meta = documents.set_index("doc_id")
    differences = cluster_differences(documents, clusters, chosen)
    lines = [
        "# Sample of Reuters-21578 duplicate clusters (threshold 0.8, seed 0)",
        "",
        f"{len(chosen)} of {len(numbers)} clusters. Each member: doc_id, date, similarity to the "
        "first member, title, the start of the text; then the sentences only some members have.",
        "",
    ]
    for number in chosen:
        members = clusters[clusters["cluster"] == number]
        lines.append(f"## Cluster {number} ({len(members)} articles)")
        lines.append("")
        for doc_id, similarity in zip(
            members["doc_id"], members["similarity_to_first"], strict=True
        ):
            row = meta.loc[doc_id]
            lines.append(f"- `{doc_id}` {row['date']} sim {similarity:.3f} — **{row['title']}**")
            lines.append(f"  > {_excerpt(str(row['text']))}")
        own = differences[differences["cluster"] == number]
        if own.empty:
            lines.append("- differences: none (same sentences)")
        for doc_id, sentence, held in own[["doc_id", "sentence", "members_with"]].itertuples(
            index=False
        ):
            lines.append(
                f"- only in {held} of {len(members)} (`{doc_id}`): {_excerpt(sentence, 160)}"
            )
        lines.append("")
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    SAMPLE.write_text("\n".join(lines), encoding="utf-8")
    print(f"sample of {len(chosen)} clusters -> {SAMPLE.relative_to(ROOT)}")


def duplicates_report(corpus: Path, sample: int) -> None:
    import pandas as pd

    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, __file__, "--cold-duplicates", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    data = json.loads(run.stdout)
    clusters = pd.DataFrame(data["clusters"])
    sizes = clusters.groupby("cluster").size()
    print(
        f"duplicates, cold (fresh process): {data['documents']:,} documents loaded in "
        f"{data['load_s']:.1f} s, clustered in {data['cluster_s']:.1f} s "
        f"({data['cluster_cpu_s']:.1f} s of CPU; whole process {wall:.1f} s)"
    )
    print(
        f"  {len(sizes)} clusters, {int(sizes.sum())} articles, folding {int(sizes.sum() - len(sizes))}; "
        f"sizes {sizes.value_counts().sort_index().to_dict()}"
    )
    exact = (clusters["similarity_to_first"] == 1.0) & clusters.duplicated("cluster")
    print(f"  members identical in wording to their first: {int(exact.sum())}")
    if sample:
        from analysis.ingest.loading import load_corpus

        write_sample(clusters, load_corpus(corpus).documents, sample)


def groups_report(corpus_path: Path, passages: bool, repeat: int) -> None:
    from analysis.ingest.loading import load_corpus
    from analysis.query.groups import compare_many, group_passages, select_groups
    from analysis.run.cache import default_cache_dir
    from analysis.run.pipeline import analyze

    corpus = load_corpus(corpus_path)
    started = time.perf_counter()
    result = analyze(corpus, cache_dir=default_cache_dir())
    print(f"\nanalysis (cached after the first run): {time.perf_counter() - started:.1f} s")
    specs = [f"from={month}-01,to={month}-31" for month in MONTHS]
    groups = select_groups(result.documents, specs)
    print(
        "groups: "
        + ", ".join(
            f"{month} ({len(ids):,})" for month, ids in zip(MONTHS, groups.values(), strict=True)
        )
    )
    counters = {"plain word counting": None}
    try:
        from analysis.query.corpus_index import documents_index
        from analysis.query.words import index_word_counts
    except ImportError:
        print("  (no token index in this checkout: timing plain word counting only)")
    else:
        started = time.perf_counter()
        index = documents_index(result.documents, result.sentences)
        print(f"token index, built once per corpus: {time.perf_counter() - started:.1f} s")
        counters = {"token index": partial(index_word_counts, index), **counters}
    comparison = None
    timings = {}
    for name, counter in counters.items():
        times = []
        for _ in range(repeat if counter is not None else 1):
            started = time.perf_counter()
            comparison = compare_many(
                result.documents, result.mentions, groups, passages=False, count_words=counter
            )
            times.append(time.perf_counter() - started)
        timings[name] = times
        spread = (
            f"; median of {len(times)} {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f})"
            if len(times) > 1
            else ""
        )
        print(f"4-group comparison ({name}): first {times[0]:.2f} s{spread}")
    if "token index" in timings:
        plain, first = timings["plain word counting"][0], timings["token index"][0]
        print(f"  plain word counting / token index (first call): {plain / first:.1f}x")
    assert comparison is not None
    for kind in ("word", "entity"):
        top = comparison.top(kind, 6)
        print(f"\ntop {kind}s over-used by each month against the other three (G², Log Ratio):")
        for spec, month in zip(specs, MONTHS, strict=True):
            rows = top[top["group"] == spec]
            items = ", ".join(
                f"{r.item} ({r.log_likelihood:.0f}, {r.log_ratio:+.1f})" for r in rows.itertuples()
            )
            print(f"  {month}: {items}")
    presence = comparison.presence
    matrix = presence.pivot(index="entity", columns="group", values="share")[specs]
    matrix = matrix.loc[presence["entity"].drop_duplicates().head(8)]
    matrix.columns = MONTHS
    print("\nentity presence (share of the month's articles), most present entities:")
    print(matrix.to_string(float_format="%.3f"))
    if passages:
        started = time.perf_counter()
        shared = group_passages(result.documents, groups)
        print(
            f"\npassages shared by the months: {len(shared):,} in {time.perf_counter() - started:.1f} s"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="write N clusters for checking")
    parser.add_argument("--passages", action="store_true", help="also time shared passages")
    parser.add_argument(
        "--repeat", type=int, default=3, help="comparisons timed with the token index"
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the Reuters-21578 CSV")
    parser.add_argument("--cold-duplicates", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"skipped: {args.corpus} is absent (the shared corpora are not on this machine)")
        return 0
    if args.cold_duplicates:
        print(json.dumps(cold_duplicates(args.corpus)))
        return 0
    duplicates_report(args.corpus, args.sample)
    groups_report(args.corpus, args.passages, max(args.repeat, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
