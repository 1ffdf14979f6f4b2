"""Soak (issue 22): hostile visitors and one ordinary visitor on one dashboard server.

Starts ``streamlit run dashboard.py --server.port 8599 --server.headless true`` on 127.0.0.1 only,
then, for ``--duration`` seconds:

- ``--hostile`` browser contexts (Debian's ``/usr/bin/chromium`` through Playwright) open, in
  turn, addresses that took the server down or showed another session's chart (issue 22: a
  pattern that unrolls to billions of elements, catastrophic backtracking, markdown in the search,
  a source that collides with two others in a joined cache key, settings that force
  re-analysis), each page waited for at most ``--page-timeout`` seconds;
- one ordinary visitor keeps loading the seeds page and waits for its first chart, recording the
  latency of each load and what the page shows (the metric values: they must not change);
- the server's resident memory (its process tree, from psutil) is sampled every 0.2 s, and its
  health endpoint is polled, recording the slowest answer.

It reports the ordinary visitor's worst and median latency, the slowest health answer, the
server's peak RSS, whether the ordinary page ever showed an exception or other values, and what
each hostile page showed; ``--json FILE`` also writes these as JSON. Every loop is bounded by
the duration and a count, every wait by a timeout, and the server is stopped on exit; all
traffic goes to 127.0.0.1 (the browser aborts any other address). Without chromium or Playwright
it says why and exits 0. Run from the project root::

    python benchmarks/soak.py [--duration 120] [--hostile 3] [--json soak.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import (  # noqa: E402 - the repository root is put on the path first
    CHROMIUM,
    CHROMIUM_ARGS,
    browser_missing,
    exceptions_shown,
    server_environment,
    stop_process,
    wait_healthy,
    wait_idle,
)

HOST = "127.0.0.1"
PORT = 8599
#: Peak resident memory the server must stay under (issue 22), in bytes.
MEMORY_BOUND = 1.5e9

#: Hostile addresses (path and query), each named; from the probe reported in issue 22.
HOSTILE = [
    ("term regex unrolling to 4e9", "/?term_re=" + quote("(?:x{65535}){65535}")),
    ("search regex unrolling to 4e9", "/?q=" + quote("(?:x{65535}){65535}") + "&q_re=1"),
    ("catastrophic backtracking", "/?q=" + quote("(a|aa)+$") + "&q_re=1"),
    ("nested repeats in a term", "/?term_re=" + quote("(a+)+b")),
    ("markdown image in search", "/?q=" + quote("![x](http://tracker.invalid/p.png)")),
    ("markdown link in search", "/?q=" + quote("[Session expired](http://phish.invalid)")),
    ("sources London and Reuters", "/?source=London&source=Reuters"),
    ("source 'London,Reuters'", "/?source=" + quote("London,Reuters")),
    ("long plain search", "/?q=" + quote("air defence " * 400)),
    ("forced re-analysis (stop words)", "/?stop={n}"),
    ("forced re-analysis (top k)", "/?k={k}"),
]


@dataclass
class Visit:
    """One page load: what was asked, how long it took, and what the page showed."""

    who: str
    what: str
    seconds: float
    ok: bool
    shown: str = ""


@dataclass
class Report:
    """Everything the soak measured."""

    duration_s: float = 0.0
    ordinary: list[Visit] = field(default_factory=list)
    hostile: list[Visit] = field(default_factory=list)
    health_worst_s: float = 0.0
    health_failures: int = 0
    peak_rss_bytes: int = 0
    ordinary_pages_seen: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        latencies = [visit.seconds for visit in self.ordinary]
        return {
            "duration_s": round(self.duration_s, 1),
            "ordinary_loads": len(latencies),
            "ordinary_worst_s": round(max(latencies), 2) if latencies else None,
            # the first load analyses the seeds (nothing cached yet); the rest show the steady state
            "ordinary_worst_after_first_s": round(max(latencies[1:]), 2)
            if len(latencies) > 1
            else None,
            "ordinary_median_s": round(statistics.median(latencies), 2) if latencies else None,
            "ordinary_failures": sum(not visit.ok for visit in self.ordinary),
            "ordinary_pages_differ": len(set(self.ordinary_pages_seen)) > 1,
            "ordinary_page_metrics": self.ordinary_pages_seen[0]
            if self.ordinary_pages_seen
            else "",
            "hostile_loads": len(self.hostile),
            "hostile_unanswered": sum(not visit.ok for visit in self.hostile),
            "health_worst_s": round(self.health_worst_s, 2),
            "health_failures": self.health_failures,
            "peak_rss_mb": round(self.peak_rss_bytes / 1e6),
            "peak_rss_under_1_5_gb": self.peak_rss_bytes < MEMORY_BOUND,
        }


def start_server(log: Path) -> subprocess.Popen:
    """The dashboard on 127.0.0.1:8599 in its own process group (so that stopping it is whole)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.port",
        str(PORT),
        "--server.headless",
        "true",
        "--server.address",
        HOST,
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with log.open("wb") as sink:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=server_environment(None),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def sample_memory(pid: int, stop: threading.Event, report: Report) -> None:
    """Record the peak resident memory of the server and its children until ``stop``."""
    import psutil

    try:
        server = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        total = 0
        with contextlib.suppress(psutil.Error):
            for process in [server, *server.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
        report.peak_rss_bytes = max(report.peak_rss_bytes, total)
        stop.wait(0.2)


def poll_health(url: str, stop: threading.Event, report: Report) -> None:
    """Time ``/_stcore/health`` once a second until ``stop`` (a frozen server stops answering)."""
    while not stop.is_set():
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as response:
                response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            report.health_failures += 1
        report.health_worst_s = max(report.health_worst_s, time.monotonic() - started)
        stop.wait(1.0)


def _loopback_only(route) -> None:
    if route.request.url.startswith((f"http://{HOST}", f"ws://{HOST}", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


def browse(
    who: str,
    url: str,
    addresses,
    until: float,
    page_timeout: float,
    record,
    max_loads: int,
    wait_chart: bool,
) -> None:
    """One visitor in its own browser: load each address from ``addresses`` (an iterator) until
    ``until`` (a monotonic time) or ``max_loads`` loads, and ``record`` each :class:`Visit`.

    A load ends when the app's run is done, and with ``wait_chart`` when its first chart shows
    (a hostile search may rightly leave nothing to chart)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", _loopback_only)
            page = context.new_page()
            page.set_default_timeout(page_timeout * 1000)
            for _, (what, address) in zip(range(max_loads), addresses, strict=False):
                if time.monotonic() >= until:
                    break
                started = time.monotonic()
                try:
                    page.goto(f"{url}{address}", wait_until="domcontentloaded")
                    wait_idle(page, timeout=page_timeout)
                    if wait_chart:
                        page.locator(".js-plotly-plot").first.wait_for(state="visible")
                    shown = " | ".join(exceptions_shown(page))[:300]
                    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
                    record(Visit(who, what, time.monotonic() - started, not shown, shown), metrics)
                except PlaywrightError as error:
                    message = " ".join(str(error).split())[:200]
                    record(Visit(who, what, time.monotonic() - started, False, message), None)
        finally:
            browser.close()


def hostile_addresses(offset: int):
    """The hostile addresses in turn, forever (each visitor starts at another one); the forced
    re-analysis addresses get a new value each time, as an attacker's would."""
    turn = offset
    while True:
        what, address = HOSTILE[turn % len(HOSTILE)]
        yield what, address.format(n=f"w{turn}", k=5 + turn % 40)
        turn += 1


def ordinary_addresses():
    while True:
        yield "seeds page", "/"


def soak(duration: float, hostile: int, page_timeout: float) -> Report:
    report = Report()
    lock = threading.Lock()
    log = Path(tempfile.gettempdir()) / "soak-streamlit.log"
    url = f"http://{HOST}:{PORT}"
    server = start_server(log)
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        if not wait_healthy(url, server, timeout=90):
            raise SystemExit(f"the dashboard did not start; see {log}")
        threads = [
            threading.Thread(target=sample_memory, args=(server.pid, stop, report), daemon=True),
            threading.Thread(target=poll_health, args=(url, stop, report), daemon=True),
        ]

        def ordinary(visit: Visit, metrics: list[str] | None) -> None:
            with lock:
                report.ordinary.append(visit)
                if metrics is not None:
                    report.ordinary_pages_seen.append(json.dumps(metrics))

        def attacker(visit: Visit, _metrics: list[str] | None) -> None:
            with lock:
                report.hostile.append(visit)

        started = time.monotonic()
        until = started + duration
        threads.append(
            threading.Thread(
                target=browse,
                args=(
                    "ordinary",
                    url,
                    ordinary_addresses(),
                    until,
                    page_timeout,
                    ordinary,
                    1000,
                    True,
                ),
            )
        )
        for number in range(hostile):
            addresses = hostile_addresses(number * 3)
            threads.append(
                threading.Thread(
                    target=browse,
                    args=(
                        f"hostile {number + 1}",
                        url,
                        addresses,
                        until,
                        page_timeout,
                        attacker,
                        200,
                        False,
                    ),
                )
            )
        for thread in threads:
            thread.start()
        for thread in threads[2:]:
            thread.join(timeout=duration + 2 * page_timeout + 60)
        report.duration_s = time.monotonic() - started
    finally:
        stop.set()
        stop_process(server)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=120, help="seconds of traffic")
    parser.add_argument("--hostile", type=int, default=3, help="hostile browser contexts")
    parser.add_argument("--page-timeout", type=float, default=60, help="longest wait for a page")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    missing = browser_missing()
    if missing:
        print(f"soak skipped: {missing}")
        return 0
    report = soak(args.duration, args.hostile, args.page_timeout)
    summary = report.summary()
    for key, value in summary.items():
        print(f"{key:>24}: {value}")
    by_kind: dict[str, list[Visit]] = {}
    for visit in report.hostile:
        by_kind.setdefault(visit.what, []).append(visit)
    print("hostile pages (loads, worst seconds, answered, first message):")
    for what, visits in by_kind.items():
        worst = max(visit.seconds for visit in visits)
        answered = sum(visit.ok for visit in visits)
        message = next((visit.shown for visit in visits if visit.shown), "")
        print(f"  {what:<34} {len(visits):>3} {worst:6.1f} s {answered:>3}  {message[:90]}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "summary": summary,
                    "visits": [asdict(v) for v in report.ordinary + report.hostile],
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
