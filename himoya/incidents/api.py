"""JSON API of the incidents of a case, classified by the GBVIMS Classification Tool:
their shapes and operations, on their own router mounted at /api/cases/ next to the
cases router (himoya/api.py).

Every operation goes through himoya.cases.access (via the case API's shared checks),
writes through himoya.incidents.services, and audits every read. Operation ids are
written out: they were published under the case API's module names and must not change.
"""

from datetime import date

from ninja import Router, Schema, Status
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    case_record,
    district_named,
    readable_case,
    refusals,
    writable_case,
)
from himoya.cases.api.schemas import (
    EVENT_DATE_HELP,
    TEXT_MAX,
    AgeGroupCode,
    SexCode,
    Slug,
    StrictIn,
    choice,
    text,
    version_field,
)
from himoya.cases.audit import record_read
from himoya.clients.models import AgeGroup, Sex
from himoya.core.idempotency import idempotent
from himoya.core.schemas import MultiLineText
from himoya.incidents.models import (
    Incident,
    LawForm,
    LocationType,
    PreviousIncidents,
    Relationship,
    TimeOfDay,
)
from himoya.incidents.services import digest, record_incident, snapshot, update_incident

router = Router()

TAGS = ["incidents"]

LawFormCode = choice(LawForm.values)
LocationCode = choice(LocationType.values)
TimeOfDayCode = choice(TimeOfDay.values)
PreviousCode = choice(PreviousIncidents.values)
RelationshipCode = choice(Relationship.values)


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


def incidents_of(case):
    return (
        Incident.objects.filter(case=case)
        .select_related("district")
        .prefetch_related("perpetrators")
    )


@router.get(
    "/{int:case_id}/incidents",
    operation_id="himoya_cases_api_incidents_list_incidents",
    response={200: list[IncidentOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Incidents of a case",
)
def list_incidents(request, case_id: int):
    """Every incident of the case, newest first, with its descriptions (decrypted),
    perpetrators and derived classification. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="incidents")
    return list(incidents_of(case))


@router.get(
    "/{int:case_id}/incidents/{int:incident_id}",
    operation_id="himoya_cases_api_incidents_get_incident",
    response={200: IncidentOut, **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="One incident",
)
def get_incident(request, case_id: int, incident_id: int):
    """One incident of the case, with its version for editing. Audited."""
    case = readable_case(request, case_id)
    incident = case_record(request, case, Incident, incident_id)
    record_read(request, case, incident, what="incident")
    return incidents_of(case).get(pk=incident.pk)


def replay_incident(request, pk, case_id, **_kwargs):
    """The Idempotency-Key replay of a recorded incident: read again, as get_incident."""
    return get_incident(request, case_id, int(pk))


def incident_data(fields: dict) -> tuple[dict, list[dict]]:
    """The service's `data` and perpetrator rows from the API's fields."""
    perpetrators = fields.pop("perpetrators", None)
    if "district" in fields:
        fields["district"] = district_named(fields["district"])
    return fields, perpetrators


@router.post(
    "/{int:case_id}/incidents",
    operation_id="himoya_cases_api_incidents_create_incident",
    response={201: IncidentOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Record an incident",
)
@idempotent(replay_incident)
@refusals
def create_incident(request, case_id: int, payload: IncidentIn):
    """Record an incident with the answers to the Classification Tool's questions; the
    GBVIMS type, context flags and reporting delay are derived, never sent."""
    case = writable_case(request, case_id)
    data, perpetrators = incident_data(payload.dict())
    incident = record_incident(case, data, perpetrators or [], request.auth, request=request)
    return Status(201, incidents_of(case).get(pk=incident.pk))


@router.patch(
    "/{int:case_id}/incidents/{int:incident_id}",
    operation_id="himoya_cases_api_incidents_patch_incident",
    response={200: IncidentOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Change an incident",
)
@refusals
def patch_incident(request, case_id: int, incident_id: int, payload: IncidentPatchIn):
    """Change any answer or detail of an incident; leave out what stays. `perpetrators`,
    when sent, replaces the list. Send the `version` you loaded: a stale one is refused
    (409) with the fields changed meanwhile."""
    case = writable_case(request, case_id)
    incident = case_record(request, case, Incident, incident_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    current = snapshot(incident)
    perpetrators = changes.pop("perpetrators", None)
    data = {**current, **changes}
    data.pop("perpetrators")
    data["district"] = (
        district_named(changes["district"]) if "district" in changes else incident.district
    )
    rows = perpetrators if perpetrators is not None else current["perpetrators"]
    update_incident(
        incident,
        data,
        rows,
        expected_version=version,
        actor=request.auth,
        request=request,
        baseline_digest=digest(current),
    )
    return incidents_of(case).get(pk=incident.pk)
