"""The dashboard's sections: each reads its own widgets, calls the library once, draws the figure.

Nothing here computes: counts, figures, contexts and comparisons all come from ``analysis``;
results that read every keyword row or every text are cached per selection (``View.scope``) in
:mod:`app.data`. Document text is untrusted and reaches the page only through
``analysis.present.highlight`` (escaped HTML), plotly figures whose labels ``analysis.present.charts`` escapes,
and ``st.dataframe`` (plain text).
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from analysis.core.counting import count_terms, counts_by_date, counts_by_doc, period_of
from analysis.core.schema import ENTITY_LABELS
from analysis.extract.keywords import corpus_keywords, distinctive_keywords
from analysis.present import charts
from analysis.query.filters import drop_keyword_echoes, filter_quotes
from analysis.query.kwic import flatten
from app import data
from app.drill import chart_with_drilldown, download, reader, show_mentions, show_table
from app.state import FOCUS_DEFAULT
from app.view import View, build_view

__all__ = [
    "View",
    "build_view",
    "entities",
    "keywords",
    "over_time",
    "overview",
    "problems",
    "search_and_read",
]

#: Key of the search box in the Search & read tab (it mirrors the sidebar's ``search``).
SEARCH_HERE = "search_here"
#: Session key of the tracked terms the time charts last saw.
FOCUS_TRACKED = "_focus_tracked"
#: Quotations shown as text (all are in the table below them).
QUOTES_SHOWN = 20

NO_MENTIONS_HINT = (
    "No mentions under the current filters. Widen the dates, clear Sources or Documents, pick "
    "more Entity types or lower Minimum mentions in the sidebar."
)


def overview(view: View) -> None:
    """How big the selection is, where it comes from and when; its documents."""
    docs = view.documents
    dated = docs.loc[docs["date"] != "", "date"]
    columns = st.columns(4)
    columns[0].metric("Documents", f"{len(docs):,} of {len(view.result.documents):,}")
    columns[1].metric("Words", f"{int(docs['n_words'].sum()):,}")
    columns[2].metric("Mentions", f"{len(view.mentions):,}")
    columns[3].metric("Sources", f"{docs.loc[docs['source'] != '', 'source'].nunique():,}")
    st.markdown(
        f"**Dates:** {dated.min()} to {dated.max()} ({dated.nunique():,} distinct"
        + (f"; {len(docs) - len(dated):,} undated" if len(dated) < len(docs) else "")
        + ")"
        if len(dated)
        else "**Dates:** none of these documents has a date."
    )
    if docs.empty:
        st.info(
            "No document matches the filters. Clear the search, widen the dates or empty "
            "Sources and Documents in the sidebar."
        )
        return
    overview_chart = data.cached(
        "overview",
        f"{view.scope}|{view.filters.period}",
        lambda: charts.sources_dates_overview(
            docs, period=view.filters.period, title="Articles per source and date"
        ),
        size=8,
    )
    chart_with_drilldown(
        overview_chart,
        view,
        key="chart_overview",
        hint="Click a cell to list the mentions in those articles.",
    )
    table = docs[["doc_id", "title", "date", "date_source", "source", "n_words"]]
    show_table(
        table,
        key="documents_table",
        column_config={"title": st.column_config.TextColumn("title", width="large")},
    )
    download(table, "documents", view, "documents")


def term_counts(view: View) -> pd.DataFrame:
    """Mentions per term over the selection (``count_terms``), once per set of filters."""
    return data.cached(
        "counts",
        view.filter_key,
        lambda: count_terms(view.mentions, view.documents, per_1k=view.filters.per_1k),
    )


def keywords(view: View) -> None:
    """Top keywords of the selection, keywords shared across articles, and distinctive ones."""
    if view.mentions.empty:
        st.info(NO_MENTIONS_HINT)
        return
    counts = term_counts(view)
    chart_with_drilldown(
        charts.top_terms_bar(
            counts, kind="keyword", n=25, per_1k=view.filters.per_1k, title="Top keywords"
        ),
        view,
        key="chart_keywords",
        hint="Click a bar to read the sentences behind it.",
    )
    if view.documents.empty:
        return
    left, right = st.columns(2)
    with left:
        st.markdown("**Across articles** (how many articles have it among their keywords)")
        across = data.cached(
            "corpus_keywords",
            view.scope,
            lambda: corpus_keywords(view.result.keywords, view.documents["doc_id"]),
        )
        show_table(across.head(100), key="corpus_keywords")
        download(across, "corpus_keywords", view, "corpus_keywords")
    with right:
        st.markdown("**Distinctive for one article** (against the others in the selection)")
        doc_ids = view.documents["doc_id"].astype(str).tolist()
        titles = dict(zip(doc_ids, view.documents["title"].astype(str), strict=True))
        chosen = st.selectbox(
            "Article",
            doc_ids,
            key="distinctive_doc",
            format_func=lambda d: f"{titles.get(d) or d} ({d})",
        )
        table = data.cached(
            "distinctive",
            f"{view.scope}|{chosen}",
            lambda: distinctive_keywords(view.result.keywords, chosen, doc_ids, top=15),
        )
        show_table(table, key="distinctive_keywords")


def entities(view: View) -> None:
    """Top entities by type, their co-occurrence network and the per-article entity table."""
    if view.mentions.empty:
        st.info(NO_MENTIONS_HINT)
        return
    counts = term_counts(view)
    chosen_types = view.filters.entity_types
    labels = [label for label in ENTITY_LABELS if not chosen_types or label in chosen_types]
    chart_with_drilldown(
        charts.entities_by_type_bar(
            counts, n=10, labels=labels, per_1k=view.filters.per_1k, title="Top entities by type"
        ),
        view,
        key="chart_entities",
        hint="Click a bar to read where the entity is mentioned.",
    )
    entity_mentions = view.mentions[view.mentions["kind"] == "entity"]
    network = data.cached(
        "network",
        view.filter_key,
        lambda: charts.cooccurrence_network(
            entity_mentions, view.result.sentences, title="Entities named in the same sentence"
        ),
        size=8,
    )
    chart_with_drilldown(
        network,
        view,
        key="chart_network",
        hint="Node size: mentions; line width: shared sentences. Click a node or the middle "
        "of a line to read the sentences.",
    )
    st.markdown("**Entities per article** (with the spellings found)")
    table = data.cached("entity_table", view.filter_key, lambda: entity_table(view), size=8)
    show_table(table, key="entities_table")
    download(table, "entities", view, "entities")


def entity_table(view: View) -> pd.DataFrame:
    """The per-article entity table of the analysis, for the entities the filters keep."""
    entity_mentions = view.mentions[view.mentions["kind"] == "entity"]
    kept = entity_mentions[["term", "label"]].drop_duplicates().astype(str)
    table = view.result.entities
    table = table[table["doc_id"].isin(view.documents["doc_id"])]
    return table.merge(kept.rename(columns={"term": "entity"}), on=["entity", "label"])


def over_time(view: View) -> None:
    """Chosen terms and entities per date, per article, and as a term × article heatmap."""
    if view.mentions.empty:
        st.info(NO_MENTIONS_HINT)
        return
    mentions, counts = data.cached("followable", view.filter_key, lambda: followable(view), size=8)
    tracked = [*view.filters.terms, *([view.filters.term_regex] if view.filters.term_regex else [])]
    choices = list(dict.fromkeys([*tracked, *counts["term"].astype(str).head(200)]))
    default = [term for term in tracked if term in choices] or choices[:5]
    st.session_state["focus"] = follow(st.session_state, default, tracked, choices)
    picked = st.multiselect(
        "Terms and entities to follow",
        choices,
        key="focus",
        placeholder="Pick terms, entities or keywords",
        help="Your tracked terms come first, then the most mentioned names and keywords.",
    )
    if not picked:
        st.info("Pick at least one term above, or track terms in the sidebar.")
        return
    by_date, by_doc, figures = data.cached(
        "time_charts",
        f"{view.filter_key}|{view.filters.period}|{picked!r}",
        lambda: time_charts(view, mentions, picked),
        size=8,
    )
    for figure, key, hint in zip(
        figures,
        ("chart_timeline", "chart_articles", "chart_heatmap"),
        (
            "Click a point to read the mentions of that date.",
            "One point per article: click it to read that article's mentions.",
            "Click a cell to read the mentions in that article.",
        ),
        strict=True,
    ):
        chart_with_drilldown(figure, view, key=key, hint=hint)
    download(by_date, "mentions_per_date", view, "per_date", what="Counts per date")
    download(by_doc, "mentions_per_article", view, "per_article", what="Counts per article")


def time_charts(view: View, mentions: pd.DataFrame, picked: list[str]) -> tuple:
    """Counts of the ``picked`` terms per date and per article, and the three time figures."""
    per_1k = view.filters.per_1k
    period = view.filters.period
    focused = mentions[mentions["term"].isin(picked)]
    dates = period_of(view.documents["date"], period)
    by_date = counts_by_date(focused, view.documents, per_1k=per_1k, period=period)
    by_doc = counts_by_doc(focused, view.documents, per_1k=per_1k)
    figures = (
        charts.timeline(
            by_date,
            terms=picked,
            per_1k=per_1k,
            dates=dates[dates != ""].unique().tolist(),
            title="Mentions over time",
        ),
        charts.timeline_by_article(by_doc, terms=picked, per_1k=per_1k, title="Per article"),
        charts.term_doc_heatmap(by_doc, terms=picked, per_1k=per_1k, title="Terms × articles"),
    )
    return by_date, by_doc, figures


def followable(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions the time charts can follow (keywords that repeat a name left out) and their
    counts, largest first."""
    mentions = drop_keyword_echoes(view.mentions)
    return mentions, count_terms(mentions, view.documents)


