"""``analysis.entities``: the public name of the entity extractor (see :mod:`analysis.extract.entities`).

Users' scripts call ``from analysis.entities import extract_entities``; the implementation lives in
the extract stage.
"""

from analysis.extract.entities import (
    BACKENDS,
    Span,
    available_backends,
    entity_mentions,
    extract_entities,
)

__all__ = ["BACKENDS", "Span", "available_backends", "entity_mentions", "extract_entities"]
