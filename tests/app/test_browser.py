"""The dashboard in a real browser: headless Debian Chromium driven by Playwright.

What only a browser shows: the page draws its charts, a filter in the sidebar reshapes them, the
comparison renders, and untrusted document text (titles, bodies, file names, sources) reaches the
page as text, never as markup that runs. Screenshots land in ``tests/artifacts/`` (gitignored).

Skipped where ``/usr/bin/chromium`` or the ``playwright`` package is missing, unless
``REQUIRE_BROWSER=1`` (CI), where that is a failure. Helpers: ``tests/browser_support.py``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser_support as bs

pytestmark = pytest.mark.browser

SEEDS = bs.ROOT / "seeds"


# --- the harness itself (no browser needed) ---------------------------------------------------------


def test_a_missing_chromium_is_named(tmp_path) -> None:
    absent = tmp_path / "chromium"
    assert bs.browser_missing(absent) == f"{absent} is not installed (apt-get install chromium)"


@pytest.mark.parametrize(
    ("value", "required"),
    [("1", True), ("true", True), ("yes", True), ("", False), ("0", False), ("false", False)],
)
def test_require_browser_variable(monkeypatch, value: str, required: bool) -> None:
    monkeypatch.setenv(bs.REQUIRE_VARIABLE, value)
    assert bs.browser_required() is required


def test_server_runs_on_the_loopback_with_the_chosen_corpus(monkeypatch) -> None:
    monkeypatch.setenv(bs.CORPUS_VARIABLE, "/somewhere/else")
    assert bs.CORPUS_VARIABLE not in bs.server_environment(None)  # the seeds, whatever the shell
    assert bs.server_environment(Path("/corpus"))[bs.CORPUS_VARIABLE] == "/corpus"
    command = bs.server_command(8765)
    assert command[1:5] == ["-m", "streamlit", "run", "dashboard.py"]
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.port") + 1] == "8765"


def test_a_server_that_cannot_start_is_reported_with_its_log(tmp_path) -> None:
    with (
        pytest.raises(RuntimeError, match=r"(?s)did not start in 1 attempts.*dashboard\.py"),
        bs.streamlit_server(root=tmp_path, log_dir=tmp_path, timeout=30, attempts=1),
    ):
        pass


def metric(page, label: str):
    """The value element of the ``st.metric`` called ``label``."""
    box = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True))
    return box.locator('[data-testid="stMetricValue"]')


def chart_labels(page, key: str) -> list[str]:
    """The texts (axis labels, legend, title) of the plotly chart drawn with ``key``."""
    return page.locator(f".st-key-{key} .js-plotly-plot svg text").all_text_contents()


def similarity_shown(value: float) -> re.Pattern:
    """The word "Similarity" followed (as a metric or inline) by ``value`` to 2 or 3 places."""
    return re.compile(rf"Similarity\D{{0,80}}?({value:.2f}|{value:.3f})")


def assert_highlights_styled(container, where: str) -> None:
    """Highlighted text carries the app's colours: the CSS reached the page as a style sheet (not
    as visible text) and no highlight is left in the browser's default yellow."""
    from playwright.sync_api import expect

    expect(container).not_to_contain_text("{ border-radius")
    colours = container.locator("mark.hl").evaluate_all(
        "marks => marks.map(mark => getComputedStyle(mark).backgroundColor)"
    )
    assert colours, f"{where}: nothing highlighted"
    assert "rgb(255, 255, 0)" not in colours, f"{where}: highlights without the app's styles"


# --- issue 6: the dashboard works in a browser ------------------------------------------------------

FIRST, SECOND, THIRD = "000_e40460accf1b4fc2", "001_b25c6842de4ecec4", "002_292ca219b9857f86"


