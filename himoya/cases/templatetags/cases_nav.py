"""Template helpers for the site navigation: who gets the "Cases" link."""

from django import template

from himoya.accounts.models import Role
from himoya.accounts.roles import holds_any

register = template.Library()


@register.filter
def works_cases(user) -> bool:
    """True for caseworkers and supervisors (active memberships)."""
    return holds_any(user, (Role.CASEWORKER, Role.SUPERVISOR))
