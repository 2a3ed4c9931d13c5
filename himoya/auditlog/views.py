"""Audit log pages: the whole platform for the superuser, one organisation for its
admins and supervisors. Read-only: nothing here writes.

Each row says who, what, which record (a label in people's words with a link where the
reader may open it: himoya.auditlog.labels, filled by the apps that own the records),
when and from where. The labels of a page cost one or two queries per record type on
it, whatever the page size."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from himoya.auditlog.access import get_audit_entries_for_user, sees_case_activity
from himoya.auditlog.forms import DEFAULT_PAGE_SIZE, AuditFilterForm
from himoya.auditlog.labels import label_entries
from himoya.core.paging import BadPage, list_page


def _render_log(request, organisation, entries):
    form = AuditFilterForm(request.GET or None)
    status = 200
    per_page = DEFAULT_PAGE_SIZE
    if form.is_bound and not form.is_valid():
        # Bad filters: say what is wrong and list nothing rather than guess.
        entries = entries.none()
        status = 400
    elif form.is_bound:
        entries = form.apply(entries)
        per_page = form.cleaned_data["per_page"]
    # Newest first; one COUNT and one page query whatever the page size. A ?page= that
    # is not a page is a 400 with a message, as on every list (core.paging).
    page_error = ""
    try:
        page = list_page(entries.order_by("-id"), request.GET.get("page"), per_page)
    except BadPage as error:
        page, page_error, status = None, str(error), 400
    if page is not None:
        page.object_list = list(page.object_list)
        label_entries(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "page_error": page_error,
            "filter_query": query.urlencode(),
            "filtered": form.is_bound and any(
                request.GET.get(name) for name in ("action", "user", "date_from", "date_to")
            ),
            "case_activity": sees_case_activity(request.user, organisation),
        },
        status=status,
    )


@login_required
def log(request):
    organisation, entries = get_audit_entries_for_user(request.user)
    return _render_log(request, organisation, entries)


@login_required
def organisation_log(request, slug):
    organisation, entries = get_audit_entries_for_user(request.user, slug)
    return _render_log(request, organisation, entries)
