"""First contact: one transaction creates the client, the consents and the case.

The client itself is created by the clients app (clients.services.create_client),
which owns client codes, the blind index and the client audit entry.
"""

from django.db import transaction

from himoya.cases.access import cases_visible_to
from himoya.cases.services.case import open_case
from himoya.clients import services as client_services
from himoya.clients.consent import give_consent
from himoya.clients.models import ConsentKind


def possible_duplicates(user, organisation, name: str, birth_date=None) -> tuple[list, int]:
    """Clients of the organisation whose blind index matches (never a decrypting scan):
    (those whose case `user` may read, how many others match).

    A caseworker sees the codes of her own clients only, as in the case list and the
    search: the intake form must not become a way to find a colleague's client by
    name. That another record matches is still said, without its code, so that the
    supervisor is asked before a second record is opened for the same person.
    """
    if not (name or "").strip():
        return [], 0
    found = list(client_services.find_possible_duplicates(organisation, name, birth_date))
    if not found:
        return [], 0
    readable = set(
        cases_visible_to(user).filter(client__in=found).values_list("client_id", flat=True)
    )
    shown = [client for client in found if client.pk in readable]
    return shown, len(found) - len(shown)


def intake(
    actor,
    organisation,
    *,
    client_fields: dict,
    consent_method: str,
    child_consent: dict | None,
    priority: str,
    request=None,
):
    """Create Client, Consent(s), Case and the OPENED event, all or nothing."""
    with transaction.atomic():
        client = client_services.create_client(organisation, client_fields, actor, request=request)
        child = child_consent or {}
        # For a child, give_consent records the caregiver's consent or why it was
        # not sought, and refuses the child's consent without one of them.
        give_consent(
            client,
            ConsentKind.SERVICES,
            consent_method,
            actor,
            caregiver_relationship=child.get("relationship", "") if child.get("given") else "",
            not_sought_reason="" if child.get("given") else child.get("reason", ""),
            request=request,
        )
        return open_case(actor, organisation, client=client, priority=priority, request=request)
