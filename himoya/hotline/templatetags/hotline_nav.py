"""Template helpers for the site navigation: who gets the "Calls" link."""

from django import template

from himoya.hotline.access import call_log_organisations

register = template.Library()


@register.filter
def works_hotline(user) -> bool:
    """True for hotline operators and supervisors (active memberships); cached per request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_himoya_works_hotline", None)
    if cached is None:
        cached = call_log_organisations(user).exists()
        user._himoya_works_hotline = cached
    return cached
