"""Where mentions sit: their sentences, and the mentions behind a clicked point of a chart.

A chart's point names a term, a date, a document or a pair of entities; :func:`mentions_at`
finds the mentions that make it up, so the reader can show their sentences.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.core.counting import document_dates, period_of
from analysis.core.schema import MENTION_COLUMNS, NONE_VALUE, as_text


def mentions_at(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    point: Mapping[str, str],
    sentences: pd.DataFrame | None = None,
    period: str = "day",
) -> pd.DataFrame:
    """The mentions behind one clicked chart element, described by ``point``.

    ``point`` holds some of ``kind, term, label, doc_id, date, source, other_term, other_label``
    (what :func:`analysis.present.charts.clicked_points` reads from a chart's ``customdata``); empty values
    are ignored, and :data:`NONE_VALUE` stands for "no date" / "no source". ``date`` is matched
    at the chart's ``period``. With ``other_term`` (an edge of the
    co-occurrence network) the mentions of both entities in the sentences they share are returned
    (``sentences`` required), sorted by document and offset.
    """
    point = {key: value for key, value in point.items() if value not in (None, "")}
    kept = mentions
    if "doc_id" in point:
        kept = kept[kept["doc_id"] == point["doc_id"]]
    doc_keys = [key for key in ("date", "source") if key in point]
    if doc_keys:
        docs = documents
        if "date" in point:
            date = "" if point["date"] == NONE_VALUE else point["date"]
            docs = docs[period_of(document_dates(docs), period) == date]
        if "source" in point:
            source = "" if point["source"] == NONE_VALUE else point["source"]
            docs = docs[as_text(docs["source"]) == source]
        kept = kept[kept["doc_id"].isin(docs["doc_id"])]
    if "other_term" in point:
        return _shared_sentence_mentions(kept, point, sentences)
    for key in ("kind", "term", "label"):
        if key in point:
            kept = kept[kept[key] == point[key]]
    return kept


def _shared_sentence_mentions(
    mentions: pd.DataFrame, point: Mapping[str, str], sentences: pd.DataFrame | None
) -> pd.DataFrame:
    """Mentions of ``term`` and ``other_term`` in the sentences where both occur."""
    if sentences is None:
        raise ValueError("sentences are needed to find the mentions behind a co-occurrence")
    sides = []
    for term_key, label_key in (("term", "label"), ("other_term", "other_label")):
        side = mentions[mentions["term"] == point.get(term_key, "")]
        if "kind" in point:
            side = side[side["kind"] == point["kind"]]
        if label_key in point:
            side = side[side["label"] == point[label_key]]
        sides.append(side)
    both = pd.concat(sides)
    if both.empty:
        return mentions.iloc[0:0]
    located = assign_sentences(both, sentences)
    pair_sentences = (
        located.assign(_side=located["term"] == point.get("term"))
        .groupby(["doc_id", "sentence"], sort=False)["_side"]
        .nunique()
    )
    shared = pair_sentences[pair_sentences == 2].index
    keys = pd.MultiIndex.from_frame(located[["doc_id", "sentence"]])
    result = located[keys.isin(shared)]
    return result[MENTION_COLUMNS].sort_values(["doc_id", "start"], kind="stable")


def doc_codes(left: pd.Series, right: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes for two ``doc_id`` columns, equal where the ids are equal (``-1``: missing).

    Integers make joins on documents a matter of numpy sorting; a categorical ``left`` costs
    nothing, strings one factorisation.
    """
    if isinstance(left.dtype, pd.CategoricalDtype):
        categories = left.cat.categories
        right_codes = pd.Categorical(as_text(right), categories=categories).codes
        return left.cat.codes.to_numpy(np.int64), np.asarray(right_codes, dtype=np.int64)
    codes, _ = pd.factorize(pd.concat([as_text(left), as_text(right)], ignore_index=True))
    codes = codes.astype(np.int64)
    return codes[: len(left)], codes[len(left) :]


def sentence_numbers(mentions: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """The number of the sentence each mention starts in (``-1`` when none does), in order.

    The sentence is the last one of the mention's document that starts at or before the
    mention: one ``searchsorted`` over ``(document, start)`` keys, vectorised.
    """
    if mentions.empty:
        return np.zeros(0, dtype=np.int64)
    if sentences.empty:
        return np.full(len(mentions), -1, dtype=np.int64)
    mention_doc, sentence_doc = doc_codes(mentions["doc_id"], sentences["doc_id"])
    shift = np.int64(1) << np.int64(32)  # offsets stay below 4 billion characters
    sentence_key = sentence_doc * shift + sentences["start"].to_numpy(np.int64)
    order = np.argsort(sentence_key, kind="stable")
    sorted_key = sentence_key[order]
    mention_key = mention_doc * shift + mentions["start"].to_numpy(np.int64)
    position = np.searchsorted(sorted_key, mention_key, side="right") - 1
    found = order[np.clip(position, 0, None)]
    valid = (position >= 0) & (mention_doc >= 0) & (sentence_doc[found] == mention_doc)
    numbers = sentences["sentence"].to_numpy(np.int64)[found]
    return np.where(valid, numbers, -1)


def assign_sentences(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` with the ``sentence`` number each one starts in (``-1`` when none does).

    See :func:`sentence_numbers`. Rows, index and columns of ``mentions`` are kept.
    """
    return mentions.assign(sentence=sentence_numbers(mentions, sentences))
