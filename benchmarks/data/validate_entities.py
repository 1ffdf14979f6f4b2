#!/usr/bin/env python3
"""Validate an entity set in the format of ``heldout_news`` (adapted from its ``validate.py``):
``python3 validate_entities.py FOLDER``; each development set's own ``validate.py`` runs it on
its folder. A set without ``gold_dates.csv`` skips the date checks; the optional fields
``licence``, ``title`` and ``source`` must be in every article once one article has them.

Checks (stdlib only; does not import or run anything from the project):
  * articles.jsonl: required fields, unique ids, YYYY-MM-DD or empty true_date
  * gold_entities.jsonl: one entry per article, text[start:end] == span text,
    valid labels, ref prefixed by "<LABEL>:", no overlapping / duplicate spans
  * gold_roles.jsonl: required fields, ids exist, offsets match (text[start:end] == span text),
    ref is "PERSON:<name>" or "UNKNOWN", whole-word span without surrounding whitespace,
    no two role spans overlap, and no role span overlaps a PERSON span of gold_entities.jsonl
  * gold_dates.csv: one row per article, true_date agrees with articles.jsonl,
    stated_in_text in {yes,no}, evidence is a substring of the text iff "yes"
  * ref consistency: one label per ref across the corpus
  * every span is a whole word (no letter or digit directly before or after it) and has no
    surrounding whitespace
Prints summary counts; exits non-zero on any error.
"""

import csv
import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

if len(sys.argv) < 2:
    sys.exit("usage: python3 validate_entities.py FOLDER")
HERE = Path(sys.argv[1]).resolve()
DATED = (HERE / "gold_dates.csv").exists()
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
OPTIONAL = tuple(k for k in ("licence", "title", "source") if articles and k in articles[0])
for a in articles:
    required = ("id", "outlet", "url", "text", "true_date")
    for k in (*required, *OPTIONAL):
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
        st, en = s["start"], s["end"]
        if (st > 0 and t[st - 1].isalnum()) or (en < len(t) and t[en].isalnum()):
            err(f"{i}: span {s['text']!r} at {st} is not a whole word")
        if s["text"] != s["text"].strip() or not s["text"]:
            err(f"{i}: span {s['text']!r} at {st} has surrounding whitespace or is empty")
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
person_spans = defaultdict(list)
for e in ents:
    for s in e.get("entities", []):
        if s.get("label") == "PERSON":
            person_spans[e.get("id")].append((s["start"], s["end"], s["text"]))
role_spans = defaultdict(list)
role_refs = Counter()
for r in roles:
    missing = [k for k in ("id", "start", "end", "text", "ref") if k not in r]
    if missing:
        err(f"gold_roles.jsonl: role missing {missing}: {r}")
        continue
    i = r["id"]
    if i not in texts:
        err(f"gold_roles.jsonl: unknown id {i}")
        continue
    t = texts[i]
    st, en = r["start"], r["end"]
    if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(t)):
        err(f"gold_roles.jsonl: {i} bad offsets {st}-{en} for {r['text']!r}")
        continue
    if t[st:en] != r["text"]:
        err(f"gold_roles.jsonl: {i} offset mismatch {st}-{en}: {t[st:en]!r} != {r['text']!r}")
    if not (r["ref"] == "UNKNOWN" or (r["ref"].startswith("PERSON:") and r["ref"][7:].strip())):
        err(f"gold_roles.jsonl: {i} bad ref {r['ref']!r}")
    if (st > 0 and t[st - 1].isalnum()) or (en < len(t) and t[en].isalnum()):
        err(f"gold_roles.jsonl: {i} role {r['text']!r} at {st} is not a whole word")
    if r["text"] != r["text"].strip():
        err(f"gold_roles.jsonl: {i} role {r['text']!r} at {st} has surrounding whitespace")
    for ps, pe, ptext in person_spans[i]:
        if ps < en and st < pe:
            err(
                f"gold_roles.jsonl: {i} role {r['text']!r} at {st} overlaps PERSON span {ptext!r} at {ps}"
            )
    role_spans[i].append((st, en, r["text"]))
    role_refs["UNKNOWN" if r["ref"] == "UNKNOWN" else "resolved"] += 1
for i, spans in role_spans.items():
    spans.sort()
    for (s1, e1, t1), (s2, _e2, t2) in itertools.pairwise(spans):
        if s2 < e1:
            err(
                f"gold_roles.jsonl: {i} overlapping or duplicate roles {t1!r} at {s1} and {t2!r} at {s2}"
            )

# dates
stated = Counter()
if DATED:
    true_dates = {a["id"]: a["true_date"] for a in articles}
    with open(HERE / "gold_dates.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    date_ids = set()
    for row in rows:
        i = row["id"]
        if i not in texts:
            err(f"gold_dates.csv: unknown id {i}")
            continue
        if i in date_ids:
            err(f"gold_dates.csv: duplicate row {i}")
        date_ids.add(i)
        if row["true_date"] != true_dates[i]:
            err(
                f"gold_dates.csv: {i} true_date {row['true_date']} != articles.jsonl {true_dates[i]}"
            )
        if row["stated_in_text"] not in ("yes", "no"):
            err(f"gold_dates.csv: {i} stated_in_text must be yes/no")
        stated[row["stated_in_text"]] += 1
        if row["stated_in_text"] == "yes":
            if not row["evidence"] or row["evidence"] not in texts[i]:
                err(f"gold_dates.csv: {i} evidence not found in text: {row['evidence']!r}")
        elif row["evidence"]:
            err(f"gold_dates.csv: {i} has evidence but stated_in_text=no")
    for i in texts:
        if i not in date_ids:
            err(f"gold_dates.csv: no row for article {i}")


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
print(
    "role mentions:",
    len(roles),
    f"(resolved to a person: {role_refs['resolved']}, UNKNOWN: {role_refs['UNKNOWN']})",
)
if DATED:
    print("date stated in text:", dict(stated))
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("OK: all checks passed")
