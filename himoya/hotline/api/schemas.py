"""Shapes of the hotline API. Organisations and districts are named by slug, users by
username, choices by their codes; unknown fields in a request are refused. (What a
referral of the caller takes is the referrals API's: himoya.referrals.api.schemas.)"""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from himoya.cases.api.schemas import (
    AgeGroupCode,
    SexCode,
    Slug,
    StrictIn,
    choice,
    text,
    version_field,
)
from himoya.clients.models import AgeGroup, Sex
from himoya.core.paging import Page, PageQuery
from himoya.core.schemas import MultiLineText, TextInput
from himoya.directory.models import Language
from himoya.hotline.models import CallAction, CallerType, CallTopic
from himoya.hotline.services import MAX_DURATION, TEXT_MAX
from himoya.incidents.api import LawFormCode

CallerCode = choice(CallerType.values)
TopicCode = choice(CallTopic.values)
ActionCode = choice(CallAction.values)
LanguageCode = choice(Language.values)


HIDDEN = "null in the shift-handover view of a colleague's call (`handover` true)."


class CallSummaryOut(Schema):
    """A call as the log lists it: no summary, no name or number. An operator sees her
    colleagues' calls as their handover view: the fields marked so are null."""

    id: int
    reference: str
    organisation: str
    operator: str
    handover: bool = Field(
        description="A colleague's call, shown to an operator with what a shift handover "
        "needs only: time, topic, district, risk flag and actions."
    )
    started_at: datetime
    duration_minutes: int | None = Field(description=HIDDEN)
    caller_type: str | None = Field(description=HIDDEN)
    sex: str | None = Field(description=HIDDEN)
    age_group: str | None = Field(description=HIDDEN)
    district: str | None
    language: str | None = Field(description=HIDDEN)
    topic: str
    forms_of_violence: list[str] | None = Field(description=HIDDEN)
    risk_flag: bool
    actions: list[str]
    callback_wanted: bool | None = Field(description=HIDDEN)
    case_opened: bool | None = Field(description="A case was opened from the call; " + HIDDEN)
    version: int

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_operator(obj):
        return obj.operator.username

    @staticmethod
    def resolve_handover(obj):
        return bool(getattr(obj, "handover", False))

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_case_opened(obj):
        if getattr(obj, "handover", False):
            return None
        return obj.case_id is not None


class CallPageOut(Page):
    items: list[CallSummaryOut]


class CallReferralOut(Schema):
    """A referral made from the call, as the sender sees it: status and dates only."""

    id: int
    reference: str
    to_organisation: str
    service: int
    status: str
    urgency: int
    sent_at: datetime
    accepted_at: datetime | None
    declined_at: datetime | None
    completed_at: datetime | None
    withdrawn_at: datetime | None
    expired_at: datetime | None

    @staticmethod
    def resolve_to_organisation(obj):
        return obj.to_organisation.slug

    @staticmethod
    def resolve_service(obj):
        return obj.service_id


class CallDetailOut(CallSummaryOut):
    """The call with its summary and call-back details (decrypted; the read is audited)."""

    summary: str | None = Field(description=HIDDEN)
    callback_name: str | None = Field(description=HIDDEN)
    callback_phone: str | None = Field(description=HIDDEN)
    referrals: list[CallReferralOut] | None = Field(description=HIDDEN)

    @staticmethod
    def resolve_referrals(obj):
        if getattr(obj, "handover", False):
            return None
        return list(getattr(obj, "referral_rows", []))


class CallFilters(PageQuery, TextInput):
    organisation: Slug | None = Field(
        None, description="Slug of the organisation whose log to read; default: your first."
    )
    date_from: date | None = Field(
        None, description="Calls started on or after this day (2000-01-01 to 2099-12-31)."
    )
    date_to: date | None = Field(
        None, description="Calls started on or before this day (2000-01-01 to 2099-12-31)."
    )
    topic: TopicCode | None = None
    caller_type: CallerCode | None = None
    district: Slug | None = Field(None, description="District slug.")
    risk_flag: bool | None = None
    callback_wanted: bool | None = None


class CallIn(StrictIn):
    organisation: Slug | None = Field(
        None, description="Slug of your organisation; needed when you log for several."
    )
    started_at: datetime | None = Field(None, description="When the call began; default now.")
    duration_minutes: int = Field(..., ge=0, le=MAX_DURATION)
    caller_type: CallerCode
    sex: SexCode = Sex.UNKNOWN.value  # type: ignore[assignment]
    age_group: AgeGroupCode = AgeGroup.UNKNOWN.value  # type: ignore[assignment]
    district: Slug | None = Field(None, description="District slug; null: not known.")
    language: LanguageCode = Language.TAJIK.value  # type: ignore[assignment]
    topic: TopicCode
    forms_of_violence: list[LawFormCode] = Field(default_factory=list, max_length=10)
    risk_flag: bool = False
    actions: list[ActionCode] = Field(default_factory=list, max_length=10)
    summary: MultiLineText = text(TEXT_MAX["summary"], "", description="Encrypted at rest.")
    callback_wanted: bool = False
    callback_name: str = text(
        TEXT_MAX["callback_name"], "", description="Only with callback_wanted; encrypted."
    )
    callback_phone: str = text(
        TEXT_MAX["callback_phone"], "", description="Only with callback_wanted; encrypted."
    )


class CallPatchIn(StrictIn):
    version: int = version_field()
    started_at: datetime | None = None
    duration_minutes: int | None = Field(None, ge=0, le=MAX_DURATION)
    caller_type: CallerCode | None = None
    sex: SexCode | None = None
    age_group: AgeGroupCode | None = None
    district: Slug | None = None
    language: LanguageCode | None = None
    topic: TopicCode | None = None
    forms_of_violence: list[LawFormCode] | None = Field(None, max_length=10)
    risk_flag: bool | None = None
    actions: list[ActionCode] | None = Field(None, max_length=10)
    summary: MultiLineText | None = text(TEXT_MAX["summary"])
    callback_wanted: bool | None = None
    callback_name: str | None = text(TEXT_MAX["callback_name"])
    callback_phone: str | None = text(TEXT_MAX["callback_phone"])


class CallCaseIn(StrictIn):
    services_consent: bool = Field(
        False, description="The caller agreed verbally to receive services."
    )
    caregiver_relationship: str = text(100, "", description="For a child caller.")
    not_sought_reason: MultiLineText = text(1000, "", description="For a child caller.")


class CallCaseOut(Schema):
    call: int
    message: str


class CountOut(Schema):
    value: str
    label: str
    count: int


class StatsOut(Schema):
    organisation: str
    date_from: date
    date_to: date
    total: int
    risk_flagged: int
    callbacks_wanted: int
    average_minutes: float | None
    median_minutes: float | None
    by_topic: list[CountOut]
    by_caller_type: list[CountOut]
    by_sex: list[CountOut]
    by_age_group: list[CountOut]
    by_language: list[CountOut]
    by_district: list[CountOut] = Field(description="District slug; empty value: not known.")
    forms_of_violence: list[CountOut]
    actions: list[CountOut]
    referrals_total: int
    referrals_by_status: list[CountOut]


class StatsQuery(TextInput):
    organisation: Slug | None = None
    date_from: date | None = Field(None, description="Default: the first day of this month.")
    date_to: date | None = Field(None, description="Default: today.")