def follow(state, default: list[str], tracked: list[str], choices: list[str]) -> list[str]:
    """The terms the time charts follow: the default until the analyst picks others; a newly
    tracked term joins the analyst's pick. Remembers the default in ``state`` to tell them apart."""
    previous_default = state.get(FOCUS_DEFAULT)
    previous_tracked = state.get(FOCUS_TRACKED, tracked)  # first run: nothing is new
    state[FOCUS_DEFAULT] = default
    state[FOCUS_TRACKED] = tracked
    focus = [term for term in state.get("focus") or () if term in choices]
    if not focus or focus == previous_default:
        return default
    new = [term for term in tracked if term not in previous_tracked and term not in focus]
    return focus + new


def search_and_read(view: View) -> None:
    """Every search match in context, who said what, and the document reader."""
    f = view.filters
    st.session_state[SEARCH_HERE] = st.session_state.get("search", "")
    st.text_input(
        "Search the texts",
        key=SEARCH_HERE,
        on_change=_search_from_here,
        placeholder="e.g. Secretary General, air defence, Zelenskyy",
        help="The same search as in the sidebar: it narrows every tab to the matching articles.",
    )
    if view.search_error:
        st.error(view.search_error)
    elif f.search:
        matches, error = data.search_matches(view.scope, view.documents, f.search, f.search_regex)
        if error:
            st.error(error)
        else:
            show_mentions(matches, view, key="search_kwic", title=f"Matches of “{f.search}”")
    else:
        st.info(
            "Type a word or phrase above to list every match in context, with the articles "
            "and dates it comes from, and the quotations that mention it."
        )
    quotes_section(view)
    doc_ids = view.documents["doc_id"].astype(str).tolist()
    if not doc_ids:
        return
    st.markdown("#### Read an article")
    titles = dict(zip(doc_ids, view.documents["title"].astype(str), strict=True))
    chosen = st.selectbox(
        "Article", doc_ids, key="reader_doc", format_func=lambda d: f"{titles.get(d) or d} ({d})"
    )
    reader(view, chosen)


