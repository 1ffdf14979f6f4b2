"""Groups: 2 to 8 groups of the articles in view side by side, each against the others.

The analyst picks groups by source, by month or article by article; per group the page shows
the words, keywords and entities it over-uses against the rest (one-vs-rest keyness with the
range guard), which entities each group mentions (a presence matrix) and, on request, the
passages each pair of groups shares. A click on a bar or a cell lists its sentences.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from analysis.present.charts import CUSTOMDATA_FIELDS, clicked_points
from analysis.present.group_charts import group_top_items, presence_matrix
from analysis.query.corpus_index import phrase_hits
from analysis.query.groups import (
    KEYNESS_KINDS,
    MAX_GROUPS,
    MIN_GROUPS,
    GroupComparison,
    compare_many,
    group_passages,
    passage_counts,
    select_groups,
)
from analysis.query.keyness import required_range
from app.caching import cache_data
from app.drill import download, show_mentions, show_table
from app.params import key
from app.sections.compare.sides import document_label, n_documents
from app.sections.words import corpus_index, hits_as_mentions, index_word_counts
from app.selection import View

#: What each kind of over-used item is called on the page.
KIND_NAMES = {"word": "Words", "keyword": "Keywords", "entity": "Entities"}


#: Small numbers as words, for the range rule ("1 in a one-article group").
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def range_rule(min_docs: int) -> str:
    """The range guard in words, as :func:`analysis.query.keyness.required_range` applies it:
    "at least 2 of the group's articles (1 in a one-article group)"."""
    smaller = [
        f"{required_range(min_docs, size)} in a "
        + (
            f"{_NUMBER_WORDS[size - 1]}-article"
            if size <= len(_NUMBER_WORDS)
            else f"{size}-article"
        )
        + " group"
        for size in range(1, min_docs)
    ]
    exceptions = f" ({', '.join(smaller)})" if smaller else ""
    return f"at least {min_docs:,} of the group's articles{exceptions}"


def outside_groups(documents: pd.DataFrame, specs: list[str], grouped: Mapping) -> str | None:
    """Which articles in view the chosen groups leave out, said on the page (``None`` if none):
    undated articles are in no month group; the rest are in no group picked."""
    in_groups = {str(doc_id) for ids in grouped.values() for doc_id in ids}
    ids = documents["doc_id"].astype(str)
    outside = ~ids.isin(in_groups)
    if not outside.any():
        return None
    undated = outside & (documents["date"].fillna("").astype(str) == "")
    months = any(spec.startswith("from=") for spec in specs)
    parts = []
    if months and undated.any():
        n = int(undated.sum())
        parts.append(f"{n:,} undated article{'s are' if n != 1 else ' is'} in no month group")
    rest = int(outside.sum()) - (int(undated.sum()) if parts else 0)
    if rest:
        parts.append(
            f"{rest:,} {'other ' if parts else ''}article{'s are' if rest != 1 else ' is'} "
            "in none of the groups picked"
        )
    return (
        f"{'; '.join(parts)}: {int(outside.sum()):,} of the {len(documents):,} articles in view "
        "are left out of this comparison."
    )


def overlapping_groups(grouped: Mapping, labels: Mapping[str, str]) -> str | None:
    """Which chosen groups share articles, said on the page (``None`` if none share any): a
    source and a month of it overlap. Each group is compared with the other groups' articles
    it does not hold itself (``analysis.query.groups.rest_of``), so nothing is counted on both
    sides, but a source set against one of its own months compares unlike things."""
    members = {spec: {str(doc_id) for doc_id in ids} for spec, ids in grouped.items()}
    specs = list(members)
    shared = [
        (labels.get(a, a), labels.get(b, b), len(members[a] & members[b]))
        for i, a in enumerate(specs)
        for b in specs[i + 1 :]
        if members[a] & members[b]
    ]
    if not shared:
        return None
    counts: dict[str, int] = {}
    for ids in members.values():
        for doc_id in ids:
            counts[doc_id] = counts.get(doc_id, 0) + 1
    n = sum(1 for number in counts.values() if number > 1)
    pairs = "; ".join(f"{a} and {b} share {k:,}" for a, b, k in shared[:3])
    more = f" (and {len(shared) - 3} more pairs)" if len(shared) > 3 else ""
    return (
        f"The groups overlap: {n:,} article{'s are' if n != 1 else ' is'} in more than one "
        f"group ({pairs}{more}). Each group is compared with the other groups' articles that "
        "it does not hold itself, so a shared article counts for neither side of that pair: "
        "pick groups of one kind (sources, or months) to compare like with like."
    )


def group_choices(documents: pd.DataFrame) -> dict[str, str]:
    """Selectors of the groups on offer (``analysis.query.selection`` syntax) to their labels:
    every source (the largest first), every month, then every article, in that order."""
    choices: dict[str, str] = {}
    sources = documents["source"].fillna("").astype(str).value_counts()
    for source in sorted(sources.index, key=lambda source: (-int(sources[source]), source)):
        choices[f"source={source}"] = (
            f"Source: {source or '(no source)'} · {n_documents(int(sources[source]))}"
        )
    months = documents["date"].fillna("").astype(str).str[:7]
    for month, size in sorted(months[months != ""].value_counts().items()):
        choices[f"from={month}-01,to={month}-31"] = f"Month: {month} · {n_documents(int(size))}"
    titles = documents["title"].fillna("").astype(str)
    for doc_id, title in zip(documents["doc_id"].astype(str), titles, strict=True):
        choices[doc_id] = f"Article: {document_label(doc_id, title)}"
    return choices


def default_groups(choices: Mapping[str, str]) -> list[str]:
    """The groups shown at first: the 8 largest sources when there are at least 2 (all of them
    up to 8), else the first 8 months, else the first two articles."""
    for prefix in ("source=", "from="):
        picked = [spec for spec in choices if spec.startswith(prefix)]
        if len(picked) >= MIN_GROUPS:
            return picked[:MAX_GROUPS]
    return list(choices)[:MIN_GROUPS]


@cache_data(max_entries=8)
def comparison(view: View, specs: tuple[str, ...]) -> tuple[GroupComparison | None, str | None]:
    """The groups of ``specs`` compared (passages left for :func:`passages`), or why not."""
    try:
        groups = select_groups(view.documents, list(specs))
    except ValueError as error:
        return None, str(error)
    analysed = view.analysed
    return (
        compare_many(
            view.documents,
            view.mentions,
            groups,
            passages=False,
            count_words=lambda ids: index_word_counts(analysed, ids),
        ),
        None,
    )


@cache_data(max_entries=4, show_spinner="Aligning the passages the groups share…")
def passages(view: View, specs: tuple[str, ...]) -> pd.DataFrame:
    """The passages each pair of groups shares."""
    return group_passages(view.documents, select_groups(view.documents, list(specs)))


def groups(view: View) -> None:
    """Pick the groups; then each group's over-used items, entity presence, shared passages."""
    if len(view.documents) < MIN_GROUPS:
        st.info("At least two articles must be in view to compare groups: widen the filters.")
        return
    choices = group_choices(view.documents)
    state = st.session_state
    picked = [spec for spec in state.get(key("groups")) or [] if spec in choices]
    state[key("groups")] = picked or default_groups(choices)
    specs = st.multiselect(
        f"Groups to compare ({MIN_GROUPS} to {MAX_GROUPS})",
        list(choices),
        key=key("groups"),
        format_func=lambda spec: choices.get(spec, spec),
        max_selections=MAX_GROUPS,
        help="Sources, months or single articles of the filtered view; each group is compared "
        "with the articles of the other groups.",
    )
    if len(specs) < MIN_GROUPS:
        st.info(f"Pick at least {MIN_GROUPS} groups.")
        return
    result, problem = comparison(view, tuple(specs))
    if result is None:
        st.warning(problem)
        return
    labels = {spec: choices[spec].rsplit(" · ", 1)[0] for spec in specs}
    summary = result.summary.assign(group=result.summary["group"].map(labels))
    show_table(summary, key="groups_summary")
    left_out = outside_groups(view.documents, specs, result.groups)
    if left_out:
        st.info(left_out)
    overlap = overlapping_groups(result.groups, labels)
    if overlap:
        st.warning(overlap)
    st.caption(
        f"An item is over-used by a group when it occurs in {range_rule(result.min_docs)} and "
        "more often, per running word, than in the other groups' articles "
        "(log-likelihood, p ≤ 0.05, bars show Log Ratio)."
    )
    kind = (
        st.segmented_control(
            "Over-used",
            KEYNESS_KINDS,
            default="word",
            key=key("groups_kind"),
            format_func=KIND_NAMES.get,
        )
        or "word"
    )
    top = result.top(kind, 10).assign(group=lambda frame: frame["group"].map(labels))
    clicked_chart(view, result, labels, group_top_items(top), "chart_group_items")
    download(result.keyness, "group_keyness", view, "group_keyness", what="Keyness per group")
    presence = result.presence.assign(group=lambda frame: frame["group"].map(labels))
    clicked_chart(
        view,
        result,
        labels,
        presence_matrix(presence, title="Entities per group"),
        "chart_group_presence",
    )
    download(result.presence, "group_presence", view, "group_presence", what="Entity presence")
    shared_passages(view, specs, labels)


