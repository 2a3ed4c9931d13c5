"""Case API: the consent records of a case's client. Withdrawal takes effect at once."""

from datetime import datetime

from django.http import Http404
from ninja import Schema, Status

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    organisation_named,
    readable_case,
    refusals,
    router,
    writable_case,
)
from himoya.cases.api.schemas import (
    ConsentMethodCode,
    SectorCode,
    Slug,
    StrictIn,
    choice,
    text,
    username,
)
from himoya.cases.audit import record_read
from himoya.clients.consent import give_consent, withdraw_consent
from himoya.clients.models import Consent, ConsentKind
from himoya.core.idempotency import idempotent
from himoya.core.schemas import MultiLineText

TAGS = ["consents"]

ConsentKindCode = choice(ConsentKind.values)


class ConsentOut(Schema):
    id: int
    kind: str
    recipient_organisation: str | None
    recipient_sector: str
    method: str
    caregiver_relationship: str
    not_sought_reason: str
    given: bool
    active: bool
    taken_by: str | None
    taken_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdrawal_note: str

    @staticmethod
    def resolve_recipient_organisation(obj):
        return obj.recipient_organisation.slug if obj.recipient_organisation_id else None

    @staticmethod
    def resolve_active(obj):
        return obj.is_active

    @staticmethod
    def resolve_taken_by(obj):
        return username(obj.taken_by)

    @staticmethod
    def resolve_withdrawn_by(obj):
        return username(obj.withdrawn_by)


class ConsentIn(StrictIn):
    kind: ConsentKindCode
    method: ConsentMethodCode
    recipient_organisation: Slug | None = None
    recipient_sector: SectorCode | None = None
    caregiver_relationship: str = text(100, "")
    not_sought_reason: MultiLineText = text(1000, "")


class WithdrawIn(StrictIn):
    note: MultiLineText = text(2000, "")


@router.get(
    "/{int:case_id}/consents",
    operation_id="himoya_cases_api_consents_list_consents",
    response={200: list[ConsentOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Consents of the client",
)
def list_consents(request, case_id: int):
    """Every consent recorded for the client, newest first, withdrawn ones included
    (with who withdrew them and when). Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="consents")
    return list(
        Consent.objects.filter(client=case.client).select_related(
            "recipient_organisation", "taken_by", "withdrawn_by"
        )
    )


def consent_of(case, consent_id: int) -> Consent:
    """A consent of this case's client; any other id answers 404."""
    consent = Consent.objects.filter(pk=consent_id, client=case.client).first()
    if consent is None:
        raise Http404
    return consent


def replay_consent(request, pk, case_id, **_kwargs):
    """The Idempotency-Key replay of a recorded consent: read again through its case."""
    case = readable_case(request, case_id)
    consent = consent_of(case, pk)
    record_read(request, case, what="consents")
    return consent


@router.post(
    "/{int:case_id}/consents",
    operation_id="himoya_cases_api_consents_create_consent",
    response={201: ConsentOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Record a consent",
)
@idempotent(replay_consent)
@refusals
def create_consent(request, case_id: int, payload: ConsentIn):
    """Record a consent taken now: to receive services, to share with a named
    organisation or with a sector, to anonymous reporting, or a caregiver's consent for
    a child (or why it was not sought)."""
    case = writable_case(request, case_id)
    consent = give_consent(
        case.client,
        payload.kind,
        payload.method,
        request.auth,
        recipient_organisation=organisation_named(
            payload.recipient_organisation, "recipient_organisation"
        ),
        recipient_sector=payload.recipient_sector or "",
        caregiver_relationship=payload.caregiver_relationship,
        not_sought_reason=payload.not_sought_reason,
        request=request,
    )
    return Status(201, consent)


@router.post(
    "/{int:case_id}/consents/{int:consent_id}/withdraw",
    operation_id="himoya_cases_api_consents_withdraw",
    response={200: ConsentOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Withdraw a consent",
)
def withdraw(request, case_id: int, consent_id: int, payload: WithdrawIn):
    """Withdraw a consent; it takes effect at once and stays in the history. The
    survivor may withdraw even when the case is closed."""
    case = readable_case(request, case_id)
    consent = consent_of(case, consent_id)
    return withdraw_consent(consent, request.auth, payload.note, request=request)
