"""A token index of a corpus, built once per analysis, behind the corpus-linguistics tools.

Word lists, n-grams, collocates, sorted concordances, dispersion and keyness of a selection all
ask the same question of every running word: which word is it, in which document and sentence,
where in the text. :class:`CorpusIndex` answers it with flat numpy arrays (one entry a token,
documents one after another), so that each tool is a few vectorised operations over the tokens
of the documents in view instead of a fresh pass of a tokeniser over their texts.

Words are :func:`analysis.query.keyness.word_tokens`' words (lower-cased, possessives stripped),
with the offsets :func:`~analysis.query.keyness.word_spans` gives; sentences are
:func:`analysis.extract.sentences.sentence_table`'s (pass an analysis' own ``sentences`` table to
reuse it). Hits of a phrase or of mentions are token spans in a small table (:data:`HIT_COLUMNS`)
that the tools share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.schema import as_text
from analysis.extract.sentences import sentence_table
from analysis.query.keyness import STOPWORDS, word_spans, word_tokens

#: A hit: ``doc_id, start, end`` (character offsets into the document's text, as mentions have),
#: ``doc`` (the document's position in the index), ``first`` and ``last`` (its tokens are
#: ``tokens[first:last]``).
HIT_COLUMNS = ["doc_id", "start", "end", "doc", "first", "last"]

# Larger than any document's length: ``doc * _DOC_STRIDE + offset`` orders tokens corpus-wide.
_DOC_STRIDE = 1 << 40


@dataclass(frozen=True, eq=False)
class CorpusIndex:
    """Every token of a corpus as arrays; build it with :func:`build_index`.

    ``vocab`` maps a token id to its word (``word_tokens``' lower-cased form), ``forms`` the
    same for the word as written (case kept); ``tokens`` and ``surface`` hold the ids, documents
    one after another; document ``i`` owns ``tokens[bounds[i]:bounds[i + 1]]``. ``doc_of``,
    ``sentence_of`` (numbered across the corpus), ``starts`` and ``ends`` (offsets into the
    document's text) say where each token stands. ``rank`` orders ``vocab`` alphabetically (for
    sorting concordances and lists), ``form_rank`` orders ``forms``, and ``stop`` marks the stop
    words of ``vocab``.
    """

    doc_ids: pd.Index
    vocab: pd.Index
    forms: pd.Index
    tokens: np.ndarray
    surface: np.ndarray
    bounds: np.ndarray
    doc_of: np.ndarray
    sentence_of: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    rank: np.ndarray
    form_rank: np.ndarray
    stop: np.ndarray

    def __repr__(self) -> str:
        return (
            f"CorpusIndex({self.n_docs} documents, {self.n_tokens} words, "
            f"{len(self.vocab)} distinct)"
        )

    @property
    def n_docs(self) -> int:
        return len(self.doc_ids)

    @property
    def n_tokens(self) -> int:
        return len(self.tokens)

    def doc_sizes(self) -> np.ndarray:
        """Running words per document, in index order."""
        return np.diff(self.bounds)


def build_index(
    doc_ids: Iterable[str], texts: Iterable[str], sentences: pd.DataFrame | None = None
) -> CorpusIndex:
    """Index the words of ``texts`` (one text a document, ``doc_ids`` naming them).

    ``sentences`` is a ``doc_id, sentence, start, end`` table of the same texts (an analysis'
    ``sentences``); without it the texts are split here. Cache the index with the analysis: it
    is what makes every tool answer without re-reading the texts.
    """
    ids = [str(doc_id) for doc_id in doc_ids]
    texts = [str(text) for text in texts]
    if sentences is None:
        sentences = sentence_table(ids, texts)
    # One pass over the corpus joined by line breaks (no word spans one), offsets made local.
    joined = "\n".join(texts)
    words, starts, ends = word_spans(joined)
    base = np.concatenate([[0], np.cumsum([len(text) + 1 for text in texts])]).astype("int64")
    doc_of = (np.searchsorted(base, starts, side="right") - 1).astype("int64")
    forms = [
        joined[start:end].replace("’", "'")
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    token_ids, vocab = pd.factorize(pd.Series(words, dtype="object"), sort=False)
    surface_ids, form_vocab = pd.factorize(pd.Series(forms, dtype="object"), sort=False)
    sizes = np.bincount(doc_of, minlength=len(ids))
    vocab_index = pd.Index(vocab, dtype="object")
    forms_index = pd.Index(form_vocab, dtype="object")
    return CorpusIndex(
        doc_ids=pd.Index(ids, dtype="object"),
        vocab=vocab_index,
        forms=forms_index,
        tokens=token_ids.astype("int32"),
        surface=surface_ids.astype("int32"),
        bounds=np.concatenate([[0], np.cumsum(sizes)]).astype("int64"),
        doc_of=doc_of,
        sentence_of=_token_sentences(ids, base, sentences, starts),
        starts=starts - base[doc_of],
        ends=ends - base[doc_of],
        rank=_alphabetical_rank(vocab_index),
        form_rank=_alphabetical_rank(forms_index),
        stop=np.asarray([word in STOPWORDS for word in vocab_index], dtype=bool),
    )


def _alphabetical_rank(vocab: pd.Index) -> np.ndarray:
    order = np.argsort(vocab.to_numpy(dtype="object"), kind="stable")
    rank = np.empty(len(vocab), dtype="int64")
    rank[order] = np.arange(len(vocab))
    return rank


def _token_sentences(
    ids: Sequence[str], base: np.ndarray, sentences: pd.DataFrame, starts: np.ndarray
) -> np.ndarray:
    """The corpus-wide number of the sentence each token stands in (the last one starting at or
    before it), found by one search over offsets into the joined corpus (``base`` is where each
    document starts in it, ``starts`` where each token does)."""
    sentence_doc = pd.Index(ids).get_indexer(as_text(sentences["doc_id"]))
    known = sentence_doc >= 0
    sentence_starts = np.sort(
        base[sentence_doc[known]] + sentences["start"].to_numpy(dtype="int64")[known]
    )
    return (np.searchsorted(sentence_starts, starts, side="right") - 1).astype("int64")


def documents_index(documents: pd.DataFrame, sentences: pd.DataFrame | None = None) -> CorpusIndex:
    """:func:`build_index` of a documents table (``doc_id, text``), e.g. ``analysis.documents``."""
    return build_index(as_text(documents["doc_id"]), as_text(documents["text"]), sentences)


def doc_selection(index: CorpusIndex, doc_ids: Iterable[str] | None) -> np.ndarray:
    """A boolean per indexed document: is it among ``doc_ids`` (all of them when ``None``)?"""
    if doc_ids is None:
        return np.ones(index.n_docs, dtype=bool)
    wanted = index.doc_ids.get_indexer(pd.unique(pd.Series(list(doc_ids), dtype="object")))
    selected = np.zeros(index.n_docs, dtype=bool)
    selected[wanted[wanted >= 0]] = True
    return selected


def token_selection(index: CorpusIndex, doc_ids: Iterable[str] | None) -> np.ndarray:
    """A boolean per token: does it stand in one of ``doc_ids`` (all when ``None``)?"""
    return doc_selection(index, doc_ids)[index.doc_of]


def word_ids(index: CorpusIndex, words: Sequence[str]) -> np.ndarray:
    """The token ids of ``words`` (``-1`` for a word the corpus never uses)."""
    return index.vocab.get_indexer(pd.Series(list(words), dtype="object"))


def _hits(index: CorpusIndex, first: np.ndarray, last: np.ndarray) -> pd.DataFrame:
    doc = index.doc_of[first] if len(first) else np.zeros(0, dtype="int64")
    return pd.DataFrame(
        {
            "doc_id": pd.Series(index.doc_ids.to_numpy()[doc], dtype="object"),
            "start": index.starts[first],
            "end": index.ends[last - 1] if len(last) else np.zeros(0, dtype="int64"),
            "doc": doc,
            "first": first.astype("int64"),
            "last": last.astype("int64"),
        }
    )


def phrase_hits(
    index: CorpusIndex, phrase: str, doc_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Every occurrence of ``phrase``'s words in a row (case-folded, within one document), as
    :data:`HIT_COLUMNS`, in corpus order; only in ``doc_ids`` when given.

    The phrase is split as the corpus is (:func:`word_tokens`), so "NATO's" finds "nato". Forms
    are matched exactly: for a term with its plurals or an entity with its variants, use
    :func:`mention_hits` on the analysis' mentions instead.
    """
    ids = word_ids(index, word_tokens(phrase))
    if len(ids) == 0 or (ids < 0).any():
        return _hits(index, np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64"))
    first = np.flatnonzero(index.tokens == ids[0])
    for offset, word in enumerate(ids[1:], start=1):
        inside = first + offset < index.n_tokens
        first = first[inside]
        follows = (index.tokens[first + offset] == word) & (
            index.doc_of[first + offset] == index.doc_of[first]
        )
        first = first[follows]
    if doc_ids is not None:
        first = first[doc_selection(index, doc_ids)[index.doc_of[first]]]
    return _hits(index, first, first + len(ids))


def mention_hits(index: CorpusIndex, mentions: pd.DataFrame) -> pd.DataFrame:
    """The tokens each mention (``doc_id, start, end``) covers, as :data:`HIT_COLUMNS`.

    A mention covers the tokens that start inside it; mentions of documents not indexed, or
    covering no word (a bare number), are dropped. Rows keep the order of ``mentions``.
    """
    doc = index.doc_ids.get_indexer(as_text(mentions["doc_id"]))
    known = doc >= 0
    doc = doc[known]
    starts = mentions["start"].to_numpy(dtype="int64")[known]
    ends = mentions["end"].to_numpy(dtype="int64")[known]
    # Tokens are in (document, offset) order: one search over that key places every mention.
    keys = index.doc_of * _DOC_STRIDE + index.starts
    first = np.searchsorted(keys, doc * _DOC_STRIDE + starts, side="left")
    last = np.searchsorted(keys, doc * _DOC_STRIDE + ends, side="left")
    covers = last > first
    hits = _hits(index, first[covers], last[covers])
    hits["start"] = starts[covers]
    hits["end"] = ends[covers]
    return hits
