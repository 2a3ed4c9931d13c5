"""Writes on the case: assign, change (stale refusal), closure request, decision, reopen."""

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditEntry
from himoya.cases.models import CaseEvent, CaseStatus, CaseStep, Closure
from himoya.cases.tests.pages_base import CasePagesTestCase
from himoya.core.roles import Role


class ChangeCaseTests(CasePagesTestCase):
    def post_change(self, **data):
        values = {
            "version": self.case.version,
            "step": CaseStep.ASSESSMENT,
            "priority": "high",
            "status": CaseStatus.ACTIVE,
            "seen_step": "engagement",
            "seen_priority": "normal",
            "seen_status": "open",
        }
        values.update(data)
        return self.client.post(self.url("cases:case_change", self.case.pk), values)

    def test_caseworker_changes_step_priority_status(self):
        self.sign_in(self.bob)
        response = self.post_change()
        self.assertRedirects(
            response, self.url("cases:detail", self.case.pk), fetch_redirect_response=False
        )
        case = self.fresh()
        self.assertEqual(
            (case.step, case.priority, case.status),
            (CaseStep.ASSESSMENT, "high", CaseStatus.ACTIVE),
        )
        self.assertEqual(case.version, 2)
        self.assertTrue(case.events.filter(kind=CaseEvent.Kind.STEP).exists())
        entry = AuditEntry.objects.order_by("-id").first()
        self.assertEqual((entry.action, entry.detail["case"]), ("record_changed", case.pk))

    def test_stale_edit_is_refused_and_shows_what_changed(self):
        self.sign_in(self.bob)
        self.post_change(priority="urgent")
        response = self.post_change(version=1, priority="low")
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Changed meanwhile", status_code=409)
        self.assertContains(response, "urgent", status_code=409)
        self.assertEqual(self.fresh().priority, "urgent")

    def test_bad_input_is_400_and_writes_nothing(self):
        self.sign_in(self.bob)
        entries = AuditEntry.objects.count()
        for bad in (
            {"step": "nowhere"},
            {"priority": "x"},
            {"status": CaseStatus.CLOSED},
            {"version": "abc"},
            {"version": ""},
        ):
            response = self.post_change(**bad)
            self.assertEqual(response.status_code, 400, bad)
        case = self.fresh()
        self.assertEqual((case.version, case.step), (1, CaseStep.ENGAGEMENT))
        self.assertEqual(AuditEntry.objects.count(), entries)


class AssignTests(CasePagesTestCase):
    def test_supervisor_assigns_an_active_caseworker(self):
        self.sign_in(self.sam)
        response = self.client.post(
            self.url("cases:case_assign", self.case.pk), {"version": 1, "caseworker": self.carol.pk}
        )
        self.assertEqual(response.status_code, 302)
        case = self.fresh()
        self.assertEqual(case.caseworker, self.carol)
        self.assertTrue(case.events.filter(kind=CaseEvent.Kind.ASSIGNED).exists())

    def test_assignee_must_be_an_active_caseworker_of_the_organisation(self):
        inactive = UserFactory(username="ivan", organisation=self.alpha, role=Role.CASEWORKER)
        inactive.memberships.update(is_active=False)
        beta_worker = UserFactory(username="bella", organisation=self.beta, role=Role.CASEWORKER)
        self.sign_in(self.sam)
        for user in (self.ann, self.sam, inactive, beta_worker):
            response = self.client.post(
                self.url("cases:case_assign", self.case.pk), {"version": 1, "caseworker": user.pk}
            )
            self.assertEqual(response.status_code, 400, user.username)
        self.assertEqual(self.fresh().caseworker, self.bob)

    def test_stale_assignment_refused(self):
        self.sign_in(self.sam)
        url = self.url("cases:case_assign", self.case.pk)
        self.client.post(url, {"version": 1, "caseworker": self.carol.pk})
        response = self.client.post(url, {"version": 1, "caseworker": self.bob.pk})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.fresh().caseworker, self.carol)


