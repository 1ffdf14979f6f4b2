"""Words: the corpus analyst's daily tools on the filtered view, as AntConc or Voyant offer them.

A word and n-gram list (each row a click away from its concordance); the collocates of a word,
a phrase or an entity (a click on one shows the concordance of the pair); a concordance sorted by
the words left or right of the hit, paged and exportable; where in each article the hits fall
(dispersion); and what the selection over-uses against the rest of the corpus or an uploaded
reference corpus (keyness).

Every tool answers from one token index of the analysed corpus (:func:`corpus_index`), built once
per analysis and shared: a widget change is a few array operations over the documents in view.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis import InputError, load_corpus
from analysis.ingest.loading import Limits
from analysis.present.charts import keyness_figure, n_articles
from analysis.present.export import csv_bundle
from analysis.present.tool_charts import dispersion_strip
from analysis.query.collocates import MEASURES, collocates
from analysis.query.corpus_index import CorpusIndex, documents_index, mention_hits, phrase_hits
from analysis.query.dispersion import dispersion_table, hit_positions
from analysis.query.groups import default_min_docs
from analysis.query.keyness import Counts, keyness, rest_counts, top_keyness, word_counts
from analysis.query.kwic import CONTEXT_KEYS, concordance, page_count
from analysis.query.pairs import hits_with_collocate
from analysis.query.words import MAX_NGRAM, running_words, word_list
from analysis.query.words import index_word_counts as count_index_words
from app.caching import cache_data, cache_resource
from app.drill import TABLE_ROWS, download, show_table
from app.markup import plain
from app.params import key
from app.pipeline import KEPT_FOR
from app.sections.counting import term_counts
from app.selection import Analysed, View

#: The node picker's first choice: the typed word or phrase, not an analysed term.
TYPED = ""
#: Most analysed terms offered as a node.
NODE_CHOICES = 300
#: Session key of the word-list row last copied into the node field.
_PICKED_ROW = "_words_picked_row"
#: File types a reference corpus may come as (read by ``analysis.load_corpus``).
REFERENCE_TYPES = ["txt", "csv"]


# --- the index and the counts it gives, once per analysis -----------------------------------------


@cache_resource(max_entries=2, ttl=KEPT_FOR, show_spinner="Indexing the words of the corpus…")
def corpus_index(analysed: Analysed) -> CorpusIndex:
    """Every running word of the analysed corpus, indexed once per analysis (shared)."""
    return documents_index(analysed.result.documents, analysed.result.sentences)


@cache_resource(max_entries=2, ttl=KEPT_FOR)
def corpus_word_counts(analysed: Analysed) -> Counts:
    """The word counts of the whole corpus, for keyness of a selection against the rest."""
    return count_index_words(corpus_index(analysed))


def index_word_counts(analysed: Analysed, doc_ids: Sequence[str]) -> Counts:
    """The word counts of ``doc_ids`` read from the index (for the group comparison)."""
    return count_index_words(corpus_index(analysed), doc_ids)


def hits_as_mentions(hits: pd.DataFrame, term: str) -> pd.DataFrame:
    """Hits of a word or phrase as ``term`` mentions, for the reader and its context tables."""
    return pd.DataFrame(
        {
            "doc_id": hits["doc_id"].astype(str).to_numpy(),
            "kind": "term",
            "term": term,
            "label": "",
            "start": hits["start"].to_numpy(dtype="int64"),
            "end": hits["end"].to_numpy(dtype="int64"),
            "surface": "",
        }
    )


def doc_ids_of(view: View) -> list[str]:
    """The documents in view, as the index names them."""
    return view.documents["doc_id"].astype(str).tolist()


# --- each tool's table, cached by the view and the tool's settings --------------------------------


@cache_data(max_entries=16)
def words_of(view: View, n: int, case_fold: bool, drop_stopwords: bool, min_freq: int):
    """The word (``n == 1``) or n-gram list of the documents in view."""
    return word_list(
        corpus_index(view.analysed),
        doc_ids_of(view),
        n=n,
        case_fold=case_fold,
        drop_stopwords=drop_stopwords,
        min_freq=min_freq,
    )


@cache_data(max_entries=16)
def node_hits(view: View, phrase: str, mention: str) -> pd.DataFrame:
    """The hits of the node in view: the mentions of ``mention`` (``kind<TAB>term``) when one
    is picked, else every occurrence of the typed ``phrase``."""
    index = corpus_index(view.analysed)
    if mention:
        kind, _, term = mention.partition("\t")
        rows = view.mentions[(view.mentions["kind"] == kind) & (view.mentions["term"] == term)]
        return mention_hits(index, rows)
    return phrase_hits(index, phrase, doc_ids_of(view))


@cache_data(max_entries=16)
def collocates_of(
    view: View,
    phrase: str,
    mention: str,
    left: int,
    right: int,
    measure: str,
    min_freq: int,
    drop_stopwords: bool,
) -> pd.DataFrame:
    """The node's collocates in the documents in view."""
    return collocates(
        corpus_index(view.analysed),
        node_hits(view, phrase, mention),
        doc_ids_of(view),
        left=left,
        right=right,
        measure=measure,
        min_freq=min_freq,
        drop_stopwords=drop_stopwords,
    )


