"""Case API writes: intake, changes to the case and its client, assignment, closure.

Each operation checks access through himoya.cases.access first and then calls the
named service function, which validates, writes in one transaction and audits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Status

from himoya.accounts.api_auth import AUTH
from himoya.accounts.models import User
from himoya.cases import services
from himoya.cases.access import case_organisations, get_case_for_user
from himoya.cases.api_common import (
    ERROR_RESPONSES,
    district_named,
    refusals,
    replay_record,
    router,
    writable_case,
)
from himoya.cases.api_schemas import CaseDetailOut, ClientOut, ClosureOut
from himoya.cases.api_schemas_in import (
    AssignIn,
    CasePatchIn,
    ClientPatchIn,
    ClosureDecisionIn,
    ClosureRequestIn,
    IntakeIn,
    ReopenIn,
)
from himoya.cases.audit import record_read
from himoya.cases.models import Case, Closure
from himoya.cases.services_intake import intake, possible_duplicates
from himoya.clients.models import CHILD_AGE_GROUPS
from himoya.clients.services import update_client
from himoya.core.api import error_body
from himoya.core.idempotency import idempotent

TAGS = ["cases"]


def intake_organisation(user, slug):
    """Where the caller opens the case: the organisation named, or their only one."""
    organisations = case_organisations(user).order_by("slug")
    if not organisations.exists():
        raise PermissionDenied
    if slug is None:
        if organisations.count() > 1:
            raise ValidationError(
                {"organisation": [_("You work for several organisations: name one.")]}
            )
        return organisations.first()
    organisation = organisations.filter(slug=slug).first()
    if organisation is None:
        raise ValidationError({"organisation": [_("Choose one of your organisations.")]})
    return organisation


def child_consent_of(payload: IntakeIn) -> dict | None:
    """The caregiver's consent for a child, required by the intake; None for an adult."""
    if payload.client.age_group not in CHILD_AGE_GROUPS:
        return None
    given = payload.child_consent
    if given is None:
        raise ValidationError(
            {
                "child_consent": [
                    _("For a child, record the caregiver's consent or why it was not sought.")
                ]
            }
        )
    if given.given and not given.relationship.strip():
        raise ValidationError({"child_consent.relationship": [_("Say who the caregiver is.")]})
    if not given.given and not given.reason.strip():
        raise ValidationError({"child_consent.reason": [_("Give the reason.")]})
    return {
        "given": given.given,
        "method": given.method or payload.consent_method,
        "relationship": given.relationship.strip(),
        "reason": given.reason.strip(),
    }


def client_fields(data: dict) -> dict:
    """The services' client fields from the API's: a district slug becomes a District."""
    if "district" in data:
        data["district"] = district_named(data["district"], "client.district")
    if data.get("safe_contact") is not None:
        data["safe_contact"] = {
            k: v for k, v in data["safe_contact"].items() if v not in ("", None)
        }
    return data


def detail(request, case):
    """The case as the detail shows it, read again after a change (and audited)."""
    fresh = get_case_for_user(request.auth, case.pk)
    record_read(request, fresh, what="case")
    return fresh


