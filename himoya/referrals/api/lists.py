"""Referral API lists: the receiver's inbox and the sender's list.

Lists carry no client data and load no encrypted column; the receiver's lists show a
referral's needs only while the shared data is readable (null after).

Operation ids are published: each keeps the one it had when the operations lived in
referrals/api_reads.py.
"""

from ninja import Query
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import READ_ERRORS
from himoya.core.paging import PageQuery, page_of
from himoya.referrals.access import (
    RECEIVER_ROLES,
    SENDER_ROLES,
    received_referrals,
    sent_referrals,
)
from himoya.referrals.api.common import received_items, require_role, router
from himoya.referrals.api.schemas import (
    URGENCY_HELP,
    ReceivedPageOut,
    SentPageOut,
    StatusFilterCode,
)

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
    operation_id="himoya_referrals_api_reads_list_received",
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
    operation_id="himoya_referrals_api_reads_list_sent",
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
