"""A caseworker's case from first contact to closure, in a real Chromium, in Tajik.

The caseworker signs in with a TOTP code, does an intake with consent, records an
incident whose answers classify it (a beating by her husband: physical assault, with the
intimate partner violence flag), adds a service delivered and a follow-up, and asks for
closure; the supervisor signs in and approves it; the case shows closed. Once on a
360x740 phone and once on a desktop screen, with a screenshot of every step in
var/screenshots/. Selectors use field names and link targets, not wording.
"""

import datetime
import re
import time

import pytest
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.models import Case, CaseStatus, FollowUp, ServiceDelivery
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.core.tests.browser import sign_in
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory
from himoya.incidents.models import ContextFlag, GBVType, Incident

# The browser fixtures live beside the other journeys; naming them here makes them visible.
chromium = browser_fixtures.chromium
page = browser_fixtures.page
shoot = browser_fixtures.shoot

pytestmark = [
    pytest.mark.browser,
    # Geography comes from a data migration; serialized rollback puts it back for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tajik(label) -> str:
    with translation.override("tg"):
        return str(label)


@pytest.fixture
def centre():
    """A crisis centre with a caseworker and a supervisor, both with a TOTP app."""
    organisation = OrganisationFactory(
        slug="umed-sino",
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
    sam = UserFactory(
        username="sam",
        organisation=organisation,
        role=Role.SUPERVISOR,
        profession=Profession.PSYCHOLOGIST,
    )
    devices = {
        user.username: TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        for user in (bob, sam)
    }
    return organisation, bob, sam, devices




def submit(page, form_action: str):
    """Submit the form posting to `form_action` (a path ending)."""
    page.locator(f"main form[action$='{form_action}'] button[type=submit]").click()


def intake(page, live_server, shoot) -> int:
    page.goto(live_server.url + "/cases/")
    page.locator("main a[href='/cases/new/']").first.click()
    page.wait_for_url(re.compile(r"/cases/new/$"))
    shoot(page, "intake-empty")
    form = page.locator("main form.intake")
    form.locator("input[name=name]").fill("Мадина (озмоиш)")
    form.locator("select[name=age_group]").select_option("26-40")
    form.locator("select[name=district]").select_option("sino")
    form.locator("input[name=phone]").fill("+992 00 000 0042")
    form.locator("input[name=may_call][value=no]").check()
    form.locator("input[name=code_word]").fill("Нон")
    form.locator("input[name=consent_services]").check()
    form.locator("input[name=consent_method][value=written]").check()
    form.locator("select[name=priority]").select_option("high")
    shoot(page, "intake-filled")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cases/\d+/\?new=1$"))
    shoot(page, "case-opened")
    return int(re.search(r"/cases/(\d+)/", page.url).group(1))


def record_incident(page, case_id: int, shoot):
    today = timezone.localdate()
    page.locator(f"main a[href='/cases/{case_id}/incidents/add/']").first.click()
    page.wait_for_url(re.compile(r"/incidents/add/$"))
    form = page.locator("main form[method=post]").first
    form.locator("input[name=incident_date]").fill(str(today - datetime.timedelta(days=2)))
    form.locator("input[name=reported_date]").fill(str(today))
    form.locator("select[name=location_type]").select_option("shared_home")
    answers = {
        "penetration": "no",
        "sexual_contact": "no",
        "physical_assault": "yes",
        "forced_marriage": "no",
        "denial_of_resources": "no",
        "psychological_abuse": "yes",
    }
    for question, answer in answers.items():
        form.locator(f"input[name={question}][value={answer}]").check()
    form.locator("input[name=law_forms][value=physical]").check()
    form.locator("input[name=law_forms][value=psychological]").check()
    form.locator("select[name=p1_sex]").select_option("male")
    form.locator("select[name=p1_age_group]").select_option("26-40")
    form.locator("select[name=p1_relationship]").select_option("current_partner")
    form.locator("textarea[name=description]").fill("Шавҳараш ӯро зад ва таҳдид кард.")
    shoot(page, "incident-filled")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/incidents/\d+/$"))
    # The answers decided the type, and the husband makes it intimate partner violence.
    expect(page.locator("#classification h2")).to_contain_text(
        tajik(GBVType.PHYSICAL_ASSAULT.label)
    )
    expect(page.locator("#context")).to_contain_text(tajik(ContextFlag.INTIMATE_PARTNER.label))
    shoot(page, "incident-classified")


def add_service_and_follow_up(page, live_server, case_id: int, shoot):
    page.goto(f"{live_server.url}/cases/{case_id}/")
    page.locator(f"main a[href='/cases/{case_id}/services/']").first.click()
    page.wait_for_url(re.compile(r"/services/$"))
    page.locator("main select[name=sector]").select_option("social")
    page.locator("main select[name=service_type]").select_option("crisis_counselling")
    page.locator("main textarea[name=notes]").fill("Машварати бӯҳронӣ; нақшаи бехатарӣ.")
    shoot(page, "service-filled")
    submit(page, f"/cases/{case_id}/services/add/")
    page.wait_for_url(re.compile(r"/services/$"))
    expect(page.locator("main table tbody tr")).to_have_count(1)
    shoot(page, "service-saved")

    page.goto(f"{live_server.url}/cases/{case_id}/")
    page.locator(f"main a[href='/cases/{case_id}/follow-ups/']").first.click()
    page.wait_for_url(re.compile(r"/follow-ups/$"))
    due = timezone.localdate() + datetime.timedelta(days=7)
    add_form = page.locator(f"main form[action$='/cases/{case_id}/follow-ups/add/']")
    add_form.locator("input[name=due_date]").fill(str(due))
    add_form.locator("textarea[name=purpose]").fill("Занг задан ва пурсидан, ки бехатар аст.")
    shoot(page, "follow-up-filled")
    submit(page, f"/cases/{case_id}/follow-ups/add/")
    page.wait_for_url(re.compile(r"/follow-ups/$"))
    expect(page.locator("main ul.follow-ups li")).to_have_count(1)
    shoot(page, "follow-up-saved")


def request_closure(page, live_server, case_id: int, shoot):
    page.goto(f"{live_server.url}/cases/{case_id}/")
    page.locator(f"main a[href='/cases/{case_id}/closure/']").click()
    page.wait_for_url(re.compile(r"/closure/$"))
    form = page.locator("main form[method=post]").first
    form.locator("input[name=reason][value=goals_met]").check()
    for box in form.locator("input[name=checklist]").all():
        box.check()
    shoot(page, "closure-request")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    expect(page.locator("main #closure")).to_be_visible()
    shoot(page, "closure-requested")


def approve_closure(page, live_server, case_id: int, shoot):
    page.goto(live_server.url + "/cases/")
    page.locator(f"main a[href='/cases/{case_id}/']").first.click()
    page.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    page.locator(f"main a[href='/cases/{case_id}/closure/decide/']").click()
    page.wait_for_url(re.compile(r"/closure/decide/$"))
    form = page.locator("main form[method=post]").first
    form.locator("input[name=decision][value=approve]").check()
    shoot(page, "closure-decision")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    expect(page.locator("main")).to_contain_text(tajik(CaseStatus.CLOSED.label))
    # Read-only now: no more links to change the case.
    expect(page.locator(f"main a[href='/cases/{case_id}/closure/']")).to_have_count(0)
    shoot(page, "case-closed")


def test_caseworker_case_from_intake_to_supervisor_approved_closure(
    page, live_server, centre, shoot
):
    organisation, bob, sam, devices = centre
    started = time.perf_counter()
    sign_in(page, live_server, bob, devices["bob"], shoot)
    case_id = intake(page, live_server, shoot)
    case = Case.objects.get(pk=case_id)
    assert case.organisation == organisation and case.caseworker == bob
    assert case.client.code.startswith("US-")
    assert case.client.consents.filter(kind="services", withdrawn_at__isnull=True).exists()

    record_incident(page, case_id, shoot)
    incident = Incident.objects.get(case=case)
    assert incident.gbv_type == GBVType.PHYSICAL_ASSAULT
    assert ContextFlag.INTIMATE_PARTNER in incident.context_flags

    add_service_and_follow_up(page, live_server, case_id, shoot)
    assert ServiceDelivery.objects.filter(case=case, service_type="crisis_counselling").exists()
    assert FollowUp.objects.filter(case=case, done_at__isnull=True).count() == 1

    request_closure(page, live_server, case_id, shoot)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_REQUESTED

    page.locator("form[action$='/accounts/logout/'] button").first.click()
    page.wait_for_load_state()
    sign_in(page, live_server, sam, devices["sam"], shoot)
    approve_closure(page, live_server, case_id, shoot)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    print(f"journey took {time.perf_counter() - started:.1f} s")
