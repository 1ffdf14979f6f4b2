"""A three-document corpus with hand-placed mentions, shared by the query and counting tests."""

from __future__ import annotations

import pandas as pd

from analysis.core.schema import mentions_frame
from analysis.extract.sentences import sentence_table
from analysis.extract.terms import find_phrase

TEXTS = {
    "a": "NATO ministers met in Brussels.\nRutte said Ukraine needs air defence. NATO agreed.",
    "b": "Ukraine asked NATO for help. Rutte visited Kyiv.",
    "c": "An undated note on Ukraine.",
    "d": "Stoltenberg spoke in Brussels about NATO.",
}


DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d"],
        "title": ["Ministers meet", "Help for Kyiv", "Note", "<img src=x onerror=alert(1)>"],
        "date": ["2024-10-17", "2024-10-18", "", "2023-10-11"],
        "date_source": ["text", "text", "none", "metadata"],
        "source": ["nato", "nato", "blog", "ap"],
        "n_words": [100, 200, 50, 400],
        "text": list(TEXTS.values()),
    }
)


# (kind, term, label) of each phrase found in the texts.
TAGS = {
    "NATO": ("entity", "NATO", "ORG"),
    "Brussels": ("entity", "Brussels", "GPE"),
    "Rutte": ("entity", "Rutte", "PERSON"),
    "Stoltenberg": ("entity", "Stoltenberg", "PERSON"),
    "Ukraine": ("entity", "Ukraine", "GPE"),
    "Kyiv": ("entity", "Kyiv", "GPE"),
    "air defence": ("term", "air defence", ""),
    "ministers": ("keyword", "ministers", ""),
}


def build_mentions() -> pd.DataFrame:
    rows = []
    for doc_id, text in TEXTS.items():
        for phrase, (kind, term, label) in TAGS.items():
            for start, end in find_phrase(text, phrase, plurals=False):
                rows.append((doc_id, kind, term, label, start, end, text[start:end]))
    return mentions_frame(sorted(rows, key=lambda row: (row[0], row[4])))


MENTIONS = build_mentions()


SENTENCES = sentence_table(DOCUMENTS["doc_id"], DOCUMENTS["text"])


def as_records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [tuple(row) for row in frame[columns].itertuples(index=False)]
