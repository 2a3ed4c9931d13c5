"""From a 1313 call in Isfara to a legal consultation delivered, in a real Chromium, in Tajik.

A hotline operator signs in, logs a call from a woman in Isfara with a legal question,
and refers her to the Isfara state legal aid office's primary legal aid (nearest first),
ticking that she agreed verbally. The state lawyer there signs in, sees the notification
and the referral in her inbox, accepts it (recording the client's consent to services)
and records a primary legal aid consultation. The operator signs in again and sees the
referral completed on the call's page and in her list of referrals sent. Once on a
360x740 phone and once on a desktop screen, with a screenshot of every step in
var/screenshots/. Selectors use field names and link targets, not wording; every step
waits for the page it leads to, so any failing step fails the test.
"""

import re
import time

import pytest
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.models import ServiceDelivery
from himoya.clients.models import ConsentKind, ConsentMethod
from himoya.core.roles import Role
from himoya.core.tests import conftest as browser_fixtures
from himoya.core.tests.browser import ISFARA_OFFICE_NAME_TG, make_isfara_legal_aid, sign_in
from himoya.directory.models import OrganisationKind, ServiceType
from himoya.directory.tests.factories import OrganisationFactory
from himoya.hotline.models import Call
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.models import Referral, ReferralStatus

# The browser fixtures live beside the other journeys; naming them here makes them visible.
chromium = browser_fixtures.chromium
page = browser_fixtures.page
shoot = browser_fixtures.shoot

