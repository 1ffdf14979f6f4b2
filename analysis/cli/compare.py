"""Command line: ``python -m analysis compare SOURCE A B`` compares two documents or two groups.

SOURCE is loaded and analysed as ``export`` does it; A and B are *side specifications* (see
:func:`analysis.query.compare.select_documents`): a ``doc_id`` (or a prefix that names one document,
such as ``000``), or filters ``source=NAME``, ``from=YYYY-MM-DD``, ``to=YYYY-MM-DD`` and
``ids=ID|ID|...`` joined by commas. The comparison (:func:`analysis.query.compare.compare_sides`) goes
to stdout as JSON, or into ``--out`` as one JSON file or as CSV files (``compare_summary.csv``
plus one ``compare_<table>.csv`` per detail table).

A user's mistake (an unreadable SOURCE, an unknown ``doc_id``, a side that picks nothing, a bad
option) is one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.cli.common import CommandError, load_source
from analysis.extract.terms import parse_terms
from analysis.query.compare import Comparison, compare_sides, select_documents
from analysis.run.pipeline import analyze

#: What ``--help`` says about A and B.
SPEC_HELP = """\
side specifications (A and B):
  DOC_ID                      one document, e.g. 000_e40460accf1b4fc2, or a prefix naming just
                              one document, e.g. 000
  source=NAME                 every document of a source (case-insensitive; source= alone picks
                              the documents without a source)
  from=YYYY-MM-DD,to=YYYY-MM-DD
                              every document dated in the range (inclusive; either end may be
                              left out; undated documents are not picked)
  ids=ID|ID|...               a saved selection of documents
  Filters joined by commas must all hold: "source=Kremlin,from=2022-02-24".

Two single documents are compared as texts (keywords are also looked up in the other text);
otherwise the two sides are compared as groups (keyness then needs an item in at least
--min-docs documents of the side that over-uses it).

output:
  JSON (default): one object with mode, a and b (label, doc_ids), summary (similarity and its
  measure, reuse shares, sizes, dates, shared and unique counts), and the tables as lists of
  records: sets, labels, passages, keyness, quotes, quantities.
  CSV (--format csv --out DIR): compare_summary.csv (key,value) and compare_sets.csv,
  compare_labels.csv, compare_passages.csv, compare_keyness.csv, compare_quotes.csv,
  compare_quantities.csv.

exit status: 0 when the comparison was written, 1 with one line on stderr otherwise."""


class CompareError(CommandError):
    """A user-facing failure of ``compare``: one line on stderr, exit status 1."""


def add_compare_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``compare`` command to the sub-command parsers of ``python -m analysis``."""
    parser = commands.add_parser(
        "compare",
        help="compare two documents or two groups of documents of SOURCE",
        description="Analyse SOURCE, then compare side A with side B: similarity, shared and "
        "unique entities and keywords, reused passages, keyness (log-likelihood and Log Ratio), "
        "quotations with their speakers, and figures with their units.",
        epilog=SPEC_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", metavar="SOURCE", help="folder, table file or archive to analyse")
    parser.add_argument("side_a", metavar="A", help="side A: a doc_id or filters (see below)")
    parser.add_argument("side_b", metavar="B", help="side B: a doc_id or filters (see below)")
    parser.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="json (default; to stdout unless --out is given) or csv (files into --out)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="for json, the file to write; for csv, the folder to write the files into",
    )
    parser.add_argument(
        "--terms",
        default="",
        metavar='"A,B"',
        help='comma-separated terms to compare as well, e.g. "air defence,F-16"',
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.5,
        help="how alike two sentences must be to count as reused, 0-1 (%(default)s)",
    )
    parser.add_argument(
        "--min-docs",
        type=int,
        default=None,
        metavar="N",
        help="groups only: keyness needs an item in N documents of the side that over-uses it "
        "(default: 2, or 1%% of the smaller group if that is more)",
    )
    return parser


def run_compare(args: argparse.Namespace) -> int:
    """Run ``compare`` from parsed arguments; returns the exit status (errors are one line)."""
    try:
        _check_options(args)
        comparison = compare_source(
            args.source,
            args.side_a,
            args.side_b,
            terms=parse_terms(args.terms),
            threshold=args.threshold,
            min_docs=args.min_docs,
        )
        written = write_comparison(comparison, args.format, args.out)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if written:
        print(f"compared {_sizes(comparison)} -> {args.out}", file=sys.stderr)
    return 0


