"""The optional spaCy backend: a pipeline installed on the user's machine finds the entities.

spaCy is imported only when this backend is chosen, so the rule-based default works without it.
Its entities become the same :class:`~analysis.entities.rules.Candidate` objects the rules make,
so they go through the same alias resolution: titles are stripped from people ("President
Zelenskyy" -> "Zelenskyy", with the title kept for role resolution), places and organisations take
their gazetteer names ("Republic of Korea" -> "South Korea"), and demonyms their list form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from analysis.extract.entities.lexicon import Lexicon, phrase_key
from analysis.extract.entities.rules import Candidate

#: Default pipeline when the backend is given as plain ``"spacy"``.
DEFAULT_MODEL = "en_core_web_sm"

#: spaCy labels (OntoNotes and WikiNER schemes) mapped to ours; the rest (dates, numbers) dropped.
LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "LAW": "MISC",
    "WORK_OF_ART": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}


def model_name(backend: str) -> str:
    """The pipeline a backend string names: ``"spacy"`` -> the default, ``"spacy:NAME"`` -> NAME."""
    _, _, name = backend.partition(":")
    return name or DEFAULT_MODEL


@cache
def load_pipeline(name: str) -> Any:
    """Load an installed spaCy pipeline (a package name or a directory), once per process.

    Raises ``ImportError`` when spaCy is not installed and ``ValueError`` when the pipeline is
    not, each with a message that says what to install.
    """
    try:
        import spacy
    except ImportError as error:
        raise ImportError(
            "The spaCy backend needs spaCy: pip install spacy, then a pipeline such as "
            f"python -m spacy download {DEFAULT_MODEL}; or use the default backend 'rules'."
        ) from error
    try:
        return spacy.load(name, disable=["lemmatizer", "textcat"])
    except OSError as error:
        raise ValueError(
            f"spaCy pipeline {name!r} is not installed (python -m spacy download {name}), "
            "or choose the default backend 'rules'."
        ) from error


def installed_pipelines() -> list[str]:
    """Names of the spaCy pipeline packages installed here; empty when spaCy is not."""
    try:
        import spacy.util
    except ImportError:
        return []
    return sorted(spacy.util.get_installed_models())


def spacy_candidates(
    texts: Iterable[str], nlp: Any, lex: Lexicon, batch_size: int = 64
) -> Iterator[list[Candidate]]:
    """One candidate list per text from ``nlp``'s named entities, in the rules' vocabulary."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield [
            candidate
            for ent in doc.ents
            if (candidate := to_candidate(doc.text, ent.start_char, ent.end_char, ent.label_, lex))
        ]


def _hyphenated_title(word: str, lex: Lexicon) -> bool:
    """Whether a hyphenated word is a title ("Vice-Premier", "Vice-Chairman")."""
    parts = phrase_key(word).split("-")
    return len(parts) > 1 and all(
        part in lex.titles or part in lex.title_modifiers for part in parts
    )


def title_word(word: str, lex: Lexicon) -> bool:
    """Whether a word is part of a title before a name, not of the name: a title ("President"),
    its modifier ("Deputy"), an honorific ("Mr") or a hyphenated title ("Vice-Premier")."""
    key = phrase_key(word)
    return (
        key in lex.titles
        or key in lex.title_modifiers
        or key in lex.honorifics
        or _hyphenated_title(word, lex)
    )


def to_candidate(text: str, start: int, end: int, label: str, lex: Lexicon) -> Candidate | None:
    """Map one spaCy entity to a candidate, or ``None`` for labels we do not keep."""
    ours = LABELS.get(label)
    if ours is None:
        return None
    # Trim a leading "the" and a trailing possessive, as the rules would.
    surface = text[start:end]
    if surface.lower().startswith("the "):
        start += 4
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    surface = text[start:end].strip()
    if not surface:
        return None
    key = phrase_key(surface)
    title = ""
    if ours == "PERSON":
        words = surface.split()
        while len(words) > 1 and title_word(words[0], lex):
            title = f"{title} {phrase_key(words[0])}".strip()
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        canonical = " ".join(words).replace("’", "'")
        title = "" if title in lex.honorifics else title
        return Candidate(start, end, "PERSON", canonical, title=title, evidence="spacy")
    if ours == "NORP" and key in lex.demonyms:
        return Candidate(start, end, "NORP", lex.demonyms[key][0], evidence="spacy")
    place = lex.place(key)
    if place is not None and ours in ("GPE", "LOC", "ORG"):
        return Candidate(start, end, place[1], place[0], evidence="spacy")
    return Candidate(
        start, end, ours, " ".join(surface.split()).replace("’", "'"), evidence="spacy"
    )
