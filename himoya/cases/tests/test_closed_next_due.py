"""A closed case has nothing due: approval clears next_due, reopening brings it back."""

import datetime

from himoya.cases.models import FollowUp
from himoya.cases.services.case import decide_closure, reopen_case, request_closure
from himoya.cases.services.common import refresh_next_due
from himoya.cases.tests.pages_base import CasePagesTestCase


class ClosedCaseNextDueTests(CasePagesTestCase):
    def test_approval_clears_next_due_and_reopen_restores_it(self):
        due = datetime.date(2030, 1, 15)
        FollowUp.objects.create(case=self.case, due_date=due, assigned_to=self.bob, purpose="call")
        refresh_next_due(self.case)
        self.assertEqual(self.fresh().next_due, due)
        case = self.fresh()
        request_closure(
            self.bob, case, expected_version=case.version, reason="goals_met", checklist={}
        )
        decide_closure(self.sam, self.fresh(), approve=True)
        case = self.fresh()
        self.assertIsNone(case.next_due)
        self.assertIsNone(refresh_next_due(case))
        self.sign_in(self.sam)
        for name in ("cases:detail", "cases:followups"):
            response = self.client.get(self.url(name, case.pk))
            self.assertNotContains(response, "Next due")
        reopen_case(self.sam, self.fresh(), reason="new incident")
        self.assertEqual(self.fresh().next_due, due)
