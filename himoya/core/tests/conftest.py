"""Fixtures for the browser journeys: Chromium through Playwright, and a neutral exit site.

Chromium is Debian's (/usr/bin/chromium); Playwright never downloads a browser of its own.
Without Chromium every browser test skips with a reason, and the suite's conftest turns those
skips into a failure when HIMOYA_FAIL_ON_BROWSER_SKIP is set (CI).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from himoya.core.tests.browser import CHROMIUM_ARGS, CHROMIUM_PATH, VIEWPORTS, Shooter

NEUTRAL_PAGE = (
    b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Weather</title></head>"
    b"<body><h1>Weather</h1><p>Sunny, 24 degrees.</p></body></html>"
)


class _NeutralHandler(BaseHTTPRequestHandler):
    """Any path answers with the same harmless weather page."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(NEUTRAL_PAGE)))
        self.end_headers()
        self.wfile.write(NEUTRAL_PAGE)

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="session")
def neutral_site():
    """Base URL of a neutral page on another 127.0.0.1 port: where quick exit leads."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NeutralHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def quick_exit_url(settings, neutral_site):
    """Point the quick-exit button at the neutral site for this test."""
    url = f"{neutral_site}/weather"
    settings.HIMOYA_QUICK_EXIT_URL = url
    return url


def _serialized_contents() -> dict:
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


def _restore_serialized_contents(contents: dict) -> None:
    from django.db import connections

    for alias, value in contents.items():
        connections[alias]._test_serialized_contents = value


# Other apps' browser tests import these fixtures into their modules, which makes pytest
# hold one "session" chromium per module; Playwright's sync API can run only once per
# process, so every such fixture shares the first browser started.
_RUNNING: dict = {}


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    """One headless Chromium for the whole run; each test gets its own context."""
    if "browser" in _RUNNING:
        yield _RUNNING["browser"]
        return
    if not Path(CHROMIUM_PATH).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM_PATH}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, and from then on
    # Django hands out new database connection objects (asgiref's Local switches storage).
    # Those lack the snapshot that serialized rollback restores the reference data from,
    # so it is carried over; otherwise every journey after the first finds no districts.
    contents = _serialized_contents()
    playwright = sync_playwright().start()
    _restore_serialized_contents(contents)
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )
    _RUNNING["browser"] = browser
    yield browser
    _RUNNING.clear()
    browser.close()
    playwright.stop()


def _new_page(chromium, viewport_name: str):
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport_name],
        is_mobile=viewport_name == "phone",
        has_touch=viewport_name == "phone",
        device_scale_factor=1,
        locale="tg-TJ",
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture(params=["phone", "desktop"])
def page(request, chromium):
    """A fresh browser tab, once on a 360x740 phone and once on a desktop screen."""
    context, tab = _new_page(chromium, request.param)
    yield tab
    context.close()


@pytest.fixture
def phone_page(chromium):
    context, tab = _new_page(chromium, "phone")
    yield tab
    context.close()


@pytest.fixture
def shoot(request):
    """shoot(page, "step") saves a numbered screenshot under var/screenshots/."""
    return Shooter(request.node.name)
