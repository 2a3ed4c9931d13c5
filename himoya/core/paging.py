"""The one page shape of every API list (HSDS keeps the one its specification fixes).

`?page=` (1 to MAX_PAGE) and `?per_page=` (1 to MAX_PER_PAGE) in, and
`{count, page, per_page, total_pages, items}` out. A list that adds filters subclasses
PageQuery; none declares its own page fields, so no list can page differently again.
"""

import math

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
    items, total, total_pages = paginate(queryset, query.page, query.per_page)
    return {
        "count": total,
        "page": query.page,
        "per_page": query.per_page,
        "total_pages": total_pages,
        "items": items,
    }
