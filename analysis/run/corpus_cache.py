"""A loaded corpus kept between runs, under a key made from what was read.

Loading a corpus decodes every file, strips its boilerplate (which compares each document with
the rest of its source) and finds its dates: on a corpus of a few thousand articles that is a
few seconds, redone by every command on the same folder before any result can come from the
cache. :func:`load_corpus_cached` stores the loaded :class:`~analysis.ingest.loading.Corpus` in
the result cache under a key made of the code version, the source's resolved path, the name,
size and modification time of every file it holds, the loading limits and today's date (which
anchors year inference), so that any change to the inputs or the code loads them afresh.

Uploads (``(name, bytes)`` pairs) are not cached here: the app keeps them in its own cache.
The columns are stored as plain values (``marshal``, like every cached payload: loading runs
no code); a corpus whose columns hold other values is simply loaded each time.
"""

from __future__ import annotations

import marshal
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.ingest.loading import Corpus, Limits, load_corpus
from analysis.run.cache import ResultCache, code_version, digest, encode


def source_fingerprint(source: Path, limits: Limits, today: date) -> str:
    """A digest of everything :func:`load_corpus` reads from ``source`` (a file or a folder):
    each file's relative name, size and modification and change times, in a fixed order."""
    root = source.resolve()
    parts = ["corpus", code_version(), str(root), repr(limits), today.isoformat()]
    paths = sorted(root.rglob("*")) if root.is_dir() else [root]
    for path in paths:
        name = path.relative_to(root).as_posix() if path != root else path.name
        try:
            status = path.stat()
        except OSError:
            parts.append(f"{name}|unreadable")
            continue
        if not path.is_dir():
            parts.append(f"{name}|{status.st_size}|{status.st_mtime_ns}|{status.st_ctime_ns}")
    return digest(*parts)


def load_corpus_cached(
    source: str | Path,
    cache_dir: str | Path | None,
    *,
    limits: Limits | None = None,
    today: date | None = None,
    workers: int = 1,
) -> Corpus:
    """:func:`analysis.load_corpus` of the file or folder ``source``, from the cache in
    ``cache_dir`` when the same files were loaded by the same code today (``None``: no cache).
    ``workers`` is passed to :func:`~analysis.ingest.loading.load_corpus` (it changes no result,
    so it is not part of the key)."""
    path = Path(source)
    if cache_dir is None or not path.exists():
        # (raises InputError if missing)
        return load_corpus(source, limits=limits, today=today, workers=workers)
    limits = limits or Limits()
    key = source_fingerprint(path, limits, today or date.today())
    with ResultCache(cache_dir) as cache:
        stored = cache.get_many([key]).get(key)
        if stored is not None and (corpus := corpus_from_payload(stored)) is not None:
            return corpus
        corpus = load_corpus(source, limits=limits, today=today, workers=workers)
        payload = corpus_payload(corpus)
        if payload is not None:
            cache.put_encoded({key: payload})
    return corpus


def corpus_payload(corpus: Corpus) -> bytes | None:
    """``corpus`` as one cache payload, or ``None`` when a column holds values that ``marshal``
    cannot store (then the corpus is not cached)."""
    frames = {"documents": corpus.documents, "problems": corpus.problems}
    try:
        value = {name: _columns(frame) for name, frame in frames.items()}
        return encode(value)
    except ValueError:  # marshal: "unmarshallable object"
        return None


def corpus_from_payload(payload: object) -> Corpus | None:
    """The corpus stored by :func:`corpus_payload` (as :meth:`ResultCache.get_many` returns it),
    or ``None`` when it cannot be read."""
    if not isinstance(payload, dict):  # get_many leaves out what it cannot decode
        return None
    try:
        return Corpus(documents=_frame(payload["documents"]), problems=_frame(payload["problems"]))
    except (KeyError, TypeError, ValueError):
        return None


def _columns(frame: pd.DataFrame) -> list[tuple[str, str, list]]:
    columns = [(str(name), str(frame[name].dtype), frame[name].tolist()) for name in frame]
    marshal.dumps(columns)  # raises ValueError now rather than half-way through encoding
    return columns


def _frame(columns: list[tuple[str, str, list]]) -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(values, dtype=dtype) for name, dtype, values in columns},
        index=pd.RangeIndex(len(columns[0][2]) if columns else 0),
    )


__all__ = ["corpus_from_payload", "corpus_payload", "load_corpus_cached", "source_fingerprint"]
