"""Command line: ``groups`` (2-8 groups, each against the rest), ``duplicates`` (near-identical
articles) and ``spikes`` (peaks of a timeline, explained).

    python -m analysis groups SOURCE GROUP GROUP [GROUP ...] [--format json|csv] [--out DIR]
    python -m analysis duplicates SOURCE [--threshold 0.8] [--out FILE]
    python -m analysis spikes SOURCE [--term T] [--period day|week|month] [--date D]

A group is a selector as ``compare`` takes it (:func:`analysis.query.selection.select_documents`).
A user's mistake (an unreadable SOURCE, a group that picks nothing, a bad option) is one line on
stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from analysis.cli.common import CommandError, load_source
from analysis.query.duplicates import (
    DUPLICATE_MEASURE,
    cluster_summary,
    duplicate_clusters,
)
from analysis.query.groups import GroupComparison, compare_many, select_groups
from analysis.query.spikes import (
    PEAK_RULE,
    SPIKE_PERIODS,
    explain_period,
    find_peaks,
    period_counts,
)
from analysis.run.pipeline import analyze

#: The sub-commands this module adds.
GROUP_COMMANDS = ("groups", "duplicates", "spikes")

GROUP_HELP = """\
groups (2 to 8), each a selector as for compare:
  source=NAME, from=YYYY-MM-DD, to=YYYY-MM-DD, ids=ID|ID|..., joined by commas; or a doc_id.
  Example: "source=Reuters,from=1987-03-01,to=1987-03-31"

