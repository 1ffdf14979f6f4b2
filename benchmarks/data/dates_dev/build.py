"""Rebuild ``articles.jsonl`` from three public sets of scraped pages with known dates (README.md).

Each page becomes what a plain scraper produces: the first ``<h1>`` as a title line, then the text
of every ``<p>`` element joined into one paragraph, furniture and all. ``stated`` records whether
the text itself writes the true date (found by rendering the date in common formats, independently
of the library's parser). The true date comes from the source, never from the library:

- ``htmldate``: htmldate's annotation of its evaluation pages;
- ``readability`` (Mozilla Readability's test pages) and ``aeb`` (Zyte's article extraction
  benchmark): the publication date the page's own metadata declares (``article:published_time``,
  JSON-LD or microdata ``datePublished`` and the like, read here), kept only when every such stamp
  and a date in the URL name the same day (for Readability, also its ``publishedTime``).

Usage: python benchmarks/data/dates_dev/build.py HTMLDATE_GIT READABILITY_GIT AEB_GIT
(git directories of github.com/adbar/htmldate, mozilla/readability and
scrapinghub/article-extraction-benchmark, read at ``HEAD``).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).parent
ENGLISH = re.compile(r"\b(?:the|and|of|to|in|that|is|was|for|with|said)\b", re.I)

#: Metadata keys (``property``, ``name`` or ``itemprop`` of a ``<meta>``, lower-cased) that declare
#: when the page was first published; modification stamps are deliberately absent.
PUBLISHED_KEYS = {
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "article.published",
    "datepublished",
    "og:datepublished",
    "pubdate",
    "og:pubdate",
    "publishdate",
    "publish-date",
    "published",
    "published_at",
    "pub_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "date",
    "article_date_original",
}
ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
URL_DAY = re.compile(r"/(20\d\d|19\d\d)/(\d\d|[a-z]{3})/(\d\d)(?:/|$)", re.I)


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


class _Metadata(HTMLParser):
    """Publication stamps a page declares: ``<meta>`` keys, JSON-LD ``datePublished``, microdata
    ``<time itemprop="datePublished">``; and its canonical URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stamps: list[str] = []
        self.url = ""
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        found = {key.lower(): value or "" for key, value in attrs}
        key = (found.get("property") or found.get("name") or found.get("itemprop") or "").lower()
        if tag == "meta" and key in PUBLISHED_KEYS and found.get("content"):
            self.stamps.append(found["content"])
        if tag == "meta" and key == "og:url" and not self.url:
            self.url = found.get("content", "")
        if tag == "link" and found.get("rel", "").lower() == "canonical" and not self.url:
            self.url = found.get("href", "")
        if tag == "time" and key == "datepublished" and found.get("datetime"):
            self.stamps.append(found["datetime"])
        if tag == "script" and "ld+json" in found.get("type", "").lower():
            self._json_ld = []

    def handle_endtag(self, tag):
        if tag == "script" and self._json_ld is not None:
            self.stamps.extend(_json_ld_published("".join(self._json_ld)))
            self._json_ld = None

    def handle_data(self, data):
        if self._json_ld is not None:
            self._json_ld.append(data)


def _json_ld_published(source: str) -> list[str]:
    try:
        tree = json.loads(source.strip())
    except ValueError:
        return re.findall(r'"datePublished"\s*:\s*"([^"]+)"', source)
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "datePublished" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return found


def stamp_day(stamp: str) -> date | None:
    """The calendar day an ISO-style stamp writes (in its own offset, as the publisher wrote it)."""
    match = ISO_DAY.match(stamp)
    if not match:
        return None
    try:
        day = date(*map(int, match.groups()))
    except ValueError:
        return None
    return day if day.year >= 1995 else None


def url_day(url: str) -> date | None:
    match = URL_DAY.search(url)
    if not match:
        return None
    year, month, day = match.groups()
    if not month.isdigit():
        if month.lower() not in MONTHS:
            return None
        month = str(MONTHS.index(month.lower()) + 1)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def metadata_date(html: str, url: str, *also: str) -> tuple[date | None, str]:
    """The page's declared publication day, or ``None`` with the reason when it declares none or
    its stamps (with a date in its URL and any ``also`` stamps) disagree about the day."""
    meta = _Metadata()
    meta.feed(html)
    days = {day for day in map(stamp_day, [*meta.stamps, *also]) if day}
    in_url = url_day(url or meta.url)
    if in_url:
        days.add(in_url)
    if not days:
        return None, "no publication stamp"
    if len(days) > 1:
        return None, "stamps disagree: " + ", ".join(sorted(map(str, days)))
    return days.pop(), ""


