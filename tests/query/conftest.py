"""Fixtures of the query tests: the seeds, their texts, and a careful reader's entity mentions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.schema import mentions_frame
from analysis.extract.terms import find_phrase

#: A careful reader's entities of four seeds: canonical name, label, surface forms.
SEED_ENTITIES = {
    "Mark Rutte": ("PERSON", ["Mark Rutte", "Mr Rutte", "Rutte"]),
    "Volodymyr Zelenskyy": ("PERSON", ["Volodymyr Zelenskyy", "President Zelenskyy"]),
    "Jens Stoltenberg": ("PERSON", ["Jens Stoltenberg", "Stoltenberg"]),
    "Lloyd Austin": ("PERSON", ["Lloyd Austin", "Secretary Austin"]),
    "NATO": ("ORG", ["NATO"]),
    "European Union": ("ORG", ["European Union"]),
    "Ukraine": ("GPE", ["Ukraine"]),
    "Australia": ("GPE", ["Australia"]),
    "Japan": ("GPE", ["Japan"]),
    "Wiesbaden": ("GPE", ["Wiesbaden"]),
    "Germany": ("GPE", ["Germany"]),
    "Romania": ("GPE", ["Romania"]),
    "Iraq": ("GPE", ["Iraq"]),
    "Finland": ("GPE", ["Finland"]),
    "Brussels": ("GPE", ["Brussels"]),
}


@pytest.fixture(scope="module")
def documents(seed_corpus) -> pd.DataFrame:
    return seed_corpus.documents


@pytest.fixture(scope="module")
def texts(documents) -> dict[str, str]:
    return dict(zip(documents["doc_id"].str[:3], documents["text"], strict=True))


@pytest.fixture(scope="module")
def mentions(documents) -> pd.DataFrame:
    """Entity mentions of the seeds from :data:`SEED_ENTITIES`, longest surface first."""
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        taken: list[tuple[int, int]] = []
        for canonical, (label, forms) in SEED_ENTITIES.items():
            for form in forms:
                for start, end in find_phrase(text, form, plurals=False):
                    if not any(start < e and end > s for s, e in taken):
                        taken.append((start, end))
                        rows.append(
                            (doc_id, "entity", canonical, label, start, end, text[start:end])
                        )
    return mentions_frame(rows)
