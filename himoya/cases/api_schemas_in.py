"""Request shapes of the case API.

Every text has a maximum, every choice is an enum, unknown fields are refused, so bad
input is answered field by field (422) before anything is written. Users are named by
username, organisations and districts by slug.
"""

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from pydantic import ConfigDict, Field, StringConstraints, field_validator

from himoya.cases.models import CaseAction, CaseStatus, CaseStep, Priority, RiskLevel
from himoya.cases.services import CLOSURE_CHECKLIST, CLOSURE_REASONS, MANUAL_STATUSES
from himoya.clients.models import (
    AgeGroup,
    ConsentKind,
    ConsentMethod,
    Disability,
    MaritalStatus,
    Sex,
    settled_age_group,
)
from himoya.core.dates import BirthDate
from himoya.core.schemas import MultiLineText, TextInput
from himoya.directory.models import Sector, ServiceType
from himoya.incidents.models import (
    LawForm,
    LocationType,
    PreviousIncidents,
    Relationship,
    TimeOfDay,
)


def choice(values) -> type:
    return Literal[tuple(str(value) for value in values)]  # type: ignore[valid-type]


CaseStatusCode = choice(CaseStatus.values)
RiskCode = choice(RiskLevel.values)
PriorityCode = choice(Priority.values)
StepCode = choice(CaseStep.values)
ManualStatusCode = choice(MANUAL_STATUSES)
SexCode = choice(Sex.values)
AgeGroupCode = choice(AgeGroup.values)
DisabilityCode = choice(Disability.values)
MaritalCode = choice(MaritalStatus.values)
ConsentKindCode = choice(ConsentKind.values)
ConsentMethodCode = choice(ConsentMethod.values)
SectorCode = choice(Sector.values)
ServiceTypeCode = choice(ServiceType.values)
LawFormCode = choice(LawForm.values)
LocationCode = choice(LocationType.values)
TimeOfDayCode = choice(TimeOfDay.values)
PreviousCode = choice(PreviousIncidents.values)
RelationshipCode = choice(Relationship.values)
ActionStatusCode = choice(CaseAction.Status.values)
ClosureReasonCode = choice(key for key, _label in CLOSURE_REASONS)
ChecklistKey = choice(key for key, _label in CLOSURE_CHECKLIST)

CODE_MAX = 24
MAX_INT = 2**31 - 1
TEXT_MAX = 20_000
Slug = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Username = Annotated[str, StringConstraints(min_length=1, max_length=150)]
EVENT_DATE_HELP = "A past event: from 2000-01-01 to today."
DUE_DATE_HELP = "Within ten years of today, either way."
BIRTH_DATE_HELP = "From 1900-01-01 to today."
AGE_GROUP_HELP = (
    "With a birth_date, the age group follows from it (on the day of intake): leave it "
    "`unknown` or send the matching group; another group is refused (422). A client under "
    "18 needs the caregiver's consent."
)


def version_field(minimum: int = 1):
    return Field(
        ..., ge=minimum, le=MAX_INT, description="The version you loaded; a stale one is refused."
    )


def text(limit: int, default=None, **extra):
    return Field(default, max_length=limit, **extra)


class StrictIn(TextInput):
    model_config = ConfigDict(extra="forbid")


# ---- client and intake ----


class SafeContactIn(StrictIn):
    may_call: bool | None = None
    call_times: str = text(200, "")
    code_word: str = text(100, "")
    may_visit: bool | None = None
    notes: MultiLineText = text(1000, "")


class ClientFieldsIn(StrictIn):
    name: str = text(200, "", description="Name or alias (encrypted).")
    phone: str = text(40, "")
    address: MultiLineText = text(500, "")
    birth_date: BirthDate | None = Field(None, description=BIRTH_DATE_HELP)
    safe_contact: SafeContactIn | None = None
    sex: SexCode = Sex.FEMALE.value  # type: ignore[assignment]
    # Validated when left out too: "not known" becomes the birth date's group.
    age_group: AgeGroupCode = Field(  # type: ignore[assignment]
        AgeGroup.UNKNOWN.value, description=AGE_GROUP_HELP, validate_default=True
    )
    district: Slug | None = Field(None, description="District slug.")
    disability: DisabilityCode = Disability.UNKNOWN.value  # type: ignore[assignment]
    marital_status: MaritalCode = MaritalStatus.UNKNOWN.value  # type: ignore[assignment]
    children_count: int | None = Field(None, ge=0, le=30)

    @field_validator("age_group")
    @classmethod
    def age_group_follows_birth_date(cls, value, info):
        """The one rule of intake (clients.models.settled_age_group), on today."""
        try:
            return settled_age_group(info.data.get("birth_date"), value, timezone.localdate())
        except ValidationError as error:
            raise ValueError(error.message_dict["age_group"][0]) from None


class ClientPatchIn(StrictIn):
    version: int = version_field()
    name: str = text(200)
    phone: str = text(40)
    address: MultiLineText = text(500)
    birth_date: BirthDate | None = Field(None, description=BIRTH_DATE_HELP)
    safe_contact: SafeContactIn | None = None
    sex: SexCode | None = None
    age_group: AgeGroupCode | None = Field(None, description=AGE_GROUP_HELP)
    district: Slug | None = None
    disability: DisabilityCode | None = None
    marital_status: MaritalCode | None = None
    children_count: int | None = Field(None, ge=0, le=30)


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


# ---- the case ----


class CasePatchIn(StrictIn):
    version: int = version_field()
    step: StepCode | None = None
    priority: PriorityCode | None = None
    status: ManualStatusCode | None = Field(
        None, description="open or active; closing goes through the closure request."
    )


