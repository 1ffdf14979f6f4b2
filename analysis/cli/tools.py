"""Command line: the corpus-linguistics tools, ``words``, ``collocates``, ``kwic``, ``dispersion``.

Each loads SOURCE as ``export`` does, indexes its words once
(:func:`analysis.query.corpus_index.documents_index`) and answers from the index; none needs the
keyword and entity analysis, so they answer in seconds on a large corpus. Tables are CSV (to
stdout, or ``--out FILE``); ``kwic`` prints aligned lines unless ``--out`` asks for CSV. A user's
mistake is one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from analysis.cli.common import CommandError, load_source
from analysis.query.collocates import COLLOCATE_COLUMNS, MEASURES, collocates
from analysis.query.corpus_index import CorpusIndex, documents_index, phrase_hits
from analysis.query.dispersion import dispersion_table, hit_positions
from analysis.query.kwic import CONTEXT_KEYS, concordance, page_count, parse_sort
from analysis.query.words import MAX_NGRAM, WORD_LIST_COLUMNS, word_list

#: The sub-commands this module adds to ``python -m analysis``.
TOOL_COMMANDS = ("words", "collocates", "kwic", "dispersion")

_SOURCE_HELP = "folder, table file or archive to read (as for export)"


def add_tool_parsers(commands: argparse._SubParsersAction) -> None:
    """Add :data:`TOOL_COMMANDS` to the sub-command parsers of ``python -m analysis``."""
    words = commands.add_parser(
        "words",
        help="word or n-gram list of SOURCE: term,n,frequency,documents,per_1k_words",
        description="List the words (or n-grams, --ngram 2..5) of SOURCE, most frequent first: "
        "frequency, range (documents) and rate per 1,000 running words. N-grams stay within a "
        "sentence.",
    )
    words.add_argument("source", metavar="SOURCE", help=_SOURCE_HELP)
    words.add_argument("--ngram", type=int, default=1, metavar="N", help="words per item, 1-5")
    words.add_argument("--min-freq", type=int, default=1, metavar="K", help="least frequency")
    words.add_argument("--stopwords", action="store_true", help="leave out stop words")
    words.add_argument("--keep-case", action="store_true", help='keep "US" and "us" apart')
    words.add_argument("--out", type=Path, metavar="FILE", help="CSV file (default: stdout)")

    coll = commands.add_parser(
        "collocates",
        help="collocates of TERM: collocate,frequency,pair_frequency,documents,left,right,score",
        description="The words found near TERM (a word or phrase, case-folded) more often than "
        "chance, strongest first. Measures: ll (log-likelihood G², signed), mi (mutual "
        "information), t (t-score), logdice.",
    )
    coll.add_argument("source", metavar="SOURCE", help=_SOURCE_HELP)
    coll.add_argument("term", metavar="TERM", help="word or phrase, e.g. oil or 'bank of japan'")
    coll.add_argument(
        "--window",
        type=int,
        nargs=2,
        default=(5, 5),
        metavar=("L", "R"),
        help="words to the left and right of each hit (5 5)",
    )
    coll.add_argument("--measure", choices=MEASURES, default="ll", help="score (ll)")
    coll.add_argument("--min-freq", type=int, default=2, metavar="K", help="least pair frequency")
    coll.add_argument("--stopwords", action="store_true", help="leave out stop words")
    coll.add_argument("--out", type=Path, metavar="FILE", help="CSV file (default: stdout)")

    kwic = commands.add_parser(
        "kwic",
        help="concordance of TERM, sortable by the words around it",
        description="Keyword in context: every occurrence of TERM with the text around it, "
        "aligned on the hit, sorted by the words left (L3,L2,L1) or right (R1,R2,R3) of it.",
    )
    kwic.add_argument("source", metavar="SOURCE", help=_SOURCE_HELP)
    kwic.add_argument("term", metavar="TERM", help="word or phrase")
    kwic.add_argument("--sort", default="", metavar="KEYS", help="e.g. R1,R2 or L1 (corpus order)")
    kwic.add_argument("--width", type=int, default=50, help="characters each side (50)")
    kwic.add_argument("--page", type=int, default=1, help="page to show, from 1")
    kwic.add_argument("--page-size", type=int, default=50, help="lines a page (50)")
    kwic.add_argument(
        "--out", type=Path, metavar="FILE", help="write every line as CSV instead of a page"
    )

    disp = commands.add_parser(
        "dispersion",
        help="dispersion of TERM: per-document positions, or DP and Juilland's D per word",
        description="With TERM: where each hit falls in its document (doc_id,position,start,end; "
        "0 is the first word). Without: every word's frequency, documents, Gries' DP (0 even, "
        "towards 1 concentrated), DP_norm and Juilland's D (1 even).",
    )
    disp.add_argument("source", metavar="SOURCE", help=_SOURCE_HELP)
    disp.add_argument("term", metavar="TERM", nargs="?", help="word or phrase (optional)")
    disp.add_argument("--min-freq", type=int, default=1, metavar="K", help="least frequency")
    disp.add_argument("--out", type=Path, metavar="FILE", help="CSV file (default: stdout)")


def run_tool(args: argparse.Namespace) -> int:
    """Run one of :data:`TOOL_COMMANDS` from parsed arguments; returns the exit status."""
    try:
        _check(args)
        documents, index = load_index(args.source)
        if args.command == "words":
            table = word_list(
                index,
                n=args.ngram,
                case_fold=not args.keep_case,
                drop_stopwords=args.stopwords,
                min_freq=args.min_freq,
            )
            write_csv(table[WORD_LIST_COLUMNS].round({"per_1k_words": 4}), args.out)
        elif args.command == "collocates":
            left, right = args.window
            table = collocates(
                index,
                phrase_hits(index, args.term),
                left=left,
                right=right,
                measure=args.measure,
                min_freq=args.min_freq,
                drop_stopwords=args.stopwords,
            )
            write_csv(table[COLLOCATE_COLUMNS].round({"score": 4}), args.out)
        elif args.command == "kwic":
            run_kwic(args, documents, index)
        else:
            run_dispersion(args, index)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _check(args: argparse.Namespace) -> None:
    if args.command == "words" and not 1 <= args.ngram <= MAX_NGRAM:
        raise CommandError(f"--ngram must be 1 to {MAX_NGRAM}, not {args.ngram}")
    if args.command == "collocates" and min(args.window) < 0:
        raise CommandError("--window takes two numbers of words, 0 or more")
    if args.command == "collocates" and max(args.window) == 0:
        raise CommandError("--window 0 0 holds no word: give at least one side")
    if args.command == "kwic":
        try:
            args.sort_keys = parse_sort(args.sort)
        except ValueError as error:
            raise CommandError(f"--sort: {error}") from error
        if args.page < 1 or args.page_size < 1 or args.width < 1:
            raise CommandError("--page, --page-size and --width must be 1 or more")


def load_index(source: str | Path) -> tuple[pd.DataFrame, CorpusIndex]:
    """The documents of ``source`` and their word index; :class:`CommandError` when none loads."""
    corpus = load_source(source)
    return corpus.documents, documents_index(corpus.documents)


def write_csv(table: pd.DataFrame, out: Path | None) -> None:
    """``table`` as CSV (UTF-8, header row) into ``out``, or to stdout when ``out`` is None."""
    if out is None:
        try:
            table.to_csv(sys.stdout, index=False)
        except BrokenPipeError:  # the reader (head, less) has what it wanted
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"--out {out}: cannot write ({error.strerror or error})") from error
    print(f"{len(table)} row(s) -> {out}", file=sys.stderr)


def run_kwic(args: argparse.Namespace, documents: pd.DataFrame, index: CorpusIndex) -> None:
    """Print one page of aligned concordance lines, or write every line as CSV to ``--out``."""
    hits = phrase_hits(index, args.term)
    if args.out is not None:
        rows = concordance(
            index,
            hits,
            documents,
            sort=args.sort_keys,
            page_size=max(len(hits), 1),
            width=args.width,
            term=args.term,
        )
        columns = ["doc_id", "title", "date", "left", "match", "right", "start", "end"]
        write_csv(rows[columns + CONTEXT_KEYS], args.out)
        return
    rows = concordance(
        index,
        hits,
        documents,
        sort=args.sort_keys,
        page=args.page,
        page_size=args.page_size,
        width=args.width,
        term=args.term,
    )
    pages = page_count(len(hits), args.page_size)
    print(f"{len(hits)} hit(s) of {args.term!r}, page {args.page} of {pages}", file=sys.stderr)
    for line in aligned_lines(rows, args.width):
        print(line)


def aligned_lines(rows: pd.DataFrame, width: int) -> list[str]:
    """Concordance lines with the hits in one column: left context right-aligned to ``width``
    characters (cut from the left if longer), the hit, the right context."""
    return [
        f"{left[-width:]:>{width}}  {match}  {right[:width]}"
        for left, match, right in zip(rows["left"], rows["match"], rows["right"], strict=True)
    ]


def run_dispersion(args: argparse.Namespace, index: CorpusIndex) -> None:
    """Positions of TERM's hits, or the dispersion of every word, as CSV."""
    if args.term:
        write_csv(hit_positions(index, phrase_hits(index, args.term)).round(6), args.out)
        return
    table = dispersion_table(index, min_freq=args.min_freq)
    write_csv(table.round({"dp": 6, "dp_norm": 6, "juilland_d": 6}), args.out)
