"""Template helpers for the site navigation: who gets the "Calls" link."""

from django import template

from himoya.hotline.access import call_logs

register = template.Library()


@register.filter
def works_hotline(user) -> bool:
    """True for hotline operators, and supervisors of an organisation with a call log."""
    return getattr(user, "is_authenticated", False) and bool(call_logs(user))
