"""Small pieces every case page shares: closed-case refusal, error copying, paging."""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.shortcuts import render
from django.utils.translation import gettext as _

from himoya.cases.access import CaseClosedError, case_organisations
from himoya.core import paging


def require_case_role(user) -> None:
    """Case pages are for caseworkers and supervisors; other members get 403."""
    if not case_organisations(user).exists():
        raise PermissionDenied


class BadPage(Exception):
    """A ?page= value that is not a page of the list."""


def refuse_closed_case(view):
    """Answer a write to a closed case with a clear message and 409 Conflict."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CaseClosedError as error:
            return render(
                request,
                "cases/case_closed.html",
                {"message": str(error), "case_id": kwargs.get("case_id")},
                status=409,
            )

    return wrapper


def copy_errors(form, error: ValidationError) -> None:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


# Lists count their rows up to this many and then say "more than": an exact count of a
# 200,000-call log cost PostgreSQL more than the rest of the page.
COUNT_CAP = 10_000
# No list has more pages (the API caps its `page` the same way: one bound).
MAX_PAGE = paging.MAX_PAGE


def page_number(number) -> int:
    """The ?page= value as a number from 1 to MAX_PAGE, or BadPage."""
    try:
        value = int(number or 1)
    except (TypeError, ValueError):
        raise BadPage(_("There is no such page.")) from None
    if not 1 <= value <= MAX_PAGE:
        raise BadPage(_("There is no such page."))
    return value


def capped_count(queryset, limit: int) -> int:
    """The number of rows, counted no further than limit + 1 (one past: "more")."""
    return queryset.order_by()[: limit + 1].count()


def capped_counts(querysets: dict, limit: int) -> dict:
    """capped_count of each queryset, all in one statement: a list's per-status
    counts cost one round trip instead of one each."""
    parts, params = [], []
    for queryset in querysets.values():
        sql, part_params = queryset.order_by().values("pk")[: limit + 1].query.sql_with_params()
        # Django compiled `sql`; every value in it is a parameter, passed separately.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")  # noqa: S608
        params.extend(part_params)
    with connections[next(iter(querysets.values())).db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


def paginate(items, number, per_page: int, count: int | None = None, cap: int | None = None):
    """The requested page; a value that is not a page raises BadPage (the view says 400).

    `count`, when the caller already knows it, saves counting a large list twice. With
    `cap`, an unknown count stops at max(cap, the rows up to this page); the page then
    has `capped` set, and `count_at_least`/`pages_at_least` for "more than" wording.
    """
    number = page_number(number)
    paginator = Paginator(items, per_page)
    capped = False
    if count is None and cap is not None:
        limit = max(cap, number * per_page)
        count = capped_count(items, limit)
        capped = count > limit
    if count is not None:
        paginator.count = count
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise BadPage(_("There is no such page.")) from None
    page.capped = capped
    if capped:
        page.count_at_least = count - 1
        page.pages_at_least = (count - 1) // per_page
    return page


def paginate_by_id(queryset, rows_of, number, per_page: int, cap: int | None = None):
    """paginate(), with the page's ids picked from an index alone and then only those
    rows read by `rows_of(ids)` (the columns and joins the page shows), kept in list
    order. An offset over whole joined rows reads every row it skips: page 100 of a
    large list read 2,500 of them."""
    page = paginate(queryset.values_list("pk", flat=True), number, per_page, cap=cap)
    ids = list(page.object_list)
    by_id = {row.pk: row for row in rows_of(ids)}
    # A row deleted between the two queries is left out, not an error.
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page
