"""Searching the texts with the analyst's words or regular expressions, safely.

A regular-expression search must run the pattern over every text. It runs with the ``regex``
package and a total time budget, so a pattern with catastrophic backtracking ("(a|aa)+$") stops
with a clear message instead of freezing the app; an invalid pattern also gives a message, never
an exception (see :func:`search_documents`). Its result depends only on the documents and the
query, so the app caches it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import pandas as pd
import regex

from analysis.core.schema import as_text, mentions_frame

#: Longest regular expression accepted from a user (longer ones are refused with a message).
MAX_PATTERN_LENGTH = 500


#: Seconds a regular-expression search may take over the whole corpus.
SEARCH_TIMEOUT = 2.0


#: Most matches :func:`regex_mentions` returns before refusing a pattern as too broad.
MAX_REGEX_MATCHES = 200_000


class PatternError(ValueError):
    """A user's regular expression that cannot be used; the message is fit to show to the user."""


def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """Compile a user's regular expression (case-insensitive), or raise :class:`PatternError`.

    The message says what is wrong in words a user can act on, e.g. "missing ) at position 4".
    """
    if not pattern:
        raise PatternError("The regular expression is empty.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(
            f"The regular expression is too long ({len(pattern)} characters; "
            f"at most {MAX_PATTERN_LENGTH})."
        )
    try:
        return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
    except (regex.error, OverflowError, RecursionError, ValueError) as error:
        raise PatternError(f"Invalid regular expression: {error}.") from error


def _timeout_message(seconds: float) -> str:
    return (
        f"The regular expression took longer than {seconds:g} s over the corpus and was stopped; "
        "simplify it (nested repeats such as (a+)+ are the usual cause)."
    )


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
        found = np.zeros(n_rows, dtype=bool)
        for values in texts:
            found |= values.str.contains(query, case=False, regex=False).to_numpy()
        return found, None
    try:
        compiled = compile_pattern(query)
    except PatternError as error:
        return np.zeros(n_rows, dtype=bool), str(error)
    deadline = time.monotonic() + timeout
    found_list: list[bool] = []
    try:
        for values in zip(*texts, strict=True):
            budget = deadline - time.monotonic()
            if budget <= 0:
                raise TimeoutError
            found_list.append(any(compiled.search(value, timeout=budget) for value in values))
    except TimeoutError:
        return np.zeros(n_rows, dtype=bool), _timeout_message(timeout)
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
    (a message to show the user) for an invalid pattern, one that takes longer than ``timeout``
    seconds over the corpus, or one that matches more than ``max_matches`` times.
    """
    compiled = compile_pattern(pattern)
    name = term or pattern
    deadline = time.monotonic() + timeout
    rows: list[tuple] = []
    try:
        for doc_id, text in zip(documents["doc_id"], as_text(documents["text"]), strict=True):
            budget = deadline - time.monotonic()
            if budget <= 0:
                raise TimeoutError
            for match in compiled.finditer(text, timeout=budget):
                start, end = match.span()
                if end > start:
                    rows.append((doc_id, "term", name, "", start, end, match.group()))
            if len(rows) > max_matches:
                raise PatternError(
                    f"The regular expression matches more than {max_matches:,} times; "
                    "make it more specific."
                )
    except TimeoutError as error:
        raise PatternError(_timeout_message(timeout)) from error
    return mentions_frame(rows)