def clicked_chart(
    view: View, result: GroupComparison, labels: Mapping[str, str], figure, chart_key: str
) -> None:
    """Draw a group figure; a click on a bar or cell lists that item's sentences in that group."""
    event = st.plotly_chart(
        figure,
        key=chart_key,
        on_select="rerun",
        selection_mode=("points",),
        width="stretch",
        config={"displaylogo": False},
    )
    selection = event["selection"] if event else None
    points = clicked_points(selection)
    raw = (selection or {}).get("points") or []
    if not points or not raw:
        st.caption("Click a bar or a cell to read its sentences in that group.")
        return
    point, data = points[0], raw[0].get("customdata") or []
    by_label = {label: spec for spec, label in labels.items()}
    group = str(data[len(CUSTOMDATA_FIELDS)]) if len(data) > len(CUSTOMDATA_FIELDS) else ""
    ids = result.groups.get(by_label.get(group, group), [])
    term, kind = point.get("term", ""), point.get("kind", "")
    if kind == "word":
        hits = phrase_hits(corpus_index(view.analysed), term, ids)
        mentions = hits_as_mentions(hits, term)
    else:
        rows = view.mentions[view.mentions["doc_id"].isin(ids)]
        mentions = rows[(rows["kind"] == kind) & (rows["term"] == term)]
    with st.container(border=True):
        show_mentions(mentions, view, key=f"{chart_key}_kwic", title=f"{term} in {group}")


def shared_passages(view: View, specs: list[str], labels: Mapping[str, str]) -> None:
    """On request, the passages each pair of groups shares and how many."""
    if not st.toggle(
        "Find the passages the groups share",
        key=key("groups_passages"),
        help="Sentences one group reuses from another, exactly or lightly edited (slower).",
    ):
        return
    table = passages(view, tuple(specs))
    table = table.assign(group_a=table["group_a"].map(labels), group_b=table["group_b"].map(labels))
    counts = passage_counts(table, [labels[spec] for spec in specs])
    st.markdown("**Passages shared by each pair of groups**")
    st.dataframe(counts, width="stretch")
    show_table(table, key="groups_passages_table")
    download(table, "group_passages", view, "group_passages", what="Shared passages")