@cache_data(max_entries=8)
def selection_keyness(view: View) -> tuple[pd.DataFrame, str | None]:
    """Keyness of the documents in view against the rest of the corpus, or why there is none."""
    analysed = view.analysed
    ids = doc_ids_of(view)
    whole = corpus_word_counts(analysed)
    part = count_index_words(corpus_index(analysed), ids)
    if part.n_docs == 0:
        return pd.DataFrame(), "No article is in view."
    if part.n_docs >= whole.n_docs:
        return pd.DataFrame(), (
            "The filters keep every article, so there is no rest to compare with: narrow them "
            "(a source, a date range, a search) or upload a reference corpus."
        )
    rest = whole.n_docs - part.n_docs
    guard = default_min_docs({"selection": ids, "rest": range(rest)})
    return keyness(part, rest_counts(whole, part), min_docs=guard), None


@cache_data(max_entries=4, ttl=KEPT_FOR, show_spinner="Reading the reference corpus…")
def reference_counts(files: tuple[tuple[str, bytes], ...]) -> tuple[Counts | None, str | None]:
    """The word counts of an uploaded reference corpus, or why it cannot be used."""
    try:
        corpus = load_corpus(list(files), limits=Limits())
    except InputError as error:
        return None, str(error)
    if corpus.documents.empty:
        return None, "None of the reference files could be read as articles."
    return word_counts(corpus.documents["text"].astype(str)), None


@cache_data(max_entries=8)
def reference_keyness(view: View, files: tuple[tuple[str, bytes], ...]):
    """Keyness of the documents in view against the uploaded reference corpus."""
    reference, error = reference_counts(files)
    if reference is None:
        return pd.DataFrame(), error
    part = count_index_words(corpus_index(view.analysed), doc_ids_of(view))
    guard = min(2, part.n_docs) or 1
    return keyness(part, reference, min_docs=guard), None


# --- the section ----------------------------------------------------------------------------------


def words(view: View) -> None:
    """The word list, then the node's collocates, concordance and dispersion, then keyness."""
    if view.documents.empty:
        st.info("No article is in view: widen the filters in the sidebar.")
        return
    index = corpus_index(view.analysed)
    picked = word_list_tool(view)
    st.divider()
    phrase, mention, name = node_picker(view, picked)
    if not (phrase.strip() or mention):
        st.info("Type a word or phrase, pick a term, or click a row of the word list above.")
    else:
        hits = node_hits(view, phrase, mention)
        collocate, left, right = collocates_tool(view, phrase, mention, name)
        shown = hits
        if collocate:
            shown = hits_with_collocate(index, hits, collocate, left=left, right=right)
        concordance_tool(view, shown, name if not collocate else f"{name} + {collocate}")
        dispersion_tool(view, hits, name)
    st.divider()
    keyness_tool(view)


def word_list_tool(view: View) -> str | None:
    """The word or n-gram list, and the term of the row clicked (``None``: no row)."""
    st.subheader("Word and n-gram list")
    n_col, min_col, case_col, stop_col, find_col = st.columns([1, 1, 1, 1, 2])
    n = n_col.selectbox(
        "Words per entry", range(1, MAX_NGRAM + 1), key=key("words_n"), persist_state="page"
    )
    min_freq = min_col.number_input(
        "Minimum frequency", 1, 10_000, 1, key=key("words_min_freq"), persist_state="page"
    )
    case_fold = case_col.checkbox(
        "Fold case", True, key=key("words_case"), persist_state="page", help='"US" = "us"'
    )
    drop_stop = stop_col.checkbox(
        "Drop stop words",
        False,
        key=key("words_stop"),
        persist_state="page",
        help="Stop words are left out; an n-gram may not begin or end with one.",
    )
    find = find_col.text_input(
        "Find in the list",
        key=key("words_find"),
        persist_state="page",
        placeholder="part of a word, e.g. defen",
    )
    table = words_of(view, int(n), bool(case_fold), bool(drop_stop), int(min_freq))
    if find.strip():
        table = table[table["term"].str.contains(find.strip(), case=False, regex=False)]
    running = running_words(corpus_index(view.analysed), doc_ids_of(view))
    st.caption(
        f"{len(table):,} entries in {len(view.documents):,} "
        f"article{'s' * (len(view.documents) != 1)}. Per 1,000 words is of "
        f"their {running:,} running words as this list splits them, stop words included (the "
        f"Overview's {int(view.documents['n_words'].sum()):,} words are counted on a simpler "
        "split). Click a column to sort, a row to see its concordance below."
    )
    shown = table.head(TABLE_ROWS).reset_index(drop=True)
    with st.container(key="words_list"):
        event = st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            height=320,
            key=key("words_table"),
            on_select="rerun",
            selection_mode="single-row",
            column_config={
                "term": st.column_config.TextColumn("Word" if n == 1 else f"{n}-gram"),
                "documents": st.column_config.NumberColumn("Articles (range)"),
                "per_1k_words": st.column_config.NumberColumn("Per 1,000 words", format="%.2f"),
            },
        )
    download(table, "word_list", view, "word_list", what="Word list")
    rows = event.selection.rows if event else []
    return str(shown["term"].iloc[rows[0]]) if rows and rows[0] < len(shown) else None


