"""`retention_run`: anonymise clients whose cases all closed long ago; --dry-run changes nothing."""

import datetime
import io
import tempfile

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import Attachment, CaseAction, Note, SafetyPlan
from himoya.cases.tests.factories import CaseFactory
from himoya.clients import services
from himoya.clients.consent import give_consent
from himoya.clients.models import Client, Consent
from himoya.clients.tests.records import SECRETS, full_case
from himoya.clients.tests.test_no_plaintext import every_raw_value
from himoya.incidents.models import Incident
from himoya.testing import HimoyaTestCase

LONG_AGO = timezone.now() - datetime.timedelta(days=6 * 366)
RECENTLY = timezone.now() - datetime.timedelta(days=4 * 365)


def run(*args) -> str:
    out = io.StringIO()
    call_command("retention_run", *args, stdout=out)
    return out.getvalue()


class RetentionTests(HimoyaTestCase):
    def setUp(self):
        self.attachment_dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.attachment_dir.cleanup)
        overridden = override_settings(HIMOYA_ATTACHMENT_DIR=self.attachment_dir.name)
        overridden.enable()
        self.addCleanup(overridden.disable)
        self.old, self.old_case = full_case(self, closed_at=LONG_AGO)
        self.recent, _case = full_case(self, closed_at=RECENTLY)
        self.open, _case = full_case(self)
        # Closed long ago, but another case of the same client is still open.
        self.mixed, _case = full_case(self, closed_at=LONG_AGO)
        CaseFactory(organisation=self.alpha, caseworker=self.bob, client=self.mixed)
        self.file_path = self.attach(self.old_case)

    def attach(self, case):
        from himoya.cases import attachment_files as attachments

        data = b"%PDF-1.4 statement"
        storage_name, digest = attachments.store(data)
        Attachment.objects.create(
            case=case,
            uploaded_by=self.bob,
            filename="Qzxfile-statement.pdf",
            content_type="application/pdf",
            size=len(data),
            storage_name=storage_name,
            sha256=digest,
        )
        return attachments.path_of(storage_name)

    def test_dry_run_lists_and_changes_nothing(self):
        before = sorted(every_raw_value())
        entries = AuditEntry.objects.count()
        output = run("--dry-run")
        self.assertIn(f"would anonymise {self.old.code}", output)
        self.assertIn("1 attachment files", output)
        self.assertIn("OK: 1 clients would be anonymised", output)
        for kept in (self.recent, self.open, self.mixed):
            self.assertNotIn(kept.code, output)
        self.assertEqual(sorted(every_raw_value()), before)
        self.assertEqual(AuditEntry.objects.count(), entries)
        self.assertTrue(self.file_path.exists())

    def test_run_destroys_identifying_data_and_keeps_statistics(self):
        # Files are deleted once the anonymisation commits.
        with self.captureOnCommitCallbacks(execute=True):
            output = run()
        self.assertIn(f"anonymised {self.old.code}", output)
        client = Client.objects.get(pk=self.old.pk)
        self.assertIsNotNone(client.anonymised_at)
        self.assertEqual((client.name, client.phone, client.address), ("", "", ""))
        self.assertIsNone(client.birth_date)
        self.assertEqual(client.safe_contact, {})
        self.assertEqual(client.identity_index, "")
        # Statistics stay.
        self.assertEqual((client.age_group, client.sex), (self.old.age_group, self.old.sex))
        self.assertEqual(client.district_id, self.old.district_id)
        incident = Incident.objects.get(case=self.old_case)
        self.assertEqual(incident.description, "")
        self.assertEqual(incident.gbv_type, "physical_assault")
        self.assertEqual(Note.objects.get(case=self.old_case).text, "")
        self.assertEqual(SafetyPlan.objects.get(case=self.old_case).plan, "")
        action = CaseAction.objects.get(case=self.old_case)
        self.assertEqual((action.goal, action.action), ("", ""))
        consent = Consent.objects.get(client=client)
        self.assertEqual(consent.withdrawal_note, "")
        self.assertIsNotNone(consent.withdrawn_at)
        # Files gone from disk, rows gone.
        self.assertFalse(self.file_path.exists())
        self.assertFalse(Attachment.objects.filter(case=self.old_case).exists())
        # No longer found as a duplicate; the others still are.
        found = services.find_possible_duplicates(
            self.alpha, SECRETS["name"], SECRETS["birth_date"]
        )
        self.assertNotIn(client, found)
        self.assertIn(self.recent, found)
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_CHANGED).latest("id")
        self.assertEqual(entry.detail["what"], "client_anonymised")
        self.assertEqual(entry.detail["client"], client.code)

    def test_others_are_untouched_and_a_second_run_does_nothing(self):
        run()
        for kept in (self.recent, self.open, self.mixed):
            client = Client.objects.get(pk=kept.pk)
            self.assertEqual(client.name, SECRETS["name"])
            self.assertIsNone(client.anonymised_at)
        self.assertIn("OK: 0 clients anonymised", run())

    @override_settings(HIMOYA_RETENTION_YEARS=3)
    def test_the_retention_period_comes_from_the_setting(self):
        output = run("--dry-run")
        self.assertIn(self.old.code, output)
        self.assertIn(self.recent.code, output)
        self.assertIn("Retention: 3 years", output)

    def test_anonymised_clients_take_no_more_edits_or_consents(self):
        from django.core.exceptions import ValidationError

        run()
        client = Client.objects.get(pk=self.old.pk)
        with self.assertRaises(ValidationError):
            services.update_client(client, client.version, {"name": "x"}, self.sam)
        with self.assertRaises(ValidationError):
            give_consent(client, "services", "verbal", self.sam)
