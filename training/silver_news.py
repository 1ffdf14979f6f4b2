"""Silver training data for the shipped NER model: modern press releases labelled by a teacher.

    python training/silver_news.py --teacher DIR --out silver.spacy [--mirror DIR] [--words N]

A small network would analyse a 20,000-article corpus about 2.7 times as fast as the shipped
wide one, but trained on CoNLL-2003 alone it generalises worse to today's news (see
``analysis/data/ner/MODEL_CARD.md``). The remedy is distillation: the wide *teacher* (the shipped
model, ``training/ner.cfg``) labels modern text, and the small *student*
(``training/ner_student.cfg``) learns from CoNLL-2003's gold and these silver labels together
(``training/distil_model.sh``).

The text: U.S. congressional press releases 2019-2024 (public domain, works of the U.S.
government) from ``github.com/Hussain-Altamimi/Congress_Press_Releases``, and Global Voices posts
of 2004 (CC BY 3.0) from ``github.com/OpenGenderTracking/globalvoices``, both at the commits
pinned in :data:`SOURCES`. Any release whose opening appears in one of the project's development
or held-out sets (``benchmarks/data/*/articles.jsonl``) is left out, so those sets stay unseen.

Each release is cut into paragraphs, which the teacher reads as the product's entity backend
reads text (hyphenated words whole, line breaks as spaces); paragraphs are grouped into Docs of
at most :data:`DOC_TOKENS` tokens and written as one spaCy DocBin. Documents are taken in a fixed
order (shuffled with ``--seed``) until ``--words`` words are collected, so the same inputs give
the same file.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from itertools import zip_longest
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APACHE = "Apache License 2.0 (the repository's test material)"
#: (owner/name, commit, path, reader, licence) of every source text.
SOURCES = (
    *(
        (
            "Hussain-Altamimi/Congress_Press_Releases",
            "955f2a386fef7ee90d97fe33fde0ca5d6f4a7b34",
            f"output/{member}.txt",
            "congress",
            "public domain (U.S. government work)",
        )
        for member in ("aoc", "hawley", "lee", "mtg", "pocan", "sanders", "stefanik")
    ),
    *(
        (repo, commit, folder, "pages", licence)
        for repo, commit, folder, licence in (
            ("adbar/trafilatura", "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5", "tests/eval", APACHE),
            ("adbar/htmldate", "b8952828329abaeeb3be21387b526f2be614ce67", "tests/eval", APACHE),
            (
                "adbar/htmldate",
                "b8952828329abaeeb3be21387b526f2be614ce67",
                "tests/test_set",
                APACHE,
            ),
            (
                "mozilla/readability",
                "ab4027a8b37669745016869a37a504727992b2ba",
                "test/test-pages",
                APACHE,
            ),
            (
                "scrapinghub/article-extraction-benchmark",
                "4a3bc979f76c0df73cb95fe272e2fc1b96f9f010",
                "html",
                "MIT License",
            ),
        )
    ),
    (
        "OpenGenderTracking/globalvoices",
        "8d0e8f8e3b6a2c633ab6dffb45f60ab42e4a4c96",
        "data/full/globalvoicesonline.wordpress.2004 - 123.xml",
        "wordpress",
        "CC BY 3.0 (Global Voices)",
    ),
)
#: Largest Doc written (tokens): about ten CoNLL sentences, like the gold Docs.
DOC_TOKENS = 250
#: Characters of a text's opening compared with the development and held-out sets.
OPENING = 80


def git_dir(mirror: Path, repo: str) -> Path:
    """A bare clone of ``repo`` under ``mirror`` (``owner+name/repo``, as the workplace's
    ``fetch`` lays them out), cloned from GitHub when there is none."""
    found = mirror / repo.replace("/", "+") / "repo"
    if not found.is_dir():
        found = mirror / repo.replace("/", "+")
        if not found.is_dir():
            subprocess.run(
                ["git", "clone", "--bare", "-q", f"https://github.com/{repo}", str(found)],
                check=True,
            )
    return found


def git(directory: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={directory}", *args], check=True, capture_output=True
    ).stdout


def congress_releases(directory: Path, commit: str, path: str) -> Iterator[str]:
    """The bodies of one member's press releases (``Title: … Content: …`` records)."""
    raw = git(directory, "show", f"{commit}:{path}").decode("utf-8", "replace")
    for record in re.split(r"(?m)^(?=Title: )", raw):
        _, found, body = record.partition("Content:")
        if found:
            yield body.strip().rstrip("=").strip()


def wordpress_posts(directory: Path, commit: str, path: str) -> Iterator[str]:
    """The text of each post of a WordPress export (``content:encoded``), tags removed."""
    raw = git(directory, "show", f"{commit}:{path}").decode("utf-8", "replace")
    for body in re.findall(r"<content:encoded><!\[CDATA\[(.*?)\]\]>", raw, flags=re.S):
        body = re.sub(r"(?i)<br\s*/?>|</p>", "\n", body)
        yield html.unescape(re.sub(r"<[^>]+>", "", body)).strip()


