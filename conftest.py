"""Suite-wide pytest hooks."""

import os

import pytest


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped browser test is a failure: the journeys must really run."""
    if not os.environ.get("HIMOYA_FAIL_ON_BROWSER_SKIP"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    browser_skips = [r for r in skipped if "browser" in getattr(r, "keywords", {})]
    if browser_skips:
        reporter.write_line(f"{len(browser_skips)} browser test(s) skipped: failing the run")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
