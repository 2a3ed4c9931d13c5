"""The search for a returning client on a 360-pixel phone, in Tajik, Russian and English:
typed into the form on the case list, it lists the case and the page never scrolls sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.test_intake_phone import PREFIXES, page_width, signed_in, wide
from himoya.clients.tests.factories import ClientFactory
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory

chromium = browser_fixtures.chromium
phone_page = browser_fixtures.phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_search_from_the_case_list_on_a_phone_in_every_language(phone_page, live_server):
    organisation = OrganisationFactory(
        slug="umed-search",
        kind=OrganisationKind.CRISIS_CENTRE,
        district__slug="sino",
        code_prefix="US",
    )
    bob = UserFactory(
        username="bob",
        organisation=organisation,
        role=Role.CASEWORKER,
        profession=Profession.SOCIAL_WORKER,
    )
    client = ClientFactory(
        organisation=organisation,
        name="Раъно Каримова",
        birth_date=datetime.date(1990, 5, 17),
        phone="+992 93 123 45 67",
    )
    CaseFactory(organisation=organisation, caseworker=bob, client=client)
    signed_in(phone_page, live_server, bob)
    for language, prefix in PREFIXES.items():
        phone_page.goto(f"{live_server.url}{prefix}/cases/")
        form = phone_page.locator("main form.client-search")
        form.locator("input[name=name]").fill("каримова раъно")
        form.locator("input[name=birth_year]").fill("1990")
        form.locator("button[type=submit]").click()
        phone_page.wait_for_url(f"{live_server.url}{prefix}/cases/search/")
        expect(phone_page.locator("html")).to_have_attribute("lang", language)
        expect(phone_page.locator("main table")).to_contain_text(client.code)
        assert page_width(phone_page) <= 360, (
            f"{prefix} search scrolls sideways",
            wide(phone_page),
        )
        # The name typed is not kept in the address, the history or the server's logs.
        assert "1990" not in phone_page.url
        phone_page.locator("main form.client-search input[name=name]").fill("")
        phone_page.locator("main form.client-search input[name=birth_year]").fill("")
        phone_page.locator("main form.client-search input[name=phone]").fill("93 000 0000")
        phone_page.locator("main form.client-search button[type=submit]").click()
        expect(phone_page.locator("main [role=status]")).to_be_visible()
        expect(phone_page.locator("main table")).to_have_count(0)
        assert page_width(phone_page) <= 360