def node_picker(view: View, picked: str | None) -> tuple[str, str, str]:
    """The node the tools below study: ``(phrase, mention, name)``; a word-list row just
    clicked replaces the typed phrase."""
    state = st.session_state
    if picked and picked != state.get(_PICKED_ROW):
        state[key("words_term")] = picked
        state[key("words_mention")] = TYPED
    state[_PICKED_ROW] = picked
    counts = term_counts(view.for_counts()).head(NODE_CHOICES)
    options = [TYPED] + [
        f"{kind}\t{term}" for kind, term in zip(counts["kind"], counts["term"], strict=True)
    ]
    if state.get(key("words_mention"), TYPED) not in options:
        state[key("words_mention")] = TYPED
    st.subheader("Concordance and collocates")
    typed_col, term_col = st.columns(2)
    phrase = typed_col.text_input(
        "Word or phrase",
        key=key("words_term"),
        placeholder="e.g. air defence",
        help="Matched word by word, case folded, as the word list counts it.",
    )
    mention = term_col.selectbox(
        "…or an analysed entity, keyword or term",
        options,
        key=key("words_mention"),
        format_func=lambda option: (
            "(the word or phrase typed)"
            if option == TYPED
            else f"{option.partition(chr(9))[2]} ({option.partition(chr(9))[0]})"
        ),
        help="Every mention of it, with all its variants (e.g. an entity's other names).",
    )
    name = mention.partition("\t")[2] if mention else phrase.strip()
    return phrase, mention, name


#: Log-likelihood of p = 0.05 (one degree of freedom).
SIGNIFICANT_LL = 3.84


def collocates_tool(view: View, phrase: str, mention: str, name: str) -> tuple[str, int, int]:
    """The node's collocates; returns the collocate clicked (``""``: none) and the window."""
    st.markdown(f"**Collocates of {plain(name)}**")
    left_col, right_col, measure_col, min_col, stop_col = st.columns(5)
    left = left_col.number_input("Words left", 0, 10, 5, key=key("colloc_left"))
    right = right_col.number_input("Words right", 0, 10, 5, key=key("colloc_right"))
    measure = measure_col.selectbox(
        "Measure",
        MEASURES,
        key=key("colloc_measure"),
        format_func={"ll": "log-likelihood", "mi": "MI", "t": "t-score", "logdice": "logDice"}.get,
    )
    min_freq = min_col.number_input(
        "Minimum pair frequency", 1, 1000, 2, key=key("colloc_min_freq")
    )
    drop_stop = stop_col.checkbox("Drop stop words", True, key=key("colloc_stop"))
    table = collocates_of(
        view, phrase, mention, int(left), int(right), str(measure), int(min_freq), bool(drop_stop)
    )
    shown = table.head(TABLE_ROWS).reset_index(drop=True)
    with st.container(key="collocates"):
        event = st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            height=260,
            key=key("colloc_table"),
            on_select="rerun",
            selection_mode="single-row",
            column_config={"score": st.column_config.NumberColumn(format="%.3f")},
        )
    if measure == "ll" and len(shown):
        significant = int((shown["score"] >= SIGNIFICANT_LL).sum())
        st.caption(
            f"{significant:,} of the {len(shown):,} collocates listed reach a log-likelihood of "
            f"{SIGNIFICANT_LL} (p ≤ 0.05); below it a pair is no evidence of attraction."
        )
    download(table, "collocates", view, "collocates", what="Collocates")
    rows = event.selection.rows if event else []
    collocate = str(shown["collocate"].iloc[rows[0]]) if rows and rows[0] < len(shown) else ""
    if not collocate:
        st.caption("Click a collocate to see the concordance of the pair.")
    return collocate, int(left), int(right)


