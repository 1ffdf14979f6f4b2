"""Entity quality: span-level precision, recall and F1 on CoNLL-2003 dev, and the seeds' tables.

    python benchmarks/entity_quality.py [--backend model|rules|spacy:NAME] [--limit N] [--errors K]

Scoring (exact span and type): gold PER -> PERSON, ORG -> ORG, LOC -> GPE or LOC; gold MISC is
ignored, and so are predicted NORP and MISC spans (they are not among the scored types). Each
CoNLL document (between ``-DOCSTART-`` lines) is rebuilt as text, one sentence a line with tokens
joined by spaces, and given to :func:`analysis.extract.entities.extract_entities` whole, so document-level
evidence (a surname after a full name) works as it does on news articles.

Then the seeds' entity table (entity, label, count, surface forms) is printed per document for a
human to review. Skips with a message when ``../shared/corpora`` is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.extract.entities import entity_mentions, extract_entities  # noqa: E402

CONLL = ROOT.parent / "shared" / "corpora" / "conll2003" / "dev.txt"
SEEDS = ROOT / "seeds"
GOLD_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
PREDICTED_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}


def read_conll(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Documents as ``(text, gold spans)``; spans are ``(start, end, CoNLL type)`` offsets."""
    documents: list[tuple[str, list[tuple[int, int, str]]]] = []
    lines: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    sentence: list[tuple[str, str]] = []

    def flush_sentence() -> None:
        nonlocal offset, sentence
        if not sentence:
            return
        current: tuple[int, str] | None = None
        position = offset
        words = []
        for index, (word, tag) in enumerate(sentence):
            start = position
            words.append(word)
            position += len(word) + 1
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                current = (start, tag[2:])
            if current is not None:
                following = sentence[index + 1][1] if index + 1 < len(sentence) else "O"
                if following != f"I-{current[1]}":
                    spans.append((current[0], start + len(word), current[1]))
                    current = None
        line = " ".join(words)
        lines.append(line)
        offset += len(line) + 1
        sentence = []

    def flush_document() -> None:
        nonlocal lines, spans, offset
        flush_sentence()
        if lines:
            documents.append(("\n".join(lines), spans))
        lines, spans, offset = [], [], 0

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            flush_document()
        elif not raw.strip():
            flush_sentence()
        else:
            parts = raw.split()
            sentence.append((parts[0], parts[-1]))
    flush_document()
    return documents


def score(
    documents: list[tuple[str, list[tuple[int, int, str]]]], backend: str
) -> tuple[dict[str, Counter[str]], list[tuple[str, str, str]], float]:
    """Per-type true positives, false positives and false negatives; a sample of errors; seconds."""
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in ("PERSON", "ORG", "LOC")}
    errors: list[tuple[str, str, str]] = []
    started = time.perf_counter()
    for text, gold_spans in documents:
        gold = {(s, e, GOLD_TYPES[t]) for s, e, t in gold_spans if t in GOLD_TYPES}
        ignored = {(s, e) for s, e, t in gold_spans if t == "MISC"}
        predicted = {
            (span.start, span.end, PREDICTED_TYPES[span.label])
            for span in extract_entities(text, backend=backend)
            if span.label in PREDICTED_TYPES
        }
        # A prediction on a gold MISC span is neither right nor wrong: MISC is not scored.
        predicted = {p for p in predicted if p in gold or (p[0], p[1]) not in ignored}
        for start, end, kind in predicted:
            if (start, end, kind) in gold:
                counts[kind]["tp"] += 1
            else:
                counts[kind]["fp"] += 1
                errors.append(("FP", kind, text[start:end]))
        for start, end, kind in gold - predicted:
            counts[kind]["fn"] += 1
            errors.append(("FN", kind, text[start:end]))
    return counts, errors, time.perf_counter() - started


def f1_table(counts: dict[str, Counter[str]]) -> tuple[str, float]:
    """A printable P/R/F1 table per type plus the micro average, and the micro F1."""
    rows = ["type      precision  recall     F1    tp    fp    fn"]
    total: Counter[str] = Counter()
    for kind, count in [*counts.items(), ("micro", None)]:
        count = total if count is None else count
        if kind != "micro":
            total.update(count)
        tp, fp, fn = count["tp"], count["fp"], count["fn"]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(f"{kind:8} {precision:9.3f} {recall:7.3f} {f1:7.3f} {tp:5} {fp:5} {fn:5}")
    return "\n".join(rows), f1


def seed_tables(backend: str) -> str:
    """The seeds' entity table per document, for review."""
    import pandas as pd

    from analysis.ingest.loading import load_corpus

    documents = load_corpus(SEEDS).documents
    mentions = entity_mentions(documents, backend=backend)
    table = (
        mentions.groupby(["doc_id", "term", "label"])
        .agg(
            count=("surface", "size"), surface_forms=("surface", lambda s: "|".join(sorted(set(s))))
        )
        .reset_index()
        .sort_values(["doc_id", "label", "count", "term"], ascending=[True, True, False, True])
    )
    with pd.option_context("display.width", 160, "display.max_rows", 1000):
        return "\n\n".join(
            f"== {doc_id}\n{group.drop(columns='doc_id').to_string(index=False)}"
            for doc_id, group in table.groupby("doc_id")
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="model")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N documents")
    parser.add_argument("--errors", type=int, default=0, help="print the K most common errors")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seeds' tables")
    args = parser.parse_args()
    if CONLL.exists():
        documents = read_conll(CONLL)[: args.limit or None]
        counts, errors, seconds = score(documents, args.backend)
        table, micro = f1_table(counts)
        print(
            f"CoNLL-2003 dev, {len(documents)} documents, backend {args.backend}, {seconds:.1f} s"
        )
        print(table)
        print(f"micro F1 over PER/ORG/LOC: {micro:.3f}")
        for (kind, label, text), n in Counter(errors).most_common(args.errors):
            print(f"{n:4} {kind} {label:6} {text}")
    else:
        print(f"skipped CoNLL scoring: {CONLL} is absent (it lives in ../shared/corpora)")
    if not args.no_seeds:
        print()
        print(seed_tables(args.backend))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
