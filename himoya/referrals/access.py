"""Who may see and act on a referral: the one fetch-and-check helper for referrals.

A referral has two sides. The sender side (organisation A) is the supervisors of A,
the caseworker assigned to the case it came from, and, for a referral made from a
hotline call, the operator who took the call (her colleagues see only the call's
handover view, never what she wrote to the receiver). The receiver side (organisation B) is B's
caseworkers and supervisors: the referral inbox is the organisation's intake queue.

What B may read of A's data is decided here too (shared_view): only while the
referral is open and the client's consent to share with B or B's sector stands, and
only the minimal set the issue names. Nothing of A's notes, attachments, safety plan
or incidents is ever part of it. Outsiders get 404; members of either organisation
whose role does not allow it, and platform admins, get 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from himoya.accounts.roles import held_roles, holds_role, organisations_where
from himoya.cases.models import Case, CaseStatus
from himoya.clients.consent import has_consent
from himoya.clients.models import CHILD_AGE_GROUPS, Consent, ConsentKind
from himoya.core.ids import parse_id
from himoya.core.roles import Role
from himoya.referrals.models import OPEN_STATUSES, Referral

SENDER = "sender"
RECEIVER = "receiver"
RECEIVER_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)
# Who sends referrals and follows them: from cases, and hotline operators from calls.
SENDER_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.HOTLINE_OPERATOR)


def _roles(user, *organisation_ids) -> dict[int, set[Role]]:
    held = held_roles(user, fresh=True)
    return {pk: {held[pk]} for pk in organisation_ids if pk in held}


def referral_side(user, referral: Referral) -> str:
    """"sender", "receiver", "forbidden" (a member without the right) or "none" (outsider)."""
    if not user.is_authenticated:
        return "none"
    roles = _roles(user, referral.from_organisation_id, referral.to_organisation_id)
    at_receiver = roles.get(referral.to_organisation_id, set())
    if at_receiver & set(RECEIVER_ROLES):
        return RECEIVER
    at_sender = roles.get(referral.from_organisation_id, set())
    if Role.SUPERVISOR in at_sender:
        return SENDER
    assigned = referral.from_case_id is not None and referral.from_case.caseworker_id == user.id
    if Role.CASEWORKER in at_sender and assigned:
        return SENDER
    own_call = referral.from_call_id is not None and referral.from_call.operator_id == user.id
    if Role.HOTLINE_OPERATOR in at_sender and own_call:
        return SENDER
    if roles or user.is_superuser:
        return "forbidden"
    return "none"


def get_referral_for_user(user, referral_id, *, side: str | None = None):
    """(referral, side) if `user` may see it; with side="sender"/"receiver", only for
    that side (else PermissionDenied). Outsiders get Http404."""
    referral = (
        Referral.objects.select_related(
            "client", "from_organisation", "to_organisation", "service", "from_case",
            "from_call", "receiving_case", "client__district",
        )
        .filter(pk=parse_id(referral_id))
        .first()
    )
    if referral is None:
        raise Http404
    found = referral_side(user, referral)
    if found == "none":
        raise Http404
    if found == "forbidden" or (side is not None and found != side):
        raise PermissionDenied
    return referral, found


def consent_stands(referral: Referral) -> bool:
    return has_consent(
        referral.client,
        ConsentKind.SHARE_ORGANISATION,
        organisation=referral.to_organisation,
        sector=referral.service.sector,
    )


def sender_case_closed(referral: Referral) -> bool:
    """A closed the case the referral came from: its record is no longer shared."""
    return referral.from_case_id is not None and referral.from_case.status == CaseStatus.CLOSED


def may_read_shared(referral: Referral) -> bool:
    """B may read A's shared data: the referral is open, A's case is not closed and the
    consent stands, now."""
    return (
        referral.status in OPEN_STATUSES
        and not sender_case_closed(referral)
        and consent_stands(referral)
    )


@dataclass
class SharedView:
    """What B sees of A's record: nothing else leaves A."""

    client_code: str
    sex: str
    age_group: str
    district: object
    needs: list
    service: object
    risk_level: str
    message: str
    safe_contact: dict | None


