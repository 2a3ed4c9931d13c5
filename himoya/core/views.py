"""Site-wide views: health check and friendly error pages in the user's language."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


TOO_LARGE_MESSAGE = _("The request is too large. Send less data at once.")


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(request, status, message):
    """The API's JSON error shape, for errors raised before an API view runs."""
    from himoya.core.api import json_error, requested_language  # the API imports the apps

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
