"""Every change to users, memberships and the directory leaves an audit entry.

Entries are written by explicit `record()` calls in the service functions, not by model
signals (a signal would miss queryset updates and could not say who acted or why). Two
checks: a static one over every app's services.py, and behavioural ones on real writes.
"""

import ast
from pathlib import Path

from django.conf import settings

from himoya.accounts.services import create_member, remove_membership
from himoya.audit.models import AuditAction, AuditEntry
from himoya.audit.services import verify_chain
from himoya.core.roles import Role
from himoya.directory.services import create_service
from himoya.testing import HimoyaTestCase

# Methods that write whatever they are called on.
ALWAYS_WRITES = {"save", "delete", "set_password", "bulk_create", "bulk_update"}
# Methods that write on a manager, queryset or related set (`X.objects.filter().update()`,
# `service.districts.set()`), but are harmless on a plain local dict or set (`fields.update()`).
WRITES_ON_MANAGERS = {
    "create",
    "update",
    "update_or_create",
    "get_or_create",
    "add",
    "remove",
    "set",
    "clear",
}


def _calls(function: ast.FunctionDef) -> tuple[set[str], bool]:
    """Names of plain functions called in `function`, and whether it writes itself."""
    names, writes = set(), False
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            names.add(node.func.id)
        elif isinstance(node.func, ast.Attribute):
            method, receiver = node.func.attr, node.func.value
            if method == "record":
                names.add("record")
            if method in ALWAYS_WRITES or (
                method in WRITES_ON_MANAGERS and not isinstance(receiver, ast.Name)
            ):
                writes = True
    return names, writes


def _unaudited_writers(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    calls = {name: _calls(fn) for name, fn in functions.items()}

    def reaches(name, predicate, seen=None) -> bool:
        seen = seen or set()
        if name in seen:
            return False
        seen.add(name)
        names, writes_itself = calls[name]
        if predicate(names, writes_itself):
            return True
        return any(reaches(n, predicate, seen) for n in names if n in functions)

    def writes(names, writes_itself):
        return writes_itself

    def records(names, writes_itself):
        return "record" in names

    return [
        f"{path.parent.name}/services.py:{name}"
        for name in functions
        if not name.startswith("_") and reaches(name, writes) and not reaches(name, records)
    ]


# Writers that need no entry of their own, and why.
NOT_AUDITED = {
    "notifications/services.py:notify": "always called by an audited referral or case change",
    "referrals/services.py:save_step": "each caller records the step's entry beside it",
}


def test_every_public_service_that_writes_records_an_audit_entry():
    package = Path(settings.PACKAGE_DIR)
    paths = [p for p in package.glob("*/services.py") if p.parent.name != "audit"]
    assert paths, "no services.py found"
    missing = [
        name for path in paths for name in _unaudited_writers(path) if name not in NOT_AUDITED
    ]
    assert not missing, "these service functions write without record(): " + ", ".join(missing)


class AuditedWritesTests(HimoyaTestCase):
    def actions_since(self, last_id):
        return list(AuditEntry.objects.filter(id__gt=last_id).values_list("action", flat=True))

    def last_id(self):
        entry = AuditEntry.objects.order_by("-id").first()
        return entry.id if entry else 0

    def test_creating_and_removing_a_member_is_audited(self):
        start = self.last_id()
        user, _password = create_member(
            self.alice, self.alpha, username="newcomer", role=Role.CASEWORKER
        )
        created = self.actions_since(start)
        self.assertIn(AuditAction.USER_CREATED, created)
        self.assertIn(AuditAction.MEMBERSHIP_CREATED, created)
        entry = AuditEntry.objects.get(id__gt=start, action=AuditAction.MEMBERSHIP_CREATED)
        self.assertEqual(entry.organisation_id, self.alpha.id)
        self.assertEqual(entry.actor_name, "alice")

        middle = self.last_id()
        remove_membership(self.alice, self.alpha, user)
        self.assertIn(AuditAction.MEMBERSHIP_REMOVED, self.actions_since(middle))
        self.assertTrue(verify_chain().ok)

    def test_creating_a_service_is_audited_for_the_organisation(self):
        start = self.last_id()
        create_service(
            organisation=self.alpha,
            data={
                "service_type": "crisis_counselling",
                "name_tg": "Машварат",
                "name_ru": "Консультация",
                "name_en": "Counselling",
            },
            districts=["sino"],
            actor=self.alice,
        )
        entries = AuditEntry.objects.filter(id__gt=start)
        self.assertTrue(
            entries.filter(
                action=AuditAction.DIRECTORY_CREATED, organisation=self.alpha, actor_name="alice"
            ).exists()
        )
        self.assertTrue(verify_chain().ok)
