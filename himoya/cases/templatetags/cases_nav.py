"""Template helpers for the site navigation: who gets the "Cases" link."""

from django import template

from himoya.accounts.models import Role

register = template.Library()


@register.filter
def works_cases(user) -> bool:
    """True for caseworkers and supervisors (active memberships); cached per request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_himoya_works_cases", None)
    if cached is None:
        cached = user.memberships.filter(
            role__in=(Role.CASEWORKER, Role.SUPERVISOR), is_active=True
        ).exists()
        user._himoya_works_cases = cached
    return cached