class AssignIn(StrictIn):
    version: int = version_field()
    caseworker: Username


class ClosureRequestIn(StrictIn):
    version: int = version_field()
    reason: ClosureReasonCode
    checklist: dict[ChecklistKey, bool] = Field(default_factory=dict)
    note: MultiLineText = text(2000, "")


class ClosureDecisionIn(StrictIn):
    approve: bool
    note: MultiLineText = text(2000, "", description="Required when the request is sent back.")


class ReopenIn(StrictIn):
    reason: MultiLineText = Field(..., min_length=1, max_length=2000)


# ---- consents ----


class ConsentIn(StrictIn):
    kind: ConsentKindCode
    method: ConsentMethodCode
    recipient_organisation: Slug | None = None
    recipient_sector: SectorCode | None = None
    caregiver_relationship: str = text(100, "")
    not_sought_reason: MultiLineText = text(1000, "")


class WithdrawIn(StrictIn):
    note: MultiLineText = text(2000, "")


# ---- incidents ----


class PerpetratorIn(StrictIn):
    count: int = Field(1, ge=1, le=50)
    sex: SexCode = Sex.MALE.value  # type: ignore[assignment]
    age_group: AgeGroupCode = AgeGroup.UNKNOWN.value  # type: ignore[assignment]
    relationship: RelationshipCode = Relationship.UNKNOWN.value  # type: ignore[assignment]


class IncidentFields(StrictIn):
    """The Classification Tool's questions are asked as yes/no answers; the type of
    violence, the context flags and the reporting delay are derived from them."""

    incident_date: date = Field(..., description=EVENT_DATE_HELP)
    reported_date: date = Field(..., description=EVENT_DATE_HELP)
    district: Slug | None = None
    location_type: LocationCode = LocationType.UNKNOWN.value  # type: ignore[assignment]
    time_of_day: TimeOfDayCode = TimeOfDay.UNKNOWN.value  # type: ignore[assignment]
    description: MultiLineText = text(TEXT_MAX, "")
    previous_incidents: PreviousCode = PreviousIncidents.UNKNOWN.value  # type: ignore[assignment]
    penetration: bool = Field(False, description="Was there penetration, however slight?")
    sexual_contact: bool = Field(False, description="Was there unwanted sexual contact?")
    physical_assault: bool = Field(False, description="Was there physical assault?")
    forced_marriage: bool = Field(False, description="Was it a forced marriage?")
    denial_of_resources: bool = Field(
        False, description="Were resources, opportunities or services denied?"
    )
    psychological_abuse: bool = Field(False, description="Was there psychological abuse?")
    money_or_goods_exchanged: bool = False
    abducted_or_held: bool = False
    harmful_traditional_practice: bool = False
    law_forms: list[LawFormCode] = Field(default_factory=list, max_length=4)
    perpetrators: list[PerpetratorIn] = Field(default_factory=list, max_length=10)


class IncidentIn(IncidentFields):
    pass


class IncidentPatchIn(StrictIn):
    version: int = version_field()
    incident_date: date | None = Field(None, description=EVENT_DATE_HELP)
    reported_date: date | None = Field(None, description=EVENT_DATE_HELP)
    district: Slug | None = None
    location_type: LocationCode | None = None
    time_of_day: TimeOfDayCode | None = None
    description: MultiLineText = text(TEXT_MAX)
    previous_incidents: PreviousCode | None = None
    penetration: bool | None = None
    sexual_contact: bool | None = None
    physical_assault: bool | None = None
    forced_marriage: bool | None = None
    denial_of_resources: bool | None = None
    psychological_abuse: bool | None = None
    money_or_goods_exchanged: bool | None = None
    abducted_or_held: bool | None = None
    harmful_traditional_practice: bool | None = None
    law_forms: list[LawFormCode] | None = Field(None, max_length=4)
    perpetrators: list[PerpetratorIn] | None = Field(None, max_length=10)


# ---- sections ----


class RiskIn(StrictIn):
    threats_to_kill: bool = False
    weapon: bool = False
    strangulation: bool = False
    escalation: bool = False
    pregnancy: bool = False
    children_at_risk: bool = False
    perpetrator_access: bool = False


class SafetyPlanIn(StrictIn):
    version: int = Field(
        ..., ge=0, le=MAX_INT, description="The version you loaded; 0 when there was no plan."
    )
    plan: MultiLineText = Field(..., max_length=TEXT_MAX)


class ActionIn(StrictIn):
    goal: str = Field(..., min_length=1, max_length=2000)
    action: MultiLineText = Field(..., min_length=1, max_length=2000)
    responsible_user: Username | None = None
    responsible_organisation: Slug | None = None
    due_date: date | None = Field(None, description=DUE_DATE_HELP)
    status: ActionStatusCode = CaseAction.Status.PLANNED.value  # type: ignore[assignment]


class PlanApproveIn(StrictIn):
    version: int = version_field()


class ServiceDeliveryIn(StrictIn):
    date: date  # a past event: from 2000-01-01 to today (the service checks)
    sector: SectorCode
    service_type: ServiceTypeCode
    notes: MultiLineText = text(TEXT_MAX, "")


class FollowUpIn(StrictIn):
    due_date: date = Field(..., description=DUE_DATE_HELP + " Not in the past.")
    purpose: MultiLineText = text(2000, "")
    assigned_to: Username | None = Field(
        None, description="A member of the case's organisation; left out or null: you."
    )


class FollowUpDoneIn(StrictIn):
    version: int = version_field()
    outcome: MultiLineText = text(TEXT_MAX, "")


class NoteIn(StrictIn):
    text: MultiLineText = Field(..., min_length=1, max_length=TEXT_MAX)
