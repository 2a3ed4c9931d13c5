"""A notification belongs to one person: anyone else gets 404."""

from django.http import Http404

from himoya.core.ids import parse_id
from himoya.notifications.models import Notification


def get_notification_for_user(user, notification_id) -> Notification:
    notification = (
        Notification.objects.select_related("referral", "case")
        .filter(pk=parse_id(notification_id), user_id=user.pk)
        .first()
    )
    if notification is None:
        raise Http404
    return notification


def notifications_of(user):
    return Notification.objects.filter(user_id=user.pk)
