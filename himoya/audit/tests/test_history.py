"""The one reader of "which fields changed after version N", used by every 409."""

from himoya.audit.history import fields_changed_after
from himoya.audit.models import AuditAction, AuditEntry
from himoya.audit.services import record
from himoya.directory.tests.factories import OrganisationFactory
from himoya.testing import HimoyaTestCase

CHANGED = [AuditAction.DIRECTORY_CHANGED, AuditAction.DIRECTORY_DELETED]


class FieldsChangedAfterTests(HimoyaTestCase):
    def setUp(self):
        self.organisation = OrganisationFactory()

    def _save(self, action=AuditAction.DIRECTORY_CHANGED, **detail):
        """One save: the version moves on by one and one entry names what changed."""
        self.organisation.version += 1
        record(action, actor=self.alice, obj=self.organisation, detail=detail)

    def test_counts_the_newest_entries_as_the_newer_saves(self):
        self._save(fields=["phone"])  # version 2
        self._save(fields=["email"])  # version 3
        self._save(changed={"name_tg": ["a", "b"]})  # version 4
        self.assertEqual(
            fields_changed_after(self.organisation, 2, actions=CHANGED), ["email", "name_tg"]
        )
        self.assertEqual(fields_changed_after(self.organisation, 3, actions=CHANGED), ["name_tg"])
        self.assertEqual(fields_changed_after(self.organisation, 4, actions=CHANGED), [])

    def test_deactivation_names_the_active_flag(self):
        self._save(AuditAction.DIRECTORY_DELETED, deactivated=True)
        self.assertEqual(fields_changed_after(self.organisation, 1, actions=CHANGED), ["is_active"])

    def test_other_actions_and_other_records_do_not_count(self):
        self._save(fields=["phone"])
        other = OrganisationFactory()
        record(AuditAction.DIRECTORY_CHANGED, obj=other, detail={"fields": ["email"]})
        record(AuditAction.SIGN_IN, obj=self.organisation, detail={"fields": ["website"]})
        self.assertEqual(fields_changed_after(self.organisation, 1, actions=CHANGED), ["phone"])

    def test_entries_that_carry_the_version_count_by_it(self):
        # One save written as two entries (user and membership), both at version 2.
        entries = AuditEntry.objects.filter(detail__user_id=self.bob.pk)
        self.bob.version = 2
        for changed in ({"role": ["caseworker", "supervisor"]}, {"profession": ["", "lawyer"]}):
            record(
                AuditAction.USER_CHANGED,
                obj=self.bob,
                detail={"user_id": self.bob.pk, "version": 2, "changed": changed},
            )
        actions = [AuditAction.USER_CHANGED]
        self.assertEqual(
            fields_changed_after(self.bob, 1, actions=actions, entries=entries),
            ["profession", "role"],
        )
        self.assertEqual(fields_changed_after(self.bob, 2, actions=actions, entries=entries), [])
