"""Entities on held-out modern news: type-sensitive F1, cross-document merge and role precision.

    python benchmarks/heldout_news.py [--backend model|rules|spacy:NAME ...] [--errors K]

The set (``benchmarks/data/heldout_news``, its README says where each article came from and
under which licence) holds 40 articles of 6 outlets, annotated by hand before any extractor ran
on them; nothing is tuned on it. Each backend reads the articles as one corpus, with their true
dates, through :func:`analysis.extract.entities.entity_mentions` (the texts as given, so that
offsets match the annotation), and is scored on:

- **type-sensitive F1**: exact span and type over PERSON, ORG, GPE, LOC, NORP (predicted MISC is
  not scored);
- **cross-document merge precision**: of the pairs of correctly found mentions in two different
  articles that the backend gives one canonical name, the share whose hand-given referent is the
  same (a merge that glues two people counts against it);
- **role-resolution precision**: of the hand-marked role mentions ("the Vice President") that the
  backend resolves to a person, the share resolved to the right one: to the name the backend
  gives that person's own mentions (see :func:`role_precision`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.extract.entities import entity_mentions  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "heldout_news"
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load(data: Path = DATA) -> tuple[pd.DataFrame, dict[str, list[dict]], list[dict]]:
    """The articles as a documents table, the gold entities by article, the gold roles."""
    articles = read_jsonl(data / "articles.jsonl")
    documents = pd.DataFrame(
        {
            "doc_id": [a["id"] for a in articles],
            "text": [a["text"] for a in articles],
            "date": [a.get("true_date") or "" for a in articles],
        }
    )
    gold = {row["id"]: row["entities"] for row in read_jsonl(data / "gold_entities.jsonl")}
    roles = read_jsonl(data / "gold_roles.jsonl") if (data / "gold_roles.jsonl").exists() else []
    return documents, gold, roles


def span_scores(mentions: pd.DataFrame, gold: dict[str, list[dict]]) -> dict[str, Counter]:
    """Per label: true positives, false positives, false negatives (exact span and type)."""
    counts: dict[str, Counter] = {label: Counter() for label in LABELS}
    predicted = {
        (doc_id, int(start), int(end), label)
        for doc_id, start, end, label in mentions[["doc_id", "start", "end", "label"]].itertuples(
            index=False
        )
        if label in LABELS
    }
    expected = {
        (doc_id, e["start"], e["end"], e["label"]) for doc_id, rows in gold.items() for e in rows
    }
    for item in predicted:
        counts[item[3]]["tp" if item in expected else "fp"] += 1
    for item in expected - predicted:
        counts[item[3]]["fn"] += 1
    return counts


def f1(count: Counter) -> tuple[float, float, float]:
    tp, fp, fn = count["tp"], count["fp"], count["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if tp else 0.0)


def merge_precision(mentions: pd.DataFrame, gold: dict[str, list[dict]]) -> tuple[float, int]:
    """Share of cross-article pairs under one predicted name whose gold referent is the same."""
    ref_of = {
        (doc_id, e["start"], e["end"]): e["ref"] for doc_id, rows in gold.items() for e in rows
    }
    units: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for doc_id, term, start, end in mentions[["doc_id", "term", "start", "end"]].itertuples(
        index=False
    ):
        ref = ref_of.get((doc_id, int(start), int(end)))
        if ref is not None:
            units[term].add((doc_id, ref))
    right = total = 0
    for members in units.values():
        for (doc_a, ref_a), (doc_b, ref_b) in combinations(sorted(members), 2):
            if doc_a != doc_b:
                total += 1
                right += ref_a == ref_b
    return (right / total if total else 1.0), total


def role_precision(
    mentions: pd.DataFrame, roles: list[dict], gold: dict[str, list[dict]]
) -> tuple[float, int, int, int]:
    """(precision, resolved, right, named) over the gold role mentions the backend gives a person.

    A role is resolved right when the backend gives it the name it gives that person's own
    mentions: in the role's article, or in any article when the article does not name the person
    ("The President" -> "Donald J. Trump" where the text writes "President Donald J. Trump" and
    the annotation says ``PERSON:Donald Trump``). ``named`` counts only the roles whose name is
    the annotation's own, letter for letter (the stricter figure of earlier rounds).
    """
    names_in: dict[tuple[str, str], set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    people = mentions[mentions["label"] == "PERSON"]
    term_at = {
        (doc_id, int(start), int(end)): term
        for doc_id, start, end, term in people[["doc_id", "start", "end", "term"]].itertuples(
            index=False
        )
    }
    for doc_id, rows in gold.items():
        for entity in rows:
            term = term_at.get((doc_id, entity["start"], entity["end"]))
            if term is not None and entity["label"] == "PERSON":
                names_in[doc_id, entity["ref"]].add(term)
                names[entity["ref"]].add(term)
    resolved = right = named = 0
    for role in roles:
        hits = people[
            (people["doc_id"] == role["id"])
            & (people["start"] < role["end"])
            & (people["end"] > role["start"])
        ]
        if hits.empty:
            continue
        resolved += 1
        term, ref = hits.iloc[0]["term"], role["ref"]
        named += f"PERSON:{term}" == ref
        right += f"PERSON:{term}" == ref or term in (
            names_in.get((role["id"], ref)) or names.get(ref, set())
        )
    return (right / resolved if resolved else 1.0), resolved, right, named


def errors(mentions: pd.DataFrame, gold: dict[str, list[dict]], documents: pd.DataFrame) -> Counter:
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    expected = {(d, e["start"], e["end"]): e["label"] for d, rows in gold.items() for e in rows}
    found = {
        (d, int(s), int(e)): label
        for d, s, e, label in mentions[["doc_id", "start", "end", "label"]].itertuples(index=False)
        if label in LABELS
    }
    out: Counter = Counter()
    for key, label in found.items():
        if expected.get(key) != label:
            wrong = f"as {expected[key]}" if key in expected else "spurious"
            out[f"FP {label:6} {texts[key[0]][key[1] : key[2]]!r} ({wrong})"] += 1
    for key, label in expected.items():
        if key not in found:
            out[f"FN {label:6} {texts[key[0]][key[1] : key[2]]!r}"] += 1
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", nargs="+", default=["model", "rules"])
    parser.add_argument("--errors", type=int, default=0, help="print the K most common errors")
    parser.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help="another set in the same format, e.g. benchmarks/data/entities_dev (the development "
        "set, which may be looked at and tuned on, unlike the held-out one)",
    )
    args = parser.parse_args()
    if not (args.data / "articles.jsonl").exists():
        print(f"skipped: {args.data} is absent")
        return 0
    documents, gold, roles = load(args.data)
    print(
        f"{args.data.name}: {len(documents)} articles, {sum(map(len, gold.values()))} gold mentions"
    )
    for backend in args.backend:
        started = time.perf_counter()
        mentions = entity_mentions(documents, backend=backend)
        seconds = time.perf_counter() - started
        counts = span_scores(mentions, gold)
        total: Counter = Counter()
        print(f"\nbackend {backend} ({seconds:.1f} s)")
        print("type       precision  recall     F1")
        for label in LABELS:
            total.update(counts[label])
            p, r, f = f1(counts[label])
            print(f"{label:8} {p:10.3f} {r:7.3f} {f:7.3f}")
        p, r, f = f1(total)
        print(f"{'micro':8} {p:10.3f} {r:7.3f} {f:7.3f}  (target F1 >= 0.85)")
        merge, pairs = merge_precision(mentions, gold)
        print(f"cross-document merge precision: {merge:.3f} over {pairs} pairs (target >= 0.98)")
        role, resolved, right, named = role_precision(mentions, roles, gold)
        print(
            f"role-resolution precision: {role:.3f} ({right} of {resolved} resolved right, "
            f"{named} of them under the annotation's own spelling of the name; "
            f"{len(roles)} role mentions; target >= 0.95)"
        )
        for line, n in errors(mentions, gold, documents).most_common(args.errors):
            print(f"{n:4} {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
