"""Table cells that a spreadsheet would run as formulas, and how to neutralise them.

A CSV opened in Excel or LibreOffice runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
a formula (tab and carriage return also start one in some programs): a document's text or an
entity name from an untrusted corpus could then call out or run commands. OWASP's advice is to
prefix such a cell with a single quote, which spreadsheets show as text. The first characters
are data files' business, not code's: they are listed here once because OWASP fixes them.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula(value: object) -> bool:
    """Whether a spreadsheet would read ``value`` (a string cell) as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def formula_safe(value: object) -> object:
    """``value`` with a leading ``'`` when a spreadsheet would run it; other values unchanged."""
    return "'" + value if is_formula(value) else value


def unescape_formula(value: object) -> object:
    """Undo :func:`formula_safe`: drop the ``'`` before a formula start (for files we wrote)."""
    if isinstance(value, str) and value.startswith("'") and is_formula(value[1:]):
        return value[1:]
    return value