@pytest.fixture(scope="module")
def seed_facts(browser_ready) -> dict:
    """What the page must show on the seeds, as the library computes it: titles, word counts of
    all seeds and of the NATO one, and the similarity of two pairs."""
    from analysis import analyze, load_corpus
    from analysis.query.compare import compare_documents

    result = analyze(load_corpus(SEEDS))
    documents = result.documents
    return {
        "titles": dict(zip(documents["doc_id"], documents["title"], strict=True)),
        "words": f"{documents['n_words'].sum():,}",
        "nato_words": f"{documents.loc[documents['source'] == 'NATO', 'n_words'].sum():,}",
        "evidence": dict(zip(documents["doc_id"], documents["date_evidence"], strict=True)),
        "similarity": {
            (a, b): compare_documents(documents, result.mentions, a, b).summary["similarity"]
            for a, b in [(FIRST, THIRD), (FIRST, SECOND)]
        },
    }


@pytest.fixture
def seeds_app(browser_ready) -> Iterator[bs.Server]:
    """The app served on the bundled seeds (no ``ANALYSIS_CORPUS``)."""
    with bs.streamlit_server(name="streamlit-seeds") as server:
        yield server


def test_dashboard_in_a_real_browser(page, seeds_app, seed_facts) -> None:
    from playwright.sync_api import expect

    bs.open_app(page, seeds_app)
    bs.no_exceptions(page, seeds_app, "first load")

    # The overview: all five seeds, from two sources (one article says "Source: NATO").
    expect(metric(page, "Documents")).to_have_text("5 of 5")
    expect(metric(page, "Words")).to_have_text(seed_facts["words"])
    assert {"NATO", "(no source)"} <= set(chart_labels(page, "chart_overview"))
    bs.save_full_page(page, bs.ARTIFACTS / "overview.png")

    # The entities chart names the people of both years.
    bs.open_tab(page, "Entities")
    page.locator(".st-key-chart_entities .js-plotly-plot").wait_for(state="visible")
    people = set(chart_labels(page, "chart_entities"))
    assert {"Mark Rutte", "Jens Stoltenberg", "Yoav Gallant", "Rustem Umerov"} <= people

    # A source filter in the sidebar narrows every section to the one NATO article (2024), and
    # goes into the URL.
    bs.choose(page, "sources", "NATO")
    bs.no_exceptions(page, seeds_app, "after filtering on a source")
    assert bs.selected_tab(page) == "Entities", "a filter change switched the tab"
    assert "source=NATO" in page.url
    people = set(chart_labels(page, "chart_entities"))
    assert {"Mark Rutte", "Rustem Umerov"} <= people
    assert not {"Jens Stoltenberg", "Yoav Gallant"} & people
    bs.open_tab(page, "Overview")
    expect(metric(page, "Documents")).to_have_text("1 of 5")
    expect(metric(page, "Words")).to_have_text(seed_facts["nato_words"])
    overview = set(chart_labels(page, "chart_overview"))
    assert "NATO" in overview
    assert "(no source)" not in overview
    bs.save_full_page(page, bs.ARTIFACTS / "overview-nato.png")

    # The comparison: the first seed with the third, then with the second.
    titles, similarity = seed_facts["titles"], seed_facts["similarity"]
    panel = bs.open_tab(page, "Compare")
    bs.choose(page, "compare_a", titles[FIRST][:40], exact=False)
    bs.choose(page, "compare_b", titles[THIRD][:40], exact=False)
    expect(panel).to_contain_text(similarity_shown(similarity[FIRST, THIRD]))
    expect(panel.locator(".js-plotly-plot").first).to_be_visible()
    bs.no_exceptions(page, seeds_app, "comparing the first and third seeds")
    bs.choose(page, "compare_b", titles[SECOND][:40], exact=False)
    expect(panel).to_contain_text(similarity_shown(similarity[FIRST, SECOND]))
    texts = panel.locator(".hl-doc")  # analysis.highlight's wrapper of a highlighted text
    expect(
        texts.filter(has_text=titles[FIRST]).first
    ).to_be_visible()  # a text opens with its title
    expect(texts.filter(has_text=titles[SECOND]).first).to_be_visible()
    assert_highlights_styled(panel, "the comparison")
    bs.no_exceptions(page, seeds_app, "comparing the first and second seeds")
    bs.save_full_page(page, bs.ARTIFACTS / "compare.png")


