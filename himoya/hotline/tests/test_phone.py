"""Call pages on a 360-pixel phone in Tajik, Russian and English: no page scrolls
sideways, and an operator logs a call on the phone while the caller is on the line."""

import pytest
from playwright.sync_api import expect

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.tests.test_intake_phone import PREFIXES, page_width, signed_in, wide
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.directory.models import OrganisationKind, ServiceType
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.geo.models import District
from himoya.hotline.models import Call
from himoya.hotline.tests.factories import CallFactory

chromium = browser_fixtures.chromium
phone_page = browser_fixtures.phone_page
shoot = browser_fixtures.shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_fits(page, path):
    assert page_width(page) <= 360, (f"{path} scrolls sideways", wide(page))


def test_call_pages_fit_a_phone_and_a_call_is_logged_in_every_language(
    phone_page, live_server, shoot
):
    hotline = OrganisationFactory(
        slug="hotline-phone", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
    )
    legal = OrganisationFactory(
        slug="legal-phone", kind=OrganisationKind.LEGAL_AID_OFFICE, district__slug="isfara"
    )
    ServiceFactory(
        organisation=legal,
        service_type=ServiceType.PRIMARY_LEGAL_AID,
        districts_served=[District.objects.get(slug="isfara")],
    )
    olga = UserFactory(
        username="olga",
        organisation=hotline,
        role=Role.HOTLINE_OPERATOR,
        profession=Profession.HOTLINE_OPERATOR,
    )
    sam = UserFactory(username="sam", organisation=hotline, role=Role.SUPERVISOR)
    call = CallFactory(
        organisation=hotline, operator=olga, callback_wanted=True, callback_phone="+992 93 000 0000"
    )
    signed_in(phone_page, live_server, olga)
    paths = {
        "log": "/hotline/",
        "new": "/hotline/new/",
        "call": f"/hotline/{call.pk}/",
        "edit": f"/hotline/{call.pk}/edit/",
        "refer": f"/hotline/{call.pk}/refer/",
        "case": f"/hotline/{call.pk}/case/",
    }
    for language, prefix in PREFIXES.items():
        for name, path in paths.items():
            phone_page.goto(f"{live_server.url}{prefix}{path}")
            expect(phone_page.locator("html")).to_have_attribute("lang", language)
            if language == "tg":
                shoot(phone_page, f"hotline-{name}")
            assert_fits(phone_page, prefix + path)
        phone_page.goto(f"{live_server.url}{prefix}/hotline/{call.pk}/refer/")
        with phone_page.expect_navigation():
            phone_page.locator("main a.button").first.click()
        assert_fits(phone_page, "refer, step 2")
        phone_page.goto(f"{live_server.url}{prefix}/hotline/new/")
        form = phone_page.locator("main form.call-form")
        form.locator("input[name=duration_minutes]").fill("7")
        form.locator("input[name=topic][value=legal_question]").check()
        form.locator("select[name=district]").select_option("isfara")
        form.locator("input[name=forms_of_violence][value=economic]").check()
        form.locator("button[type=submit]").click()
        expect(phone_page.locator("h1")).to_contain_text("C-")
        assert_fits(phone_page, f"{prefix} call logged")
    assert Call.objects.filter(organisation=hotline, duration_minutes=7).count() == 3
    signed_in(phone_page, live_server, sam)
    for language, prefix in PREFIXES.items():
        phone_page.goto(f"{live_server.url}{prefix}/hotline/statistics/")
        expect(phone_page.locator("html")).to_have_attribute("lang", language)
        if language == "tg":
            shoot(phone_page, "hotline-stats")
        assert_fits(phone_page, prefix + "/hotline/statistics/")


def overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_filter_buttons_stay_clear_of_the_quick_exit(phone_page, live_server):
    """The quick-exit button is fixed at the top right; a filter form's button must
    never be under it, wherever the page is scrolled (it sits to its left)."""
    hotline = OrganisationFactory(
        slug="hotline-filters", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
    )
    olga = UserFactory(username="olga", organisation=hotline, role=Role.HOTLINE_OPERATOR)
    sam = UserFactory(username="sam", organisation=hotline, role=Role.SUPERVISOR)
    call = CallFactory(organisation=hotline, operator=olga)
    for _index in range(3):
        CallFactory(organisation=hotline, operator=olga)
    pages = [
        (olga, "/hotline/"),
        (olga, f"/hotline/{call.pk}/refer/"),
        (sam, "/hotline/statistics/"),
    ]
    for user, path in pages:
        signed_in(phone_page, live_server, user)
        for prefix in PREFIXES.values():
            phone_page.goto(f"{live_server.url}{prefix}{path}")
            button = phone_page.locator("main form[method=get] button[type=submit]")
            exit_box = phone_page.locator("#quick-exit").bounding_box()
            # Scrolled so the button is at the very top, under where the exit floats.
            button.evaluate("element => element.scrollIntoView({block: 'start'})")
            box = button.bounding_box()
            assert box["x"] + box["width"] <= exit_box["x"], (prefix + path, box, exit_box)
            assert not overlap(box, phone_page.locator("#quick-exit").bounding_box())
