"""Who said what: quotations with their speakers, narrowed by the search and the speakers chosen.

Quotations are found once per analysis (:func:`app.pipeline.quotations`). Their text is untrusted:
it reaches the page as escaped HTML (:func:`quotes_html`) and in ``st.dataframe`` (plain text).
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from analysis.query.filters import filter_quotes
from analysis.query.kwic import flatten
from app import pipeline
from app.caching import cache_data
from app.drill import download, show_table, titled
from app.markup import plain
from app.params import key
from app.pipeline import QUOTES_AUTO_LIMIT
from app.selection import Analysed, View

#: Quotations shown as text (all are in the table below them).
QUOTES_SHOWN = 20


@cache_data(max_entries=4)
def roles_of(analysed: Analysed) -> dict[str, str]:
    """Each speaker's most named role over the analysis' quotations (see :func:`speaker_roles`)."""
    return speaker_roles(pipeline.quotations(analysed))


def quotations(view: View) -> None:
    """Quotations with their speakers, narrowed by the search ("who said what about X")."""
    st.markdown("#### Who said what")
    if len(view.result.documents) > QUOTES_AUTO_LIMIT and not st.toggle(
        f"Find quotations in all {len(view.result.documents):,} documents (takes a while once)",
        key=key("find_quotes"),
        persist_state="page",
    ):
        return
    quotes = pipeline.quotations(view.analysed)
    docs = view.documents["doc_id"]
    in_view, _ = filter_quotes(quotes, docs)
    speakers = in_view["speaker"].dropna().astype(str).value_counts()
    roles = roles_of(view.analysed)
    chosen = st.multiselect(
        "Speakers",
        speakers.index.tolist(),
        key=key("speakers"),
        format_func=lambda name: (
            f"{name} ({speakers.get(name, 0)})" + (f" · {roles[name]}" if roles.get(name) else "")
        ),
        placeholder="Everyone quoted",
        help="Each speaker with the number of quotations and the role they are quoted under.",
        persist_state="page",
    )
    shown, error = filter_quotes(
        in_view, None, view.filters.search, view.filters.search_regex, chosen
    )
    if error:
        st.error(error)
        return
    about = f" mentioning “{plain(view.filters.search)}”" if view.filters.search else ""
    st.caption(f"{len(shown):,} of {len(in_view):,} quotations in the selection{about}.")
    if shown.empty:
        st.info("No quotation here. Clear the search or pick other speakers.")
        return
    meta = view.result.documents[["doc_id", "title", "date"]]
    table = shown.merge(meta, on="doc_id", how="left")[
        ["speaker", "text", "speaker_text", "title", "date", "doc_id", "start", "end"]
    ]
    table = titled(
        table.assign(
            speaker=table["speaker"].fillna(""), speaker_text=table["speaker_text"].fillna("")
        )
    )
    st.markdown(quotes_html(table.head(QUOTES_SHOWN)), unsafe_allow_html=True)
    if len(table) > QUOTES_SHOWN:
        st.caption(f"The first {QUOTES_SHOWN} are shown; the table below has all {len(table):,}.")
    show_table(
        table,
        key="quotes_table",
        column_order=["speaker", "text", "speaker_text", "title", "date"],
        column_config={
            "speaker": st.column_config.TextColumn("Speaker"),
            "text": st.column_config.TextColumn("Quotation", width="large"),
            "speaker_text": st.column_config.TextColumn("Attributed as"),
            "title": st.column_config.TextColumn("Article"),
        },
    )
    download(table, "quotations", view, "quotations")


_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})


def speaker_roles(quotes: pd.DataFrame) -> dict[str, str]:
    """Per speaker, the role most often named in the attributions ("Secretary General" from
    "NATO Secretary General Mark Rutte" and "the Secretary General"), so that an analyst looking
    for an office finds its holder among the speakers."""
    roles: dict[str, dict[str, int]] = {}
    for speaker, said_as in zip(quotes["speaker"], quotes["speaker_text"], strict=True):
        if not isinstance(speaker, str) or not isinstance(said_as, str):
            continue
        name_words = {word.lower() for word in speaker.split()}
        words = [w for w in said_as.split() if w.lower() not in name_words]
        if words and words[0].lower() == "the":
            words = words[1:]
        role = " ".join(words)
        if role and role.lower() not in _PRONOUNS and role[0].isupper():
            counts = roles.setdefault(speaker, {})
            counts[role] = counts.get(role, 0) + 1
    return {
        speaker: min(counts, key=lambda role: (-counts[role], role))
        for speaker, counts in roles.items()
    }


def _text(value: object) -> str:
    """A cell as stripped text, ``""`` for a missing one (``None``, NaN)."""
    return (
        "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
    )


def quotes_html(table: pd.DataFrame) -> str:
    """Quotations as escaped HTML blockquotes: the words, who said them, where and when.

    Where is the article's title, or its ``doc_id`` when it has none; when is its date, or "no
    date". One HTML block without blank lines, so that no markdown inside a quotation is
    interpreted.
    """
    items = []
    doc_ids = table["doc_id"] if "doc_id" in table else pd.Series("", index=table.index)
    for speaker, text, said_as, title, date, doc_id in zip(
        table["speaker"],
        table["text"],
        table["speaker_text"],
        table["title"],
        table["date"],
        doc_ids,
        strict=True,
    ):
        who = html.escape(flatten(str(speaker))) or "unknown speaker"
        alias = flatten(str(said_as))
        if alias and alias != speaker:
            who += f" <small>(“{html.escape(alias)}”)</small>"
        article = _text(title) or _text(doc_id)
        where = " · ".join(
            html.escape(flatten(part)) for part in (article, _text(date) or "no date") if part
        )
        items.append(
            f"<blockquote class='quote'>“{html.escape(flatten(str(text)))}”"
            f"<br><small>— <b>{who}</b> · {where}</small></blockquote>"
        )
    style = (
        "<style>blockquote.quote{border-left:3px solid #1f5fa8;margin:0 0 .6rem 0;"
        "padding:.2rem .8rem;background:#f7f9fc}</style>"
    )
    return style + "".join(items)
