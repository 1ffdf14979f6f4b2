"""How alike two texts (or two groups of texts) are overall: cosine over TF-IDF of word n-grams.

One number for "how much do these two say the same thing", with the measure spelled out in
:data:`SIMILARITY_MEASURE` so that the dashboard and the CLI can state what it means.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise

from analysis.query.keyness import STOPWORDS, word_tokens

SIMILARITY_MEASURE = (
    "cosine similarity of TF-IDF vectors over word unigrams and bigrams (lower-cased, stop words "
    "removed, tf = 1 + ln(count), idf = 1 + ln((1 + n) / (1 + df)) over the compared texts "
    "unless corpus weights are given); 0 = nothing in common, 1 = the same words in the same "
    "proportions"
)


def text_features(texts: str | Iterable[str]) -> Counter[str]:
    """Word unigrams and bigrams (stop words dropped) of one text or of a group's texts.

    Bigrams join two neighbouring content words ("defence ministers"); a stop word between two
    words breaks the pair, so "support for Ukraine" gives no bigram.
    """
    features: Counter[str] = Counter()
    for text in [texts] if isinstance(texts, str) else texts:
        tokens = word_tokens(text)
        features.update(token for token in tokens if token not in STOPWORDS)
        features.update(
            f"{left} {right}"
            for left, right in pairwise(tokens)
            if left not in STOPWORDS and right not in STOPWORDS
        )
    return features


def idf_weights(texts: Iterable[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of every feature of ``texts`` (one text a document).

    Pass the result to :func:`similarity` to weigh words by how rare they are in a whole corpus
    rather than in the two compared texts only. Unknown features get the weight of a feature seen
    in no document.
    """
    document_frequency: Counter[str] = Counter()
    n_docs = 0
    for text in texts:
        n_docs += 1
        document_frequency.update(set(text_features(text)))
    weights = {
        feature: 1.0 + math.log((1 + n_docs) / (1 + df))
        for feature, df in document_frequency.items()
    }
    weights[""] = 1.0 + math.log(1 + n_docs)  # the weight of an unseen feature
    return weights


def _cosine(features_a: Counter[str], features_b: Counter[str], idf: Mapping[str, float]) -> float:
    unseen = idf.get("", 1.0)
    vector_a = {key: (1 + math.log(n)) * idf.get(key, unseen) for key, n in features_a.items()}
    vector_b = {key: (1 + math.log(n)) * idf.get(key, unseen) for key, n in features_b.items()}
    norm = math.sqrt(sum(v * v for v in vector_a.values()) * sum(v * v for v in vector_b.values()))
    if norm == 0:
        return 0.0
    dot = sum(value * vector_b.get(key, 0.0) for key, value in vector_a.items())
    return round(min(dot / norm, 1.0), 6)


def similarity(
    text_a: str | Iterable[str],
    text_b: str | Iterable[str],
    *,
    idf: Mapping[str, float] | None = None,
) -> float:
    """How alike two texts (or two groups of texts) are, from 0 to 1: see :data:`SIMILARITY_MEASURE`.

    Without ``idf`` the weights come from the two sides themselves (a word both use weighs less
    than a word only one uses), so the score does not depend on the rest of the corpus. A group's
    texts are pooled into one vector.
    """
    features_a, features_b = text_features(text_a), text_features(text_b)
    if idf is None:
        idf = {
            key: 1.0 + math.log(3 / (1 + (key in features_a) + (key in features_b)))
            for key in features_a.keys() | features_b.keys()
        }
    return _cosine(features_a, features_b, idf)
