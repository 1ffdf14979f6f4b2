"""Drive the real dashboard in Debian's Chromium: a Streamlit server, a Playwright page, waits.

The browser tests (``tests/test_browser.py``) and the README screenshot both use these helpers.
Nothing here downloads anything: Playwright's Python wheel carries its driver, and the browser is
the system's ``/usr/bin/chromium``. Every wait is bounded, and every server started is stopped.

Make the README screenshot from the real app with::

    python -m tests.browser_support screenshot [--tab Entities] [--out docs/screenshot.png]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOT = ROOT / "docs" / "screenshot.png"
CHROMIUM = Path("/usr/bin/chromium")
#: Headless Chromium as root on a closed network: no sandbox, no GPU, nothing phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Upper bound of one wait, in seconds: the first analysis of a corpus takes a few seconds, and
#: the machine running the tests may be busy.
WAIT_S = 90
#: Environment variable that makes the browser tests fail, instead of skip, without a browser.
REQUIRE_VARIABLE = "REQUIRE_BROWSER"
#: The environment variable the app reads to open another corpus.
CORPUS_VARIABLE = "ANALYSIS_CORPUS"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# --- can the browser tests run here? ---------------------------------------------------------------


def browser_missing(chromium: Path | None = None) -> str | None:
    """Why the browser tests cannot run on this machine, or ``None`` when they can.

    Both the system Chromium (``chromium``, by default :data:`CHROMIUM`) and the ``playwright``
    package are needed; ``playwright install`` is never the answer (it downloads a browser).
    """
    chromium = chromium or CHROMIUM
    if not (chromium.is_file() and os.access(chromium, os.X_OK)):
        return f"{chromium} is not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def browser_required() -> bool:
    """True where the browser tests must run rather than skip (CI sets ``REQUIRE_BROWSER=1``)."""
    return os.environ.get(REQUIRE_VARIABLE, "").strip() not in ("", "0", "false", "no")


# --- the Streamlit server --------------------------------------------------------------------------


def free_port() -> int:
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running ``streamlit run dashboard.py``: where to reach it and where it logs."""

    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output without terminal colours, for failure messages."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(_ANSI.sub("", text).splitlines()[-lines:])


def server_command(port: int) -> list[str]:
    """The command line that serves the dashboard headless on ``port`` of the loopback only."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def server_environment(corpus: Path | None) -> dict[str, str]:
    """This process's environment with ``ANALYSIS_CORPUS`` set to ``corpus``, or removed so that
    the app opens on the bundled seeds whatever the caller's shell says."""
    env = dict(os.environ)
    env.pop(CORPUS_VARIABLE, None)
    if corpus is not None:
        env[CORPUS_VARIABLE] = str(corpus)
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = WAIT_S) -> bool:
    """Poll ``/_stcore/health`` until it answers ``ok``; False if the server died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    return False


def stop_process(process: subprocess.Popen, grace: float = 10) -> None:
    """Stop a server started by :func:`streamlit_server` and whatever it spawned (its own process
    group): SIGTERM, then SIGKILL after ``grace`` seconds."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)


