"""Writes to a case: open (intake), assign, change step/priority/status, closure, reopen.

Every function runs in one transaction, locks the case row, refuses a closed case
(CaseClosedError) or a stale copy (StaleEditError), appends a CaseEvent and an audit
entry. Views check rights with himoya.cases.access before calling these.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from himoya.accounts.roles import holds_role, members_holding
from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.cases.models import Case, CaseEvent, CaseStatus, CaseStep, Closure
from himoya.cases.services.common import lock_open_case, refresh_next_due
from himoya.cases.signals import case_closed
from himoya.core.roles import Role
from himoya.core.versioning import bump_version, check_version, update_versioned

CLOSURE_REASONS = [
    ("goals_met", gettext_lazy("the case plan goals were met")),
    ("client_wish", gettext_lazy("the client's wish")),
    ("moved_away", gettext_lazy("the client moved away")),
    ("transferred", gettext_lazy("transferred to another organisation")),
    ("no_contact", gettext_lazy("no contact with the client")),
    ("other", gettext_lazy("other")),
]
CLOSURE_CHECKLIST = [
    ("safety_plan_reviewed", gettext_lazy("the safety plan was reviewed")),
    ("client_informed", gettext_lazy("the client was informed of the closure")),
    ("referrals_closed", gettext_lazy("open referrals were closed")),
    ("follow_up_done", gettext_lazy("the last follow-up was done")),
]
# Statuses a person sets by hand; the others come from the closure flow.
MANUAL_STATUSES = (CaseStatus.OPEN, CaseStatus.ACTIVE)


def _event(case, kind, actor, note="") -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, at=timezone.now(), note=note)


def _audit(action, case, request, actor, what, **detail):
    record(
        action,
        actor=actor,
        request=request,
        organisation=case.organisation,
        obj=case,
        detail={"case": case.pk, "what": what, **detail},
    )


def open_case(actor, organisation, *, client, priority, request=None) -> Case:
    """Open a case for a client just created at intake (call inside the intake transaction)."""
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    is_caseworker = holds_role(actor, organisation, [Role.CASEWORKER])
    case = Case.objects.create(
        organisation=organisation,
        client=client,
        caseworker=actor if is_caseworker else None,
        priority=priority,
        step=CaseStep.ENGAGEMENT,
        status=CaseStatus.OPEN,
        district=client.district,
        opened_at=timezone.now(),
        opened_by=actor,
        is_demo=client.is_demo,
    )
    _event(case, CaseEvent.Kind.OPENED, actor)
    _audit(AuditAction.RECORD_CREATED, case, request, actor, "case", client=client.code)
    return case


def active_caseworkers(organisation):
    return members_holding(organisation, [Role.CASEWORKER]).order_by("username")


def assign_caseworker(
    actor, case, caseworker, *, expected_version, seen_caseworker_id=None, request=None
) -> Case:
    """Assign the case (supervisors only, checked by the view) to an active caseworker."""
    if (
        caseworker is None
        or not active_caseworkers(case.organisation).filter(pk=caseworker.pk).exists()
    ):
        raise ValidationError(
            {"caseworker": _("Choose an active caseworker of this organisation.")}
        )
    with transaction.atomic():
        locked = lock_open_case(case)
        seen = seen_caseworker_id if seen_caseworker_id is not None else case.caseworker_id
        check_version(locked, expected_version, {"caseworker_id": seen})
        if locked.caseworker_id == caseworker.pk:
            return locked
        previous = locked.caseworker_id
        locked.caseworker = caseworker
        bump_version(locked, update_fields=["caseworker"])
        _event(locked, CaseEvent.Kind.ASSIGNED, actor, note=caseworker.username)
        _audit(
            AuditAction.RECORD_CHANGED,
            locked,
            request,
            actor,
            "case",
            changed=["caseworker"],
            caseworker=caseworker.pk,
            previous=previous,
        )
    return locked


def change_case(actor, case, *, expected_version, step, priority, status, seen=None, request=None):
    """Change the step, priority and (open/active) status on a fresh copy only.

    `seen` holds the values the editor loaded, so a refusal names what changed
    meanwhile. Returns (case, changed field names)."""
    if status not in MANUAL_STATUSES and status != case.status:
        raise ValidationError({"status": _("Use the closure request to close a case.")})
    with transaction.atomic():
        locked = lock_open_case(case)
        if locked.status == CaseStatus.CLOSURE_REQUESTED and status != locked.status:
            raise ValidationError(
                {"status": _("A closure request is waiting for a supervisor's decision.")}
            )
        baseline = {"step": case.step, "priority": case.priority, "status": case.status}
        baseline.update(seen or {})
        instance, changed = update_versioned(
            Case,
            locked.pk,
            expected_version,
            {"step": step, "priority": priority, "status": status},
            baseline=baseline,
        )
        if changed:
            if "step" in changed:
                _event(instance, CaseEvent.Kind.STEP, actor, note=step)
            _audit(AuditAction.RECORD_CHANGED, instance, request, actor, "case", changed=changed)
    return instance, changed


def request_closure(actor, case, *, expected_version, reason, checklist, note="", request=None):
    """Ask a supervisor to close the case, with a reason and the checklist answers."""
    if reason not in dict(CLOSURE_REASONS):
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    with transaction.atomic():
        locked = lock_open_case(case)
        check_version(locked, expected_version, {"status": case.status, "step": case.step})
        if locked.status == CaseStatus.CLOSURE_REQUESTED:
            raise ValidationError(_("A closure request is already waiting for a decision."))
        closure = Closure.objects.create(
            case=locked,
            reason=reason,
            checklist={key: bool(checklist.get(key)) for key, _label in CLOSURE_CHECKLIST},
            note=note,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        locked.status = CaseStatus.CLOSURE_REQUESTED
        locked.step = CaseStep.CLOSURE
        bump_version(locked, update_fields=["status", "step"])
        _event(locked, CaseEvent.Kind.CLOSURE_REQUESTED, actor, note=note)
        _audit(
            AuditAction.RECORD_CHANGED,
            locked,
            request,
            actor,
            "closure",
            changed=["status"],
            closure=closure.pk,
            reason=reason,
        )
    return closure


def pending_closure(case) -> Closure | None:
    return case.closures.filter(decided_at__isnull=True).first()


def decide_closure(actor, case, *, approve: bool, note="", request=None) -> Case:
    """A supervisor closes the case, or sends the request back with a note."""
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the closure is sent back.")})
    with transaction.atomic():
        locked = lock_open_case(case)
        closure = (
            Closure.objects.select_for_update().filter(case=locked, decided_at__isnull=True).first()
        )
        if locked.status != CaseStatus.CLOSURE_REQUESTED or closure is None:
            raise ValidationError(_("No closure request is waiting for a decision."))
        now = timezone.now()
        closure.decided_by, closure.decided_at, closure.approved = actor, now, approve
        closure.save(update_fields=["decided_by", "decided_at", "approved"])
        if approve:
            # A closed case has nothing due: open follow-ups no longer set a next date.
            locked.status, locked.closed_at, locked.next_due = CaseStatus.CLOSED, now, None
            bump_version(locked, update_fields=["status", "closed_at", "next_due"])
            _event(locked, CaseEvent.Kind.CLOSED, actor, note=note)
            # Open items do not block (himoya.cases.closure); the apps that hold some act
            # now, in this transaction: referrals still unanswered are withdrawn.
            case_closed.send(sender=Case, case=locked, actor=actor, request=request)
        else:
            locked.status = CaseStatus.ACTIVE
            bump_version(locked, update_fields=["status"])
            _event(locked, CaseEvent.Kind.CLOSURE_REJECTED, actor, note=note)
        _audit(
            AuditAction.RECORD_CHANGED,
            locked,
            request,
            actor,
            "closure",
            changed=["status"],
            closure=closure.pk,
            approved=approve,
        )
    return locked


def reopen_case(actor, case, *, reason, request=None) -> Case:
    """A supervisor reopens a closed case; the reason is kept in the case history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the case.")})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != CaseStatus.CLOSED:
            raise ValidationError(_("Only a closed case can be reopened."))
        locked.status, locked.closed_at, locked.step = CaseStatus.ACTIVE, None, CaseStep.FOLLOW_UP
        bump_version(locked, update_fields=["status", "closed_at", "step"])
        refresh_next_due(locked)  # open follow-ups count again once the case is reopened
        _event(locked, CaseEvent.Kind.REOPENED, actor, note=reason)
        _audit(AuditAction.RECORD_CHANGED, locked, request, actor, "case", changed=["status"])
    return locked
