"""Writes to a case plan: its actions, submission for approval and the supervisor's approval.

An approved plan is what the supervisor agreed to. Adding an action, or changing what an
action is or who does it, sends a submitted or approved plan back to draft so that it is
approved again; recording progress (status) or moving a due date does not.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.cases.models import Case, CaseAction, CaseEvent, CasePlan
from himoya.cases.services.common import audit_write, lock_open_case, refresh_next_due
from himoya.core import dates
from himoya.core.versioning import bump_version, lock_versioned, update_versioned

# Changing one of these needs the plan approved again.
SUBSTANCE_FIELDS = {"goal", "action", "responsible_user", "responsible_organisation"}
ACTION_FIELDS = (
    "goal",
    "action",
    "responsible_user",
    "responsible_organisation",
    "due_date",
    "status",
)


def plan_of(case: Case) -> CasePlan:
    """The case's plan, created empty (draft) the first time it is needed."""
    plan, _created = CasePlan.objects.get_or_create(case=case)
    return plan


def _back_to_draft(plan: CasePlan) -> None:
    if plan.status != CasePlan.Status.DRAFT:
        plan.status = CasePlan.Status.DRAFT
        plan.approved_by = None
        plan.approved_at = None
        bump_version(plan)


def _check_due_date(values: dict) -> None:
    """A due date, when one is given, is a due date's (core.dates): within ten years."""
    due_date = values.get("due_date")
    if due_date is not None:
        problem = dates.due_date_error(due_date)
        if problem:
            raise ValidationError({"due_date": problem})


def add_action(case: Case, *, actor, values: dict, request=None) -> CaseAction:
    _check_due_date(values)
    with transaction.atomic():
        locked = lock_open_case(case)
        plan = CasePlan.objects.select_for_update().filter(pk=plan_of(locked).pk).get()
        action = CaseAction(case=locked, **{name: values.get(name) for name in ACTION_FIELDS})
        if not action.status:
            action.status = CaseAction.Status.PLANNED
        action.full_clean()
        action.save()
        _back_to_draft(plan)
        refresh_next_due(locked)
        audit_write(
            created=True,
            actor=actor,
            request=request,
            case=locked,
            obj=action,
            what="case_action",
            fields=[name for name in ACTION_FIELDS if values.get(name)],
        )
    return action


def edit_action(
    action: CaseAction,
    *,
    actor,
    values: dict,
    expected_version: int,
    baseline=None,
    request=None,
) -> tuple[CaseAction, list[str]]:
    """Change an action; StaleEditError when it was saved since the editor loaded it."""
    _check_due_date(values)
    with transaction.atomic():
        locked = lock_open_case(action.case)
        changes = {name: values[name] for name in ACTION_FIELDS if name in values}
        updated, changed = update_versioned(
            CaseAction, action.pk, expected_version, changes, baseline=baseline
        )
        if not changed:
            return updated, changed
        if SUBSTANCE_FIELDS.intersection(changed):
            _back_to_draft(CasePlan.objects.select_for_update().get(pk=plan_of(locked).pk))
        refresh_next_due(locked)
        audit_write(
            created=False,
            actor=actor,
            request=request,
            case=locked,
            obj=updated,
            what="case_action",
            fields=changed,
        )
    return updated, changed


def _locked_plan(case: Case, expected_version: int, status: str) -> CasePlan:
    """The plan, locked; StaleEditError if it changed since the editor loaded it (in
    `status`, the one the decision is about), naming its status if that moved on."""
    return lock_versioned(CasePlan, plan_of(case).pk, expected_version, {"status": status})


def submit_plan(case: Case, *, actor, expected_version: int, request=None) -> CasePlan:
    """Ask a supervisor to approve the plan; it needs at least one action."""
    with transaction.atomic():
        locked = lock_open_case(case)
        plan = _locked_plan(locked, expected_version, CasePlan.Status.DRAFT)
        if plan.status != CasePlan.Status.DRAFT:
            raise ValidationError(_("Only a draft plan can be submitted for approval."))
        if not CaseAction.objects.filter(case=locked).exists():
            raise ValidationError(_("Add at least one action before submitting the plan."))
        plan.status = CasePlan.Status.SUBMITTED
        bump_version(plan)
        audit_write(
            created=False,
            actor=actor,
            request=request,
            case=locked,
            obj=plan,
            what="case_plan",
            fields=["status"],
        )
    return plan


def approve_plan(case: Case, *, actor, expected_version: int, request=None) -> CasePlan:
    """A supervisor approves the submitted plan (the view checked approve rights)."""
    with transaction.atomic():
        locked = lock_open_case(case)
        plan = _locked_plan(locked, expected_version, CasePlan.Status.SUBMITTED)
        if plan.status != CasePlan.Status.SUBMITTED:
            raise ValidationError(_("Only a plan waiting for approval can be approved."))
        now = timezone.now()
        plan.status = CasePlan.Status.APPROVED
        plan.approved_by = actor
        plan.approved_at = now
        bump_version(plan)
        CaseEvent.objects.create(
            case=locked, kind=CaseEvent.Kind.PLAN_APPROVED, actor=actor, at=now
        )
        audit_write(
            created=False,
            actor=actor,
            request=request,
            case=locked,
            obj=plan,
            what="case_plan",
            fields=["status", "approved_by", "approved_at"],
        )
    return plan
