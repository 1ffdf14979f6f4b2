"""Train the English NER model that ships in ``analysis/data/ner`` (issue 17), or a student of it.

``training/distil_model.sh`` distils the shipped model into a small, faster network: the
shipped model labels modern text (``training/silver_news.py``), and this script trains
``--config training/ner_student.cfg`` with ``--extra silver.spacy``.

    python training/train_ner.py [--out analysis/data/ner] [--seed 0] [--config training/ner.cfg]
                                 [--max-epochs N] [--work DIR] [--keep-work] [--extra FILE]

Steps:

1. Convert CoNLL-2003 ``train.txt`` and ``dev.txt`` (``../shared/corpora/conll2003`` relative to
   the repository root; IOB2 tags in the last column, ``-DOCSTART-`` lines between documents) to
   spaCy DocBin files, ten sentences per Doc. Labels: PER -> PERSON, ORG, LOC, MISC.
   The CoNLL-2003 *test* split is held out: this script never reads it. Each ``--extra FILE``
   (same column format, IOB1 or IOB2, or a spaCy DocBin ``.spacy`` such as the silver data of
   ``training/silver_news.py``) is added to the training data only; dev stays CoNLL-2003 dev.
2. Train with spaCy's config system (``training/ner.cfg``) on CPU with a fixed seed; spaCy keeps
   the model that scores best on dev (``ents_f``).
3. Copy that best model (tokenizer + ``ner`` with its own tok2vec) to ``--out`` and print the
   dev scores per type (see ``training/evaluate_ner.py``).

If the corpus is absent the script prints why and exits 0 without touching ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Deterministic, single-threaded numeric work (thinc uses numpy/blis on the CPU).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("PYTHONHASHSEED", "0")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "conll2003"
LABEL_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
SENTS_PER_DOC = 10


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, IOB2 tag)."""
    docs: list[list[list[tuple[str, str]]]] = []
    sent: list[tuple[str, str]] = []
    doc: list[list[tuple[str, str]]] = []

    def end_sent() -> None:
        nonlocal sent
        if sent:
            doc.append(sent)
            sent = []

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                end_sent()
                if doc:
                    docs.append(doc)
                doc = []
                continue
            if not line.strip():
                end_sent()
                continue
            cols = line.split()
            sent.append((cols[0], cols[-1]))
    end_sent()
    if doc:
        docs.append(doc)
    return docs


def iob2_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (start, end exclusive, CoNLL type) of an IOB2 (or IOB1) tag sequence."""
    spans = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if start is not None and (prefix != "I" or typ != label):
            spans.append((start, i, label))
            start, label = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, label = i, typ
    return spans


def conll_docs(nlp, path: Path, sents_per_doc: int = SENTS_PER_DOC):
    """spaCy Docs of ``sents_per_doc`` sentences each, with gold entities and sentence starts."""
    from spacy.tokens import Doc, Span

    out = []
    for document in read_conll(path):
        for i in range(0, len(document), sents_per_doc):
            chunk = document[i : i + sents_per_doc]
            words, tags, starts = [], [], []
            for sent in chunk:
                for j, (w, t) in enumerate(sent):
                    words.append(w)
                    tags.append(t)
                    starts.append(j == 0)
            doc = Doc(nlp.vocab, words=words, sent_starts=starts)
            doc.ents = [Span(doc, s, e, label=LABEL_MAP[lab]) for s, e, lab in iob2_to_spans(tags)]
            out.append(doc)
    return out


def convert(split: str, dest: Path, extra: tuple[Path, ...] = ()) -> int:
    """CoNLL-2003 ``split`` (and the ``extra`` files, for training) as one DocBin at ``dest``."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = conll_docs(nlp, CORPUS / f"{split}.txt")
    for path in extra:
        if path.suffix == ".spacy":  # silver Docs, e.g. from training/silver_news.py
            docs.extend(DocBin().from_disk(path).get_docs(nlp.vocab))
        else:
            docs.extend(conll_docs(nlp, path))
    DocBin(docs=docs, store_user_data=False).to_disk(dest)
    return sum(len(d) for d in docs)