pytestmark = [
    pytest.mark.browser,
    # Geography comes from a data migration; serialized rollback puts it back for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MESSAGE = "Дар бораи алимент пурсид; баъд аз соати 14 занг занед."


def tajik(label) -> str:
    with translation.override("tg"):
        return str(label)


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


@pytest.fixture
def people():
    """The 1313 hotline with an operator; the Isfara office with a state lawyer."""
    hotline = OrganisationFactory(
        slug="hotline-1313",
        kind=OrganisationKind.HOTLINE,
        district__slug="ismoili-somoni",
        code_prefix="HL",
    )
    operator = UserFactory(
        username="dilnoza",
        organisation=hotline,
        role=Role.HOTLINE_OPERATOR,
        profession=Profession.HOTLINE_OPERATOR,
    )
    isfara = make_isfara_legal_aid()
    lawyer = UserFactory(
        username="firuza",
        organisation=isfara["office"],
        role=Role.CASEWORKER,
        profession=Profession.STATE_LAWYER,
    )
    devices = {
        user.username: TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        for user in (operator, lawyer)
    }
    return {
        "hotline": hotline,
        "operator": operator,
        "lawyer": lawyer,
        **isfara,
        "devices": devices,
    }






def sign_out(page):
    page.locator("form[action$='/accounts/logout/'] button").first.click()
    page.wait_for_load_state()


def log_call(page, live_server, shoot) -> int:
    page.goto(live_server.url + "/hotline/")
    page.locator("main a[href='/hotline/new/']").first.click()
    page.wait_for_url(re.compile(r"/hotline/new/$"))
    form = page.locator("main form.call-form")
    form.locator("input[name=duration_minutes]").fill("14")
    form.locator("input[name=topic][value=legal_question]").check()
    form.locator("input[name=caller_type][value=survivor]").check()
    form.locator("select[name=sex]").select_option("female")
    form.locator("select[name=age_group]").select_option("26-40")
    form.locator("select[name=district]").select_option("isfara")
    form.locator("input[name=forms_of_violence][value=economic]").check()
    form.locator("input[name=actions][value=information]").check()
    form.locator("textarea[name=summary]").fill("Дар бораи алимент ва талоқ пурсид.")
    shoot(page, "call-filled")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/hotline/\d+/$"))
    shoot(page, "call-logged")
    return int(re.search(r"/hotline/(\d+)/", page.url).group(1))


def refer(page, call_id: int, service, shoot):
    page.locator(f"main a[href='/hotline/{call_id}/refer/']").click()
    page.wait_for_url(re.compile(rf"/hotline/{call_id}/refer/"))
    # Nearest first: the Isfara office heads the first list of services.
    first_section = page.locator("main section").first
    expect(first_section).to_contain_text(ISFARA_OFFICE_NAME_TG)
    shoot(page, "refer-choose-service")
    first_section.locator(f"a[href='?service={service.pk}']").click()
    page.wait_for_url(re.compile(rf"/refer/\?service={service.pk}$"))
    form = page.locator("main form[method=post]")
    expect(form.locator("input[name=needs][value=legal]")).to_be_checked()
    form.locator("input[name=urgency][value='2']").check()
    form.locator("textarea[name=message]").fill(MESSAGE)
    form.locator("input[name=verbal_consent]").check()
    shoot(page, "refer-filled")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/hotline/{call_id}/$"))
    expect(page.locator("main section[aria-labelledby=call-referrals] tbody tr")).to_contain_text(
        tajik(ReferralStatus.SENT.label)
    )
    shoot(page, "referral-sent")


def accept_and_record_service(page, live_server, referral_id: int, shoot):
    # The notification: a badge in the menu, and the list links to the referral.
    expect(page.locator(".nav-notifications .badge")).to_have_text("1")
    page.goto(live_server.url + "/notifications/")
    expect(page.locator("main table.notifications tr.unread")).to_contain_text(f"R-{referral_id}")
    shoot(page, "lawyer-notification")

    page.goto(live_server.url + "/referrals/")
    row = page.locator(f"main table.referrals tr:has(a[href='/referrals/{referral_id}/'])")
    expect(row).to_contain_text(tajik(ReferralStatus.SENT.label))
    shoot(page, "lawyer-inbox")
    row.locator(f"a[href='/referrals/{referral_id}/']").click()
    page.wait_for_url(re.compile(rf"/referrals/{referral_id}/$"))
    # What the caller agreed to share: the message, and no name or number.
    expect(page.locator("main section[aria-labelledby=shared]")).to_contain_text(MESSAGE)
    shoot(page, "lawyer-referral")

    accept = page.locator(f"main form[action$='/referrals/{referral_id}/accept/']")
    accept.locator("input[name='accept-services_consent'][value=verbal]").check()
    accept.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/referrals/{referral_id}/$"))
    expect(page.locator("main section[aria-labelledby=referral-facts]")).to_contain_text(
        capfirst(tajik(ReferralStatus.ACCEPTED.label))
    )
    shoot(page, "lawyer-accepted")

    service = page.locator(f"main form[action$='/referrals/{referral_id}/service/']")
    expect(service.locator("input[name='service-date']")).to_have_value(str(timezone.localdate()))
    service.locator("textarea[name='service-notes']").fill(
        "Машварат дар бораи алимент; ариза омода шуд."
    )
    shoot(page, "lawyer-service-filled")
    service.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/referrals/{referral_id}/$"))
    expect(page.locator("main section[aria-labelledby=referral-facts]")).to_contain_text(
        capfirst(tajik(ReferralStatus.COMPLETED.label))
    )
    shoot(page, "lawyer-service-recorded")


def operator_sees_completed(page, live_server, call_id: int, referral_id: int, shoot):
    completed = tajik(ReferralStatus.COMPLETED.label)
    page.goto(f"{live_server.url}/hotline/{call_id}/")
    row = page.locator("main section[aria-labelledby=call-referrals] tbody tr")
    expect(row).to_contain_text(completed)
    expect(row).to_contain_text(ISFARA_OFFICE_NAME_TG)
    shoot(page, "operator-call-completed")
    page.goto(live_server.url + "/referrals/sent/")
    sent_row = page.locator(f"main tr:has(a[href='/referrals/{referral_id}/'])")
    expect(sent_row).to_contain_text(completed)
    shoot(page, "operator-sent-list")


def test_hotline_call_in_isfara_referred_accepted_and_served(page, live_server, people, shoot):
    operator, lawyer, devices = people["operator"], people["lawyer"], people["devices"]
    service = people["service"]
    started = time.perf_counter()

    sign_in(page, live_server, operator, devices["dilnoza"], shoot)
    call_id = log_call(page, live_server, shoot)
    call = Call.objects.get(pk=call_id)
    assert call.organisation == people["hotline"] and call.operator == operator
    assert call.district.slug == "isfara" and call.topic == "legal_question"
    assert call.callback_name == "" and call.callback_phone == ""

    refer(page, call_id, service, shoot)
    referral = Referral.objects.get(from_call=call)
    assert referral.to_organisation == people["office"] and referral.service == service
    assert referral.status == ReferralStatus.SENT and referral.message == MESSAGE
    consent = referral.client.consents.get(kind=ConsentKind.SHARE_ORGANISATION)
    assert consent.method == ConsentMethod.VERBAL
    assert consent.recipient_organisation == people["office"]
    assert consent.taken_at <= referral.sent_at
    assert Notification.objects.filter(
        user=lawyer, kind=NotificationKind.REFERRAL_RECEIVED, referral=referral
    ).exists()

    sign_out(page)
    sign_in(page, live_server, lawyer, devices["firuza"], shoot)
    accept_and_record_service(page, live_server, referral.pk, shoot)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.accepted_by == lawyer
    case = referral.receiving_case
    assert case.organisation == people["office"] and case.caseworker == lawyer
    assert case.client.consents.filter(
        kind=ConsentKind.SERVICES, method=ConsentMethod.VERBAL, withdrawn_at__isnull=True
    ).exists()
    delivery = ServiceDelivery.objects.get(case=case)
    assert delivery.service_type == ServiceType.PRIMARY_LEGAL_AID
    assert referral.service_delivery == delivery
    assert referral.sent_at < referral.accepted_at < referral.completed_at

    sign_out(page)
    sign_in(page, live_server, operator, devices["dilnoza"], shoot)
    operator_sees_completed(page, live_server, call_id, referral.pk, shoot)
    print(f"journey took {time.perf_counter() - started:.1f} s")
