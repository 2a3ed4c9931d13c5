"""Intake, case list and case page on a 360-pixel phone in Tajik, Russian and English.

The page must not scroll sideways (wide tables scroll inside their own box), and an
intake filled in on the phone opens the case.
"""

import re

import pytest
from django.test import Client as DjangoClient
from playwright.sync_api import expect

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.models import Case
from himoya.cases.tests.factories import CaseFactory
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory
from himoya.testing import sign_in_client

# The browser fixtures live beside the other journeys; naming them here makes them visible.
chromium = browser_fixtures.chromium
phone_page = browser_fixtures.phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PREFIXES = {"tg": "", "ru": "/ru", "en": "/en"}


def signed_in(page, live_server, user):
    """Carry a session with a verified second factor into the browser."""
    browser_client = DjangoClient()
    sign_in_client(browser_client, user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": browser_client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


def wide(page) -> list:
    """Elements that reach past the screen's right edge (for the failure message)."""
    return page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 360)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)""")


def page_width(page) -> int:
    # After a click that navigates, wait for the new document before measuring it.
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


def test_case_pages_fit_a_phone_and_intake_works_in_every_language(
    phone_page,
    live_server,
):
    organisation = OrganisationFactory(
        slug="umed-phone",
        kind=OrganisationKind.CRISIS_CENTRE,
        district__slug="sino",
        code_prefix="UP",
    )
    bob = UserFactory(
        username="bob",
        organisation=organisation,
        role=Role.CASEWORKER,
        profession=Profession.SOCIAL_WORKER,
    )
    case = CaseFactory(organisation=organisation, caseworker=bob)
    signed_in(phone_page, live_server, bob)
    for language, prefix in PREFIXES.items():
        for path in ("/cases/new/", "/cases/", f"/cases/{case.pk}/", "/cases/my-work/"):
            phone_page.goto(f"{live_server.url}{prefix}{path}")
            expect(phone_page.locator("html")).to_have_attribute("lang", language)
            assert page_width(phone_page) <= 360, (
                f"{prefix}{path} scrolls sideways",
                wide(phone_page),
            )
        phone_page.goto(f"{live_server.url}{prefix}/cases/new/")
        form = phone_page.locator("main form.intake")
        form.locator("input[name=name]").fill(f"Phone intake {language}")
        form.locator("select[name=age_group]").select_option("18-25")
        form.locator("input[name=may_call][value=yes]").check()
        form.locator("input[name=call_times]").fill("10-12")
        form.locator("input[name=consent_services]").check()
        form.locator("button[type=submit]").click()
        phone_page.wait_for_url(re.compile(r"/cases/\d+/\?new=1$"))
        opened = Case.objects.get(pk=int(re.search(r"/cases/(\d+)/", phone_page.url).group(1)))
        assert opened.client.name == f"Phone intake {language}"
        assert opened.client.safe_contact == {"may_call": True, "call_times": "10-12"}
        assert page_width(phone_page) <= 360