# --- issue 9: document text never runs as code ------------------------------------------------------

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2;alert(2)">'
MARKED_NAME = '<b onmouseover="window.__xss=3">Olaf Scholz</b>'
JS_LINK = "[read more](javascript:window.__xss=5)"
PAYLOAD_FILE = "<svg onload=window.__xss=7>"  # a file stem becomes the document id
PAYLOAD_SOURCE = '<i onclick="window.__xss=8">Wire</i>'

HOSTILE_TITLE = f"Ministers meet {SCRIPT} in Brussels {IMG}"
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

Defence minister {MARKED_NAME} met Rustem Umerov of Ukraine at NATO Headquarters in Brussels on
Thursday. The ministers discussed air defence {SCRIPT} and ammunition {IMG} for Ukraine.

{JS_LINK} about the <iframe src="javascript:window.__xss=6"></iframe> meeting of NATO ministers.
"""
NORMAL_TEXT = """NATO ministers agree on air defence for Ukraine

NATO Secretary General Mark Rutte welcomed Rustem Umerov to Brussels on Thursday. Ministers agreed
to send more air defence systems and ammunition to Ukraine before the winter.
"""


def write_hostile_corpus(folder: Path) -> Path:
    """Two articles with markup in title, text, file name and source, and one normal story."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / f"{PAYLOAD_FILE}.txt").write_text(
        f"{IMG} Olaf Scholz in Berlin\n\nOlaf Scholz met {MARKED_NAME} in Berlin on Friday "
        "to talk about air defence for Ukraine.\n",
        encoding="utf-8",
    )
    (folder / "normal.txt").write_text(NORMAL_TEXT, encoding="utf-8")
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as sidecar:
        rows = csv.writer(sidecar)
        rows.writerow(["id", "title", "date", "source"])
        rows.writerow(["hostile", HOSTILE_TITLE, "2024-10-17", PAYLOAD_SOURCE])
        rows.writerow(["normal", NORMAL_TEXT.splitlines()[0], "2024-10-18", "NATO"])
    return folder


@pytest.fixture
def hostile_app(browser_ready, tmp_path) -> Iterator[bs.Server]:
    """The app served on the hostile corpus (``ANALYSIS_CORPUS`` points to it)."""
    corpus = write_hostile_corpus(tmp_path / "corpus")
    with bs.streamlit_server(corpus, name="streamlit-hostile") as server:
        yield server


#: Elements or attributes through which the payloads could have become live.
LIVE_MARKUP = """() => {
    const found = [];
    for (const node of document.querySelectorAll('*')) {
        const tag = node.tagName.toLowerCase();
        if (['script', 'iframe', 'object', 'embed'].includes(tag)
                && (node.textContent + (node.getAttribute('src') || '')).includes('__xss')) {
            found.push(tag);
        }
        for (const attribute of node.attributes) {
            const value = attribute.value.trim().toLowerCase();
            if ((attribute.name.startsWith('on') && value.includes('__xss'))
                    || (['href', 'src', 'action', 'formaction'].includes(attribute.name)
                        && value.startsWith('javascript:'))) {
                found.push(`${tag}[${attribute.name}=${attribute.value}]`);
            }
        }
    }
    return found;
}"""


def assert_inert(page, server: bs.Server, where: str) -> None:
    """No payload ran, none became live markup, and the app raised nothing."""
    assert page.evaluate("() => typeof window.__xss") == "undefined", f"{where}: a payload ran"
    assert page.evaluate(LIVE_MARKUP) == [], f"{where}: live markup from a document"
    bs.no_exceptions(page, server, where)


