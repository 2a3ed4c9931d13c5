"""A case's pathway: every referral that links it to other organisations' cases, on one
timeline, limited to what the viewer may see.

The pathway follows referrals in both directions (the referral that brought the
survivor to this case, the ones sent from it, and onward from the linked cases), but a
viewer sees only the referrals their organisation sent or received, and of those only
status, dates, organisations and the service: never a linked case's content. The
needs are the sender's shared data: the receiver sees them only while it may read it.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from himoya.referrals.access import RECEIVER, SENDER, readable_shared, referral_side
from himoya.referrals.models import Referral

# A pathway is a handful of referrals; the cap keeps a pathological chain cheap.
MAX_CASES = 50

EVENT_LABELS = {
    "sent": _("sent"),
    "accepted": _("accepted"),
    "declined": _("declined"),
    "completed": _("service delivered"),
    "withdrawn": _("withdrawn"),
    "expired": _("expired without an answer"),
}


@dataclass
class PathwayEvent:
    at: object
    kind: str

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self.kind])


@dataclass
class PathwayItem:
    referral: Referral
    side: str
    events: list[PathwayEvent] = field(default_factory=list)
    # The referral's needs, or None for the receiver once the sender's shared data is
    # no longer readable (the referral closed or the consent was withdrawn).
    needs: list | None = None


def _events(referral: Referral) -> list[PathwayEvent]:
    stamps = [
        ("sent", referral.sent_at),
        ("accepted", referral.accepted_at),
        ("declined", referral.declined_at),
        ("completed", referral.completed_at),
        ("withdrawn", referral.withdrawn_at),
        ("expired", referral.expired_at),
    ]
    return [PathwayEvent(at=at, kind=kind) for kind, at in stamps if at is not None]


def _linked_referrals(case) -> list[Referral]:
    """Referrals of the connected cases (and of the calls they came from), breadth-first."""
    seen_cases, seen_calls, found = {case.pk}, set(), {}
    pending_cases, pending_calls = {case.pk}, set()
    while (pending_cases or pending_calls) and len(seen_cases) < MAX_CASES:
        batch = Referral.objects.filter(
            Q(from_case_id__in=pending_cases)
            | Q(receiving_case_id__in=pending_cases)
            | Q(from_call_id__in=pending_calls)
        ).select_related("from_organisation", "to_organisation", "service", "from_case")
        pending_cases, pending_calls = set(), set()
        for referral in batch:
            found[referral.pk] = referral
            for case_id in (referral.from_case_id, referral.receiving_case_id):
                if case_id and case_id not in seen_cases:
                    seen_cases.add(case_id)
                    pending_cases.add(case_id)
            # Referrals sent from the same call belong to the same pathway.
            if referral.from_call_id and referral.from_call_id not in seen_calls:
                seen_calls.add(referral.from_call_id)
                pending_calls.add(referral.from_call_id)
    return sorted(found.values(), key=lambda r: (r.sent_at, r.pk))


def pathway_for(user, case) -> list[PathwayItem]:
    """The referrals on `case`'s pathway that `user` may see, oldest first.

    The caller has already checked that `user` may read `case` (get_case_for_user).
    """
    items = []
    for referral in _linked_referrals(case):
        side = referral_side(user, referral)
        if side in (SENDER, RECEIVER):
            items.append(PathwayItem(referral=referral, side=side, events=_events(referral)))
    readable = readable_shared([item.referral for item in items if item.side == RECEIVER])
    for item in items:
        if item.side == SENDER or item.referral.pk in readable:
            item.needs = list(item.referral.needs)
    return items
