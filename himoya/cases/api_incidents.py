"""Case API: the incidents of a case, classified by the GBVIMS Classification Tool."""

from ninja import Status

from himoya.accounts.api_auth import AUTH
from himoya.cases.api_common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    case_record,
    district_named,
    readable_case,
    refusals,
    router,
    writable_case,
)
from himoya.cases.api_schemas import IncidentOut
from himoya.cases.api_schemas_in import IncidentIn, IncidentPatchIn
from himoya.cases.audit import record_read
from himoya.core.idempotency import idempotent
from himoya.incidents.models import Incident
from himoya.incidents.services import digest, record_incident, snapshot, update_incident

TAGS = ["incidents"]


def incidents_of(case):
    return (
        Incident.objects.filter(case=case)
        .select_related("district")
        .prefetch_related("perpetrators")
    )


@router.get(
    "/{int:case_id}/incidents",
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
