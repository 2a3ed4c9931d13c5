"""The JSON API: one NinjaAPI that mounts each app's router.

Errors are always JSON: {"message": "...", "errors": {"field": ["..."]}}, in the caller's
language (?lang=, else Accept-Language, else the language cookie, else Tajik), never a
stack trace. Outsiders get 404, insufficient rights 403, no credentials 401.
"""

import functools
import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.http.request import RawPostDataException
from django.urls import re_path
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from himoya.accounts.models import ApiToken
from himoya.core.api_errors import field_errors
from himoya.core.csrf import csrf_rejection
from himoya.core.paging import paginate  # noqa: F401  (HSDS pages with it)
from himoya.core.versioning import field_label
from himoya.core.views import TOO_LARGE_MESSAGE

logger = logging.getLogger("himoya.api")

SUPPORTED_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


class TokenAuth(HttpBearer):
    """Authorization: Bearer hmy_<prefix>_<secret>. A deleted (revoked) token is refused."""

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
        # Idempotency keys sent with a token are the token's (core/idempotency.py).
        request.himoya_api_token = api_token
        return api_token.user


class VerifiedSessionAuth(SessionAuth):
    """A signed-in session (with CSRF) that has passed the second factor where required."""

    def __call__(self, request):
        # A caller that sends a bearer token means the token: a wrong one is a 401,
        # not a CSRF refusal of a session it never meant to use.
        authorization = request.headers.get("Authorization", "")
        if authorization.split(" ", 1)[0].lower() == "bearer":
            return None
        # No signed-in session: nothing for CSRF to protect, and the answer is the 401 of
        # a caller without credentials, not a CSRF refusal.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request, key):
        # The same rule as the web pages; imported here to keep app imports acyclic.
        from himoya.accounts.middleware import needs_second_factor

        user = request.user
        if not user.is_authenticated or needs_second_factor(user):
            return None
        return user

    def _get_key(self, request):
        # Ninja's own check uses Django's middleware, which refuses the "Origin: null"
        # that browsers send under our no-referrer policy; ours accepts it with a token.
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and csrf_rejection(request) is not None:
            raise HttpError(403, "CSRF check Failed")  # worded by http_error below
        return request.COOKIES.get(self.param_name)


token_auth = TokenAuth()
session_auth = VerifiedSessionAuth()
# Writes accept a bearer token or a session (with CSRF).
AUTH = [token_auth, session_auth]


def error_body(message, errors=None):
    return {"message": str(message), "errors": errors or {}}


def unknown_version_body(record, version: int) -> dict | None:
    """A version newer than the record's own was never saved: the answer is a 422 about
    the `version` field, not a 409 about someone else's edit. None for a stale copy."""
    current = getattr(record, "version", None)
    if current is None or version <= current:
        return None
    message = _(
        "This record has no version %(version)s: it is at version %(current)s. "
        "Reload it and try again."
    ) % {"version": version, "current": current}
    return error_body(message, {"version": [message]})


def stale_error_body(record, version: int, changed: list[str], changes: dict | None = None) -> dict:
    """The 409 answer to an edit made on a stale copy: what changed since `version`.

    `changes` maps each changed field to its value as saved now.
    """
    message = _(
        "Someone else saved this record after version %(version)s. Changed meanwhile: "
        "%(fields)s. Nothing was saved; reload it and try again."
    ) % {
        # People read labels in their language; programs read the names in `changed`.
        "fields": ", ".join(field_label(record, name) for name in changed)
        or _("no visible field"),
        "version": version,
    }
    body = error_body(message, {field: [_("Changed by someone else.")] for field in changed})
    body["current_version"] = record.version
    body["changed"] = changed
    body["changes"] = changes if changes is not None else {}
    return body


