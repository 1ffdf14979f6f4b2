"""Speed at any size (issue 8): every figure against a naive YAKE loop measured in the same run.

Run from the project root (about 6 minutes on two cores; ``--quick`` about 4)::

    python benchmarks/speed.py [--workers N] [--reuters-sample 1000] [--agreement-sample 300]
                               [--cold-runs 3] [--huge-mb 0] [--no-dask] [--quick]
                               [--only ua|reuters]

The naive baseline is ``yake.KeywordExtractor(lan="en", n=3, top=10).extract_keywords(text)`` per
article on one core, timed before and again after the cold analyses (on a shared machine a
core's speed drifts by a third within minutes); ratios use the mean of the two. For the same
reason the cold analysis runs ``--cold-runs`` times (each in a fresh process, with an empty
cache), and the table shows the median run; the notes list every run's time. Every
measurement runs in a fresh Python process, so that each one's peak
memory (its own and its worker processes') is its own, and no run profits from another's caches
(except the warm runs, which are meant to).

``ua-ru-press`` (1,796 press releases):

- cold: full analysis (keywords, entities, mentions, frequencies) with an empty cache;
  target at most 1/10 of the naive loop;
- warm: the same again, cache kept; target at most 1/30;
- new terms: the analysed corpus again with two terms (term matching and counting only);
- grown: 5% new documents on a cache that holds the other 95%;
- dask: the same analysis on a local Dask cluster, and whether its tables equal the local ones;
- keyword agreement: the share of YAKE's top-10 phrases (de-duplicated as YAKE does) that the
  fast scorer's top-10 also has (target at least 90%), and of the final keywords with
  ``keyword_engine="yake"`` that ``"fast"`` also finds, on a sample;
- the per-document stages' share of one core's time (keywords, entities), on the same sample.

Reuters-21578 (19,779 stories): the naive loop is timed on an evenly spread sample and scaled up;
the full cold analysis must take at most 1/10 of that, with peak memory (main process plus the
largest worker) at most 1.5 GB; a dashboard filter change (date range, entity types, counts per
term and per week) is timed on the analysed corpus and on the seeds.

``--huge-mb N`` also analyses one document of N MB (ua-ru-press texts joined) to show that a very
large file is bounded.
The CPU columns add up this process and its workers: on a machine shared with other work they
show the work done, where wall-clock times also show the waiting. Corpora live in ``../shared/corpora``; without them the script says so and
exits 0.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPORA = ROOT.parent / "shared" / "corpora"
UA = CORPORA / "ua-ru-press"
REUTERS = CORPORA / "reuters21578.csv.gz"
TABLES = ("mentions", "keywords", "entities", "frequencies", "sentences")


# --------------------------------------------------------------------------------------------------
# Helpers (run inside the measuring processes)


def peak_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_main_mb": round(own), "peak_worker_mb": round(child)}


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function, *args, **kwargs):
    """``function``'s result and wall-clock seconds (CPU seconds go to :func:`timed_cpu`)."""
    result, wall, _ = timed_cpu(function, *args, **kwargs)
    return result, wall


def timed_cpu(function, *args, **kwargs):
    """``function``'s result, wall-clock seconds and CPU seconds (this process and workers)."""
    started, cpu = time.perf_counter(), cpu_seconds()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started, cpu_seconds() - cpu


def load(path: Path):
    from analysis import load_corpus

    corpus, seconds = timed(load_corpus, path)
    return corpus, seconds


def naive_loop(texts: list[str]) -> tuple[list[list[str]], float, float]:
    """The baseline: one YAKE extractor, one article after the other, top 10 (lower-cased)."""
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=3, top=10)
    return timed_cpu(
        lambda: [[kw.lower() for kw, _ in extractor.extract_keywords(text)] for text in texts]
    )


def fast_top10(texts: list[str]) -> tuple[list[list[str]], float]:
    """The fast scorer's top 10 with YAKE's own de-duplication (``dedup_lim=0.9``, seqm)."""
    import yake

    from analysis.extract.yake_fast import rank_candidates

    dedup = yake.KeywordExtractor(lan="en", n=3, top=10).dedup_function
    started = time.perf_counter()
    result = []
    for start in range(0, len(texts), 200):
        for ranking in rank_candidates(texts[start : start + 200]):
            kept: list[str] = []
            for phrase, _ in ranking:
                if all(dedup(phrase, other) <= 0.9 for other in kept):
                    kept.append(phrase)
                if len(kept) == 10:
                    break
            result.append(kept)
    return result, time.perf_counter() - started


