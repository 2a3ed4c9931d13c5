"""Case plan: actions, next due date, submission, approval, stale edits, bad input."""

import datetime

from django.utils import timezone

from himoya.cases.models import Case, CaseAction, CaseEvent, CasePlan, CaseStatus
from himoya.cases.services.plan import add_action
from himoya.cases.tests.factories import CaseActionFactory, CaseFactory, FollowUpFactory
from himoya.cases.tests.section_helpers import SectionTestCase


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


class PlanTests(SectionTestCase):
    def action_data(self, **extra):
        data = {
            "goal": "Housing",
            "action": "Find a shelter place",
            "status": "planned",
            "responsible_user": self.bob.pk,
            "due_date": day(5).isoformat(),
        }
        data.update(extra)
        return data

    def test_add_action_sets_next_due_and_is_audited(self):
        self.sign_in(self.bob)
        FollowUpFactory(case=self.case, due_date=day(9))
        response = self.client.post(self.url("plan_action_add"), self.action_data())
        self.assertEqual(response.status_code, 302)
        action = CaseAction.objects.get(case=self.case)
        self.assertEqual((action.goal, action.responsible_user), ("Housing", self.bob))
        self.assertEqual(Case.objects.get(pk=self.case.pk).next_due, day(5))
        self.assertEqual(self.writes(), 1)

    def test_responsible_organisation_instead_of_a_person(self):
        self.sign_in(self.bob)
        data = self.action_data(responsible_user="", responsible_organisation=self.beta.pk)
        self.assertEqual(self.client.post(self.url("plan_action_add"), data).status_code, 302)
        self.assertEqual(CaseAction.objects.get().responsible_organisation, self.beta)

    def test_bad_input_is_400_and_writes_nothing(self):
        self.sign_in(self.bob)
        for data in (
            self.action_data(goal=""),
            self.action_data(responsible_user=""),
            self.action_data(responsible_organisation=self.beta.pk),
            self.action_data(responsible_user=self.charlie.pk),
            self.action_data(due_date="not a date"),
            self.action_data(status="finished"),
        ):
            response = self.client.post(self.url("plan_action_add"), data)
            self.assertEqual(response.status_code, 400, data)
            self.assertTrue(response.context["form"].errors, data)
        self.assertFalse(CaseAction.objects.exists())
        self.assertEqual(self.writes(), 0)

    def test_edit_done_clears_next_due(self):
        action = CaseActionFactory(case=self.case, due_date=day(3), responsible_user=self.bob)
        self.sign_in(self.bob)
        page = self.client.get(self.url("plan_action_edit", action.pk))
        self.assertContains(page, "Find a shelter place")
        form = page.context["form"]
        data = {
            **self.action_data(),
            "status": "done",
            "version": action.version,
            "baseline": form.initial["baseline"],
        }
        response = self.client.post(self.url("plan_action_edit", action.pk), data)
        self.assertEqual(response.status_code, 302)
        action.refresh_from_db()
        self.assertEqual((action.status, action.version), ("done", 2))
        self.assertIsNone(Case.objects.get(pk=self.case.pk).next_due)

    def test_stale_edit_is_refused_naming_what_changed(self):
        action = CaseActionFactory(case=self.case, due_date=day(3), responsible_user=self.bob)
        self.sign_in(self.bob)
        baseline = (
            self.client.get(self.url("plan_action_edit", action.pk))
            .context["form"]
            .initial["baseline"]
        )
        CaseAction.objects.filter(pk=action.pk).update(due_date=day(8), version=2)
        data = {**self.action_data(action="Mine"), "version": 1, "baseline": baseline}
        response = self.client.post(self.url("plan_action_edit", action.pk), data)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Changed meanwhile: Due date", status_code=409)
        action.refresh_from_db()
        self.assertEqual(action.action, "Find a shelter place")

    def test_submit_then_approve_by_supervisor(self):
        self.sign_in(self.bob)
        self.assertEqual(self.client.get(self.url("plan")).status_code, 200)
        self.assertFalse(CasePlan.objects.exists())  # reading writes nothing
        response = self.client.post(self.url("plan_submit"), {"version": 1})
        self.assertEqual(response.status_code, 400)  # no action yet
        self.assertContains(response, "at least one action", status_code=400)
        self.assertFalse(CasePlan.objects.exists())
        add_action(
            self.case,
            actor=self.bob,
            values={"goal": "g", "action": "a", "responsible_user": self.bob},
        )
        plan = CasePlan.objects.get(case=self.case)
        self.assertEqual(
            self.client.post(self.url("plan_submit"), {"version": plan.version}).status_code,
            302,
        )
        plan.refresh_from_db()
        self.assertEqual(plan.status, CasePlan.Status.SUBMITTED)
        self.client.logout()
        self.sign_in(self.sam)
        self.assertContains(self.client.get(self.url("plan")), "Approve the plan")
        stale = self.client.post(self.url("plan_approve"), {"version": plan.version - 1})
        self.assertEqual(stale.status_code, 409)
        response = self.client.post(self.url("plan_approve"), {"version": plan.version})
        self.assertEqual(response.status_code, 302)
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.approved_by), (CasePlan.Status.APPROVED, self.sam))
        self.assertIsNotNone(plan.approved_at)
        self.assertTrue(
            CaseEvent.objects.filter(
                case=self.case, kind=CaseEvent.Kind.PLAN_APPROVED, actor=self.sam
            ).exists()
        )
        # A new action sends the plan back for approval.
        add_action(
            self.case,
            actor=self.bob,
            values={"goal": "g2", "action": "a2", "responsible_user": self.bob},
        )
        plan.refresh_from_db()
        self.assertEqual(plan.status, CasePlan.Status.DRAFT)

    def test_approving_a_draft_is_refused(self):
        plan = CasePlan.objects.create(case=self.case)
        self.sign_in(self.sam)
        response = self.client.post(self.url("plan_approve"), {"version": plan.version})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(CaseEvent.objects.filter(kind=CaseEvent.Kind.PLAN_APPROVED).exists())

    def test_closed_case_refuses_plan_writes(self):
        closed = CaseFactory(organisation=self.alpha, caseworker=self.bob, status=CaseStatus.CLOSED)
        self.sign_in(self.bob)
        response = self.client.post(self.url("plan_action_add", case=closed), self.action_data())
        self.assertEqual(response.status_code, 409)
        self.assertFalse(CaseAction.objects.exists())
