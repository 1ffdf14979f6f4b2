"""Keyword quality on 500N-KPCrowd: precision, recall and F1 at k for raw YAKE and for ours.

Run from the project root (it takes about a minute on two cores)::

    python benchmarks/keyword_quality.py [--corpus ../shared/corpora/kpcrowd] [--k 10]
                                         [--limit N] [--check]

Both extractors see the same documents in the same run: raw YAKE is ``yake.KeywordExtractor``
with its defaults (``n`` = our ``max_ngram``, ``top`` = k) on the document as stored; ours is
:func:`analysis.extract.keywords.extract_keywords` with :class:`~analysis.extract.keywords.KeywordSettings`
defaults. The 50 title-only stubs are left out. A predicted and a gold keyphrase match when they
are equal after lower-casing, splitting into words and Snowball-stemming each word (so "Defence
Ministers" matches "defence minister"); predictions that become equal are counted once, then the
first k are kept. Precision, recall and F1 are computed per document and averaged (macro).
``--check`` exits 1 unless our F1 is higher than raw YAKE's.

KPCrowd is research-use-only material in ``../shared``; without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer
import yake

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.extract.keywords import KeywordSettings, extract_keywords

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "kpcrowd"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Document:
    """A KPCrowd document with its gold keyphrases."""

    doc_id: str
    text: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    """Macro-averaged precision, recall and F1 at k, and the seconds the extractor took."""

    precision: float
    recall: float
    f1: float
    seconds: float


def load_documents(corpus: Path, limit: int | None = None) -> list[Document]:
    """The documents of ``gold.jsonl`` that are not title-only stubs, in file order."""
    documents = []
    with open(corpus / "gold.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("title_only_stub"):
                continue
            text = (corpus / "docsutf8" / f"{record['id']}.txt").read_text(encoding="utf-8")
            documents.append(Document(record["id"], text, tuple(record["keys"])))
            if limit is not None and len(documents) >= limit:
                break
    return documents


def normalise(phrase: str, stemmer: snowballstemmer.stemmer) -> str:
    """Lower-case, split into words and stem each: the form predictions and gold are compared in."""
    words = _WORD.findall(html.unescape(phrase).lower())
    return " ".join(stemmer.stemWords(words))


def score_document(
    predicted: Iterable[str], gold: Iterable[str], k: int, stemmer: snowballstemmer.stemmer
) -> tuple[float, float, float]:
    """Precision, recall and F1 at ``k`` of one document (0.0 where undefined)."""
    gold_set = {form for phrase in gold if (form := normalise(phrase, stemmer))}
    ranked: list[str] = []
    for phrase in predicted:
        form = normalise(phrase, stemmer)
        if form and form not in ranked:
            ranked.append(form)
    ranked = ranked[:k]
    hits = len(set(ranked) & gold_set)
    precision = hits / len(ranked) if ranked else 0.0
    recall = hits / len(gold_set) if gold_set else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def evaluate(extract: Callable[[str], list[str]], documents: list[Document], k: int) -> Scores:
    """Run ``extract`` on every document and average its scores."""
    stemmer = snowballstemmer.stemmer("english")
    totals = [0.0, 0.0, 0.0]
    started = time.perf_counter()
    for document in documents:
        for index, value in enumerate(
            score_document(extract(document.text), document.keys, k, stemmer)
        ):
            totals[index] += value
    seconds = time.perf_counter() - started
    n = max(len(documents), 1)
    return Scores(totals[0] / n, totals[1] / n, totals[2] / n, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="KPCrowd folder")
    parser.add_argument("--k", type=int, default=10, help="keywords per document (default 10)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--check", action="store_true", help="exit 1 unless ours beats raw YAKE")
    args = parser.parse_args(argv)

    if not (args.corpus / "gold.jsonl").is_file():
        print(f"skipped: no KPCrowd corpus at {args.corpus} (it lives in ../shared/corpora)")
        return 0
    documents = load_documents(args.corpus, args.limit)
    settings = KeywordSettings(top_k=args.k)
    raw = yake.KeywordExtractor(lan=settings.language, n=settings.max_ngram, top=args.k)

    def raw_keywords(text: str) -> list[str]:
        return [keyword for keyword, _ in raw.extract_keywords(text)]

    def our_keywords(text: str) -> list[str]:
        return [keyword for keyword, _ in extract_keywords(text, settings)]

    results = {
        "raw YAKE": evaluate(raw_keywords, documents, args.k),
        "ours": evaluate(our_keywords, documents, args.k),
    }
    print(
        f"KPCrowd: {len(documents)} documents (title-only stubs left out), k={args.k}, "
        f"max_ngram={settings.max_ngram}; stemmed, lower-cased exact match, macro average"
    )
    print(f"{'extractor':<10} {'P@k':>7} {'R@k':>7} {'F1@k':>7} {'seconds':>8}")
    for name, scores in results.items():
        print(
            f"{name:<10} {scores.precision:7.4f} {scores.recall:7.4f} {scores.f1:7.4f} "
            f"{scores.seconds:8.1f}"
        )
    better = results["ours"].f1 > results["raw YAKE"].f1
    print(f"ours {'beats' if better else 'does NOT beat'} raw YAKE on F1@{args.k}")
    return 1 if args.check and not better else 0


if __name__ == "__main__":
    sys.exit(main())
