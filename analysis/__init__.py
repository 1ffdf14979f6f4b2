"""Explore a collection of news articles: keywords, entities, terms and how they change.

The public entry points::

    from analysis import load_corpus, analyze
    corpus = load_corpus("seeds/")
    result = analyze(corpus, terms=["air defence", "F-16"])
    result.mentions, result.keywords, result.entities, result.frequencies
"""

from analysis.compiled import install_guard

install_guard()  # before any compiled module is imported (see analysis.compiled)

from analysis.loading import Corpus, InputError, Limits, load_corpus  # noqa: E402
from analysis.pipeline import Analysis, analyze  # noqa: E402

__all__ = ["Analysis", "Corpus", "InputError", "Limits", "analyze", "load_corpus"]
