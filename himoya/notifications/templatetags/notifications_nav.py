"""The unread count beside "Notifications" in the site navigation."""

from django import template

from himoya.notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, "_himoya_unread", None)
    if cached is None:
        cached = request._himoya_unread = unread_count(user)
    return cached
