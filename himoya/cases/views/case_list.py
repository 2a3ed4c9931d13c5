"""The case list with filters, and the look-up by client code.

The list shows only clear, non-identifying columns: no encrypted field is loaded,
so nothing is decrypted and the query count does not depend on the page size.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from himoya.accounts.models import User
from himoya.cases.access import case_organisations, cases_visible_to, require_case_role
from himoya.cases.forms.case_list import NOT_CLOSED, CaseFilterForm
from himoya.cases.forms.search import ClientSearchForm
from himoya.cases.models import Case, CaseStatus, CaseStep, Priority, RiskLevel
from himoya.core.paging import COUNT_CAP, BadPage, list_page, list_page_by_id
from himoya.core.roles import Role
from himoya.geo.choices import district_choices

PAGE_SIZE = 25
LIST_COLUMNS = (
    "id",
    "status",
    "priority",
    "risk_level",
    "step",
    "opened_at",
    "next_due",
    "client",
    "client__code",
    "caseworker",
    "caseworker__username",
    "caseworker__first_name",
    "caseworker__last_name",
    "district",
    "district__name_tg",
    "district__name_ru",
    "district__name_en",
)


def list_rows(queryset):
    """`queryset` narrowed to the list's clear columns, in one query with its joins."""
    return queryset.select_related("client", "caseworker", "district").only(*LIST_COLUMNS)


def rows_of_page(ids):
    """The case list page's rows for a page of ids (core.paging.list_page_by_id)."""
    return list_rows(Case.objects.filter(pk__in=ids))


def _caseworkers(user) -> list[tuple[int, str]]:
    """(id, name) of the caseworkers in the user's organisations, without model objects.

    Former caseworkers too (not accounts.roles.members_holding, which is for choosing
    someone now): their cases still carry their name and the list filters by it.
    """
    rows = (
        User.objects.filter(
            memberships__organisation__in=case_organisations(user),
            memberships__role=Role.CASEWORKER,
        )
        .distinct()
        .order_by("username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in rows]


def _filtered(user, data):
    form = CaseFilterForm(data, caseworkers=_caseworkers(user))
    if not form.is_valid():
        return form, None
    cases = cases_visible_to(user)
    filters = form.cleaned_data
    if filters["status"] == NOT_CLOSED:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif filters["status"]:
        cases = cases.filter(status=filters["status"])
    if filters["risk"]:
        cases = cases.filter(risk_level=filters["risk"])
    if filters["caseworker"]:
        cases = cases.filter(caseworker_id=filters["caseworker"])
    if filters["district"]:
        cases = cases.filter(district=filters["district"])
    if filters["overdue"]:
        # Most overdue first: the (organisation, next_due) index serves filter and order.
        cases = (
            cases.filter(next_due__lt=timezone.localdate())
            .exclude(status=CaseStatus.CLOSED)
            .order_by("next_due", "pk")
        )
    return form, cases


def filter_fields(form) -> list[dict]:
    """The filter selects as plain data: rendered by a simple loop in the template,
    which is several times faster than Django's per-option widget templates."""
    fields = []
    for bound in form:
        current = bound.value()
        current = "" if current is None else str(current)
        if bound.name == "district":
            options = [("", str(bound.field.empty_label)), *district_choices()]
        else:
            options = [(str(value), str(label)) for value, label in bound.field.choices]
        fields.append(
            {
                "name": bound.name,
                "id": bound.auto_id,
                "label": bound.label,
                "errors": bound.errors,
                "options": _options_html(options, current),
            }
        )
    return fields


def _options_html(options, current: str):
    """<option>s, and an <optgroup> for a (group name, [(value, label), ...]) pair."""
    html = []
    for value, label in options:
        if isinstance(label, list | tuple):
            html.append(
                format_html(
                    '<optgroup label="{}">{}</optgroup>', value, _options_html(label, current)
                )
            )
        else:
            selected = mark_safe(" selected") if str(value) == current else ""
            html.append(format_html('<option value="{}"{}>{}</option>', value, selected, label))
    return format_html_join("", "{}", ((part,) for part in html))


def _labels() -> dict:
    """Each choice label translated once per page, not once per row."""
    return {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("status", CaseStatus.choices),
            ("priority", Priority.choices),
            ("risk", RiskLevel.choices),
            ("step", CaseStep.choices),
        )
    }


# The colour of the risk level's tag in the list (core/components: tag--red, …).
RISK_TONES = {RiskLevel.HIGH: "red", RiskLevel.MEDIUM: "amber", RiskLevel.LOW: "green"}


def table_rows(page, today) -> list[dict]:
    labels = _labels()
    rows = []
    for case in page or ():
        worker = case.caseworker
        rows.append(
            {
                "pk": case.pk,
                "code": case.client.code,
                "status": labels["status"].get(case.status, case.status),
                "priority": labels["priority"].get(case.priority, case.priority),
                "risk": labels["risk"].get(case.risk_level, case.risk_level),
                "risk_tone": RISK_TONES.get(case.risk_level, "grey"),
                "step": labels["step"].get(case.step, case.step),
                "caseworker": (worker.get_full_name() or worker.username) if worker else "",
                "district": case.district.name if case.district else "",
                "opened": case.opened_at,
                "next_due": case.next_due,
                "overdue": bool(
                    case.next_due and case.next_due < today and case.status != CaseStatus.CLOSED
                ),
            }
        )
    return rows


def _render(request, form, page=None, status=200, error=""):
    query = request.GET.copy()
    query.pop("page", None)
    today = timezone.localdate()
    return render(
        request,
        "cases/case_list.html",
        {
            "filters": filter_fields(form),
            "rows": table_rows(page, today),
            "page": page,
            "query": query.urlencode(),
            "error": error,
            "can_open": case_organisations(request.user).exists(),
            "search_form": ClientSearchForm(),
        },
        status=status,
    )


@never_cache
@login_required
def case_list(request):
    require_case_role(request.user)
    if "code" in request.GET:
        return lookup(request)
    form, cases = _filtered(request.user, request.GET)
    if cases is None:
        return _render(request, form, status=400, error=_("Check the filters below."))
    try:
        page = list_page_by_id(
            cases, rows_of_page, request.GET.get("page"), PAGE_SIZE, cap=COUNT_CAP
        )
    except BadPage as error:
        return _render(request, form, status=400, error=str(error))
    return _render(request, form, page)


@never_cache
@login_required
def lookup(request):
    require_case_role(request.user)
    """Exact client code: one case goes straight to it; several are listed."""
    code = request.GET.get("code", "").strip().upper()
    form = CaseFilterForm(caseworkers=_caseworkers(request.user))
    if not code or len(code) > 24:
        return _render(request, form, status=400, error=_("Type a client code."))
    # Ordered by pk so the unique client code index drives the query; the default
    # newest-first order made SQLite walk the whole organisation's cases.
    matches = cases_visible_to(request.user).filter(client__code=code).order_by("-pk")
    cases = list(list_rows(matches)[:PAGE_SIZE])
    if len(cases) == 1:
        return redirect("cases:detail", case_id=cases[0].pk)
    if not cases:
        messages.warning(
            request, _("No case found with the client code %(code)s.") % {"code": code}
        )
        return redirect("cases:list")
    return _render(request, form, list_page(cases, 1, PAGE_SIZE))
