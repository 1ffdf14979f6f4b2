"""Searching the texts with the analyst's words or regular expressions, safely.

A regular-expression search must run the pattern over every text. Patterns are compiled by
:func:`analysis.core.patterns.compile_pattern` (a size budget: counted repeats that would unroll
to millions of elements are refused before compiling) and run with the ``regex`` package under a
total time budget, so a pattern with catastrophic backtracking ("(a|aa)+$") stops with a clear
message instead of freezing the app; an invalid pattern also gives a message, never an exception
(see :func:`search_documents`). Messages fit the mode: a plain search is never called a regular
expression. A result depends only on the documents and the query, so the app caches it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.core.patterns import (
    MAX_LITERAL_LENGTH,
    MAX_PATTERN_LENGTH,
    Deadline,
    PatternError,
    compile_literal,
    compile_pattern,
    timeout_message,
)
from analysis.core.schema import as_text, mentions_frame

__all__ = [
    "MAX_LITERAL_LENGTH",
    "MAX_PATTERN_LENGTH",
    "MAX_REGEX_MATCHES",
    "SEARCH_TIMEOUT",
    "PatternError",
    "compile_pattern",
    "matching_rows",
    "regex_mentions",
    "search_documents",
    "search_mentions",
]

#: Seconds a regular-expression search may take over the whole corpus.
SEARCH_TIMEOUT = 2.0


#: Most matches :func:`regex_mentions` returns before refusing a pattern as too broad.
MAX_REGEX_MATCHES = 200_000


def matching_rows(
    columns: Sequence[pd.Series], query: str, regex: bool = False, timeout: float = SEARCH_TIMEOUT
) -> tuple[np.ndarray, str | None]:
    """Which rows hold ``query`` in any of ``columns`` (aligned text columns), and an error.

    Plain mode is a case-insensitive substring test, vectorised. Regex mode (case-insensitive)
    runs the pattern with the ``regex`` package under a total budget of ``timeout`` seconds. The
    error is ``None`` on success, else a message to show: then no row matches. An empty query
    matches every row.
    """
    texts = [as_text(column.astype(object)) for column in columns]
    n_rows = len(texts[0]) if texts else 0
    query = query.strip()
    if not query:
        return np.ones(n_rows, dtype=bool), None
    if not regex:
        if len(query) > MAX_LITERAL_LENGTH:
            return np.zeros(n_rows, dtype=bool), (
                f"The search text is too long ({len(query):,} characters; "
                f"at most {MAX_LITERAL_LENGTH:,})."
            )
        found = np.zeros(n_rows, dtype=bool)
        for values in texts:
            found |= values.str.contains(query, case=False, regex=False).to_numpy()
        return found, None
    try:
        compiled = compile_pattern(query)
    except PatternError as error:
        return np.zeros(n_rows, dtype=bool), str(error)
    deadline = Deadline(timeout)
    found_list: list[bool] = []
    try:
        for values in zip(*texts, strict=True):
            found_list.append(
                any(compiled.search(value, timeout=deadline.left()) for value in values)
            )
    except TimeoutError:
        return np.zeros(n_rows, dtype=bool), timeout_message(timeout)
    except MemoryError:
        return np.zeros(n_rows, dtype=bool), "The regular expression needs too much memory."
    return np.array(found_list, dtype=bool), None


def search_documents(
    documents: pd.DataFrame, query: str, regex: bool = False, timeout: float = SEARCH_TIMEOUT
) -> tuple[list[str], str | None]:
    """The ``doc_id`` of every document whose title or text contains ``query``, and an error.

    See :func:`matching_rows` for the two modes; the error is ``None`` on success, else a message
    to show (then the list is empty). An empty query matches every document.
    """
    found, error = matching_rows(
        [documents["title"], documents["text"]], query, regex=regex, timeout=timeout
    )
    return documents.loc[found, "doc_id"].tolist(), error


def regex_mentions(
    documents: pd.DataFrame,
    pattern: str,
    term: str | None = None,
    timeout: float = SEARCH_TIMEOUT,
    max_matches: int = MAX_REGEX_MATCHES,
) -> pd.DataFrame:
    """Every match of a tracked regular expression, as mentions with ``kind="term"``.

    ``term`` names the tracked term in charts (default: the pattern itself); ``surface`` is the
    text matched. Matching ignores case; empty matches are skipped. Raises :class:`PatternError`
    (a message to show the user) for an invalid or oversized pattern, one that takes longer than
    ``timeout`` seconds over the corpus, or one that matches more than ``max_matches`` times.
    """
    return _mentions(documents, compile_pattern(pattern), term or pattern, timeout, max_matches)


def search_mentions(
    documents: pd.DataFrame,
    query: str,
    regex: bool = False,
    timeout: float = SEARCH_TIMEOUT,
    max_matches: int = MAX_REGEX_MATCHES,
) -> pd.DataFrame:
    """Every match of the analyst's search (``term`` is the query), for keyword-in-context.

    A plain search finds ``query`` literally, ignoring case; its errors speak of "the search
    text" (a long plain search is not "a regular expression too long"). A regex search behaves
    as :func:`regex_mentions`. Raises :class:`PatternError` with a message to show.
    """
    compiled = compile_pattern(query) if regex else compile_literal(query)
    return _mentions(documents, compiled, query, timeout, max_matches, literal=not regex)


def _mentions(
    documents: pd.DataFrame,
    compiled,
    name: str,
    timeout: float,
    max_matches: int,
    literal: bool = False,
) -> pd.DataFrame:
    what = "The search text" if literal else "The regular expression"
    deadline = Deadline(timeout)
    rows: list[tuple] = []
    try:
        for doc_id, text in zip(documents["doc_id"], as_text(documents["text"]), strict=True):
            for match in compiled.finditer(text, timeout=deadline.left()):
                start, end = match.span()
                if end > start:
                    rows.append((doc_id, "term", name, "", start, end, match.group()))
            if len(rows) > max_matches:
                raise PatternError(
                    f"{what} matches more than {max_matches:,} times; make it more specific."
                )
    except TimeoutError as error:
        if literal:
            raise PatternError(
                f"The search took longer than {timeout:g} s over the corpus and was stopped."
            ) from error
        raise PatternError(timeout_message(timeout)) from error
    except MemoryError as error:
        raise PatternError(f"{what} needs too much memory; make it more specific.") from error
    return mentions_frame(rows)
