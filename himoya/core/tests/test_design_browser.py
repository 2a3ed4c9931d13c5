"""The design system in a real Chromium: the Tajik letters come in the served font, the
style guide's table turns into cards on a phone without overflowing, and paper gets no shell."""

import pytest
from django.conf import settings
from django.test import Client

from himoya.accounts.tests.factories import UserFactory
from himoya.testing import sign_in_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TAJIK_LETTERS = "ҳӯқғҷӣ"


def fonts_of(page, selector: str) -> list[tuple[str, bool]]:
    """The fonts Chromium drew an element's text with: (family, served by the page)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [(font["familyName"], font["isCustomFont"]) for font in fonts]


def test_tajik_letters_render_in_the_same_served_face(phone_page, live_server):
    phone_page.goto(live_server.url + "/")
    phone_page.evaluate("document.fonts.ready.then(() => true)")
    heading = phone_page.inner_text("h1")
    assert set(heading) & set(TAJIK_LETTERS), heading
    for selector in ("h1", ".hotline-bar__inner", ".site-footer p"):
        assert fonts_of(phone_page, selector) == [("Noto Sans", True)], selector


def sign_in(page, live_server):
    client = Client()
    sign_in_client(client, UserFactory(username="designer"))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_style_guide_on_a_phone_and_on_paper(phone_page, live_server):
    page = phone_page
    sign_in(page, live_server)
    page.goto(live_server.url + "/en/styleguide/")
    assert page.title().startswith("Style guide")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The table's rows are cards: the header row is out of sight, each cell shows its heading.
    assert page.evaluate("getComputedStyle(document.querySelector('.data-table tr')).display") == (
        "block"
    )
    label = page.evaluate(
        "getComputedStyle(document.querySelector('.data-table td'), '::before').content"
    )
    assert label == '"Client code"'
    assert page.locator("#quick-exit").is_visible()
    assert not page.locator(".print-only").first.is_visible()

    page.emulate_media(media="print")
    for selector in ("#quick-exit", ".site-header", ".hotline-bar", ".site-footer", ".no-print"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".print-only").first.is_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
