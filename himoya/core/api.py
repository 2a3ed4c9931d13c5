"""The JSON API: one NinjaAPI that mounts each app's router.

Errors are always JSON: {"message": "...", "errors": {"field": ["..."]}}, never a
stack trace. Outsiders get 404, insufficient rights 403.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from himoya.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """Authorization: Bearer hmy_<prefix>_<secret>."""

    def authenticate(self, request, token):
        parts = token.split("_")
        if len(parts) < 3 or parts[0] != "hmy":
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(prefix=parts[1], key_hash=ApiToken.hash_secret(token))
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


class OptionalAuth(APIKeyHeader):
    """Public endpoints: anyone may call; a valid token or session is used when present."""

    param_name = "Authorization"

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            user = TokenAuth().authenticate(request, header[7:].strip())
            if user is None:
                return None
            return user
        return request.user if request.user.is_authenticated else True

    def authenticate(self, request, key):
        return None


token_auth = TokenAuth()
# Writes accept a session (with CSRF) or a bearer token.
AUTH = [token_auth, django_auth]

api = NinjaAPI(
    title="Himoya API",
    version="1.0.0",
    description="Service directory, accounts and audit for the Himoya referral network.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_body(message, errors=None):
    return {"message": str(message), "errors": errors or {}}


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, error_body(_("Not found.")), status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, error_body(_("You do not have permission to do this.")), status=403
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, error_body(_("Sign in or send a valid API token.")), status=401
    )


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc):
    errors = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        field = ".".join(
            location[1:] if location and location[0] in ("query", "path") else location
        )
        errors.setdefault(field or "__all__", []).append(error.get("msg", _("Invalid value.")))
    return api.create_response(
        request, error_body(_("The request has invalid fields."), errors), status=422
    )


@api.exception_handler(DjangoValidationError)
def invalid_model(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, error_body(_("The request has invalid fields."), errors), status=422
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, error_body(exc.message), status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request, exc):
    # Log the details for operators; the caller gets no stack trace.
    import logging

    logging.getLogger("himoya.api").exception("API error")
    return api.create_response(
        request,
        error_body(_("Something went wrong on our side. Nothing was changed.")),
        status=500,
    )


def mount_routers():
    from himoya.accounts.api import router as accounts_router
    from himoya.audit.api import router as audit_router
    from himoya.directory.api import router as directory_router
    from himoya.directory.hsds import router as hsds_router
    from himoya.geo.api import router as geo_router

    api.add_router("/geo/", geo_router)
    api.add_router("/directory/", directory_router)
    api.add_router("/hsds/", hsds_router)
    api.add_router("/accounts/", accounts_router)
    api.add_router("/audit/", audit_router)


mount_routers()
