"""Command line: ``python -m analysis export SOURCE --out DIR`` writes the analysis as CSV files.

The files are the public contract (see the README): documents, mentions, keywords, entities,
frequencies and problems. The command exits 0 when at least one document was analysed (problems are
listed on stderr and in ``problems.csv``) and 1 with one clear line when nothing could be.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.cli.common import CommandError, load_source
from analysis.cli.compare import add_compare_parser, run_compare
from analysis.cli.groups import GROUP_COMMANDS, add_group_parsers, run_group_command
from analysis.cli.tools import TOOL_COMMANDS, add_tool_parsers, run_tool
from analysis.core.schema import (
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    FREQUENCY_COLUMNS,
    KEYWORD_COLUMNS,
    MENTION_COLUMNS,
    PROBLEM_COLUMNS,
)
from analysis.extract.aliases import AliasError
from analysis.extract.entities import BACKENDS, DEFAULT_BACKEND
from analysis.extract.keywords import KeywordSettings
from analysis.extract.terms import parse_terms
from analysis.run.cache import CACHE_DIR_VARIABLE, default_cache_dir
from analysis.run.engines import ENGINES, KEYWORD_ENGINES, EngineError, available_cores
from analysis.run.pipeline import Analysis, Progress, analyze

#: The files ``export`` writes, and their columns.
EXPORT_FILES = {
    "documents.csv": ("documents", DOCUMENT_COLUMNS),
    "mentions.csv": ("mentions", MENTION_COLUMNS),
    "keywords.csv": ("keywords", KEYWORD_COLUMNS),
    "entities.csv": ("entities", ENTITY_COLUMNS),
    "frequencies.csv": ("frequencies", FREQUENCY_COLUMNS),
    "problems.csv": ("problems", PROBLEM_COLUMNS),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help texts that explain the inputs and outputs."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Analyse a collection of news articles: keywords, named entities, terms and "
        "their frequencies per article and per date.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    export = commands.add_parser(
        "export",
        help="analyse SOURCE and write the result as CSV files",
        description="Analyse SOURCE and write documents.csv, mentions.csv, keywords.csv, "
        "entities.csv, frequencies.csv and problems.csv into --out.",
        epilog="SOURCE is a folder of .txt files (with an optional metadata.csv sidecar: "
        "id,title,date,source[,url]), a .csv/.tsv/.jsonl/.json file with a 'text' column "
        "(optionally .gz), or a .zip of these. Exit status: 0 when at least one document was "
        "analysed (inputs that were not are listed on stderr and in problems.csv), 1 otherwise.",
    )
    export.add_argument("source", metavar="SOURCE", help="folder, table file or archive to analyse")
    export.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    export.add_argument(
        "--terms",
        default="",
        metavar='"A,B"',
        help='comma-separated terms to count, e.g. "air defence,F-16" (case-insensitive, whole '
        "words, plurals included)",
    )
    export.add_argument(
        "--aliases",
        type=Path,
        metavar="FILE",
        help="entity alias table (CSV or YAML) forcing merges, renames and exclusions",
    )
    export.add_argument(
        "--entity-backend",
        choices=BACKENDS,
        default=DEFAULT_BACKEND,
        help="named-entity extractor: the shipped model with rules around it (model, default), "
        "the rules alone (rules: faster, weaker on unseen text) or an installed spaCy pipeline",
    )
    defaults = KeywordSettings()
    export.add_argument(
        "--top-k", type=int, default=defaults.top_k, help="keywords kept per article (%(default)s)"
    )
    export.add_argument(
        "--max-ngram",
        type=int,
        default=defaults.max_ngram,
        help="longest keyword, in words (%(default)s)",
    )
    export.add_argument(
        "--dedup",
        type=float,
        default=defaults.dedup_threshold,
        help="keyword de-duplication threshold, 0-1 (%(default)s)",
    )
    export.add_argument(
        "--stopwords",
        type=Path,
        metavar="FILE",
        help="extra stop words for keywords, one per line",
    )
    _add_speed_options(export)
    add_compare_parser(commands)
    add_group_parsers(commands)
    add_tool_parsers(commands)
    return parser


def _add_speed_options(export: argparse.ArgumentParser) -> None:
    """Options that change how fast the analysis runs, never its result."""
    speed = export.add_argument_group(
        "speed", "how the analysis runs (the result is the same whatever these are)"
    )
    speed.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help=f"worker processes, or Dask workers of a local cluster (default: all cores, "
        f"{available_cores()} here)",
    )
    speed.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where documents are analysed: worker processes on this machine (default) or tasks "
        "on a Dask cluster",
    )
    speed.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: "
        "a local cluster on this machine)",
    )
    speed.add_argument(
        "--keyword-engine",
        choices=KEYWORD_ENGINES,
        default="fast",
        help="keyword scorer: this package's vectorised YAKE (fast, default) or the yake package",
    )
    cache = speed.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help=f"keep results here so that re-running on the same or a grown corpus analyses only "
        f"what changed (default: ${CACHE_DIR_VARIABLE} or {default_cache_dir()})",
    )
    cache.add_argument(
        "--no-cache", action="store_true", help="neither read nor write cached results"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "export":
            return run_export(args)
        if args.command == "compare":
            return run_compare(args)
        if args.command in GROUP_COMMANDS:
            return run_group_command(args)
        if args.command in TOOL_COMMANDS:
            return run_tool(args)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (MemoryError, RecursionError) as error:  # one line, never a traceback (issue 22)
        what = "memory" if isinstance(error, MemoryError) else "nesting"
        print(f"error: the input needs more {what} than this machine allows", file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


def run_export(args: argparse.Namespace) -> int:
    """Load, analyse and write the six CSV files; see :func:`build_parser` for the options."""
    cache_dir = None if args.no_cache else (args.cache_dir or default_cache_dir())
    if args.workers is not None and args.workers < 1:
        raise CommandError(f"--workers must be at least 1, not {args.workers}")
    corpus = load_source(args.source, cache_dir, args.workers or available_cores())
    try:
        settings = KeywordSettings(
            top_k=args.top_k,
            max_ngram=args.max_ngram,
            dedup_threshold=args.dedup,
            stopwords=_read_stopwords(args.stopwords),
        )
    except ValueError as error:
        raise CommandError(f"keyword settings: {error}") from error
    aliases = _read_aliases(args.aliases)
    if args.scheduler and args.engine != "dask":
        raise CommandError("--scheduler needs --engine dask")
    try:
        result = analyze(
            corpus,
            parse_terms(args.terms),
            keyword_settings=settings,
            aliases=aliases,
            entity_backend=args.entity_backend,
            progress=_progress_bar(sys.stderr),
            keyword_engine=args.keyword_engine,
            engine=args.engine,
            workers=args.workers,
            scheduler=args.scheduler,
            cache_dir=cache_dir,
        )
    except (EngineError, AliasError) as error:
        raise CommandError(str(error)) from error
    write_tables(result, args.out)
    _report(result, args.out)
    return 0


def _progress_bar(stream) -> Progress | None:
    """A one-line progress bar on ``stream`` when it is a terminal (nothing in logs and pipes)."""
    if not stream.isatty():
        return None

    def show(fraction: float, message: str) -> None:
        filled = round(fraction * 30)
        stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {message[:60]:<60}")
        if fraction >= 1.0:
            stream.write("\n")
        stream.flush()

    return show


def _read_stopwords(path: Path | None) -> tuple[str, ...]:
    if path is None:
        return ()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"--stopwords {path}: cannot be read ({error})") from error
    return tuple(word.strip() for word in lines if word.strip() and not word.startswith("#"))


def _read_aliases(path: Path | None) -> pd.DataFrame | None:
    if path is None:
        return None
    from analysis.extract.aliases import load_aliases

    if not path.is_file():
        raise CommandError(f"--aliases {path}: no such file")
    try:
        return load_aliases(path)
    except ValueError as error:
        raise CommandError(f"--aliases {path}: {error}") from error


def write_tables(result: Analysis, out: Path) -> list[Path]:
    """Write the contract's CSV files (UTF-8, header row) into ``out``; returns their paths."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"--out {out}: cannot create the folder ({error.strerror})") from error
    written = []
    for name, (attribute, columns) in EXPORT_FILES.items():
        table: pd.DataFrame = getattr(result, attribute)
        path = out / name
        table[columns].to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    return written


def _report(result: Analysis, out: Path) -> None:
    documents, problems = len(result.documents), len(result.problems)
    print(
        f"analysed {documents} document(s): {len(result.mentions)} mentions, "
        f"{result.entities['entity'].nunique()} entities, {len(result.keywords)} keywords -> {out}",
        file=sys.stderr,
    )
    if problems:
        print(f"{problems} input(s) not analysed (see {out / 'problems.csv'}):", file=sys.stderr)
        for path, reason in result.problems.head(20).itertuples(index=False):
            print(f"  {path}: {reason}", file=sys.stderr)
        if problems > 20:
            print(f"  ... and {problems - 20} more", file=sys.stderr)
