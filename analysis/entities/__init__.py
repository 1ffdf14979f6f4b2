"""Named entities an analyst can trust: people, organisations, places, one name for each.

Two entry points:

- :func:`extract_entities` reads one document: it finds the entities and resolves aliases within
  it ("Mr Rutte" and "the Secretary General" are "Mark Rutte" when the document names him).
- :func:`entity_mentions` reads a corpus and returns the mentions table. On top of the
  per-document work it merges spelling variants across documents ("Zelensky", "Zelenskyy"), ties
  lone surnames to the one full name they belong to, resolves role mentions to the person who held
  the office at the document's date (learned from the corpus itself), lets each entity keep one
  label, and finally applies the user's alias table (:mod:`analysis.aliases`), whose rules win.

The default backend (``"rules"``) needs no downloaded model: word lists, gazetteers and patterns
(:mod:`analysis.entities.rules`). ``"spacy"`` or ``"spacy:PIPELINE"`` uses an installed spaCy
pipeline instead (:mod:`analysis.entities.spacy_backend`), with the same alias resolution.

Labels are those of :data:`analysis.schema.ENTITY_LABELS`: PERSON, ORG, GPE (countries, cities),
LOC (regions: "Indo-Pacific", "Middle East"), NORP (nationalities, "Allied"; kept apart so they
do not crowd the charts) and MISC (capitalised names of unknown type).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pandas as pd

from analysis.entities.lexicon import lexicon, phrase_key
from analysis.entities.resolve import (
    DocumentEntities,
    Offices,
    Span,
    corpus_person_map,
    office_tenures,
    resolve_document,
    resolve_roles,
)
from analysis.entities.rules import Candidate, extract_candidates, lower_case_words
from analysis.schema import ENTITY_LABELS, mentions_frame

__all__ = [
    "BACKENDS",
    "Span",
    "available_backends",
    "entity_mentions",
    "extract_entities",
]

#: Backend names: the rules, or spaCy with its default pipeline ("spacy:NAME" picks another).
BACKENDS = ("rules", "spacy")


def extract_entities(text: str, *, date: str | None = None, backend: str = "rules") -> list[Span]:
    """The entities of one document, in text order, with aliases resolved within the document.

    ``text[span.start:span.end] == span.text`` for every span. Role mentions are kept only when
    the document itself names the office holder (``resolved_by="role"``); resolving them from
    other documents is :func:`entity_mentions`' job.
    """
    candidates = next(_candidate_lists([text], backend))
    document = resolve_document(text, candidates, date or "")
    people = corpus_person_map(s.canonical for s in document.spans if s.label == "PERSON")
    return [_renamed(span, people) for span in document.spans]


def entity_mentions(
    documents: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    backend: str = "rules",
) -> pd.DataFrame:
    """The entity mentions of a corpus: ``analysis.schema.MENTION_COLUMNS``, one row a mention.

    ``documents`` needs ``doc_id`` and ``text``; ``date`` (``YYYY-MM-DD`` or empty) is used to
    resolve role mentions. ``term`` is the corpus-wide canonical name, ``surface`` the text as
    written. Rows come in document order, then text order, so the result is deterministic.
    User ``aliases`` (see :mod:`analysis.aliases`) are applied last and win; excluded entities
    produce no rows.
    """
    doc_ids = [str(doc_id) for doc_id in documents["doc_id"]]
    texts = [str(text) if isinstance(text, str) else "" for text in documents["text"]]
    dates = _dates(documents)
    resolved = [
        resolve_document(text, candidates, date)
        for text, candidates, date in zip(
            texts, _candidate_lists(texts, backend), dates, strict=True
        )
    ]
    people = corpus_person_map(
        span.canonical
        for document in resolved
        for span in document.spans
        if span.label == "PERSON" or (span.label == "MISC" and " " not in span.canonical)
    )
    common_words = lower_case_words(texts)
    offices = office_tenures(
        replace(holder, person=people.get(holder.person, holder.person))
        for document in resolved
        for holder in document.holders
    )
    rows = []
    for doc_id, text, date, document in zip(doc_ids, texts, dates, resolved, strict=True):
        for span in _corpus_spans(text, date, document, people, offices):
            if span.guessed and any(word in common_words for word in span.text.lower().split()):
                if span.label != "PERSON" or " " not in span.text:
                    continue  # "Order", "Platform": capitalised here, a common word elsewhere
                span = replace(span, label="MISC")  # "Great Victory" is no one's name
            rows.append(
                (doc_id, "entity", span.canonical, span.label, span.start, span.end, span.text)
            )
    frame = _one_label_each(mentions_frame(rows))
    if aliases is not None and len(aliases):
        from analysis.aliases import apply_aliases

        frame = apply_aliases(frame, aliases)
    return frame


def available_backends() -> list[str]:
    """Backends usable on this machine: ``rules`` always, ``spacy:NAME`` per installed pipeline."""
    from analysis.entities.spacy_backend import installed_pipelines

    return ["rules", *(f"spacy:{name}" for name in installed_pipelines())]


def _dates(documents: pd.DataFrame) -> list[str]:
    if "date" not in documents:
        return [""] * len(documents)
    return [date if isinstance(date, str) else "" for date in documents["date"]]


def _candidate_lists(texts: Sequence[str], backend: str) -> Iterator[list[Candidate]]:
    """One candidate list per text from the chosen backend."""
    lex = lexicon()
    if backend == "rules":
        return (extract_candidates(text, lex) for text in texts)
    if backend == "spacy" or backend.startswith("spacy:"):
        from analysis.entities.spacy_backend import load_pipeline, model_name, spacy_candidates

        return spacy_candidates(texts, load_pipeline(model_name(backend)), lex)
    raise ValueError(f"Unknown entity backend {backend!r}: use 'rules', 'spacy' or 'spacy:NAME'.")


def _renamed(span: Span, people: dict[str, str]) -> Span:
    """A span with its person's corpus-wide name; a lone unknown word that is a known surname
    becomes that person."""
    if span.label == "MISC":
        canonical = people.get(span.canonical, span.canonical)
        if " " in canonical and " " not in span.canonical:
            return replace(span, label="PERSON", canonical=canonical, resolved_by="surname")
        return span
    if span.label != "PERSON":
        return span
    canonical = people.get(span.canonical, span.canonical)
    if canonical == span.canonical:
        return span
    return replace(span, canonical=canonical, resolved_by=span.resolved_by or "variant")


def _corpus_spans(
    text: str,
    date: str,
    document: DocumentEntities,
    people: dict[str, str],
    offices: Offices,
) -> list[Span]:
    """A document's spans with corpus-wide person names and its open roles resolved."""
    spans = [_renamed(span, people) for span in document.spans]
    named = {
        span.canonical for span in spans if span.label == "PERSON" and span.resolved_by != "role"
    }
    present = {span.canonical for span in spans}
    demonyms = lexicon().demonyms
    present |= {
        demonyms.get(phrase_key(s.canonical), ("", ""))[1] for s in spans if s.label == "NORP"
    }
    resolved = resolve_roles(document.open_roles, named, date, offices, present)
    for role in document.open_roles:
        if role.start in resolved:
            spans.append(
                Span(
                    role.start,
                    role.end,
                    text[role.start : role.end],
                    "PERSON",
                    resolved[role.start],
                    "role",
                )
            )
    return sorted(spans, key=lambda span: (span.start, span.end))


def _one_label_each(frame: pd.DataFrame) -> pd.DataFrame:
    """Give every entity its most frequent label across the corpus (ties: schema order).

    A name typed from weak evidence (MISC in one document, PERSON in three) ends up with one
    label, so counts are not split between two rows for the same name.
    """
    if frame.empty:
        return frame
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for term, label in zip(frame["term"], frame["label"], strict=True):
        votes[term][label] += 1
    order = {label: index for index, label in enumerate(ENTITY_LABELS)}
    best = {
        term: min(counts, key=lambda label: (-counts[label], order.get(label, len(order))))
        for term, counts in votes.items()
    }
    return frame.assign(label=frame["term"].map(best))
