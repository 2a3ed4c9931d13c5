"""The referral API end to end: sending (refused without consent), what each side reads,
access ending on withdrawal of consent and of the referral, stale and out-of-turn
steps, the lists (order, filters, query counts) and token access."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from himoya.accounts.models import ApiToken
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import Case, CaseStatus
from himoya.clients.consent import withdraw_consent
from himoya.referrals import services
from himoya.referrals.models import Referral, ReferralStatus, Urgency
from himoya.referrals.services import consent_refusal
from himoya.referrals.tests.base import (
    A_ONLY_SECRETS,
    REFERRAL_MESSAGE,
    SAFE_CONTACT_WORD,
    make_service,
)
from himoya.referrals.tests.test_api_access import ReferralApiTestCase

# The core API's message (core's catalog; a name, not a literal, so that makemessages
# does not copy it into this app's catalog).
INVALID_FIELDS = "The request has invalid fields."
WITHDRAWAL_NOTE = "Her husband found the referral letter"
B_SERVICE_NOTES = "Explained alimony procedure at the Isfara office"


def today() -> str:
    return str(timezone.localdate())


class SendTests(ReferralApiTestCase):
    def body(self, **extra):
        values = {
            "from_case_id": self.case.pk,
            "service_id": self.legal_aid.pk,
            "urgency": 1,
            "needs": ["legal", "psychological"],
            "message": REFERRAL_MESSAGE,
            "share_safe_contact": True,
        }
        values.update(extra)
        return values

    def test_sends_and_answers_as_the_sender(self):
        self.sign_in(self.bob)
        response = self.api("post", "/api/referrals/", self.body())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        referral = Referral.objects.get()
        self.assertEqual(body["id"], referral.pk)
        self.assertEqual(body["reference"], f"R-{referral.pk}")
        self.assertEqual((body["side"], body["status"], body["urgency"]), ("sender", "sent", 1))
        self.assertEqual(body["to_organisation"]["slug"], "beta")
        self.assertEqual(body["service"]["service_type"], "primary_legal_aid")
        self.assertEqual(body["needs"], ["legal", "psychological"])
        self.assertEqual(body["message"], REFERRAL_MESSAGE)
        self.assertEqual(body["from_case_id"], self.case.pk)
        self.assertIsNone(body["shared"])
        self.assertIsNone(body["receiving_case_id"])
        self.assertTrue(referral.share_safe_contact)

    def assert_refused(self, body, status, field=None, code=None):
        self.sign_in(self.bob)
        before = (Referral.objects.count(), AuditEntry.objects.count())
        response = self.api("post", "/api/referrals/", body)
        self.assertEqual(response.status_code, status, response.content)
        answer = response.json()
        self.assertTrue(answer["message"])
        if field:
            self.assertIn(field, answer["errors"])
        if code:
            self.assertEqual(answer["code"], code)
        self.assertEqual((Referral.objects.count(), AuditEntry.objects.count()), before)
        return answer

    def test_refused_without_consent_and_nothing_written(self):
        withdraw_consent(self.share_consent, self.bob)
        answer = self.assert_refused(self.body(), 422, code="no_consent")
        self.assertIn("consent", answer["message"])
        self.assertIn("beta", answer["message"].lower())
        self.assertEqual(answer["errors"]["__all__"], [answer["message"]])

    def test_refusals_in_the_callers_language(self):
        withdraw_consent(self.share_consent, self.bob)
        self.sign_in(self.bob)
        for language in ("tg", "ru", "en"):
            with translation.override(language):
                # (Computed first: the request leaves the site's language active.)
                refusal = consent_refusal(self.client_record, self.legal_aid)
                invalid = gettext(INVALID_FIELDS)
            with self.subTest(language=language):
                url = f"/api/referrals/?lang={language}"
                answer = self.api("post", url, self.body()).json()
                self.assertEqual(answer["message"], refusal)
                answer = self.api("post", url, self.body(urgency=0)).json()
                self.assertEqual(answer["message"], invalid)
        self.assertFalse(Referral.objects.exists())

    def test_unknown_service_is_a_field_error_not_a_404(self):
        self.assert_refused(self.body(service_id=987654), 422, "service_id")

    def test_own_service_inactive_service_and_bad_needs_are_refused(self):
        own = make_service(self.alpha)
        self.assert_refused(self.body(service_id=own.pk), 422, "service")
        self.legal_aid.is_active = False
        self.legal_aid.save()
        self.assert_refused(self.body(), 422, "service")
        self.legal_aid.is_active = True
        self.legal_aid.save()
        self.assert_refused(self.body(needs=[]), 422, "needs")
        self.assert_refused(self.body(needs=["nonsense"]), 422)
        self.assert_refused(self.body(urgency=4), 422, "urgency")
        self.assert_refused(self.body(unknown=1), 422, "unknown")
        self.assert_refused(self.body(message="x" * 4001), 422, "message")

    def test_form_body_is_415_and_closed_case_is_409(self):
        self.sign_in(self.bob)
        response = self.client.post("/api/referrals/", {"from_case_id": self.case.pk})
        self.assertEqual(response.status_code, 415)
        Case.objects.filter(pk=self.case.pk).update(status=CaseStatus.CLOSED)
        self.assert_refused(self.body(), 409)


class ReceiverViewTests(ReferralApiTestCase):
    def get(self, user, referral):
        self.sign_in(user)
        response = self.client.get(f"/api/referrals/{referral.pk}")
        self.assertEqual(response.status_code, 200, response.content)
        return response

    def assert_no_secrets(self, response):
        text = response.content.decode()
        for key, secret in A_ONLY_SECRETS.items():
            self.assertNotIn(secret, text, key)

    def test_receiver_reads_the_shared_view_and_the_read_is_audited(self):
        referral = self.send(share_safe_contact=True)
        response = self.get(self.lena, referral)
        body = response.json()
        shared = body["shared"]
        self.assertEqual(body["side"], "receiver")
        self.assertEqual(shared["client_code"], self.client_record.code)
        self.assertEqual(shared["district"], self.client_record.district.slug)
        self.assertEqual(shared["risk_level"], "high")
        self.assertEqual(shared["message"], REFERRAL_MESSAGE)
        self.assertEqual(shared["safe_contact"]["code_word"], SAFE_CONTACT_WORD)
        self.assertEqual(shared["service"]["id"], self.legal_aid.pk)
        for key in ("message", "from_case_id", "withdrawal_note", "shared_unavailable_reason"):
            self.assertIsNone(body[key], key)
        self.assert_no_secrets(response)
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_READ).latest("id")
        self.assertEqual(entry.actor, self.lena)
        self.assertEqual(entry.organisation, self.beta)
        self.assertEqual(
            entry.detail,
            {
                "what": "referral_shared",
                "referral": referral.pk,
                "via": "api",
            },
        )

    def test_safe_contact_only_when_shared(self):
        body = self.get(self.victor, self.send()).json()
        self.assertIsNone(body["shared"]["safe_contact"])
        self.assertNotIn(SAFE_CONTACT_WORD, str(body))

    def test_sender_never_reads_the_receivers_case(self):
        referral = self.accepted(self.send())
        self.sign_in(self.lena)
        self.api(
            "post",
            f"/api/referrals/{referral.pk}/service",
            {"version": referral.version, "date": today(), "notes": B_SERVICE_NOTES},
        )
        own_code = Case.objects.get(pk=referral.receiving_case_id).client.code
        for user in (self.bob, self.sam):
            response = self.get(user, referral)
            body = response.json()
            self.assertEqual((body["side"], body["status"]), ("sender", "completed"))
            self.assertIsNone(body["receiving_case_id"])
            self.assertIsNone(body["shared"])
            self.assertIsNotNone(body["time_to_service_hours"])
            self.assertNotIn(B_SERVICE_NOTES, response.content.decode())
            self.assertNotIn(own_code, response.content.decode())

    def test_decline_note_is_for_both_sides_withdrawal_note_for_the_sender(self):
        declined = self.send()
        self.sign_in(self.lena)
        self.api(
            "post",
            f"/api/referrals/{declined.pk}/decline",
            {"version": declined.version, "reason": "other", "note": "Lawyer on leave"},
        )
        for user in (self.bob, self.lena):
            body = self.get(user, declined).json()
            self.assertEqual(
                (body["decline_reason"], body["decline_note"]), ("other", "Lawyer on leave")
            )
        withdrawn = self.send()
        self.sign_in(self.bob)
        response = self.api(
            "post",
            f"/api/referrals/{withdrawn.pk}/withdraw",
            {"version": withdrawn.version, "note": WITHDRAWAL_NOTE},
        )
        self.assertEqual(response.json()["withdrawal_note"], WITHDRAWAL_NOTE)
        self.assertNotIn(WITHDRAWAL_NOTE, self.get(self.lena, withdrawn).content.decode())


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


class SecretsTests(ReferralApiTestCase):
    def test_nothing_of_alphas_secrets_in_any_answer_to_the_receiver(self):
        first, second = self.send(share_safe_contact=True), self.send()
        answers = []
        self.sign_in(self.lena)
        answers.append(self.client.get("/api/referrals/received"))
        answers.append(self.client.get(f"/api/referrals/{first.pk}"))
        answers.append(
            self.api(
                "post",
                f"/api/referrals/{first.pk}/accept",
                {"version": 1, "services_consent_method": "verbal"},
            )
        )
        case_id = answers[-1].json()["receiving_case_id"]
        answers.append(self.client.get(f"/api/referrals/pathway/{case_id}"))
        self.sign_in(self.victor)
        answers.append(
            self.api(
                "post",
                f"/api/referrals/{second.pk}/decline",
                {"version": 1, "reason": "no_capacity"},
            )
        )
        answers.append(self.client.get("/api/referrals/received?status=declined"))
        answers.append(self.client.get(f"/api/cases/{case_id}"))
        self.sign_in(self.lena)
        answers.append(
            self.api("post", f"/api/referrals/{first.pk}/service", {"version": 2, "date": today()})
        )
        answers.append(self.client.get(f"/api/referrals/{first.pk}"))
        for response in answers:
            with self.subTest(url=response.request["PATH_INFO"]):
                self.assertLess(response.status_code, 300, response.content)
                text = response.content.decode()
                for key, secret in A_ONLY_SECRETS.items():
                    self.assertNotIn(secret, text, key)

    def test_lists_carry_no_client_code(self):
        referral = self.send()
        self.sign_in(self.lena)
        response = self.client.get("/api/referrals/received")
        self.assertEqual(response.json()["items"][0]["id"], referral.pk)
        self.assertNotIn(self.client_record.code, response.content.decode())
        self.assertNotIn(REFERRAL_MESSAGE, response.content.decode())
        self.sign_in(self.bob)
        response = self.client.get("/api/referrals/sent")
        self.assertNotIn(self.client_record.code, response.content.decode())


class RefusalTests(ReferralApiTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.send()
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

    def test_accepting_what_a_colleague_declined_names_the_new_status(self):
        """The same copy (version 1) in two hands: the second answer is told what the
        referral became, not that "some field" changed."""
        self.sign_in(self.victor)
        self.api(
            "post",
            f"/api/referrals/{self.referral.pk}/decline",
            {"version": 1, "reason": "no_capacity"},
        )
        self.sign_in(self.lena)
        response = self.api("post", f"/api/referrals/{self.referral.pk}/accept", {"version": 1})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "wrong_status")
        self.assertIn("declined", response.json()["message"])

    def test_stale_step_still_possible_names_the_status_in_the_callers_language(self):
        """Bob's copy is from before lena accepted; withdrawing is still possible, so
        the answer is a stale 409 that names the status as people read it."""
        services.accept_referral(self.lena, self.referral, expected_version=1)
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
        self.sign_in(self.victor)
        self.api(
            "post",
            f"/api/referrals/{self.referral.pk}/decline",
            {"version": 1, "reason": "no_capacity"},
        )
        self.sign_in(self.lena)
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


class ListTests(ReferralApiTestCase):
    def make_rows(self, count):
        now = timezone.now()
        return [
            self.make_referral(
                urgency=[Urgency.ROUTINE, Urgency.EMERGENCY, Urgency.URGENT][n % 3],
                sent_at=now - datetime.timedelta(hours=n),
            )
            for n in range(count)
        ]

    def test_inbox_is_most_urgent_first_then_oldest(self):
        rows = self.make_rows(6)
        self.sign_in(self.lena)
        items = self.client.get("/api/referrals/received").json()["items"]
        expected = sorted(rows, key=lambda r: (r.urgency, r.sent_at))
        self.assertEqual([item["id"] for item in items], [r.pk for r in expected])
        self.assertNotIn("to_organisation", items[0])
        self.assertEqual(items[0]["from_organisation"]["slug"], "alpha")

    def test_filters(self):
        rows = self.make_rows(6)
        Referral.objects.filter(pk=rows[0].pk).update(status=ReferralStatus.DECLINED)
        self.sign_in(self.lena)
        body = self.client.get("/api/referrals/received?urgency=1").json()
        self.assertEqual(body["count"], 2)
        self.assertTrue(all(item["urgency"] == 1 for item in body["items"]))
        body = self.client.get("/api/referrals/received?status=declined").json()
        self.assertEqual([item["id"] for item in body["items"]], [rows[0].pk])
        response = self.client.get("/api/referrals/received?status=lost&urgency=9")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(set(response.json()["errors"]), {"status", "urgency"})

    def test_sent_is_newest_first_with_the_times(self):
        rows = self.make_rows(3)
        accepted_at = rows[0].sent_at + datetime.timedelta(hours=5)
        Referral.objects.filter(pk=rows[0].pk).update(
            status=ReferralStatus.ACCEPTED, accepted_at=accepted_at
        )
        self.sign_in(self.sam)
        items = self.client.get("/api/referrals/sent").json()["items"]
        self.assertEqual([item["id"] for item in items], [r.pk for r in rows])
        self.assertEqual(items[0]["time_to_acceptance_hours"], 5.0)
        self.assertIsNone(items[0]["time_to_service_hours"])
        self.assertEqual(items[0]["to_organisation"]["slug"], "beta")

    def test_pagination(self):
        self.make_rows(5)
        self.sign_in(self.lena)
        body = self.client.get("/api/referrals/received?per_page=2&page=3").json()
        self.assertEqual((body["count"], body["total_pages"], len(body["items"])), (5, 3, 1))

    def test_queries_do_not_grow_with_the_page_size(self):
        self.make_rows(25)

        def queries(user, which, per_page):
            self.sign_in(user)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(f"/api/referrals/{which}?per_page={per_page}")
            self.assertEqual(len(response.json()["items"]), per_page)
            return len(captured)

        self.assertEqual(queries(self.lena, "received", 1), queries(self.lena, "received", 25))
        self.assertEqual(queries(self.bob, "sent", 1), queries(self.bob, "sent", 25))


class TokenTests(ReferralApiTestCase):
    def test_a_token_reads_and_writes_without_a_session(self):
        referral = self.send()
        _token, secret = ApiToken.issue(self.lena, "phone")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        response = self.client.get("/api/referrals/received", **auth)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)
        response = self.api(
            "post",
            f"/api/referrals/{referral.pk}/accept",
            {"version": referral.version},
            **auth,
        )
        self.assertEqual(response.status_code, 200, response.content)
        _token, bob_secret = ApiToken.issue(self.bob, "laptop")
        response = self.client.get(
            f"/api/referrals/{referral.pk}", HTTP_AUTHORIZATION=f"Bearer {bob_secret}"
        )
        self.assertEqual(response.json()["side"], "sender")
        response = self.client.get("/api/referrals/received", HTTP_AUTHORIZATION="Bearer hmy_x_y")
        self.assertEqual(response.status_code, 401)


class PathwayTests(ReferralApiTestCase):
    def test_sender_sees_the_referral_with_its_events(self):
        referral = self.accepted()
        self.sign_in(self.bob)
        response = self.client.get(f"/api/referrals/pathway/{self.case.pk}")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["case_id"], self.case.pk)
        (item,) = body["items"]
        self.assertEqual((item["side"], item["referral"]["id"]), ("sender", referral.pk))
        self.assertEqual([event["kind"] for event in item["events"]], ["sent", "accepted"])
        self.assertTrue(all(event["label"] for event in item["events"]))

    def test_a_referral_between_others_is_left_out(self):
        from himoya.cases.tests.factories import make_consent
        from himoya.clients.models import ConsentKind

        referral = self.accepted()
        # Beta refers onward to Gamma from its own case; Alpha's pathway may not show it.
        own_case = Case.objects.get(pk=referral.receiving_case_id)
        make_consent(
            own_case.client,
            self.lena,
            ConsentKind.SHARE_ORGANISATION,
            recipient_organisation=self.gamma,
        )
        self.send(
            client=own_case.client, from_case=own_case, service=self.shelter, needs=["shelter"]
        )
        self.sign_in(self.sam)
        items = self.client.get(f"/api/referrals/pathway/{self.case.pk}").json()["items"]
        self.assertEqual([item["referral"]["id"] for item in items], [referral.pk])
        self.sign_in(self.lena)
        items = self.client.get(f"/api/referrals/pathway/{own_case.pk}").json()["items"]
        self.assertEqual([item["side"] for item in items], ["receiver", "sender"])
