"""My work: overdue follow-ups, actions due, approvals waiting; dashboard counts; nav link."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from himoya.cases.models import CasePlan, CaseStatus, Closure
from himoya.cases.tests.factories import CaseActionFactory, CaseFactory, FollowUpFactory
from himoya.cases.tests.pages_base import CasePagesTestCase


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


class MyWorkTests(CasePagesTestCase):
    def make_work(self, case):
        FollowUpFactory(case=case, due_date=days(-2))
        FollowUpFactory(case=case, due_date=days(3))  # not overdue
        FollowUpFactory(case=case, due_date=days(-5), done_at=timezone.now())  # done
        CaseActionFactory(case=case, due_date=days(5))
        CaseActionFactory(case=case, due_date=days(-1))
        CaseActionFactory(case=case, due_date=days(30))  # too far ahead
        CaseActionFactory(case=case, due_date=days(1), status="done")

    def test_caseworker_sees_own_work_only(self):
        self.make_work(self.case)
        self.make_work(CaseFactory(organisation=self.alpha, caseworker=self.carol))
        closed = CaseFactory(organisation=self.alpha, caseworker=self.bob, status=CaseStatus.CLOSED)
        FollowUpFactory(case=closed, due_date=days(-3))
        self.sign_in(self.bob)
        response = self.client.get(self.url("cases:my_work"))
        self.assertEqual(
            response.context["counts"],
            {"overdue_follow_ups": 1, "actions_due": 2, "closures_waiting": 0, "plans_waiting": 0},
        )
        self.assertContains(response, self.case.client.code)

    def test_supervisor_sees_approvals_waiting(self):
        waiting = CaseFactory(
            organisation=self.alpha, caseworker=self.bob, status=CaseStatus.CLOSURE_REQUESTED
        )
        Closure.objects.create(
            case=waiting, reason="goals_met", requested_by=self.bob, requested_at=timezone.now()
        )
        CasePlan.objects.create(case=self.case, status=CasePlan.Status.SUBMITTED)
        beta_case = CaseFactory(organisation=self.beta, status=CaseStatus.CLOSURE_REQUESTED)
        Closure.objects.create(
            case=beta_case, reason="other", requested_by=self.charlie, requested_at=timezone.now()
        )
        self.sign_in(self.sam)
        response = self.client.get(self.url("cases:my_work"))
        self.assertEqual(response.context["counts"]["closures_waiting"], 1)
        self.assertEqual(response.context["counts"]["plans_waiting"], 1)
        self.assertContains(response, self.url("cases:closure_decide", waiting.pk))
        self.client.logout()
        self.sign_in(self.bob)
        response = self.client.get(self.url("cases:my_work"))
        self.assertEqual(response.context["counts"]["closures_waiting"], 0)

    def dashboard_queries(self, cases):
        for _ in range(cases):
            self.make_work(CaseFactory(organisation=self.alpha, caseworker=self.bob))
        self.sign_in(self.sam)
        self.client.get(self.url("accounts:dashboard"))
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url("accounts:dashboard"))
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_dashboard_shows_counts_in_constant_queries(self):
        few, _response = self.dashboard_queries(1)
        many, response = self.dashboard_queries(6)
        self.assertEqual(few, many)
        self.assertEqual(response.context["dashboard"]["cases"].tile("actions_due").count, 14)
        self.assertContains(response, self.url("cases:my_work"))

    def test_nav_link_only_for_case_roles(self):
        for user, shown in (
            (self.bob, True),
            (self.sam, True),
            (self.ann, False),
            (self.alice, False),
        ):
            self.client.logout()
            self.sign_in(user)
            response = self.client.get(self.url("accounts:dashboard"))
            html = response.content.decode()
            self.assertEqual(f'href="{self.url("cases:list")}"' in html, shown, user.username)
