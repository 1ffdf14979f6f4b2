"""Find a user's terms in text: case-insensitive, whole words, multi-word, singular or plural.

The same matcher (:mod:`analysis.extract.phrase_search`) counts keyword occurrences and user terms, so
that "air defence" typed by an analyst and "air defence" found by YAKE are counted the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.core.schema import mentions_frame
from analysis.extract.phrase_search import find_phrase, phrase_pattern

__all__ = ["clean_terms", "find_phrase", "parse_terms", "phrase_pattern", "term_mentions"]


def clean_terms(terms: Iterable[str]) -> list[str]:
    """Strip, drop empty and de-duplicate (case-insensitively) a user's term list, keeping order."""
    seen: set[str] = set()
    kept: list[str] = []
    for term in terms:
        term = " ".join(term.split())
        if term and term.lower() not in seen:
            seen.add(term.lower())
            kept.append(term)
    return kept


def parse_terms(value: str) -> list[str]:
    """Split a comma- or newline-separated list of terms as typed by a user."""
    return clean_terms(re.split(r"[,\n;]", value))


def term_mentions(
    doc_ids: Sequence[str], texts: Sequence[str], terms: Iterable[str]
) -> pd.DataFrame:
    """Mentions (``kind="term"``) of each user term in each text, one row an occurrence.

    ``term`` is the term as the user typed it, ``surface`` the text as it stands in the document.
    Where two terms overlap ("air defence", "defence") both are counted: each answers its own
    question.
    """
    rows = []
    for term in clean_terms(terms):
        for doc_id, text in zip(doc_ids, texts, strict=True):
            for start, end in find_phrase(text, term):
                rows.append((doc_id, "term", term, "", start, end, text[start:end]))
    return mentions_frame(rows)
