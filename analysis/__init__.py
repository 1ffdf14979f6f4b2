"""Explore a collection of news articles: keywords, entities, terms and how they change.

The public entry points::

    from analysis import load_corpus, analyze
    corpus = load_corpus("seeds/")
    result = analyze(corpus, terms=["air defence", "F-16"])
    result.mentions, result.keywords, result.entities, result.frequencies

The package is grouped by the stages of the flow, each a sub-package that imports only from
itself and the stages before it (an import-linter contract in ``pyproject.toml``)::

    core     the mention schema and the group-bys every count is made of
    ingest   files and uploads -> documents: loading, decoding, cleaning, dates
    extract  documents -> mentions: keywords, entities, terms, sentences, quotes, figures
    run      drives extract over a corpus: pipeline, engines (local, Dask), cache
    query    mentions -> answers: filters, search, kwic, keyness, comparison
    present  answers -> figures, highlighted HTML, downloadable files
    cli      ``python -m analysis``
"""

from analysis.ingest.loading import Corpus, InputError, Limits, load_corpus
from analysis.run.pipeline import Analysis, analyze

__all__ = ["Analysis", "Corpus", "InputError", "Limits", "analyze", "load_corpus"]
