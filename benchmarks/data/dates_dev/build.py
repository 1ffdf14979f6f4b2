"""Rebuild ``articles.jsonl`` from htmldate's date-annotated test pages (see README.md).

Each page becomes what a plain scraper produces: the first ``<h1>`` as a title line, then the text
of every ``<p>`` element joined into one paragraph, furniture and all. The true date is htmldate's
annotation; ``stated`` records whether the text itself writes that date (found by rendering the
date in common formats, independently of the library's parser), checked by reading.

Usage: python benchmarks/data/dates_dev/build.py HTMLDATE_GIT_DIR
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).parent
ENGLISH = re.compile(r"\b(?:the|and|of|to|in|that|is|was|for|with|said)\b", re.I)


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.paragraphs: list[str] = []
        self._stack: list[str] = []
        self._buffer: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "noscript"}:
            self._skip += 1
        if tag in {"p", "h1"} and not self._stack:
            self._stack.append(tag)
            self._buffer = []

    def handle_endtag(self, tag):
        if tag in {"script", "style", "noscript"} and self._skip:
            self._skip -= 1
        if self._stack and tag == self._stack[-1]:
            text = " ".join("".join(self._buffer).split())
            if tag == "h1" and not self.title:
                self.title = text
            elif tag == "p" and text:
                self.paragraphs.append(text)
            self._stack.pop()

    def handle_data(self, data):
        if self._stack and not self._skip:
            self._buffer.append(data)


def renderings(day: date) -> list[str]:
    month, short = day.strftime("%B"), day.strftime("%b")
    d, m, y = day.day, day.month, day.year
    return [
        f"{month} {d}, {y}",
        f"{month} {d:02d}, {y}",
        f"{d} {month} {y}",
        f"{d:02d} {month} {y}",
        f"{short} {d}, {y}",
        f"{short}. {d}, {y}",
        f"{d} {short} {y}",
        f"{month} {d} {y}",
        day.isoformat(),
        f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
    ]


def main(git_dir: str) -> None:
    def show(path: str) -> bytes:
        return subprocess.run(
            ["git", "--git-dir", git_dir, "show", f"HEAD:{path}"], capture_output=True, check=True
        ).stdout

    rows = []
    for index_name, folder in (
        ("eval_default.json", "eval"),
        ("eval_mediacloud_2020.json", "test_set"),
    ):
        index = json.loads(show(f"tests/{index_name}"))
        for url, entry in index.items():
            try:
                html = show(f"tests/{folder}/{entry['file']}").decode("utf-8", "replace")
            except subprocess.CalledProcessError:
                continue
            parser = _Paragraphs()
            parser.feed(html)
            body = " ".join(parser.paragraphs)
            words = body.split()
            if len(words) < 120 or len(ENGLISH.findall(body)) < 0.12 * len(words):
                continue
            if not isinstance(entry.get("date"), str):
                continue
            true = date.fromisoformat(entry["date"][:10])
            text = (parser.title + "\n" + body) if parser.title else body
            lowered = text.lower()
            stated = any(form.lower() in lowered for form in renderings(true))
            rows.append(
                {
                    "id": Path(entry["file"]).stem,
                    "outlet": urlparse(url).netloc.removeprefix("www."),
                    "url": url,
                    "true_date": true.isoformat(),
                    "stated": stated,
                    "text": text,
                }
            )
    with open(HERE / "articles.jsonl", "w", encoding="utf-8") as handle:
        for row in sorted(rows, key=lambda r: r["id"]):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(rows), "articles,", sum(r["stated"] for r in rows), "state their date")


if __name__ == "__main__":
    main(sys.argv[1])
