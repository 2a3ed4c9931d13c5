"""The hotline API's router and what its operations share.

Every operation fetches its call through himoya.hotline.access (outsider 404, wrong
role 403) before anything else; the call's organisation decides who may act on it.
"""

import functools

from ninja import Router

from himoya.cases.api.common import stale_answer
from himoya.core.versioning import StaleEditError
from himoya.hotline.access import HANDOVER, get_call_for_user
from himoya.hotline.audit import record_call_read
from himoya.hotline.queries import call_referrals

# One router for the call log's operations: Django resolves a path to its first pattern,
# so the reads and writes of one path (GET and PATCH /calls/{id}) must share a router.
router = Router(tags=["hotline"])


def refusals(view):
    """Answer an edit made on a stale copy with 409 and what changed, never a 500."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StaleEditError as stale:
            payload = kwargs.get("payload")
            return stale_answer(stale, getattr(payload, "version", 0))

    return wrapped


def call_detail(request, call_id):
    """The call as the detail shows it, with its referrals; the read is audited. A
    colleague's call reaches an operator as its handover view, without referrals."""
    call, permission = get_call_for_user(request.auth, call_id)
    record_call_read(request, call)
    if permission != HANDOVER:
        call.referral_rows = call_referrals(call)
    return call
