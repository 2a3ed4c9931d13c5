"""Case API: intake, the first contact that opens a case for a new client.

The client, her consent to receive services (and a child's caregiver's consent) and
the case are written together or not at all (himoya.cases.services.intake).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Status
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.access import case_organisations
from himoya.cases.api.case import CaseDetailOut, PriorityCode, detail
from himoya.cases.api.client import ClientFieldsIn, client_fields
from himoya.cases.api.common import ERROR_RESPONSES, router
from himoya.cases.api.schemas import ConsentMethodCode, Slug, StrictIn, text
from himoya.cases.models import Case, Priority
from himoya.cases.services.intake import intake, possible_duplicates
from himoya.clients.models import CHILD_AGE_GROUPS
from himoya.core.api import error_body
from himoya.core.idempotency import idempotent
from himoya.core.schemas import MultiLineText

TAGS = ["cases"]


class ChildConsentIn(StrictIn):
    given: bool = Field(..., description="False: not sought; then give the reason.")
    method: ConsentMethodCode | None = None
    relationship: str = text(100, "", description="Who the caregiver is.")
    reason: MultiLineText = text(
        1000, "", description="Why the caregiver's consent was not sought."
    )


class IntakeIn(StrictIn):
    organisation: Slug | None = Field(
        None, description="Slug of your organisation; needed when you work for several."
    )
    client: ClientFieldsIn
    consent_method: ConsentMethodCode = Field(
        ..., description="How the client consented to receive services."
    )
    child_consent: ChildConsentIn | None = Field(
        None,
        description=(
            "For a child (under 18 by the birth date, or age group 0-11 or 12-17): the "
            "caregiver's consent."
        ),
    )
    priority: PriorityCode = Priority.NORMAL.value  # type: ignore[assignment]
    confirm_duplicate: bool = Field(
        False, description="Open the case although a client with the same name exists."
    )


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


@router.post(
    "/",
    operation_id="himoya_cases_api_case_write_create_case",
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
