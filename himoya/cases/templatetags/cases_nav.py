"""Template helpers for the site navigation: who gets the "Cases" link."""

from django import template

from himoya.accounts.roles import holds_any
from himoya.core.roles import Role

register = template.Library()


@register.filter
def works_cases(user) -> bool:
    """True for caseworkers and supervisors (active memberships)."""
    return holds_any(user, (Role.CASEWORKER, Role.SUPERVISOR))
