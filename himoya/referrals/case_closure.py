"""What closing a case means for its referrals (receivers of himoya.cases.signals).

Before: the closure request and the supervisor's decision list the referrals sent from
the case that are still open. On approval, in the closure's transaction: referrals
still waiting for an answer are withdrawn and the receiving organisation is told that
the sender closed the case. An accepted referral stays accepted: the receiver's own
case is its record and stays its own, but the shared view of the sender's record ends
with the case (himoya.referrals.access.may_read_shared).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from himoya.cases.closure import OpenItem
from himoya.referrals.models import OPEN_STATUSES, Referral, ReferralStatus
from himoya.referrals.services.steps import withdraw_referral


def _open_referrals(case):
    return (
        Referral.objects.filter(from_case_id=case.pk, status__in=OPEN_STATUSES)
        .select_related("to_organisation", "service")
        .order_by("sent_at", "id")
    )


def open_referral_items(sender, case, **kwargs) -> list[OpenItem]:
    """Receiver of closure_open_items: the case's referrals still open."""
    items = []
    for referral in _open_referrals(case):
        waiting = referral.status == ReferralStatus.SENT
        items.append(
            OpenItem(
                "referral",
                _("Referral %(reference)s to %(organisation)s (%(service)s): %(status)s")
                % {
                    "reference": referral.reference,
                    "organisation": referral.to_organisation.name,
                    "service": referral.service.name,
                    "status": referral.get_status_display(),
                },
                _("will be withdrawn; the receiving organisation is told the case was closed")
                if waiting
                else _(
                    "stays with the receiving organisation in its own case; it no longer "
                    "sees this case's shared details"
                ),
                reverse("referrals:detail", args=[referral.pk]),
            )
        )
    return items


def withdraw_on_case_closed(sender, case, actor, request=None, **kwargs) -> int:
    """Receiver of case_closed: withdraw the referrals still waiting for an answer."""
    # Lock them first: one accepted meanwhile stays accepted, and none is answered
    # while the closure commits.
    waiting = list(
        Referral.objects.select_for_update()
        .filter(from_case_id=case.pk, status=ReferralStatus.SENT)
        .order_by("pk")
    )
    withdrawn = 0
    for referral in waiting:
        withdraw_referral(actor, referral, expected_version=None, request=request, case_closed=True)
        withdrawn += 1
    return withdrawn