def concordance_tool(view: View, hits: pd.DataFrame, name: str) -> None:
    """The concordance of ``hits``: sorted by the words around the hit, paged, exportable."""
    index = corpus_index(view.analysed)
    st.markdown(f"**Concordance of {plain(name)}: {len(hits):,} hits**")
    sort_col, size_col, page_col = st.columns([3, 1, 1])
    sort = sort_col.multiselect(
        "Sort by the words at",
        CONTEXT_KEYS,
        key=key("kwic_sort"),
        help="L1 is the word just before the hit, R1 the word just after; in the order picked.",
    )
    size = size_col.selectbox(
        "Hits a page", (50, 100, 250, 500), index=1, key=key("kwic_page_size")
    )
    pages = page_count(len(hits), int(size))
    if st.session_state.get(key("kwic_page"), 1) > pages:
        st.session_state[key("kwic_page")] = 1
    page = page_col.number_input(f"Page (of {pages:,})", 1, pages, 1, key=key("kwic_page"))
    documents = view.result.documents
    rows = concordance(
        index, hits, documents, sort=sort, page=int(page), page_size=int(size), term=name
    )
    show_table(
        rows[["left", "match", "right", *CONTEXT_KEYS, "title", "date", "doc_id"]],
        key="concordance",
        column_config={
            "left": st.column_config.TextColumn("Left context", width="large", alignment="right"),
            "match": st.column_config.TextColumn("Hit", alignment="center"),
            "right": st.column_config.TextColumn("Right context", width="large"),
            "title": st.column_config.TextColumn("Article"),
        },
    )

    def whole() -> bytes:
        everything = concordance(
            index, hits, documents, sort=sort, page=1, page_size=max(len(hits), 1), term=name
        )
        parameters = {**view.parameters, "concordance": {"node": name, "sort": sort}}
        return csv_bundle(everything, "concordance", parameters)

    st.download_button(
        "⬇ Concordance (CSV + parameters, every page, in this order)",
        whole,
        file_name="concordance.zip",
        mime="application/zip",
        key="csv_concordance",
        on_click="ignore",
        help="concordance.csv with the parameters.json that produced it, zipped",
    )


def dispersion_tool(view: View, hits: pd.DataFrame, name: str) -> None:
    """Where the node's hits fall in each article, and how evenly it spreads (DP, D)."""
    index = corpus_index(view.analysed)
    st.markdown(f"**Dispersion of {plain(name)}**")
    measures = dispersion_table(index, doc_ids_of(view), terms={name: hits})
    row = measures.iloc[0]
    a, b, c, d = st.columns(4)
    a.metric("Hits", f"{int(row['frequency']):,}")
    b.metric("Articles", f"{int(row['documents']):,} of {len(view.documents):,}")
    c.metric("Gries' DP (0 = even)", "–" if pd.isna(row["dp_norm"]) else f"{row['dp_norm']:.2f}")
    d.metric(
        "Juilland's D (1 = even)", "–" if pd.isna(row["juilland_d"]) else f"{row['juilland_d']:.2f}"
    )
    figure = dispersion_strip(hit_positions(index, hits), view.result.documents, term=name)
    st.plotly_chart(figure, key="chart_dispersion", width="stretch", config={"displaylogo": False})


def keyness_tool(view: View) -> None:
    """What the selection over-uses against the rest of the corpus, or a reference corpus."""
    st.subheader("Keyness of the selection")
    uploaded = st.file_uploader(
        "Reference corpus (optional): .txt files or a .csv with a 'text' column",
        type=REFERENCE_TYPES,
        accept_multiple_files=True,
        key=key("keyness_reference"),
    )
    files = tuple((f.name, f.getvalue()) for f in uploaded or [])
    if files:
        table, problem = reference_keyness(view, files)
        other = "Reference corpus"
    else:
        table, problem = selection_keyness(view)
        other = "Rest of the corpus"
    if problem:
        st.info(problem)
        return
    top = top_keyness(table, 15)
    st.caption(
        f"Words used more in the selection ({n_articles(len(view.documents))}) than in the "
        f"{other.lower()}, and less: log-likelihood (p ≤ 0.05) and Log Ratio, with the document "
        "range guard of Compare."
    )
    st.plotly_chart(
        keyness_figure(top, label_a="Selection", label_b=other),
        key="chart_selection_keyness",
        width="stretch",
        config={"displaylogo": False},
    )
    show_table(table, key="selection_keyness")
    download(table, "selection_keyness", view, "selection_keyness", what="Keyness")
