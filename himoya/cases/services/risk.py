"""Writes to a case's risk assessment and safety plan."""

from django.db import transaction
from django.utils import timezone

from himoya.cases import risk
from himoya.cases.models import Case, RiskAssessment, SafetyPlan
from himoya.cases.services.common import audit_write, lock_open_case
from himoya.core.versioning import StaleEditError, bump_version, check_version, next_version


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
                risk_level=result.level, version=next_version(), updated_at=timezone.now()
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
        if plan is None:
            if expected_version != 0:  # the editor names a version of a plan never written
                raise StaleEditError(None, {})
            plan = SafetyPlan.objects.create(case=locked, plan=text, updated_by=actor)
            created = True
        else:
            check_version(plan, expected_version, None if baseline is None else {"plan": baseline})
            if plan.plan == text:
                return plan
            plan.plan = text
            plan.updated_by = actor
            bump_version(plan)
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
