"""What lower apps announce and the notifications app turns into notifications.

Each receiver runs inside the transaction of the step that sent the event, so its
notifications commit or roll back with it (their emails go out after the commit).
"""

from django.dispatch import receiver

from himoya.accounts.models import Membership
from himoya.accounts.roles import members_holding
from himoya.accounts.signals import account_sign_in_locked
from himoya.core.roles import Role
from himoya.hotline.models import Call
from himoya.hotline.signals import case_opened_from_call
from himoya.notifications.models import NotificationKind
from himoya.notifications.recipients import (
    receiving_staff,
    sending_staff,
    supervisors_of_both_sides,
)
from himoya.notifications.services import notify
from himoya.referrals.models import Referral
from himoya.referrals.signals import (
    referral_accepted,
    referral_completed,
    referral_consent_lost,
    referral_declined,
    referral_expired,
    referral_overdue,
    referral_sent,
    referral_withdrawn,
)


@receiver(account_sign_in_locked, dispatch_uid="notifications.account_sign_in_locked")
def tell_owner_and_admins_of_a_locked_account(sender, user, **kwargs):
    """The owner may need to change their password; their organisations' admins may need
    to act. Neither notification names the addresses or the attempts: the audit log does."""
    notify([user], NotificationKind.ACCOUNT_LOCKED)
    organisations = Membership.objects.filter(user=user, is_active=True).values("organisation")
    admins = list(
        members_holding(organisations, [Role.ORG_ADMIN]).exclude(pk=user.pk).order_by("pk")
    )
    notify(admins, NotificationKind.MEMBER_ACCOUNT_LOCKED)


@receiver(referral_sent, sender=Referral, dispatch_uid="notifications.referral_sent")
def tell_receiver_of_a_new_referral(sender, referral, **kwargs):
    notify(receiving_staff(referral), NotificationKind.REFERRAL_RECEIVED, referral=referral)


@receiver(referral_accepted, sender=Referral, dispatch_uid="notifications.referral_accepted")
def tell_sender_of_an_acceptance(sender, referral, **kwargs):
    notify(sending_staff(referral), NotificationKind.REFERRAL_ACCEPTED, referral=referral)


@receiver(referral_declined, sender=Referral, dispatch_uid="notifications.referral_declined")
def tell_sender_of_a_refusal(sender, referral, **kwargs):
    notify(sending_staff(referral), NotificationKind.REFERRAL_DECLINED, referral=referral)


@receiver(referral_withdrawn, sender=Referral, dispatch_uid="notifications.referral_withdrawn")
def tell_receiver_of_a_withdrawal(sender, referral, case_closed=False, **kwargs):
    """The receiver learns whether the sender took it back or closed the case."""
    kind = (
        NotificationKind.REFERRAL_WITHDRAWN_CASE_CLOSED
        if case_closed
        else NotificationKind.REFERRAL_WITHDRAWN
    )
    notify(receiving_staff(referral), kind, referral=referral)


@receiver(referral_completed, sender=Referral, dispatch_uid="notifications.referral_completed")
def tell_sender_of_the_service_delivered(sender, referral, **kwargs):
    notify(sending_staff(referral), NotificationKind.REFERRAL_COMPLETED, referral=referral)


@receiver(referral_overdue, sender=Referral, dispatch_uid="notifications.referral_overdue")
def tell_both_supervisors_of_an_overdue_referral(sender, referral, **kwargs):
    notify(
        supervisors_of_both_sides(referral), NotificationKind.REFERRAL_OVERDUE, referral=referral
    )


@receiver(referral_expired, sender=Referral, dispatch_uid="notifications.referral_expired")
def tell_both_sides_of_an_expiry(sender, referral, **kwargs):
    """The sender first (its referral found no answer), then the receiver."""
    notify(sending_staff(referral), NotificationKind.REFERRAL_EXPIRED, referral=referral)
    notify(receiving_staff(referral), NotificationKind.REFERRAL_EXPIRED, referral=referral)


@receiver(
    referral_consent_lost,
    sender=Referral,
    dispatch_uid="notifications.referral_consent_lost",
)
def tell_receiver_why_the_shared_details_are_gone(sender, referral, **kwargs):
    notify(
        receiving_staff(referral), NotificationKind.REFERRAL_CONSENT_WITHDRAWN, referral=referral
    )


@receiver(case_opened_from_call, sender=Call, dispatch_uid="notifications.case_opened_from_call")
def tell_supervisors_of_a_case_from_a_call(sender, call, case, **kwargs):
    """The operator is no caseworker: the organisation's supervisors assign the case."""
    supervisors = members_holding(call.organisation_id, [Role.SUPERVISOR])
    notify(supervisors, NotificationKind.CASE_FROM_CALL, case=case)
