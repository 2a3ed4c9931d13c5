"""The fetch-and-check helper for an organisation's private side.

Every view and API operation that manages an organisation (its directory entry, its
members, its audit log) fetches it here. Outsiders (no membership) get 404, as if the
organisation did not exist; members without the needed role get 403; platform
superusers manage every organisation. The user's roles come from the user object
(User.roles_in), so the directory needs no import of accounts.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from himoya.core.roles import Role
from himoya.directory.models import Organisation


def get_organisation_for_user(user, slug: str, roles=(Role.ORG_ADMIN,)) -> Organisation:
    """The organisation `slug` if `user` holds one of `roles` in it."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not user.is_authenticated:
        raise Http404
    if user.is_superuser:
        return organisation
    held = user.roles_in(organisation)
    if not held:
        raise Http404
    if not held & set(roles):
        raise PermissionDenied
    return organisation
