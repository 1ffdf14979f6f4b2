"""What every command of ``python -m analysis`` shares: its user-facing error and reading SOURCE."""

from __future__ import annotations

from pathlib import Path

from analysis.ingest.loading import Corpus, InputError
from analysis.run.corpus_cache import load_corpus_cached


class CommandError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status 1, no traceback."""


def load_source(
    source: str | Path, cache_dir: str | Path | None = None, workers: int = 1
) -> Corpus:
    """The corpus of ``source`` (from the cache in ``cache_dir`` when the same files were loaded
    before: see :mod:`analysis.run.corpus_cache`; a large one cleaned by ``workers`` processes);
    :class:`CommandError` when it cannot be read or holds no document (naming the first reasons
    from ``problems``)."""
    try:
        corpus = load_corpus_cached(source, cache_dir, workers=workers)
    except InputError as error:
        raise CommandError(str(error)) from error
    if corpus.documents.empty:
        reasons = "; ".join(f"{p}: {r}" for p, r in corpus.problems.head(3).itertuples(index=False))
        raise CommandError(
            f"no document could be analysed in {source}" + (f" ({reasons})" if reasons else "")
        )
    return corpus
