"""The referral API's steps after sending: access ending on withdrawal of the consent
and of the referral, stale and out-of-turn steps and bad bodies refused without writing
anything, and accepting into a case of the receiver's."""

import datetime

from django.utils import timezone

from himoya.cases.models import Case
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.services import steps
from himoya.referrals.tests.api_flow_helpers import WITHDRAWAL_NOTE, today
from himoya.referrals.tests.base import (
    A_ONLY_SECRETS,
    REFERRAL_MESSAGE,
    SAFE_CONTACT_WORD,
)
from himoya.referrals.tests.test_api_access import ReferralApiTestCase


class AccessEndsTests(ReferralApiTestCase):
    """Withdrawal of the consent or of the referral ends B's access at once."""

    def setUp(self):
        super().setUp()
        self.referral = self.send(share_safe_contact=True)

    def assert_access_ended(self, reason):
        for user in (self.lena, self.victor):
            self.sign_in(user)
            response = self.client.get(f"/api/referrals/{self.referral.pk}")
            self.assertEqual(response.status_code, 200)
            body = response.json()
            self.assertIsNone(body["shared"])
            self.assertEqual(body["shared_unavailable_reason"], reason)
            text = response.content.decode()
            for hidden in (
                self.client_record.code,
                REFERRAL_MESSAGE,
                SAFE_CONTACT_WORD,
                WITHDRAWAL_NOTE,
                *A_ONLY_SECRETS.values(),
            ):
                self.assertNotIn(hidden, text)

    def test_withdrawing_the_consent_through_the_api(self):
        self.sign_in(self.bob)
        response = self.api(
            "post",
            f"/api/cases/{self.case.pk}/consents/{self.share_consent.pk}/withdraw",
            {"note": "She asked"},
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assert_access_ended("consent_withdrawn")
        # And the referral can no longer be accepted.
        self.sign_in(self.lena)
        response = self.api(
            "post", f"/api/referrals/{self.referral.pk}/accept", {"version": self.referral.version}
        )
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(response.json()["code"], "no_consent")
        self.assertFalse(Case.objects.filter(organisation=self.beta).exists())

    def test_withdrawing_the_referral_through_the_api(self):
        self.accepted(self.referral)
        self.referral.refresh_from_db()
        self.sign_in(self.bob)
        response = self.api(
            "post",
            f"/api/referrals/{self.referral.pk}/withdraw",
            {"version": self.referral.version, "note": WITHDRAWAL_NOTE},
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assert_access_ended("referral_closed")


class RefusalTests(ReferralApiTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.send()
        self.sign_in(self.lena)

    def victor_declines(self):
        """victor, at Beta, declines the referral (version 1); lena is signed in again."""
        self.sign_in(self.victor)
        self.api(
            "post",
            f"/api/referrals/{self.referral.pk}/decline",
            {"version": 1, "reason": "no_capacity"},
        )
        self.sign_in(self.lena)

    def test_stale_version_is_409_with_what_changed(self):
        Referral.objects.filter(pk=self.referral.pk).update(version=2)
        before = Case.objects.count()
        response = self.api("post", f"/api/referrals/{self.referral.pk}/accept", {"version": 1})
        self.assertEqual(response.status_code, 409, response.content)
        body = response.json()
        self.assertEqual(body["current_version"], 2)
        self.assertIn("version 1", body["message"])
        self.assertEqual(Case.objects.count(), before)
        self.assertEqual(Referral.objects.get().status, ReferralStatus.SENT)

    def test_a_version_never_saved_is_422_not_a_stale_edit(self):
        before = Case.objects.count()
        response = self.api("post", f"/api/referrals/{self.referral.pk}/accept", {"version": 99})
        self.assertEqual(response.status_code, 422, response.content)
        body = response.json()
        self.assertIn("version", body["errors"])
        self.assertIn("99", body["message"])
        self.assertNotIn("Someone else", body["message"])
        self.assertEqual(Case.objects.count(), before)
        self.assertEqual(Referral.objects.get().status, ReferralStatus.SENT)

    def test_accepting_what_a_colleague_declined_names_the_new_status(self):
        """The same copy (version 1) in two hands: the second answer is told what the
        referral became, not that "some field" changed."""
        self.victor_declines()
        response = self.api("post", f"/api/referrals/{self.referral.pk}/accept", {"version": 1})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "wrong_status")
        self.assertIn("declined", response.json()["message"])

    def test_stale_step_still_possible_names_the_status_in_the_callers_language(self):
        """Bob's copy is from before lena accepted; withdrawing is still possible, so
        the answer is a stale 409 that names the status as people read it."""
        steps.accept_referral(self.lena, self.referral, expected_version=1)
        self.sign_in(self.bob)
        for language, label in (("tg", "ҳолат"), ("ru", "статус"), ("en", "status")):
            with self.subTest(language=language):
                response = self.api(
                    "post",
                    f"/api/referrals/{self.referral.pk}/withdraw?lang={language}",
                    {"version": 1},
                )
                self.assertEqual(response.status_code, 409, response.content)
                body = response.json()
                self.assertEqual(body["changed"], ["status"])
                self.assertEqual(body["changes"], {"status": "accepted"})
                self.assertIn(label, body["message"])
                if language != "en":
                    self.assertNotIn("status", body["message"])
                    self.assertNotIn("Someone", body["message"])
        self.assertEqual(Referral.objects.get().status, ReferralStatus.ACCEPTED)

    def test_a_step_the_status_no_longer_allows_is_409_wrong_status(self):
        self.victor_declines()
        for step, body in (
            ("accept", {"version": 2}),
            ("service", {"version": 2, "date": today()}),
        ):
            with self.subTest(step=step):
                response = self.api("post", f"/api/referrals/{self.referral.pk}/{step}", body)
                self.assertEqual(response.status_code, 409, response.content)
                self.assertEqual(response.json()["code"], "wrong_status")
                self.assertIn("declined", response.json()["message"])
        self.sign_in(self.bob)
        response = self.api("post", f"/api/referrals/{self.referral.pk}/withdraw", {"version": 2})
        self.assertEqual(response.json()["code"], "wrong_status")

    def test_service_on_a_sent_referral_is_wrong_status(self):
        response = self.api(
            "post", f"/api/referrals/{self.referral.pk}/service", {"version": 1, "date": today()}
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "wrong_status")

    def test_bad_bodies_are_422_per_field_and_write_nothing(self):
        accepted = self.accepted()
        tomorrow = str(timezone.localdate() + datetime.timedelta(days=1))
        cases = [
            ("accept", self.referral, {"version": 1, "services_consent_method": "telepathy"}),
            ("accept", self.referral, {}),
            ("decline", self.referral, {"version": 1, "reason": "bored"}),
            ("decline", self.referral, {"version": 1, "reason": "other", "note": "  "}),
            ("service", accepted, {"version": accepted.version, "date": tomorrow}),
            ("service", accepted, {"version": accepted.version, "date": "someday"}),
        ]
        for step, referral, body in cases:
            with self.subTest(step=step, body=body):
                before = self.counts()
                response = self.api("post", f"/api/referrals/{referral.pk}/{step}", body)
                self.assertEqual(response.status_code, 422, response.content)
                errors = response.json()["errors"]
                self.assertTrue(errors)
                self.assertTrue(all(isinstance(v, list) and v for v in errors.values()))
                self.assertEqual(self.counts(), before)
        response = self.client.post(f"/api/referrals/{self.referral.pk}/accept", {"version": 1})
        self.assertEqual(response.status_code, 415)

    def test_service_needs_the_clients_consent_on_the_receivers_record(self):
        # Accepted without recording her consent to Beta's services.
        without = self.lena_accepts(self.send())
        before = self.counts()
        response = self.api(
            "post",
            f"/api/referrals/{without.pk}/service",
            {"version": without.version, "date": today()},
        )
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("__all__", response.json()["errors"])
        self.assertEqual(self.counts(), before)

    def lena_accepts(self, referral):
        response = self.api(
            "post", f"/api/referrals/{referral.pk}/accept", {"version": referral.version}
        )
        self.assertEqual(response.status_code, 200, response.content)
        return Referral.objects.get(pk=referral.pk)


class AcceptTests(ReferralApiTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.send()

    def accept(self, user, **body):
        self.sign_in(user)
        return self.api("post", f"/api/referrals/{self.referral.pk}/accept", {"version": 1, **body})

    def test_caseworker_accepts_into_her_own_new_case(self):
        response = self.accept(self.lena, services_consent_method="verbal")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        case = Case.objects.get(pk=body["receiving_case_id"])
        self.assertEqual((case.organisation, case.caseworker), (self.beta, self.lena))
        self.assertEqual(body["status"], "accepted")
        self.assertEqual(body["shared"]["client_code"], self.client_record.code)
        self.assertIsNotNone(body["time_to_acceptance_hours"])

    def test_supervisor_assigns_the_new_case(self):
        response = self.accept(self.victor, caseworker="lena")
        self.assertEqual(response.status_code, 200, response.content)
        case = Case.objects.get(pk=response.json()["receiving_case_id"])
        self.assertEqual(case.caseworker, self.lena)

    def test_caseworker_cannot_assign_someone_else(self):
        response = self.accept(self.lena, caseworker="victor")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Referral.objects.get().status, ReferralStatus.SENT)

    def test_unknown_or_outside_caseworker_is_a_field_error(self):
        for name in ("nobody", "bob"):
            response = self.accept(self.victor, caseworker=name)
            self.assertEqual(response.status_code, 422, response.content)
            self.assertIn("caseworker", response.json()["errors"])
        self.assertFalse(Case.objects.filter(organisation=self.beta).exists())
