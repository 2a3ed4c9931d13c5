"""What every write to a case shares: the locked, still-open case, the audit entry of a
section's record, and the case's next due date.

The other modules of himoya.cases.services call these inside their transaction.atomic()
blocks. Views have already checked access through
himoya.cases.access; the check for a closed case is repeated here under the row lock so
that a case closed between the page load and the POST still refuses the write.
"""

from django.db.models import Min
from django.utils import timezone

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.cases.access import CaseClosedError
from himoya.cases.models import Case, CaseAction, CaseStatus, FollowUp

OPEN_ACTION_STATUSES = (CaseAction.Status.PLANNED, CaseAction.Status.IN_PROGRESS)


def lock_open_case(case: Case) -> Case:
    """The case row, locked for this transaction; CaseClosedError if it is closed now."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status == CaseStatus.CLOSED:
        raise CaseClosedError
    return locked


def audit_write(*, created: bool, actor, request, case: Case, obj, what: str, fields=()) -> None:
    """One audit entry for a change to case data. Only names go in the entry, never the
    content: the log is readable by supervisors and must not leak what it protects."""
    record(
        AuditAction.RECORD_CREATED if created else AuditAction.RECORD_CHANGED,
        actor=actor,
        request=request,
        organisation=case.organisation,
        obj=obj,
        detail={"case": case.pk, "what": what, "fields": sorted(fields)},
    )


def earliest_open_due(case: Case):
    follow_up = FollowUp.objects.filter(case=case, done_at__isnull=True).aggregate(
        due=Min("due_date")
    )["due"]
    action = CaseAction.objects.filter(
        case=case, status__in=OPEN_ACTION_STATUSES, due_date__isnull=False
    ).aggregate(due=Min("due_date"))["due"]
    dues = [due for due in (follow_up, action) if due is not None]
    return min(dues) if dues else None


def refresh_next_due(case: Case):
    """Set Case.next_due to the earliest open follow-up or action due date.

    Every write that changes a due date or closes a follow-up/action calls this. The
    field is derived, so it does not bump the case's version: a caseworker editing the
    case's own fields must not be told someone "changed" it by adding a follow-up.
    A closed case has nothing due, whatever follow-ups were left open.
    """
    due = None if case.status == CaseStatus.CLOSED else earliest_open_due(case)
    Case.objects.filter(pk=case.pk).update(next_due=due)
    case.next_due = due
    return due


def today():
    return timezone.localdate()
