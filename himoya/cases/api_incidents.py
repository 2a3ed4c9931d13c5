"""Case API: the incidents of a case, classified by the GBVIMS Classification Tool."""

from ninja import Router

from himoya.cases.api_common import READ_ERRORS, case_record, readable_case
from himoya.cases.api_schemas import IncidentOut
from himoya.cases.audit import record_read
from himoya.core.api import AUTH
from himoya.incidents.models import Incident

router = Router(tags=["incidents"])


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
    summary="One incident",
)
def get_incident(request, case_id: int, incident_id: int):
    """One incident of the case, with its version for editing. Audited."""
    case = readable_case(request, case_id)
    incident = case_record(request, case, Incident, incident_id)
    record_read(request, case, incident, what="incident")
    return incidents_of(case).get(pk=incident.pk)