def page_row(html: str, url: str, true: date, origin: str, doc_id: str) -> dict | None:
    """The scraper's text of one page as a row, or ``None`` unless it is English prose of 120+
    words."""
    parser = _Paragraphs()
    parser.feed(html)
    body = " ".join(parser.paragraphs)
    words = body.split()
    if len(words) < 120 or len(ENGLISH.findall(body)) < 0.12 * len(words):
        return None
    text = (parser.title + "\n" + body) if parser.title else body
    lowered = text.lower()
    return {
        "id": doc_id,
        "origin": origin,
        "outlet": urlparse(url).netloc.removeprefix("www."),
        "url": url,
        "true_date": true.isoformat(),
        "stated": any(form.lower() in lowered for form in renderings(true)),
        "text": text,
    }


def _shower(git_dir: str) -> Callable[[str], bytes]:
    def show(path: str) -> bytes:
        return subprocess.run(
            ["git", "--git-dir", git_dir, "show", f"HEAD:{path}"], capture_output=True, check=True
        ).stdout

    return show


def htmldate_rows(git_dir: str) -> Iterator[dict]:
    """htmldate's evaluation pages with its annotated dates."""
    show = _shower(git_dir)
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
            if not isinstance(entry.get("date"), str):
                continue
            true = date.fromisoformat(entry["date"][:10])
            row = page_row(html, url, true, "htmldate", Path(entry["file"]).stem)
            if row:
                yield row


def readability_rows(git_dir: str, skipped: list[str]) -> Iterator[dict]:
    """Readability's test pages whose metadata declares one publication day (encyclopedia pages,
    whose "publication" is the entry's creation, are left out)."""
    show = _shower(git_dir)
    listing = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "--name-only", "HEAD", "test/test-pages/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for folder in listing:
        try:
            expected = json.loads(show(f"{folder}/expected-metadata.json"))
            html = show(f"{folder}/source.html").decode("utf-8", "replace")
        except subprocess.CalledProcessError:
            continue
        name = folder.rsplit("/", 1)[-1]
        if not expected.get("publishedTime") or name.startswith("wikipedia"):
            continue
        meta = _Metadata()
        meta.feed(html)
        true, why = metadata_date(html, meta.url, expected["publishedTime"])
        if true is None:
            skipped.append(f"readability {name}: {why}")
            continue
        row = page_row(html, meta.url, true, "readability", f"readability-{name}")
        if row:
            yield row


def aeb_rows(git_dir: str, skipped: list[str]) -> Iterator[dict]:
    """The article extraction benchmark's pages whose metadata declares one publication day."""
    show = _shower(git_dir)
    truth = json.loads(show("ground-truth.json"))
    for key, entry in sorted(truth.items()):
        html = gzip.decompress(show(f"html/{key}.html.gz")).decode("utf-8", "replace")
        true, why = metadata_date(html, entry["url"])
        if true is None:
            skipped.append(f"aeb {key[:16]}: {why}")
            continue
        row = page_row(html, entry["url"], true, "aeb", f"aeb-{key[:16]}")
        if row:
            yield row


def main(htmldate_git: str, readability_git: str, aeb_git: str) -> None:
    skipped: list[str] = []
    rows = sorted(htmldate_rows(htmldate_git), key=lambda r: r["id"])
    seen = {row["url"].rstrip("/") for row in rows}
    for source in (readability_rows(readability_git, skipped), aeb_rows(aeb_git, skipped)):
        for row in sorted(source, key=lambda r: r["id"]):
            if row["url"].rstrip("/") in seen:
                skipped.append(f"{row['id']}: same URL as an earlier page")
                continue
            seen.add(row["url"].rstrip("/"))
            rows.append(row)
    with open(HERE / "articles.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    for origin in ("htmldate", "readability", "aeb"):
        mine = [row for row in rows if row["origin"] == origin]
        print(f"{origin}: {len(mine)} articles, {sum(r['stated'] for r in mine)} state their date")
    print("left out (no single declared day):", *skipped, sep="\n  ")


if __name__ == "__main__":
    main(*sys.argv[1:4])
