"""Request and response shapes of the referrals API.

A referral is shown without any client data in lists. The detail is side-aware: the
receiving organisation gets `shared` (what the consent lets it read, while it may) and
its own case's id; the sender gets its own message and notes, never the receiver's case.
Organisations are named by slug, users by username, as in the rest of the API. A
hotline caller's referral (CallReferralIn) answers with the call (the hotline's
CallDetailOut).
"""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from himoya.cases.api.client import SafeContactOut
from himoya.cases.api.schemas import (
    MAX_INT,
    TEXT_MAX,
    ConsentMethodCode,
    Slug,
    StrictIn,
    Username,
    choice,
    text,
    version_field,
)
from himoya.core.paging import Page
from himoya.core.schemas import MultiLineText
from himoya.referrals.models import NEED_KEYS, DeclineReason, ReferralStatus, Urgency

StatusCode = choice(ReferralStatus.values)
# The lists' status filter: a status, or "all" (as on the pages; the same as leaving it out).
StatusFilterCode = choice([*ReferralStatus.values, "all"])
DeclineCode = choice(DeclineReason.values)
NeedCode = choice(NEED_KEYS)
URGENCY_HELP = (
    "1 emergency, 2 urgent, 3 routine. Each sets the response deadline (`respond_by`): by "
    "default an emergency within 4 clock hours, day or night; urgent by the end of the next "
    "working day; routine by the end of the third working day (Monday to Friday in the "
    "site's time zone, public holidays excluded; see HIMOYA_REFERRAL_* in the README)."
)


def hours(delta) -> float | None:
    return round(delta.total_seconds() / 3600, 1) if delta is not None else None


# ---- requests ----


class ReferralIn(StrictIn):
    # Strict: JSON `true` is not case 1 (a fuzzed body found it read as one).
    from_case_id: int = Field(
        ..., ge=1, le=MAX_INT, strict=True, description="Your case of the client."
    )
    service_id: int = Field(
        ...,
        ge=1,
        le=MAX_INT,
        strict=True,
        description="A directory service of another organisation.",
    )
    urgency: int = Field(Urgency.ROUTINE.value, ge=1, le=3, description=URGENCY_HELP)
    needs: list[NeedCode] = Field(..., max_length=20)  # type: ignore[valid-type]
    message: MultiLineText = text(
        4000, "", description="To the receiving organisation (encrypted)."
    )
    share_safe_contact: bool = Field(
        False, description="Show the receiver the client's safe-contact instructions."
    )


class AcceptIn(StrictIn):
    version: int = version_field()
    caseworker: Username | None = Field(
        None,
        description="Username of the caseworker who gets the new case (supervisors only); "
        "default: you, if you are a caseworker.",
    )
    services_consent_method: ConsentMethodCode | None = Field(
        None, description="How the client consented to your services, if she has."
    )


class DeclineIn(StrictIn):
    version: int = version_field()
    reason: DeclineCode  # type: ignore[valid-type]
    note: MultiLineText = text(2000, "", description="Required when the reason is `other`.")


class WithdrawReferralIn(StrictIn):
    version: int = version_field()
    note: MultiLineText = text(
        2000, "", description="Your own reason; never shown to the receiver."
    )


class ServiceDeliveredIn(StrictIn):
    version: int = version_field()
    date: date
    notes: MultiLineText = text(TEXT_MAX, "", description="Kept in your own case only.")


# ---- responses ----


class ServiceOut(Schema):
    id: int
    name: str
    service_type: str
    sector: str


class OrganisationOut(Schema):
    slug: str
    name: str


