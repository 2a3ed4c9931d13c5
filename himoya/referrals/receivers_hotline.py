"""What the referrals app answers when the hotline asks about the referrals made from
its calls (himoya.hotline.signals): a call's page lists them, the call statistics count
them by status. Connected in ReferralsConfig.ready()."""

from django.db.models import Count
from django.urls import reverse

from himoya.referrals.models import Referral, ReferralStatus


def referrals_of_call(sender, call, **kwargs) -> list:
    """Receiver of call_referral_rows: the referrals made from `call`, as their sender
    sees them (status and dates), newest first, each with `link` to its page."""
    referrals = list(
        Referral.objects.filter(from_call_id=call.pk)
        .select_related("to_organisation", "service")
        .defer("message", "decline_note", "withdrawal_note")
        .order_by("-sent_at", "-id")
    )
    for referral in referrals:
        referral.link = reverse("referrals:detail", args=[referral.pk])
    return referrals


def referral_counts_of_calls(sender, calls, **kwargs) -> list[tuple]:
    """Receiver of call_referral_counts: (status, label, count) of the referrals made
    from `calls`, every status listed; one aggregate query."""
    statuses = dict(
        Referral.objects.filter(from_call__in=calls.values("pk"))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [(value, label, statuses.get(value, 0)) for value, label in ReferralStatus.choices]
