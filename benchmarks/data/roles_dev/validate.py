"""Check the stand-off role annotations of this folder against the ua-ru-press corpus.

The texts are not in the repository (their licence does not allow it), so the check loads them with
`analysis.load_corpus`, exactly as the product does, and verifies that:

* the selection rule in README.md reproduces `selected.json`;
* every span lies inside a selected document, does not overlap another span, and starts with a
  determiner, a form of address or a title word;
* every ref is `PERSON:<name>` or `UNKNOWN`.

It exits quietly with status 0 when the corpus is absent. `--sample N` prints N random spans
(the span text only) for a visual check.

Run: `python benchmarks/data/roles_dev/validate.py [--corpus PATH] [--sample N]`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path("/work/shared/corpora/ua-ru-press")
FIRST_WORDS = {"the", "mr", "mr.", "madam", "leader"}
STEP, FIRST_ROW = 45, 7


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: skipped")
        return 0

    from analysis import load_corpus

    docs = load_corpus(str(args.corpus)).documents.sort_values("doc_id").reset_index(drop=True)
    expected = list(docs.iloc[FIRST_ROW::STEP]["doc_id"])
    selected = json.loads((HERE / "selected.json").read_text(encoding="utf-8"))
    errors: list[str] = []
    if selected != expected:
        errors.append("selected.json does not match the selection rule")
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))

    gold = [
        json.loads(line)
        for line in (HERE / "gold_roles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    previous: dict | None = None
    for row in gold:
        if set(row) != {"id", "start", "end", "ref"}:
            errors.append(f"unexpected keys {sorted(row)}")
        doc_id, start, end, ref = row["id"], row["start"], row["end"], row["ref"]
        if doc_id not in selected:
            errors.append(f"{doc_id} is not a selected document")
            continue
        text = texts[doc_id]
        if not 0 <= start < end <= len(text):
            errors.append(f"{doc_id} [{start}:{end}] out of bounds")
            continue
        first = text[start:end].split()[0].lower()
        if first not in FIRST_WORDS:
            errors.append(f"{doc_id} [{start}:{end}] starts with {first!r}")
        if not (ref == "UNKNOWN" or (ref.startswith("PERSON:") and len(ref) > 7)):
            errors.append(f"{doc_id} [{start}:{end}] bad ref {ref!r}")
        if previous and previous["id"] == doc_id and previous["end"] > start:
            errors.append(f"{doc_id} [{start}:{end}] overlaps the previous span")
        previous = row

    print(f"{len(selected)} documents, {len(gold)} role mentions, {len(errors)} errors")
    for error in errors:
        print("  " + error)
    for row in random.Random(0).sample(gold, min(args.sample, len(gold))):
        span = texts[row["id"]][row["start"] : row["end"]]
        print(f"  {row['id']} [{row['start']}:{row['end']}] {span!r} -> {row['ref']}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