def _search_from_here() -> None:
    """Callback: the search typed in this tab becomes the sidebar's search (one search)."""
    st.session_state["search"] = st.session_state[SEARCH_HERE]


def quotes_section(view: View) -> None:
    """Quotations with their speakers, narrowed by the search ("who said what about X")."""
    st.markdown("#### Who said what")
    if len(view.result.documents) > data.QUOTES_AUTO_LIMIT and not st.toggle(
        f"Find quotations in all {len(view.result.documents):,} documents (takes a while once)",
        key="find_quotes",
    ):
        return
    quotes = data.quotations(view.key, view.result)
    docs = view.documents["doc_id"]
    in_view, _ = filter_quotes(quotes, docs)
    speakers = in_view["speaker"].dropna().astype(str).value_counts()
    roles = data.cached("roles", view.key, lambda: speaker_roles(quotes), size=4)
    chosen = st.multiselect(
        "Speakers",
        speakers.index.tolist(),
        key="speakers",
        format_func=lambda name: (
            f"{name} ({speakers.get(name, 0)})" + (f" · {roles[name]}" if roles.get(name) else "")
        ),
        placeholder="Everyone quoted",
        help="Each speaker with the number of quotations and the role they are quoted under.",
    )
    shown, error = filter_quotes(
        in_view, None, view.filters.search, view.filters.search_regex, chosen
    )
    if error:
        st.error(error)
        return
    about = f" mentioning “{view.filters.search}”" if view.filters.search else ""
    st.caption(f"{len(shown):,} of {len(in_view):,} quotations in the selection{about}.")
    if shown.empty:
        st.info("No quotation here. Clear the search or pick other speakers.")
        return
    meta = view.result.documents[["doc_id", "title", "date"]]
    table = shown.merge(meta, on="doc_id", how="left")[
        ["speaker", "text", "speaker_text", "title", "date", "doc_id", "start", "end"]
    ]
    table = table.assign(
        speaker=table["speaker"].fillna(""), speaker_text=table["speaker_text"].fillna("")
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


def quotes_html(table: pd.DataFrame) -> str:
    """Quotations as escaped HTML blockquotes: the words, who said them, where and when.

    One HTML block without blank lines, so that no markdown inside a quotation is interpreted.
    """
    items = []
    for speaker, text, said_as, title, date in zip(
        table["speaker"],
        table["text"],
        table["speaker_text"],
        table["title"],
        table["date"],
        strict=True,
    ):
        who = html.escape(flatten(str(speaker))) or "unknown speaker"
        alias = flatten(str(said_as))
        if alias and alias != speaker:
            who += f" <small>(“{html.escape(alias)}”)</small>"
        where = html.escape(flatten(f"{title or ''} · {date or 'no date'}"))
        items.append(
            f"<blockquote class='quote'>“{html.escape(flatten(str(text)))}”"
            f"<br><small>— <b>{who}</b> · {where}</small></blockquote>"
        )
    style = (
        "<style>blockquote.quote{border-left:3px solid #1f5fa8;margin:0 0 .6rem 0;"
        "padding:.2rem .8rem;background:#f7f9fc}</style>"
    )
    return style + "".join(items)


def problems(view: View, extra: list[tuple[str, str]]) -> None:
    """Every input that was not used (files, rows, alias tables), with its reason."""
    table = pd.concat(
        [view.result.problems, pd.DataFrame(extra, columns=["path", "reason"])], ignore_index=True
    )
    if table.empty:
        st.success("Every file was read and analysed.")
        return
    st.warning(f"{len(table)} input(s) were not used. Each is listed with the reason.")
    show_table(table, key="problems_table")
    download(table, "problems", view, "problems")
