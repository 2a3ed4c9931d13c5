"""The client withdrew a consent: the receiving side's access to what was shared ends
by itself (himoya.referrals.access.consent_stands); this announces it for each open
referral that lost it, so B's staff learn why."""

from himoya.referrals.access import consent_stands
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.signals import referral_consent_lost


def on_consent_withdrawn(consent) -> None:
    """Announce each open referral of the client that lost its shared data with `consent`
    (referral_consent_lost)."""
    open_referrals = Referral.objects.filter(
        client_id=consent.client_id, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]
    ).select_related("client", "to_organisation", "service")
    for referral in open_referrals:
        if not consent_stands(referral):
            referral_consent_lost.send(sender=Referral, referral=referral)
