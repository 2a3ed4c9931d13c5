"""The case page shows the case at a glance (issue 11, item 2), in a number of queries
that does not grow with the case's records; the printed summary has the same access
rules as the page and is audited like a read."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import CaseAction, CaseStatus, RiskLevel
from himoya.cases.tests.factories import (
    CaseActionFactory,
    CaseFactory,
    ClosureFactory,
    FollowUpFactory,
    RiskAssessmentFactory,
    SafetyPlanFactory,
    ServiceDeliveryFactory,
)
from himoya.cases.tests.pages_base import CasePagesTestCase
from himoya.core.roles import Role
from himoya.directory.models import ServiceType
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.referrals.models import ReferralStatus
from himoya.referrals.tests.factories import ReferralFactory

PLAN_TEXT = "Keep a bag with documents at a neighbour's house"


class CaseOverviewTests(CasePagesTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.case = CaseFactory(
            organisation=self.alpha, caseworker=self.bob, risk_level=RiskLevel.HIGH
        )
        self.gamma = OrganisationFactory(slug="gamma-overview")
        self.shelter = ServiceFactory(
            organisation=self.gamma, service_type=ServiceType.TEMPORARY_SHELTER, name_en="Beds"
        )

    def add_records(self, case, count):
        for number in range(count):
            CaseActionFactory(
                case=case,
                action=f"Action {number}",
                responsible_user=self.bob,
                responsible_organisation=self.alpha,
                due_date=self.today + datetime.timedelta(days=number - 1),
            )
            FollowUpFactory(case=case, due_date=self.today + datetime.timedelta(days=number))
            ServiceDeliveryFactory(case=case, date=self.today - datetime.timedelta(days=number))
            ReferralFactory(
                from_case=case, service=ServiceFactory(organisation=self.gamma), sent_by=self.bob
            )

    def page(self, user=None, case=None):
        self.sign_in(user or self.sam)
        return self.client.get(self.url("cases:detail", (case or self.case).pk))

    def test_the_supervisor_sees_whether_she_is_safe_and_what_is_overdue(self):
        assessed = timezone.now() - datetime.timedelta(days=3)
        RiskAssessmentFactory(case=self.case, level=RiskLevel.HIGH, assessed_at=assessed)
        SafetyPlanFactory(case=self.case, plan=PLAN_TEXT)
        CaseActionFactory(
            case=self.case, action="Find a lawyer", due_date=self.today - datetime.timedelta(days=2)
        )
        CaseActionFactory(case=self.case, action="Done already", status=CaseAction.Status.DONE)
        FollowUpFactory(case=self.case, purpose="Call her sister")
        ReferralFactory(
            from_case=self.case,
            service=self.shelter,
            sent_by=self.bob,
            status=ReferralStatus.ACCEPTED,
        )
        response = self.page()
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("tag--red", page)  # high risk, the overdue action
        with translation.override("en"):
            day = date_format(timezone.localtime(assessed), "SHORT_DATE_FORMAT")
        self.assertIn(f"assessed on {day}", page)
        self.assertIn(PLAN_TEXT.replace("'", "&#x27;"), page)
        self.assertIn("Find a lawyer", page)
        self.assertNotIn("Done already", page)
        self.assertIn("Call her sister", page)
        self.assertIn("1 plan action or follow-up is overdue.", page)
        self.assertIn("Beds", page)
        self.assertIn('tag tag--blue">accepted', page)
        self.assertIn("To receive services", page)
        self.assertIn("no closure has been requested", page)
        for name in ("risk", "safety_plan", "plan", "followups", "services", "consent_list"):
            self.assertIn(self.url(f"cases:{name}", self.case.pk), page, name)
        self.assertIn(self.url("referrals:pathway", self.case.pk), page)

    def test_the_page_read_is_one_audited_read(self):
        SafetyPlanFactory(case=self.case, plan=PLAN_TEXT)
        self.page(self.bob)
        entries = AuditEntry.objects.filter(action=AuditAction.RECORD_READ, actor=self.bob)
        self.assertEqual([entry.detail["what"] for entry in entries], ["case"])

    def test_last_five_services_only(self):
        for days in range(7):
            ServiceDeliveryFactory(
                case=self.case,
                date=self.today - datetime.timedelta(days=days),
                service_type=ServiceType.MEDICAL_CARE if days >= 5 else ServiceType.LIVELIHOOD,
            )
        page = self.page().content.decode()
        self.assertEqual(page.count("Livelihood"), 5)
        self.assertNotIn("Medical care", page)
        self.assertIn("The last five are shown.", page)

    def test_closure_state(self):
        ClosureFactory(case=self.case)
        self.case.status = CaseStatus.CLOSURE_REQUESTED
        self.case.save()
        self.assertContains(self.page(), 'tag--amber">closure requested')
        closed = CaseFactory(organisation=self.alpha, caseworker=self.bob, status="closed")
        ClosureFactory(case=closed, approved=True, decided_at=timezone.now(), decided_by=self.sam)
        self.assertContains(self.page(case=closed), "the case plan goals were met")

    def test_query_count_does_not_grow_with_the_records(self):
        small = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        large = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        self.add_records(small, 1)
        self.add_records(large, 10)
        counts = []
        self.sign_in(self.sam)
        for case in (small, large):
            self.client.get(self.url("cases:detail", case.pk))  # warm the session
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.url("cases:detail", case.pk))
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        # Ten actions, follow-ups, services and referrals cost what one of each costs.
        self.assertEqual(counts[0], counts[1])
        self.assertLess(counts[1], 45)


class CasePrintTests(CasePagesTestCase):
    def test_access_is_that_of_the_case_page(self):
        url = self.url("cases:print", self.case.pk)
        outsider = UserFactory(username="otto", organisation=self.beta, role=Role.SUPERVISOR)
        for user, status in (
            (outsider, 404),
            (self.charlie, 404),
            (self.ann, 403),
            (self.carol, 403),
            (self.alice, 403),
            (self.root, 403),
            (self.bob, 200),
            (self.sam, 200),
        ):
            self.client.logout()
            self.sign_in(user)
            self.assertEqual(self.client.get(url).status_code, status, user.username)

    def test_printing_is_audited_and_holds_the_summary(self):
        SafetyPlanFactory(case=self.case, plan=PLAN_TEXT)
        self.sign_in(self.bob)
        response = self.client.get(self.url("cases:print", self.case.pk))
        self.assertContains(response, self.case.client.code)
        self.assertContains(response, "Confidential")
        self.assertContains(response, 'class="page-break"')
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_READ, actor=self.bob).get()
        self.assertEqual(entry.detail["what"], "case_print")
        self.assertEqual(entry.object_id, str(self.case.pk))
        self.assertEqual(entry.organisation, self.alpha)

    def test_the_case_page_links_to_the_print(self):
        self.sign_in(self.bob)
        response = self.client.get(self.url("cases:detail", self.case.pk))
        self.assertContains(response, self.url("cases:print", self.case.pk))