def scraped_pages(directory: Path, commit: str, folder: str) -> Iterator[str]:
    """What a plain scraper keeps of each English HTML page in ``folder`` (its ``<h1>``, then
    the text of its ``<p>`` elements), by the dates development set's own extractor."""
    sys.path.insert(0, str(REPO / "benchmarks" / "data" / "dates_dev"))
    from build import page_row

    names = git(directory, "ls-tree", "-r", "--name-only", commit, folder).decode().split("\n")
    for name in sorted(names):
        if not name.endswith((".html", ".htm", ".html.gz")) or name.endswith("expected.html"):
            continue  # (Readability's expected output repeats its source page)
        page = git(directory, "show", f"{commit}:{name}")
        page = gzip.decompress(page) if name.endswith(".gz") else page
        row = page_row(page.decode("utf-8", "replace"), "", date(2000, 1, 1), "silver", name)
        if row:
            yield row["text"]


READERS = {"congress": congress_releases, "wordpress": wordpress_posts, "pages": scraped_pages}


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())[:OPENING]


def held_openings() -> set[str]:
    """Openings of every article of the project's development and held-out sets."""
    found = set()
    for path in (REPO / "benchmarks" / "data").glob("*/articles.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line).get("text", "")
                for paragraph in text.split("\n"):
                    if len(_key(paragraph)) >= OPENING // 2:
                        found.add(_key(paragraph))
    return found


#: Longest piece the teacher reads (words): a scraped page is one long paragraph.
PIECE_WORDS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")


def paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs (lines) of ``text``, inner whitespace as single spaces, a long one
    cut at sentence ends into pieces of about :data:`PIECE_WORDS` words."""
    pieces = []
    for line in text.splitlines():
        piece: list[str] = []
        for sentence in _SENTENCE_END.split(" ".join(line.split())):
            if piece and len(" ".join(piece).split()) + len(sentence.split()) > PIECE_WORDS:
                pieces.append(" ".join(piece))
                piece = []
            if sentence:
                piece.append(sentence)
        if piece:
            pieces.append(" ".join(piece))
    return pieces


def collect(mirror: Path, words: int, seed: int) -> tuple[list[list[str]], dict[str, int]]:
    """Texts (as paragraph lists) until ``words`` words, and how many each source gave.

    The kinds of text (scraped pages, press releases, blog posts) take turns, each in a shuffled
    order, so that no kind outweighs the others by its size alone."""
    held = held_openings()
    kinds: dict[str, list[tuple[str, list[str]]]] = {}
    for repo, commit, path, reader, _ in SOURCES:
        for text in READERS[reader](git_dir(mirror, repo), commit, path):
            parts = paragraphs(text)
            keys = {key for key in map(_key, parts) if len(key) >= OPENING // 2}
            if parts and not keys & held:
                kinds.setdefault(reader, []).append((repo, parts))
                held |= keys  # the same page again (the two test suites share some) is left out
    shuffler = random.Random(seed)
    for texts in kinds.values():
        shuffler.shuffle(texts)
    turns = [text for group in zip_longest(*kinds.values()) for text in group if text]
    chosen, counts, total = [], {}, 0
    for repo, parts in turns:
        if total >= words:
            break
        chosen.append(parts)
        counts[repo] = counts.get(repo, 0) + 1
        total += sum(len(part.split()) for part in parts)
    return chosen, counts


def label(teacher_dir: Path, releases: list[list[str]]) -> list:
    """spaCy Docs of at most :data:`DOC_TOKENS` tokens with the teacher's entities."""
    import spacy
    from spacy.tokens import Doc

    sys.path.insert(0, str(REPO))
    from analysis.extract.entities.model_backend import keep_hyphenated_words

    nlp = keep_hyphenated_words(spacy.load(teacher_dir))
    texts = [part for parts in releases for part in parts]
    docs, group = [], []
    for doc in nlp.pipe(texts, batch_size=64):
        if group and sum(len(d) for d in group) + len(doc) > DOC_TOKENS:
            docs.append(Doc.from_docs(group))
            group = []
        group.append(doc)
    if group:
        docs.append(Doc.from_docs(group))
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--teacher", required=True, help="the teacher model directory")
    ap.add_argument("--out", required=True, help="the DocBin to write (.spacy)")
    ap.add_argument("--mirror", default=str(REPO.parent / ".mirror"))
    ap.add_argument("--words", type=int, default=700_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from spacy.tokens import DocBin

    releases, counts = collect(Path(args.mirror), args.words, args.seed)
    docs = label(Path(args.teacher), releases)
    DocBin(docs=docs, store_user_data=False).to_disk(args.out)
    n_ents = sum(len(doc.ents) for doc in docs)
    print(
        f"silver_news: {len(releases)} texts ({counts}), {len(docs)} docs, "
        f"{sum(len(d) for d in docs)} tokens, {n_ents} entities -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
