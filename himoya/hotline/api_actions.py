"""Hotline API: refer a caller, open a case from a call, and the call statistics."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Status

from himoya.cases.api.common import ERROR_RESPONSES, READ_ERRORS
from himoya.core.api import AUTH, error_body
from himoya.core.idempotency import idempotent, remember_created
from himoya.hotline import services
from himoya.hotline.access import get_call_for_user
from himoya.hotline.api_common import call_detail, router
from himoya.hotline.api_schemas import (
    CallCaseIn,
    CallCaseOut,
    CallDetailOut,
    CallReferralIn,
    StatsOut,
    StatsQuery,
)
from himoya.hotline.queries import MAX_PERIOD_DAYS, chosen_organisation, period_errors
from himoya.hotline.refer import referable_services
from himoya.hotline.stats import call_statistics
from himoya.referrals.api_common import duplicate_named
from himoya.referrals.models import Referral


@router.post(
    "/calls/{int:call_id}/referrals",
    response={201: CallDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    summary="Refer the caller to a service",
)
@idempotent(lambda request, pk, call_id, **_kwargs: replay_referral(request, pk, call_id))
def refer_caller(request, call_id: int, payload: CallReferralIn):
    """Refer the caller to a service of another organisation (operators). With
    `verbal_consent` and `consent_organisation` (the slug of the organisation she agreed
    to share with, which must be the service's) the consent is recorded on an anonymous
    client record and the referral is sent, all or nothing; without them, or for a
    service of another organisation, the answer is 422 and nothing is written. For a
    child caller, also give `caregiver_relationship` or `not_sought_reason`. While a
    referral of the call to the same service is open, another is refused with 409 and
    code "duplicate", naming the open one in `referral`."""
    call, _permission = get_call_for_user(request.auth, call_id, write=True)
    service = referable_services(call).select_related("organisation")
    service = service.filter(pk=payload.service).first()
    if service is None:
        raise ValidationError({"service": [_("Choose an active service of another organisation.")]})
    try:
        remember_created(request, refer(request, call, service, payload))
    except ValidationError as refused:
        if getattr(refused, "code", None) != "duplicate":
            raise
        body = error_body(refused.messages[0], {"__all__": refused.messages})
        body.update(code="duplicate", referral=duplicate_named(refused))
        return Status(409, body)
    return Status(201, call_detail(request, call.pk))


def replay_referral(request, pk, call_id):
    """The Idempotency-Key replay of a referral from the call: the call read again."""
    detail = call_detail(request, call_id)
    if not Referral.objects.filter(pk=pk, from_call_id=detail.pk).exists():
        raise Http404
    return detail


def replay_case(request, pk, call_id):
    """The Idempotency-Key replay of a case opened from the call: the same answer, if
    the call (which the caller may still read) is the one the case came from."""
    call, _permission = get_call_for_user(request.auth, call_id)
    if str(call.case_id) != str(pk):
        raise Http404
    return case_opened(call)


def case_opened(call) -> dict:
    return {"call": call.pk, "message": _("The case was opened; your supervisors were notified.")}


def refer(request, call, service, payload: CallReferralIn):
    return services.refer_from_call(
        request.auth,
        call,
        service=service,
        urgency=payload.urgency,
        needs=payload.needs,
        message=payload.message,
        verbal_consent=payload.verbal_consent,
        # Not named is no organisation: refused like a wrong one, never left unchecked.
        consent_organisation=payload.consent_organisation or "",
        caregiver_relationship=payload.caregiver_relationship,
        not_sought_reason=payload.not_sought_reason,
        request=request,
    )


@router.post(
    "/calls/{int:call_id}/case",
    response={201: CallCaseOut, **ERROR_RESPONSES},
    auth=AUTH,
    summary="Open a case from a call",
)
@idempotent(lambda request, pk, call_id, **_kwargs: replay_case(request, pk, call_id))
def open_case(request, call_id: int, payload: CallCaseIn):
    """Open a case at the call's organisation for an anonymous client (operators); its
    supervisors are notified and assign it. The operator gets no access to the case.
    A call opens at most one case (422 the second time)."""
    call, _permission = get_call_for_user(request.auth, call_id, write=True)
    case = services.open_case_from_call(
        request.auth,
        call,
        services_consent=payload.services_consent,
        caregiver_relationship=payload.caregiver_relationship,
        not_sought_reason=payload.not_sought_reason,
        request=request,
    )
    remember_created(request, case)
    return Status(201, case_opened(call))


def _counts(rows) -> list[dict]:
    return [{"value": str(value), "label": str(label), "count": n} for value, label, n in rows]


@router.get("/stats", response={200: StatsOut, **READ_ERRORS}, auth=AUTH, summary="Call statistics")
def stats(request, query: Query[StatsQuery]):
    """Counts for a period (default: this month) of one organisation's calls: by topic,
    caller, sex, age group, district and language; risk flags, actions, call-backs,
    average and median duration, and the referrals made from calls by status.
    Supervisors only: operators get 403."""
    organisation = chosen_organisation(request.auth, query.organisation, stats=True)
    today = timezone.localdate()
    date_from = query.date_from or today.replace(day=1)
    date_to = query.date_to or today
    errors = period_errors(date_from, date_to, max_days=MAX_PERIOD_DAYS)
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    result = call_statistics(organisation, date_from, date_to)
    return {
        "organisation": organisation.slug,
        "date_from": date_from,
        "date_to": date_to,
        "total": result.total,
        "risk_flagged": result.risk_flagged,
        "callbacks_wanted": result.callbacks_wanted,
        "average_minutes": result.average_minutes,
        "median_minutes": result.median_minutes,
        **{f"by_{name}": _counts(rows) for name, rows in result.breakdowns.items()},
        "by_district": _counts(result.districts),
        "forms_of_violence": _counts(result.listed["forms_of_violence"]),
        "actions": _counts(result.listed["actions"]),
        "referrals_total": result.referrals_total,
        "referrals_by_status": _counts(result.referrals),
    }