@contextlib.contextmanager
def streamlit_server(
    corpus: Path | None = None,
    *,
    name: str = "streamlit",
    root: Path | None = None,
    log_dir: Path = ARTIFACTS,
    timeout: float = WAIT_S,
    attempts: int = 3,
) -> Iterator[Server]:
    """Serve ``root/dashboard.py`` (``root`` defaults to the repository) on a free loopback port,
    on ``corpus`` (the bundled seeds when None).

    Yields once ``/_stcore/health`` says ok; always stops the server on exit. A port taken between
    choosing and binding it is retried on another port (``attempts`` in all). The server's output
    goes to ``log_dir/<name>.log`` (overwritten by the next run of the same name).
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    failure = ""
    for _ in range(attempts):
        port = free_port()
        log = log_dir / f"{name}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                server_command(port),
                cwd=root or ROOT,
                env=server_environment(corpus),
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so that stopping it is complete
            )
        server = Server(url=f"http://127.0.0.1:{port}", process=process, log=log)
        try:
            if wait_healthy(server.url, process, timeout):
                yield server
                return
            failure = server.log_tail()
        finally:
            stop_process(process)
    raise RuntimeError(f"Streamlit did not start in {attempts} attempts:\n{failure}")


# --- the browser -----------------------------------------------------------------------------------


def _loopback_only(route) -> None:
    """Let the page reach the local server and nothing else (the network is closed anyway; an
    aborted request fails at once instead of hanging)."""
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


@contextlib.contextmanager
def chromium_page(width: int = 1400, height: int = 1000) -> Iterator[Page]:
    """A Playwright page in headless ``/usr/bin/chromium`` with a ``width`` x ``height`` window.

    Every Playwright wait on the page defaults to :data:`WAIT_S`; the browser is closed on exit.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=WAIT_S * 1000
        )
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            context.route("**/*", _loopback_only)
            page = context.new_page()
            page.set_default_timeout(WAIT_S * 1000)
            yield page
        finally:
            browser.close()


# --- waits and actions -----------------------------------------------------------------------------

_APP = '[data-testid="stApp"]'
_IDLE = f'{_APP}[data-test-script-state="notRunning"]'


def wait_idle(page: Page, timeout: float = WAIT_S) -> None:
    """Wait until the app's script run has finished (Streamlit marks it on ``stApp``) and no
    element is still shown stale from the previous run."""
    page.wait_for_selector(_IDLE, state="attached", timeout=timeout * 1000)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-stale=\"true\"]').length === 0",
        timeout=timeout * 1000,
    )


#: Records, in ``window.__runs``, every script run the app starts from now on (the attribute
#: Streamlit sets on ``stApp`` leaves "notRunning"), so that a run too quick to poll is not missed.
_WATCH_RUNS = """() => {
    window.__runs = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => {
        if (app.getAttribute('data-test-script-state') !== 'notRunning') window.__runs += 1;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def rerun(page: Page, action: Callable[[], None], timeout: float = WAIT_S) -> None:
    """Do ``action`` (a widget change) and wait for the rerun it triggers to finish.

    An action that changes nothing (picking the option already picked) triggers no run: the wait
    for one to start gives up after 3 seconds.
    """
    page.evaluate(_WATCH_RUNS)
    action()
    with contextlib.suppress(Exception):
        page.wait_for_function("() => window.__runs > 0", timeout=3000)
    wait_idle(page, timeout)


def open_app(page: Page, server: Server, query: str = "") -> None:
    """Open the app and wait until its first run (which analyses the corpus) is done and the
    charts of the first tab are drawn."""
    page.goto(f"{server.url}/{query}", wait_until="domcontentloaded")
    page.wait_for_selector(_APP, state="attached")
    wait_idle(page)
    shown = exceptions_shown(page)
    if shown:  # fail now with the reason, rather than after waiting in vain for a chart
        raise AssertionError(
            f"the app raised on its first run:\n{shown}\n--- server log ---\n{server.log_tail()}"
        )
    page.locator(".js-plotly-plot").first.wait_for(state="visible")


def exceptions_shown(page: Page) -> list[str]:
    """The texts of the exception boxes Streamlit draws for an uncaught error in the script."""
    return page.locator('[data-testid="stException"]').all_inner_texts()


def widget(page: Page, key: str):
    """The container of the widget with ``key`` (Streamlit renders it as class ``st-key-<key>``)."""
    return page.locator(f".st-key-{key}")


def open_tab(page: Page, name: str):
    """Click the tab called ``name``, wait for the run that draws its section (only the section
    on screen is computed), and return its (visible) panel; the outermost one where the section
    has tabs of its own."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.get_attribute("aria-selected") != "true":
        rerun(page, tab.click)
    panel = page.locator('[data-testid="stTabPanel"]:visible').first
    panel.wait_for(state="visible")
    return panel


