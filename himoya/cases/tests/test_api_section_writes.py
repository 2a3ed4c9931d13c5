"""Writes to the sections of a case through the API by the right people: incidents,
consents, risk, safety plan, case plan, services, follow-ups, notes and attachments."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import Attachment, Case, FollowUp, SafetyPlan
from himoya.cases.tests.test_api_write_access import PDF, WriteAccessBase
from himoya.clients.models import Consent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def days(n):
    return str(timezone.localdate() + datetime.timedelta(days=n))


class IncidentTests(WriteAccessBase):
    def test_record_classifies_from_the_answers(self):
        self.sign_in(self.bob)
        body = {
            "incident_date": days(-20),
            "reported_date": days(0),
            "sexual_contact": True,
            "physical_assault": True,
            "law_forms": ["sexual", "physical"],
            "district": "sino",
            "description": "Described in her words",
            "perpetrators": [{"relationship": "current_partner", "age_group": "26-40"}],
        }
        response = self.api("post", f"/api/cases/{self.case.pk}/incidents", body)
        self.assertEqual(response.status_code, 201, response.content)
        incident = response.json()
        self.assertEqual(incident["gbv_type"], "sexual_assault")
        self.assertIn("intimate_partner_violence", incident["context_flags"])
        self.assertEqual(incident["reporting_delay"], "15-30")
        self.assertEqual(incident["district"], "sino")

    def test_derived_fields_cannot_be_sent(self):
        self.sign_in(self.bob)
        body = {"incident_date": days(-1), "reported_date": days(0), "gbv_type": "rape"}
        response = self.api("post", f"/api/cases/{self.case.pk}/incidents", body)
        self.assertEqual(response.status_code, 422)
        self.assertIn("gbv_type", response.json()["errors"])

    def test_service_validation_is_per_field(self):
        self.sign_in(self.bob)
        body = {"incident_date": days(2), "reported_date": days(0), "physical_assault": True}
        before = Case.objects.get(pk=self.case.pk).incidents.count()
        response = self.api("post", f"/api/cases/{self.case.pk}/incidents", body)
        self.assertEqual(response.status_code, 422)
        errors = response.json()["errors"]
        self.assertIn("incident_date", errors)
        self.assertIn("law_forms", errors)
        self.assertEqual(Case.objects.get(pk=self.case.pk).incidents.count(), before)

    def test_patch_keeps_what_is_not_sent_and_refuses_a_stale_copy(self):
        self.sign_in(self.bob)
        url = f"/api/cases/{self.case.pk}/incidents/{self.records['incident'].pk}"
        response = self.api("patch", url, {"version": 1, "psychological_abuse": True})
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["gbv_type"], "physical_assault")  # first "yes" still wins
        self.assertTrue(body["psychological_abuse"])
        self.assertEqual(body["perpetrators"][0]["relationship"], "current_partner")
        self.assertEqual(body["version"], 2)
        stale = self.api("patch", url, {"version": 1, "description": "Mine"})
        self.assertEqual(stale.status_code, 409)
        self.assertIn("psychological_abuse", stale.json()["changed"])


class ConsentTests(WriteAccessBase):
    def test_record_and_withdraw(self):
        self.sign_in(self.bob)
        base = f"/api/cases/{self.case.pk}/consents"
        response = self.api(
            "post",
            base,
            {"kind": "share_organisation", "method": "written", "recipient_organisation": "beta"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        consent = response.json()
        self.assertEqual(consent["recipient_organisation"], "beta")
        self.assertTrue(consent["active"])
        response = self.api(
            "post", f"{base}/{consent['id']}/withdraw", {"note": "Changed her mind"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["active"])
        self.assertIsNotNone(Consent.objects.get(pk=consent["id"]).withdrawn_at)
        again = self.api("post", f"{base}/{consent['id']}/withdraw", {})
        self.assertEqual(again.status_code, 422)

    def test_sharing_needs_a_recipient(self):
        self.sign_in(self.bob)
        base = f"/api/cases/{self.case.pk}/consents"
        for body, field in (
            ({"kind": "share_organisation", "method": "verbal"}, "__all__"),
            (
                {
                    "kind": "share_organisation",
                    "method": "verbal",
                    "recipient_organisation": "nope",
                },
                "recipient_organisation",
            ),
        ):
            response = self.api("post", base, body)
            self.assertEqual(response.status_code, 422, response.content)
            self.assertIn(field, response.json()["errors"])


class RiskAndSafetyPlanTests(WriteAccessBase):
    def test_risk_level_is_derived(self):
        self.sign_in(self.bob)
        url = f"/api/cases/{self.case.pk}/risk"
        response = self.api("put", url, {"escalation": True, "pregnancy": True})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["level"], "medium")
        self.assertTrue(response.json()["reasons"])
        self.assertEqual(Case.objects.get(pk=self.case.pk).risk_level, "medium")
        self.assertEqual(self.api("put", url, {"level": "low"}).status_code, 422)

    def test_safety_plan_stale_copy_is_refused(self):
        self.sign_in(self.bob)
        url = f"/api/cases/{self.case.pk}/safety-plan"
        response = self.api("put", url, {"version": 1, "plan": "Bag packed at the door"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["version"], 2)
        stale = self.api("put", url, {"version": 1, "plan": "Something else"})
        self.assertEqual(stale.status_code, 409)
        self.assertIn("plan", stale.json()["changed"])
        self.assertEqual(SafetyPlan.objects.get(case=self.case).plan, "Bag packed at the door")

    def test_first_safety_plan_is_version_0(self):
        self.sign_in(self.sam)
        url = f"/api/cases/{self.other_case.pk}/safety-plan"
        self.assertEqual(self.client.get(url).json()["version"], 0)
        response = self.api("put", url, {"version": 0, "plan": "Call 1313"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.api("put", url, {"version": 0, "plan": "x"}).status_code, 409)


class PlanTests(WriteAccessBase):
    def test_add_submit_approve(self):
        base = f"/api/cases/{self.case.pk}/plan"
        self.sign_in(self.bob)
        response = self.api(
            "post",
            f"{base}/actions",
            {
                "goal": "Housing",
                "action": "Apply for shelter",
                "responsible_user": "sam",
                "responsible_organisation": "beta",
                "due_date": days(10),
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["responsible_organisation"], "beta")
        version = self.client.get(base).json()["version"]
        self.assertEqual(self.api("post", f"{base}/submit", {"version": version}).status_code, 200)
        self.sign_in(self.sam)
        stale = self.api("post", f"{base}/approve", {"version": version})
        self.assertEqual(stale.status_code, 409)
        response = self.api("post", f"{base}/approve", {"version": version + 1})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "approved")
        self.assertEqual(response.json()["approved_by"], "sam")

    def test_responsible_person_must_be_a_member(self):
        self.sign_in(self.bob)
        response = self.api(
            "post",
            f"/api/cases/{self.case.pk}/plan/actions",
            {"goal": "g", "action": "a", "responsible_user": "charlie"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("responsible_user", response.json()["errors"])


class RecordTests(WriteAccessBase):
    def test_service_delivered(self):
        self.sign_in(self.bob)
        url = f"/api/cases/{self.case.pk}/services"
        body = {
            "date": days(0),
            "sector": "justice",
            "service_type": "primary_legal_aid",
            "notes": "Explained her rights",
        }
        response = self.api("post", url, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["provided_by"], "bob")
        mismatch = self.api("post", url, {**body, "sector": "health"})
        self.assertEqual(mismatch.status_code, 422)
        self.assertIn("sector", mismatch.json()["errors"])
        future = self.api("post", url, {**body, "date": days(3)})
        self.assertIn("date", future.json()["errors"])

    def test_follow_up_and_done(self):
        self.sign_in(self.bob)
        base = f"/api/cases/{self.case.pk}/follow-ups"
        response = self.api(
            "post", base, {"due_date": days(1), "purpose": "Call", "assigned_to": "bob"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        self.assertEqual(Case.objects.get(pk=self.case.pk).next_due.isoformat(), days(1))
        past = self.api("post", base, {"due_date": days(-1)})
        self.assertIn("due_date", past.json()["errors"])
        done = self.api("post", f"{base}/{created['id']}/done", {"version": 1, "outcome": "Safe"})
        self.assertEqual(done.status_code, 200, done.content)
        self.assertIsNotNone(done.json()["done_at"])
        stale = self.api("post", f"{base}/{created['id']}/done", {"version": 1, "outcome": "x"})
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(FollowUp.objects.get(pk=created["id"]).outcome, "Safe")

    def test_a_follow_up_without_assigned_to_is_the_callers_own(self):
        # The document says the field may be left out or null; both used to be a 422.
        self.sign_in(self.bob)
        base = f"/api/cases/{self.case.pk}/follow-ups"
        for body in ({"due_date": days(2)}, {"due_date": days(3), "assigned_to": None}):
            response = self.api("post", base, body)
            self.assertEqual(response.status_code, 201, response.content)
            self.assertEqual(FollowUp.objects.get(pk=response.json()["id"]).assigned_to, self.bob)

    def test_note(self):
        self.sign_in(self.bob)
        url = f"/api/cases/{self.case.pk}/notes"
        response = self.api("post", url, {"text": "She is safe at her sister's"})
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["author"], "bob")
        self.assertIn("text", self.api("post", url, {"text": ""}).json()["errors"])


class AttachmentTests(WriteAccessBase):
    def upload(self, name, data, content_type):
        upload = SimpleUploadedFile(name, data, content_type=content_type)
        return self.client.post(f"/api/cases/{self.case.pk}/attachments", {"file": upload})

    def test_upload_and_download(self):
        self.sign_in(self.bob)
        response = self.upload("scan.pdf", PDF, "application/pdf")
        self.assertEqual(response.status_code, 201, response.content)
        attachment = response.json()
        url = f"/api/cases/{self.case.pk}/attachments/{attachment['id']}/content"
        download = self.client.get(url)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PDF)
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertTrue(download["Content-Disposition"].startswith("attachment"))
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        read = AuditEntry.objects.filter(action=AuditAction.RECORD_READ).latest("id")
        self.assertEqual(read.object_id, str(attachment["id"]))
        self.sign_in(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.sign_in(self.ann)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_mislabelled_and_unknown_files_are_refused(self):
        self.sign_in(self.bob)
        before = Attachment.objects.count()
        for name, data, content_type in (
            ("photo.png", PDF, "image/png"),
            ("scan.pdf", PNG, "application/pdf"),
            ("page.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
            ("empty.pdf", b"", "application/pdf"),
        ):
            with self.subTest(name=name, content_type=content_type):
                response = self.upload(name, data, content_type)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn("file", response.json()["errors"])
        self.assertEqual(Attachment.objects.count(), before)
        self.assertEqual(self.upload("photo.png", PNG, "image/png").status_code, 201)
