import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest.boilerplate import (
    recurring_spans,
    remove_spans,
    segments,
    strip_boilerplate,
    universal_spans,
)


@pytest.mark.parametrize(
    ("text", "kind", "removed"),
    [
        (
            "Title here. Facebook Twitter Google+ Whatsapp Tumblr Newsvine Permalink The story.",
            "share_bar",
            "Facebook Twitter Google+ Whatsapp Tumblr Newsvine Permalink",
        ),
        (
            "The minister spoke. READ MORE: Another minister resigns over scandal. He left.",
            "teaser",
            "READ MORE: Another minister resigns over scandal.",
        ),
        ("Write to the reporter at jane.doe@example.com today.", "email", "jane.doe@example.com"),
        (
            "Crowds gathered pic.twitter.com/AbC123xyz in the square.",
            "social_link",
            "pic.twitter.com/AbC123xyz",
        ),
        (
            "Exports grew. (China Daily European Weekly 01/27/2017 page20)",
            "trailer",
            "(China Daily European Weekly 01/27/2017 page20)",
        ),
        (
            "Prices rose. Subscribe to our newsletter for more news. Prices fell.",
            "promo",
            "Subscribe to our newsletter for more news.",
        ),
        (
            "The vote is on Friday. About Us | Contact Us | Privacy Policy | Terms of Service",
            "footer",
            "About Us | Contact Us | Privacy Policy | Terms of Service",
        ),
        ("The story ends.\nCookie Policy\nNext story.", "footer", "Cookie Policy"),
    ],
)
def test_universal_shapes_are_found_inline(text, kind, removed):
    spans = universal_spans(text)
    assert (kind, removed) in [(k, text[s:e]) for s, e, k in spans]
    stripped = remove_spans(text, spans)
    assert removed not in stripped.text
    assert "  " not in stripped.text and stripped.text == stripped.text.strip()
    assert [r.text for r in stripped.removed] == [removed]


@pytest.mark.parametrize(
    "text",
    [
        "Facebook said on Monday that Twitter had copied its design.",  # two names in prose
        "The minister will read more reports on Friday.",
        "More than 50 countries attended the meeting.",
        "Please print this page for the record of the meeting.",
        "Read our privacy policy before you sign, or contact us for help, careers and advice.",
        "He asked for Help. Contact us later, she said.",  # a full stop parts the two labels
    ],
)
def test_prose_is_not_furniture(text):
    assert universal_spans(text) == []


def test_removed_pieces_know_where_they_stood():
    text = "One two. READ MORE: Teaser headline here. Three four."
    stripped = remove_spans(text, universal_spans(text))
    assert stripped.text == "One two. Three four."
    (piece,) = stripped.removed
    assert stripped.text[: piece.start] == "One two. "
    assert stripped.map_offset(text.index("Three")) == stripped.text.index("Three")
    assert stripped.map_offset(text.index("Teaser")) is None


STORIES = [
    "Story about the harbour and its ships, told at length.",
    "A second report on the city budget for next year.",
    "Farmers expect a good harvest after the rain this spring.",
    "The football club signed two new players on loan.",
    "The museum opens a new wing for modern art in May.",
]


def test_a_sentence_recurring_in_one_sources_documents_is_furniture():
    furniture = "Follow our channel on the messenger for the latest news."
    texts = [f"{story} {furniture}" for story in STORIES]
    stripped = strip_boilerplate(texts, ["outlet"] * 5)
    assert [s.text for s in stripped] == STORIES
    assert all(s.removed[0].kind == "recurring" for s in stripped)


@pytest.mark.parametrize(
    "speech",
    [
        '"We must act together on gas storage," Scholz said.',
        "Officials in Washington said wind power was also on the agenda.",
        "The minister told reporters the talks would go on.",
    ],
)
def test_a_recurring_quote_or_attribution_is_content(speech):
    # a wire's running story or a template of releases repeats what someone said
    texts = [f"{story} {speech}" for story in STORIES]
    assert recurring_spans(texts, ["outlet"] * 5) == [[]] * 5


def test_copies_of_a_story_under_different_titles_keep_their_first_sentence():
    # wire copies: the same body under five headlines; its first sentence follows a different
    # title each time, which is no sign of furniture
    body = "Ministers met in Brussels on Thursday. Rutte said that support would continue."
    titles = [f"Headline number {n} about the meeting" for n in range(5)]
    texts = [f"{title}\n{body}" for title in titles]
    protect = [len(title) for title in titles]
    assert recurring_spans(texts, ["wire"] * 5, protect=protect) == [[]] * 5


