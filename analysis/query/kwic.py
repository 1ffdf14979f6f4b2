"""From a number back to the text: keyword-in-context rows and the sentence behind each mention.

A click on a bar, a heatmap cell or a timeline point selects mentions
(:func:`analysis.query.locate.mentions_at`); these functions show them as a reader would: the words
before, the match, the words after, with the document's title and date, or the whole sentence.

Lookups and joins are vectorised; the slicing of contexts is one list comprehension over the
mentions asked for (a click selects hundreds, not millions), never a loop over documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.core.schema import as_text
from analysis.query.corpus_index import CorpusIndex
from analysis.query.locate import assign_sentences

KWIC_COLUMNS = ["doc_id", "title", "date", "left", "match", "right", "start", "end"]
#: Extra columns :func:`kwic` adds after :data:`KWIC_COLUMNS`: what was matched.
KWIC_EXTRA_COLUMNS = ["kind", "term", "label"]

_SPACE = re.compile(r"\s+")


def flatten(text: str) -> str:
    """Collapse every run of white space (newlines, tabs, NBSP) into one space, and strip."""
    return _SPACE.sub(" ", text).strip()


def left_context(text: str, start: int, width: int) -> str:
    """Up to ``width`` characters before ``start``, without a word cut in half at its left edge."""
    begin = max(0, start - width)
    window = text[begin:start]
    if begin > 0 and not text[begin - 1].isspace() and not window[:1].isspace():
        cut = _first_space(window)
        window = window[cut:] if cut is not None else window
    return flatten(window)


def right_context(text: str, end: int, width: int) -> str:
    """Up to ``width`` characters after ``end``, without a word cut in half at its right edge."""
    stop = min(len(text), end + width)
    window = text[end:stop]
    if stop < len(text) and not text[stop].isspace() and not window[-1:].isspace():
        cut = _last_space(window)
        window = window[:cut] if cut is not None else window
    return flatten(window)


def _first_space(text: str) -> int | None:
    match = _SPACE.search(text)
    return match.start() if match else None


def _last_space(text: str) -> int | None:
    last = None
    for match in _SPACE.finditer(text):
        last = match.start()
    return last


def _texts_for(documents: pd.DataFrame, doc_ids: Iterable[str]) -> dict[str, str]:
    """``doc_id -> text`` for just the documents asked for (no copy of the whole corpus)."""
    wanted = documents[documents["doc_id"].isin(pd.unique(pd.Series(list(doc_ids), dtype=object)))]
    return dict(zip(wanted["doc_id"], as_text(wanted["text"]), strict=True))


def _meta(documents: pd.DataFrame) -> pd.DataFrame:
    meta = documents[["doc_id", "title", "date"]].drop_duplicates("doc_id")
    return meta.assign(
        doc_id=as_text(meta["doc_id"]), title=as_text(meta["title"]), date=as_text(meta["date"])
    )


def kwic(
    mentions: pd.DataFrame, documents: pd.DataFrame, width: int = 60, limit: int | None = None
) -> pd.DataFrame:
    """Keyword-in-context rows: ``doc_id, title, date, left, match, right, start, end``.

    ``left`` and ``right`` hold up to ``width`` characters each side of the mention, trimmed to
    whole words and with line breaks flattened to spaces; ``match`` is the mention's text as it
    stands in the document. ``kind, term, label`` follow, to say what was matched. Rows keep the
    order of ``mentions``; ``limit`` keeps only the first ones. A mention whose document is
    missing gets its ``surface`` as the match and empty contexts.
    """
    rows = mentions if limit is None else mentions.head(limit)
    columns = KWIC_COLUMNS + KWIC_EXTRA_COLUMNS
    if rows.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in columns}).astype(
            {"start": "int64", "end": "int64"}
        )
    texts = _texts_for(documents, rows["doc_id"])
    starts = rows["start"].astype("int64").tolist()
    ends = rows["end"].astype("int64").tolist()
    surfaces = as_text(rows["surface"]) if "surface" in rows else [""] * len(rows)
    left, match, right = [], [], []
    for doc_id, start, end, surface in zip(rows["doc_id"], starts, ends, surfaces, strict=True):
        text = texts.get(doc_id)
        if text is None:
            left.append("")
            match.append(flatten(surface))
            right.append("")
            continue
        left.append(left_context(text, start, width))
        match.append(flatten(text[start:end]))
        right.append(right_context(text, end, width))
    result = pd.DataFrame(
        {
            "doc_id": as_text(rows["doc_id"]).to_numpy(),
            "left": left,
            "match": match,
            "right": right,
            "start": starts,
            "end": ends,
            "kind": _column(rows, "kind"),
            "term": _column(rows, "term"),
            "label": _column(rows, "label"),
        }
    )
    result = result.merge(_meta(documents), on="doc_id", how="left")
    result[["title", "date"]] = result[["title", "date"]].fillna("")
    return result[columns]


def _column(frame: pd.DataFrame, name: str) -> list[str]:
    if name not in frame:
        return [""] * len(frame)
    return as_text(frame[name]).tolist()


def sentences_for(
    mentions: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Each mention with the full sentence it stands in.

    Returns the mention columns plus ``title, date, sentence`` (its number in the document, ``-1``
    if none contains it), ``sentence_start, sentence_end`` (offsets into the text) and
    ``sentence_text`` (flattened). ``sentences`` is :func:`analysis.extract.sentences.sentence_table`
    output. Rows keep the order of ``mentions``.
    """
    located = assign_sentences(mentions, sentences).reset_index(drop=True)
    located["_doc"] = as_text(located["doc_id"])  # join key: either side may be categorical
    bounds = pd.DataFrame(
        {
            "_doc": as_text(sentences["doc_id"]),
            "sentence": sentences["sentence"].astype("int64"),
            "sentence_start": sentences["start"].astype("int64"),
            "sentence_end": sentences["end"].astype("int64"),
        }
    )
    located = located.merge(bounds, on=["_doc", "sentence"], how="left")
    located[["sentence_start", "sentence_end"]] = (
        located[["sentence_start", "sentence_end"]].fillna(-1).astype("int64")
    )
    texts = _texts_for(documents, located["_doc"])
    located["sentence_text"] = [
        flatten(texts.get(doc_id, "")[start:end]) if start >= 0 else ""
        for doc_id, start, end in zip(
            located["_doc"], located["sentence_start"], located["sentence_end"], strict=True
        )
    ]
    meta = _meta(documents).rename(columns={"doc_id": "_doc"})
    located = located.merge(meta, on="_doc", how="left")
    located[["title", "date"]] = located[["title", "date"]].fillna("")
    front = list(mentions.columns)
    rest = ["title", "date", "sentence", "sentence_start", "sentence_end", "sentence_text"]
    return located[front + rest]


