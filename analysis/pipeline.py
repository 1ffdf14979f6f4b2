"""Analyse a corpus once: keywords, entities and user terms as mentions, then the group-bys.

The mention (one occurrence, with offsets into the cleaned text) is the atom; keyword, entity and
frequency tables are derived from mentions, so that every number can be traced back to its text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from analysis.entities import entity_mentions
from analysis.frequencies import date_frequencies, document_frequencies, entity_table
from analysis.keywords import KeywordSettings, keyword_mentions, keyword_table
from analysis.loading import Corpus
from analysis.schema import MENTION_COLUMNS, MENTION_KINDS
from analysis.sentences import sentence_table
from analysis.terms import clean_terms, term_mentions

#: ``progress(fraction, message)``: called as analysis advances, for progress bars.
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`analyze` derives from a corpus (columns: :mod:`analysis.schema`)."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    keywords: pd.DataFrame
    entities: pd.DataFrame
    frequencies: pd.DataFrame
    problems: pd.DataFrame
    sentences: pd.DataFrame
    terms: tuple[str, ...] = field(default_factory=tuple)

    def date_frequencies(self) -> pd.DataFrame:
        """Per-date counts of every term (see :func:`analysis.frequencies.date_frequencies`)."""
        return date_frequencies(self.frequencies, self.documents)


def _no_progress(fraction: float, message: str) -> None:
    """The default progress callback: report nothing."""


def analyze(
    corpus: Corpus,
    terms: Iterable[str] | None = None,
    *,
    keyword_settings: KeywordSettings | None = None,
    aliases: pd.DataFrame | None = None,
    entity_backend: str = "rules",
    progress: Progress | None = None,
) -> Analysis:
    """Find keywords (YAKE), named entities and the user's ``terms`` in every document.

    ``aliases`` is a user alias table (see :mod:`analysis.aliases`) that forces entity merges,
    renames and exclusions; ``entity_backend`` is ``"rules"`` (default, no model needed) or
    ``"spacy"`` (when a spaCy pipeline is installed).
    """
    report = progress or _no_progress
    documents = corpus.documents
    doc_ids = documents["doc_id"].tolist()
    texts = documents["text"].tolist()
    chosen_terms = tuple(clean_terms(terms or ()))
    settings = keyword_settings or KeywordSettings()

    report(0.0, "Splitting sentences")
    sentences = sentence_table(doc_ids, texts)
    report(0.1, "Extracting keywords")
    keywords = keyword_table(doc_ids, texts, settings)
    report(0.5, "Finding named entities")
    entity_rows = entity_mentions(documents, aliases=aliases, backend=entity_backend)
    report(0.85, "Counting mentions")
    mentions = combine_mentions(
        [
            entity_rows,
            keyword_mentions(doc_ids, texts, keywords),
            term_mentions(doc_ids, texts, chosen_terms),
        ]
    )
    frequencies = document_frequencies(mentions, documents)
    report(1.0, "Done")
    return Analysis(
        documents=documents,
        mentions=mentions,
        keywords=keywords,
        entities=entity_table(mentions),
        frequencies=frequencies,
        problems=corpus.problems,
        sentences=sentences,
        terms=chosen_terms,
    )


def combine_mentions(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack mention tables in a stable order: by document, offset, then kind (entity first)."""
    frames = [part[MENTION_COLUMNS] for part in parts if not part.empty]
    if not frames:
        return (
            parts[0][MENTION_COLUMNS].iloc[0:0] if parts else pd.DataFrame(columns=MENTION_COLUMNS)
        )
    mentions = pd.concat(frames, ignore_index=True)
    kind_order = {kind: position for position, kind in enumerate(MENTION_KINDS)}
    mentions = mentions.assign(_kind=mentions["kind"].map(kind_order)).sort_values(
        ["doc_id", "start", "_kind", "end"], kind="stable"
    )
    mentions = mentions.drop(columns="_kind").reset_index(drop=True)
    return mentions.astype({"start": "int64", "end": "int64"})