Each group is compared with the rest (the documents of the other groups it does not hold).
output:
  JSON (default; stdout, or DIR/groups.json with --out): groups, keyness_min_docs and the tables
  summary, keyness (each group's top 20 per kind), presence, passages as lists of records.
  CSV (--format csv --out DIR): groups_summary.csv, groups_keyness.csv (every item),
  groups_presence.csv, groups_passages.csv."""


def add_group_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``groups``, ``duplicates`` and ``spikes`` to the sub-commands of ``python -m analysis``."""
    groups = commands.add_parser(
        "groups",
        help="compare 2-8 groups of documents of SOURCE, each against the rest",
        description="Analyse SOURCE, then for each group: the words, keywords and entities it "
        "over-uses against the rest (log-likelihood and Log Ratio, with a document-range "
        "guard), the share of its documents that mention each entity, and the passages it "
        "shares with each other group.",
        epilog=GROUP_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    groups.add_argument("source", metavar="SOURCE", help="folder, table file or archive")
    groups.add_argument("groups", metavar="GROUP", nargs="+", help="2 to 8 selectors (see below)")
    groups.add_argument("--format", choices=("json", "csv"), default="json")
    groups.add_argument("--out", type=Path, metavar="DIR", help="folder to write into")
    groups.add_argument(
        "--min-docs",
        type=int,
        metavar="N",
        help="keyness needs an item in N documents of the group (default: 2, or 1%% of the "
        "smallest group if that is more)",
    )
    groups.add_argument(
        "--threshold",
        type=float,
        default=0.5,
        help="how alike two sentences must be to count as a shared passage, 0-1 (%(default)s)",
    )
    groups.add_argument(
        "--no-passages",
        action="store_true",
        help="skip the shared passages (the slow part on a large corpus)",
    )

    duplicates = commands.add_parser(
        "duplicates",
        help="find clusters of near-identical articles (wire copies) in SOURCE",
        description="Find clusters of near-identical articles and write one row per member: "
        "cluster,doc_id,similarity_to_first (the first member is the earliest, and the one "
        f"kept when each story is counted once). Similarity: {DUPLICATE_MEASURE}.",
    )
    duplicates.add_argument("source", metavar="SOURCE", help="folder, table file or archive")
    duplicates.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        help="least similarity of two near-duplicates, 0-1 (%(default)s)",
    )
    duplicates.add_argument(
        "--method",
        choices=("auto", "minhash", "exact"),
        default="auto",
        help="minhash (LSH candidates, exact check), exact (every pair) or auto (%(default)s: "
        "exact for small corpora)",
    )
    duplicates.add_argument("--out", type=Path, metavar="FILE", help="CSV file (default: stdout)")

    spikes = commands.add_parser(
        "spikes",
        help="find the spikes of SOURCE's timeline and what made them",
        description="Count articles per period (those mentioning --term if given), find the "
        "periods that stand out, and for each the entities, keywords and terms its articles "
        "over-use against the --window periods before it. Spike rule: "
        + PEAK_RULE.format(window="--window", k="--k", min_count="--min-count")
        + ".",
    )
    spikes.add_argument("source", metavar="SOURCE", help="folder, table file or archive")
    spikes.add_argument("--term", help="count the articles that mention this term")
    spikes.add_argument("--period", choices=SPIKE_PERIODS, default="day")
    spikes.add_argument("--date", help="explain this period instead of the spikes found")
    spikes.add_argument("--window", type=int, default=7, help="periods of baseline (%(default)s)")
    spikes.add_argument("--k", type=float, default=3.0, help="spreads above it (%(default)s)")
    spikes.add_argument("--min-count", type=int, default=3, help="least articles (%(default)s)")
    spikes.add_argument("--top", type=int, default=10, help="drivers per kind (%(default)s)")
    spikes.add_argument("--out", type=Path, metavar="FILE", help="JSON file (default: stdout)")


def run_group_command(args: argparse.Namespace) -> int:
    """Run ``groups``, ``duplicates`` or ``spikes``; returns the exit status."""
    runners = {"groups": _run_groups, "duplicates": _run_duplicates, "spikes": _run_spikes}
    try:
        return runners[args.command](args)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _write_text(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"--out {out}: cannot write ({error.strerror or error})") from error


# --- groups ------------------------------------------------------------------------------------


def _run_groups(args: argparse.Namespace) -> int:
    if args.format == "csv" and args.out is None:
        raise CommandError("--format csv writes several files: give a folder with --out")
    if not 0.0 < args.threshold <= 1.0:
        raise CommandError(f"--threshold must be above 0 and at most 1, not {args.threshold}")
    if args.min_docs is not None and args.min_docs < 1:
        raise CommandError(f"--min-docs must be 1 or more, not {args.min_docs}")
    corpus = load_source(args.source)
    try:
        groups = select_groups(corpus.documents, args.groups)
    except ValueError as error:
        raise CommandError(str(error)) from error
    result = analyze(corpus)
    comparison = compare_many(
        result.documents,
        result.mentions,
        groups,
        min_docs=args.min_docs,
        threshold=args.threshold,
        passages=not args.no_passages,
    )
    written = write_groups(comparison, args.format, args.out)
    sizes = ", ".join(f"{name} ({len(ids)})" for name, ids in comparison.groups.items())
    if written:
        print(f"compared {sizes} -> {args.out}", file=sys.stderr)
    return 0


def write_groups(comparison: GroupComparison, fmt: str, out: Path | None) -> list[Path]:
    """Write ``comparison`` as JSON (stdout without ``out``, else ``out/groups.json``) or as CSV
    files ``out/groups_<table>.csv``; returns the paths written."""
    if fmt == "json":
        path = None if out is None else out / "groups.json"
        _write_text(comparison.to_json() + "\n", path)
        return [] if path is None else [path]
    assert out is not None
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, table in comparison.tables().items():
            path = out / f"groups_{name}.csv"
            table.to_csv(path, index=False, encoding="utf-8")
            written.append(path)
    except OSError as error:
        raise CommandError(f"--out {out}: cannot write ({error.strerror or error})") from error
    return written


# --- duplicates --------------------------------------------------------------------------------


def _run_duplicates(args: argparse.Namespace) -> int:
    if not 0.0 < args.threshold <= 1.0:
        raise CommandError(f"--threshold must be above 0 and at most 1, not {args.threshold}")
    documents = load_source(args.source).documents
    clusters = duplicate_clusters(documents, args.threshold, method=args.method)
    _write_text(clusters.to_csv(index=False), args.out)
    summary = cluster_summary(clusters, documents)
    print(
        f"{len(summary)} cluster(s) of near-duplicates fold {int(summary['folds'].sum())} of "
        f"{len(documents)} article(s)" + (f" -> {args.out}" if args.out else ""),
        file=sys.stderr,
    )
    return 0


# --- spikes ------------------------------------------------------------------------------------


def _run_spikes(args: argparse.Namespace) -> int:
    if args.window < 2:
        raise CommandError(f"--window must be 2 or more, not {args.window}")
    corpus = load_source(args.source)
    terms = [args.term] if args.term else []
    result = analyze(corpus, terms)
    documents, mentions = result.documents, result.mentions
    timeline = period_counts(documents, mentions, term=args.term, period=args.period)
    if timeline.empty:
        raise CommandError("no document has a date: there is no timeline")
    if args.date:
        dates = [args.date]
        peaks = pd.DataFrame(columns=["date"])
    else:
        peaks = find_peaks(timeline, window=args.window, k=args.k, min_count=args.min_count)
        dates = peaks["date"].tolist()
    report = {
        "period": args.period,
        "term": args.term,
        "rule": PEAK_RULE.format(window=args.window, k=args.k, min_count=args.min_count),
        "n_periods": len(timeline),
        "spikes": [],
    }
    peak_rows = peaks.set_index("date").to_dict(orient="index") if len(peaks) else {}
    for date in dates:
        explanation = explain_period(
            documents,
            mentions,
            date,
            period=args.period,
            term=args.term,
            before=args.window,
            top=args.top,
        )
        peak = {key: _plain(value) for key, value in peak_rows.get(date, {}).items()}
        report["spikes"].append({**explanation.to_dict(), "peak": peak or None})
    _write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", args.out)
    print(
        f"{len(timeline)} {args.period}(s), {len(report['spikes'])} explained"
        + (f" -> {args.out}" if args.out else ""),
        file=sys.stderr,
    )
    return 0


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else value
