#!/usr/bin/env python3
"""Validate the entity development set in this folder (adapted from heldout_news/validate.py).

Checks (stdlib only; does not import or run anything from the project):
  * articles.jsonl: required fields, unique ids, YYYY-MM-DD or empty true_date
    (no licence/title fields here: the texts come from dates_dev)
  * gold_entities.jsonl: one entry per article, text[start:end] == span text,
    valid labels, ref prefixed by "<LABEL>:", no overlapping / duplicate spans
  * gold_roles.jsonl: ids exist, offsets match, ref is "PERSON:..." or "UNKNOWN"
  * ref consistency: one label per ref across the corpus
Prints summary counts; exits non-zero on any error.
"""

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
errors = []


def err(msg):
    errors.append(msg)


def load_jsonl(name):
    out = []
    with open(HERE / name, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    err(f"{name}:{n}: bad JSON ({e})")
    return out


articles = load_jsonl("articles.jsonl")
texts = {}
for a in articles:
    for k in ("id", "outlet", "url", "text", "true_date"):
        if k not in a:
            err(f"articles.jsonl: {a.get('id')} missing field {k}")
    if a["id"] in texts:
        err(f"articles.jsonl: duplicate id {a['id']}")
    texts[a["id"]] = a["text"]
    if a["true_date"] and not DATE_RE.match(a["true_date"]):
        err(f"articles.jsonl: {a['id']} bad true_date {a['true_date']!r}")
    if not a["text"].strip():
        err(f"articles.jsonl: {a['id']} empty text")

# entities
ents = load_jsonl("gold_entities.jsonl")
seen = set()
label_counts = Counter()
ref_labels = defaultdict(set)
per_outlet = Counter()
outlet_of = {a["id"]: a["outlet"] for a in articles}
for e in ents:
    i = e.get("id")
    if i not in texts:
        err(f"gold_entities.jsonl: unknown id {i}")
        continue
    if i in seen:
        err(f"gold_entities.jsonl: duplicate entry for {i}")
    seen.add(i)
    t = texts[i]
    spans = sorted(e["entities"], key=lambda x: (x["start"], x["end"]))
    last_end = -1
    for s in spans:
        for k in ("start", "end", "text", "label", "ref"):
            if k not in s:
                err(f"{i}: entity missing {k}: {s}")
        if t[s["start"] : s["end"]] != s["text"]:
            err(
                f"{i}: offset mismatch {s['start']}-{s['end']}: {t[s['start'] : s['end']]!r} != {s['text']!r}"
            )
        if s["label"] not in LABELS:
            err(f"{i}: invalid label {s['label']}")
        if not s["ref"].startswith(s["label"] + ":"):
            err(f"{i}: ref {s['ref']!r} does not start with label {s['label']}")
        if s["start"] < last_end:
            err(f"{i}: overlapping span at {s['start']} ({s['text']!r})")
        last_end = max(last_end, s["end"])
        label_counts[s["label"]] += 1
        ref_labels[s["ref"]].add(s["label"])
        per_outlet[outlet_of[i]] += 1
for i in texts:
    if i not in seen:
        err(f"gold_entities.jsonl: no entry for article {i}")
for r, labs in ref_labels.items():
    if len(labs) > 1:
        err(f"ref {r} used with several labels {labs}")

# roles
roles = load_jsonl("gold_roles.jsonl")
for r in roles:
    i = r.get("id")
    if i not in texts:
        err(f"gold_roles.jsonl: unknown id {i}")
        continue
    if texts[i][r["start"] : r["end"]] != r["text"]:
        err(f"gold_roles.jsonl: {i} offset mismatch for {r['text']!r}")
    if not (r["ref"] == "UNKNOWN" or r["ref"].startswith("PERSON:")):
        err(f"gold_roles.jsonl: {i} bad ref {r['ref']!r}")

outlets = Counter(a["outlet"] for a in articles)
print(f"articles: {len(articles)}  outlets: {len(outlets)}")
for o, c in outlets.most_common():
    print(f"  {o}: {c} articles, {per_outlet[o]} entity mentions")
print(
    "entity mentions per label:",
    dict(sorted(label_counts.items())),
    "total",
    sum(label_counts.values()),
)
print("distinct refs:", len(ref_labels))
print("role mentions:", len(roles))
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("OK: all checks passed")
