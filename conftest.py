"""Suite-wide pytest hooks."""

import os

import pytest

# Reports of tests marked `browser`, gathered as they come so that the checks below do not
# depend on the terminal reporter being present.
_browser_skips: list = []
_browser_seconds: list[float] = []


def pytest_runtest_logreport(report):
    if "browser" not in report.keywords:
        return
    _browser_seconds.append(report.duration)
    if report.skipped:
        _browser_skips.append(report)


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped browser test is a failure: the journeys must really run."""
    if not os.environ.get("HIMOYA_FAIL_ON_BROWSER_SKIP") or not _browser_skips:
        return
    message = f"{len(_browser_skips)} browser test(s) skipped: failing the run"
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_line(message)
    else:
        print(message)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    """How long the browser journeys took, setup and teardown included (for CI notes)."""
    if _browser_seconds:
        terminalreporter.write_line(f"browser tests: {sum(_browser_seconds):.1f} s in total")
