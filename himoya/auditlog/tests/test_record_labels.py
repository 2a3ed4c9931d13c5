"""The audit log names each entry's record in people's words, with a link where the
reader may open it (issue 11, item 9): never "cases.case 221", never a client's name,
a client code only for a reader who may open her case, and one or two queries per
record type whatever the page size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.auditlog import labels
from himoya.auditlog.labels import RecordLabel, label_entries, register_record_labels
from himoya.cases.tests.factories import CaseFactory, NoteFactory, SafetyPlanFactory
from himoya.clients.models import Consent
from himoya.core.roles import Role
from himoya.directory.tests.factories import ServiceFactory
from himoya.hotline.tests.factories import CallFactory
from himoya.incidents.tests.factories import IncidentFactory
from himoya.referrals.tests.factories import ReferralFactory
from himoya.testing import HimoyaTestCase

CLIENT_NAME = "Zarina Secretova"


class RecordLabelTestCase(HimoyaTestCase):
    def setUp(self):
        # Pages, links and labels in English.
        self.enterContext(translation.override("en"))
        self.bob.first_name, self.bob.last_name = "Bobur", "Karimov"
        self.bob.save()
        self.case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        self.case.client.name = CLIENT_NAME
        self.case.client.save()
        self.code = self.case.client.code
        self.service = ServiceFactory(organisation=self.beta, name_en="Legal advice")
        self.referral = ReferralFactory(from_case=self.case, service=self.service)
        self.plan = SafetyPlanFactory(case=self.case, plan="Hide at her aunt's")

    def read(self, obj, organisation=None, actor=None):
        record(
            AuditAction.RECORD_READ,
            actor=actor or self.bob,
            organisation=organisation or self.alpha,
            obj=obj,
        )

    def page(self, user, slug="alpha", **query):
        self.sign_in(user)
        url = reverse("audit:organisation_log", args=[slug]) if slug else reverse("audit:log")
        response = self.client.get(url, {"per_page": 100, **query})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class LabelTests(RecordLabelTestCase):
    def test_the_supervisor_reads_labels_with_links(self):
        self.read(self.case)
        self.read(self.plan)
        self.read(self.referral)
        self.read(self.case.client)
        record(AuditAction.USER_CHANGED, actor=self.alice, organisation=self.alpha, obj=self.bob)
        record(
            AuditAction.DIRECTORY_CHANGED, actor=self.alice, organisation=self.alpha, obj=self.alpha
        )
        page = self.page(self.sam)
        case_url = reverse("cases:detail", args=[self.case.pk])
        self.assertIn(f'<a href="{case_url}">Case {self.code}</a>', page)
        plan_url = reverse("cases:safety_plan", args=[self.case.pk])
        self.assertIn(f'<a href="{plan_url}">Safety plan of case {self.code}</a>', page)
        self.assertIn(f"Referral R-{self.referral.pk}", page)
        self.assertIn(reverse("referrals:detail", args=[self.referral.pk]), page)
        self.assertIn(f"Client {self.code}", page)
        self.assertIn("Bobur Karimov", page)
        self.assertIn(self.alpha.name, page)
        self.assertNotIn("cases.case", page)
        self.assertNotIn(CLIENT_NAME, page)
        self.assertNotIn("Hide at her aunt", page)

    def test_calls_and_incidents(self):
        """A call by its reference, linked for the supervisor of the hotline's
        organisation; an incident by its case, linked to the incident."""
        call = CallFactory(organisation=self.alpha, operator=self.olga)
        incident = IncidentFactory(case=self.case)
        self.read(call)
        self.read(incident)
        page = self.page(self.sam)
        call_url = reverse("hotline:detail", args=[call.pk])
        self.assertIn(f'<a href="{call_url}">Call C-{call.pk}</a>', page)
        incident_url = reverse("cases:incident_detail", args=[self.case.pk, incident.pk])
        self.assertIn(f'<a href="{incident_url}">Incident of case {self.code}</a>', page)

    def test_the_intro_says_reads_are_logged(self):
        self.assertIn("every time someone opens a case", self.page(self.sam))
        self.assertIn("Reads and changes of case records are logged too", self.page(self.alice))

    def test_no_client_code_for_a_reader_who_may_not_open_the_case(self):
        """The platform admin reads every entry but no case: the kind and number only."""
        self.read(self.case)
        self.read(Consent.objects.filter(client=self.case.client).first())
        page = self.page(self.root, slug=None)
        self.assertIn(f"Case no. {self.case.pk}", page)
        self.assertNotIn(self.code, page)
        self.assertNotIn(reverse("cases:detail", args=[self.case.pk]), page)
        self.assertNotIn("cases.case", page)

    def test_the_receiver_names_the_referral_without_the_client(self):
        record(AuditAction.RECORD_READ, actor=self.bob, organisation=self.beta, obj=self.referral)
        victor = UserFactory(username="victor", organisation=self.beta, role=Role.SUPERVISOR)
        page = self.page(victor, slug=self.beta.slug)
        self.assertIn(f"Referral R-{self.referral.pk}", page)
        self.assertIn(reverse("referrals:detail", args=[self.referral.pk]), page)
        self.assertNotIn(self.code, page)

    def test_organisation_admins_reach_member_pages(self):
        record(AuditAction.USER_CHANGED, actor=self.alice, organisation=self.alpha, obj=self.bob)
        page = self.page(self.alice)
        self.assertIn(reverse("accounts:member_edit", args=["alpha", self.bob.pk]), page)
        # A supervisor does not manage members: the name, without a link.
        page = self.page(self.sam)
        self.assertIn("Bobur Karimov", page)
        self.assertNotIn(reverse("accounts:member_edit", args=["alpha", self.bob.pk]), page)

    def test_an_unlabelled_type_is_named_by_its_kind(self):
        entry = record(
            AuditAction.RECORD_READ,
            organisation=self.alpha,
            object_type="cases.note",
            object_id="999999",
        )
        label_entries(self.sam, [entry])
        self.assertEqual(entry.record_label, RecordLabel("Note no. 999999"))

    def test_a_registered_labeller_is_asked_once_per_type(self):
        calls = []

        def labeller(reader, object_ids):
            calls.append(set(object_ids))
            return {object_id: RecordLabel(f"Thing {object_id}") for object_id in object_ids}

        register_record_labels("tests.thing", labeller)
        self.addCleanup(labels._labellers.pop, "tests.thing", None)
        entries = [
            record(AuditAction.RECORD_READ, object_type="tests.thing", object_id=str(n))
            for n in (1, 2, 2, 3)
        ]
        label_entries(self.sam, entries)
        self.assertEqual(calls, [{"1", "2", "3"}])
        self.assertEqual(
            [e.record_label.text for e in entries], ["Thing 1", "Thing 2", "Thing 2", "Thing 3"]
        )


class LabelQueryCountTests(RecordLabelTestCase):
    def fill(self, rounds):
        for _round in range(rounds):
            case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
            self.read(case)
            self.read(case.client)
            self.read(NoteFactory(case=case))
            self.read(IncidentFactory(case=case))
            self.read(ReferralFactory(from_case=case, service=self.service))
            self.read(CallFactory(organisation=self.alpha, operator=self.olga))
            record(
                AuditAction.USER_CHANGED, actor=self.alice, organisation=self.alpha, obj=self.bob
            )
            record(
                AuditAction.DIRECTORY_CHANGED,
                actor=self.alice,
                organisation=self.alpha,
                obj=self.service,
            )

    def count(self, user, url, per_page):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, {"per_page": per_page})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["page"].object_list), per_page)
        return len(queries)

    def test_query_count_does_not_grow_with_page_size(self):
        self.fill(15)
        for user, url in (
            (self.sam, reverse("audit:organisation_log", args=["alpha"])),
            (self.root, reverse("audit:log")),
        ):
            self.sign_in(user)
            self.client.get(url)
            self.assertEqual(self.count(user, url, 25), self.count(user, url, 100), user.username)
