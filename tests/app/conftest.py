"""Fixtures of the app tests: a Chromium page, or a skip (a failure with REQUIRE_BROWSER=1); the
session's ``__main__`` put back after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import browser_support as bs


@pytest.fixture(scope="module")
def browser_ready() -> None:
    """Skip (or, with ``REQUIRE_BROWSER=1``, fail) where the browser cannot run."""
    missing = bs.browser_missing()
    if missing is None:
        return
    if bs.browser_required():
        pytest.fail(f"{bs.REQUIRE_VARIABLE}=1 but {missing}", pytrace=False)
    pytest.skip(f"browser test skipped: {missing}")


@pytest.fixture
def page(browser_ready) -> Iterator:
    """A 1400 x 1000 Chromium page that fails the test if the page opens any dialog."""
    with bs.chromium_page(width=1400, height=1000) as page:
        dialogs: list[str] = []

        def refuse(dialog) -> None:
            dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", refuse)
        yield page
        assert dialogs == [], f"the page opened dialogs: {dialogs}"


@pytest.fixture(autouse=True)
def _main_module_restored() -> Iterator[None]:
    """Put back the test session's ``__main__`` after each test: an AppTest run installs its
    script as ``__main__`` and leaves it there, and a process pool started afresh later in the
    session (spawn, or Dask's workers) would run that script, or fail on a temporary file gone."""
    import sys

    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
