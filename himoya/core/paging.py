"""Paging, one implementation for every list: the API's page shape and the pages' ?page=.

The API: the one page shape of every list (HSDS keeps the one its specification fixes).

`?page=` (1 to MAX_PAGE) and `?per_page=` (1 to MAX_PER_PAGE) in, and
`{count, page, per_page, total_pages, items}` out. A list that adds filters subclasses
PageQuery; none declares its own page fields, so no list can page differently again.
"""

import math

from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

# No list has this many pages; a larger number would overflow the databases' integers
# in LIMIT/OFFSET (9223372036854775807 did). The pages' ?page= has the same bound.
MAX_PAGE = 100_000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


def paginate(queryset, page: int, per_page: int):
    """One page of `queryset` and the totals: (items, total_items, total_pages)."""
    total = queryset.count()
    start = (page - 1) * per_page
    items = list(queryset[start : start + per_page]) if start < total else []
    return items, total, max(1, math.ceil(total / per_page))


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"Page number, 1 to {MAX_PAGE}.")
    per_page: int = Field(
        DEFAULT_PER_PAGE,
        ge=1,
        le=MAX_PER_PAGE,
        description=f"Items per page, 1 to {MAX_PER_PAGE}.",
    )


class Page(Schema):
    count: int = Field(description="Items matching the filters, on every page.")
    page: int
    per_page: int
    total_pages: int


def page_of(queryset, query: PageQuery) -> dict:
    """The page `query` asks for, in the shape of Page (plus its `items`)."""
    return page_answer(*paginate(queryset, query.page, query.per_page), query)


def page_answer(items, total: int, total_pages: int, query: PageQuery) -> dict:
    """A page that paginate() cut (with work of its own around it, as the case search
    audits what it found), in the shape of Page."""
    return {
        "count": total,
        "page": query.page,
        "per_page": query.per_page,
        "total_pages": total_pages,
        "items": items,
    }


# The pages (server-rendered lists): ?page= from 1 to MAX_PAGE, or BadPage, which the
# view answers with 400 and a message; never a page past the end shown as the last.


class BadPage(Exception):
    """A ?page= value that is not a page of the list."""


# Lists count their rows up to this many and then say "more than": an exact count of a
# 200,000-call log cost PostgreSQL more than the rest of the page.
COUNT_CAP = 10_000


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


def list_page(items, number, per_page: int, count: int | None = None, cap: int | None = None):
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


def list_page_by_id(queryset, rows_of, number, per_page: int, cap: int | None = None):
    """list_page(), with the page's ids picked from an index alone and then only those
    rows read by `rows_of(ids)` (the columns and joins the page shows), kept in list
    order. An offset over whole joined rows reads every row it skips: page 100 of a
    large list read 2,500 of them."""
    page = list_page(queryset.values_list("pk", flat=True), number, per_page, cap=cap)
    ids = list(page.object_list)
    by_id = {row.pk: row for row in rows_of(ids)}
    # A row deleted between the two queries is left out, not an error.
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def page_of_ids(queryset, ids: list, query: PageQuery) -> dict:
    """The page `query` asks for of `ids` (a list already in its order, e.g. by name),
    its rows loaded from `queryset`, in the shape of Page."""
    total = len(ids)
    start = (query.page - 1) * query.per_page
    shown = ids[start : start + query.per_page] if start < total else []
    loaded = queryset.in_bulk(shown)
    items = [loaded[pk] for pk in shown if pk in loaded]
    return page_answer(items, total, max(1, math.ceil(total / query.per_page)), query)