def shared_view(referral: Referral) -> SharedView | None:
    """The minimal data B may read, or None once the referral closed or consent went.

    Risk level comes from A's case (unknown for a hotline referral). Safe-contact
    instructions only when the survivor agreed to share them.
    """
    if not may_read_shared(referral):
        return None
    client = referral.client
    risk = referral.from_case.risk_level if referral.from_case_id else "unknown"
    return SharedView(
        client_code=client.code,
        sex=client.sex,
        age_group=client.age_group,
        district=client.district,
        needs=list(referral.needs),
        service=referral.service,
        risk_level=risk,
        message=referral.message,
        safe_contact=(client.safe_contact or {}) if referral.share_safe_contact else None,
    )


def readable_shared(referrals) -> set[int]:
    """The pks of `referrals` whose shared data B may read now, in two queries whatever
    their number (for lists: needs and the like show only for these). Load the
    referrals with select_related("service").

    Same rule as may_read_shared: open, from a case that is not closed, and a standing
    consent to share with the receiving organisation or the service's sector (a child's
    also needs the caregiver record). Anonymised clients never count.
    """
    candidates = [r for r in referrals if r.status in OPEN_STATUSES]
    case_ids = {r.from_case_id for r in candidates if r.from_case_id is not None}
    if case_ids:
        closed = set(
            Case.objects.filter(pk__in=case_ids, status=CaseStatus.CLOSED).values_list(
                "pk", flat=True
            )
        )
        candidates = [r for r in candidates if r.from_case_id not in closed]
    if not candidates:
        return set()
    client_ids = {r.client_id for r in candidates}
    standing = Consent.objects.filter(
        client_id__in=client_ids, given=True, withdrawn_at__isnull=True,
        client__anonymised_at__isnull=True,
    )
    by_client: dict[int, list] = {}
    caregiver: set[int] = set()
    rows = Consent.objects.filter(
        client_id__in=client_ids, withdrawn_at__isnull=True,
        kind=ConsentKind.CAREGIVER,
    ).values_list("client_id", flat=True)
    caregiver.update(rows)
    for client_id, kind, organisation_id, sector, age_group in standing.filter(
        kind__in=[ConsentKind.SHARE_ORGANISATION, ConsentKind.SHARE_SECTOR]
    ).values_list("client_id", "kind", "recipient_organisation_id", "recipient_sector",
                  "client__age_group"):
        by_client.setdefault(client_id, []).append((kind, organisation_id, sector, age_group))
    readable = set()
    for referral in candidates:
        for kind, organisation_id, sector, age_group in by_client.get(referral.client_id, []):
            covers = (
                organisation_id == referral.to_organisation_id
                if kind == ConsentKind.SHARE_ORGANISATION
                else sector == referral.service.sector
            )
            child = age_group in CHILD_AGE_GROUPS
            if covers and (not child or referral.client_id in caregiver):
                readable.add(referral.pk)
                break
    return readable


def received_referrals(user):
    """Referrals to organisations where `user` is a caseworker or supervisor (the inbox)."""
    if not user.is_authenticated:
        return Referral.objects.none()
    return Referral.objects.filter(to_organisation_id__in=organisations_where(user, RECEIVER_ROLES))


def sent_referrals(user):
    """Referrals `user` may follow as the sender side."""
    if not user.is_authenticated:
        return Referral.objects.none()
    # Only the branches the user's roles call for: an empty branch would still join
    # the cases table for every referral of the organisation.
    branches = []
    supervised = organisations_where(user, [Role.SUPERVISOR])
    if supervised:
        branches.append(Q(from_organisation_id__in=supervised))
    casework = organisations_where(user, [Role.CASEWORKER])
    if casework:
        branches.append(Q(from_organisation_id__in=casework, from_case__caseworker=user))
    operating = organisations_where(user, [Role.HOTLINE_OPERATOR])
    if operating:
        branches.append(Q(from_organisation_id__in=operating, from_call__operator=user))
    if not branches:
        return Referral.objects.none()
    condition = branches[0]
    for branch in branches[1:]:
        condition |= branch
    return Referral.objects.filter(condition)


def referrals_visible_to(user):
    return received_referrals(user) | sent_referrals(user)


def may_assign_on_accept(user, referral: Referral) -> bool:
    """Whether the receiver accepting `referral` may hand the new case to a colleague:
    only the receiving organisation's supervisors, as with any assignment."""
    return holds_role(user, referral.to_organisation_id, [Role.SUPERVISOR])
