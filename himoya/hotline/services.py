"""Writes to the call log: log a call, edit it, open a case from it, and what a referral
of the caller (himoya.referrals.services.calls) records on the call.

Views and the API check rights with himoya.hotline.access first; these functions
check the values again (the API has no form), write in one transaction and audit.
Audit entries name the call and the fields, never the caller's name, number or the
summary: those are encrypted at rest and stay out of the log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.cases.models import Priority
from himoya.cases.services.case import open_case
from himoya.clients.consent import give_consent
from himoya.clients.forms import PHONE
from himoya.clients.models import CHILD_AGE_GROUPS, AgeGroup, ConsentKind, ConsentMethod, Sex
from himoya.clients.services import create_client
from himoya.core import dates
from himoya.core.versioning import bump_version, lock_versioned
from himoya.directory.models import Language
from himoya.hotline.models import Call, CallAction, CallerType, CallTopic
from himoya.hotline.signals import case_opened_from_call
from himoya.incidents.models import LawForm

MAX_DURATION = 600
# A call is a past event (core.dates): no call in the log started before 2000.
EARLIEST_CALL = dates.EARLIEST_EVENT
TEXT_MAX = {"callback_name": 200, "callback_phone": 20, "summary": 4000}
# What a person may set on a call; the rest is derived (organisation, operator, links).
CALL_FIELDS = (
    "started_at",
    "duration_minutes",
    "caller_type",
    "sex",
    "age_group",
    "district",
    "language",
    "topic",
    "forms_of_violence",
    "risk_flag",
    "actions",
    "callback_wanted",
    "callback_name",
    "callback_phone",
    "summary",
)
CHOICES = {
    "caller_type": CallerType,
    "sex": Sex,
    "age_group": AgeGroup,
    "language": Language,
    "topic": CallTopic,
}


def _choice_errors(data: dict, errors: dict) -> None:
    for name, choices in CHOICES.items():
        if name in data and data[name] not in choices.values:
            errors[name] = _("Choose one of the listed values.")
    for name, choices in (("forms_of_violence", LawForm), ("actions", CallAction)):
        if name in data and any(value not in choices.values for value in data[name] or ()):
            errors[name] = _("Choose only from the listed values.")


def checked_call(data: dict, *, now=None) -> dict:
    """The call's values cleaned, or a ValidationError naming each bad field.

    `data` may be partial (an edit): only the fields given are checked, except that the
    call-back rule is checked on the values as they will be saved.
    """
    unknown = set(data) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"not call fields: {', '.join(sorted(unknown))}")
    cleaned = dict(data)
    errors: dict[str, str] = {}
    for name, limit in TEXT_MAX.items():
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
            if len(cleaned[name]) > limit:
                errors[name] = _("At most %(limit)s characters.") % {"limit": limit}
    for name in ("forms_of_violence", "actions"):
        if name in cleaned:
            cleaned[name] = list(dict.fromkeys(cleaned[name] or ()))
    duration = cleaned.get("duration_minutes", 0)
    if duration is None or not 0 <= duration <= MAX_DURATION:
        errors["duration_minutes"] = _("Give the duration in minutes, from 0 to %(max)s.") % {
            "max": MAX_DURATION
        }
    started = cleaned.get("started_at")
    if "started_at" in cleaned and started is None:
        errors["started_at"] = _("Give the date and time of the call.")
    elif started is not None:
        if timezone.is_naive(started):
            # A time without a zone (the API allows it) is the site's local time, as
            # in the form.
            started = cleaned["started_at"] = timezone.make_aware(started)
        if dates.event_time_error(started, now=now):
            errors["started_at"] = _(
                "The call cannot have started before 1 January 2000 or in the future."
            )
    _choice_errors(cleaned, errors)
    phone = cleaned.get("callback_phone", "")
    if phone and "callback_phone" not in errors and not PHONE.match(phone):
        errors["callback_phone"] = _("Type a phone number with digits, e.g. +992 93 123 4567.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_callback(call: Call) -> None:
    """Anonymous by default: a name or number only when she asked to be called back."""
    if call.callback_wanted and not call.callback_phone:
        raise ValidationError(
            {"callback_phone": _("Give the number to call back, or untick “wants a call back”.")}
        )
    if not call.callback_wanted and (call.callback_name or call.callback_phone):
        raise ValidationError(
            {
                "callback_wanted": _(
                    "Keep a name or number only when the caller wants a call back: tick "
                    "“wants a call back” or leave them empty."
                )
            }
        )


def _validate(call: Call) -> None:
    # The lists were checked by checked_call; an empty list is a valid answer ("none
    # disclosed", "nothing done yet"), which the model's blank check would refuse.
    call.full_clean(exclude=["client", "case", "forms_of_violence", "actions"])


def _audit(action, call, actor, request, **detail) -> None:
    record(
        action,
        actor=actor,
        request=request,
        organisation=call.organisation,
        obj=call,
        detail={"what": "call", "call": call.pk, **detail},
    )


def log_call(actor, organisation, data: dict, *, request=None, is_demo=False) -> Call:
    """A new call in `organisation`'s log, taken by `actor` (an operator there)."""
    values = checked_call(data)
    call = Call(organisation=organisation, operator=actor, is_demo=is_demo, **values)
    _check_callback(call)
    _validate(call)
    with transaction.atomic():
        call.save(force_insert=True)
        _audit(AuditAction.RECORD_CREATED, call, actor, request)
    return call


