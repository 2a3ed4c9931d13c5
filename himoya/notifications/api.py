"""Notifications API: one's own notifications only; anyone else's id is a 404."""

import datetime

from ninja import Query, Router, Schema

from himoya.accounts.api_auth import AUTH
from himoya.core.paging import Page, PageQuery, page_of
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


class NotificationPage(Page):
    items: list[NotificationOut]


class NotificationFilters(PageQuery):
    unread: bool = False


class ReadOut(Schema):
    marked_read: int


@router.get("/", response=NotificationPage, auth=AUTH)
def list_notifications(request, filters: Query[NotificationFilters]):
    """The caller's notifications, newest first; unread=true for the unread ones only."""
    notifications = notifications_of(request.user)
    if filters.unread:
        notifications = notifications.filter(read_at__isnull=True)
    return page_of(notifications, filters)


@router.post("/{notification_id}/read", response=NotificationOut, auth=AUTH)
def read_notification(request, notification_id: int):
    notification = get_notification_for_user(request.user, notification_id)
    mark_read(request.user, [notification.pk])
    notification.refresh_from_db()
    return notification


@router.post("/read-all", response=ReadOut, auth=AUTH)
def read_all(request):
    return {"marked_read": mark_read(request.user, None)}
