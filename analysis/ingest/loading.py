"""Load a corpus from a folder, a table file or uploaded files, accounting for every input.

``load_corpus`` accepts:

- a folder: every ``.txt`` file below it (recursively) is a document whose id is its file stem;
  ``metadata.csv`` files (``id,title,date,source[,url]``) give values that win over what is guessed
  from the text; tables, archives and compressed files inside the folder are read as below;
- a ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson`` or ``.json`` file, optionally gzipped: one row a
  document, a ``text`` column required, ``id``, ``title``, ``date``, ``source``, ``url`` used when
  present (the title is also read as the text's first line, as in a text file);
- a ``.zip`` archive or ``.gz`` file of any of these;
- uploaded files as ``(name, bytes)`` pairs, dispatched by name in the same way.

Every input that does not become a document is listed in ``Corpus.problems`` with a specific
reason, so that nothing is dropped silently.
"""

from __future__ import annotations

import gzip
import io
import json
import multiprocessing
import re
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from analysis.core.schema import DOCUMENT_COLUMNS, PROBLEM_COLUMNS, empty_frame
from analysis.ingest.boilerplate import Scan, scan_text
from analysis.ingest.cleaning import CleanedText, clean_text, finish_corpus
from analysis.ingest.dates import date_from_filename, date_from_url, parse_date_value
from analysis.ingest.decoding import DecodeError, decode_bytes

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".ndjson", ".json"})
METADATA_NAME = "metadata.csv"
#: Column names accepted for each field of a table, first match wins (compared case-insensitively).
COLUMN_ALIASES = {
    "text": ("text", "body", "content", "article"),
    "id": ("id", "doc_id", "document_id"),
    "title": ("title", "headline"),
    "date": ("date", "published", "published_at", "datetime"),
    "source": ("source", "outlet", "publisher"),
    "url": ("url", "link"),
}
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or accidental input from exhausting memory or time.

    The defaults are what one server can analyse within about 1.5 GB on one core, measured in
    ``docs/limits.md``; anything larger is refused with a reason in ``Corpus.problems``.

    - ``max_file_bytes``: any one file, after decompression;
    - ``max_document_chars``: the text of one document (a ``.txt`` file or a table's text cell);
    - ``max_corpus_chars``: the text of all documents of one load (documents past it are refused);
    - ``max_field_chars``: any other cell of a table (title, date, source, url);
    - ``max_rows``: documents in one load (table rows and text files together);
    - ``max_members``: files in one archive;
    - ``max_total_bytes``: what all archives and compressed files of one load may expand to,
      whatever their nesting or member sizes (it bounds the work of decompressing, too);
    - ``max_ratio``: a member over 1 MB that expands more than this many times is refused as a
      likely zip bomb.

    Archives inside archives are not read, whatever their names; a ``.gz`` may sit inside a
    ``.zip`` (a zip of ``.csv.gz`` files), but not inside another ``.gz``.
    """

    max_file_bytes: int = 50_000_000
    max_document_chars: int = 20_000_000
    max_corpus_chars: int = 20_000_000
    max_field_chars: int = 10_000
    max_rows: int = 60_000
    max_members: int = 20_000
    max_total_bytes: int = 200_000_000
    max_ratio: int = 200


@dataclass(frozen=True)
class Corpus:
    """Documents (one row each; see :data:`analysis.core.schema.DOCUMENT_COLUMNS`, plus ``path`` and
    ``url``) and problems (``path, reason``: every input that was not loaded, and why)."""

    documents: pd.DataFrame
    problems: pd.DataFrame = field(default_factory=lambda: empty_frame(PROBLEM_COLUMNS))

    def __len__(self) -> int:
        return len(self.documents)


@dataclass(frozen=True)
class RawDocument:
    """A document before cleaning: where it came from, its text and any metadata given with it."""

    doc_id: str
    path: str
    raw: str
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class _Collected:
    """What reading the inputs produced (mutable only while collecting)."""

    raw: list[RawDocument] = field(default_factory=list)
    metadata: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    total_bytes: int = 0
    expanded_bytes: int = 0  # what archives and compressed files expanded to
    text_chars: int = 0  # text of the documents accepted so far
    documents: int = 0  # documents accepted so far


class InputError(ValueError):
    """The source as a whole cannot be read (missing path, unsupported file); one clear line."""


def load_corpus(
    source: str | Path | Iterable[tuple[str, bytes]],
    *,
    limits: Limits | None = None,
    today: date | None = None,
    workers: int = 1,
) -> Corpus:
    """Load documents from a folder, a table file, an archive, or uploaded ``(name, bytes)`` pairs.

    Raises :class:`InputError` only when ``source`` itself is missing or of a type that cannot
    hold documents; problems with individual files or rows go to ``Corpus.problems``.
    ``today`` anchors year inference when the corpus has no complete dates (default: today).
    ``workers`` > 1 lets a large corpus be cleaned by that many worker processes (see
    :func:`build_corpus`); the result is the same.
    """
    limits = limits or Limits()
    collected = _Collected()
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file or folder")
        if path.is_dir():
            _read_folder(path, collected, limits)
        else:
            suffixes = _suffixes(path.name)
            if not (suffixes & (TEXT_SUFFIXES | TABLE_SUFFIXES | {".zip", ".gz"})):
                raise InputError(
                    f"{source}: unsupported file type; expected a folder of .txt files, "
                    ".csv, .tsv, .jsonl, .json (optionally .gz) or .zip"
                )
            _read_entry(
                path.name, _read_path(path, path.name, collected, limits), collected, limits
            )
    else:
        for name, data in source:
            _read_entry(name, data, collected, limits)
    return build_corpus(
        collected.raw, collected.metadata, collected.problems, today=today, workers=workers
    )


def _suffixes(name: str) -> set[str]:
    return {suffix.lower() for suffix in PurePosixPath(name).suffixes}


def _read_path(path: Path, name: str, collected: _Collected, limits: Limits) -> bytes | None:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        collected.problems.append((name, _too_large(size, limits)))
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        collected.problems.append((name, f"cannot be read: {error.strerror or error}"))
        return None


def _too_large(size: int, limits: Limits) -> str:
    return f"too large: {_mb(size)} (the limit is {_mb(limits.max_file_bytes)})"


def _mb(size: int) -> str:
    """A size for a message: "25 kB", "1.2 MB", "250 MB"."""
    if size < 1e6:
        return f"{size / 1e3:,.0f} kB"
    return f"{size / 1e6:.1f} MB" if size < 10e6 else f"{size / 1e6:,.0f} MB"


def _read_folder(root: Path, collected: _Collected, limits: Limits) -> None:
    paths = sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())
    for path in paths:
        name = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(name).parts):
            collected.problems.append((name, "skipped: hidden file"))
            continue
        if path.is_symlink() and not path.exists():
            collected.problems.append((name, "skipped: broken symbolic link"))
            continue
        data = _read_path(path, name, collected, limits)
        _read_entry(name, data, collected, limits)


def _read_entry(
    name: str,
    data: bytes | None,
    collected: _Collected,
    limits: Limits,
    inside: str | None = None,
) -> None:
    """Dispatch one named file's bytes by its type; ``None`` means it was already reported.

    ``inside`` is the kind of container the file came out of (``"zip"``, ``"gz"`` or ``None``):
    a zip inside anything, or a gz inside a gz, is not read, so nesting never recurses.
    """
    if data is None:
        return
    if len(data) > limits.max_file_bytes:
        collected.problems.append((name, _too_large(len(data), limits)))
        return
    collected.total_bytes += len(data)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip" and inside is not None:
        collected.problems.append((name, "skipped: archives inside archives are not read"))
    elif suffix == ".gz" and inside == "gz":
        collected.problems.append(
            (name, "skipped: compressed files inside compressed files are not read")
        )
    elif suffix == ".zip":
        _read_zip(name, data, collected, limits)
    elif suffix == ".gz":
        inner = _gunzip(name, data, collected, limits)
        if inner is not None:
            _read_entry(name[: -len(".gz")], inner, collected, limits, inside="gz")
    elif PurePosixPath(name).name.lower() == METADATA_NAME:
        table = _read_table(name, data, collected)
        if table is not None:
            collected.metadata.append((name, table))
    elif suffix in TABLE_SUFFIXES:
        table = _read_table(name, data, collected)
        if table is not None:
            collected.raw.extend(_rows_to_documents(name, table, collected, limits))
    elif suffix in TEXT_SUFFIXES:
        _read_text_file(name, data, collected, limits)
    else:
        kind = f"'{suffix}'" if suffix else "without an extension"
        collected.problems.append(
            (
                name,
                f"unsupported file type {kind}: expected .txt, .csv, .tsv, .jsonl, .json, "
                ".gz or .zip",
            )
        )


def _read_text_file(name: str, data: bytes, collected: _Collected, limits: Limits) -> None:
    if not data:
        collected.problems.append((name, "empty file (0 bytes)"))
        return
    text = _decode(name, data, collected)
    if text is None:
        return
    if not text.strip():
        collected.problems.append((name, "empty file (only white space)"))
        return
    refusal = _text_refusal(len(text), collected, limits)
    if refusal:
        collected.problems.append((name, refusal))
        return
    stem = PurePosixPath(name).stem
    collected.raw.append(RawDocument(doc_id=stem, path=name, raw=text))


def _decode(name: str, data: bytes, collected: _Collected) -> str | None:
    """The text of ``data``, or ``None`` after reporting why not; a doubtful reading (mixed
    encodings) is kept and reported as a warning."""
    try:
        decoded = decode_bytes(data)
    except DecodeError as error:
        collected.problems.append((name, str(error)))
        return None
    if decoded.warning:
        collected.problems.append((name, f"warning: {decoded.warning}"))
    return decoded.text


def _text_refusal(chars: int, collected: _Collected, limits: Limits) -> str | None:
    """Why a document of ``chars`` characters cannot join the corpus (``None``: it can, and is
    counted). The limits are what one server analyses within about 1.5 GB (docs/limits.md)."""
    if chars > limits.max_document_chars:
        return (
            f"too large: {_mb(chars)} of text in one document (the limit is "
            f"{_mb(limits.max_document_chars)}, what the server can analyse in 1.5 GB)"
        )
    if collected.documents >= limits.max_rows:
        return _row_limit(limits)
    if collected.text_chars + chars > limits.max_corpus_chars:
        return (
            f"refused: the corpus would exceed {_mb(limits.max_corpus_chars)} of text, what the "
            "server can analyse in 1.5 GB"
        )
    collected.text_chars += chars
    collected.documents += 1
    return None


def _row_limit(limits: Limits) -> str:
    return f"refused: the corpus already has {limits.max_rows:,} documents, the limit"


def _expansion_allowed(collected: _Collected, limits: Limits) -> int:
    """How many bytes the next decompression may produce: one file's limit, or what is left of
    the load's total, whichever is smaller."""
    return max(0, min(limits.max_file_bytes, limits.max_total_bytes - collected.expanded_bytes))


def _expansion_refusal(size: int, allowed: int, limits: Limits) -> str:
    if allowed >= limits.max_file_bytes:
        return f"too large when decompressed: over {_mb(limits.max_file_bytes)} (the limit)"
    return (
        f"refused: decompressing it would take the inputs past {_mb(limits.max_total_bytes)} "
        "expanded in all, the limit for one load"
    )


def _gunzip(name: str, data: bytes, collected: _Collected, limits: Limits) -> bytes | None:
    allowed = _expansion_allowed(collected, limits)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            inner = handle.read(allowed + 1)  # decompresses no more than that: bounded work
    except (OSError, EOFError, zlib.error) as error:
        collected.problems.append((name, f"not a readable gzip file: {error}"))
        return None
    collected.expanded_bytes += len(inner)
    if len(inner) > allowed:
        collected.problems.append((name, _expansion_refusal(len(inner), allowed, limits)))
        return None
    if len(data) and len(inner) > 1_000_000 and len(inner) / len(data) > limits.max_ratio:
        ratio = len(inner) // len(data)
        collected.problems.append(
            (name, f"refused: expands {ratio}x when decompressed (zip bomb?)")
        )
        return None
    return inner


def _read_zip(name: str, data: bytes, collected: _Collected, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        collected.problems.append((name, f"not a readable zip archive: {error}"))
        return
    if len(members) > limits.max_members:
        collected.problems.append(
            (
                name,
                f"refused: {len(members)} files in the archive (the limit is {limits.max_members})",
            )
        )
        return
    declared = sum(info.file_size for info in members)
    if declared > limits.max_total_bytes:
        collected.problems.append(
            (
                name,
                f"refused: {declared / 1e6:.0f} MB uncompressed (the limit is "
                f"{limits.max_total_bytes / 1e6:.0f} MB)",
            )
        )
        return
    for info in members:
        member_name = f"{name}/{info.filename}"
        reason = _unsafe_member(info, limits)
        if reason:
            collected.problems.append((member_name, reason))
            continue
        if PurePosixPath(info.filename).suffix.lower() == ".zip":
            collected.problems.append(
                (member_name, "skipped: archives inside archives are not read")
            )
            continue
        allowed = _expansion_allowed(collected, limits)
        try:
            with archive.open(info) as handle:
                content = handle.read(allowed + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            NotImplementedError,
            RuntimeError,
            zlib.error,
        ) as error:
            collected.problems.append((member_name, f"unreadable archive member: {error}"))
            continue
        collected.expanded_bytes += len(content)
        if len(content) > allowed:
            collected.problems.append(
                (member_name, _expansion_refusal(len(content), allowed, limits))
            )
            continue
        _read_entry(member_name, content, collected, limits, inside="zip")


def _unsafe_member(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    """Why an archive member must not be read, or ``None`` when it is safe."""
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    if (
        info.filename.startswith(("/", "\\"))
        or ".." in parts
        or re.match(r"^[A-Za-z]:", info.filename)
    ):
        return "refused: unsafe path in archive (absolute or contains '..')"
    if any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return "skipped: hidden or system file in archive"
    if info.flag_bits & 0x1:
        return "refused: encrypted archive member"
    if info.file_size > limits.max_file_bytes:
        return _too_large(info.file_size, limits)
    if info.file_size > 1_000_000 and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        return f"refused: expands {info.file_size // max(info.compress_size, 1)}x (zip bomb?)"
    return None


def _read_table(name: str, data: bytes, collected: _Collected) -> pd.DataFrame | None:
    """Read a CSV/TSV/JSON Lines/JSON table as strings, or report why it cannot be read."""
    if not data.strip():
        collected.problems.append((name, "empty file (0 bytes)" if not data else "empty file"))
        return None
    text = _decode(name, data, collected)
    if text is None:
        return None
    suffix = PurePosixPath(name).suffix.lower()
    try:
        if suffix in {".jsonl", ".ndjson"}:
            frame = _read_json_lines(name, text, collected)
        elif suffix == ".json":
            frame = _read_json_array(text)
        else:
            frame = pd.read_csv(
                io.StringIO(text),
                sep="\t" if suffix == ".tsv" else ",",
                dtype=str,
                keep_default_na=False,
                on_bad_lines="error",
            )
    except (
        ValueError,
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
        json.JSONDecodeError,
    ) as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        collected.problems.append((name, f"malformed {suffix.lstrip('.').upper()}: {first_line}"))
        return None
    except RecursionError:
        collected.problems.append(
            (name, f"malformed {suffix.lstrip('.').upper()}: nested too deeply to read")
        )
        return None
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    return frame


def _read_json_lines(name: str, text: str, collected: _Collected) -> pd.DataFrame:
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if isinstance(record, dict):
                cells = {key: _cell(value) for key, value in record.items()}
        except json.JSONDecodeError as error:
            collected.problems.append((f"{name}#line {number}", f"invalid JSON: {error.msg}"))
            continue
        except RecursionError:
            collected.problems.append((f"{name}#line {number}", "invalid JSON: nested too deeply"))
            continue
        if not isinstance(record, dict):
            collected.problems.append((f"{name}#line {number}", "not a JSON object"))
            continue
        records.append(cells | {"__line": number})
    return pd.DataFrame(records)


def _read_json_array(text: str) -> pd.DataFrame:
    value = json.loads(text)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError("expected a JSON array of objects")
    return pd.DataFrame([{key: _cell(v) for key, v in item.items()} for item in value])


def _cell(value: object) -> str:
    """A table cell as text: empty for a missing value (``None``, or the NaN a table puts where a
    JSON Lines row lacks a key), JSON for a nested one."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _column(frame: pd.DataFrame, field_name: str) -> str | None:
    """The table column that holds ``field_name`` (see :data:`COLUMN_ALIASES`), if any."""
    return next((c for c in COLUMN_ALIASES[field_name] if c in frame.columns), None)


def _rows_to_documents(
    name: str, frame: pd.DataFrame, collected: _Collected, limits: Limits
) -> Iterator[RawDocument]:
    text_column = _column(frame, "text")
    if text_column is None:
        found = ", ".join(c for c in frame.columns if not c.startswith("__")) or "none"
        collected.problems.append((name, f"missing 'text' column (columns found: {found})"))
        return
    id_column = _column(frame, "id")
    stem = PurePosixPath(name).name.split(".")[0]
    seen: dict[str, str] = {}
    line_numbers = frame["__line"] if "__line" in frame.columns else None
    for position, row in enumerate(frame.itertuples(index=False)):
        if collected.documents >= limits.max_rows:  # one problem row for all the rest
            first, last = position + 1, len(frame)
            rows = f"row {first}" if first == last else f"rows {first}-{last}"
            collected.problems.append((f"{name}#{rows}", _row_limit(limits)))
            return
        values = dict(zip(frame.columns, row, strict=True))
        where = (
            f"{name}#line {line_numbers.iloc[position]}"
            if line_numbers is not None
            else f"{name}#row {position + 1}"
        )
        text = _cell(values.get(text_column))
        doc_id = _cell(values.get(id_column)).strip() if id_column else ""
        doc_id = doc_id or f"{stem}-{position + 1}"
        if not text.strip():
            collected.problems.append((where, f"empty text (id '{doc_id}')"))
            continue
        if doc_id in seen:
            collected.problems.append((where, f"duplicate id '{doc_id}' (first at {seen[doc_id]})"))
            continue
        meta = {
            key: _cell(values.get(column)).strip()
            for key in ("title", "date", "source", "url")
            if (column := _column(frame, key))
        }
        oversized = [key for key, value in meta.items() if len(value) > limits.max_field_chars]
        if oversized or len(doc_id) > limits.max_field_chars:
            key = (oversized or ["id"])[0]
            collected.problems.append(
                (where, f"refused: the {key} field is over {limits.max_field_chars:,} characters")
            )
            continue
        refusal = _text_refusal(len(text), collected, limits)
        if refusal:
            collected.problems.append((where, refusal))
            continue
        seen[doc_id] = where
        text = with_title_line(text.replace("\r\n", "\n"), meta.get("title", ""))
        yield RawDocument(doc_id=doc_id, path=where, raw=text, meta=meta)


def with_title_line(text: str, title: str) -> str:
    """A table row's text with its title as the first line, as a text file writes it, so that a
    headline's words and names are read and counted whether the corpus came as files or as a
    table; a text that already opens with its title is left as it is."""
    title = " ".join(title.split())
    if not title or " ".join(text[: len(title) * 2].split()).startswith(title):
        return text
    return f"{title}\n\n{text}"


def build_corpus(
    raw: list[RawDocument],
    metadata: list[tuple[str, pd.DataFrame]] | None = None,
    problems: list[tuple[str, str]] | None = None,
    *,
    today: date | None = None,
    workers: int = 1,
) -> Corpus:
    """Clean raw documents, apply metadata sidecars, date every document, and tabulate.

    What reads one document alone (cleaning, the boilerplate scan, counting words) runs in
    ``workers`` forked processes when there are more than one, the corpus is large
    (:data:`PARALLEL_CHARS`) and this process may fork (Linux, one thread); what compares the
    documents runs here. The result is the same either way.
    """
    problems = list(problems or [])
    raw = _unique_ids(raw)
    raw = _apply_metadata(raw, metadata or [], problems)
    _report_unusable_dates(raw, problems)
    rows: list[dict[str, Any]] = []
    cleaned_texts: list[CleanedText] = []
    scans: list[Scan] = []
    word_counts: list[int] = []
    prepared = _prepared_documents(
        [(document.raw, not document.meta.get("title")) for document in raw], workers
    )
    for document, (cleaned, scan, words) in zip(raw, prepared, strict=True):
        meta = document.meta
        if not cleaned.text.strip():
            problems.append((document.path, "no text left after removing boilerplate lines"))
            continue
        cleaned_texts.append(cleaned)
        scans.append(scan)
        word_counts.append(words)
        rows.append(
            {
                "doc_id": document.doc_id,
                "title": meta.get("title") or cleaned.title,
                "source": meta.get("source") or cleaned.source,
                "path": document.path,
                "url": meta.get("url", ""),
                "__given": _given_date(meta),
                "__filename": date_from_filename(PurePosixPath(document.path.split("#")[0]).name),
                "__url": date_from_url(meta.get("url", "")),
            }
        )
    finished = finish_corpus(
        cleaned_texts,
        sources=[row["source"] for row in rows],
        given_dates=[row.pop("__given") for row in rows],
        fallback_dates=[row.pop("__filename") for row in rows],
        url_dates=[row.pop("__url") for row in rows],
        today=today,
        scans=scans,
    )
    for row, item, cleaned, words in zip(rows, finished, cleaned_texts, word_counts, strict=True):
        row.update(
            text=item.text,
            n_words=words if item.text == cleaned.text else _word_count(item.text),
            date=item.date,
            date_source=item.date_source,
            date_evidence=item.evidence,
            date_evidence_start=item.evidence_start,
            date_evidence_end=item.evidence_end,
            n_removed=len(item.removed),
            removed=tuple((r.start, r.text, r.kind) for r in item.removed),
        )
    documents = _documents_frame(rows)
    problem_frame = (
        pd.DataFrame(problems, columns=PROBLEM_COLUMNS)
        if problems
        else empty_frame(PROBLEM_COLUMNS)
    )
    return Corpus(documents=documents, problems=problem_frame)


#: Corpora of at least this many characters are prepared by worker processes when the caller
#: allows more than one: below it, starting them costs more than they save.
PARALLEL_CHARS = 1_000_000


def _prepared_documents(
    raw: list[tuple[str, bool]], workers: int
) -> list[tuple[CleanedText, Scan, int]]:
    """:func:`_prepared` of every ``(raw text, guess title)``, in order. A large corpus is cut
    into ``workers`` runs of consecutive documents of about equal length: this process prepares
    the first while forked processes prepare the others."""
    total = sum(len(text) for text, _ in raw)
    if workers < 2 or total < PARALLEL_CHARS or not _may_fork():
        return _prepared_run(raw)
    budget = total / workers
    runs: list[list[tuple[str, bool]]] = [[]]
    size = 0
    for item in raw:
        if size >= budget and len(runs) < workers:
            runs.append([])
            size = 0
        runs[-1].append(item)
        size += len(item[0])
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(runs) - 1, mp_context=context) as pool:
        others = [pool.submit(_prepared_run, run) for run in runs[1:]]
        prepared = _prepared_run(runs[0])
        for future in others:
            prepared += future.result()
    return prepared


def _prepared_run(raw: list[tuple[str, bool]]) -> list[tuple[CleanedText, Scan, int]]:
    return [_prepared(text, guess_title) for text, guess_title in raw]


def _prepared(raw: str, guess_title: bool) -> tuple[CleanedText, Scan, int]:
    """One document's cleaned text, its boilerplate scan and its number of words."""
    cleaned = clean_text(raw, guess_title=guess_title)
    return cleaned, scan_text(cleaned.text), _word_count(cleaned.text)


def _may_fork() -> bool:
    """Whether worker processes may be forked here: on Linux, from a process of one thread (a
    fork copies only the calling thread, and locks other threads held stay locked)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _report_unusable_dates(raw: list[RawDocument], problems: list[tuple[str, str]]) -> None:
    """A warning for each given date that cannot be used (unreadable, or outside 1800-2200, such
    as "1 Jan 0001"): the document is kept, dated from its text, and nothing passes silently."""
    for document in raw:
        given = document.meta.get("date", "")
        if given and parse_date_value(given) is None:
            shown = given if len(given) <= 40 else given[:40] + "…"
            problems.append(
                (
                    document.path,
                    f"warning: date {shown!r} ignored: not a readable date between 1800 and 2200",
                )
            )


def _given_date(meta: dict[str, str]) -> date | None:
    """The metadata date, if readable (an unreadable one falls back to the text's date; the
    ranking of text, file name and inferred dates is :func:`finish_corpus`'s)."""
    given = meta.get("date", "")
    return parse_date_value(given) if given else None


def _unique_ids(raw: list[RawDocument]) -> list[RawDocument]:
    """Give documents from different folders that share a file stem distinct ids (their paths)."""
    counts: dict[str, int] = {}
    for document in raw:
        counts[document.doc_id] = counts.get(document.doc_id, 0) + 1
    unique = []
    for document in raw:
        if counts[document.doc_id] > 1 and "#" not in document.path:
            document = replace(document, doc_id=str(PurePosixPath(document.path).with_suffix("")))
        unique.append(document)
    return unique


def _apply_metadata(
    raw: list[RawDocument],
    metadata: list[tuple[str, pd.DataFrame]],
    problems: list[tuple[str, str]],
) -> list[RawDocument]:
    """Overlay sidecar values (``id,title,date,source,url``) on the documents they name."""
    if not metadata:
        return raw
    by_id: dict[str, dict[str, str]] = {}
    for name, frame in metadata:
        if "id" not in frame.columns:
            problems.append(
                (
                    name,
                    f"metadata file without an 'id' column (columns: {', '.join(frame.columns)})",
                )
            )
            continue
        for position, row in enumerate(frame.to_dict("records")):
            doc_id = str(row.get("id", "")).strip()
            if not doc_id:
                problems.append((f"{name}#row {position + 1}", "metadata row without an id"))
                continue
            values = {k: str(row.get(k, "")).strip() for k in ("title", "date", "source", "url")}
            by_id[doc_id] = {k: v for k, v in values.items() if v} | {
                "__where": f"{name}#row {position + 1}"
            }
    known = {document.doc_id for document in raw}
    for doc_id, values in by_id.items():
        if doc_id not in known:
            problems.append(
                (values["__where"], f"warning: metadata for id '{doc_id}' matches no document")
            )
    result = []
    for document in raw:
        extra = {k: v for k, v in by_id.get(document.doc_id, {}).items() if not k.startswith("__")}
        result.append(replace(document, meta=document.meta | extra) if extra else document)
    return result


def count_words(texts: pd.Series) -> pd.Series:
    """Number of word tokens in each text (letters/digits, with inner hyphens and apostrophes)."""
    return texts.str.count(_WORD.pattern).astype("int64")


def _word_count(text: str) -> int:
    """:func:`count_words` of one text."""
    return len(_WORD.findall(text))


#: Columns of ``Corpus.documents`` after the public ones: where the document came from, the text
#: that stated its date (offsets into ``text``, -1 when that text was removed), and the furniture
#: removed from it (``(offset in text, removed string, kind)`` each).
EXTRA_DOCUMENT_COLUMNS = [
    "path",
    "url",
    "date_evidence",
    "date_evidence_start",
    "date_evidence_end",
    "n_removed",
    "removed",
]


def _documents_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    columns = [*DOCUMENT_COLUMNS, *EXTRA_DOCUMENT_COLUMNS]
    if not rows:
        return empty_frame(columns).astype(
            {
                "n_words": "int64",
                "date_evidence_start": "int64",
                "date_evidence_end": "int64",
                "n_removed": "int64",
            }
        )
    frame = pd.DataFrame(rows)
    frame["n_words"] = frame["n_words"].astype("int64")
    return frame[columns].reset_index(drop=True)
