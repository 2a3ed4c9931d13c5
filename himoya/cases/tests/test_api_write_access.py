"""Every write operation of the case API, refused the same way: outsider 404, wrong role
or another caseworker's case 403, bad input 422 field by field, a closed case 409 with
a message, and in every refusal nothing written."""

import datetime
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditEntry
from himoya.cases.models import (
    Attachment,
    Case,
    CaseAction,
    CaseEvent,
    CasePlan,
    Closure,
    FollowUp,
    Note,
    RiskAssessment,
    SafetyPlan,
    ServiceDelivery,
)
from himoya.cases.tests.test_api_fixtures import CaseApiTestCase
from himoya.clients.models import Client, Consent
from himoya.core.roles import Role
from himoya.incidents.models import Incident

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COUNTED = (
    Attachment,
    Case,
    CaseAction,
    CaseEvent,
    CasePlan,
    Closure,
    Client,
    Consent,
    FollowUp,
    Incident,
    Note,
    RiskAssessment,
    SafetyPlan,
    ServiceDelivery,
    AuditEntry,
)


def today():
    return timezone.localdate()


class WriteAccessBase(CaseApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carol = UserFactory(username="carol", organisation=cls.alpha, role=Role.CASEWORKER)

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        settings = override_settings(HIMOYA_ATTACHMENT_DIR=folder)
        settings.enable()
        self.addCleanup(settings.disable)

    def fresh(self, model, pk):
        return model.objects.get(pk=pk)

    def operations(self):
        """(method, path, valid body, approve-only) of every write on the fixture case."""
        case = self.fresh(Case, self.case.pk)
        base = f"/api/cases/{case.pk}"
        r = self.records
        return [
            ("patch", base, {"version": case.version, "priority": "high"}, False),
            ("patch", f"{base}/client", {"version": case.client.version, "phone": "+992 1"}, False),
            ("post", f"{base}/assign", {"version": case.version, "caseworker": "bob"}, True),
            ("post", f"{base}/closure", {"version": case.version, "reason": "goals_met"}, False),
            ("post", f"{base}/closure/decision", {"approve": True}, True),
            ("post", f"{base}/reopen", {"reason": "She came back"}, True),
            (
                "post",
                f"{base}/consents",
                {"kind": "anonymous_reporting", "method": "verbal"},
                False,
            ),
            ("post", f"{base}/consents/{r['consent'].pk}/withdraw", {"note": "asked"}, False),
            ("post", f"{base}/incidents", self.incident_body(), False),
            (
                "patch",
                f"{base}/incidents/{r['incident'].pk}",
                {"version": 1, "description": "Edited"},
                False,
            ),
            ("put", f"{base}/risk", {"weapon": True}, False),
            ("put", f"{base}/safety-plan", {"version": 1, "plan": "Go to the shelter"}, False),
            ("post", f"{base}/plan/actions", {"goal": "Safety", "action": "Call"}, False),
            ("post", f"{base}/plan/submit", {"version": 1}, False),
            ("post", f"{base}/plan/approve", {"version": 1}, True),
            (
                "post",
                f"{base}/services",
                {"date": str(today()), "sector": "social", "service_type": "psychological_support"},
                False,
            ),
            ("post", f"{base}/follow-ups", {"due_date": str(today())}, False),
            (
                "post",
                f"{base}/follow-ups/{r['follow_up'].pk}/done",
                {"version": 1, "outcome": "Met"},
                False,
            ),
            ("post", f"{base}/notes", {"text": "Called her"}, False),
            ("post", f"{base}/attachments", "upload", False),
        ]

    def incident_body(self):
        return {
            "incident_date": str(today() - datetime.timedelta(days=1)),
            "reported_date": str(today()),
            "physical_assault": True,
            "law_forms": ["physical"],
            "perpetrators": [{"relationship": "current_partner"}],
        }

    def send(self, method, path, body):
        if body == "upload":
            upload = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
            return self.client.post(path, {"file": upload})
        return self.api(method, path, body)

    def counts(self):
        return [model.objects.count() for model in COUNTED] + [
            self.fresh(Case, self.case.pk).version
        ]

    def assert_refused(self, user, expected, *, approve_only=None, bad_body=False):
        self.sign_in(user)
        for method, path, body, approve in self.operations():
            if approve_only is not None and approve != approve_only:
                continue
            if bad_body:
                body = {"unknown_field": 1} if body != "upload" else {}
            with self.subTest(method=method, path=path):
                before = self.counts()
                response = self.send(method, path, body)
                self.assertEqual(response.status_code, expected, response.content)
                self.assertTrue(response.json()["message"])
                self.assertEqual(self.counts(), before)


class RefusalTests(WriteAccessBase):
    def test_outsider_gets_404(self):
        self.assert_refused(self.charlie, 404)

    def test_analyst_gets_403(self):
        self.assert_refused(self.ann, 403)

    def test_organisation_admin_gets_403(self):
        self.assert_refused(self.alice, 403)

    def test_another_caseworker_gets_403(self):
        self.assert_refused(self.carol, 403)

    def test_caseworker_cannot_approve(self):
        self.assert_refused(self.bob, 403, approve_only=True)

    def test_anonymous_gets_401(self):
        for method, path, body, _approve in self.operations():
            with self.subTest(path=path):
                response = self.send(method, path, body)
                self.assertEqual(response.status_code, 401)

    def test_bad_input_is_422_per_field_and_writes_nothing(self):
        self.sign_in(self.sam)
        for method, path, _body, _approve in self.operations():
            with self.subTest(method=method, path=path):
                before = self.counts()
                response = self.send(method, path, {"unknown_field": 1})
                self.assertEqual(response.status_code, 422, response.content)
                errors = response.json()["errors"]
                self.assertTrue(errors)
                self.assertTrue(all(isinstance(v, list) and v for v in errors.values()))
                self.assertEqual(self.counts(), before)

    def test_closed_case_refuses_every_write_with_409(self):
        Case.objects.filter(pk=self.case.pk).update(status="closed", closed_at=timezone.now())
        self.sign_in(self.sam)
        for method, path, body, _approve in self.operations():
            if path.endswith(("/reopen", "/withdraw")):
                continue  # reopening is how a closed case changes; withdrawal always works
            with self.subTest(method=method, path=path):
                before = self.counts()
                response = self.send(method, path, body)
                self.assertEqual(response.status_code, 409, response.content)
                self.assertIn("Reopen", response.json()["message"])
                self.assertEqual(self.counts(), before)

    def test_withdrawal_works_on_a_closed_case(self):
        Case.objects.filter(pk=self.case.pk).update(status="closed", closed_at=timezone.now())
        self.sign_in(self.sam)
        consent = self.records["consent"]
        response = self.api(
            "post", f"/api/cases/{self.case.pk}/consents/{consent.pk}/withdraw", {"note": "no"}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertFalse(response.json()["active"])

    def test_a_record_of_another_case_is_404(self):
        other = f"/api/cases/{self.other_case.pk}"
        self.sign_in(self.sam)
        for method, path, body in (
            (
                "patch",
                f"{other}/incidents/{self.records['incident'].pk}",
                {"version": 1, "description": "x"},
            ),
            (
                "post",
                f"{other}/follow-ups/{self.records['follow_up'].pk}/done",
                {"version": 1, "outcome": "x"},
            ),
            ("post", f"{other}/consents/{self.records['consent'].pk}/withdraw", {}),
        ):
            with self.subTest(path=path):
                before = self.counts()
                self.assertEqual(self.api(method, path, body).status_code, 404)
                self.assertEqual(self.counts(), before)
