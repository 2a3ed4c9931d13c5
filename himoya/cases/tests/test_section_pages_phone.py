"""Every case and section page fits a 360-pixel phone in Tajik, Russian and English.

A supervisor (who also sees the access log and the approval forms) opens a case holding a
record of every kind. No page may scroll sideways: section links wrap, wide tables
scroll inside their own box. Tajik pages are saved as screenshots in var/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.test_api_fixtures import fill_case
from himoya.cases.tests.test_intake_phone import PREFIXES, page_width, signed_in, wide
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory

chromium = browser_fixtures.chromium
phone_page = browser_fixtures.phone_page
shoot = browser_fixtures.shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def case_paths(case, records) -> dict:
    base = f"/cases/{case.pk}/"
    incident = records["incident"].pk
    return {
        "case": base,
        "risk": base + "risk/",
        "safety-plan": base + "safety-plan/",
        "plan": base + "plan/",
        "action-edit": base + f"plan/actions/{records['action'].pk}/edit/",
        "services": base + "services/",
        "follow-ups": base + "follow-ups/",
        "notes": base + "notes/",
        "attachments": base + "attachments/",
        "consent": base + "consent/",
        "consent-withdraw": base + f"consent/{records['consent'].pk}/withdraw/",
        "client": base + "consent/client/",
        "client-edit": base + "consent/client/edit/",
        "incident-add": base + "incidents/add/",
        "incident": base + f"incidents/{incident}/",
        "incident-edit": base + f"incidents/{incident}/edit/",
        "closure": base + "closure/",
        "change": base + "change/",
        "list": "/cases/",
        "intake": "/cases/new/",
        "my-work": "/cases/my-work/",
    }


def test_every_case_page_fits_a_phone(phone_page, live_server, shoot):
    organisation = OrganisationFactory(
        slug="umed-pages",
        kind=OrganisationKind.CRISIS_CENTRE,
        district__slug="sino",
        code_prefix="UQ",
    )
    sam = UserFactory(
        username="sam",
        organisation=organisation,
        role=Role.SUPERVISOR,
        profession=Profession.PSYCHOLOGIST,
    )
    case = CaseFactory(organisation=organisation, caseworker=sam)
    records = fill_case(case, sam)
    signed_in(phone_page, live_server, sam)
    for language, prefix in PREFIXES.items():
        for name, path in case_paths(case, records).items():
            phone_page.goto(f"{live_server.url}{prefix}{path}")
            expect(phone_page.locator("html")).to_have_attribute("lang", language)
            if language == "tg":
                shoot(phone_page, name)
            assert page_width(phone_page) <= 360, (
                f"{prefix}{path} scrolls sideways",
                wide(phone_page),
            )
