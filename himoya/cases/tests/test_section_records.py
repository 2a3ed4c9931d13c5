"""Services delivered, follow-ups and notes: writes, bad input, ordering, audited reads."""

import datetime

from django.db import connection
from django.utils import timezone

from himoya.cases.models import Case, CaseStatus, FollowUp, Note, ServiceDelivery
from himoya.cases.tests.factories import CaseFactory, FollowUpFactory
from himoya.cases.tests.section_helpers import SectionTestCase


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


class ServiceDeliveryTests(SectionTestCase):
    def data(self, **extra):
        values = {
            "date": day(-1).isoformat(),
            "sector": "justice",
            "service_type": "primary_legal_aid",
            "notes": "Explained the law",
        }
        values.update(extra)
        return values

    def test_record_a_service_defaults(self):
        self.sign_in(self.bob)
        self.assertEqual(self.client.post(self.url("service_add"), self.data()).status_code, 302)
        row = ServiceDelivery.objects.get()
        self.assertEqual((row.organisation, row.provided_by), (self.alpha, self.bob))
        self.assertEqual(row.notes, "Explained the law")
        page = self.client.get(self.url("services"))
        self.assertContains(page, "primary legal aid")
        self.assertTrue(self.reads("services"))

    def test_future_date_and_wrong_sector_are_refused(self):
        self.sign_in(self.bob)
        response = self.client.post(self.url("service_add"), self.data(date=day(1).isoformat()))
        self.assertContains(response, "future", status_code=400)
        response = self.client.post(self.url("service_add"), self.data(sector="health"))
        self.assertContains(response, "justice and policing", status_code=400)
        for bad in (
            self.data(service_type="magic"),
            self.data(date="yesterday"),
            self.data(provided_by=self.charlie.pk),
        ):
            self.assertEqual(self.client.post(self.url("service_add"), bad).status_code, 400)
        self.assertFalse(ServiceDelivery.objects.exists())
        self.assertEqual(self.writes(), 0)


class FollowUpTests(SectionTestCase):
    def test_add_sets_next_due_and_done_clears_it(self):
        self.sign_in(self.bob)
        response = self.client.post(
            self.url("followup_add"),
            {"due_date": day(4).isoformat(), "assigned_to": self.bob.pk, "purpose": "Call her"},
        )
        self.assertEqual(response.status_code, 302)
        follow_up = FollowUp.objects.get()
        self.assertEqual(Case.objects.get(pk=self.case.pk).next_due, day(4))
        response = self.client.post(
            self.url("followup_done", follow_up.pk),
            {"outcome": "She is safe", "version": follow_up.version},
        )
        self.assertEqual(response.status_code, 302)
        follow_up.refresh_from_db()
        self.assertIsNotNone(follow_up.done_at)
        self.assertEqual(follow_up.outcome, "She is safe")
        self.assertIsNone(Case.objects.get(pk=self.case.pk).next_due)
        with connection.cursor() as cursor:
            cursor.execute("SELECT outcome, purpose FROM cases_followup")
            raw = cursor.fetchone()
        self.assertNotIn("safe", raw[0])
        self.assertNotIn("Call", raw[1])

    def test_overdue_first(self):
        FollowUpFactory(case=self.case, due_date=day(2), purpose="later")
        FollowUpFactory(case=self.case, due_date=day(-3), purpose="overdue")
        FollowUpFactory(case=self.case, due_date=day(-9), purpose="done", done_at=timezone.now())
        self.sign_in(self.bob)
        page = self.client.get(self.url("followups"))
        purposes = [row.purpose for row in page.context["follow_ups"]]
        self.assertEqual(purposes, ["overdue", "later", "done"])
        self.assertContains(page, "overdue")
        self.assertTrue(self.reads("follow_ups"))

    def test_bad_input_and_stale_done(self):
        self.sign_in(self.bob)
        for data in (
            {"due_date": day(-1).isoformat(), "assigned_to": self.bob.pk, "purpose": "x"},
            {"due_date": day(1).isoformat(), "assigned_to": self.charlie.pk, "purpose": "x"},
            {"due_date": day(1).isoformat(), "assigned_to": self.bob.pk},
        ):
            self.assertEqual(self.client.post(self.url("followup_add"), data).status_code, 400)
        self.assertFalse(FollowUp.objects.exists())
        follow_up = FollowUpFactory(case=self.case, due_date=day(1))
        response = self.client.post(self.url("followup_done", follow_up.pk), {"version": 1})
        self.assertEqual(response.status_code, 400)
        FollowUp.objects.filter(pk=follow_up.pk).update(version=2)
        response = self.client.post(
            self.url("followup_done", follow_up.pk), {"outcome": "ok", "version": 1}
        )
        self.assertEqual(response.status_code, 409)
        follow_up.refresh_from_db()
        self.assertIsNone(follow_up.done_at)
        self.assertEqual(self.writes(), 0)


