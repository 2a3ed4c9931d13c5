"""The Idempotency-Key header (issue 9, item 4): a creating request sent again with the
same key creates nothing new and answers as the first did, rendered again from the
record; the same key with another body is 422; keys are the user's or the token's,
expire, and never hold a copy of the answer."""

import datetime
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from himoya.accounts.models import ApiToken, Membership, User
from himoya.api import api
from himoya.cases.models import Attachment, Note
from himoya.cases.tests.factories import CaseFactory
from himoya.core.idempotency import HEADER
from himoya.core.models import IdempotencyKey
from himoya.core.roles import Role
from himoya.hotline.models import Call
from himoya.hotline.tests.factories import CallFactory
from himoya.referrals.models import Referral
from himoya.referrals.tests.test_api_access import ReferralApiTestCase

KEY = "6f1c2a8e-6b6f-4f0e-9d2c-1313-first"
STORED_COLUMNS = {
    "id",
    "user",
    "token",
    "key",
    "request_hash",
    "model",
    "object_id",
    "status_code",
    "created_at",
}


class IdempotencyTests(ReferralApiTestCase):
    def post(self, url, body, key=KEY, token=None, **extra):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
        if token is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return self.api("post", url, body, **headers, **extra)

    def referral_body(self, **extra):
        body = {
            "from_case_id": self.case.pk,
            "service_id": self.legal_aid.pk,
            "urgency": 1,
            "needs": ["legal"],
            "message": "Sent once, heard twice",
        }
        body.update(extra)
        return body

    def notes_url(self):
        return f"/api/cases/{self.case.pk}/notes"

    # ---- the repeat ----

    def test_the_same_referral_twice_with_a_key_answers_the_first_again(self):
        self.sign_in(self.bob)
        first = self.post("/api/referrals/", self.referral_body())
        self.assertEqual(first.status_code, 201, first.content)
        again = self.post("/api/referrals/", self.referral_body())
        self.assertEqual(again.status_code, 201, again.content)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(Referral.objects.count(), 1)
        # Key order and spaces in the JSON are the same request.
        reordered = json.dumps(dict(reversed(list(self.referral_body().items()))), indent=2)
        response = self.client.post(
            "/api/referrals/",
            reordered,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=KEY,
        )
        self.assertEqual((response.status_code, response.json()["id"]), (201, first.json()["id"]))

    def test_the_repeat_is_rendered_again_not_stored(self):
        self.sign_in(self.bob)
        first = self.post(self.notes_url(), {"text": "Asked for a lawyer"}).json()
        [entry] = IdempotencyKey.objects.all()
        stored = {field.name for field in IdempotencyKey._meta.fields}
        self.assertEqual(stored, STORED_COLUMNS)
        self.assertEqual(
            (entry.user_id, entry.token_id, entry.key, entry.model, entry.object_id),
            (self.bob.pk, None, KEY, "cases.note", str(first["id"])),
        )
        self.assertEqual(entry.status_code, 201)
        self.assertNotIn("lawyer", json.dumps([str(getattr(entry, f)) for f in STORED_COLUMNS]))
        # What the repeat answers is the record as it is now.
        Note.objects.filter(pk=first["id"]).update(text="Asked for a lawyer, twice")
        again = self.post(self.notes_url(), {"text": "Asked for a lawyer"})
        self.assertEqual(again.status_code, 201)
        self.assertEqual(again.json()["text"], "Asked for a lawyer, twice")
        self.assertEqual(Note.objects.count(), 1 + Note.objects.exclude(pk=first["id"]).count())

    def test_the_same_key_with_another_body_is_422_and_does_nothing(self):
        self.sign_in(self.bob)
        self.post(self.notes_url(), {"text": "First"})
        before = Note.objects.count()
        response = self.post(self.notes_url(), {"text": "Second"}, HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn(HEADER, response.json()["errors"])
        self.assertIn("Idempotency-Key", response.json()["message"])
        self.assertIn("уже", response.json()["message"])
        # Another address with the same key and body is another request too.
        response = self.post(f"/api/cases/{self.other_case_id()}/notes", {"text": "First"})
        self.assertIn(response.status_code, (403, 422))
        self.assertEqual(Note.objects.count(), before)

    def other_case_id(self):
        return CaseFactory(organisation=self.alpha, caseworker=self.bob).pk

    def test_without_a_key_nothing_changes(self):
        self.sign_in(self.bob)
        before = Note.objects.count()
        self.post(self.notes_url(), {"text": "One"}, key=None)
        self.post(self.notes_url(), {"text": "One"}, key=None)
        self.assertEqual(Note.objects.count(), before + 2)
        self.assertFalse(IdempotencyKey.objects.exists())

    def test_a_refused_request_leaves_the_key_free(self):
        self.sign_in(self.bob)
        refused = self.post("/api/referrals/", self.referral_body(needs=["nonsense"]))
        self.assertEqual(refused.status_code, 422)
        self.assertFalse(IdempotencyKey.objects.exists())
        # The corrected request, under the same key, is done; a different body is fine.
        self.assertEqual(self.post("/api/referrals/", self.referral_body()).status_code, 201)

    def test_a_bad_key_is_422(self):
        self.sign_in(self.bob)
        before = Note.objects.count()
        for key in ("", "x" * 256, "with space", "ключ"):
            response = self.client.post(
                self.notes_url(),
                json.dumps({"text": "x"}),
                content_type="application/json",
                headers={HEADER: key},
            )
            self.assertEqual(response.status_code, 422, key)
            self.assertIn(HEADER, response.json()["errors"])
        self.assertEqual(Note.objects.count(), before)

    # ---- whose key ----

    def test_keys_are_the_user_s_or_the_token_s(self):
        _row, bob_token = ApiToken.issue(self.bob, "sync")
        _row, other_token = ApiToken.issue(self.bob, "phone")
        _row, sam_token = ApiToken.issue(self.sam, "sam")
        before = Note.objects.count()
        for token in (bob_token, bob_token, other_token, sam_token):
            response = self.post(self.notes_url(), {"text": "Same key"}, token=token)
            self.assertEqual(response.status_code, 201, response.content)
        self.sign_in(self.bob)
        self.post(self.notes_url(), {"text": "Same key"})
        self.post(self.notes_url(), {"text": "Same key"})
        # bob's first token twice: one note; his second token, sam's token and bob's
        # session each their own.
        self.assertEqual(Note.objects.count(), before + 4)

    # ---- the record gone, or the access ----

    def test_a_deleted_record_or_a_lost_access_answers_404(self):
        self.sign_in(self.bob)
        first = self.post(self.notes_url(), {"text": "Gone later"}).json()
        Note.objects.filter(pk=first["id"]).delete()
        response = self.post(self.notes_url(), {"text": "Gone later"})
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Gone later", response.content.decode())

        second = self.post("/api/referrals/", self.referral_body(), key="second").json()
        Membership.objects.filter(user=self.bob).update(is_active=False)
        User.objects.get(pk=self.bob.pk)  # still a user, no longer at Alpha
        response = self.post("/api/referrals/", self.referral_body(), key="second")
        self.assertEqual(response.status_code, 404, response.content)
        self.assertNotIn(second["reference"], response.content.decode())

    # ---- expiry ----

    def test_keys_expire(self):
        self.sign_in(self.bob)
        self.post(self.notes_url(), {"text": "Yesterday"})
        IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
        before = Note.objects.count()
        self.assertEqual(self.post(self.notes_url(), {"text": "Yesterday"}).status_code, 201)
        self.assertEqual(Note.objects.count(), before + 1)
        self.assertEqual(IdempotencyKey.objects.count(), 1)
        with override_settings(HIMOYA_IDEMPOTENCY_HOURS=48):
            IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
            self.post(self.notes_url(), {"text": "Yesterday"})
            self.assertEqual(Note.objects.count(), before + 1)

    # ---- other creating operations ----

    def test_an_upload_repeated_is_one_attachment(self):
        import shutil
        import tempfile

        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        self.sign_in(self.bob)
        content = b"%PDF-1.4\n% a scan\n%%EOF\n"
        url = f"/api/cases/{self.case.pk}/attachments"
        with override_settings(HIMOYA_ATTACHMENT_DIR=folder):
            answers = [
                self.client.post(
                    url,
                    {"file": SimpleUploadedFile("scan.pdf", content, "application/pdf")},
                    HTTP_IDEMPOTENCY_KEY=KEY,
                )
                for _ in range(2)
            ]
            other = self.client.post(
                url,
                {"file": SimpleUploadedFile("scan.pdf", content + b" ", "application/pdf")},
                HTTP_IDEMPOTENCY_KEY=KEY,
            )
        self.assertEqual([a.status_code for a in answers], [201, 201])
        self.assertEqual(answers[0].json(), answers[1].json())
        self.assertEqual(other.status_code, 422)
        self.assertEqual(Attachment.objects.filter(case=self.case).count(), 1)

    def test_a_call_and_a_member_repeated(self):
        olga_calls = Call.objects.filter(operator=self.olga).count()
        self.sign_in(self.olga)
        body = {"duration_minutes": 5, "caller_type": "survivor", "topic": "other"}
        first = self.post("/api/hotline/calls", body)
        again = self.post("/api/hotline/calls", body)
        self.assertEqual((first.status_code, again.status_code), (201, 201))
        self.assertEqual(first.json(), again.json())
        self.assertEqual(Call.objects.filter(operator=self.olga).count(), olga_calls + 1)

        self.client.logout()
        self.sign_in(self.alice)
        body = {"username": "nodira", "role": Role.CASEWORKER.value}
        first = self.post("/api/accounts/orgs/alpha/members", body)
        self.assertEqual(first.status_code, 201, first.content)
        self.assertTrue(first.json()["password"])
        again = self.post("/api/accounts/orgs/alpha/members", body)
        self.assertEqual(again.status_code, 201, again.content)
        # The one-time password was shown once and is never stored.
        self.assertIsNone(again.json()["password"])
        self.assertEqual(again.json()["member"]["id"], first.json()["member"]["id"])
        self.assertEqual(User.objects.filter(username="nodira").count(), 1)

    def test_a_referral_and_a_case_from_a_call_repeated(self):
        from himoya.cases.models import Case

        call = CallFactory(organisation=self.alpha, operator=self.olga)
        self.sign_in(self.olga)
        base = f"/api/hotline/calls/{call.pk}"
        body = {
            "service": self.legal_aid.pk,
            "needs": ["legal"],
            "verbal_consent": True,
            "consent_organisation": "beta",
        }
        answers = [self.post(f"{base}/referrals", body, key="refer") for _ in range(2)]
        self.assertEqual([a.status_code for a in answers], [201, 201], answers[1].content)
        self.assertEqual(answers[0].json(), answers[1].json())
        self.assertEqual(Referral.objects.filter(from_call=call).count(), 1)
        cases = Case.objects.count()
        answers = [self.post(f"{base}/case", {}, key="case") for _ in range(2)]
        self.assertEqual([a.status_code for a in answers], [201, 201], answers[1].content)
        self.assertEqual(answers[0].json(), answers[1].json())
        self.assertEqual(Case.objects.count(), cases + 1)


class IdempotencyDocumentTests(ReferralApiTestCase):
    def test_every_creating_post_documents_the_header_and_no_other_operation_does(self):
        schema = api.get_openapi_schema()
        creating, documented = set(), set()
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                names = {p["name"] for p in operation.get("parameters", [])}
                if HEADER in names:
                    documented.add((method, path))
                if method == "post" and "201" in {str(code) for code in operation["responses"]}:
                    creating.add((method, path))
        self.assertTrue(creating)
        self.assertEqual(documented, creating)
        self.assertIn(("post", "/api/referrals/"), documented)
        self.assertIn("Idempotency-Key", schema["info"]["description"])
