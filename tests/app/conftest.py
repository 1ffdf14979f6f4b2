"""Fixtures of the browser tests: a Chromium page, or a skip (a failure with REQUIRE_BROWSER=1)."""

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
