"""Site-wide views: friendly error pages in the user's language (the API's as JSON)."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from himoya.core.forms import StyleguideSampleForm

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


def _error_page(request, status, title, message, *, with_request=True):
    """Our error page in the site's frame; without the request's context if told so.

    Without it (the 500 page) no context processor runs: no user, no session, no database,
    so the page renders even when those are what failed; it shows the visitors' frame.
    """
    if is_api_request(request):
        return _api_error(request, status, message)
    context = {"title": title, "message": message, "status": status}
    try:
        if with_request:
            body = render_to_string("core/error.html", context, request=request)
        else:
            context |= {"QUICK_EXIT_URL": settings.HIMOYA_QUICK_EXIT_URL}
            body = render_to_string("core/error.html", context)
    except Exception:  # the error page must never itself fail
        exit_url = escape(settings.HIMOYA_QUICK_EXIT_URL)
        body = (
            f"<!DOCTYPE html><title>{status}</title>"
            f'<a id="quick-exit" href="{exit_url}" rel="noreferrer">{_("Quick exit")}</a>'
            f"<h1>{title}</h1><p>{message}</p>"
        )
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
        with_request=False,
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


@login_required
@read_only_page
def styleguide(request):
    """The living style guide: every component with made-up content, for any signed-in user."""
    # Sample codes of year 0000, which no real client code has, so that staff never take
    # a sample for one of their clients.
    rows = [
        ("NM-0000-000123", _("open"), "green", _("high"), "Ҳисор", 3),
        ("NM-0000-000087", _("waiting"), "amber", _("medium"), "Қубодиён", 1),
        ("NM-0000-000042", _("closed"), "grey", _("low"), "Ҷайҳун", 0),
    ]
    context = {
        "form": StyleguideSampleForm.with_errors(),
        "page": Paginator(range(95), 10).page(2),
        "query": "",
        "sample_date": datetime.date(2026, 12, 4),
        "sample_rows": [
            dict(zip(("code", "status", "tone", "risk", "district", "actions"), row, strict=True))
            for row in rows
        ],
    }
    return render(request, "core/styleguide.html", context)
