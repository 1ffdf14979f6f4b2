"""How fast the dashboard answers a filter change, on Reuters-21578 against the seeds (issue 19).

Three figures, printed (none is written into a docstring; see docs/performance.md):

1. **Server time of a filter change**: the app run with Streamlit's ``AppTest`` (the same script,
   caches and widgets as in a browser, no network), the entity types set to a selection not seen
   before in the run (no change answered from a cache an earlier one filled) on the Entities
   tab; the median of the reruns, for Reuters and for the seeds in the same run.
2. **First page of a cached corpus** in a real browser: a Streamlit server on the loopback
   address, headless Debian chromium (``--headless --no-sandbox --disable-gpu``), from opening the
   URL to the first chart painted, after one warm-up visit (the analysis then comes from the
   server's caches, as for every visitor after the first).
3. **Filter change to a painted chart** in that browser: an entity type added in the sidebar
   (NORP, then MISC), until the run finished and the chart is drawn again.

Usage::

    python benchmarks/dashboard_speed.py [--corpus PATH] [--repeats N] [--no-browser]

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


def browser_times(corpus: Path, repeats: int) -> tuple[float, list[float]]:
    """Seconds from opening the page to the first painted chart (corpus cached), and from each
    entity-type change in the sidebar to the chart painted again."""
    from tests import browser_support as bs

    with bs.streamlit_server(corpus, name="dashboard-speed", timeout=600) as server:
        with bs.chromium_page() as page:  # warm-up: analyses (or reads the disk cache) once
            page.goto(server.url, wait_until="domcontentloaded")
            page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=3_600_000)
            bs.wait_idle(page, timeout=3600)
        with bs.chromium_page() as page:
            started = time.perf_counter()
            bs.open_app(page, server)
            first_page = time.perf_counter() - started
            bs.open_tab(page, "Entities")
            chart = page.locator(".st-key-chart_entities .js-plotly-plot")
            chart.wait_for(state="visible")
            changes = []
            for label in ("NORP", "MISC")[:repeats]:  # each adds a type: a view not seen before
                started = time.perf_counter()
                bs.choose(page, "entity_types", label)
                chart.wait_for(state="visible")
                page.wait_for_function(
                    "() => !!document.querySelector('.st-key-chart_entities .main-svg')"
                )
                changes.append(time.perf_counter() - started)
    return first_page, changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--repeats", type=int, default=len(TYPE_SETS))
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
        f"{statistics.median(big_times):.3f} s (of {len(big_times)}), {ratio:.1f}x the seeds'"
    )

    if args.no_browser:
        return 0
    from tests import browser_support as bs

    missing = bs.browser_missing()
    if missing:
        print(f"Browser figures skipped: {missing}")
        return 0
    first_page, changes = browser_times(args.corpus, args.repeats)
    print(
        f"browser: first page of the cached corpus {first_page:.2f} s; filter change to "
        f"painted chart median {statistics.median(changes):.2f} s "
        f"(max {max(changes):.2f} s, of {len(changes)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
