"""The referrals panel of the "My work" dashboard (core.registry, accounts.views.dashboard).

For the receiving side: referrals waiting for an answer (with the oldest's age and how
many are emergency or urgent) and those past their response deadline; for the sending
side: referrals sent still without an answer, and those overdue. Each tile links to the
inbox or the sent list filtered to exactly what it counts (?status=sent, &overdue=1).
One aggregate query per side, asked only of users who hold that side's roles.
"""

from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from himoya.accounts.roles import holds_any
from himoya.core.registry import Link, Panel, Tile
from himoya.referrals.access import (
    RECEIVER_ROLES,
    SENDER_ROLES,
    received_referrals,
    sent_referrals,
)
from himoya.referrals.models import ReferralStatus, Urgency


def _url(name: str, **filters) -> str:
    return f"{reverse(name)}?{urlencode({'status': ReferralStatus.SENT, **filters})}"


def _waiting(referrals, now):
    """Counts of the referrals still waiting for an answer. A referral past its expiry
    is about to expire (the lists expire it first): it no longer waits."""
    return referrals.filter(status=ReferralStatus.SENT, expires_at__gt=now).aggregate(
        waiting=Count("id"),
        emergency=Count("id", filter=Q(urgency=Urgency.EMERGENCY)),
        urgent=Count("id", filter=Q(urgency=Urgency.URGENT)),
        overdue=Count("id", filter=Q(respond_by__lte=now)),
        oldest=Min("sent_at"),
    )


def _waiting_hint(counts, now) -> str:
    parts = []
    # Only the urgencies there are: "0 urgent" is noise on a tile.
    if counts["emergency"]:
        parts.append(_("emergency: %(count)s") % {"count": counts["emergency"]})
    if counts["urgent"]:
        parts.append(_("urgent: %(count)s") % {"count": counts["urgent"]})
    if counts["oldest"] is not None:
        days = (timezone.localdate(now) - timezone.localdate(counts["oldest"])).days
        parts.append(
            ngettext("oldest: %(count)d day", "oldest: %(count)d days", days) % {"count": days}
        )
    return " · ".join(parts)


def _tone(counts) -> str:
    if counts["emergency"]:
        return "red"
    return "amber" if counts["urgent"] else ""


def referral_panel(user) -> Panel | None:
    receives = holds_any(user, RECEIVER_ROLES)
    sends = holds_any(user, SENDER_ROLES)
    if not (receives or sends):
        return None
    now = timezone.now()
    tiles, links = [], []
    if receives:
        counts = _waiting(received_referrals(user), now)
        tiles += [
            Tile(
                "waiting",
                counts["waiting"],
                _("Referrals waiting for us"),
                _url("referrals:inbox"),
                hint=_waiting_hint(counts, now),
                tone=_tone(counts),
            ),
            Tile(
                "overdue",
                counts["overdue"],
                _("Referrals overdue"),
                _url("referrals:inbox", overdue="1"),
                hint=_("past the time to answer"),
                tone="red" if counts["overdue"] else "",
            ),
        ]
        links.append(Link(_("Referrals received"), reverse("referrals:inbox")))
    if sends:
        counts = _waiting(sent_referrals(user), now)
        tiles += [
            Tile(
                "awaiting",
                counts["waiting"],
                _("Sent, awaiting an answer"),
                _url("referrals:sent"),
                hint=_waiting_hint(counts, now),
            ),
            Tile(
                "awaiting_overdue",
                counts["overdue"],
                _("Sent, overdue"),
                _url("referrals:sent", overdue="1"),
                hint=_("no answer in time"),
                tone="red" if counts["overdue"] else "",
            ),
        ]
        links.append(Link(_("Referrals sent"), reverse("referrals:sent")))
    return Panel(_("Referrals"), tuple(tiles), tuple(links))
