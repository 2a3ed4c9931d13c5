"""Finding a returning client's cases, for the search page and the API alike.

The clients app matches clients by blind index (himoya.clients.search); this module
keeps the answer to the cases the user may see, as the case list does (a caseworker:
the cases assigned to them; a supervisor: the organisation's), and audits every search:
that it happened, what it was by, a keyed fingerprint of the terms and how many cases it
found, never the name or the phone themselves.
"""

from dataclasses import dataclass

from django.db.models import Count

from himoya.accounts.roles import organisations_where
from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.cases.access import cases_visible_to
from himoya.clients.search import ClientSearch, matching_clients
from himoya.core.paging import paginate
from himoya.core.roles import Role
from himoya.directory.models import Organisation

# Columns a caller's only() adds to its list columns: the case's organisation (for the
# audit) and the client's index columns (to say how each case was found). Clear hashes,
# never an encrypted field.
SEARCH_COLUMNS = (
    "organisation",
    "client__organisation",
    "client__name_year_index",
    "client__name_index",
    "client__phone_index",
)
# The audit entry lists the ids of at most this many cases it showed.
AUDITED_IDS = 100


@dataclass
class SearchResult:
    cases: list
    total: int
    total_pages: int


def search_cases(
    request, user, search: ClientSearch, *, columns, page=1, per_page=25
) -> SearchResult:
    """The page of matching cases `user` may read, newest first, loaded by
    `columns(queryset)` (which must include SEARCH_COLUMNS), and the totals; audited."""
    organisation_ids = organisations_where(user, (Role.CASEWORKER, Role.SUPERVISOR))
    matches = cases_visible_to(user).filter(
        client__in=matching_clients(search, organisation_ids).values("pk")
    )
    ordered = columns(matches).order_by("-opened_at", "-pk")
    cases, total, total_pages = paginate(ordered, page, per_page)
    if len(organisation_ids) == 1:
        counts = {organisation_ids[0]: total}
    else:
        found = matches.order_by().values_list("organisation_id").annotate(found=Count("pk"))
        counts = dict(found)
    _audit(request, search, organisation_ids, counts, cases)
    return SearchResult(cases=cases, total=total, total_pages=total_pages)


def _audit(request, search: ClientSearch, organisation_ids, counts, cases) -> None:
    """One entry per organisation searched, in that organisation's log."""
    via = "api" if request.path.startswith("/api/") else "web"
    for organisation in Organisation.objects.filter(pk__in=organisation_ids).order_by("pk"):
        shown = [case.pk for case in cases if case.organisation_id == organisation.pk]
        record(
            AuditAction.RECORD_READ,
            request=request,
            organisation=organisation,
            object_type="clients.client",
            detail={
                "what": "client_search",
                "by": search.kinds,
                "terms": search.fingerprint(organisation.pk),
                "results": counts.get(organisation.pk, 0),
                "cases": shown[:AUDITED_IDS],
                "via": via,
            },
        )