def test_a_line_in_four_documents_is_not_yet_furniture():
    # Speeches repeat "Thank you very much for your support." in a few releases as content.
    closing = "Thank you very much for your support."
    texts = [f"{story} {closing}" for story in STORIES[:4]]
    assert recurring_spans(texts, ["kremlin.ru"] * 4) == [[], [], [], []]


def test_reprinted_stories_keep_their_text():
    # The same story four times: every sentence recurs, always among the same neighbours.
    story = "The first sentence is here. The second sentence follows it. The third ends it."
    stripped = strip_boilerplate([story] * 4)
    assert [s.text for s in stripped] == [story] * 4


def test_recurrence_is_counted_within_a_source():
    furniture = "Follow our channel on the messenger for the latest news."
    texts = [f"{story} {furniture}" for story in STORIES]
    assert recurring_spans(texts, ["a", "b", "c", "d", "e"]) == [[], [], [], [], []]


def test_a_title_is_never_furniture_and_no_text_is_emptied():
    texts = ["Weather report for today", "Weather report for today", "Weather report for today"]
    stripped = strip_boilerplate(texts, protect=[len(t) for t in texts])
    assert [s.text for s in stripped] == texts


def test_segments_are_lines_and_sentences():
    text = "Title line\nFirst sentence here. Second one! Third?"
    assert [text[s:e] for s, e in segments(text)] == [
        "Title line",
        "First sentence here.",
        "Second one!",
        "Third?",
    ]


@given(st.text(max_size=400))
def test_any_text_strips_without_crash_and_offsets_map(text):
    (stripped,) = strip_boilerplate([text])
    kept = stripped.text
    for piece in stripped.removed:
        assert 0 <= piece.start <= len(kept)
    for offset in range(len(text)):
        mapped = stripped.map_offset(offset)
        if mapped is not None:
            assert kept[mapped] == text[offset]


@given(
    st.lists(
        st.sampled_from(
            [
                "Facebook ",
                "Twitter ",
                "Share ",
                "READ MORE: ",
                "x@y.com ",
                "pic.twitter.com/a ",
                "(page 2)",
                ". ",
                "\n",
                "word ",
            ]
        ),
        max_size=25,
    )
)
def test_furniture_fragments_strip_with_valid_offsets(parts):
    text = "".join(parts)
    stripped = remove_spans(text, universal_spans(text))
    for offset in range(len(text)):
        mapped = stripped.map_offset(offset)
        if mapped is not None:
            assert stripped.text[mapped] == text[offset]


def _plain_universal_spans(text):
    """universal_spans with the plain quick tests it had before its sharper ones: a pattern runs
    when a cue of its shape occurs anywhere in the lower-cased text (a share bar's when two network
    names do)."""
    import re

    from analysis.ingest import boilerplate as module

    lowered = text.lower()
    names = re.compile("|".join(sorted(map(re.escape, module._NETWORKS), key=len, reverse=True)))
    spans = []
    if len(set(names.findall(lowered)) & module._NETWORKS) >= 2:
        spans.extend((start, end, "share_bar") for start, end in module._share_bars(text))
    footer_cues = [label.split()[0] for label in module._FOOTER_ENTRIES]
    for pattern, kind, present in (
        (module._TEASER, "teaser", ":" in text and any(c in lowered for c in module._TEASER_CUES)),
        (module._PROMO, "promo", any(cue in lowered for cue in module._PROMO_CUES)),
        (module._EMAIL, "email", "@" in text),
        (module._SOCIAL_LINK, "social_link", any(h in lowered for h in module._SOCIAL_HOSTS)),
        (module._TRAILER, "trailer", text.rstrip().endswith(")")),
        (module._FOOTER_RUN, "footer", any(cue in lowered for cue in footer_cues)),
    ):
        if present:
            spans.extend((m.start(), m.end(), kind) for m in pattern.finditer(text))
    return sorted(spans)