class ReferralItemOut(Schema):
    """A referral as lists show it: no client data at all."""

    id: int
    reference: str
    version: int
    urgency: int = Field(description=URGENCY_HELP)
    status: str
    service: ServiceOut
    from_organisation: OrganisationOut
    needs: list[str] | None = Field(
        description="What she needs. For the receiving organisation, null once the "
        "referral is no longer open or the client withdrew her consent to share."
    )
    sent_at: datetime
    expires_at: datetime = Field(
        description="A referral still unanswered then expires (the 7-day rule by default)."
    )
    respond_by: datetime = Field(
        description="The response deadline its urgency set when it was sent; never after "
        "`expires_at`."
    )
    overdue: bool = Field(
        description="Still unanswered (`sent`) and past `respond_by`. The supervisors of "
        "both sides were or will be told once."
    )
    accepted_at: datetime | None
    completed_at: datetime | None


class _SentFields(ReferralItemOut):
    to_organisation: OrganisationOut
    time_to_acceptance_hours: float | None
    time_to_service_hours: float | None


class SentItemOut(_SentFields):
    """A referral as the sender's list shows it, with how long each step took."""

    @staticmethod
    def resolve_time_to_acceptance_hours(obj):
        return hours(obj.time_to_acceptance)

    @staticmethod
    def resolve_time_to_service_hours(obj):
        return hours(obj.time_to_service)


class ReceivedPageOut(Page):
    items: list[ReferralItemOut]


class SentPageOut(Page):
    items: list[SentItemOut]


class SharedOut(Schema):
    """What the sender shares with the receiver, under the client's consent."""

    client_code: str
    sex: str
    age_group: str
    district: str | None = Field(description="District slug.")
    needs: list[str]
    service: ServiceOut
    risk_level: str
    message: str
    safe_contact: SafeContactOut | None = Field(
        description="Only when the survivor agreed to share it."
    )


class ReferralDetailOut(_SentFields):
    side: Literal["sender", "receiver"]
    share_safe_contact: bool
    declined_at: datetime | None
    decline_reason: str
    decline_note: str
    withdrawn_at: datetime | None
    expired_at: datetime | None
    # The sender's side only (null for the receiver).
    from_case_id: int | None = Field(description="Sender only: the case it was sent from.")
    message: str | None = Field(description="Sender only; the receiver reads it in `shared`.")
    withdrawal_note: str | None = Field(description="Sender only.")
    # The receiver's side only (null for the sender).
    receiving_case_id: int | None = Field(description="Receiver only: your own case.")
    shared: SharedOut | None = Field(
        description="Receiver only, while the referral is open and the consent stands."
    )
    shared_unavailable_reason: (
        Literal["referral_closed", "consent_withdrawn", "sender_case_closed"] | None
    ) = Field(
        description="Receiver only: why `shared` is null (`sender_case_closed`: the sender "
        "closed the case the referral came from; your own case stays yours)."
    )


class PathwayEventOut(Schema):
    kind: str
    label: str
    at: datetime


class PathwayItemOut(Schema):
    side: Literal["sender", "receiver"]
    referral: SentItemOut
    events: list[PathwayEventOut]


class PathwayOut(Schema):
    case_id: int
    items: list[PathwayItemOut]


class CallReferralIn(StrictIn):
    service: int = Field(
        ..., ge=1, le=2**62, strict=True, description="Id of a service in the directory."
    )
    urgency: int = Field(
        Urgency.ROUTINE.value, ge=1, le=3, description="1 emergency, 2 urgent, 3 routine."
    )
    needs: list[NeedCode] = Field(..., min_length=1, max_length=len(NEED_KEYS))
    message: MultiLineText = text(2000, "", description="To the receiving organisation; no names.")
    verbal_consent: bool = Field(
        False,
        description="The caller agreed verbally to share these details with the service's "
        "organisation. Without it the referral is refused (422) and nothing is written.",
    )
    consent_organisation: Slug | None = Field(
        None,
        description="Slug of the organisation the caller agreed to share with: needed "
        "with `verbal_consent`, and it must be the service's organisation (else 422, "
        "nothing written).",
    )
    caregiver_relationship: str = text(100, "", description="For a child caller.")
    not_sought_reason: MultiLineText = text(1000, "", description="For a child caller.")
