"""Referral API reads: the receiver's inbox, the sender's list, one referral, a case's
pathway.

Lists carry no client data and load no encrypted column; the receiver's lists show a
referral's needs only while the shared data is readable (null after). The detail is
side-aware (api_common.referral_detail) and audited.
"""

from ninja import Query
from pydantic import Field

from himoya.accounts.models import Role
from himoya.cases.access import get_case_for_user
from himoya.cases.api.common import READ_ERRORS
from himoya.core.api import AUTH
from himoya.core.paging import PageQuery, page_of
from himoya.referrals.access import (
    RECEIVER_ROLES,
    get_referral_for_user,
    received_referrals,
    sent_referrals,
)
from himoya.referrals.api_common import (
    item_out,
    received_items,
    referral_detail,
    require_role,
    router,
)
from himoya.referrals.api_schemas import (
    URGENCY_HELP,
    PathwayOut,
    ReceivedPageOut,
    ReferralDetailOut,
    SentPageOut,
    StatusFilterCode,
)
from himoya.referrals.pathway import pathway_for

SENDER_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.HOTLINE_OPERATOR)

# What a list item shows, and nothing more: no encrypted column is loaded or decrypted.
LIST_FIELDS = (
    "id",
    "version",
    "urgency",
    "status",
    "needs",
    "sent_at",
    "expires_at",
    "respond_by",
    "accepted_at",
    "completed_at",
    "service",
    "service__id",
    "service__name_tg",
    "service__name_ru",
    "service__name_en",
    "service__service_type",
    "service__sector",
    "from_organisation",
    "from_organisation__slug",
    "from_organisation__name_tg",
    "from_organisation__name_ru",
    "from_organisation__name_en",
    # What readable_shared needs to decide whether the receiver may see the needs.
    "client",
    "to_organisation",
    "from_case",
)
SENT_FIELDS = (
    *LIST_FIELDS,
    "to_organisation__slug",
    "to_organisation__name_tg",
    "to_organisation__name_ru",
    "to_organisation__name_en",
)


class ReferralFilters(PageQuery):
    status: StatusFilterCode | None = Field(  # type: ignore[valid-type]
        None,
        description="One status, or `all`. Left out, every status is listed (the inbox "
        "page starts with `sent`, the referrals still waiting for an answer).",
    )
    urgency: int | None = Field(None, ge=1, le=3, description=URGENCY_HELP)


def filtered(referrals, filters: ReferralFilters):
    if filters.status and filters.status != "all":
        referrals = referrals.filter(status=filters.status)
    if filters.urgency:
        referrals = referrals.filter(urgency=filters.urgency)
    return referrals


@router.get(
    "/received",
    response={200: ReceivedPageOut, **READ_ERRORS},
    auth=AUTH,
    summary="Referrals to your organisation (the inbox)",
)
def list_received(request, filters: Query[ReferralFilters]):
    """Referrals sent to organisations where you are a caseworker or supervisor, the
    most urgent first and, within an urgency, the oldest first. No client data: open
    a referral to read what was shared. Other roles get 403."""
    require_role(request.auth, RECEIVER_ROLES)
    referrals = filtered(received_referrals(request.auth), filters)
    referrals = (
        referrals.select_related("service", "from_organisation")
        .only(*LIST_FIELDS)
        .order_by("urgency", "sent_at", "id")
    )
    page = page_of(referrals, filters)
    page["items"] = received_items(page["items"])
    return page


@router.get(
    "/sent",
    response={200: SentPageOut, **READ_ERRORS},
    auth=AUTH,
    summary="Referrals you follow as the sender",
)
def list_sent(request, filters: Query[ReferralFilters]):
    """Referrals sent from your cases (a supervisor: from all of the organisation's;
    a hotline operator: from its calls), newest first, with the receiver's progress:
    status, dates and hours to acceptance and to service. Other roles get 403."""
    require_role(request.auth, SENDER_ROLES)
    referrals = filtered(sent_referrals(request.auth), filters)
    referrals = (
        referrals.select_related("service", "from_organisation", "to_organisation")
        .only(*SENT_FIELDS)
        .order_by("-sent_at", "-id")
    )
    return page_of(referrals, filters)


@router.get(
    "/{int:referral_id}",
    response={200: ReferralDetailOut, **READ_ERRORS},
    auth=AUTH,
    summary="One referral, as your side may see it",
)
def get_referral(request, referral_id: int):
    """The referral's status and dates for both sides. The receiver also gets `shared`
    (what the client consented to share, only while the referral is sent or accepted
    and the consent stands; else null with `shared_unavailable_reason`) and its own
    case's id; the sender gets its message and notes. The read is audited."""
    referral, side = get_referral_for_user(request.auth, referral_id)
    return referral_detail(request, referral, side)


@router.get(
    "/pathway/{int:case_id}",
    response={200: PathwayOut, **READ_ERRORS},
    auth=AUTH,
    summary="A case's pathway across organisations",
)
def get_pathway(request, case_id: int):
    """Every referral linking this case to other organisations' cases, oldest first,
    limited to those your organisation sent or received: status, dates, organisations
    and service, never another organisation's case content."""
    case = get_case_for_user(request.auth, case_id)
    items = [
        {
            "side": item.side,
            "referral": item_out(item.referral, needs_shown=item.needs is not None),
            "events": [
                {"kind": event.kind, "label": event.label, "at": event.at} for event in item.events
            ],
        }
        for item in pathway_for(request.auth, case)
    ]
    return {"case_id": case.pk, "items": items}
