"""The search for a returning client's cases (the form is also on the case list).

The terms come by POST, so a survivor's name or phone number never sits in a URL, the
browser's history or a server's access log.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from himoya.accounts.roles import holds_any
from himoya.cases.access import require_case_role
from himoya.cases.forms.search import ClientSearchForm
from himoya.cases.search import SEARCH_COLUMNS, search_cases
from himoya.cases.views.case_list import LIST_COLUMNS, PAGE_SIZE, list_rows, table_rows
from himoya.clients.search import FoundBy, found_by
from himoya.core.roles import Role

FOUND_BY_LABELS = {
    FoundBy.NAME_YEAR: _("name and birth year"),
    FoundBy.NAME_NO_BIRTH_DATE: _("name (no date of birth on record)"),
    FoundBy.PHONE: _("phone"),
}


def _columns(queryset):
    return list_rows(queryset).only(*LIST_COLUMNS, *SEARCH_COLUMNS)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_search(request):
    """GET: the empty form. POST: the matching cases the user may see, or why not."""
    require_case_role(request.user)
    context = {"supervisor": holds_any(request.user, (Role.SUPERVISOR,))}
    if request.method != "POST":
        return render(
            request, "cases/case_search.html", {**context, "search_form": ClientSearchForm()}
        )
    form = ClientSearchForm(request.POST)
    if not form.is_valid():
        return render(
            request, "cases/case_search.html", {**context, "search_form": form}, status=400
        )
    result = search_cases(request, request.user, form.search, columns=_columns, per_page=PAGE_SIZE)
    rows = table_rows(result.cases, timezone.localdate())
    for row, case in zip(rows, result.cases, strict=True):
        reasons = found_by(case.client, form.search)
        row["found_by"] = ", ".join(str(FOUND_BY_LABELS[reason]) for reason in reasons)
    return render(
        request,
        "cases/case_search.html",
        {**context, "search_form": form, "searched": True, "rows": rows, "total": result.total},
    )