_FURNITURE_PIECES = [
    "Facebook",
    "Twitter",
    "Google+",
    "google",
    "VK",
    "vkontakte",
    "Permalink",
    "Share",
    "Email",
    "READ MORE",
    "Read\nmore",
    "read  also",
    "MORE",
    "more",
    "Related",
    "Don't miss",
    ":",
    " : ",
    "Subscribe to",
    "©",
    "Privacy Policy",
    "PRIVACY\npolicy",
    "privacy policy",
    "About Us",
    "about us",
    "Help",
    "HELP",
    "Terms & Conditions",
    "Site Map",
    "All rights reserved",
    "|",
    " | ",
    "·",
    "/",
    "-",
    "&",
    "x.com/abc",
    "pic.twitter.com/x1",
    "a@b.org",
    "(Daily page 2)",
    "İ",
    "ı",
    "ſ",
    "ſee also",
    "\u212a",
    "Kiev",
    "story",
    "Minister",
    " ",
    "\n",
    "\n\n",
    ". ",
    "! ",
    "said",
]


@given(st.lists(st.sampled_from(_FURNITURE_PIECES), max_size=14))
def test_sharper_quick_tests_find_what_the_plain_ones_did(pieces):
    """The quick tests before each pattern only save time: universal_spans finds what it found
    with the plain ones."""
    text = "".join(pieces)
    assert universal_spans(text) == _plain_universal_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "Story. Read more ſee also: x",
        "Story. \u212aeep reading. SEE ALSO: The next one.",
        "Story. ſee also: The next one, more.",
        "Story.\nabout us\nAbout Us\n",
        "Story. Privacy\nPolicy | Contact   us",
        "Google Google+ Permalink and more.",
    ],
)
def test_sharper_quick_tests_on_awkward_cases(text):
    assert universal_spans(text) == _plain_universal_spans(text)


_SEGMENT_PIECES = [
    "A",
    "b",
    "7",
    ".",
    "!",
    "?",
    '"',
    "'",
    "”",
    "“",
    ")",
    "(",
    " ",
    "  ",
    "\n",
    "\t",
]


@given(st.lists(st.sampled_from(_SEGMENT_PIECES), max_size=30))
def test_segment_boundaries_are_those_of_the_plain_pattern(pieces):
    import re

    from analysis.ingest import boilerplate as module

    plain = re.compile(r"\n+|(?<=[.!?])[\"'”)]?\s+(?=[\"'“(]?[A-Z0-9])")
    text = "".join(pieces)
    assert [m.span() for m in module._SEGMENT_END.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


def _plain_recurring_spans(texts, groups, protect):
    """recurring_spans as first written: every long segment's documents and neighbours kept."""
    from collections import defaultdict

    from analysis.ingest import boilerplate as module

    size = defaultdict(int)
    for group in groups:
        size[group] += 1
    per_text, documents, contexts = [], defaultdict(set), defaultdict(set)
    for index, (text, group) in enumerate(zip(texts, groups, strict=True)):
        spans = segments(text)
        keys = [" ".join(text[start:end].split()).lower() for start, end in spans]
        per_text.append((spans, keys))
        for position, key in enumerate(keys):
            if len(key.split()) < module.MIN_WORDS:
                continue
            documents[group, key].add(index)
            titled = position and spans[position - 1][1] <= protect[index]  # no neighbour
            before = keys[position - 1] if position and not titled else ""
            after = keys[position + 1] if position + 1 < len(keys) else ""
            contexts[group, key].add((before, after))
    result = []
    for index, (spans, keys) in enumerate(per_text):
        group = groups[index]
        needed = max(module.MIN_DOCUMENTS, module.MIN_SHARE * size[group])
        result.append(
            [
                span
                for span, key in zip(spans, keys, strict=True)
                if span[0] >= protect[index]
                and len(documents.get((group, key), ())) >= needed
                and len(contexts[group, key]) >= module.MIN_CONTEXTS
                and not module._REPORTED_SPEECH.search(key)
            ]
        )
    return result


_LINES = [
    "Subscribe for the daily briefing of our news.",
    "Follow the latest news on our channel now.",
    "The minister met his counterpart today.",
    "Talks went on.",
    "Prices of grain rose again this week.",
]


@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_LINES), max_size=6), st.sampled_from("ab")),
        max_size=14,
    )
)
def test_recurring_spans_are_those_of_the_plain_count(documents):
    texts = ["\n".join(lines) for lines, _ in documents]
    groups = [group for _, group in documents]
    protect = [len(text) % 7 for text in texts]
    assert recurring_spans(texts, groups, protect=protect) == _plain_recurring_spans(
        texts, groups, protect
    )
