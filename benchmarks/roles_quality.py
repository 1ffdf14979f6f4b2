"""Role mentions resolved to people, on press releases annotated by hand (a development set).

    python benchmarks/roles_quality.py [--backend model|rules] [--data benchmarks/data/roles_dev]

The set (``benchmarks/data/roles_dev``: its README says how the documents were chosen and
annotated) holds stand-off annotations of the role mentions ("the President", "the Head of
State") in some releases of ``../shared/corpora/ua-ru-press``, which is not copied here: without
the corpus the script says so and exits 0. The whole corpus is analysed, as a user would (a role
is resolved from the office holders the corpus names), and the role mentions of the annotated
documents are scored:

- **precision**: of the gold role mentions the backend resolves to a person, the share resolved
  to the right one (target of issue 17: >= 0.95);
- **coverage**: the share of gold role mentions resolved at all (an ``UNKNOWN`` gold role, whose
  person the annotator could not tell, is an error whenever it is resolved);
- **spurious**: person mentions in those documents whose text does not name the person (resolved
  from a role) where the annotator saw no role mention of one person ("the post of President").

Each wrong or spurious resolution is listed with its document, span and what it became.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import load_corpus  # noqa: E402
from analysis.extract.entities import entity_mentions  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "roles_dev"
CORPUS = ROOT.parent / "shared" / "corpora" / "ua-ru-press"


def read_gold(data: Path) -> tuple[list[str], list[dict]]:
    """The documents that were read, and their role mentions."""
    selected = json.loads((data / "selected.json").read_text(encoding="utf-8"))
    lines = (data / "gold_roles.jsonl").read_text(encoding="utf-8").splitlines()
    return list(selected), [json.loads(line) for line in lines if line.strip()]


def resolved_by_role(mentions, texts: dict[str, str], documents: set[str]) -> dict[tuple, str]:
    """``(doc_id, start, end) -> person`` for the person mentions of ``documents`` whose text
    shares no word with the person's name (so the name came from a role)."""
    found = {}
    people = mentions[(mentions["label"] == "PERSON") & mentions["doc_id"].isin(documents)]
    for doc_id, term, start, end in people[["doc_id", "term", "start", "end"]].itertuples(
        index=False
    ):
        surface = texts[doc_id][start:end].lower().replace("’", "'")
        if not set(term.lower().replace("’", "'").split()) & set(surface.split()):
            found[doc_id, int(start), int(end)] = term
    return found


def score(gold: list[dict], found: dict[tuple, str]) -> dict[str, object]:
    """Precision, coverage and the errors (see the module docstring)."""
    resolved = correct = 0
    errors = []
    matched: set[tuple] = set()
    for role in gold:
        hits = [
            (key, person)
            for key, person in found.items()
            if key[0] == role["id"] and key[1] < role["end"] and key[2] > role["start"]
        ]
        matched.update(key for key, _ in hits)
        if not hits:
            continue
        resolved += 1
        person = hits[0][1]
        if f"PERSON:{person}" == role["ref"]:
            correct += 1
        else:
            where = f"{role['id']} {role['start']}-{role['end']}"
            errors.append(f"wrong: {where} -> {person} (gold {role['ref']})")
    spurious = sorted(key for key in found if key not in matched)
    errors += [f"spurious: {key[0]} {key[1]}-{key[2]} -> {found[key]}" for key in spurious]
    return {
        "roles": len(gold),
        "resolved": resolved,
        "precision": correct / resolved if resolved else 1.0,
        "coverage": resolved / len(gold) if gold else 0.0,
        "spurious": len(spurious),
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", nargs="+", default=["model", "rules"])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"roles_quality: skipped: {args.corpus} is not here (it is not shipped).")
        return 0
    selected, gold = read_gold(args.data)
    corpus = load_corpus(args.corpus)
    documents = corpus.documents
    missing = set(selected) - set(documents["doc_id"])
    if missing:
        print(f"roles_quality: {len(missing)} annotated documents are not in the corpus")
        return 1
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    print(f"{args.data.name}: {len(selected)} documents read, {len(gold)} role mentions")
    for backend in args.backend:
        mentions = entity_mentions(documents, backend=backend)
        result = score(gold, resolved_by_role(mentions, texts, set(selected)))
        print(
            f"backend {backend}: precision {result['precision']:.3f} "
            f"({result['resolved']} of {result['roles']} resolved, coverage "
            f"{result['coverage']:.3f}; target precision >= 0.95), "
            f"{result['spurious']} spurious"
        )
        for line in result["errors"]:
            print("  ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
