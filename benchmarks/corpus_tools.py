"""How fast the corpus tools answer on Reuters-21578 once the token index is built (issue 20).

Run from the project root::

    python benchmarks/corpus_tools.py [--corpus ../shared/corpora/reuters21578.csv.gz] [--runs 3]

Loads the corpus, builds the index once (the one-off cost, cached with the analysis by the
caller), then times each tool as the dashboard or the command line calls it: word and n-gram
lists, collocates of a frequent and a rare node, a sorted concordance page, dispersion (a term's
positions and DP/D of every word), and keyness of a selection against the rest. Each figure is the
median of ``--runs`` runs; the target is 1 s. Skips politely when the corpus is absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578.csv.gz"
TARGET_SECONDS = 1.0


def timed(function: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cases(index, documents) -> dict[str, Callable[[], object]]:
    """The tool calls to time, by name."""
    from analysis.query.collocates import collocates
    from analysis.query.corpus_index import phrase_hits
    from analysis.query.dispersion import dispersion_table, hit_positions
    from analysis.query.keyness import keyness, rest_counts
    from analysis.query.kwic import concordance
    from analysis.query.words import index_word_counts, word_list

    selection = documents["doc_id"].tolist()[: len(documents) // 10]
    whole = index_word_counts(index)
    oil = phrase_hits(index, "oil")
    return {
        "words (n=1)": lambda: word_list(index),
        "words (n=1, 10% selection)": lambda: word_list(index, selection),
        "bigrams": lambda: word_list(index, n=2),
        "bigrams, stop words dropped, min 2": lambda: word_list(
            index, n=2, drop_stopwords=True, min_freq=2
        ),
        "trigrams, min 2": lambda: word_list(index, n=3, min_freq=2),
        "5-grams, min 2": lambda: word_list(index, n=5, min_freq=2),
        "collocates of 'said' (ll, 5/5)": lambda: collocates(
            index, phrase_hits(index, "said"), measure="ll"
        ),
        "collocates of 'bank of japan' (logdice)": lambda: collocates(
            index, phrase_hits(index, "bank of japan"), measure="logdice"
        ),
        "kwic 'oil' sorted R1,R2, page 5 of 50": lambda: concordance(
            index, oil, documents, sort=["R1", "R2"], page=5, page_size=50
        ),
        "dispersion positions of 'oil'": lambda: hit_positions(index, oil),
        "dispersion DP/D of every word": lambda: dispersion_table(index),
        "keyness 10% selection vs rest": lambda: keyness(
            part := index_word_counts(index, selection), rest_counts(whole, part), min_docs=2
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent (the shared corpora are not on this machine)")
        return 0
    from analysis import load_corpus
    from analysis.query.corpus_index import documents_index

    start = time.perf_counter()
    documents = load_corpus(args.corpus).documents
    loaded = time.perf_counter() - start
    built, index = timed(lambda: documents_index(documents), 1)
    print(
        f"{args.corpus.name}: {len(documents):,} documents, {index.n_tokens:,} words, "
        f"{len(index.vocab):,} distinct; load {loaded:.1f} s, index {built:.1f} s (once)"
    )
    print(f"{'tool':<44} {'median s':>9} {'rows':>9}  target {TARGET_SECONDS:.0f} s")
    slow = 0
    for name, call in cases(index, documents).items():
        seconds, result = timed(call, args.runs)
        slow += seconds > TARGET_SECONDS
        mark = "" if seconds <= TARGET_SECONDS else "  over"
        print(f"{name:<44} {seconds:>9.3f} {len(result):>9,}{mark}")
    print(f"{slow} tool(s) over the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