class ClosureTests(CasePagesTestCase):
    def request_closure(self, **data):
        values = {
            "version": self.fresh().version,
            "reason": "goals_met",
            "checklist": ["safety_plan_reviewed", "client_informed"],
        }
        values.update(data)
        return self.client.post(self.url("cases:closure_request", self.case.pk), values)

    def decide(self, decision, note=""):
        return self.client.post(
            self.url("cases:closure_decide", self.case.pk), {"decision": decision, "note": note}
        )

    def test_request_approve_reopen(self):
        self.sign_in(self.bob)
        self.assertEqual(self.request_closure().status_code, 302)
        case = self.fresh()
        self.assertEqual((case.status, case.step), (CaseStatus.CLOSURE_REQUESTED, CaseStep.CLOSURE))
        closure = Closure.objects.get(case=case)
        self.assertEqual(
            closure.checklist,
            {
                "safety_plan_reviewed": True,
                "client_informed": True,
                "referrals_closed": False,
                "follow_up_done": False,
            },
        )
        # A second request while one waits is refused.
        self.assertEqual(self.request_closure().status_code, 400)
        self.client.logout()
        self.sign_in(self.sam)
        response = self.client.get(self.url("cases:closure_decide", case.pk))
        self.assertContains(response, "the case plan goals were met")
        self.assertEqual(self.decide("approve").status_code, 302)
        case = self.fresh()
        self.assertEqual(case.status, CaseStatus.CLOSED)
        self.assertIsNotNone(case.closed_at)
        closure.refresh_from_db()
        self.assertEqual((closure.approved, closure.decided_by), (True, self.sam))
        # Reopen needs a reason.
        url = self.url("cases:case_reopen", case.pk)
        self.assertEqual(self.client.post(url, {"reason": "  "}).status_code, 400)
        self.assertEqual(self.fresh().status, CaseStatus.CLOSED)
        self.assertEqual(self.client.post(url, {"reason": "new incident"}).status_code, 302)
        case = self.fresh()
        self.assertEqual((case.status, case.closed_at), (CaseStatus.ACTIVE, None))
        event = case.events.get(kind=CaseEvent.Kind.REOPENED)
        self.assertEqual(event.note, "new incident")

    def test_send_back_needs_a_note(self):
        self.sign_in(self.bob)
        self.request_closure()
        self.client.logout()
        self.sign_in(self.sam)
        self.assertEqual(self.decide("send_back").status_code, 400)
        self.assertEqual(self.fresh().status, CaseStatus.CLOSURE_REQUESTED)
        self.assertEqual(self.decide("send_back", "follow up first").status_code, 302)
        case = self.fresh()
        self.assertEqual(case.status, CaseStatus.ACTIVE)
        self.assertEqual(
            case.events.get(kind=CaseEvent.Kind.CLOSURE_REJECTED).note, "follow up first"
        )
        self.assertFalse(Closure.objects.get(case=case).approved)

    def test_decision_without_request_is_400(self):
        self.sign_in(self.sam)
        self.assertEqual(self.decide("approve").status_code, 400)
        self.assertEqual(self.fresh().status, CaseStatus.OPEN)

    def test_bad_closure_input_is_400(self):
        self.sign_in(self.bob)
        for bad in (
            {"reason": "bored"},
            {"checklist": ["nonsense"]},
            {"reason": "other"},
            {"version": 99},
        ):
            response = self.request_closure(**bad)
            self.assertIn(response.status_code, (400, 409), bad)
        self.assertFalse(Closure.objects.exists())
        self.assertEqual(self.fresh().status, CaseStatus.OPEN)

    def test_status_change_is_refused_while_closure_waits(self):
        self.sign_in(self.bob)
        self.request_closure()
        case = self.fresh()
        response = self.client.post(
            self.url("cases:case_change", case.pk),
            {
                "version": case.version,
                "step": case.step,
                "priority": case.priority,
                "status": CaseStatus.ACTIVE,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.fresh().status, CaseStatus.CLOSURE_REQUESTED)


class ClosedCaseTests(CasePagesTestCase):
    def setUp(self):
        self.case.status = CaseStatus.CLOSED
        self.case.save()

    def test_closed_case_is_read_only(self):
        for user in (self.bob, self.sam):
            self.client.logout()
            self.sign_in(user)
            self.assertEqual(
                self.client.get(self.url("cases:detail", self.case.pk)).status_code, 200
            )
            for route in ("cases:case_change", "cases:closure_request"):
                response = self.client.post(self.url(route, self.case.pk), {"version": 1})
                self.assertContains(response, "closed and read-only", status_code=409)
        for route in ("cases:case_assign", "cases:closure_decide"):
            response = self.client.post(self.url(route, self.case.pk), {"version": 1})
            self.assertEqual(response.status_code, 409)
        self.assertEqual(self.fresh().version, 1)

    def test_reopen_refused_for_an_open_case(self):
        self.case.status = CaseStatus.ACTIVE
        self.case.save()
        self.sign_in(self.sam)
        response = self.client.post(self.url("cases:case_reopen", self.case.pk), {"reason": "why"})
        self.assertEqual(response.status_code, 400)
