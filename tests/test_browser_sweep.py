"""Accessibility and fit, checked in Chromium over every page of the URL list.

axe-core runs over every GET page of the access walk's URL list (browser_sweep.py: each
fetched as a user allowed to see it, with the walk's records) at 1280 px in Tajik, and
over the public pages and the main staff pages in Tajik, Russian and English at 360 px:
any serious or critical violation fails, with the page, the rule and the elements. No
page may be wider than the window at 360 or 1280 px (the widest element is named).

The sweep runs once per suite: `make test` runs it on SQLite and deselects it on the
second run, on PostgreSQL (the `once` marker, see conftest.py); the pages are the same.
"""

import time

import pytest
from django.test import Client as DjangoClient

from himoya.core.tests import conftest as browser_fixtures
from himoya.core.tests.browser import VIEWPORTS
from tests.browser_sweep import (
    PREFIXES,
    SweepData,
    Visitor,
    axe_violations,
    main_pages,
    overflow,
    sweep_pages,
)

chromium = browser_fixtures.chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.once,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Tabs:
    """One browser tab per (user, screen), signed in by a session cookie, reused."""

    def __init__(self, chromium, live_server):
        self.chromium, self.live_server = chromium, live_server
        self.tabs = {}

    def __call__(self, visitor, screen: str):
        key = (visitor, screen)
        if key not in self.tabs:
            context = self.chromium.new_context(
                viewport=VIEWPORTS[screen],
                is_mobile=screen == "phone",
                has_touch=screen == "phone",
                device_scale_factor=1,
            )
            context.set_default_timeout(15_000)
            if visitor.user is not None:
                client = DjangoClient()
                visitor.sign_in(client)
                context.add_cookies(
                    [
                        {
                            "name": "sessionid",
                            "value": client.cookies["sessionid"].value,
                            "url": self.live_server.url,
                        }
                    ]
                )
            self.tabs[key] = context.new_page()
        return self.tabs[key]

    def close(self):
        for tab in self.tabs.values():
            tab.context.close()


@pytest.fixture
def tabs(chromium, live_server):
    opened = Tabs(chromium, live_server)
    yield opened
    opened.close()


def visit(tab, url: str) -> int:
    response = tab.goto(url)
    return response.status if response else 0


def check(tab, url: str, where: str, *, with_axe: bool, width: int, problems: list[str]):
    status = visit(tab, url)
    if status != 200:
        problems.append(f"{where}: answered {status} in the browser")
        return
    wide = overflow(tab, width)
    if wide:
        problems.append(f"{where}: overflows: {wide}")
    if with_axe:
        found = axe_violations(tab)
        if found:
            problems.append(f"{where}: axe-core found\n" + "\n".join(found))


def report(problems: list[str], checked: int) -> str:
    return f"{len(problems)} problem(s) on {checked} page views:\n\n" + "\n\n".join(problems)


def test_every_page_of_the_url_list_passes_axe_and_fits_at_1280_and_360(tabs, live_server):
    """Every walked page: axe-core and overflow at 1280 px, overflow at 360 px, in Tajik."""
    started = time.perf_counter()
    data = SweepData.build()
    pages, unreached = sweep_pages(data)
    found_in = time.perf_counter() - started
    assert len(pages) >= 60, f"the sweep reached only {len(pages)} pages"
    problems, checked = [], 0
    for screen, width in (("desktop", 1280), ("phone", 360)):
        for page in pages:
            where = f"{page.path} [{page.route}] as {page.who} at {width} px"
            check(
                tabs(page.visitor, screen),
                live_server.url + page.path,
                where,
                with_axe=screen == "desktop",
                width=width,
                problems=problems,
            )
            checked += 1
    print(
        f"swept {len(pages)} pages ({found_in:.0f} s to find them, "
        f"{time.perf_counter() - started - found_in:.0f} s in Chromium); "
        f"no user reached: {', '.join(unreached) or 'none'}"
    )
    assert not problems, report(problems, checked)


def test_public_and_main_staff_pages_pass_axe_and_fit_a_phone_in_every_language(tabs, live_server):
    """The public pages and the main staff pages at 360 px, in Tajik, Russian, English."""
    data = SweepData.build()
    problems, checked = [], 0
    for language, prefix in PREFIXES.items():
        for page in main_pages(data):
            where = f"{prefix}{page.path} [{page.route}] as {page.who} at 360 px ({language})"
            check(
                tabs(page.visitor, "phone"),
                live_server.url + prefix + page.path,
                where,
                with_axe=True,
                width=360,
                problems=problems,
            )
            checked += 1
    assert not problems, report(problems, checked)


def test_the_checks_see_a_violation_and_an_overflow(tabs):
    """The sweep would notice: an image without alternative text, an unlabelled field
    and a box wider than the phone are reported, with the elements named."""
    tab = tabs(Visitor("nobody", None), "phone")
    tab.set_content(
        "<!DOCTYPE html><html lang='en'><head><title>Bad</title>"
        "<meta name='viewport' content='width=device-width'></head><body><main>"
        "<h1>Bad</h1><img src='data:,'><input type='text'>"
        "<div id='too-wide' style='width:500px'>wide</div></main></body></html>"
    )
    found = "\n".join(axe_violations(tab))
    assert "critical image-alt" in found and "critical label" in found, found
    assert "img" in found
    wide = overflow(tab, 360)
    assert wide and "div#too-wide" in wide, wide
    tab.set_content(
        "<!DOCTYPE html><html lang='en'><head><title>Fine</title></head><body></body></html>"
    )
    assert overflow(tab, 360) is None
