"""The referral API end to end, sending and reading: sending (refused without consent,
in the caller's language), what each side reads, and nothing of A's secrets in any
answer to B. The steps after sending are in test_api_steps.py, the lists, token access
and the pathway in test_api_lists.py."""

from django.utils import translation
from django.utils.translation import gettext

from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import Case, CaseStatus
from himoya.clients.consent import withdraw_consent
from himoya.directory.tests.factories import ServiceFactory
from himoya.referrals.models import Referral
from himoya.referrals.services.sending import consent_refusal
from himoya.referrals.tests.api_flow_helpers import WITHDRAWAL_NOTE, today
from himoya.referrals.tests.base import A_ONLY_SECRETS, REFERRAL_MESSAGE, SAFE_CONTACT_WORD
from himoya.referrals.tests.test_api_access import ReferralApiTestCase

# The core API's message (core's catalog; a name, not a literal, so that makemessages
# does not copy it into this app's catalog).
INVALID_FIELDS = "The request has invalid fields."
B_SERVICE_NOTES = "Explained alimony procedure at the Isfara office"


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
        own = ServiceFactory(organisation=self.alpha)
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