class NoteTests(SectionTestCase):
    def test_notes_newest_first_encrypted_and_read_audited(self):
        self.sign_in(self.bob)
        self.client.post(self.url("note_add"), {"text": "First meeting"})
        self.client.post(self.url("note_add"), {"text": "Second meeting"})
        page = self.client.get(self.url("notes"))
        self.assertEqual(
            [n.text for n in page.context["notes"]], ["Second meeting", "First meeting"]
        )
        self.assertContains(page, "bob")
        self.assertEqual(len(self.reads("notes")), 1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM cases_note")
            stored = [row[0] for row in cursor.fetchall()]
        self.assertTrue(all("meeting" not in text for text in stored))

    def test_empty_note_is_400(self):
        self.sign_in(self.bob)
        response = self.client.post(self.url("note_add"), {"text": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Note.objects.exists())

    def test_closed_case_notes_readable_not_writable(self):
        closed = CaseFactory(organisation=self.alpha, caseworker=self.bob, status=CaseStatus.CLOSED)
        Note.objects.create(case=closed, author=self.bob, text="Old note")
        self.sign_in(self.bob)
        page = self.client.get(self.url("notes", case=closed))
        self.assertContains(page, "Old note")
        self.assertNotContains(page, "Add note")
        response = self.client.post(self.url("note_add", case=closed), {"text": "New"})
        self.assertContains(response, "closed", status_code=409)
        self.assertEqual(Note.objects.filter(case=closed).count(), 1)


class RawRowsTests(SectionTestCase):
    def test_section_texts_are_not_stored_in_clear(self):
        from himoya.cases.models import CaseAction, SafetyPlan

        SafetyPlan.objects.create(case=self.case, plan="Hide at Zarina's house")
        CaseAction.objects.create(case=self.case, goal="Leave Vahdat", action="Bus to Yovon")
        ServiceDelivery.objects.create(
            case=self.case,
            date=day(0),
            sector="health",
            service_type="medical_care",
            organisation=self.alpha,
            notes="Bruises on the left arm",
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT plan FROM cases_safetyplan")
            stored = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT goal, action FROM cases_caseaction")
            stored += [value for row in cursor.fetchall() for value in row]
            cursor.execute("SELECT notes FROM cases_servicedelivery")
            stored += [row[0] for row in cursor.fetchall()]
        self.assertEqual(len(stored), 4)
        for value in stored:
            self.assertTrue(value.startswith("hmy1:"), value)
            for word in ("Zarina", "Vahdat", "Yovon", "Bruises"):
                self.assertNotIn(word, value)


class ConsentGateTests(SectionTestCase):
    def test_no_service_is_recorded_once_consent_to_services_is_withdrawn(self):
        from himoya.clients.consent import withdraw_consent
        from himoya.clients.models import Consent, ConsentKind

        consent = Consent.objects.get(client=self.case.client, kind=ConsentKind.SERVICES)
        withdraw_consent(consent, self.bob, "she asked to stop")
        self.sign_in(self.bob)
        response = self.client.post(
            self.url("service_add"),
            {"date": day(-1).isoformat(), "sector": "justice", "service_type": "primary_legal_aid"},
        )
        self.assertContains(response, "consent to receive services", status_code=400)
        self.assertFalse(ServiceDelivery.objects.exists())

    def test_a_note_of_only_spaces_is_refused(self):
        self.sign_in(self.bob)
        response = self.client.post(self.url("note_add"), {"text": "   "})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Note.objects.exists())
        api = self.client.post(
            f"/api/cases/{self.case.pk}/notes", {"text": "   "}, content_type="application/json"
        )
        self.assertEqual(api.status_code, 422, api.content)
        self.assertFalse(Note.objects.exists())