def json_error(status: int, message, errors=None) -> JsonResponse:
    return JsonResponse(
        error_body(message, errors),
        status=status,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def requested_language(request) -> str | None:
    """The language the caller asked for; None when ?lang= names one we do not have."""
    if "lang" in request.GET:
        code = request.GET["lang"].strip().lower()
        return code if code in SUPPORTED_LANGUAGES else None
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in translation.trans_real.parse_accept_lang_header(header):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE


NUL_IN_JSON = re.compile(rb"\x00|(?<!\\)\\u0000", re.IGNORECASE)


def fields_with_nul(request) -> list[str]:
    """Where the request carries a NUL character, which no database text can hold.

    PostgreSQL refuses such text with an error; refusing it here keeps that a 400.
    """
    fields = [key for key, values in request.GET.lists() for v in values if "\x00" in key + v]
    if "\x00" in request.path_info:
        fields.append("__path__")
    if request.method not in {"POST", "PUT", "PATCH"}:
        return fields
    if request.content_type == "multipart/form-data":
        # Uploaded files are binary (every PNG holds NUL bytes); only the form's text
        # fields end up in database text.
        fields += [key for key, values in request.POST.lists() for v in values if "\x00" in key + v]
    elif NUL_IN_JSON.search(request.body):
        fields.append("__all__")
    return fields


# Bodies the API reads: JSON, and multipart for file uploads (which reject JSON by
# themselves). Anything else, e.g. a form post, is refused before it is parsed.
ACCEPTED_BODY_TYPES = ("application/json", "multipart/form-data")


def body_type_accepted(request) -> bool:
    if request.method not in {"POST", "PUT", "PATCH"}:
        return True
    if request.content_type in ACCEPTED_BODY_TYPES:
        return True
    # A write without a body (an approval, say) needs no content type.
    return not request.META.get("CONTENT_LENGTH", "").strip("0")


def not_json_message() -> str:
    return _("Send this request's body as JSON (Content-Type: application/json).")


def is_authenticated(request) -> bool:
    """Whether the request came with credentials: a bearer token (even a wrong one) or
    a signed-in session."""
    if request.headers.get("Authorization"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def in_caller_language(view):
    """Run an API view in the caller's language and keep every error it returns JSON.

    The site's LocaleMiddleware serves unprefixed paths in Tajik, so the API picks its
    own language here instead.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        language = requested_language(request)
        if language is None:
            with translation.override(settings.LANGUAGE_CODE):
                return json_error(
                    400,
                    _("Unknown language. Use one of: %(codes)s.")
                    % {"codes": ", ".join(SUPPORTED_LANGUAGES)},
                    {
                        "lang": [
                            _("Choose one of: %(choices)s.")
                            % {"choices": ", ".join(SUPPORTED_LANGUAGES)}
                        ]
                    },
                )
        with translation.override(language):
            request.LANGUAGE_CODE = language
            try:
                bad_fields = fields_with_nul(request)
            except RequestDataTooBig:
                return json_error(413, TOO_LARGE_MESSAGE)
            if bad_fields:
                message = _("Text may not contain the NUL character.")
                return json_error(400, message, {field: [message] for field in bad_fields})
            if not body_type_accepted(request):
                return json_error(415, not_json_message())
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = json_error(404, _("Not found."))
            except RequestDataTooBig:
                response = json_error(413, TOO_LARGE_MESSAGE)
            if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
                allowed = response.get("Allow", "")
                response = json_error(405, _("This method is not allowed here."))
                response["Allow"] = allowed
        response.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        if is_authenticated(request):
            # Answers to a signed-in caller carry decrypted client data: no cache (the
            # browser's, a proxy's) may keep them, as no page or download may.
            add_never_cache_headers(response)
        return response

    return wrapped


def unknown_route(request, rest=""):
    return json_error(404, _("There is no such API address. See /api/docs."))


class HimoyaAPI(NinjaAPI):
    """NinjaAPI that mounts the app routers on first use and wraps every URL.

    Mounting lazily lets app modules import AUTH from here without an import cycle.
    """

    _mounted = False

    def mount_routers(self):
        if self._mounted:
            return
        self._mounted = True
        from himoya.accounts.api import router as accounts_router
        from himoya.audit.api import router as audit_router
        from himoya.cases.api import router as cases_router
        from himoya.directory.api import router as directory_router
        from himoya.directory.hsds import router as hsds_router
        from himoya.geo.api import router as geo_router
        from himoya.hotline.api import router as hotline_router
        from himoya.incidents.api import router as incidents_router
        from himoya.notifications.api import router as notifications_router
        from himoya.referrals.api import router as referrals_router

        self.add_router("/geo/", geo_router)
        self.add_router("/directory/", directory_router)
        self.add_router("/hsds/", hsds_router)
        self.add_router("/accounts/", accounts_router)
        self.add_router("/audit/", audit_router)
        self.add_router("/cases/", cases_router)
        self.add_router("/cases/", incidents_router)
        self.add_router("/referrals/", referrals_router)
        self.add_router("/hotline/", hotline_router)
        self.add_router("/notifications/", notifications_router)

    def _get_urls(self):
        self.mount_routers()
        patterns = super()._get_urls()
        for pattern in patterns:
            if pattern.name == "api-root":
                pattern.callback = unknown_route
            pattern.callback = in_caller_language(pattern.callback)
        # Last: anything else under /api/ is a JSON 404, not the site's HTML page.
        patterns.append(re_path(r"^(?P<rest>.*)$", in_caller_language(unknown_route)))
        return patterns

    def get_openapi_schema(self, **kwargs):
        from himoya.core.idempotency import document

        self.mount_routers()
        document(self)
        schema = super().get_openapi_schema(**kwargs)
        document_error_answers(schema)
        return schema


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "message": {"type": "string", "description": "What is wrong, in the caller's language."},
        "errors": {
            "type": "object",
            "description": "Per field (`__all__`: the whole request), the messages.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["message", "errors"],
    "additionalProperties": True,
}

# The answers that the API's own layers give whatever the operation (in_caller_language,
# the authentication, the input validation, the exception handlers above): every
# operation documents those that apply to it, so a generated client knows them.
ERROR_DESCRIPTIONS = {
    400: "Bad request: an unknown `lang`, a NUL character, or a body that is not JSON.",
    401: "No credentials, or a token that is not valid.",
    403: "Forbidden: the caller's role does not allow this (or the CSRF check failed).",
    404: "Not found, or not the caller's to see.",
    413: "The request body is too large.",
    415: "The body is not JSON (or multipart, for uploads).",
    422: "Invalid fields: `errors` names each with its messages.",
}


def error_answers(operation: dict, *, has_path_parameters: bool) -> list[int]:
    """The statuses of ERROR_DESCRIPTIONS that `operation` can answer with."""
    statuses = [400]
    secured = bool(operation.get("security"))
    if secured:
        statuses += [401, 403]
    if secured or has_path_parameters:
        statuses.append(404)
    if "requestBody" in operation:
        statuses += [413, 415]
    if operation.get("parameters") or "requestBody" in operation:
        statuses.append(422)
    return statuses


def document_error_answers(schema: dict) -> None:
    """Add the answers of ERROR_DESCRIPTIONS to each operation that does not list them,
    with the error shape (components/schemas/Error)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "put", "post", "patch", "delete"}:
                continue
            # Ninja keys its own answers by int; the document's JSON keys are strings.
            responses = {str(status): answer for status, answer in operation["responses"].items()}
            operation["responses"] = responses
            for status in error_answers(operation, has_path_parameters="{" in path):
                answer = responses.setdefault(str(status), {})
                answer.setdefault("description", ERROR_DESCRIPTIONS[status])
                content = answer.setdefault("content", {}).setdefault("application/json", {})
                content.setdefault("schema", {"$ref": "#/components/schemas/Error"})


class UnicodeJSONRenderer(JSONRenderer):
    """Tajik and Russian text as UTF-8, not \\u escapes: a third of the bytes on slow links."""

    json_dumps_params = {"ensure_ascii": False}


api = HimoyaAPI(
    title="Himoya API",
    version="1.0.0",
    description=(
        "Service directory, accounts and audit for the Himoya referral network. "
        "Errors are JSON objects with `message` and per-field `errors` (the `Error` "
        "schema), in the language given by `?lang=` (tg, ru, en) or the Accept-Language "
        "header; every operation lists the error statuses it can answer with. "
        "Every list pages the same way: `?page=` (1 to 100000) and `?per_page=` "
        "(1 to 100, default 20) in; `count`, `page`, `per_page`, `total_pages` and "
        "`items` out. Only the Open Referral export under `/api/hsds/` keeps the page "
        "shape the HSDS specification fixes. Date filters (`date_from`, `date_to`) take "
        "days from 2000-01-01 to 2099-12-31. Answers to a request with credentials carry "
        "`Cache-Control: no-store`. "
        "Every operation that creates a record accepts an optional `Idempotency-Key` "
        "header: a request sent again with the same key is answered as the first one "
        "was, and creates nothing new."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=UnicodeJSONRenderer(),
)


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
    return api.create_response(
        request,
        error_body(_("The request has invalid fields."), field_errors(exc.errors)),
        status=422,
    )


@api.exception_handler(DjangoValidationError)
def invalid_model(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, error_body(_("The request has invalid fields."), errors), status=422
    )


@api.exception_handler(RawPostDataException)
def not_json(request, exc):
    # A form or multipart body sent to an operation that reads JSON: the form parser
    # consumed the stream before the JSON reader could see it.
    return api.create_response(
        request,
        error_body(not_json_message()),
        status=415,
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = exc.message
    if exc.status_code == 403 and "CSRF" in str(message):
        message = _("The CSRF check failed: send the X-CSRFToken header with a session.")
    elif exc.status_code == 400 and "parse" in str(message):
        message = _("The request body is not valid JSON.")
    return api.create_response(request, error_body(message), status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request, exc):
    # Operators get the details in the log; the caller gets no stack trace.
    logger.exception("API error")
    return api.create_response(
        request,
        error_body(_("Something went wrong on our side. Nothing was changed.")),
        status=500,
    )
