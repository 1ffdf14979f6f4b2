"""Re-measure the shipped NER model on CoNLL-2003 dev (span-exact P/R/F1 per type).

    python training/evaluate_ner.py [--model analysis/data/ner] [--speed] [--json]

The model tags the gold CoNLL tokens (the tokenizer is not used for scoring). An entity counts
as correct only if its start, end and type all match the gold one. "micro PER/ORG/LOC" is the
micro average over PERSON, ORG and LOC (MISC excluded), the figure issue 17 sets targets for;
"micro all" includes MISC. ``--speed`` also times ``nlp.pipe`` over the dev text as raw strings
(tokenizer + ner; one thread) and the model's load time. Never reads the held-out test split.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from train_ner import CORPUS, conll_docs  # noqa: E402

TYPES = ["PERSON", "ORG", "LOC", "MISC"]
CORE = ["PERSON", "ORG", "LOC"]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def score(gold_docs, pred_docs) -> dict:
    counts = {t: [0, 0, 0] for t in TYPES}  # tp, pred, gold
    for g, p in zip(gold_docs, pred_docs, strict=True):
        gold = {(e.start, e.end, e.label_) for e in g.ents}
        pred = {(e.start, e.end, e.label_) for e in p.ents}
        for s in gold:
            counts.setdefault(s[2], [0, 0, 0])[2] += 1
        for s in pred:
            c = counts.setdefault(s[2], [0, 0, 0])
            c[1] += 1
            c[0] += s in gold
    out = {t: _prf(*c) for t, c in counts.items()}
    for name, types in (("micro PER/ORG/LOC", CORE), ("micro all", list(counts))):
        out[name] = _prf(*(sum(counts[t][i] for t in types) for i in range(3)))
    return out


def evaluate(model_dir, split: str = "dev") -> dict:
    if split == "test":
        raise SystemExit("the CoNLL-2003 test split is held out")
    import spacy

    nlp = spacy.load(model_dir)
    gold = conll_docs(nlp, CORPUS / f"{split}.txt")
    from spacy.tokens import Doc

    inputs = [Doc(nlp.vocab, words=[t.text for t in d]) for d in gold]
    pred = list(nlp.pipe(inputs, batch_size=256))
    return score(gold, pred)


def speed(model_dir, repeats: int = 3, batch_size: int = 64) -> dict:
    """Load time and words/s of ``nlp.pipe`` over the dev text (raw strings), best of ``repeats``.

    ``words_per_s`` is wall-clock; ``words_per_cpu_s`` divides by the process's CPU time, which
    stays close to the one-core figure when other jobs share the machine.
    """
    import spacy

    t = time.perf_counter()
    nlp = spacy.load(model_dir)
    load_s = time.perf_counter() - t
    texts = [" ".join(t.text for t in d) for d in conll_docs(nlp, CORPUS / "dev.txt")]
    list(nlp.pipe(texts[:200], batch_size=batch_size))  # warm up
    wall = cpu = None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        n = sum(len(d) for d in nlp.pipe(texts, batch_size=batch_size))
        dt, dc = time.perf_counter() - t, time.process_time() - c
        wall = dt if wall is None else min(wall, dt)
        cpu = dc if cpu is None else min(cpu, dc)
    return {
        "load_s": load_s,
        "batch_size": batch_size,
        "words": n,
        "seconds": wall,
        "words_per_s": n / wall,
        "cpu_seconds": cpu,
        "words_per_cpu_s": n / cpu,
    }


def format_scores(scores: dict) -> str:
    lines = [f"{'type':<18}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}"]
    for name, s in scores.items():
        label = "PER (PERSON)" if name == "PERSON" else name
        lines.append(f"{label:<18}{s['p']:8.4f}{s['r']:8.4f}{s['f']:8.4f}{s['gold']:7d}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model", default=str(REPO / "analysis" / "data" / "ner"))
    ap.add_argument("--speed", action="store_true", help="also time load and nlp.pipe on dev text")
    ap.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size for --speed")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not (CORPUS / "dev.txt").is_file():
        print(f"evaluate_ner: skipped: {CORPUS / 'dev.txt'} not found")
        return 0
    scores = evaluate(args.model)
    result = {"dev": scores}
    if args.speed:
        result["speed"] = speed(args.model, batch_size=args.batch_size)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print("CoNLL-2003 dev, span-exact")
        print(format_scores(scores))
        if args.speed:
            s = result["speed"]
            print(
                f"load {s['load_s']:.2f} s; nlp.pipe(batch_size={s['batch_size']}) on dev text: "
                f"{s['words']} words in {s['seconds']:.2f} s = {s['words_per_s']:,.0f} words/s "
                f"wall, {s['words_per_cpu_s']:,.0f} words per CPU second (one thread)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