def share(found: list[list[str]], expected: list[list[str]]) -> float:
    """The share of ``expected`` phrases (per article, summed) that ``found`` also has."""
    hits = sum(len(set(f) & set(e)) for f, e in zip(found, expected, strict=True))
    return hits / max(1, sum(len(set(e)) for e in expected))


def fingerprint(result) -> dict[str, str]:
    """A digest per table, to compare analyses run in different processes."""
    import pandas as pd

    from analysis.run.cache import digest

    return {
        name: digest(
            pd.util.hash_pandas_object(getattr(result, name), index=False).to_numpy().tobytes()
        )
        + f":{len(getattr(result, name))}"
        for name in TABLES
    }


def filter_change_seconds(result) -> float:
    """Median time of a dashboard filter change: documents and mentions filtered by a date range
    and entity types, then counts per term and per week (what the charts read), on mentions held
    as the app holds them."""
    from analysis.core.counting import count_terms, counts_by_date
    from analysis.query.filters import Filters, filter_documents, filter_mentions

    dates = sorted(d for d in result.documents["date"] if isinstance(d, str) and d)
    f = Filters(
        date_from=dates[len(dates) // 4],
        date_to=dates[3 * len(dates) // 4],
        kinds=("entity", "keyword"),
        entity_types=("PERSON", "ORG", "GPE"),
        period="week",
    )
    # As the app holds them (app/view.py): ids, kinds, terms and labels as categories, once.
    categorical = result.mentions.astype(
        dict.fromkeys(("doc_id", "kind", "term", "label"), "category")
    )
    times = []
    for _ in range(5):
        started = time.perf_counter()
        documents = filter_documents(result.documents, f)
        mentions = filter_mentions(categorical, result.documents, f)
        count_terms(mentions, documents)
        counts_by_date(mentions, documents, period="week")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --------------------------------------------------------------------------------------------------
# Parts: each runs in its own process and prints one JSON object


def part_ua_naive(args) -> dict:
    corpus, load_s = load(UA)
    texts = corpus.documents["text"].tolist()
    naive, naive_s, naive_cpu = naive_loop(texts)
    fast, fast_s = fast_top10(texts)
    return {
        "load_s": load_s,
        "naive_s": naive_s,
        "naive_cpu": naive_cpu,
        "fast_top10_s": fast_s,
        "top10_agreement": share(fast, naive),
        "documents": len(texts),
    }


def part_ua_naive_again(args) -> dict:
    """The naive loop again on every fourth article, scaled up: the baseline after the analysis."""
    corpus, _ = load(UA)
    texts = corpus.documents["text"].tolist()
    _, seconds, cpu = naive_loop(texts[::4])
    share_timed = sum(map(len, texts[::4])) / max(1, sum(map(len, texts)))
    return {"naive_s": seconds / share_timed, "naive_cpu": cpu / share_timed}


def part_ua_cold(args) -> dict:
    from analysis import analyze

    corpus, _ = load(UA)
    cache = Path(args.cache_dir)
    cold, cold_s, cold_cpu = timed_cpu(analyze, corpus, workers=args.workers, cache_dir=cache)
    memory = peak_mb()
    warm, warm_s = timed(analyze, corpus, workers=args.workers, cache_dir=cache)
    same = fingerprint(warm) == fingerprint(cold)
    _, recount_s = timed(
        analyze, corpus, ["Ukraine", "sanctions"], workers=args.workers, cache_dir=cache
    )
    return {
        "cold_s": cold_s,
        "cold_cpu": cold_cpu,
        "warm_s": warm_s,
        "recount_s": recount_s,
        "warm_equals_cold": same,
        "mentions": len(cold.mentions),
        "tables": fingerprint(cold),
        **memory,
    }


def part_ua_grown(args) -> dict:
    from analysis import analyze
    from analysis.ingest.loading import Corpus

    corpus, _ = load(UA)
    documents = corpus.documents
    cut = int(len(documents) * 0.95)
    with tempfile.TemporaryDirectory() as cache:
        analyze(
            Corpus(documents.iloc[:cut], corpus.problems), workers=args.workers, cache_dir=cache
        )
        _, grown_s = timed(analyze, corpus, workers=args.workers, cache_dir=cache)
    return {"grown_s": grown_s, "new_documents": len(documents) - cut}


def part_ua_dask(args) -> dict:
    from analysis import analyze

    corpus, _ = load(UA)
    result, dask_s = timed(analyze, corpus, engine="dask", workers=args.workers)
    local = analyze(corpus, workers=args.workers)  # (untimed: the local engine's tables)
    return {"dask_s": dask_s, "dask_equals_local": fingerprint(result) == fingerprint(local)}


def part_ua_agreement(args) -> dict:
    from analysis import analyze
    from analysis.extract.entities.lexicon import lexicon
    from analysis.ingest.loading import Corpus
    from analysis.run.engines import ENTITIES, KEYWORDS, Chunk, DocumentSettings, analyse_chunk

    corpus, _ = load(UA)
    documents = corpus.documents
    step = max(1, len(documents) // args.agreement_sample)
    sample = Corpus(documents.iloc[::step].reset_index(drop=True), corpus.problems)
    fast = analyze(sample, workers=args.workers, keyword_engine="fast")
    plain = analyze(sample, workers=args.workers, keyword_engine="yake")
    by_doc = [
        result.keywords.groupby("doc_id")["keyword"].apply(list).reindex(sample.documents["doc_id"])
        for result in (fast, plain)
    ]
    found = [k if isinstance(k, list) else [] for k in by_doc[0]]
    expected = [k if isinstance(k, list) else [] for k in by_doc[1]]
    texts = tuple(sample.documents["text"])
    dates = tuple(sample.documents["date"])
    lexicon()
    seconds = {}
    for facet, engine in [(KEYWORDS, "fast"), (KEYWORDS, "yake"), (ENTITIES, "fast")]:
        chunk = Chunk(texts, dates, (facet,), DocumentSettings(keyword_engine=engine))
        seconds[f"{facet}_{engine}"] = timed(analyse_chunk, chunk)[1]
    return {
        "final_agreement": share(found, expected),
        "sample": len(texts),
        "keywords_fast_s": seconds["keywords_fast"],
        "keywords_yake_s": seconds["keywords_yake"],
        "entities_s": seconds["entities_fast"],
    }


def part_reuters_naive(args) -> dict:
    corpus, load_s = load(REUTERS)
    texts = corpus.documents["text"].tolist()
    step = max(1, len(texts) // args.reuters_sample)
    sample = texts[::step]
    _, sample_s, sample_cpu = naive_loop(sample)
    return {
        "load_s": load_s,
        "documents": len(texts),
        "sample": len(sample),
        "naive_estimate_s": sample_s * len(texts) / len(sample),
        "naive_estimate_cpu": sample_cpu * len(texts) / len(sample),
    }


def part_reuters_cold(args) -> dict:
    from analysis import analyze, load_corpus

    corpus, _ = load(REUTERS)
    with tempfile.TemporaryDirectory() as cache:
        result, cold_s, cold_cpu = timed_cpu(analyze, corpus, workers=args.workers, cache_dir=cache)
        memory = peak_mb()
        _, warm_s = timed(analyze, corpus, workers=args.workers, cache_dir=cache)
    seeds = analyze(load_corpus(ROOT / "seeds"), workers=1)
    return {
        "cold_s": cold_s,
        "cold_cpu": cold_cpu,
        "warm_s": warm_s,
        "mentions": len(result.mentions),
        "tables": fingerprint(result),
        "filter_change_s": filter_change_seconds(result),
        "filter_change_seeds_s": filter_change_seconds(seeds),
        **memory,
    }


def part_huge(args) -> dict:
    from analysis import analyze
    from analysis.ingest.loading import Corpus

    corpus, _ = load(UA)
    text = "\n".join(corpus.documents["text"])
    while len(text) < args.huge_mb * 1_000_000:
        text += "\n" + text
    text = text[: int(args.huge_mb * 1_000_000)]
    documents = corpus.documents.iloc[:1].assign(text=text, n_words=len(text.split()))
    result, seconds = timed(analyze, Corpus(documents, corpus.problems), workers=args.workers)
    return {
        "huge_s": seconds,
        "huge_mb": args.huge_mb,
        "keywords": len(result.keywords),
        **peak_mb(),
    }


PARTS = {
    "ua-naive": part_ua_naive,
    "ua-naive-again": part_ua_naive_again,
    "ua-cold": part_ua_cold,
    "ua-grown": part_ua_grown,
    "ua-dask": part_ua_dask,
    "ua-agreement": part_ua_agreement,
    "reuters-naive": part_reuters_naive,
    "reuters-cold": part_reuters_cold,
    "huge": part_huge,
}


# --------------------------------------------------------------------------------------------------
# The conductor


def run_part(name: str, args, cache_dir: str) -> dict:
    """Run one part in a fresh interpreter and return its figures."""
    command = [
        sys.executable,
        __file__,
        "--part",
        name,
        "--cache-dir",
        cache_dir,
        "--workers",
        str(args.workers),
        "--reuters-sample",
        str(args.reuters_sample),
        "--agreement-sample",
        str(args.agreement_sample),
        "--huge-mb",
        str(args.huge_mb),
    ]
    print(f"  running {name} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_run(part: str, args, notes: list[str], corpus: str) -> dict:
    """The cold analysis ``args.cold_runs`` times, each in a fresh process with an empty cache:
    the run with the median time. On a shared machine one cold run's time moves by a fifth
    from one run to the next; the baseline is a mean of two timings for the same reason."""
    runs = []
    for _ in range(max(1, args.cold_runs)):
        with tempfile.TemporaryDirectory() as own_cache:
            runs.append(run_part(part, args, own_cache))
    runs.sort(key=lambda run: run["cold_s"])
    if len(runs) > 1:
        times = ", ".join(f"{run['cold_s']:.1f}" for run in runs)
        notes.append(f"{corpus} cold runs: {times} s; the table shows the median")
    return runs[len(runs) // 2]


def row(
    measure: str,
    seconds: float | None,
    baseline: float | None = None,
    target: str = "",
    ok: bool | None = None,
    memory: str = "",
    cpu: float | None = None,
    cpu_baseline: float | None = None,
) -> str:
    """One line of the table: wall-clock and CPU seconds, each as a ratio to the naive loop."""

    def ratio(value: float | None, base: float | None) -> str:
        return f"1/{base / value:.1f}" if value and base else ""

    verdict = "" if ok is None else ("yes" if ok else "NO")
    wall = f"{seconds:.1f}" if seconds is not None else ""
    used = f"{cpu:.1f}" if cpu is not None else ""
    return (
        f"| {measure:<64} | {wall:>7} | {ratio(seconds, baseline):>7} | {used:>7} "
        f"| {ratio(cpu, cpu_baseline):>7} | {target:<7} | {verdict:<3} | {memory:<15} |"
    )


HEADER = [
    f"| {'measure':<64} | {'wall s':>7} | {'vs base':>7} | {'CPU s':>7} | {'vs base':>7} "
    f"| {'target':<7} | {'ok':<3} | {'peak memory':<15} |",
    f"|{'-' * 66}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 5}|{'-' * 17}|",
]


def memory(figures: dict) -> str:
    return f"{figures['peak_main_mb']} + {figures['peak_worker_mb']} MB"


def cold_row(corpus: str, workers: int, cold: dict, base: float, base_cpu: float) -> str:
    """The row of a cold full analysis: wall and CPU time against the baseline, target 1/10."""
    return row(
        f"{corpus}: full analysis, cold ({workers} workers)",
        cold["cold_s"],
        base,
        "<= 1/10",
        cold["cold_s"] <= base / 10,
        memory(cold),
        cold["cold_cpu"],
        base_cpu,
    )


def ua_section(args, cache_dir: str, lines: list[str], notes: list[str]) -> None:
    naive = run_part("ua-naive", args, cache_dir)
    cold = median_run("ua-cold", args, notes, "ua-ru-press")
    after = run_part("ua-naive-again", args, cache_dir)  # drift: see reuters_section
    base = statistics.mean([naive["naive_s"], after["naive_s"]])
    base_cpu = statistics.mean([naive["naive_cpu"], after["naive_cpu"]])
    notes.append(
        f"ua-ru-press baseline timed before the analysis ({naive['naive_s']:.0f} s, every article) "
        f"and after it ({after['naive_s']:.0f} s, every fourth article scaled by its share of the "
        "text); the ratios use their mean"
    )
    lines += [
        row(f"ua-ru-press: load {naive['documents']} documents", naive["load_s"]),
        row("ua-ru-press: naive YAKE loop, one core (baseline, mean of two)", base, cpu=base_cpu),
        row("ua-ru-press: fast scorer top-10, one core", naive["fast_top10_s"], base),
        cold_row("ua-ru-press", args.workers, cold, base, base_cpu),
        row(
            "ua-ru-press: full analysis, warm (cache)",
            cold["warm_s"],
            base,
            "<= 1/30",
            cold["warm_s"] <= base / 30,
        ),
        row("ua-ru-press: new terms on the analysed corpus", cold["recount_s"], base),
    ]
    notes.append(f"warm tables equal cold tables: {cold['warm_equals_cold']}")
    notes.append(
        "top-10 agreement of the fast scorer with YAKE (both de-duplicated as YAKE does): "
        f"{naive['top10_agreement']:.1%} (target >= 90%)"
    )
    if not args.quick:
        grown = run_part("ua-grown", args, cache_dir)
        lines.append(
            row(
                f"ua-ru-press: grown by {grown['new_documents']} documents (5%)",
                grown["grown_s"],
                base,
            )
        )
        if not args.no_dask:
            dask = run_part("ua-dask", args, cache_dir)
            lines.append(row("ua-ru-press: full analysis, cold, local Dask", dask["dask_s"], base))
            notes.append(f"Dask tables equal local tables: {dask['dask_equals_local']}")
        agreement = run_part("ua-agreement", args, cache_dir)
        sample = agreement["sample"]
        per_document = agreement["keywords_fast_s"] + agreement["entities_s"]
        notes.append(
            f"final keywords, fast vs plain-YAKE engine, {sample} articles: "
            f"{agreement['final_agreement']:.1%} of plain YAKE's also found"
        )
        notes.append(
            f"one core, {sample} articles: keywords {agreement['keywords_fast_s']:.1f} s "
            f"({agreement['keywords_yake_s']:.1f} s with plain YAKE), entities "
            f"{agreement['entities_s']:.1f} s ({agreement['entities_s'] / per_document:.0%} of "
            "the per-document work)"
        )
    if args.huge_mb:
        huge = run_part("huge", args, cache_dir)
        lines.append(
            row(
                f"one {huge['huge_mb']:g} MB document: full analysis",
                huge["huge_s"],
                memory=memory(huge),
            )
        )


def reuters_section(args, cache_dir: str, lines: list[str], notes: list[str]) -> None:
    # The baseline is timed before and after the analysis and averaged: on a shared machine the
    # speed of a core drifts (by a third within minutes here), and a ratio against one timing
    # taken minutes earlier measures the drift as much as the code.
    naive = run_part("reuters-naive", args, cache_dir)
    cold = median_run("reuters-cold", args, notes, "Reuters")
    after = run_part("reuters-naive", args, cache_dir)
    base = statistics.mean([naive["naive_estimate_s"], after["naive_estimate_s"]])
    base_cpu = statistics.mean([naive["naive_estimate_cpu"], after["naive_estimate_cpu"]])
    notes.append(
        f"Reuters baseline timed before and after the analysis: {naive['naive_estimate_s']:.0f} s "
        f"and {after['naive_estimate_s']:.0f} s; the ratios use their mean"
    )
    peak = cold["peak_main_mb"] + cold["peak_worker_mb"]
    lines += [
        row(f"Reuters: load {naive['documents']} stories", naive["load_s"]),
        row(
            f"Reuters: naive YAKE loop (from {naive['sample']} stories, mean of two)",
            base,
            cpu=base_cpu,
        ),
        cold_row("Reuters", args.workers, cold, base, base_cpu),
        row("Reuters: full analysis, warm (cache)", cold["warm_s"], base),
        row("Reuters: dashboard filter change", cold["filter_change_s"]),
        row("seeds: dashboard filter change", cold["filter_change_seeds_s"]),
    ]
    notes.append(
        f"Reuters peak memory, main + largest worker: {peak} MB (target <= 1,536 MB): "
        + ("yes" if peak <= 1536 else "NO")
    )
    notes.append(f"Reuters mentions: {cold['mentions']:,}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="worker processes (all cores)")
    parser.add_argument("--reuters-sample", type=int, default=1000)
    parser.add_argument("--agreement-sample", type=int, default=300)
    parser.add_argument("--huge-mb", type=float, default=0, help="also analyse one N MB document")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="cold analyses per corpus (the median is shown)"
    )
    parser.add_argument("--quick", action="store_true", help="skip grown, dask and agreement")
    parser.add_argument("--only", choices=("ua", "reuters"))
    parser.add_argument("--part", choices=sorted(PARTS), help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workers is None:
        from analysis.run.engines import available_cores

        args.workers = available_cores()
    if args.part:
        print(json.dumps(PARTS[args.part](args)))
        return 0
    lines, notes = list(HEADER), []
    with tempfile.TemporaryDirectory() as cache_dir:
        if args.only != "reuters":
            if UA.exists():
                ua_section(args, cache_dir, lines, notes)
            else:
                notes.append(f"ua-ru-press skipped: {UA} is absent (it lives in ../shared/corpora)")
        if args.only != "ua":
            if REUTERS.exists():
                reuters_section(args, cache_dir, lines, notes)
            else:
                notes.append(
                    f"Reuters skipped: {REUTERS} is absent (it lives in ../shared/corpora)"
                )
    print("\n".join(lines))
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
