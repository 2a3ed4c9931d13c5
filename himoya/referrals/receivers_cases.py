"""How referrals follow what the clients and cases apps announce (their signals.py).

Connected in ReferralsConfig.ready(); each receiver runs inside the sender's transaction,
so its writes and notices commit or roll back with the withdrawal or the recording.
"""

from himoya.referrals.services.consent import on_consent_withdrawn
from himoya.referrals.services.steps import on_service_recorded


def tell_receivers_consent_withdrawn(sender, consent, **kwargs) -> None:
    """A consent was withdrawn: the receivers of her open referrals lose the shared
    view at once (access reads consent every time) and are told why."""
    on_consent_withdrawn(consent)


def complete_referrals_by_service(sender, delivery, actor, request=None, **kwargs) -> None:
    """A service was recorded in a case: the accepted referral into that case for that
    kind of service is completed by it."""
    on_service_recorded(delivery, actor, request=request)
