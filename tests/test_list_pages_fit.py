"""The list pages fit: at 1280 px (the wide staff layout) every column of each data table
shows and the table is no wider than its box; at 360 px each row is a stacked card; at
neither width does the page scroll sideways. In Tajik, Russian and English, with long
organisation and service names. Tajik pages are saved in var/screenshots/.

The pages: the dashboard, the case list and client search, my work, the referral inbox
and sent list, the call log, notifications, an organisation's members and its directory
entry's services.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.models import RiskLevel
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.test_api_fixtures import fill_case
from himoya.cases.tests.test_intake_phone import PREFIXES, signed_in
from himoya.clients.models import ConsentKind
from himoya.clients.tests.factories import ConsentFactory
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.core.tests.browser import VIEWPORTS
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.geo.models import District
from himoya.hotline.tests.factories import CallFactory
from himoya.notifications.tests.factories import NotificationFactory
from himoya.referrals.models import Urgency
from himoya.referrals.services.sending import send_referral
from himoya.referrals.services.steps import accept_referral

chromium = browser_fixtures.chromium
shoot = browser_fixtures.shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEASURE = """() => {
  const tables = [...document.querySelectorAll('table.data-table')].map(table => {
    const rows = table.tBodies[0] ? [...table.tBodies[0].rows] : [];
    return {
      width: Math.ceil(table.getBoundingClientRect().width),
      room: table.parentElement.clientWidth,
      hidden: [...table.querySelectorAll('thead th')]
        .filter(th => th.getBoundingClientRect().width === 0)
        .map(th => th.textContent.trim()),
      stacked: rows.length ? getComputedStyle(rows[0]).display === 'block' : null,
    };
  });
  return {scroll: document.documentElement.scrollWidth, inner: innerWidth, tables};
}"""


def _data():
    sender = OrganisationFactory(
        slug="umed-fit",
        kind=OrganisationKind.CRISIS_CENTRE,
        district__slug="sino",
        code_prefix="UF",
        name_tg="Маркази бӯҳронии «Корвони Умед» барои занон ва кӯдакон",
        name_ru="Кризисный центр «Корвони Умед» для женщин и детей",
        name_en="Korvoni Umed crisis centre for women and children",
    )
    receiver = OrganisationFactory(
        slug="adolat-fit",
        kind=OrganisationKind.LEGAL_AID_OFFICE,
        district__slug="isfara",
        code_prefix="AF",
        name_tg="Идораи давлатии ёрии ҳуқуқии ройгони шаҳри Исфара",
        name_ru="Государственное бюро бесплатной юридической помощи города Исфара",
        name_en="State free legal aid office of the city of Isfara",
    )
    users = {
        "sam": UserFactory(
            username="sam",
            organisation=sender,
            role=Role.SUPERVISOR,
            profession=Profession.PSYCHOLOGIST,
            first_name="Саодат",
            last_name="Раҳимова",
        ),
        "bob": UserFactory(
            username="bob",
            organisation=sender,
            role=Role.CASEWORKER,
            profession=Profession.SOCIAL_WORKER,
            first_name="Бахтиёр",
            last_name="Назарзода",
        ),
        "olga": UserFactory(
            username="olga",
            organisation=sender,
            role=Role.HOTLINE_OPERATOR,
            profession=Profession.HOTLINE_OPERATOR,
        ),
        "alice": UserFactory(username="alice", organisation=sender, role=Role.ORG_ADMIN),
        "lena": UserFactory(
            username="lena",
            organisation=receiver,
            role=Role.CASEWORKER,
            profession=Profession.STATE_LAWYER,
        ),
    }
    service = ServiceFactory(
        organisation=receiver,
        districts_served=[District.objects.get(slug="isfara")],
        name_tg="Ёрии ҳуқуқии аввалия ва маслиҳат дар масъалаҳои алимент",
        name_ru="Первичная юридическая помощь и консультации по алиментам",
        name_en="Primary legal aid and advice on alimony",
    )
    today = timezone.localdate()
    cases = []
    for days, risk in ((-3, RiskLevel.HIGH), (2, RiskLevel.MEDIUM), (10, RiskLevel.LOW)):
        case = CaseFactory(
            organisation=sender,
            caseworker=users["bob"],
            risk_level=risk,
            next_due=today + datetime.timedelta(days=days),
        )
        ConsentFactory(
            client=case.client,
            taken_by=users["bob"],
            kind=ConsentKind.SHARE_ORGANISATION,
            recipient_organisation=receiver,
        )
        cases.append(case)
    fill_case(cases[0], users["bob"])
    values = {"service": service, "message": "Needs advice on alimony before Friday"}
    for case, urgency in zip(
        cases, (Urgency.EMERGENCY, Urgency.URGENT, Urgency.ROUTINE), strict=True
    ):
        referral = send_referral(
            users["bob"],
            client=case.client,
            from_case=case,
            urgency=urgency,
            needs=["legal", "psychological", "shelter"],
            **values,
        )
    accept_referral(
        users["lena"],
        referral,
        expected_version=referral.version,
        services_consent_method="verbal",
    )
    now = timezone.now()
    for minutes, risk, callback in ((5, True, True), (50, False, False), (300, True, False)):
        CallFactory(
            organisation=sender,
            operator=users["olga"],
            risk_flag=risk,
            callback_wanted=callback,
            started_at=now - datetime.timedelta(minutes=minutes),
        )
    for user in users.values():
        NotificationFactory(user=user)
    return sender, users


def _check(page, live_server, shoot, width, paths, language, prefix):
    for path, has_table in paths:
        page.goto(f"{live_server.url}{prefix}{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        if language == "tg":
            shoot(page, f"{width}-{re.sub(r'[^a-z0-9]+', '-', path).strip('-')}")
        found = page.evaluate(MEASURE)
        where = f"{prefix}{path} at {width} px"
        assert found["scroll"] <= found["inner"], (f"{where} scrolls sideways", found)
        if has_table:
            assert found["tables"], f"{where}: no data table"
        for table in found["tables"]:
            assert table["width"] <= table["room"], (f"{where}: table wider than its box", table)
            if width >= 1280:
                assert not table["hidden"], (f"{where}: columns hidden", table)
            elif table["stacked"] is not None:
                assert table["stacked"], (f"{where}: rows are not cards", table)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_list_pages_fit_1280_and_360(chromium, live_server, shoot, viewport):
    organisation, users = _data()
    slug = organisation.slug
    pages = {
        "sam": [
            ("/accounts/", False),
            ("/cases/", True),
            ("/cases/?status=not_closed", True),
            ("/cases/my-work/", False),
            ("/referrals/sent/?status=all", True),
            ("/hotline/", True),
            ("/notifications/", True),
        ],
        "bob": [("/accounts/", False), ("/cases/?overdue=1", True)],
        "lena": [("/accounts/", False), ("/referrals/?status=all", True)],
        "olga": [("/accounts/", False), ("/hotline/?callback=yes", True)],
        "alice": [(f"/accounts/orgs/{slug}/members/", True), (f"/manage/{slug}/", True)],
    }
    width = VIEWPORTS[viewport]["width"]
    for name, paths in pages.items():
        context = chromium.new_context(
            viewport=VIEWPORTS[viewport],
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
            device_scale_factor=1,
            locale="tg-TJ",
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        signed_in(page, live_server, users[name])
        for language, prefix in PREFIXES.items():
            _check(page, live_server, shoot, width, paths, language, prefix)
        context.close()
