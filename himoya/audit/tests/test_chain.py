"""The audit log is append-only and `audit_verify` catches edits made around Django."""

import io
import threading
import unittest

from django.core.management import call_command
from django.db import connection, connections
from django.test import TestCase, TransactionTestCase

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AppendOnlyError, AuditAction, AuditEntry
from himoya.audit.services import GENESIS_HASH, compute_hash, record, verify_chain
from himoya.testing import HimoyaTestCase


def run_verify(*args) -> tuple[int, str]:
    """Run the management command; return (exit code, everything it printed)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue() + err.getvalue()


class ChainTests(HimoyaTestCase):
    def setUp(self):
        self.entries = [
            record(AuditAction.SIGN_IN, actor=self.alice, organisation=self.alpha),
            record(AuditAction.USER_CREATED, actor=self.alice, obj=self.bob, detail={"x": (1, 2)}),
            record(AuditAction.DIRECTORY_CHANGED, actor=self.charlie, organisation=self.beta),
            record(AuditAction.SIGN_IN_FAILED, detail={"username": "mallory"}),
        ]

    def test_untouched_log_verifies(self):
        code, output = run_verify()
        self.assertEqual(code, 0)
        self.assertIn("OK: 4 entries verified", output)

    def test_each_entry_carries_the_hash_of_the_one_before(self):
        first, second = self.entries[0], self.entries[1]
        self.assertEqual(first.previous_hash, GENESIS_HASH)
        self.assertEqual(second.previous_hash, first.entry_hash)
        stored = AuditEntry.objects.get(pk=second.pk)
        self.assertEqual(compute_hash(stored), stored.entry_hash)

    def test_raw_sql_update_is_named(self):
        target = self.entries[1]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", ["nobody", target.id]
            )
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn(f"entry {target.id} was altered", output)

    def test_raw_sql_update_that_recomputes_the_hash_is_named(self):
        target = AuditEntry.objects.get(pk=self.entries[1].pk)
        target.action = AuditAction.SIGN_OUT
        forged = compute_hash(target)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditentry SET action = %s, entry_hash = %s WHERE id = %s",
                ["sign_out", forged, target.id],
            )
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn(f"entry {target.id + 1} does not follow entry {target.id}", output)

    def test_raw_sql_delete_is_named(self):
        target = self.entries[2]
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [target.id])
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn(f"entry {target.id} was deleted", output)

    def test_deleting_the_newest_entry_is_named(self):
        target = self.entries[-1]
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [target.id])
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn(f"entry {target.id} was deleted", output)

    def _insert_forged(self, entry_id, previous_hash, entry_hash):
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO audit_auditentry (id, at, actor_name, action, object_type, "
                "object_id, detail, previous_hash, entry_hash) "
                "VALUES (%s, %s, %s, %s, '', '', '{}', %s, %s)",
                [entry_id, self.entries[0].at, "root", "sign_in", previous_hash, entry_hash],
            )

    def test_forged_row_after_the_last_is_named(self):
        # A forger who knows the algorithm can compute a consistent hash; the head
        # row still says how many entries were written.
        last = self.entries[-1]
        forged = AuditEntry(
            id=last.id + 1,
            at=self.entries[0].at,
            actor_name="root",
            action="sign_in",
            previous_hash=last.entry_hash,
        )
        self._insert_forged(forged.id, forged.previous_hash, compute_hash(forged))
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn(f"entry {forged.id} was inserted", output)

    def test_forged_row_with_a_made_up_id_is_named(self):
        self._insert_forged(1000, "f" * 64, "e" * 64)
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn("entry 1000 was inserted", output)

    def test_a_log_rewritten_from_the_start_is_caught_by_an_anchor(self):
        code, output = run_verify()
        anchor = output.split("newest anchor ")[1].strip()
        self.assertEqual(anchor, f"{self.entries[-1].id}:{self.entries[-1].entry_hash}")
        self.assertEqual(run_verify("--anchor", anchor)[0], 0)

        # A forger with database access rewrites every entry and the head consistently.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")
            cursor.execute("DELETE FROM audit_audithead")
        for _entry in self.entries:
            record(AuditAction.SIGN_OUT)
        self.assertEqual(run_verify()[0], 0)
        code, output = run_verify("--anchor", anchor)
        self.assertEqual(code, 1)
        self.assertIn(f"entry {self.entries[-1].id} does not match its anchor", output)

    def test_malformed_anchor_is_a_usage_error(self):
        from django.core.management.base import CommandError

        with self.assertRaises(CommandError):
            run_verify("--anchor", "latest")

    def test_new_entries_after_verification_still_verify(self):
        record(AuditAction.SIGN_OUT, actor=self.bob)
        self.assertTrue(verify_chain().ok)


class AppendOnlyTests(HimoyaTestCase):
    def setUp(self):
        self.entry = record(AuditAction.SIGN_IN, actor=self.alice)

    def test_save_of_an_existing_entry_raises(self):
        entry = AuditEntry.objects.get(pk=self.entry.pk)
        entry.actor_name = "someone else"
        with self.assertRaises(AppendOnlyError):
            entry.save()

    def test_delete_raises(self):
        with self.assertRaises(AppendOnlyError):
            AuditEntry.objects.get(pk=self.entry.pk).delete()
        with self.assertRaises(AppendOnlyError):
            AuditEntry.objects.all().delete()
        with self.assertRaises(AppendOnlyError):
            AuditEntry.objects.filter(pk=self.entry.pk).update(actor_name="x")
        self.assertEqual(AuditEntry.objects.get(pk=self.entry.pk).actor_name, "alice")

    def test_entries_are_only_appended_through_record(self):
        with self.assertRaises(AppendOnlyError):
            AuditEntry.objects.create(action=AuditAction.SIGN_IN, at=self.entry.at)
        with self.assertRaises(AppendOnlyError):
            AuditEntry.objects.bulk_create([AuditEntry(action=AuditAction.SIGN_IN)])
        self.assertTrue(verify_chain().ok)

    def test_unknown_action_is_refused(self):
        with self.assertRaises(ValueError):
            record("format_disk")
        self.assertEqual(AuditEntry.objects.count(), 1)

    def test_deleting_the_actor_keeps_the_entry_intact(self):
        # Users are normally deactivated, but a deletion must not rewrite history.
        temp = UserFactory(username="temporary")
        record(AuditAction.USER_CHANGED, actor=temp)
        temp.delete()
        self.alpha.delete()
        self.assertTrue(verify_chain().ok)
        self.assertEqual(AuditEntry.objects.last().actor_name, "temporary")

    def test_odd_inputs_are_normalised_before_hashing(self):
        request = type("R", (), {"META": {"REMOTE_ADDR": "2001:DB8::1"}, "user": self.bob})()
        entry = record(
            AuditAction.USER_CHANGED, request=request, object_id=12, detail={1: ("a", 2)}
        )
        stored = AuditEntry.objects.get(pk=entry.pk)
        self.assertEqual(stored.ip_address, "2001:db8::1")
        self.assertEqual(stored.actor_name, "bob")
        self.assertEqual(stored.detail, {"1": ["a", 2]})
        self.assertTrue(verify_chain().ok)


class EmptyLogTests(TestCase):
    def test_empty_log_verifies(self):
        code, output = run_verify()
        self.assertEqual(code, 0)
        self.assertIn("OK: 0 entries verified", output)


@unittest.skipIf(
    connection.vendor == "sqlite",
    "row locks are PostgreSQL's; test_cli covers SQLite with several processes",
)
class ConcurrentAppendTests(TransactionTestCase):
    """Appends from several connections at once still form one unbroken chain."""

    # Restore the migrations' reference data after this test's flush, and flush without
    # re-creating content types, so later transactional tests (the browser journeys,
    # which restore the same snapshot) find the database as they expect.
    serialized_rollback = True

    def test_concurrent_appends_form_one_chain(self):
        threads_count, per_thread = 6, 15
        errors = []

        def append_many(n):
            try:
                for i in range(per_thread):
                    record(AuditAction.SIGN_IN, detail={"thread": n, "i": i})
            except Exception as exc:  # collected and asserted below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=append_many, args=(n,)) for n in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        result = verify_chain()
        self.assertTrue(result.ok, result.problem)
        self.assertEqual(result.checked, threads_count * per_thread)
