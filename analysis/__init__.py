"""Explore a collection of news articles: keywords, entities, terms and how they change.

The public entry points::

    from analysis import load_corpus, analyze
    corpus = load_corpus("seeds/")
    result = analyze(corpus, terms=["air defence", "F-16"])
    result.mentions, result.keywords, result.entities, result.frequencies
"""

from analysis.loading import Corpus, InputError, Limits, load_corpus
from analysis.pipeline import Analysis, analyze

__all__ = ["Analysis", "Corpus", "InputError", "Limits", "analyze", "load_corpus"]
