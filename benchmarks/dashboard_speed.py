"""How fast the dashboard answers a filter change, on Reuters-21578 against the seeds (issue 19).

Three figures, printed (none is written into a docstring; see docs/performance.md):

1. **Server time of a filter change**: the app run with Streamlit's ``AppTest`` (the same script,
   caches and widgets as in a browser, no network), the entity types set to a selection not seen
   before in the run (no change answered from a cache an earlier one filled) on the Entities
   tab; the median of the reruns, for Reuters and for the seeds in the same run.
2. **First page of a cached corpus** in a real browser: a Streamlit server on the loopback
   address, headless Debian chromium (``--headless --no-sandbox --disable-gpu``), from opening the
   URL to the first chart painted, after one warm-up visit (the analysis then comes from the
   server's caches, as for every visitor after the first); the median of ``--pages`` visits, each
   in a fresh browser (nothing in its cache).
3. **Filter change to a painted chart** in that browser: an entity type added in the sidebar
   (NORP, then MISC), until the run finished and the chart is drawn again; on each visit after
   the first, the Entities tab is reopened on other types first (:data:`BROWSER_STARTS`), so
   that every change is again a view not seen before in the run. The median of all changes.

For scale, the same run times the first page of a page that holds one small Plotly chart and
nothing else (:data:`ONE_CHART_APP`), opened the same way: what the browser alone needs to load
Streamlit and Plotly on this machine at this moment, whatever the app does.

Usage::

    python benchmarks/dashboard_speed.py [--corpus PATH] [--repeats N] [--pages N] [--no-browser]

The Reuters corpus is read from ``/work/shared/corpora/reuters21578.csv.gz`` unless ``--corpus``
names another; when it is absent the benchmark says so and stops (exit 0). The first run analyses
the corpus (minutes); the per-document cache (``NEWS_EXPLORER_CACHE_DIR``) makes later runs fast.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REUTERS = Path("/work/shared/corpora/reuters21578.csv.gz")
SEEDS = ROOT / "seeds"
APP = str(ROOT / "dashboard.py")
#: The entity types set by successive changes: each a selection not seen before in the run, so
#: that no change is answered from a cache filled by an earlier one.
TYPE_SETS = (
    ["PERSON"],
    ["ORG"],
    ["GPE"],
    ["LOC"],
    ["PERSON", "ORG"],
    ["ORG", "GPE"],
    ["PERSON", "GPE"],
    ["GPE", "LOC"],
    ["PERSON", "LOC"],
    ["ORG", "LOC"],
)
#: Where each browser visit starts its filter changes: the default types, then one type only.
BROWSER_STARTS = (
    "",
    "?tab=entities&type=PERSON",
    "?tab=entities&type=LOC",
    "?tab=entities&type=ORG",
)


#: The page that measures the browser's own share of a first page: one small Plotly chart.
ONE_CHART_APP = """
import plotly.graph_objects as go
import streamlit as st

st.title("One chart")
st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2])))
"""


def server_change_times(corpus: Path, repeats: int) -> tuple[float, list[float]]:
    """Seconds of the first run and of each filter-change rerun of the app on ``corpus``."""
    from streamlit.testing.v1 import AppTest

    os.environ["ANALYSIS_CORPUS"] = str(corpus)
    app = AppTest.from_file(APP, default_timeout=3600)
    started = time.perf_counter()
    app.run()
    first = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(app.exception[0].message)
    app.session_state["section"] = "Entities"
    app.run()
    times = []
    for index in range(repeats):
        app.multiselect(key="entity_types").set_value(TYPE_SETS[index % len(TYPE_SETS)])
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError(app.exception[0].message)
    return first, times


def browser_times(corpus: Path, pages: int) -> tuple[list[float], list[float]]:
    """Seconds from opening the page to the first painted chart (corpus cached), per visit, and
    from each entity-type change in the sidebar to the chart painted again."""
    from tests import browser_support as bs

    with bs.streamlit_server(corpus, name="dashboard-speed", timeout=600) as server:
        with bs.chromium_page() as page:  # warm-up: analyses (or reads the disk cache) once
            page.goto(server.url, wait_until="domcontentloaded")
            page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=3_600_000)
            bs.wait_idle(page, timeout=3600)
        first_pages, changes = [], []
        for start in BROWSER_STARTS[: max(pages, 1)]:
            with bs.chromium_page() as page:
                started = time.perf_counter()
                bs.open_app(page, server)
                first_pages.append(time.perf_counter() - started)
                if start:  # a new session on other entity types (not timed)
                    bs.open_app(page, server, query=start)
                bs.open_tab(page, "Entities")
                chart = page.locator(".st-key-chart_entities .js-plotly-plot")
                chart.wait_for(state="visible")
                for label in ("NORP", "MISC"):  # each adds a type: a view not seen before
                    started = time.perf_counter()
                    bs.choose(page, "entity_types", label)
                    chart.wait_for(state="visible")
                    page.wait_for_function(
                        "() => !!document.querySelector('.st-key-chart_entities .main-svg')"
                    )
                    changes.append(time.perf_counter() - started)
    return first_pages, changes


def one_chart_times(pages: int) -> list[float]:
    """Seconds from opening a page with one small Plotly chart to the chart painted, per visit
    (fresh browsers, after one warm-up visit)."""
    import tempfile

    from tests import browser_support as bs

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "dashboard.py").write_text(ONE_CHART_APP, encoding="utf-8")
        with bs.streamlit_server(root=root, name="one-chart", log_dir=root) as server:
            times = []
            for visit in range(max(pages, 1) + 1):
                with bs.chromium_page() as page:
                    started = time.perf_counter()
                    bs.open_app(page, server)
                    if visit:  # the first visit warms the server up
                        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--repeats", type=int, default=len(TYPE_SETS))
    parser.add_argument("--pages", type=int, default=3, help="browser visits (at most 4)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"Skipped: {args.corpus} is not here (the benchmark needs the Reuters corpus).")
        return 0

    first, seeds_times = server_change_times(SEEDS, args.repeats)
    print(
        f"seeds:   first run {first:6.2f} s; filter change median "
        f"{statistics.median(seeds_times):.3f} s (of {len(seeds_times)})"
    )
    first, big_times = server_change_times(args.corpus, args.repeats)
    ratio = statistics.median(big_times) / statistics.median(seeds_times)
    print(
        f"{args.corpus.name}: first run {first:6.2f} s; filter change median "
        f"{statistics.median(big_times):.3f} s (of {len(big_times)}), {ratio:.2f}x the seeds'"
    )

    if args.no_browser:
        return 0
    from tests import browser_support as bs

    missing = bs.browser_missing()
    if missing:
        print(f"Browser figures skipped: {missing}")
        return 0
    first_pages, changes = browser_times(args.corpus, args.pages)
    alone = one_chart_times(args.pages)
    print(
        f"browser: first page of the cached corpus median {statistics.median(first_pages):.2f} s "
        f"(max {max(first_pages):.2f} s, of {len(first_pages)}); filter change to painted chart "
        f"median {statistics.median(changes):.2f} s (max {max(changes):.2f} s, of {len(changes)})"
    )
    print(
        f"browser: a page with one Plotly chart alone, first page median "
        f"{statistics.median(alone):.2f} s (of {len(alone)}): the browser's share"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
