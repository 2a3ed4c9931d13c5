"""/healthz: 503 when the database refuses writes, attachments have no room, or cron stopped."""

import datetime
import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.utils import timezone

from himoya.ops.models import ScheduledRun


def refuse_writes_to_the_probe() -> None:
    """Make the database itself refuse the health check's write, as a full disk would."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for event in ("INSERT", "UPDATE"):
                cursor.execute(
                    f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON ops_healthprobe "
                    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
                )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_probe() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file: No space left on device'; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_probe BEFORE INSERT OR UPDATE ON ops_healthprobe "
                "FOR EACH ROW EXECUTE FUNCTION refuse_probe()"
            )


class HealthTests(TestCase):
    def get(self):
        response = self.client.get("/healthz")
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Cache-Control"], "no-store")
        return response

    def test_a_healthy_fresh_instance_is_200_with_a_small_body(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            body,
            {
                "status": "ok",
                "database": "ok",
                "attachments": "ok",
                "scheduled": {
                    "referrals_expire": {"status": "ok", "last_success": None},
                    "retention_run": {"status": "ok", "last_success": None},
                },
            },
        )
        self.assertLess(len(response.content), 400)

    def test_a_database_that_refuses_writes_is_503(self):
        self.assertEqual(self.get().status_code, 200)
        refuse_writes_to_the_probe()
        response = self.get()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["status"], "fail")
        self.assertEqual(response.json()["database"], "fail")
        self.assertNotIn("disk", response.content.decode())

    def test_an_attachment_folder_that_cannot_be_written_is_503(self):
        not_a_folder = self.tmp_file()
        with override_settings(HIMOYA_ATTACHMENT_DIR=not_a_folder / "attachments"):
            response = self.get()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["attachments"], "not_writable")

    def test_too_little_free_space_for_attachments_is_503(self):
        with override_settings(HIMOYA_HEALTH_MIN_FREE_MB=10**12):
            response = self.get()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["attachments"], "low_space")

    def tmp_file(self):
        handle = tempfile.NamedTemporaryFile(delete=False)  # noqa: SIM115 (kept for the test)
        handle.close()
        self.addCleanup(Path(handle.name).unlink)
        return Path(handle.name)

    def test_referrals_expire_that_stopped_running_is_503_until_it_runs(self):
        self.assertEqual(self.get().status_code, 200)
        # Never ran, and the health check first looked 61 minutes ago (allowed: 60).
        ScheduledRun.objects.filter(command="referrals expire").update(
            first_checked_at=timezone.now() - datetime.timedelta(minutes=61)
        )
        response = self.get()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["scheduled"]["referrals_expire"]["status"], "overdue")
        self.assertEqual(response.json()["scheduled"]["retention_run"]["status"], "ok")

        call_command("expire_referrals", stdout=io.StringIO())
        response = self.get()
        self.assertEqual(response.status_code, 200)
        last = response.json()["scheduled"]["referrals_expire"]["last_success"]
        self.assertIsNotNone(last)

        # A success long ago is as bad as none.
        ScheduledRun.objects.filter(command="referrals expire").update(
            last_success_at=timezone.now() - datetime.timedelta(hours=2)
        )
        self.assertEqual(self.get().status_code, 503)
        with override_settings(HIMOYA_HEALTH_REFERRALS_EXPIRE_MINUTES=180):
            self.assertEqual(self.get().status_code, 200)

    def test_retention_run_counts_only_real_runs(self):
        self.get()
        ScheduledRun.objects.filter(command="retention run").update(
            first_checked_at=timezone.now() - datetime.timedelta(hours=27)
        )
        self.assertEqual(self.get().status_code, 503)
        call_command("retention_run", dry_run=True, stdout=io.StringIO())
        self.assertEqual(self.get().status_code, 503)  # a dry run changes nothing
        call_command("retention_run", stdout=io.StringIO())
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertIsNotNone(response.json()["scheduled"]["retention_run"]["last_success"])
