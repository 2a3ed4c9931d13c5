"""Hotline API: the call log, one call, logging a call, changing it and opening a case
from it. Referring the caller is the referrals app's operation
(himoya.referrals.api.calls), on the same path prefix.

Operation ids are published: each keeps the one it had when the operations lived in
hotline/api_calls.py and hotline/api_actions.py.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Status

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import ERROR_RESPONSES, READ_ERRORS, district_named
from himoya.core.idempotency import idempotent, remember_created
from himoya.core.paging import page_of
from himoya.hotline import services
from himoya.hotline.access import as_seen_by, get_call_for_user, narrowed_to_own
from himoya.hotline.api.common import call_detail, refusals, router
from himoya.hotline.api.schemas import (
    CallCaseIn,
    CallCaseOut,
    CallDetailOut,
    CallFilters,
    CallIn,
    CallPageOut,
    CallPatchIn,
)
from himoya.hotline.queries import (
    chosen_organisation,
    filtered_calls,
    list_rows,
    my_organisations,
    period_errors,
)

NOT_NULL = (
    "started_at",
    "duration_minutes",
    "caller_type",
    "sex",
    "age_group",
    "language",
    "topic",
    "forms_of_violence",
    "risk_flag",
    "actions",
    "summary",
    "callback_wanted",
    "callback_name",
    "callback_phone",
)


@router.get(
    "/calls",
    response={200: CallPageOut, **READ_ERRORS},
    auth=AUTH,
    summary="List calls",
    operation_id="himoya_hotline_api_calls_list_calls",
)
def list_calls(request, filters: Query[CallFilters]):
    """One organisation's call log (yours, or the one named), newest first, filtered by
    period, topic, caller, district, risk flag or call-back. No summary, name or
    number: those are in the call itself. An operator gets her colleagues' calls as
    their shift-handover view (`handover` true: time, topic, district, risk flag and
    actions; the other fields null), and her filters on the caller or the call-back
    apply to her own calls only."""
    organisation = chosen_organisation(request.auth, filters.organisation)
    cleaned = filters.dict()
    cleaned["district"] = district_named(filters.district)
    cleaned["risk"] = filters.risk_flag
    cleaned["callback"] = filters.callback_wanted
    errors = period_errors(filters.date_from, filters.date_to)
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    calls = narrowed_to_own(
        request.auth, organisation, filtered_calls(organisation, cleaned), cleaned
    )
    page = page_of(list_rows(calls), filters)
    page["items"] = as_seen_by(request.auth, organisation, page["items"])
    return page


@router.get(
    "/calls/{int:call_id}",
    response={200: CallDetailOut, **READ_ERRORS},
    auth=AUTH,
    summary="One call",
    operation_id="himoya_hotline_api_calls_get_call",
)
def get_call(request, call_id: int):
    """The call with its summary, call-back details (decrypted) and the referrals made
    from it (status and dates). The read is audited. An operator reading a colleague's
    call gets its shift-handover view (`handover` true): time, topic, district, risk
    flag and actions; the call-back details, the summary, the caller's particulars
    and the referrals are null."""
    return call_detail(request, call_id)


def _organisation(user, slug):
    """Where the caller logs the call: the one named, or their only one."""
    if slug is not None:
        return chosen_organisation(user, slug, write=True)
    organisations = my_organisations(user, write=True)
    if organisations.count() > 1:
        raise ValidationError(
            {"organisation": [_("You work for several organisations: name one.")]}
        )
    return chosen_organisation(user, None, write=True)


@router.post(
    "/calls",
    response={201: CallDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    summary="Log a call",
    operation_id="himoya_hotline_api_calls_create_call",
)
@idempotent(lambda request, pk, **_kwargs: call_detail(request, pk))
def create_call(request, payload: CallIn):
    """Log a call (hotline operators). Anonymous by default: a name or number only with
    `callback_wanted`, and then encrypted. A start before 1 January 2000 or in the future
    is refused; a time without a zone is taken as Tajikistan time."""
    organisation = _organisation(request.auth, payload.organisation)
    data = payload.dict()
    data.pop("organisation")
    data["district"] = district_named(data["district"])
    if data["started_at"] is None:
        data["started_at"] = timezone.now()
    call = services.log_call(request.auth, organisation, data, request=request)
    return Status(201, call_detail(request, call.pk))


@router.patch(
    "/calls/{int:call_id}",
    response={200: CallDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    summary="Change a call",
    operation_id="himoya_hotline_api_calls_patch_call",
)
@refusals
def patch_call(request, call_id: int, payload: CallPatchIn):
    """Change any of the call's values; leave out what stays. Send the `version` you
    loaded: a stale one is refused (409) with the fields changed meanwhile."""
    call, _permission = get_call_for_user(request.auth, call_id, write=True)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    for name in NOT_NULL:
        if name in data and data[name] is None:
            raise ValidationError({name: [_("This field cannot be empty.")]})
    if "district" in data:
        data["district"] = district_named(data["district"])
    services.update_call(request.auth, call, expected_version=version, data=data, request=request)
    return call_detail(request, call.pk)


def replay_case(request, pk, call_id):
    """The Idempotency-Key replay of a case opened from the call: the same answer, if
    the call (which the caller may still read) is the one the case came from."""
    call, _permission = get_call_for_user(request.auth, call_id)
    if str(call.case_id) != str(pk):
        raise Http404
    return case_opened(call)


def case_opened(call) -> dict:
    return {"call": call.pk, "message": _("The case was opened; your supervisors were notified.")}


@router.post(
    "/calls/{int:call_id}/case",
    response={201: CallCaseOut, **ERROR_RESPONSES},
    auth=AUTH,
    summary="Open a case from a call",
    operation_id="himoya_hotline_api_actions_open_case",
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
