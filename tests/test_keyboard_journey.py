"""Intake and referral with the keyboard alone, in Chromium, in Tajik, on a desktop screen.

A caseworker moves with Tab and Shift+Tab, follows links and presses buttons with Enter,
ticks boxes with Space, types into fields and chooses in lists and radio groups with the
arrow keys; no click. She signs in (password, then the code of her authenticator app),
opens the intake from the case list, fills it in and saves it, which opens the case; from
the case page she records the client's consent to share with the receiving organisation,
then refers her to its shelter. Every element that takes the focus on the way must show
it (an outline or a shadow), and the focus never gets lost on the page's body.
"""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import PASSWORD, UserFactory
from himoya.cases.models import Case
from himoya.clients.models import ConsentKind
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.core.tests.browser import DESKTOP, current_totp
from himoya.directory.models import OrganisationKind, ServiceType
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.referrals.models import Referral

chromium = browser_fixtures.chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.once,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The most Tab presses allowed to reach one element (a page's whole tab order is shorter).
MOST_TABS = 150

FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return 'nothing';
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const name = el.tagName.toLowerCase() + (el.name ? '[name=' + el.name + ']' : '')
        + (el.getAttribute('href') ? '[href=' + el.getAttribute('href') + ']' : '');
    if (box.width === 0 || box.height === 0) return name + ' is focused but not shown';
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    // The focus is on a part of a browser's own control (the calendar button of a date
    // field, inside its shadow tree): Chromium draws that ring itself.
    if (!el.matches(':focus')) return '';
    return outline || shadow ? '' : name;
}"""


class Keyboard:
    """Tab, Shift+Tab, Enter, Space, typing and arrow keys; it checks every focus stop."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def _check_focus(self) -> bool:
        """Whether the focus is on the page (past its last element it leaves for the
        browser's own controls); if it is, it must show."""
        problem = self.page.evaluate(FOCUS_SHOWN)
        if problem == "nothing":
            return False
        assert "not shown" not in problem, f"{problem} on {self.page.url}"
        if problem and not self._focus_changes_pixels():
            raise AssertionError(f"{problem} shows no focus indicator on {self.page.url}")
        self.stops += 1
        return True

    def _focus_changes_pixels(self) -> bool:
        """No outline and no shadow: the browser may still mark the focus its own way (a
        date field highlights the part being typed). Compare the element and its
        surroundings focused and blurred, then give the focus back."""
        handle = self.page.evaluate_handle("document.activeElement")
        box = handle.bounding_box()
        clip = {
            "x": max(box["x"] - 4, 0),
            "y": max(box["y"] - 4, 0),
            "width": box["width"] + 8,
            "height": box["height"] + 8,
        }
        focused = self.page.screenshot(clip=clip)
        handle.evaluate("(el) => el.blur()")
        blurred = self.page.screenshot(clip=clip)
        handle.evaluate("(el) => el.focus()")
        return focused != blurred

    def matches(self, selector: str) -> bool:
        return self.page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        )

    def tab_to(self, selector: str, backwards: bool = False):
        """Press Tab (or Shift+Tab) until the focus is on an element matching `selector`."""
        key = "Shift+Tab" if backwards else "Tab"
        if self.matches(selector):  # already there (a field with autofocus)
            return
        off_page = 0
        for _ in range(MOST_TABS):
            self.page.keyboard.press(key)
            off_page = 0 if self._check_focus() else off_page + 1
            assert off_page < 3, f"the focus was lost on {self.page.url}"
            if self.matches(selector):
                return
        raise AssertionError(f"{key} never reached {selector} on {self.page.url}")

    def follow(self, selector: str, url: str):
        """Tab to a link or button and press Enter; wait for the page it leads to."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        assert re.search(url, self.page.url), f"{selector} led to {self.page.url}"

    def type_into(self, selector: str, text: str):
        self.tab_to(selector)
        self.page.keyboard.type(text)

    def tick(self, selector: str):
        self.tab_to(selector)
        self.page.keyboard.press("Space")
        assert self.page.evaluate("document.activeElement.checked"), selector

    def choose(self, selector: str, value: str):
        """A select or a radio group: Tab to it, then Home (a select) and the arrow keys
        until `value` is chosen (arrow keys check a radio; Space checks the first one)."""
        self.tab_to(selector)
        radio = self.page.evaluate("document.activeElement.type === 'radio'")
        if not radio:
            self.page.keyboard.press("Home")  # a list starts from its first choice
        for _ in range(120):
            if self.page.evaluate("document.activeElement.value") == value:
                break
            self.page.keyboard.press("ArrowDown")
        else:
            raise AssertionError(f"no choice {value!r} in {selector} on {self.page.url}")
        if radio:
            self.page.keyboard.press("Space")
            assert self.page.evaluate("document.activeElement.checked"), selector


@pytest.fixture
def centre():
    """A crisis centre with a caseworker (with an authenticator app), and a shelter of
    another organisation in the same district to refer to."""
    organisation = OrganisationFactory(
        slug="umed-keys", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
    )
    bob = UserFactory(
        username="bob",
        organisation=organisation,
        role=Role.CASEWORKER,
        profession=Profession.SOCIAL_WORKER,
    )
    device = TOTPDevice.objects.create(user=bob, name="phone", confirmed=True)
    shelter = ServiceFactory(
        organisation=OrganisationFactory(
            slug="panoh-keys", kind=OrganisationKind.SHELTER, district__slug="sino"
        ),
        service_type=ServiceType.TEMPORARY_SHELTER,
        name_tg="Паноҳгоҳ",
        name_ru="Приют",
        name_en="Shelter",
    )
    return bob, device, shelter


@pytest.fixture
def desktop_tab(chromium):
    context = chromium.new_context(viewport=DESKTOP, device_scale_factor=1)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_intake_and_referral_with_the_keyboard_alone(desktop_tab, live_server, centre):
    bob, device, shelter = centre
    page, keys = desktop_tab, Keyboard(desktop_tab)

    # Sign in: password, then the authenticator's code.
    page.goto(live_server.url + "/accounts/login/")
    keys.type_into("form#login input[name=username]", bob.username)
    keys.type_into("form#login input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/verify/"))
    keys.type_into("input[name=otp_token]", current_totp(device))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/$"))

    # The case list, then the intake.
    keys.follow("a[href='/cases/']", r"/cases/$")
    keys.follow("main a[href='/cases/new/']", r"/cases/new/$")
    keys.type_into("input[name=name]", "Мадина (тугмаҳо)")
    keys.choose("select[name=age_group]", "26-40")
    keys.choose("select[name=district]", "sino")
    keys.choose("input[name=may_call]", "no")
    keys.type_into("input[name=code_word]", "Нон")
    keys.tick("input[name=consent_services]")
    keys.choose("select[name=priority]", "high")
    # Back up one field and forward again: Shift+Tab works in the form too.
    keys.tab_to("input[name=consent_services]", backwards=True)
    keys.follow("main form button[type=submit]", r"/cases/\d+/(\?new=1)?$")
    case = Case.objects.get(caseworker=bob)
    assert case.client.name == "Мадина (тугмаҳо)" and case.priority == "high"

    # Her consent to share with the shelter's organisation: the consent page, straight from
    # the case page or through her client details.
    consent, client = f"/cases/{case.pk}/consent/", f"/cases/{case.pk}/consent/client/"
    keys.follow(f"main a[href='{consent}'], main a[href='{client}']", r"/consent/(client/)?$")
    if page.url.endswith(client):
        keys.follow(f"main a[href='{consent}']", r"/consent/$")
    keys.choose("select[name=kind]", ConsentKind.SHARE_ORGANISATION)
    keys.choose("select[name=recipient_organisation]", shelter.organisation.slug)
    keys.follow(
        f"main form[action$='/cases/{case.pk}/consent/give/'] button[type=submit]",
        r"/consent/$",
    )
    assert case.client.consents.filter(
        kind=ConsentKind.SHARE_ORGANISATION, recipient_organisation=shelter.organisation
    ).exists()

    # Back to the case, and the referral.
    keys.follow(f"main a[href='/cases/{case.pk}/']", rf"/cases/{case.pk}/$")
    keys.follow(f"main a[href='/referrals/new/{case.pk}/']", rf"/referrals/new/{case.pk}/$")
    keys.choose("main input[name=service]", str(shelter.pk))
    keys.tick("main input[name=needs][value=shelter]")
    keys.type_into("main textarea[name=message]", "Бояд имшаб ҷой ёбад.")
    keys.follow("main form[method=post] button[type=submit]", r"/referrals/\d+/$")
    referral = Referral.objects.get(from_case=case)
    assert referral.service == shelter and referral.needs == ["shelter"]
    assert keys.stops > 20


def test_the_check_sees_a_focus_that_does_not_show(desktop_tab):
    """A page that hides the focus ring fails the journey's check."""
    desktop_tab.set_content(
        "<!DOCTYPE html><html lang='en'><head><title>Hidden focus</title>"
        "<style>a:focus { outline: none; }</style></head>"
        "<body><main><a href='#one'>One</a> <a href='#two'>Two</a></main></body></html>"
    )
    with pytest.raises(AssertionError, match="a\\[href=#one\\] shows no focus indicator"):
        Keyboard(desktop_tab).tab_to("a[href='#two']")
