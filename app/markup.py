"""User and document text inside Streamlit's Markdown: shown as written, never as markup."""

from __future__ import annotations

import html

#: Characters Markdown gives a meaning to (each is backslash-escaped by :func:`plain`).
MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]()#+-.!|~>$")


def plain(text: object) -> str:
    """``text`` on one line for ``st.markdown`` / ``st.caption``: HTML escaped and Markdown
    punctuation backslash-escaped, so that ``[x](http://…)`` stays text and never becomes a link
    or an image."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return "".join(f"\\{c}" if c in MARKDOWN_PUNCTUATION else c for c in escaped)
