"""The one reader of the roles a user holds, as Role enums.

Every question "which roles does this user hold, where" is answered here: the
navigation links, the list pages, their "may this user log calls / see the statistics"
questions, and the checks on one record (cases.access, referrals.access, and the
organisation check of directory.access, which reaches it through User.roles_in).

Lists and links read the roles once per request and keep the answer on the user object:
Django builds that object afresh for every request (session or API token), as its
ModelBackend does with `_perm_cache`. Checks on one record pass `fresh=True` and ask the
database again, so a membership ended a moment ago counts at once.
"""

from himoya.core.roles import Role

CACHE_ATTRIBUTE = "_himoya_held_roles"


def held_roles(user, *, fresh: bool = False) -> dict[int, Role]:
    """{organisation id: role} of the user's active memberships (one role per organisation).

    `fresh=True` reads the database even when an answer is kept, and leaves the kept
    answer as it was (the other readers of this request keep seeing one state).
    """
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = None if fresh else getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    roles = {
        organisation_id: Role(role)
        for organisation_id, role in user.memberships.filter(is_active=True).values_list(
            "organisation_id", "role"
        )
    }
    if not fresh:
        setattr(user, CACHE_ATTRIBUTE, roles)
    return roles


def holds_any(user, roles, *, fresh: bool = False) -> bool:
    """True if the user holds one of `roles` in some organisation."""
    return not set(roles).isdisjoint(held_roles(user, fresh=fresh).values())


def holds_role(user, organisation, roles) -> bool:
    """True if the user holds one of `roles` in `organisation` (the object or its id).

    A check on one record, so it asks the database (see the module's note).
    """
    organisation_id = getattr(organisation, "pk", organisation)
    return held_roles(user, fresh=True).get(organisation_id) in set(roles)


def organisations_where(user, roles, *, fresh: bool = False) -> list[int]:
    """Ids of the organisations where the user holds one of `roles`, in a stable order."""
    return sorted(pk for pk, role in held_roles(user, fresh=fresh).items() if role in roles)


def members_holding(organisations, roles):
    """The active users holding one of `roles` in an active membership of one of
    `organisations` (an organisation, its id, or several of either, or a queryset).

    The other side of the question above: who holds a role there, for choice lists and
    for whom to notify.
    """
    from django.contrib.auth import get_user_model  # accounts.models imports this module

    if not isinstance(organisations, (list, tuple, set, frozenset)) and not hasattr(
        organisations, "model"
    ):
        organisations = [organisations]
    ids = organisations
    if not hasattr(organisations, "model"):
        ids = [getattr(organisation, "pk", organisation) for organisation in organisations]
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation__in=ids,
            memberships__role__in=list(roles),
            memberships__is_active=True,
        )
        .distinct()
    )
