"""Choosing documents by a short text specification (a ``doc_id``, or ``source=``/``from=``/``to=``/``ids=``).

The same syntax names a side of a comparison and a group of a group comparison, in the CLI and in
shared links.
"""

from __future__ import annotations

import pandas as pd


def select_documents(documents: pd.DataFrame, spec: str) -> list[str]:
    """The ``doc_id`` values a side specification picks, in corpus order.

    ``spec`` is a ``doc_id``, or ``key=value`` filters joined by ``,``, all of which must hold:
    ``source=NAME`` (case-insensitive, exact), ``from=YYYY-MM-DD`` and ``to=YYYY-MM-DD``
    (inclusive; undated documents are left out when either is given), ``ids=ID|ID|...`` (a saved
    selection). Raises ``ValueError`` with a readable message for an unknown key.
    """
    ids = documents["doc_id"].astype(str)
    if spec in set(ids):
        return [spec]
    keep = pd.Series(True, index=documents.index)
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, _, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if key == "source":
            keep &= documents["source"].fillna("").str.casefold() == value.casefold()
        elif key in ("from", "to"):
            dates = documents["date"].fillna("").astype(str)
            keep &= (dates != "") & ((dates >= value) if key == "from" else (dates <= value))
        elif key == "ids":
            keep &= ids.isin([v.strip() for v in value.split("|")])
        else:
            raise ValueError(
                f"cannot read {part!r}: expected a doc_id or source=, from=, to=, ids= filters"
            )
    return ids[keep].tolist()