def test_document_payloads_never_execute(page, hostile_app) -> None:
    from playwright.sync_api import expect

    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    bs.open_app(page, hostile_app)
    expect(metric(page, "Documents")).to_have_text("3 of 3")
    assert_inert(page, hostile_app, "first load")

    # Hover over the charts, where labels and tooltips carry document text.
    for name in ["Overview", "Keywords", "Entities", "Over time", "Problems"]:
        panel = bs.open_tab(page, name)
        for chart in panel.locator(".js-plotly-plot").all():
            chart.hover()
        assert_inert(page, hostile_app, f"the {name} tab")

    # The reader shows the hostile article's markup as text, highlighted with the app's colours.
    panel = bs.open_tab(page, "Search & read")
    bs.choose(page, "reader_doc", "hostile", exact=False)
    assert bs.selected_tab(page) == "Search & read", "picking an article switched the tab"
    assert_inert(page, hostile_app, "the reader")
    reader = panel.locator(".hl-doc").first  # analysis.highlight's wrapper of the text
    for payload in [SCRIPT, IMG, MARKED_NAME, JS_LINK]:
        expect(reader).to_contain_text(payload)
    expect(panel).to_contain_text(HOSTILE_TITLE)
    for mark in reader.locator("mark").all()[:20]:
        mark.hover()
    assert_highlights_styled(panel, "the reader")
    assert_inert(page, hostile_app, "the reader")

    # The document whose file name is markup, and a search that matches markup.
    bs.choose(page, "reader_doc", PAYLOAD_FILE, exact=False)
    expect(reader).to_contain_text(MARKED_NAME)
    search = bs.widget(page, "search").locator("input")
    bs.rerun(page, lambda: (search.fill("onerror"), search.press("Enter")))
    expect(panel).to_contain_text(re.compile(r"\bin 2 (articles|documents)"))
    assert_inert(page, hostile_app, "a search for markup")

    # The comparison puts both hostile texts side by side, then the hostile source as a group.
    panel = bs.open_tab(page, "Compare")
    bs.choose(page, "compare_a", HOSTILE_TITLE, exact=False)
    bs.choose(page, "compare_b", PAYLOAD_FILE, exact=False)
    texts = panel.locator(".hl-doc")
    expect(texts.filter(has_text=SCRIPT).first).to_be_visible()
    expect(texts.filter(has_text=f"Olaf Scholz met {MARKED_NAME}").first).to_be_visible()
    expect(panel).to_contain_text(re.compile(r"Similarity\D{0,80}?\d\.\d\d"))
    for mark in panel.locator("mark").all()[:20]:
        mark.hover()
    assert_highlights_styled(panel, "comparing the two hostile articles")
    assert_inert(page, hostile_app, "comparing the two hostile articles")
    bs.save_full_page(page, bs.ARTIFACTS / "hostile-compare.png")
    bs.choose(page, "compare_a", PAYLOAD_SOURCE, exact=False)
    bs.choose(page, "compare_b", NORMAL_TEXT.splitlines()[0], exact=False)
    expect(panel).to_contain_text(re.compile(r"Similarity\D{0,80}?\d\.\d\d"))
    assert_inert(page, hostile_app, "comparing the hostile source with a normal story")
    assert page_errors == [], f"errors in the page: {page_errors}"


# --- issue 19: the analyst's own corpus, every tab, the URL restoring the view --------------------

SCREENSHOTS = bs.ROOT / "docs" / "screenshots"
#: The tabs walked (and photographed for the README), in the page's order.
WALKED_TABS = ("Overview", "Keywords", "Entities", "Over time", "Search & read", "Compare")


def write_upload_zip(path: Path, n: int = 40, undated: int = 15) -> Path:
    """A zip of ``n`` short articles with a metadata.csv: the first ``undated`` have no date,
    the others fall on days of 2019 and 2020 (a gap of months between them); two sources."""
    import zipfile

    rows = ["id,title,date,source"]
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(n):
            archive.writestr(
                f"story{i:02d}.txt",
                f"Harbour report {i}\n\nMinister Anna Berg met Olaf Lind of Nordport in Oslo on "
                f"the harbour plan. Berg said the harbour needs {i + 2} new cranes and Lind "
                f"said Nordport would pay EUR {i + 1} million.\n",
            )
            day = "" if i < undated else f"{2019 + i % 2}-03-{1 + i % 5:02d}"
            rows.append(f"story{i:02d},Harbour report {i},{day},{'Wire' if i % 2 else 'Post'}")
        archive.writestr("metadata.csv", "\n".join(rows) + "\n")
    return path