def selected_tab(page: Page) -> str:
    """The name of the tab shown (the outermost tab bar's selected tab)."""
    return page.locator('[data-testid="stTab"][aria-selected="true"]').first.inner_text().strip()


def choose(page: Page, key: str, option: str, exact: bool = True) -> None:
    """Pick ``option`` in the multiselect or selectbox with ``key`` and wait for the rerun.

    The option's text is typed into the widget first (it filters the list, so a long list need not
    be scrolled), and a menu that did not open on the click is opened with the arrow key. With
    ``exact=False`` the first option whose label contains ``option`` (any case) is picked, which
    survives labels that gain a prefix, a suffix or an ellipsis.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = widget(page, key).locator("input").first
    choice = page.get_by_role("option", name=option, exact=exact).first

    def pick() -> None:
        box.click()
        box.press_sequentially(option[:40])
        try:
            choice.wait_for(state="visible", timeout=3000)
        except PlaywrightTimeout:
            box.press("ArrowDown")
        choice.click()
        page.keyboard.press("Escape")

    rerun(page, pick)


def save_full_page(page: Page, path: Path) -> Path:
    """Screenshot the whole page at its full height.

    Streamlit scrolls its main area inside the window, so Playwright's ``full_page`` sees only the
    window: the window is stretched to the content for the shot, then restored.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate(
        """() => Math.max(...['stMain', 'stSidebarContent', 'stAppViewContainer']
            .map(id => document.querySelector(`[data-testid="${id}"]`))
            .filter(Boolean).map(node => node.scrollHeight))"""
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 600), 12000)})
    try:
        page.wait_for_timeout(500)  # plotly redraws on resize
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


# --- the README screenshot -------------------------------------------------------------------------


def shrink_png(path: Path, colours: int = 256) -> int:
    """Rewrite a PNG with a ``colours``-colour palette (screenshots of flat UI lose nothing
    visible) and return its new size in bytes."""
    from PIL import Image

    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT)
    palette.save(path, optimize=True)
    return path.stat().st_size


def take_readme_screenshot(
    out: Path = SCREENSHOT, tab: str = "Entities", root: Path | None = None
) -> Path:
    """Serve the app on the seeds and screenshot ``tab`` at 1400 x 900 into ``out`` (a palette
    PNG, well under the README's 400 KB budget)."""
    with (
        tempfile.TemporaryDirectory() as logs,
        streamlit_server(root=root, log_dir=Path(logs)) as server,
        chromium_page(width=1400, height=900) as page,
    ):
        open_app(page, server)
        panel = open_tab(page, tab)
        for chart in panel.locator(".js-plotly-plot").all():
            chart.wait_for(state="visible")
        page.mouse.move(1380, 140)  # off the charts and the sidebar: no hover effects
        page.wait_for_timeout(1000)  # plotly's transitions
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
    shrink_png(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.browser_support screenshot [--tab NAME] [--out PATH]``."""
    parser = argparse.ArgumentParser(prog="python -m tests.browser_support")
    commands = parser.add_subparsers(dest="command", required=True)
    shot = commands.add_parser("screenshot", help="screenshot the app on the seeds for the README")
    shot.add_argument("--out", type=Path, default=SCREENSHOT)
    shot.add_argument("--tab", default="Entities", help="the tab to show (default: Entities)")
    shot.add_argument("--root", type=Path, default=None, help="folder holding dashboard.py")
    args = parser.parse_args(argv)
    missing = browser_missing()
    if missing:
        parser.exit(1, f"cannot take a screenshot: {missing}\n")
    path = take_readme_screenshot(args.out, args.tab, args.root)
    print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def no_exceptions(page: Page, server: Server, where: str) -> None:
    """Assert the app drew no exception box; show the server's log when it did."""
    shown = exceptions_shown(page)
    assert shown == [], f"{where}: the app raised\n{shown}\n--- server log ---\n{server.log_tail()}"
