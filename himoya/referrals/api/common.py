"""What every referral API operation shares: the router, the refusals and the detail.

Every operation fetches its referral through himoya.referrals.access (outsider 404,
wrong role or wrong side 403) and its case through himoya.cases.access before
anything else. The detail is built here, side by side, so that no operation can hand
the sender the receiver's data or the receiver more than the shared view.
"""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Status

from himoya.accounts.roles import holds_any
from himoya.cases.access import CaseClosedError
from himoya.cases.api.common import stale_answer as case_stale_answer
from himoya.core.api import error_body, stale_error_body, unknown_version_body
from himoya.core.versioning import StaleEditError
from himoya.referrals.access import (
    RECEIVER,
    SENDER,
    get_referral_for_user,
    readable_shared,
    sender_case_closed,
    shared_view,
)
from himoya.referrals.api.schemas import SentItemOut
from himoya.referrals.audit import record_referral_read
from himoya.referrals.models import Referral

# One router for every referral operation (Django resolves a path to its first pattern,
# so reads and writes of one path must share it).
router = Router(tags=["referrals"])

# Service-layer refusals that are not about a field: the status moved on (409), the
# client's consent does not cover the receiver (422) or an open referral of the same
# case to the same service exists (409, naming it).
STATUS_OF_CODE = {"wrong_status": 409, "no_consent": 422, "duplicate": 409}


def refusals(view):
    """Answer a stale version (409 with what changed), a step the referral's status no
    longer allows (409, code "wrong_status"), a missing consent (422, code
    "no_consent"), a second open referral to the same service (409, code "duplicate",
    with the open one in `referral`) and a closed case (409) with a message, never a
    500."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StaleEditError as stale:
            return stale_answer(stale, getattr(kwargs.get("payload"), "version", 0))
        except CaseClosedError as closed:
            return Status(409, error_body(str(closed)))
        except ValidationError as invalid:
            code = getattr(invalid, "code", None)
            if code not in STATUS_OF_CODE:
                raise
            message = invalid.messages[0]
            body = error_body(message, {"__all__": [message]})
            body["code"] = code
            if code == "duplicate":
                body["referral"] = duplicate_named(invalid)
            return Status(STATUS_OF_CODE[code], body)

    return wrapped


def duplicate_named(refusal: ValidationError) -> dict:
    """The open referral a "duplicate" refusal names: its id and reference (R-n)."""
    return {"id": refusal.params["id"], "reference": refusal.params["reference"]}


def stale_answer(stale: StaleEditError, version: int):
    """409 naming what changed since `version`. Every referral write moves its status
    (and only then its version), so a newer referral differs at least in its status; a
    stale linked case is answered as the case API does. Either way the message names
    the fields as people read them, in the caller's language (core's stale_error_body)."""
    current = stale.current
    unknown = unknown_version_body(current, version)
    if unknown is not None:
        return Status(422, unknown)
    if not isinstance(current, Referral):
        return case_stale_answer(stale, version)
    return Status(409, stale_error_body(current, version, ["status"], {"status": current.status}))


def require_role(user, roles) -> None:
    """Lists are for people who hold referrals at all; others get 403, not an empty list."""
    if not holds_any(user, roles):
        raise PermissionDenied


audit_read = record_referral_read


def shared_out(shared) -> dict:
    return {
        "client_code": shared.client_code,
        "sex": shared.sex,
        "age_group": shared.age_group,
        "district": shared.district.slug if shared.district is not None else None,
        "needs": shared.needs,
        "service": shared.service,
        "risk_level": shared.risk_level,
        "message": shared.message,
        "safe_contact": shared.safe_contact,
    }


class WithoutNeeds:
    """A referral as the receiver's list shows it once the shared data is gone: every
    attribute of the referral but the needs, which read as null."""

    needs = None

    def __init__(self, referral):
        self._referral = referral

    def __getattr__(self, name):
        return getattr(self._referral, name)


def item_out(referral, *, needs_shown: bool):
    return referral if needs_shown else WithoutNeeds(referral)


def received_items(referrals) -> list:
    """The receiver's list items: the needs (part of the sender's shared data) only for
    referrals still readable, checked for the whole list in fixed queries."""
    readable = readable_shared(referrals)
    return [item_out(r, needs_shown=r.pk in readable) for r in referrals]


def referral_detail(request, referral, side: str) -> dict:
    """The referral as `side` may see it; reading it is audited.

    The receiver's read of the shared view is audited with the client's code (what
    "referral_shared"); the sender's read of its own referral as "referral".
    """
    body = SentItemOut.from_orm(referral).dict()
    body.update(
        side=side,
        share_safe_contact=referral.share_safe_contact,
        declined_at=referral.declined_at,
        decline_reason=referral.decline_reason,
        # The receiver's reason for declining is written for the sender: both read it.
        decline_note=referral.decline_note,
        withdrawn_at=referral.withdrawn_at,
        expired_at=referral.expired_at,
        from_case_id=None,
        message=None,
        withdrawal_note=None,
        receiving_case_id=None,
        shared=None,
        shared_unavailable_reason=None,
    )
    if side == SENDER:
        body.update(
            from_case_id=referral.from_case_id,
            message=referral.message,
            withdrawal_note=referral.withdrawal_note,
        )
        audit_read(
            request, referral, "referral", referral.from_organisation, client=referral.client.code
        )
        return body
    assert side == RECEIVER
    body["receiving_case_id"] = referral.receiving_case_id
    shared = shared_view(referral)
    if shared is None:
        if not referral.is_open:
            reason = "referral_closed"
        elif sender_case_closed(referral):
            reason = "sender_case_closed"
        else:
            reason = "consent_withdrawn"
        body["shared_unavailable_reason"] = reason
        # The needs are shared data too: gone with the rest.
        body["needs"] = None
        return body
    body["shared"] = shared_out(shared)
    # No client code in the receiver's audit log: it outlives the access.
    audit_read(request, referral, "referral_shared", referral.to_organisation)
    return body


def detail_after_change(request, referral, side: str) -> dict:
    """The referral read again after a step, as the caller's side sees it."""
    fresh, side = get_referral_for_user(request.auth, referral.pk, side=side)
    return referral_detail(request, fresh, side)
