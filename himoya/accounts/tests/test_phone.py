"""Account pages on a 360-pixel phone: the API token list and the members list scroll
inside their own box, never the whole page sideways."""

import pytest

from himoya.accounts.models import Profession
from himoya.accounts.services import issue_token
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.tests.test_intake_phone import PREFIXES, page_width, signed_in, wide
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


def test_token_and_member_lists_fit_a_phone(phone_page, live_server):
    hotline = OrganisationFactory(
        slug="hotline-tokens", kind=OrganisationKind.HOTLINE, district__slug="sino"
    )
    olga = UserFactory(
        username="olga",
        organisation=hotline,
        role=Role.HOTLINE_OPERATOR,
        profession=Profession.HOTLINE_OPERATOR,
    )
    admin = UserFactory(username="aziza", organisation=hotline, role=Role.ORG_ADMIN)
    issue_token(olga, "Reporting script on the office laptop")
    issue_token(admin, "Members export")
    for user, path in (
        (olga, "/accounts/tokens/"),
        (admin, f"/accounts/orgs/{hotline.slug}/members/"),
    ):
        phone_page.context.clear_cookies()
        signed_in(phone_page, live_server, user)
        for prefix in PREFIXES.values():
            response = phone_page.goto(f"{live_server.url}{prefix}{path}")
            assert response.status == 200, prefix + path
            assert page_width(phone_page) <= 360, (
                f"{prefix}{path} scrolls sideways",
                wide(phone_page),
            )
