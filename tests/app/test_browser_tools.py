"""The Words tool, the group comparison and the duplicates view in a real browser (Chromium).

An analyst's path through each: type a word and read its concordance, click a row of the word
list, compare the two sources, open the planted cluster of copies and count each story once.
Screenshots land in ``tests/artifacts/``. Skipped like ``tests/app/test_browser.py`` where the
browser is missing (helpers: ``tests/browser_support.py``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser_support as bs
from tests.conftest import SEED_IDS, SEEDS

pytestmark = pytest.mark.browser


def type_into(page, key: str, text: str) -> None:
    """Type ``text`` into the text input with ``key`` and wait for the rerun."""
    box = bs.widget(page, key).locator("input").first

    def enter() -> None:
        box.fill(text)
        box.press("Enter")

    bs.rerun(page, enter)


def click_first_row(page, container_key: str) -> None:
    """Click the selection cell of the first row of the data frame inside ``container_key``
    (the grid is a canvas: the click goes to where the row is drawn)."""
    grid = page.locator(f".st-key-{container_key} [data-testid='stDataFrame']").first
    grid.wait_for(state="visible")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    bs.rerun(page, lambda: page.mouse.click(box["x"] + 18, box["y"] + 35 + 17))


@pytest.fixture(scope="module")
def seeds_app(browser_ready) -> Iterator[bs.Server]:
    with bs.streamlit_server(name="streamlit-tools") as server:
        yield server


@pytest.fixture(scope="module")
def copies_app(browser_ready, tmp_path_factory) -> Iterator[bs.Server]:
    """The app on the seeds plus two copies of the first seed (one edited)."""
    folder: Path = tmp_path_factory.mktemp("copies")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder)
    text = (SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8")
    (folder / "zz_copy.txt").write_text(text, encoding="utf-8")
    (folder / "zz_edited.txt").write_text(text + "\nThe agency added this line.\n", "utf-8")
    with bs.streamlit_server(folder, name="streamlit-copies") as server:
        yield server


def test_the_words_tool_in_a_browser(page, seeds_app) -> None:
    from playwright.sync_api import expect

    bs.open_app(page, seeds_app)
    panel = bs.open_tab(page, "Words")
    expect(page.locator(".st-key-words_list [data-testid='stDataFrame']")).to_be_visible()
    expect(panel).to_contain_text("entries in 5 articles")
    type_into(page, "words_term", "NATO")
    bs.no_exceptions(page, seeds_app, "typing a node")
    expect(panel).to_contain_text("Concordance of NATO:")
    expect(panel).to_contain_text("Collocates of NATO")
    expect(page.locator(".st-key-concordance [data-testid='stDataFrame']")).to_be_visible()
    expect(page.locator(".st-key-collocates [data-testid='stDataFrame']")).to_be_visible()
    # The concordance sorted by the word right of the hit; dispersion and keyness beside it.
    bs.choose(page, "kwic_sort", "R1")
    bs.no_exceptions(page, seeds_app, "sorting the concordance by R1")
    expect(bs.widget(page, "kwic_sort")).to_contain_text("R1")
    expect(panel).to_contain_text("Dispersion of NATO")
    expect(panel).to_contain_text("Gries' DP")
    expect(page.locator(".st-key-chart_dispersion")).to_be_visible()
    expect(panel).to_contain_text("Keyness of the selection")
    bs.save_full_page(page, bs.ARTIFACTS / "words-nato.png")
    # The first row of the list (the most frequent word) becomes the node.
    click_first_row(page, "words_list")
    bs.no_exceptions(page, seeds_app, "clicking a word-list row")
    expect(bs.widget(page, "words_term").locator("input")).to_have_value("the")
    expect(panel).to_contain_text("Concordance of the:")
    # A collocate clicked: the pair's concordance.
    click_first_row(page, "collocates")
    bs.no_exceptions(page, seeds_app, "clicking a collocate")
    expect(panel).to_contain_text("Concordance of the +")


def test_the_group_comparison_in_a_browser(page, seeds_app) -> None:
    from playwright.sync_api import expect

    bs.open_app(page, seeds_app)
    panel = bs.open_tab(page, "Groups")
    bs.no_exceptions(page, seeds_app, "opening Groups")
    expect(panel).to_contain_text("Source: NATO")
    expect(page.locator(".st-key-groups_summary [data-testid='stDataFrame']")).to_be_visible()
    expect(page.locator(".st-key-chart_group_presence .js-plotly-plot")).to_be_visible()
    texts = page.locator(".st-key-chart_group_presence .js-plotly-plot svg text")
    assert "NATO" in texts.all_text_contents()
    bs.rerun(page, lambda: bs.widget(page, "groups_passages").locator("label").first.click())
    bs.no_exceptions(page, seeds_app, "finding shared passages")
    expect(panel).to_contain_text("Passages shared by each pair of groups")
    bs.save_full_page(page, bs.ARTIFACTS / "groups.png")


def test_the_duplicates_view_and_counting_once_in_a_browser(page, copies_app) -> None:
    from playwright.sync_api import expect

    bs.open_app(page, copies_app)
    panel = bs.open_tab(page, "Duplicates")
    bs.no_exceptions(page, copies_app, "opening Duplicates")
    expect(panel).to_contain_text("Folded when counting once")
    expect(panel).to_contain_text("3 of 7")
    click_first_row(page, "dup_clusters")
    bs.no_exceptions(page, copies_app, "opening a cluster")
    expect(panel).to_contain_text("Cluster 1: 3 articles")
    expect(panel).to_contain_text("What differs")
    bs.save_full_page(page, bs.ARTIFACTS / "duplicates.png")
    bs.rerun(page, lambda: bs.widget(page, "count_once").locator("label").first.click())
    bs.no_exceptions(page, copies_app, "counting each story once")
    assert "once=1" in page.url
    expect(panel).to_contain_text("Counting each story once: 5 articles in every tab.")


def test_a_click_on_the_spike_timeline_explains_that_period_in_a_browser(page, seeds_app) -> None:
    from playwright.sync_api import expect

    bs.open_app(page, seeds_app, "?tab=time&period=month")
    panel = bs.open_tab(page, "Over time")
    expect(panel).to_contain_text("Explain a spike")
    points = page.locator(".st-key-chart_spikes .js-plotly-plot .scatterlayer path.point")
    points.last.wait_for(state="visible")
    points.last.scroll_into_view_if_needed()  # the mouse works in the viewport's coordinates
    page.wait_for_timeout(300)
    box = points.last.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly takes the clicked point from the hover it drew first
    page.wait_for_timeout(500)
    bs.rerun(page, lambda: page.mouse.click(x, y))
    bs.no_exceptions(page, seeds_app, "clicking a point of the spike timeline")
    expect(panel).to_contain_text("2024-11: 1 article, compared with")
    expect(page.locator(".st-key-chart_spike_drivers .js-plotly-plot")).to_be_visible()
