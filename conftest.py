"""Browser tests: skipped, visibly, where no Chromium is installed.

With ONEX_REQUIRE_BROWSER=1 (set by .ci/run) a browser test that is skipped, or
a run in which no browser test ran at all, fails.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")


def chromium_path() -> str | None:
    explicit = os.environ.get("ONEX_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_required() -> bool:
    return os.environ.get("ONEX_REQUIRE_BROWSER", "").strip() in {"1", "true", "yes"}


NO_CHROMIUM = "browser tests skipped: no Chromium installed (apt-get install chromium, or set ONEX_CHROMIUM)"
_ran_browser_tests = 0
_collected_browser_tests = 0


def pytest_report_header(config: pytest.Config) -> str:
    path = chromium_path()
    if path:
        return f"browser tests: Chromium at {path}"
    if browser_required():
        return "browser tests: REQUIRED (ONEX_REQUIRE_BROWSER=1) but no Chromium is installed"
    return NO_CHROMIUM


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    global _collected_browser_tests
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    _collected_browser_tests = len(browser_items)
    if chromium_path() or browser_required():
        return
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    global _ran_browser_tests
    report: pytest.TestReport = yield
    if not item.get_closest_marker("browser"):
        return report
    if report.when == "call" and not report.skipped:
        _ran_browser_tests += 1
    if report.skipped and browser_required():
        report.outcome = "failed"
        report.longrepr = f"ONEX_REQUIRE_BROWSER=1: browser test skipped ({report.longrepr!r})"
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _collected_browser_tests and not chromium_path() and not browser_required():
        terminalreporter.write_line(f"*** {NO_CHROMIUM} ***", yellow=True, bold=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if browser_required() and _ran_browser_tests == 0 and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("ONEX_REQUIRE_BROWSER=1 but no browser test ran: failing the run.", red=True, bold=True)


@pytest.fixture(autouse=True)
def _fresh_page_frames():
    """Each test starts with no kept back-office frames: ids repeat from test to test."""
    from onex.core.pages import frame_forget

    frame_forget()
    yield
