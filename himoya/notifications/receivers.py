"""What lower apps announce and the notifications app turns into notifications."""

from django.dispatch import receiver

from himoya.accounts.models import Membership, Role
from himoya.accounts.signals import account_sign_in_locked
from himoya.notifications.models import NotificationKind
from himoya.notifications.services import notify


@receiver(account_sign_in_locked, dispatch_uid="notifications.account_sign_in_locked")
def tell_owner_and_admins_of_a_locked_account(sender, user, **kwargs):
    """The owner may need to change their password; their organisations' admins may need
    to act. Neither notification names the addresses or the attempts: the audit log does."""
    notify([user], NotificationKind.ACCOUNT_LOCKED)
    organisations = Membership.objects.filter(user=user, is_active=True).values("organisation")
    admins = [
        m.user
        for m in Membership.objects.filter(
            organisation__in=organisations, role=Role.ORG_ADMIN, is_active=True
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("user_id")
    ]
    notify(admins, NotificationKind.MEMBER_ACCOUNT_LOCKED)
