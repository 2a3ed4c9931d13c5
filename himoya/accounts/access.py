"""Fetch-and-check helpers for the records of accounts: members and API tokens.

The organisation itself is fetched with directory.access.get_organisation_for_user.
Outsiders get 404, as if the record did not exist; callers without the right get 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from himoya.accounts.models import ApiToken, User
from himoya.directory.models import Organisation


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
