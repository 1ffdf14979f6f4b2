"""The page's sections, one module each; only the one on screen is drawn (see ``dashboard.py``).

:data:`SECTIONS` maps each section's URL value (``?tab=…``, :mod:`app.params`) to its label.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        "overview": "Overview",
        "keywords": "Keywords",
        "entities": "Entities",
        "time": "Over time",
        "read": "Search & read",
        "compare": "Compare",
        "words": "Words",
        "groups": "Groups",
        "duplicates": "Duplicates",
        "problems": "Problems",
    }
)
