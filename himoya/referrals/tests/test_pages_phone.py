"""The referral pages fit a 360-pixel phone in Tajik, Russian and English.

Both sides are checked: the receiver's inbox and referral page (with the shared view and
the accept and decline forms, then the service form), the sender's list, referral page,
new-referral page and pathway. No page may scroll sideways; wide tables scroll in their
own box. Tajik pages are saved as screenshots in var/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.test_api_fixtures import fill_case
from himoya.cases.tests.test_intake_phone import PREFIXES, page_width, signed_in, wide
from himoya.clients.models import ConsentKind
from himoya.clients.tests.factories import ConsentFactory
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.geo.models import District
from himoya.referrals.models import Urgency
from himoya.referrals.services.sending import send_referral
from himoya.referrals.services.steps import accept_referral

chromium = browser_fixtures.chromium
phone_page = browser_fixtures.phone_page
shoot = browser_fixtures.shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _referrals():
    sender = OrganisationFactory(
        slug="umed-ref",
        kind=OrganisationKind.CRISIS_CENTRE,
        district__slug="sino",
        code_prefix="UR",
    )
    receiver = OrganisationFactory(
        slug="adolat-ref",
        kind=OrganisationKind.LEGAL_AID_OFFICE,
        district__slug="isfara",
        code_prefix="AR",
    )
    sam = UserFactory(
        username="sam",
        organisation=sender,
        role=Role.SUPERVISOR,
        profession=Profession.PSYCHOLOGIST,
    )
    lena = UserFactory(
        username="lena",
        organisation=receiver,
        role=Role.CASEWORKER,
        profession=Profession.STATE_LAWYER,
    )
    service = ServiceFactory(
        organisation=receiver, districts_served=[District.objects.get(slug="isfara")]
    )
    case = CaseFactory(organisation=sender, caseworker=sam)
    fill_case(case, sam)
    ConsentFactory(
        client=case.client,
        taken_by=sam,
        kind=ConsentKind.SHARE_ORGANISATION,
        recipient_organisation=receiver,
    )
    values = {
        "client": case.client,
        "service": service,
        "from_case": case,
        "message": "Needs advice on alimony before Friday; speaks Tajik and Uzbek only",
        "share_safe_contact": True,
    }
    waiting = send_referral(
        sam, urgency=Urgency.EMERGENCY, needs=["legal", "psychological", "shelter"], **values
    )
    # One case refers to one service once at a time: the second comes from another case.
    values["from_case"] = CaseFactory(organisation=sender, caseworker=sam, client=case.client)
    accepted = send_referral(sam, urgency=Urgency.ROUTINE, needs=["legal"], **values)
    accept_referral(
        lena, accepted, expected_version=accepted.version, services_consent_method="verbal"
    )
    return sam, lena, case, waiting, accepted


def _check(page, live_server, shoot, paths):
    for language, prefix in PREFIXES.items():
        for name, path in paths.items():
            page.goto(f"{live_server.url}{prefix}{path}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            if language == "tg":
                shoot(page, name)
            assert page_width(page) <= 360, (f"{prefix}{path} scrolls sideways", wide(page))


def test_referral_pages_fit_a_phone(phone_page, live_server, shoot):
    sam, lena, case, waiting, accepted = _referrals()
    signed_in(phone_page, live_server, lena)
    _check(
        phone_page,
        live_server,
        shoot,
        {
            "inbox": "/referrals/?status=all",
            "received": f"/referrals/{waiting.pk}/",
            "received-accepted": f"/referrals/{accepted.pk}/",
        },
    )
    phone_page.context.clear_cookies()
    signed_in(phone_page, live_server, sam)
    _check(
        phone_page,
        live_server,
        shoot,
        {
            "sent-list": "/referrals/sent/",
            "sent": f"/referrals/{waiting.pk}/",
            "new": f"/referrals/new/{case.pk}/",
            "pathway": f"/referrals/pathway/{case.pk}/",
            "case-page": f"/cases/{case.pk}/",
            "dashboard": "/accounts/",
        },
    )
