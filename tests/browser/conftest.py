"""Fixtures of the browser tests: one chromium per test (a fresh profile), screenshots on failure.

These tests need /usr/bin/chromium and the `playwright` package: `make test-browser` installs
both when missing and runs them; `make test` does not collect this folder (pyproject's
norecursedirs), and here a missing browser is a failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from tests.browser.support import ARTIFACTS, launch_context, screenshots


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session", autouse=True)
def fresh_artifacts() -> None:
    """Screenshots of this run only."""
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def browser(
    playwright: Playwright, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[BrowserContext]:
    """A headless chromium; on a failed test, a screenshot of each of its pages is kept."""
    context = launch_context(playwright, tmp_path / "profile")
    try:
        yield context
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed and not any(ARTIFACTS.glob("*.png")):
            screenshots()  # a failure outside a served block
        context.close()
