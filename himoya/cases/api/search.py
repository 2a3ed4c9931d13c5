"""Case API: find a returning client's cases by name and birth year, or by phone.

A POST, so that a survivor's name or phone number never sits in a URL or an access
log. The answer holds the cases the caller may read (as the case list) and no
identifying data; every search is audited (himoya.cases.search).
"""

from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.access import require_case_role
from himoya.cases.api.case import LIST_FIELDS, CaseSummaryOut, summaries
from himoya.cases.api.common import READ_ERRORS, router
from himoya.cases.api.schemas import StrictIn, text
from himoya.cases.search import SEARCH_COLUMNS, search_cases
from himoya.clients.search import NAME_MAX, PHONE_MAX, checked_search, found_by
from himoya.core.paging import Page, PageQuery, page_answer

TAGS = ["cases"]


class ClientSearchIn(StrictIn, PageQuery):
    """A POST pages in its body (`page`, `per_page`), with the one page shape."""

    name: str = text(
        NAME_MAX,
        "",
        description=(
            "The client's name, with `birth_year`. Case, spaces, the order of the words, "
            "invisible characters and Latin letters that look like Cyrillic ones do not matter."
        ),
    )
    birth_year: int | None = Field(
        None, description="The client's year of birth (1900 to this year), with `name`."
    )
    phone: str = text(
        PHONE_MAX,
        "",
        description="A phone number, at least 7 digits; Tajik numbers match with or without +992.",
    )


class CaseSearchHitOut(CaseSummaryOut):
    found_by: list[str] = Field(
        description=(
            "How the client matched: `name_birth_year`, `name_no_birth_date` (the same name "
            "on a client whose date of birth was never recorded) or `phone`."
        )
    )


class CaseSearchPageOut(Page):
    items: list[CaseSearchHitOut]


def _columns(queryset):
    return summaries(queryset).only(*LIST_FIELDS, *SEARCH_COLUMNS)


@router.post(
    "/search",
    operation_id="himoya_cases_api_search_search_client_cases",
    response={200: CaseSearchPageOut, 400: dict, **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Find a returning client's cases",
)
def search_client_cases(request, payload: ClientSearchIn):
    """The cases you may read (a caseworker: assigned to you; a supervisor: all of the
    organisation's) of clients with this name and birth year, or this phone number,
    newest first. Found through blind indexes only; the search is audited, without the
    name or the phone. Terms that cannot be searched: 422 naming the field."""
    require_case_role(request.auth)
    search = checked_search(payload.name, payload.birth_year, payload.phone)
    result = search_cases(
        request,
        request.auth,
        search,
        columns=_columns,
        page=payload.page,
        per_page=payload.per_page,
    )
    for case in result.cases:
        case.found_by = found_by(case.client, search)
    return page_answer(result.cases, result.total, result.total_pages, payload)
