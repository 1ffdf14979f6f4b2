"""End-to-end speed as a user runs it: ``python -m analysis export`` against a naive YAKE loop.

    python benchmarks/cli_speed.py [--corpus ua|reuters|both] [--runs 1]

Each measurement is a fresh ``python -m analysis export SOURCE --out DIR --cache-dir FRESH``
process (start, load and clean, analyse, write the six tables), timed from outside, with the
peak memory of its whole process tree (the CLI and its worker processes, summed, sampled every
0.2 s from ``/proc``), as PSS (proportional set size: a page shared by several processes counts
once in the sum, split between them) and as summed RSS. Workers are forked from the CLI, so the
CLI's pages (the loaded corpus, the word lists, the libraries) are resident in all three at once
but held once: summed RSS counts them three times, which the machine does not spend. The
memory target is judged on PSS; RSS is printed beside it. Rows:

- cold, default backend (the shipped entity model with the rules around it); target <= 0.5x the
  naive loop on ua-ru-press and on Reuters, Reuters peak <= 1.5 GB;
- cold, ``--entity-backend rules``; target <= 0.10x on ua-ru-press;
- warm (the same cache again, default backend); target <= 0.03x on ua-ru-press.

The baseline, ``yake.KeywordExtractor(lan="en", n=3, top=10).extract_keywords(text)`` per article
on one core, runs in the same session, before and after the exports (a shared machine's speed
drifts), and the ratios use the mean. Corpora are read from ``../shared/corpora``; without them
the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SOURCES = {"ua": CORPORA / "ua-ru-press", "reuters": CORPORA / "reuters21578.csv.gz"}

NAIVE = """
import sys, time, yake
from analysis import load_corpus
texts = [t for t in load_corpus(sys.argv[1]).documents["text"] if isinstance(t, str)]
step = int(sys.argv[2])
sample = texts[::step]
extractor = yake.KeywordExtractor(lan="en", n=3, top=10)
started = time.process_time()
for text in sample:
    extractor.extract_keywords(text)
spent = time.process_time() - started
share = sum(map(len, sample)) / max(1, sum(map(len, texts)))
print(spent / share)
"""


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """``(PSS, RSS)`` of ``pid`` and all its descendants, summed, in MB (Linux ``/proc``): PSS
    counts a page shared between them once, RSS once per process that maps it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    pss = rss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1e3, rss / 1e3


def export(source: Path, cache_dir: str, backend: str | None) -> tuple[float, tuple[float, float]]:
    """Wall seconds and peak tree memory (PSS and RSS, MB) of one CLI export."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "analysis", "export", str(source), "--out", out]
        command += ["--cache-dir", cache_dir]
        if backend:
            command += ["--entity-backend", backend]
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        peak_pss = peak_rss = 0.0
        while process.poll() is None:
            pss, rss = tree_memory_mb(process.pid)
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            raise SystemExit(f"export failed: {process.stderr.read()[-2000:]}")
        return seconds, (peak_pss, peak_rss)


def naive(source: Path, step: int) -> float:
    """CPU seconds of the naive YAKE loop over the whole corpus (from every ``step``-th text)."""
    done = subprocess.run(
        [sys.executable, "-c", NAIVE, str(source), str(step)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def measure(name: str, source: Path, runs: int) -> list[str]:
    step = 1 if name == "ua" else 10
    before = naive(source, step)
    rows = []
    cold, cold_memory, rules = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            seconds, memory = export(source, cache, None)
            cold.append(seconds)
            cold_memory.append(memory)
            warm, _ = export(source, cache, None)
        with tempfile.TemporaryDirectory() as cache:
            rules.append(export(source, cache, "rules")[0])
    after = naive(source, step)
    base = (before + after) / 2
    cold_s, rules_s = sorted(cold)[len(cold) // 2], sorted(rules)[len(rules) // 2]
    rows.append(
        f"| {name}: naive YAKE loop, one core (mean of {before:.0f} and {after:.0f} s) "
        f"| {base:.1f} | 1 | |"
    )
    rows.append(
        f"| {name}: export, cold, default backend (model) | {cold_s:.1f} | "
        f"{cold_s / base:.3f}x | <= 0.5x: {'met' if cold_s <= base / 2 else 'NOT met'} |"
    )
    rows.append(
        f"| {name}: export, cold, rules backend | {rules_s:.1f} | {rules_s / base:.3f}x | "
        + ("<= 0.10x: " + ("met" if rules_s <= base / 10 else "NOT met") if name == "ua" else "")
        + " |"
    )
    rows.append(
        f"| {name}: export, warm (cache), default backend | {warm:.1f} | {warm / base:.3f}x | "
        + ("<= 0.03x: " + ("met" if warm <= base * 0.03 else "NOT met") if name == "ua" else "")
        + " |"
    )
    rows.append(
        f"| {name}: peak memory of the cold export (process tree, PSS; summed RSS "
        f"{max(rss for _, rss in cold_memory):,.0f} MB) | "
        f"{max(pss for pss, _ in cold_memory):,.0f} MB | | <= 1,536 MB: "
        f"{'met' if max(pss for pss, _ in cold_memory) <= 1536 else 'NOT met'} |"
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("ua", "reuters", "both"), default="both")
    parser.add_argument("--runs", type=int, default=1, help="cold runs per corpus (median)")
    args = parser.parse_args()
    names = ["ua", "reuters"] if args.corpus == "both" else [args.corpus]
    missing = [str(SOURCES[name]) for name in names if not SOURCES[name].exists()]
    if missing:
        print(f"skipped: {', '.join(missing)} absent (the corpora live in ../shared/corpora)")
        return 0
    print("| measure | seconds | vs naive loop | target |")
    print("| --- | --- | --- | --- |")
    for name in names:
        for row in measure(name, SOURCES[name], args.runs):
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
