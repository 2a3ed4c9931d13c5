"""Follow-ups of a case: planning one, and marking one done with its outcome."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.cases.models import Case, FollowUp
from himoya.cases.services.common import audit_write, lock_open_case, refresh_next_due, today
from himoya.core import dates
from himoya.core.versioning import bump_version, lock_versioned


def add_follow_up(case: Case, *, actor, values: dict, request=None) -> FollowUp:
    if values["due_date"] < today():
        raise ValidationError({"due_date": _("A new follow-up cannot be due in the past.")})
    due_error = dates.due_date_error(values["due_date"], on=today())
    if due_error:
        raise ValidationError({"due_date": due_error})
    with transaction.atomic():
        locked = lock_open_case(case)
        follow_up = FollowUp(
            case=locked,
            due_date=values["due_date"],
            assigned_to=values.get("assigned_to"),
            purpose=values.get("purpose", ""),
        )
        follow_up.full_clean()
        follow_up.save()
        refresh_next_due(locked)
        audit_write(
            created=True,
            actor=actor,
            request=request,
            case=locked,
            obj=follow_up,
            what="follow_up",
            fields=["due_date", "assigned_to", "purpose"],
        )
    return follow_up


def complete_follow_up(
    follow_up: FollowUp, *, actor, outcome: str, expected_version: int, request=None
) -> FollowUp:
    """Mark a follow-up done with its outcome; refused if it changed since it was shown."""
    with transaction.atomic():
        locked_case = lock_open_case(follow_up.case)
        # The editor saw it not done yet: a refusal names done_at if it was done since.
        current = lock_versioned(FollowUp, follow_up.pk, expected_version, {"done_at": None})
        if current.done_at is not None:
            raise ValidationError(_("This follow-up is already done."))
        current.done_at = timezone.now()
        current.outcome = outcome
        bump_version(current)
        refresh_next_due(locked_case)
        audit_write(
            created=False,
            actor=actor,
            request=request,
            case=locked_case,
            obj=current,
            what="follow_up",
            fields=["done_at", "outcome"],
        )
    return current
