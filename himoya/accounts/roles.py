"""The roles a user holds, read once per request.

The navigation links, the list pages and their "may this user log calls / see the
statistics" questions all ask which roles the user holds where. One query answers all
of them, and the answer is kept on the user object: Django builds that object afresh
for every request (session or API token), as its ModelBackend does with `_perm_cache`.
Checks on one record (cases.access, referrals.access, hotline.access) still ask the
database themselves.
"""

from himoya.accounts.models import Membership

CACHE_ATTRIBUTE = "_himoya_held_roles"


def held_roles(user) -> dict[int, str]:
    """{organisation id: role} of the user's active memberships (one role per organisation)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user, is_active=True).values_list(
                "organisation_id", "role"
            )
        )
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached


def holds_any(user, roles) -> bool:
    """True if the user holds one of `roles` in some organisation."""
    return not set(roles).isdisjoint(held_roles(user).values())


def organisations_where(user, roles) -> list[int]:
    """Ids of the organisations where the user holds one of `roles`, in a stable order."""
    return sorted(pk for pk, role in held_roles(user).items() if role in roles)

