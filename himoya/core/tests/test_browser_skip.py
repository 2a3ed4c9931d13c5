"""CI must not pass with the browser journeys skipped.

Runs one journey in a child pytest with Chromium pointed at a missing path: the journey
skips, and with HIMOYA_FAIL_ON_BROWSER_SKIP set the suite's conftest hook fails the run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(settings.BASE_DIR)
JOURNEYS = "himoya/core/tests/test_browser_journeys.py"


def run_journeys_without_chromium(fail_on_skip: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "HIMOYA_CHROMIUM": "/nonexistent/chromium"}
    # The child uses an in-memory SQLite database, never the parent's test database.
    env.pop("TEST_DATABASE_URL", None)
    env.pop("DATABASE_URL", None)
    env.pop("HIMOYA_FAIL_ON_BROWSER_SKIP", None)
    if fail_on_skip:
        env["HIMOYA_FAIL_ON_BROWSER_SKIP"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-k", "test_caseworker_signs_in", JOURNEYS],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_skipped_browser_tests_fail_the_run_in_ci():
    result = run_journeys_without_chromium(fail_on_skip=True)
    output = result.stdout + result.stderr
    assert "Chromium not found at /nonexistent/chromium" in output, output
    assert "browser test(s) skipped: failing the run" in output, output
    assert result.returncode == 1, output


def test_skipped_browser_tests_are_only_reported_outside_ci():
    result = run_journeys_without_chromium(fail_on_skip=False)
    output = result.stdout + result.stderr
    assert "2 skipped" in output, output
    assert result.returncode == 0, output
