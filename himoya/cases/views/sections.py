"""What the section pages of a case share: fetching through the access helper, refusing
writes to a closed case, and rendering a section with the case header.

Every section view fetches the case with section_case() / section_record(), which call
himoya.cases.access (outsider 404, wrong role 403). A write to a closed case raises
CaseClosedError there or in the service (under the row lock); @refuse_closed turns it
into a page that says why, with status 409 and nothing written.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from himoya.cases.access import CaseClosedError, get_case_for_user, get_case_record_for_user

SECTIONS = (
    ("risk", _("Risk")),
    ("safety_plan", _("Safety plan")),
    ("plan", _("Case plan")),
    ("services", _("Services")),
    ("followups", _("Follow-ups")),
    ("notes", _("Notes")),
    ("attachments", _("Attachments")),
)


def section_case(request, case_id, *, write=False, approve=False):
    return get_case_for_user(request.user, case_id, write=write, approve=approve)


def section_record(request, case_id, model, record_id, *, write=False):
    """A record of this case (not of another case whose id was put in the URL)."""
    record, case = get_case_record_for_user(request.user, model, record_id, write=write)
    if case.pk != int(case_id):
        raise Http404
    return record, case


def case_page_url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def render_section(request, case, section: str, template: str, context: dict, status=200):
    tabs = [
        {
            "name": name,
            "label": label,
            "url": reverse(f"cases:{name}", args=[case.pk]),
            "current": name == section,
        }
        for name, label in SECTIONS
    ]
    base = {"case": case, "section": section, "tabs": tabs, "case_url": case_page_url(case)}
    response = render(request, template, {**base, **context}, status=status)
    # Case data must not linger in shared or browser caches.
    response["Cache-Control"] = "no-store"
    return response


def refuse_closed(view):
    """Login required; a CaseClosedError becomes a clear 409 page, nothing written."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, case_id, *args, **kwargs):
        try:
            return view(request, case_id, *args, **kwargs)
        except CaseClosedError as closed:
            case = get_case_for_user(request.user, case_id)
            return render_section(
                request,
                case,
                "",
                "cases/section_closed.html",
                {"message": str(closed)},
                status=409,
            )

    return wrapper
