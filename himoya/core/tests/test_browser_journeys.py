"""Journeys through a real Chromium: a visitor finding help, a caseworker signing in.

They run against pytest-django's live server (a real threaded HTTP server), once on a
360x740 phone and once on a desktop screen, and leave a screenshot of every step in
var/screenshots/.
"""

from urllib.parse import urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from himoya.accounts.tests.factories import PASSWORD, UserFactory
from himoya.core.roles import Role
from himoya.core.tests.browser import (
    ISFARA_OFFICE_NAME_TG,
    ISFARA_SERVICE_NAME_TG,
    current_totp,
    make_isfara_legal_aid,
    wrong_totp,
)
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    # Geography comes from a data migration; serialized rollback puts it back for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def path_of(url: str) -> str:
    return urlsplit(url).path


def find_legal_aid_in_isfara(page, live_server, neutral_site, shoot):
    """From a neutral page, open Himoya in Tajik and search for legal aid in Isfara."""
    # Start elsewhere so that the tab has history to go back to.
    page.goto(f"{neutral_site}/start")
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "tg")
    expect(page.locator("a#quick-exit")).to_be_visible()
    shoot(page, "home")

    form = page.locator("form#find-help")
    # Really in Tajik, not English words under a Tajik lang attribute.
    expect(form.locator("[type=submit]").first).not_to_have_text("Find help")
    form.locator("select[name=district]").select_option("isfara")
    form.locator("select[name=need]").select_option("legal")
    shoot(page, "home-filled")
    form.locator("[type=submit]").first.click()
    page.wait_for_url(lambda url: path_of(url) == "/find-help/")
    expect(page.locator("html")).to_have_attribute("lang", "tg")
    shoot(page, "results")

    in_district = page.locator("section#in-district article.service-result")
    isfara_result = in_district.filter(has_text=ISFARA_SERVICE_NAME_TG)
    expect(isfara_result).to_have_count(1)
    expect(isfara_result).to_contain_text(ISFARA_OFFICE_NAME_TG)
    # What a survivor needs before setting out: hours, what to bring, the phone.
    expect(isfara_result).to_contain_text("8:00–17:00")
    expect(isfara_result).to_contain_text("Шиноснома")
    expect(isfara_result).to_contain_text("+992 00 000 0001")
    # Khujand's office serves the rest of Sughd's searchers, not Isfara's in-district list.
    expect(in_district.filter(has_text="Хуҷанд")).to_have_count(0)
    expect(page.locator("article.service-result", has_text="Хуҷанд")).to_have_count(1)
    # The quick exit stays within reach however far down a long page the visitor reads.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(page.locator("a#quick-exit")).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")
    return isfara_result


def open_result(page, result, shoot):
    result.locator("a").first.click()
    page.wait_for_url(lambda url: path_of(url).startswith(("/services/", "/organisations/")))
    expect(page.locator("main")).to_contain_text(ISFARA_OFFICE_NAME_TG)
    shoot(page, "result")


def assert_left_for_good(page, live_server, neutral_site, quick_exit_url, shoot):
    """On the neutral page, and Back leads to the page before Himoya, not into it."""
    page.wait_for_url(quick_exit_url)
    expect(page).to_have_title("Weather")
    shoot(page, "neutral")
    himoya_host = urlsplit(live_server.url).netloc
    page.go_back()
    page.wait_for_load_state()
    assert urlsplit(page.url).netloc != himoya_host, f"Back returned to Himoya: {page.url}"
    assert page.url == f"{neutral_site}/start"
    shoot(page, "after-back")


def test_visitor_finds_legal_aid_in_isfara_and_leaves_with_quick_exit(
    page, live_server, neutral_site, quick_exit_url, shoot
):
    make_isfara_legal_aid()
    result = find_legal_aid_in_isfara(page, live_server, neutral_site, shoot)
    open_result(page, result, shoot)
    page.locator("a#quick-exit").click()
    assert_left_for_good(page, live_server, neutral_site, quick_exit_url, shoot)


