"""Notifications API: one's own notifications only; anyone else's id is a 404."""

import datetime

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from himoya.core.api import AUTH
from himoya.notifications.access import get_notification_for_user, notifications_of
from himoya.notifications.services import mark_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    referral_id: int | None
    case_id: int | None
    created_at: datetime.datetime
    read_at: datetime.datetime | None

    @staticmethod
    def resolve_text(obj) -> str:
        return str(obj.get_kind_display())


class ReadOut(Schema):
    marked_read: int


@router.get("/", response=list[NotificationOut], auth=AUTH)
@paginate(PageNumberPagination, page_size=50)
def list_notifications(request, unread: bool = False):
    """The caller's notifications, newest first; unread=true for the unread ones only."""
    notifications = notifications_of(request.user)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


@router.post("/{notification_id}/read", response=NotificationOut, auth=AUTH)
def read_notification(request, notification_id: int):
    notification = get_notification_for_user(request.user, notification_id)
    mark_read(request.user, [notification.pk])
    notification.refresh_from_db()
    return notification


@router.post("/read-all", response=ReadOut, auth=AUTH)
def read_all(request):
    return {"marked_read": mark_read(request.user, None)}
