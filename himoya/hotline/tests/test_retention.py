"""`himoya retention run` blanks old calls' call-back details and summaries, keeps the
counting fields, audits each organisation once, and changes nothing in a dry run."""

import datetime
import io

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from himoya.audit.models import AuditEntry
from himoya.hotline.models import Call
from himoya.hotline.tests.base import CALLBACK_NAME, CALLBACK_PHONE, SUMMARY, CallTestCase
from himoya.hotline.tests.factories import CallFactory

LONG_AGO = timezone.now() - datetime.timedelta(days=6 * 366)


def run(*args) -> str:
    out = io.StringIO()
    call_command("retention_run", *args, stdout=out)
    return out.getvalue()


def raw_columns(call) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT callback_name, callback_phone, summary FROM hotline_call WHERE id = %s",
            [call.pk],
        )
        return cursor.fetchone()


class CallRetentionTests(CallTestCase):
    def setUp(self):
        super().setUp()
        details = {
            "callback_wanted": True,
            "callback_name": CALLBACK_NAME,
            "callback_phone": CALLBACK_PHONE,
            "summary": SUMMARY,
        }
        self.old = CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            started_at=LONG_AGO,
            risk_flag=True,
            **details,
        )
        self.old_summary_only = CallFactory(
            organisation=self.beta,
            operator=self.charlie,
            started_at=LONG_AGO,
            summary="Asked about divorce papers",
        )
        self.old_anonymous = CallFactory(
            organisation=self.alpha, operator=self.olga, started_at=LONG_AGO
        )
        # self.call (from the base) is recent and keeps its details.

    def test_dry_run_names_the_counts_and_changes_nothing(self):
        entries = AuditEntry.objects.count()
        output = run("--dry-run")
        self.assertIn("would blank the call-back details and summaries of 1 calls (alpha)", output)
        self.assertIn("of 1 calls (beta)", output)
        self.assertIn("OK: 2 calls would have their details blanked", output)
        self.assertEqual(Call.objects.get(pk=self.old.pk).callback_name, CALLBACK_NAME)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_old_details_are_blanked_and_the_counting_fields_kept(self):
        version = self.old.version
        output = run()
        self.assertIn("OK: 2 calls had their details blanked", output)
        old = Call.objects.get(pk=self.old.pk)
        self.assertEqual((old.callback_name, old.callback_phone, old.summary), ("", "", ""))
        self.assertEqual(raw_columns(old), ("", "", ""))
        self.assertEqual(old.version, version + 1)
        self.assertTrue(old.risk_flag and old.callback_wanted)
        self.assertEqual((old.topic, old.district_id), (self.old.topic, self.old.district_id))
        self.assertEqual(Call.objects.get(pk=self.old_summary_only.pk).summary, "")
        recent = self.fresh()
        self.assertEqual((recent.callback_name, recent.summary), (CALLBACK_NAME, SUMMARY))

    def test_each_organisation_gets_one_audit_entry_without_call_details(self):
        run()
        entries = AuditEntry.objects.filter(detail__what="call_details_removed")
        self.assertEqual(
            sorted((entry.organisation.slug, entry.detail["calls"]) for entry in entries),
            [("alpha", 1), ("beta", 1)],
        )
        for entry in entries:
            self.assertNotIn(CALLBACK_NAME, str(entry.detail))

    def test_a_second_run_finds_nothing(self):
        run()
        self.assertIn("OK: 0 calls had their details blanked", run())