# --- sorted, paged concordances over a corpus index ----------------------------------------

#: The words around a hit a concordance sorts by: three to the left (L3 furthest), three right.
CONTEXT_KEYS = ["L3", "L2", "L1", "R1", "R2", "R3"]


def parse_sort(value: str) -> list[str]:
    """``"R1,R2"`` -> ``["R1", "R2"]`` (case and spaces ignored); raises ``ValueError`` for a key
    not in :data:`CONTEXT_KEYS`."""
    keys = [key.strip().upper() for key in value.split(",") if key.strip()]
    unknown = [key for key in keys if key not in CONTEXT_KEYS]
    if unknown:
        raise ValueError(f"sort keys are {', '.join(CONTEXT_KEYS)}, not {', '.join(unknown)}")
    return keys


def context_words(index: CorpusIndex, hits: pd.DataFrame) -> pd.DataFrame:
    """The words at :data:`CONTEXT_KEYS` around each hit (``""`` past the document's edge), as
    the index has them (lower-cased), one row per hit in its order."""
    first = hits["first"].to_numpy(dtype="int64")
    last = hits["last"].to_numpy(dtype="int64")
    doc = hits["doc"].to_numpy(dtype="int64")
    low, high = index.bounds[doc], index.bounds[doc + 1]
    vocab = np.append(index.vocab.to_numpy(dtype="object"), "")
    columns = {}
    for key in CONTEXT_KEYS:
        distance = int(key[1])
        position = first - distance if key[0] == "L" else last + distance - 1
        inside = (position >= low) & (position < high)
        ids = np.where(inside, index.tokens[np.clip(position, 0, index.n_tokens - 1)], -1)
        columns[key] = vocab[ids]
    return pd.DataFrame(columns, index=hits.index)


def sort_hits(index: CorpusIndex, hits: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """``hits`` ordered alphabetically by the words at ``by`` (e.g. ``["R1", "R2"]``), an empty
    position (the document's edge) first, ties in corpus order. Sorting works on word ranks, not
    strings, so that thousands of hits sort before any context is cut out of a text."""
    if not by or hits.empty:
        return hits
    first = hits["first"].to_numpy(dtype="int64")
    last = hits["last"].to_numpy(dtype="int64")
    doc = hits["doc"].to_numpy(dtype="int64")
    low, high = index.bounds[doc], index.bounds[doc + 1]
    keys = []
    for key in reversed(list(by)):
        distance = int(key[1])
        position = first - distance if key[0] == "L" else last + distance - 1
        inside = (position >= low) & (position < high)
        rank = index.rank[index.tokens[np.clip(position, 0, index.n_tokens - 1)]]
        keys.append(np.where(inside, rank, -1))
    order = np.lexsort([first, *keys])
    return hits.iloc[order]


def page_count(n_rows: int, page_size: int) -> int:
    """How many pages ``n_rows`` rows fill, ``page_size`` a page (at least one page)."""
    return max(1, -(-n_rows // max(page_size, 1)))


def page_of(frame: pd.DataFrame, page: int, page_size: int) -> pd.DataFrame:
    """Page ``page`` (from 1) of ``frame``, ``page_size`` rows a page; past the end, empty."""
    start = (max(page, 1) - 1) * max(page_size, 1)
    return frame.iloc[start : start + max(page_size, 1)]


def concordance(
    index: CorpusIndex,
    hits: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    sort: Sequence[str] = (),
    page: int = 1,
    page_size: int = 100,
    width: int = 60,
    term: str = "",
) -> pd.DataFrame:
    """One page of a concordance of ``hits``, sorted by ``sort`` (:data:`CONTEXT_KEYS`):
    :func:`kwic` rows (contexts cut for that page only) followed by the :data:`CONTEXT_KEYS`
    words. The whole sorted concordance is every page in turn: ``page_count(len(hits),
    page_size)`` of them. ``term`` fills the ``term`` column (what was searched for)."""
    shown = page_of(sort_hits(index, hits, sort), page, page_size)
    rows = kwic(shown.assign(kind="term", term=term, label="", surface=""), documents, width=width)
    return pd.concat([rows, context_words(index, shown).reset_index(drop=True)], axis=1)
