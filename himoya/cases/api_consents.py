"""Case API: the consent records of a case's client. Withdrawal takes effect at once."""

from ninja import Router

from himoya.cases.api_common import READ_ERRORS, readable_case
from himoya.cases.api_schemas import ConsentOut
from himoya.cases.audit import record_read
from himoya.clients.models import Consent
from himoya.core.api import AUTH

router = Router(tags=["consents"])


@router.get(
    "/{int:case_id}/consents",
    response={200: list[ConsentOut], **READ_ERRORS},
    auth=AUTH,
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
