"""Writes to a case's risk assessment and safety plan."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from himoya.cases import risk
from himoya.cases.models import Case, RiskAssessment, SafetyPlan
from himoya.cases.services_sections import audit_write, lock_open_case
from himoya.core.versioning import StaleEditError


def record_risk_assessment(case: Case, *, actor, answers: dict, request=None) -> RiskAssessment:
    """Store a new assessment (history is kept: earlier ones are never changed) and set
    the case's risk level from it, bumping the case's version when the level changes."""
    result = risk.assess(**answers)
    with transaction.atomic():
        locked = lock_open_case(case)
        assessment = RiskAssessment.objects.create(
            case=locked,
            level=result.level,
            reasons=result.reasons,
            assessed_by=actor,
            assessed_at=timezone.now(),
            **{name: bool(answers.get(name)) for name in risk.INDICATORS},
        )
        if locked.risk_level != result.level:
            Case.objects.filter(pk=locked.pk).update(
                risk_level=result.level, version=F("version") + 1, updated_at=timezone.now()
            )
        audit_write(
            created=True,
            actor=actor,
            request=request,
            case=locked,
            obj=assessment,
            what="risk_assessment",
            fields=["level"],
        )
    case.risk_level = result.level
    return assessment


def save_safety_plan(
    case: Case,
    *,
    actor,
    text: str,
    expected_version: int,
    baseline: str | None = None,
    request=None,
) -> SafetyPlan:
    """Create or replace the safety plan's text.

    `expected_version` is the version the editor loaded (0 when there was no plan yet).
    A mismatch raises StaleEditError carrying the current plan, so the page can show it
    beside the editor's text; nothing is overwritten.
    """
    with transaction.atomic():
        locked = lock_open_case(case)
        plan = SafetyPlan.objects.select_for_update().filter(case=locked).first()
        current_version = plan.version if plan else 0
        if current_version != expected_version:
            changes = {}
            if plan is not None and baseline is not None and plan.plan != baseline:
                changes["plan"] = plan.plan
            raise StaleEditError(plan, changes)
        if plan is None:
            plan = SafetyPlan.objects.create(case=locked, plan=text, updated_by=actor)
            created = True
        else:
            if plan.plan == text:
                return plan
            plan.plan = text
            plan.updated_by = actor
            plan.version += 1
            plan.save()
            created = False
        audit_write(
            created=created,
            actor=actor,
            request=request,
            case=locked,
            obj=plan,
            what="safety_plan",
            fields=["plan"],
        )
    return plan
