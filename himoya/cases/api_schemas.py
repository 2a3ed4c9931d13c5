"""Response shapes of the case API (input shapes are in api_schemas_in.py).

Users and districts are shown by username and slug, organisations by slug: short,
stable and the same as the API accepts in requests.
"""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from himoya.cases.closure import CLOSURE_BLOCKS, open_items
from himoya.cases.risk import describe_reasons
from himoya.clients.consent import needs_caregiver_record
from himoya.core.paging import Page  # noqa: F401  (the lists' page shape)


def username(user) -> str | None:
    return user.username if user is not None else None


class CaseSummaryOut(Schema):
    id: int
    code: str = Field(description="The client's pseudonymous code.")
    organisation: str
    status: str
    priority: str
    risk_level: str
    step: str
    caseworker: str | None
    district: str | None
    opened_at: datetime
    next_due: date | None
    overdue: bool
    version: int

    @staticmethod
    def resolve_code(obj):
        return obj.client.code

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_caseworker(obj):
        return username(obj.caseworker)

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_overdue(obj):
        today = timezone.localdate()
        return bool(obj.next_due and obj.next_due < today and obj.status != "closed")


class CasePageOut(Page):
    items: list[CaseSummaryOut]


class SafeContactOut(Schema):
    may_call: bool | None = None
    call_times: str = ""
    code_word: str = ""
    may_visit: bool | None = None
    notes: str = ""


class ClientOut(Schema):
    code: str
    name: str
    phone: str
    address: str
    birth_date: date | None
    safe_contact: SafeContactOut
    sex: str
    age_group: str
    district: str | None
    disability: str
    marital_status: str
    children_count: int | None
    version: int
    caregiver_consent_needed: bool = Field(
        description="She is under 18 and no caregiver's consent (or reason it was not "
        "sought) stands: her own consents count for nothing until one is recorded."
    )

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_caregiver_consent_needed(obj):
        return needs_caregiver_record(obj)

    @staticmethod
    def resolve_safe_contact(obj):
        return obj.safe_contact or {}


class EventOut(Schema):
    kind: str
    actor: str | None
    at: datetime

    @staticmethod
    def resolve_actor(obj):
        return username(obj.actor)


class CaseDetailOut(CaseSummaryOut):
    client: ClientOut
    opened_by: str | None
    closed_at: datetime | None
    events: list[EventOut]
    pending_closure: "ClosureOut | None" = Field(
        description="The closure request waiting for a supervisor's decision, with what "
        "is still open in the case."
    )

    @staticmethod
    def resolve_pending_closure(obj):
        return (
            obj.closures.filter(decided_at__isnull=True)
            .select_related("requested_by", "decided_by")
            .first()
        )

    @staticmethod
    def resolve_opened_by(obj):
        return username(obj.opened_by)

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.select_related("actor"))


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


class PerpetratorOut(Schema):
    count: int
    sex: str
    age_group: str
    relationship: str


class IncidentOut(Schema):
    id: int
    incident_date: date
    reported_date: date
    district: str | None
    location_type: str
    time_of_day: str
    description: str
    previous_incidents: str
    penetration: bool
    sexual_contact: bool
    physical_assault: bool
    forced_marriage: bool
    denial_of_resources: bool
    psychological_abuse: bool
    money_or_goods_exchanged: bool
    abducted_or_held: bool
    harmful_traditional_practice: bool
    gbv_type: str = Field(description="Derived by the GBVIMS Classification Tool.")
    context_flags: list[str]
    law_forms: list[str]
    reporting_delay: str
    perpetrators: list[PerpetratorOut]
    version: int

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_perpetrators(obj):
        return list(obj.perpetrators.all())


class RiskOut(Schema):
    id: int
    threats_to_kill: bool
    weapon: bool
    strangulation: bool
    escalation: bool
    pregnancy: bool
    children_at_risk: bool
    perpetrator_access: bool
    level: str
    reasons: list[str] = Field(description="Why this level, in the caller's language.")
    assessed_by: str | None
    assessed_at: datetime

    @staticmethod
    def resolve_reasons(obj):
        return describe_reasons(obj.reasons)

    @staticmethod
    def resolve_assessed_by(obj):
        return username(obj.assessed_by)


class RiskHistoryOut(Schema):
    risk_level: str
    current: RiskOut | None
    history: list[RiskOut]


class SafetyPlanOut(Schema):
    plan: str
    version: int = Field(description="0 when no safety plan has been written yet.")
    updated_by: str | None
    updated_at: datetime | None


class ActionOut(Schema):
    id: int
    goal: str
    action: str
    responsible_user: str | None
    responsible_organisation: str | None
    due_date: date | None
    status: str
    version: int

    @staticmethod
    def resolve_responsible_user(obj):
        return username(obj.responsible_user)

    @staticmethod
    def resolve_responsible_organisation(obj):
        org = obj.responsible_organisation
        return org.slug if org is not None else None


class PlanOut(Schema):
    status: str
    version: int = Field(description="0 when no plan exists yet.")
    approved_by: str | None
    approved_at: datetime | None
    actions: list[ActionOut]


class ServiceDeliveryOut(Schema):
    id: int
    date: date
    sector: str
    service_type: str
    provided_by: str | None
    organisation: str
    notes: str

    @staticmethod
    def resolve_provided_by(obj):
        return username(obj.provided_by)

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug


class FollowUpOut(Schema):
    id: int
    due_date: date
    assigned_to: str | None
    purpose: str
    done_at: datetime | None
    outcome: str
    version: int

    @staticmethod
    def resolve_assigned_to(obj):
        return username(obj.assigned_to)


class NoteOut(Schema):
    id: int
    author: str | None
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj):
        return username(obj.author)


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str | None
    created_at: datetime

    @staticmethod
    def resolve_uploaded_by(obj):
        return username(obj.uploaded_by)


class OpenItemOut(Schema):
    kind: Literal["plan", "plan_action", "follow_up", "referral"]
    label: str
    on_approval: str = Field(description="What approving the closure does with it.")
    link: str = Field(description="The page of the item.")


class ClosureOut(Schema):
    id: int
    reason: str
    checklist: dict
    note: str
    requested_by: str | None
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    approved: bool | None
    open_items: list[OpenItemOut] = Field(
        description="Open referrals, plan actions not done, follow-ups not done and a "
        "plan waiting for approval, now (empty once decided). They warn; they do not block "
        "the closure: on approval, referrals still waiting for an answer are withdrawn "
        "and the receiver told the case was closed; an accepted referral stays with the "
        "receiver, who no longer sees this case's shared details."
    )
    open_items_block_closure: bool = Field(
        description="Always false: open items never block the closure."
    )

    @staticmethod
    def resolve_open_items(obj):
        if obj.decided_at is not None:
            return []
        return [item.__dict__ for item in open_items(obj.case)]

    @staticmethod
    def resolve_open_items_block_closure(obj):
        return CLOSURE_BLOCKS

    @staticmethod
    def resolve_requested_by(obj):
        return username(obj.requested_by)

    @staticmethod
    def resolve_decided_by(obj):
        return username(obj.decided_by)


CaseDetailOut.model_rebuild()