def photograph(page, name: str) -> None:
    """The window as a small palette PNG in ``docs/screenshots/`` (referenced by the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.mouse.move(1380, 140)
    page.wait_for_timeout(800)  # plotly's transitions
    page.screenshot(path=str(path))
    bs.shrink_png(path, colours=128)


def test_the_analysts_path_on_the_seeds_every_tab_and_the_url(page, seeds_app, seed_facts) -> None:
    from playwright.sync_api import expect

    bs.open_app(page, seeds_app)
    for tab in WALKED_TABS:
        panel = bs.open_tab(page, tab)
        bs.no_exceptions(page, seeds_app, f"the {tab} tab")
        charts = panel.locator(".js-plotly-plot")
        if charts.count():
            charts.first.wait_for(state="visible")
        if tab == "Over time":
            labels = chart_labels(page, "chart_timeline")
            assert not [label for label in labels if re.fullmatch(r"\d\d:\d\d", label)]
        if tab == "Search & read":
            # The reader (on the first seed) marks the text that stated its date (issue 18).
            date_mark = panel.locator(".hl-doc mark.hl-date")
            expect(date_mark).to_have_text(seed_facts["evidence"][FIRST])
            expect(date_mark).to_be_visible()
            assert date_mark.get_attribute("title").startswith("publication date (")
        photograph(page, tab.lower().replace(" & ", "-").replace(" ", "-"))

    # Compare two documents, then reopen the page's address in a new page: same tab, same sides.
    titles = seed_facts["titles"]
    panel = bs.open_tab(page, "Compare")
    bs.choose(page, "compare_a", titles[FIRST][:40], exact=False)
    bs.choose(page, "compare_b", titles[THIRD][:40], exact=False)
    bs.choose(page, "entity_types", "NORP")
    link = page.url
    assert "tab=compare" in link and "a=" in link and "b=" in link
    page.goto("about:blank")
    page.goto(link, wait_until="domcontentloaded")
    bs.wait_idle(page)
    assert bs.selected_tab(page) == "Compare"
    for side, doc_id in (("compare_a", FIRST), ("compare_b", THIRD)):
        picked = bs.widget(page, side).get_by_role("combobox").first.input_value()
        assert titles[doc_id][:30] in picked, (side, picked)
    expect(bs.widget(page, "entity_types")).to_contain_text("NORP")
    assert "focus=" not in page.url  # never chosen, never written


def test_an_uploaded_zip_of_40_articles_is_counted_whole(page, seeds_app, tmp_path) -> None:
    from playwright.sync_api import expect

    bs.open_app(page, seeds_app)
    upload = write_upload_zip(tmp_path / "harbour.zip")
    bs.rerun(
        page,
        lambda: bs.widget(page, "uploads").locator("input[type=file]").set_input_files(str(upload)),
        timeout=300,
    )
    page.locator(".js-plotly-plot").first.wait_for(state="visible")
    bs.no_exceptions(page, seeds_app, "after the upload")
    # Every article counted, the 15 undated ones included; nothing says a filter hides any.
    expect(metric(page, "Documents")).to_have_text("40 of 40")
    expect(page.get_by_text("15 undated", exact=False)).to_be_visible()
    expect(page.get_by_text("Showing", exact=False)).to_have_count(0)
    photograph(page, "upload-overview")
    assert "corpus=" in page.url

    # A source filter reshapes every tab, and the page says how many articles it leaves out.
    bs.choose(page, "sources", "Wire")
    expect(metric(page, "Documents")).to_have_text("20 of 40")
    expect(page.get_by_text("other sources: 20", exact=False)).to_be_visible()
    for tab in WALKED_TABS[1:]:
        bs.open_tab(page, tab)
        bs.no_exceptions(page, seeds_app, f"the {tab} tab of the upload")
    bs.rerun(page, page.get_by_role("button", name="↺ Reset filters").click)
    bs.open_tab(page, "Overview")
    expect(metric(page, "Documents")).to_have_text("40 of 40")

    # The link made on the upload, opened afresh: it says the corpus must be uploaded again.
    link = page.url
    page.goto("about:blank")
    page.goto(link, wait_until="domcontentloaded")
    bs.wait_idle(page)
    expect(page.get_by_text("uploaded corpus", exact=False).first).to_be_visible()
