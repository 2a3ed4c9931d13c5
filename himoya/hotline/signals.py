"""What the hotline app announces, and what it asks, of the apps above it (referrals,
notifications). They connect their receivers in AppConfig.ready(); hotline never
imports them, and shows nothing of theirs that they do not answer with.

case_opened_from_call(sender=Call, call=..., case=...): sent by
services.open_case_from_call inside its transaction, once the call is linked to the
new case. A receiver's writes commit or roll back with the case; one that raises
undoes it. (Notifications tells the organisation's supervisors.)

call_referral_rows(sender=Call, call=...): asked by the call's page and API detail (not
its shift-handover view); each receiver returns a list of the referrals made from the
call as their sender sees them, newest first: objects with `pk`, `reference`,
`link` (the address of its page), `to_organisation`, `service`, `status`,
`get_status_display()`, `urgency` and the dates `sent_at`, `accepted_at`,
`declined_at`, `completed_at`, `withdrawn_at`, `expired_at`.

call_referral_counts(sender=Call, calls=...): asked by the call statistics with the
queryset of the period's calls; each receiver returns (status, label, count) for every
status a referral may have, in their order, counting the referrals made from `calls`.
"""

from django.dispatch import Signal

from himoya.hotline.models import Call

case_opened_from_call = Signal()
call_referral_rows = Signal()
call_referral_counts = Signal()


def answers(signal, **kwargs) -> list:
    """Every receiver's answer to a question the hotline asks, in one list."""
    return [item for _receiver, answer in signal.send(sender=Call, **kwargs) for item in answer]