def _check_options(args: argparse.Namespace) -> None:
    if not 0.0 < args.threshold <= 1.0:
        raise CompareError(f"--threshold must be above 0 and at most 1, not {args.threshold}")
    if args.min_docs is not None and args.min_docs < 1:
        raise CompareError(f"--min-docs must be 1 or more, not {args.min_docs}")
    if args.format == "csv" and args.out is None:
        raise CompareError("--format csv writes several files: give a folder with --out")


def compare_source(
    source: str | Path,
    spec_a: str,
    spec_b: str,
    *,
    terms: Iterable[str] = (),
    threshold: float = 0.5,
    min_docs: int | None = None,
) -> Comparison:
    """Load and analyse ``source``, pick both sides, and compare them.

    Raises :class:`CompareError` with a readable message when the source cannot be read or holds
    no document, or when a side names an unknown document or picks none.
    """
    corpus = load_source(source)
    documents = corpus.documents
    ids_a = resolve_side(documents, spec_a, "A")
    ids_b = resolve_side(documents, spec_b, "B")
    result = analyze(corpus, list(terms))
    return compare_sides(
        result.documents,
        result.mentions,
        ids_a,
        ids_b,
        label_a=spec_a,
        label_b=spec_b,
        threshold=threshold,
        min_docs=min_docs,
    )


def resolve_side(documents: pd.DataFrame, spec: str, name: str) -> list[str]:
    """The ``doc_id`` values side ``name`` (``"A"`` or ``"B"``) picks with ``spec``.

    Besides :func:`~analysis.query.compare.select_documents`, a spec without ``=`` that is not a
    ``doc_id`` may be the start of exactly one (``000`` for ``000_e40460accf1b4fc2``). Raises
    :class:`CompareError` for an unknown or ambiguous id, a malformed filter, or an empty side.
    """
    spec = spec.strip()
    if not spec:
        raise CompareError(f"side {name} is empty: give a doc_id or filters such as source=NAME")
    ids = documents["doc_id"].astype(str)
    if spec and "=" not in spec and spec not in set(ids):
        matches = ids[ids.str.startswith(spec)].tolist()
        if len(matches) == 1:
            return matches
        if matches:
            shown = ", ".join(matches[:3]) + (", ..." if len(matches) > 3 else "")
            raise CompareError(
                f"side {name}: {spec!r} is the start of {len(matches)} doc_ids ({shown}); "
                "give more of it"
            )
        raise CompareError(
            f"side {name}: no document with doc_id {spec!r} (and no filter: use source=, "
            "from=, to= or ids=)"
        )
    try:
        picked = select_documents(documents, spec)
    except ValueError as error:
        raise CompareError(f"side {name}: {error}") from error
    if not picked:
        raise CompareError(f"side {name}: {spec!r} picks no document")
    return picked


def write_comparison(comparison: Comparison, fmt: str, out: Path | None) -> list[Path]:
    """Write ``comparison`` as JSON (to stdout when ``out`` is ``None``) or CSV files into
    ``out``; returns the paths written (none for stdout)."""
    if fmt == "json" and out is None:
        sys.stdout.write(comparison.to_json() + "\n")
        return []
    assert out is not None
    try:
        if fmt == "json":
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(comparison.to_json() + "\n", encoding="utf-8")
            return [out]
        out.mkdir(parents=True, exist_ok=True)
        written = [out / "compare_summary.csv"]
        summary_table(comparison).to_csv(written[0], index=False, encoding="utf-8")
        for name, table in comparison.tables().items():
            path = out / f"compare_{name}.csv"
            table.to_csv(path, index=False, encoding="utf-8")
            written.append(path)
        return written
    except OSError as error:
        raise CompareError(f"--out {out}: cannot write ({error.strerror or error})") from error


def summary_table(comparison: Comparison) -> pd.DataFrame:
    """The summary as ``key,value`` rows: nested keys joined by ``.`` (``a.n_documents``), lists
    by ``|``, so that it fits one CSV file."""
    head = {
        "mode": comparison.mode,
        "a.label": comparison.label_a,
        "b.label": comparison.label_b,
        "a.doc_ids": "|".join(comparison.ids_a),
        "b.doc_ids": "|".join(comparison.ids_b),
    }
    rows = list(head.items()) + list(_flatten(comparison.summary))
    return pd.DataFrame(rows, columns=["key", "value"])


def _flatten(value: object, prefix: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten(inner, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list | tuple):
        yield prefix, "|".join(str(item) for item in value)
    else:
        yield prefix, "" if value is None else str(value)


def _sizes(comparison: Comparison) -> str:
    return (
        f"{len(comparison.ids_a)} with {len(comparison.ids_b)} document(s): similarity "
        f"{comparison.summary['similarity']:.3f}, {len(comparison.passages)} shared passage(s)"
    )