def _calls_with_organisation():
    # Every write audits in the call's organisation: fetched with the locked row.
    return Call.objects.select_related("organisation")


def update_call(actor, call, *, expected_version: int, data: dict, request=None) -> Call:
    """Change a call; a stale `expected_version` raises StaleEditError, nothing saved."""
    values = checked_call(data)
    with transaction.atomic():
        locked = lock_versioned(_calls_with_organisation(), call.pk, expected_version)
        changed = sorted(name for name, value in values.items() if getattr(locked, name) != value)
        for name in changed:
            setattr(locked, name, values[name])
        _check_callback(locked)
        _validate(locked)
        if changed:
            bump_version(locked)
            _audit(AuditAction.RECORD_CHANGED, locked, actor, request, changed=changed)
    return locked


def locked_call(call) -> Call:
    """The call's row locked until the transaction ends (whatever its version: a referral
    or a case made from the call is no edit of what the operator wrote)."""
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    return _calls_with_organisation().select_for_update().get(pk=call.pk)


def _link(locked: Call, actor, request, changed: list[str]) -> None:
    """Save what a referral or a case added to the call, as one new version."""
    bump_version(locked, update_fields=[*changed, "updated_at"])
    _audit(AuditAction.RECORD_CHANGED, locked, actor, request, changed=changed)


def caller_client(locked: Call, actor, request=None):
    """The anonymous client record that carries the caller's consents: made once per call."""
    if locked.client_id:
        return locked.client
    return create_client(
        locked.organisation,
        {"sex": locked.sex, "age_group": locked.age_group, "district": locked.district},
        actor,
        request,
        is_demo=locked.is_demo,
    )


def child_caregiver(call, relationship: str, reason: str) -> dict:
    """For a child caller, who gave the caregiver's consent or why it was not sought."""
    relationship, reason = (relationship or "").strip(), (reason or "").strip()
    if call.age_group not in CHILD_AGE_GROUPS:
        return {}
    if not relationship and not reason:
        raise ValidationError(
            {
                "caregiver_relationship": _(
                    "The caller is a child: say who the caregiver is who agreed, or why "
                    "the caregiver was not asked."
                )
            }
        )
    if relationship and reason:
        raise ValidationError(
            {
                "caregiver_relationship": _(
                    "Record either who the caregiver is or why their consent was not "
                    "sought, not both."
                )
            }
        )
    return {"caregiver_relationship": relationship, "not_sought_reason": reason}


def caregiver_on_record(client, actor, caregiver: dict, request) -> None:
    """A child's sharing consent counts only with the caregiver's (or the reason it was
    not sought) on record: recorded for this sharing, as the operator heard it."""
    if caregiver:
        give_consent(
            client, ConsentKind.CAREGIVER, ConsentMethod.VERBAL, actor, request=request, **caregiver
        )


def mark_referred(locked: Call, client, actor, request=None) -> None:
    """The caller was referred: the call keeps her client record and "referral" among
    what was done, as one new version (nothing when both are there already)."""
    changed = []
    if locked.client_id != client.pk:
        locked.client = client
        changed.append("client")
    if CallAction.REFERRAL not in locked.actions:
        locked.actions = [*locked.actions, CallAction.REFERRAL.value]
        changed.append("actions")
    if changed:
        _link(locked, actor, request, changed)


def open_case_from_call(
    actor,
    call,
    *,
    services_consent=False,
    caregiver_relationship="",
    not_sought_reason="",
    request=None,
):
    """Open a case at the call's organisation for an anonymous client; its supervisors
    are told (signals.case_opened_from_call). The operator is no caseworker: she gets no
    access to the case."""
    caregiver = (
        child_caregiver(call, caregiver_relationship, not_sought_reason)
        if (services_consent)
        else {}
    )
    with transaction.atomic():
        locked = locked_call(call)
        if locked.case_id:
            raise ValidationError(
                _("A case was already opened from this call; your supervisors have it."),
                code="case_exists",
            )
        client = caller_client(locked, actor, request)
        if services_consent:
            give_consent(
                client,
                ConsentKind.SERVICES,
                ConsentMethod.VERBAL,
                actor,
                request=request,
                **caregiver,
            )
        priority = Priority.URGENT if locked.risk_flag else Priority.NORMAL
        case = open_case(
            actor, locked.organisation, client=client, priority=priority, request=request
        )
        locked.case = case
        changed = ["case"]
        if locked.client_id != client.pk:
            locked.client = client
            changed.append("client")
        _link(locked, actor, request, changed)
        case_opened_from_call.send(sender=Call, call=locked, case=case)
    return case
