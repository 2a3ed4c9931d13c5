"""The notifications tile of the "My work" dashboard (core.registry): the user's unread
notifications, linking to the list of exactly those (?unread=1). One count query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from himoya.core.registry import Link, Panel, Tile
from himoya.notifications.access import notifications_of


def notification_panel(user) -> Panel | None:
    if not getattr(user, "is_authenticated", False):
        return None
    unread = notifications_of(user).filter(read_at__isnull=True).count()
    tile = Tile(
        "unread",
        unread,
        _("Unread notifications"),
        f"{reverse('notifications:list')}?unread=1",
        tone="blue" if unread else "",
    )
    return Panel(
        _("Notifications"), (tile,), (Link(_("All notifications"), reverse("notifications:list")),)
    )
