"""Suite-wide pytest hooks."""

import os

import pytest

# The xdist group (`--dist loadgroup`) whose tests run one after another in one worker.
SERIAL_GROUP = "serial"

# Reports of tests marked `browser`, gathered as they come so that the checks below do not
# depend on the terminal reporter being present.
_browser_skips: list = []
_browser_seconds: list[float] = []


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Tajik).

    A request through the test client activates its page's language in the worker's
    thread and leaves it active; without this, a test's `reverse()` would build a /ru/
    address whenever a Russian page ran before it in the same worker.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


def _transactional_kind(item) -> tuple[bool, bool]:
    """(flushes the database, restores the migrations' snapshot) for one test."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase), bool(getattr(cls, "serialized_rollback", False))
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    fixtures = getattr(item, "fixturenames", ())
    flushes = bool(kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )
    restores = bool(kwargs.get("serialized_rollback")) or (
        "django_db_serialized_rollback" in fixtures
    )
    return flushes, restores


def pytest_itemcollected(item):
    """Under pytest-xdist (`make test`), tests that flush the database run in one worker,
    in the order below: a snapshot-restoring test after a flushing one in the same worker
    would fail, and they are the browser journeys and thread tests, one at a time."""
    if _transactional_kind(item)[0]:
        item.add_marker(pytest.mark.xdist_group(SERIAL_GROUP))


def _deselect_once_on_postgresql(config, items) -> None:
    """Tests marked `once` (the browser sweep) run on SQLite only: `make test` runs the
    suite twice, the second time on PostgreSQL (TEST_DATABASE_URL), and the pages they
    check do not depend on the database. Deselected, not skipped: CI fails on a skipped
    browser test."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    once = [item for item in items if item.get_closest_marker("once")]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if not item.get_closest_marker("once")]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run snapshot-restoring transactional tests before the other transactional ones.

    A transactional test without serialized rollback flushes with post_migrate, which
    re-creates content types under new ids; a snapshot-restoring test after it then fails
    on the content types' unique key. pytest-django has already put the transactional tests
    after the others; this keeps them together and only moves the restoring ones first.
    """
    _deselect_once_on_postgresql(config, items)
    kinds = [_transactional_kind(item) for item in items]
    flushing = [i for i, (flushes, _restores) in enumerate(kinds) if flushes]
    if not flushing:
        return
    start = flushing[0]
    restoring = [items[i] for i in flushing if kinds[i][1]]
    others = [items[i] for i in flushing if not kinds[i][1]]
    rest = [item for i, item in enumerate(items[start:], start) if not kinds[i][0]]
    items[start:] = restoring + others + rest


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