def write_meta(out: Path, seed: int, extra: tuple[Path, ...] = ()) -> None:
    """Name the shipped pipeline and say where its data came from (meta.json)."""
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    silver = [path for path in extra if path.suffix == ".spacy"]
    meta.update(
        {
            "name": "news_explorer_ner",
            "version": "2.0.0" if silver else "1.0.0",
            "description": (
                "English NER (PERSON, ORG, LOC, MISC) for news-explorer-analysis: tokenizer + ner "
                "with its own hash-embedding CNN tok2vec, no static vectors. Trained on the "
                "CoNLL-2003 English train split"
                + (
                    " and a teacher model's labels of modern press releases and web pages "
                    "(training/silver_news.py)"
                    if silver
                    else ""
                )
                + f" by training/train_ner.py (seed {seed}); best checkpoint chosen on dev. "
                "See MODEL_CARD.md."
            ),
            "license": (
                "Model weights derived from CoNLL-2003 (Reuters RCV1) annotations: research use "
                "under the Reuters Corpus terms; see MODEL_CARD.md"
            ),
            "sources": [
                {
                    "name": "CoNLL-2003 English (train split; dev for model selection)",
                    "url": "https://www.clips.uantwerpen.be/conll2003/ner/",
                    "license": "Reuters Corpus (RCV1) terms, research use",
                },
                *(
                    {
                        "name": "silver labels by the teacher (training/ner.cfg) of "
                        "U.S. congressional press releases, Global Voices 2004 posts and the "
                        "test pages of trafilatura, htmldate, Readability and Zyte's article "
                        "extraction benchmark (training/silver_news.py)",
                        "license": "public domain; CC BY 3.0; Apache 2.0; MIT",
                    }
                    for _ in silver
                ),
                *(
                    {"name": f"extra training file {path.name}"}
                    for path in extra
                    if path not in silver
                ),
            ],
        }
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    # The saved config names this run's temporary DocBins; the shipped one names none.
    from thinc.api import Config

    cfg = Config().from_disk(out / "config.cfg", interpolate=False)
    cfg["paths"]["train"] = None
    cfg["paths"]["dev"] = None
    cfg.to_disk(out / "config.cfg", interpolate=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", default=str(REPO / "analysis" / "data" / "ner"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--config", default=str(Path(__file__).resolve().parent / "ner.cfg"))
    ap.add_argument("--max-epochs", type=int, default=None, help="override training.max_epochs")
    ap.add_argument("--work", default=None, help="keep DocBins and checkpoints here")
    ap.add_argument("--keep-work", action="store_true")
    ap.add_argument(
        "--extra",
        action="append",
        default=[],
        help="another training file in CoNLL columns, IOB1 or IOB2 (repeatable); see the README",
    )
    args = ap.parse_args(argv)

    if not (CORPUS / "train.txt").is_file() or not (CORPUS / "dev.txt").is_file():
        print(
            f"train_ner: skipped: CoNLL-2003 train/dev not found under {CORPUS} "
            "(../shared/corpora/conll2003 relative to the repository root)."
        )
        return 0

    random.seed(args.seed)
    import numpy

    numpy.random.seed(args.seed)
    from spacy.cli.train import train
    from thinc.api import fix_random_seed, require_cpu

    require_cpu()
    fix_random_seed(args.seed)

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="train_ner_"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    extra = tuple(Path(p) for p in args.extra)
    n_train = convert("train", work / "train.spacy", extra)
    n_dev = convert("dev", work / "dev.spacy")
    print(f"train_ner: converted {n_train} train and {n_dev} dev tokens into {work}")

    overrides = {
        "paths.train": str(work / "train.spacy"),
        "paths.dev": str(work / "dev.spacy"),
        "system.seed": args.seed,
    }
    if args.max_epochs is not None:
        overrides["training.max_epochs"] = args.max_epochs
    t1 = time.time()
    train(args.config, work / "output", use_gpu=-1, overrides=overrides)
    train_seconds = time.time() - t1

    best = work / "output" / "model-best"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for item in best.iterdir():
        target = out / item.name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if item.is_dir():
            shutil.copytree(item, target)
        else:
            shutil.copy2(item, target)
    write_meta(out, args.seed, extra)
    print(
        f"train_ner: best model written to {out} (training {train_seconds / 60:.1f} min, "
        f"all {(time.time() - t0) / 60:.1f} min)"
    )

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from evaluate_ner import evaluate, format_scores

    scores = evaluate(out)
    print(format_scores(scores))
    (work / "dev_scores.json").write_text(json.dumps(scores, indent=1))
    if not args.work and not args.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
