"""B's access to A's shared data ends at once: on withdrawal of the consent, on
withdrawal of the referral, on decline, completion and expiry; through the pages and
the API alike. And expiry alerts A's supervisor, by email without identifying data.

"At once" means the very next request, with nothing cached and no job run in between:
the pages and the API ask shared_view() on every read.
"""

import datetime
import io
import re
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from himoya.accounts.models import ApiToken
from himoya.cases.services.service_deliveries import add_service_delivery
from himoya.clients.consent import withdraw_consent
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.models import DeclineReason, Referral, ReferralStatus, Urgency
from himoya.referrals.services.steps import (
    accept_referral,
    decline_referral,
    withdraw_referral,
)
from himoya.referrals.tests.base import (
    A_ONLY_SECRETS,
    REFERRAL_MESSAGE,
    SAFE_CONTACT_WORD,
    ReferralTestCase,
)
from himoya.referrals.views.shared import closed_notice
from tests.no_leak_walker import body_text

WITHDRAWAL_NOTE = "A-only: the client moved back in with her husband"


class AccessEndsTests(ReferralTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.send(share_safe_contact=True)
        self.shared = {
            "client code": self.client_record.code,
            "message": REFERRAL_MESSAGE,
            "code word": SAFE_CONTACT_WORD,
        }

    # ---- reading as B ----

    def fresh(self) -> Referral:
        return Referral.objects.get(pk=self.referral.pk)

    def page(self, user, name="referrals:detail", args=None):
        self.client.logout()
        self.sign_in(user)
        response = self.client.get(reverse(name, args=[self.referral.pk] if args is None else args))
        self.assertEqual(response.status_code, 200, f"{name} as {user.username}")
        return body_text(response)

    def api_detail(self, user) -> tuple[dict, str]:
        _record, token = ApiToken.issue(user, "access ends")
        response = self.client.get(
            f"/api/referrals/{self.referral.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        self.assertEqual(response.status_code, 200, f"API as {user.username}")
        return response.json(), body_text(response)

    def assert_sees_shared(self, user):
        page = self.page(user)
        data, text = self.api_detail(user)
        for what, value in self.shared.items():
            self.assertTrue(value in page, f"the page does not show {user.username} the {what}")
            self.assertTrue(value in text, f"the API does not show {user.username} the {what}")
        self.assertIsNotNone(data["shared"])

    def assert_sees_nothing_shared(self, user, reason=None):
        """The page still loads, says why; the API answers shared=null; neither, nor
        the lists, holds the client code, the message or the code word."""
        referral = self.fresh()
        page = self.page(user)
        data, text = self.api_detail(user)
        self.assertIsNone(data["shared"])
        if reason is not None:
            self.assertEqual(data["shared_unavailable_reason"], reason)
        # Pages without a language prefix are in Tajik.
        with translation.override("tg"):
            notice = closed_notice(referral)
        self.assertTrue(notice in page, f"the page does not say why the details are gone: {notice}")
        readings = {"the referral page": page, "GET /api/referrals/{id}": text}
        readings["the inbox"] = self.page(user, "referrals:inbox", args=[])
        readings["the received list"] = self.api_list(user, "/api/referrals/received")
        if referral.receiving_case_id:
            readings["the pathway"] = self.page(
                user, "referrals:pathway", args=[referral.receiving_case_id]
            )
            readings["the pathway API"] = self.api_list(
                user, f"/api/referrals/pathway/{referral.receiving_case_id}"
            )
        for where, body in readings.items():
            for what, value in {**self.shared, **A_ONLY_SECRETS}.items():
                self.assertFalse(value in body, f"{where} still shows {user.username} the {what}")
            self.assertFalse(WITHDRAWAL_NOTE in body, f"{where} shows A's withdrawal note")

    def api_list(self, user, url) -> str:
        _record, token = ApiToken.issue(user, "access ends list")
        response = self.client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(response.status_code, 200, url)
        return body_text(response)

    def accept(self):
        self.referral = accept_referral(
            self.lena, self.fresh(), expected_version=self.fresh().version
        )

    # ---- consent ----

    def test_before_anything_ends_b_sees_what_she_agreed_to_share(self):
        for user in (self.lena, self.victor):
            self.assert_sees_shared(user)

    def test_withdrawing_consent_ends_access_at_once(self):
        self.assert_sees_shared(self.lena)
        withdraw_consent(self.share_consent, self.bob, "She asked us to stop sharing")
        for user in (self.lena, self.victor):
            self.assert_sees_nothing_shared(user, "consent_withdrawn")
        # The referral itself is still open: only the shared data is gone.
        self.assertEqual(self.fresh().status, ReferralStatus.SENT)

    def test_withdrawing_consent_after_acceptance_ends_access_at_once(self):
        self.accept()
        self.assert_sees_shared(self.lena)
        withdraw_consent(self.share_consent, self.bob)
        for user in (self.lena, self.victor):
            self.assert_sees_nothing_shared(user, "consent_withdrawn")
        # B keeps its own case.
        self.client.logout()
        self.sign_in(self.lena)
        case_page = self.client.get(f"/cases/{self.fresh().receiving_case_id}/")
        self.assertEqual(case_page.status_code, 200)

    def test_withdrawing_consent_through_the_api_ends_access_at_once(self):
        self.assert_sees_shared(self.lena)
        _record, token = ApiToken.issue(self.bob, "withdraw")
        response = self.client.post(
            f"/api/cases/{self.case.pk}/consents/{self.share_consent.pk}/withdraw",
            "{}",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        self.assertLess(response.status_code, 300, response.content)
        self.assert_sees_nothing_shared(self.lena, "consent_withdrawn")

    # ---- the referral ----

    def test_withdrawing_the_referral_ends_access_at_once(self):
        self.assert_sees_shared(self.lena)
        withdraw_referral(
            self.bob, self.fresh(), expected_version=self.fresh().version, note=WITHDRAWAL_NOTE
        )
        for user in (self.lena, self.victor):
            self.assert_sees_nothing_shared(user, "referral_closed")

    def test_withdrawing_an_accepted_referral_through_the_page_ends_access_at_once(self):
        self.accept()
        self.assert_sees_shared(self.lena)
        self.client.logout()
        self.sign_in(self.bob)
        response = self.client.post(
            reverse("referrals:withdraw", args=[self.referral.pk]),
            {"withdraw-version": self.fresh().version, "withdraw-note": WITHDRAWAL_NOTE},
        )
        self.assertLess(response.status_code, 400)
        self.assertEqual(self.fresh().status, ReferralStatus.WITHDRAWN, response.content[:300])
        self.assert_sees_nothing_shared(self.lena, "referral_closed")

    def test_declining_ends_access(self):
        decline_referral(
            self.lena,
            self.fresh(),
            expected_version=self.fresh().version,
            reason=DeclineReason.NO_CAPACITY,
        )
        for user in (self.lena, self.victor):
            self.assert_sees_nothing_shared(user, "referral_closed")

    def test_completing_ends_access(self):
        """Recording the requested service in B's own case completes the referral."""
        self.referral = accept_referral(
            self.lena,
            self.fresh(),
            expected_version=self.fresh().version,
            services_consent_method="verbal",
        )
        add_service_delivery(
            self.fresh().receiving_case,
            actor=self.lena,
            values={
                "date": timezone.localdate(),
                "sector": self.legal_aid.sector,
                "service_type": self.legal_aid.service_type,
            },
        )
        self.assertEqual(self.fresh().status, ReferralStatus.COMPLETED)
        for user in (self.lena, self.victor):
            self.assert_sees_nothing_shared(user, "referral_closed")

    # ---- expiry ----

    def run_expiry(self, at) -> str:
        out = io.StringIO()
        with (
            mock.patch("django.utils.timezone.now", return_value=at),
            self.captureOnCommitCallbacks(execute=True),
        ):
            call_command("expire_referrals", stdout=out)
        return out.getvalue()

    def test_expiry_ends_access_and_alerts_the_supervisor_without_identifying_data(self):
        Notification.objects.all().delete()
        mail.outbox.clear()
        with override_settings(HIMOYA_REFERRAL_EXPIRY_DAYS=3):
            # Routine: its deadline (3 working days) is never before the 3-day expiry,
            # whatever the weekday, so no overdue alert joins the expiry's.
            referral = self.send(share_safe_contact=True, urgency=Urgency.ROUTINE)
        self.referral = referral
        sent = referral.sent_at
        self.assertEqual(referral.expires_at, sent + datetime.timedelta(days=3))
        # This test is about expiry alone: setUp's urgent referral would be past its
        # response deadline (1 working day) three days later on some weekdays, and its
        # overdue alerts would join the expiry's. test_deadlines covers those.
        Referral.objects.update(respond_by=F("expires_at"))

        # Not yet: nothing expires, nobody is alerted.
        output = self.run_expiry(sent + datetime.timedelta(days=3, minutes=-1))
        self.assertEqual(re.findall(r"(\d+) referrals expired", output), ["0"], output)
        self.assertFalse(
            Notification.objects.filter(kind=NotificationKind.REFERRAL_EXPIRED).exists()
        )
        self.assertEqual(mail.outbox, [])

        output = self.run_expiry(sent + datetime.timedelta(days=3, minutes=1))
        self.assertEqual(re.findall(r"(\d+) referrals expired", output), ["1"], output)
        self.assertEqual(self.fresh().status, ReferralStatus.EXPIRED)
        # The referral of setUp was sent with the default of 7 days: not due yet.
        self.assertEqual(Referral.objects.filter(status=ReferralStatus.SENT).count(), 1)
        alert = Notification.objects.get(user=self.sam, kind=NotificationKind.REFERRAL_EXPIRED)
        self.assertEqual(alert.referral_id, referral.pk)
        emails = [message for message in mail.outbox if self.sam.email in message.to]
        self.assertEqual(len(emails), 1)
        email = emails[0]
        text = f"{email.subject}\n{email.body}\n" + "\n".join(
            str(content) for content, _type in getattr(email, "alternatives", [])
        )
        identifying = {
            **A_ONLY_SECRETS,
            "client code": self.client_record.code,
            "message": REFERRAL_MESSAGE,
            "code word": SAFE_CONTACT_WORD,
            "reference": referral.reference,
        }
        for language in ("tg", "ru", "en"):
            for what, named in (
                ("district", self.client_record.district),
                ("service", self.legal_aid),
                ("receiving organisation", self.beta),
                ("sending organisation", self.alpha),
            ):
                identifying[f"{what} ({language})"] = getattr(named, f"name_{language}")
        for what, value in identifying.items():
            self.assertNotIn(value, text, f"the expiry email carries the {what}")
        self.assertIn(reverse("notifications:open", args=[alert.pk]), email.body)
        self.assert_sees_nothing_shared(self.lena, "referral_closed")
