"""Pausing Python's cyclic garbage collector around steps that build many objects and no cycles.

The collector runs after every few hundred new container objects and walks the younger ones;
every so often it walks the whole heap. The analysis builds millions of small tuples and lists
(candidates, spans, table rows) that reference counting frees on its own, while a large heap of
long-lived objects (the word lists, the corpus, per-document results) stays put: the walks then
cost a tenth of the time and find nothing. Around such a step the collector is paused and
restarted afterwards, when it collects whatever cycles the step did leave.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off, restoring its state afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
