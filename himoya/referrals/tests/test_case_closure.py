"""Closing a case with referrals still open (issue 9, item 2).

Before the fix a supervisor approved the closure of a case whose referral was still
"sent": the receiver could still open it, read the code word and accept it. Now the
request and the decision list what is open (without blocking), and approval withdraws
the referrals still waiting for an answer in the same transaction; an accepted one
keeps the receiver's own case but loses the view of the sender's record.
"""

from django.core.exceptions import ValidationError

from himoya.cases.models import CasePlan, CaseStatus
from himoya.cases.services.case import decide_closure, request_closure
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.access import readable_shared, shared_view
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.services.steps import accept_referral
from himoya.referrals.tests.base import SAFE_CONTACT_WORD
from himoya.referrals.tests.pages_base import ReferralPagesTestCase

NOT_BLOCKING = "Open items do not block the closure."


class CaseClosureTests(ReferralPagesTestCase):
    def request(self):
        self.case.refresh_from_db()
        return request_closure(
            self.bob,
            self.case,
            expected_version=self.case.version,
            reason="moved_away",
            checklist={},
        )

    def approve(self):
        self.case.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            return decide_closure(self.sam, self.case, approve=True)

    def fresh(self, referral) -> Referral:
        return Referral.objects.select_related(
            "client", "to_organisation", "service", "from_case"
        ).get(pk=referral.pk)

    def test_request_and_decision_list_open_items_and_say_they_do_not_block(self):
        referral = self.send()
        CasePlan.objects.filter(case=self.case).update(status=CasePlan.Status.SUBMITTED)
        page = self.get(self.bob, "cases:closure_request", self.case.pk)
        self.assertEqual(page.status_code, 200)
        for text in (
            NOT_BLOCKING,
            referral.reference,
            "The case plan is waiting for approval.",
            "Plan action due",
            "Follow-up due",
            "will be withdrawn",
        ):
            self.assertContains(page, text)
        self.request()
        decide = self.get(self.sam, "cases:closure_decide", self.case.pk)
        self.assertContains(decide, referral.reference)
        self.assertContains(decide, NOT_BLOCKING)
        detail = self.get(self.sam, "cases:detail", self.case.pk)
        self.assertContains(detail, referral.reference)
        self.assertContains(detail, NOT_BLOCKING)

    def test_approval_withdraws_the_waiting_referral_and_tells_the_receiver(self):
        referral = self.send(share_safe_contact=True)
        before = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertContains(before, SAFE_CONTACT_WORD)
        self.request()
        Notification.objects.all().delete()
        self.approve()

        closed = self.fresh(referral)
        self.assertEqual(closed.status, ReferralStatus.WITHDRAWN)
        self.assertEqual(closed.withdrawn_by, self.sam)
        told = set(
            Notification.objects.filter(
                referral=referral, kind=NotificationKind.REFERRAL_WITHDRAWN_CASE_CLOSED
            ).values_list("user__username", flat=True)
        )
        self.assertEqual(told, {"lena", "victor"})
        self.assertIsNone(shared_view(closed))
        page = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertNotContains(page, SAFE_CONTACT_WORD)
        self.assertContains(page, "closed the case and withdrew this referral")
        self.assertNotIn("accept", page.context["forms"])
        refused = self.post(
            self.lena, "referrals:accept", referral.pk, data=self.accept_data(closed)
        )
        self.assertIn(refused.status_code, (400, 409))
        self.assertEqual(self.fresh(referral).status, ReferralStatus.WITHDRAWN)

    def test_accepted_referral_stays_with_the_receiver_without_the_shared_view(self):
        referral = self.send(share_safe_contact=True)
        accepted = accept_referral(self.lena, referral, expected_version=referral.version)
        own_case = accepted.receiving_case
        self.request()
        self.approve()

        fresh = self.fresh(referral)
        self.assertEqual(fresh.status, ReferralStatus.ACCEPTED)
        self.assertIsNone(shared_view(fresh))
        self.assertEqual(readable_shared([fresh]), set())
        page = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertNotContains(page, SAFE_CONTACT_WORD)
        self.assertContains(page, "closed its case")
        # The receiver's own case stays its own, open.
        own_case.refresh_from_db()
        self.assertNotEqual(own_case.status, CaseStatus.CLOSED)
        self.assertEqual(self.get(self.lena, "cases:detail", own_case.pk).status_code, 200)
        self.as_user(self.lena)
        body = self.client.get(f"/api/referrals/{referral.pk}").json()
        self.assertIsNone(body["shared"])
        self.assertEqual(body["shared_unavailable_reason"], "sender_case_closed")

    def test_a_failing_withdrawal_undoes_the_closure(self):
        """The withdrawal runs in the closure's transaction: both or neither."""
        from himoya.cases.signals import case_closed

        referral = self.send()
        self.request()

        def refuse(**kwargs):
            raise ValidationError("no")

        case_closed.connect(refuse, dispatch_uid="test_refuse")
        try:
            with self.assertRaises(ValidationError):
                self.approve()
        finally:
            case_closed.disconnect(dispatch_uid="test_refuse")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.CLOSURE_REQUESTED)
        self.assertEqual(self.fresh(referral).status, ReferralStatus.SENT)

    def test_api_lists_open_items_to_the_requester_and_the_supervisor(self):
        referral = self.send()
        self.as_user(self.bob)
        self.case.refresh_from_db()
        response = self.client.post(
            f"/api/cases/{self.case.pk}/closure",
            {"version": self.case.version, "reason": "moved_away", "checklist": {}},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertFalse(body["open_items_block_closure"])
        kinds = {item["kind"] for item in body["open_items"]}
        self.assertEqual(kinds, {"plan_action", "follow_up", "referral"})
        self.assertTrue(any(referral.reference in item["label"] for item in body["open_items"]))
        self.as_user(self.sam)
        case = self.client.get(f"/api/cases/{self.case.pk}").json()
        self.assertEqual(
            [item["kind"] for item in case["pending_closure"]["open_items"]].count("referral"), 1
        )
        decided = self.client.post(
            f"/api/cases/{self.case.pk}/closure/decision",
            {"approve": True, "note": ""},
            content_type="application/json",
        )
        self.assertEqual(decided.status_code, 200, decided.content)
        self.assertIsNone(decided.json()["pending_closure"])
        self.assertEqual(self.fresh(referral).status, ReferralStatus.WITHDRAWN)

    def test_a_referral_left_open_by_an_earlier_closure_cannot_be_accepted(self):
        """Cases closed before closing withdrew referrals: the referral cannot be
        accepted and shows nothing of the closed case."""
        from himoya.cases.models import Case

        referral = self.send(share_safe_contact=True)
        Case.objects.filter(pk=self.case.pk).update(status=CaseStatus.CLOSED)
        fresh = self.fresh(referral)
        self.assertIsNone(shared_view(fresh))
        with self.assertRaises(ValidationError) as refused:
            accept_referral(self.lena, fresh, expected_version=fresh.version)
        self.assertEqual(refused.exception.code, "case_closed")
        self.assertEqual(self.fresh(referral).status, ReferralStatus.SENT)
        page = self.get(self.lena, "referrals:detail", referral.pk)
        self.assertNotContains(page, SAFE_CONTACT_WORD)
