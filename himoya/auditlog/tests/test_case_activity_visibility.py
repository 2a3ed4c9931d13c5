"""Organisation admins see account and directory events, not survivors' case activity."""

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.auditlog.access import get_audit_entries_for_user
from himoya.testing import HimoyaTestCase


class CaseActivityVisibilityTests(HimoyaTestCase):
    def setUp(self):
        record(
            AuditAction.RECORD_READ,
            actor=self.bob,
            organisation=self.alpha,
            object_type="cases.case",
            object_id="7",
            detail={"case": 7},
        )
        record(
            AuditAction.DIRECTORY_CHANGED,
            actor=self.alice,
            organisation=self.alpha,
            object_type="directory.organisation",
            object_id=str(self.alpha.pk),
        )

    def actions(self, user):
        _organisation, entries = get_audit_entries_for_user(user, "alpha")
        return set(entries.values_list("action", flat=True))

    def test_supervisor_sees_case_reads_and_directory_changes(self):
        self.assertEqual(
            self.actions(self.sam), {AuditAction.RECORD_READ, AuditAction.DIRECTORY_CHANGED}
        )

    def test_org_admin_sees_no_case_activity(self):
        self.assertEqual(self.actions(self.alice), {AuditAction.DIRECTORY_CHANGED})

    def test_org_admin_page_and_api_show_no_case_reads(self):
        self.sign_in(self.alice)
        page = self.client.get("/en/audit/alpha/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "cases.case")
        api = self.client.get("/api/audit/orgs/alpha/entries")
        self.assertEqual(api.status_code, 200)
        self.assertNotIn("record_read", api.content.decode())
