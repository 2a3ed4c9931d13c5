"""Two-factor sign-in is required for everyone who can read survivors' records.

With HIMOYA_REQUIRE_2FA on, a signed-in user who holds a case-data role (or is a
superuser) and whose session has not passed the second factor can only reach the
sign-in, verify, enrol and sign-out pages. The JSON API answers such a session with a
JSON 403 instead of a redirect.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from himoya.accounts import twofactor
from himoya.core.api import requested_language

ALLOWED_VIEWS = {
    "accounts:login",
    "accounts:verify",
    "accounts:enrol",
    "accounts:logout",
    "healthz",
}


def needs_second_factor(user) -> bool:
    """True if `user` is signed in, must use 2FA, and this session has not passed it."""
    if not settings.HIMOYA_REQUIRE_2FA or not user.is_authenticated:
        return False
    if getattr(user, "is_verified", None) and user.is_verified():
        return False
    if user.is_superuser:
        return True
    return user.can_read_case_data()


def _is_allowed_path(path: str) -> bool:
    if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in ALLOWED_VIEWS


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not needs_second_factor(user):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "message": _("Finish two-factor sign-in in the browser before using the API."),
                    "errors": {},
                },
                status=403,
            )
        if _is_allowed_path(request.path_info):
            return self.get_response(request)
        if not twofactor.has_any_device(user):
            return redirect("accounts:enrol")
        target = reverse("accounts:verify")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


# Pages a user with a temporary password may still reach: the one that replaces it, and
# what signing in and out needs (the second factor comes first).
PASSWORD_CHANGE_VIEWS = {*ALLOWED_VIEWS, "accounts:password_change"}
PASSWORD_CHANGE_API = "/api/accounts/me/password"


class RequirePasswordChangeMiddleware:
    """After an admin's password reset, the temporary password opens only the page that
    replaces it: the admin saw it, so until it is changed it is not the user's secret.

    API tokens the user made before stay theirs and keep working (a reset revokes
    nothing else); a session calling the API is refused except to change the password.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            if request.path_info.rstrip("/") == PASSWORD_CHANGE_API:
                return self.get_response(request)
            # The API answers in the caller's language (?lang=, Accept-Language), as its
            # own views do; the site's locale middleware would say Tajik for /api/.
            with translation.override(requested_language(request) or settings.LANGUAGE_CODE):
                return JsonResponse(
                    {
                        "message": _("Change your temporary password before using the API."),
                        "errors": {},
                    },
                    status=403,
                )
        if settings.STATIC_URL and request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            view_name = ""
        if view_name in PASSWORD_CHANGE_VIEWS:
            return self.get_response(request)
        target = reverse("accounts:password_change")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
