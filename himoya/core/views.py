"""Site-wide views: friendly error pages in the user's language (the API's as JSON)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

TOO_LARGE_MESSAGE = _("The request is too large. Send less data at once.")


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(request, status, message):
    """The API's JSON error shape, for errors raised before an API view runs."""
    # Imported here: core.api imports this module (TOO_LARGE_MESSAGE).
    from himoya.core.api import json_error, requested_language

    language = requested_language(request) or settings.LANGUAGE_CODE
    with translation.override(language):
        response = json_error(status, message)
    response["Content-Language"] = language
    return response


def _error_page(request, status, title, message):
    if is_api_request(request):
        return _api_error(request, status, message)
    try:
        body = render_to_string(
            "core/error.html",
            {"title": title, "message": message, "status": status},
            request=request,
        )
    except Exception:  # the error page must never itself fail
        body = f"<!DOCTYPE html><title>{status}</title><h1>{title}</h1><p>{message}</p>"
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return _error_page(request, 413, _("Too large"), TOO_LARGE_MESSAGE)
    return _error_page(request, 400, _("Bad request"), _("The request could not be understood."))


def forbidden(request, exception=None):
    return _error_page(
        request, 403, _("Not allowed"), _("Your role does not allow you to open this page.")
    )


def not_found(request, exception=None):
    return _error_page(request, 404, _("Page not found"), _("There is nothing at this address."))


def server_error(request):
    return _error_page(
        request,
        500,
        _("Something went wrong"),
        _("Something went wrong on our side. Nothing was changed. Please try again."),
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: our page (or the API's JSON), in the user's language."""
    if is_api_request(request):
        return _api_error(
            request,
            403,
            _("The CSRF check failed: send the X-CSRFToken header with a session."),
        )
    return _error_page(
        request,
        403,
        _("This form has expired"),
        _(
            "The form was open too long or did not come from this site. Go back, reload the "
            "page and send it again."
        ),
    )


def method_not_allowed(request, allowed=""):
    """405 as our page: Django's HttpResponseNotAllowed has an empty body."""
    response = _error_page(
        request,
        405,
        _("Not possible here"),
        _("This page cannot take that kind of request. Open it from a link instead."),
    )
    if allowed:
        response["Allow"] = allowed
    return response


def read_only_page(view):
    """A page that only reads: GET and HEAD; any other method is our 405 page.

    CSRF-exempt because it never acts on a form: otherwise a stray POST would meet the
    CSRF refusal (403) instead of the plain "not here" answer.
    """
    return csrf_exempt(require_safe(view))
