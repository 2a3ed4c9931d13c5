"""My work: what is overdue or due soon, and what waits for my approval."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from himoya.accounts.roles import organisations_where
from himoya.cases.access import require_case_role
from himoya.cases.work import work_querysets
from himoya.core.roles import Role

ITEMS_SHOWN = 50
# Only clear columns and the client code: this page decrypts nothing.
CASE_COLUMNS = ("case__id", "case__client__code")


@never_cache
@login_required
def my_work(request):
    require_case_role(request.user)
    lists = work_querysets(request.user)
    counts = {name: queryset.count() for name, queryset in lists.items()}
    rows = {
        "overdue_follow_ups": lists["overdue_follow_ups"]
        .select_related("case__client")
        .only("id", "due_date", "case", *CASE_COLUMNS, "case__client"),
        "actions_due": lists["actions_due"]
        .select_related("case__client")
        .only("id", "due_date", "status", "case", *CASE_COLUMNS, "case__client"),
        "closures_waiting": lists["closures_waiting"]
        .select_related("case__client", "requested_by")
        .only(
            "id",
            "reason",
            "requested_at",
            "case",
            *CASE_COLUMNS,
            "case__client",
            "requested_by__username",
        ),
        "plans_waiting": lists["plans_waiting"]
        .select_related("case__client")
        .only("id", "case", *CASE_COLUMNS, "case__client"),
    }
    context = {
        "supervises": bool(organisations_where(request.user, [Role.SUPERVISOR])),
        "counts": counts,
        "rows": {name: list(queryset[:ITEMS_SHOWN]) for name, queryset in rows.items()},
        "today": timezone.localdate(),
    }
    return render(request, "cases/my_work.html", context)
