"""Fetch-and-check helpers for records that only some users may manage.

Every view and API operation that touches an organisation's private side goes through
these. Outsiders (no membership) get 404, as if the record did not exist; members
without the needed role get 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from himoya.accounts.models import Membership, Role, User
from himoya.directory.models import Organisation


def active_roles(user, organisation) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, organisation=organisation, is_active=True).values_list(
            "role", flat=True
        )
    )


def get_organisation_for_user(user, slug: str, roles=(Role.ORG_ADMIN,)) -> Organisation:
    """The organisation `slug` if `user` holds one of `roles` in it.

    Platform superusers manage every organisation.
    """
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not user.is_authenticated:
        raise Http404
    if user.is_superuser:
        return organisation
    held = active_roles(user, organisation)
    if not held:
        raise Http404
    if not held & set(roles):
        raise PermissionDenied
    return organisation


def get_member_for_admin(admin, organisation: Organisation, user_id) -> User:
    """A user who belongs to `organisation`, for that organisation's admin to manage."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        raise Http404 from None
    user = User.objects.filter(pk=user_id, memberships__organisation=organisation).first()
    if user is None:
        raise Http404
    return user


def get_token_for_user(user, pk):
    """One of `user`'s own API tokens; anyone else's is "not found"."""
    from himoya.accounts.models import ApiToken

    token = ApiToken.objects.filter(pk=pk, user=user).first() if user.is_authenticated else None
    if token is None:
        raise Http404
    return token


def require_platform_admin(user) -> None:
    """Only the platform admin (a superuser) may go on; signed-out callers get 404 and
    everyone else 403, as on the platform audit log."""
    if not user.is_authenticated:
        raise Http404
    if not user.is_superuser:
        raise PermissionDenied