def test_escape_key_leaves_for_the_neutral_page(
    phone_page, live_server, neutral_site, quick_exit_url, shoot
):
    make_isfara_legal_aid()
    result = find_legal_aid_in_isfara(phone_page, live_server, neutral_site, shoot)
    open_result(phone_page, result, shoot)
    phone_page.keyboard.press("Escape")
    assert_left_for_good(phone_page, live_server, neutral_site, quick_exit_url, shoot)


def test_find_help_works_without_javascript(chromium, live_server, shoot):
    """Reading needs no script: the plain GET form and links work with JavaScript off."""
    make_isfara_legal_aid()
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        form = page.locator("form#find-help")
        form.locator("select[name=district]").select_option("isfara")
        form.locator("select[name=need]").select_option("legal")
        form.locator("[type=submit]").first.click()
        page.wait_for_url(lambda url: path_of(url) == "/find-help/")
        results = page.locator("section#in-district article.service-result")
        expect(results.filter(has_text=ISFARA_SERVICE_NAME_TG)).to_have_count(1)
        shoot(page, "results-no-js")
    finally:
        context.close()


@pytest.fixture
def caseworker():
    """A caseworker (a case-data role, so two-factor sign-in is required) with a TOTP app."""
    crisis_centre = OrganisationFactory(
        slug="alpha", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
    )
    user = UserFactory(username="bob", organisation=crisis_centre, role=Role.CASEWORKER)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def sign_in_with_password(page, live_server, user, shoot):
    page.goto(live_server.url + "/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "tg")
    shoot(page, "login")
    form = page.locator("form#login")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: path_of(url) == "/accounts/verify/")
    shoot(page, "verify")


def submit_code(page, code):
    page.locator("input[name=otp_token]").fill(code)
    page.locator("input[name=otp_token]").press("Enter")
    page.wait_for_load_state()


def assert_on_dashboard(page, shoot):
    page.wait_for_url(lambda url: path_of(url) == "/accounts/")
    expect(page.locator("form[action$='/accounts/logout/'] button")).to_be_visible()
    shoot(page, "dashboard")


def test_caseworker_signs_in_with_password_and_totp_code(page, live_server, caseworker, shoot):
    user, device = caseworker
    sign_in_with_password(page, live_server, user, shoot)
    submit_code(page, current_totp(device))
    assert_on_dashboard(page, shoot)


def test_escape_does_nothing_on_a_staff_form_page(page, live_server, caseworker, shoot):
    """Staff press Esc to close pickers while typing; only the button leaves for them."""
    user, device = caseworker
    sign_in_with_password(page, live_server, user, shoot)
    submit_code(page, current_totp(device))
    assert_on_dashboard(page, shoot)
    page.goto(live_server.url + "/accounts/tokens/")
    field = page.locator("form#token input[type=text]").first
    field.fill("half-typed")
    field.press("Escape")
    page.wait_for_timeout(300)
    assert path_of(page.url) == "/accounts/tokens/"
    expect(field).to_have_value("half-typed")
    expect(page.locator("body")).not_to_have_attribute("data-escape-exits", "")
    expect(page.locator("a#quick-exit")).to_be_visible()
    shoot(page, "staff-escape")


def test_wrong_totp_code_shows_an_error_and_stays(phone_page, live_server, caseworker, shoot):
    user, device = caseworker
    sign_in_with_password(phone_page, live_server, user, shoot)
    submit_code(phone_page, wrong_totp(device))
    assert path_of(phone_page.url) == "/accounts/verify/"
    expect(phone_page.locator(".errorlist, .messages .error, [role=alert]").first).to_be_visible()
    shoot(phone_page, "wrong-code")
    # The dashboard stays closed until the right code is given.
    phone_page.goto(live_server.url + "/accounts/")
    assert path_of(phone_page.url) != "/accounts/"
    phone_page.goto(live_server.url + "/accounts/verify/")
    submit_code(phone_page, current_totp(device))
    assert_on_dashboard(phone_page, shoot)