@router.post(
    "/",
    response={201: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Intake: open a case for a new client",
)
@idempotent(lambda request, pk, **_kwargs: detail(request, Case(pk=int(pk))))
def create_case(request, payload: IntakeIn):
    """First contact: create the client (with a new code), the consent to receive
    services (and for a child the caregiver's consent or why it was not sought) and
    the case, all or nothing. If a client of the organisation has the same name (and
    birth date), nothing is written and the answer is 409 with their codes, unless
    `confirm_duplicate` is true."""
    organisation = intake_organisation(request.auth, payload.organisation)
    child_consent = child_consent_of(payload)
    fields = client_fields(payload.client.dict())
    duplicates, others = possible_duplicates(
        request.auth, organisation, fields["name"], fields.get("birth_date")
    )
    if (duplicates or others) and not payload.confirm_duplicate:
        if duplicates:
            message = _(
                "A client with this name already exists in your organisation. Look them up "
                "by code, or send confirm_duplicate to open a case for a different person."
            )
        else:
            message = _(
                "A client in a colleague's case has the same name. Ask your supervisor "
                "before you open a second record for the same person."
            )
        body = error_body(message)
        # Codes only of the clients whose case the caller may read; the others counted.
        body["duplicates"] = [client.code for client in duplicates]
        body["other_duplicates"] = others
        return Status(409, body)
    case = intake(
        request.auth,
        organisation,
        client_fields=fields,
        consent_method=payload.consent_method,
        child_consent=child_consent,
        priority=payload.priority,
        request=request,
    )
    return Status(201, detail(request, case))


@router.patch(
    "/{int:case_id}",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Change a case's step, priority or status",
)
@refusals
def patch_case(request, case_id: int, payload: CasePatchIn):
    """Move the case to another step, change its priority, or set it open or active.
    Send the `version` you loaded: a stale one is refused (409) with the fields changed
    meanwhile. A closed case refuses every change (409) until it is reopened."""
    case = writable_case(request, case_id)
    data = payload.dict(exclude_unset=True)
    services.change_case(
        request.auth,
        case,
        expected_version=payload.version,
        step=data.get("step") or case.step,
        priority=data.get("priority") or case.priority,
        status=data.get("status") or case.status,
        request=request,
    )
    return detail(request, case)


@router.patch(
    "/{int:case_id}/client",
    response={200: ClientOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Change the client's details",
)
@refusals
def patch_client(request, case_id: int, payload: ClientPatchIn):
    """Change any of the client's details; leave out what stays. Send the client's
    `version`: a stale one is refused (409) with the fields changed meanwhile."""
    case = writable_case(request, case_id)
    data = client_fields(payload.dict(exclude_unset=True))
    version = data.pop("version")
    for name in ("name", "phone", "address", "sex", "age_group", "disability", "marital_status"):
        if name in data and data[name] is None:
            raise ValidationError({name: [_("This field cannot be empty.")]})
    client = update_client(case.client, version, data, request.auth, request=request)
    record_read(request, case, client, what="client")
    return client


@router.post(
    "/{int:case_id}/assign",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Assign a case to a caseworker",
)
@refusals
def assign_case(request, case_id: int, payload: AssignIn):
    """A supervisor assigns the case to an active caseworker of the organisation."""
    case = writable_case(request, case_id, approve=True)
    caseworker = User.objects.filter(username=payload.caseworker).first()
    services.assign_caseworker(
        request.auth, case, caseworker, expected_version=payload.version, request=request
    )
    return detail(request, case)


@router.post(
    "/{int:case_id}/closure",
    response={201: ClosureOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Request closure of a case",
)
@idempotent(replay_record(Closure, "closure"))
@refusals
def request_closure(request, case_id: int, payload: ClosureRequestIn):
    """Ask a supervisor to close the case, with the reason and the closure checklist."""
    case = writable_case(request, case_id)
    closure = services.request_closure(
        request.auth,
        case,
        expected_version=payload.version,
        reason=payload.reason,
        checklist=payload.checklist,
        note=payload.note,
        request=request,
    )
    return Status(201, closure)


@router.post(
    "/{int:case_id}/closure/decision",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Approve or send back a closure request",
)
@refusals
def decide_closure(request, case_id: int, payload: ClosureDecisionIn):
    """A supervisor closes the case (`approve: true`) or sends the request back with a
    note saying why (`approve: false`). A closed case is read-only until reopened."""
    case = writable_case(request, case_id, approve=True)
    services.decide_closure(
        request.auth, case, approve=payload.approve, note=payload.note, request=request
    )
    return detail(request, case)


@router.post(
    "/{int:case_id}/reopen",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Reopen a closed case",
)
@refusals
def reopen_case(request, case_id: int, payload: ReopenIn):
    """A supervisor reopens a closed case; the reason is kept in the case history."""
    case = get_case_for_user(request.auth, case_id, approve=True)
    services.reopen_case(request.auth, case, reason=payload.reason, request=request)
    return detail(request, case)
