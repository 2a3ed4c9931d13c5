"""The call log's queries, shared by the pages and the API.

The list loads only clear, non-identifying columns: no encrypted field is read, so
nothing is decrypted and the number of queries does not depend on the page size.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from himoya.accounts.roles import held_roles, holds_role
from himoya.core import date_range
from himoya.core.roles import Role
from himoya.directory.models import Organisation
from himoya.hotline.access import call_logs, check_call_log
from himoya.hotline.models import Call
from himoya.hotline.signals import answers, call_referral_rows

# The days a period may name are those of every list filter (core/date_range.py): no
# call is older than its first day, EARLIEST_CALL.
# The statistics' longest period: three years (leap days included).
MAX_PERIOD_DAYS = 3 * 366

LIST_COLUMNS = (
    "id",
    "version",
    "organisation",
    "organisation__slug",
    "operator",
    "operator__username",
    "started_at",
    "duration_minutes",
    "caller_type",
    "sex",
    "age_group",
    "district",
    "district__slug",
    "district__name_tg",
    "district__name_ru",
    "district__name_en",
    "language",
    "topic",
    "forms_of_violence",
    "risk_flag",
    "actions",
    "callback_wanted",
    "client",
    "case",
)


def chosen_organisation(user, slug=None, *, write=False, stats=False):
    """The organisation whose call log `user` works on: the one named (outsider 404,
    wrong role 403) or the first of theirs (403 when they have none)."""
    if slug:
        organisation = Organisation.objects.filter(slug=str(slug)[:80]).first()
        if organisation is None:
            raise Http404
        check_call_log(user, organisation, write=write)
        if stats:
            check_statistics(user, organisation)
        return organisation
    organisations = my_organisation_list(user, write=write, stats=stats)
    if not organisations:
        raise PermissionDenied
    return organisations[0]


def my_organisation_list(user, *, write=False, stats=False) -> list[Organisation]:
    """The organisations whose log `user` may read (log calls in: write; see the
    statistics of: stats), by slug; no query beyond the request's first."""
    role = Role.HOTLINE_OPERATOR if write else Role.SUPERVISOR if stats else None
    roles = held_roles(user)
    return [o for o in call_logs(user) if role is None or roles.get(o.pk) == role]


def my_organisations(user, *, write=False, stats=False):
    """my_organisation_list as a queryset, for form fields and further filters."""
    ids = [o.pk for o in my_organisation_list(user, write=write, stats=stats)]
    return Organisation.objects.filter(pk__in=ids).order_by("slug")


def check_statistics(user, organisation) -> None:
    """Statistics are for the organisation's supervisors; operators see the log only."""
    check_call_log(user, organisation)
    if not holds_role(user, organisation, [Role.SUPERVISOR]):
        raise PermissionDenied


def period_errors(date_from, date_to, *, max_days=None) -> dict[str, str]:
    """What is wrong with a period, by field (empty when nothing): the filters and the
    statistics, pages and API, refuse bad days with these words before any query."""
    return date_range.range_errors(
        date_from,
        date_to,
        max_days=max_days,
        max_days_message=_("Choose a period of at most three years."),
    )


def in_period(calls, date_from=None, date_to=None):
    """Calls started on or after `date_from` and on or before `date_to` (local days)."""
    return date_range.in_range(calls, "started_at", date_from, date_to)


def filtered_calls(organisation, filters: dict):
    """`organisation`'s calls narrowed by the cleaned filters, newest first."""
    calls = in_period(
        Call.objects.filter(organisation=organisation),
        filters.get("date_from"),
        filters.get("date_to"),
    )
    for name in ("topic", "caller_type", "district"):
        if filters.get(name):
            calls = calls.filter(**{name: filters[name]})
    for name, field in (("risk", "risk_flag"), ("callback", "callback_wanted")):
        value = filters.get(name)
        if value in ("yes", "no", True, False):
            # `__in` makes SQLite compare the column (`IN (1)`) and use the
            # (organisation, risk_flag, started_at) index; a bare `= true` it does not.
            calls = calls.filter(**{f"{field}__in": [value in ("yes", True)]})
    return calls.order_by("-started_at", "-id")


# What a row of the call log page shows.
PAGE_COLUMNS = (
    "id",
    "operator",
    "started_at",
    "duration_minutes",
    "caller_type",
    "topic",
    "district",
    "district__name_tg",
    "district__name_ru",
    "district__name_en",
    "risk_flag",
    "callback_wanted",
    "actions",
    "case",
)


def rows_of_page(ids):
    """The call log page's rows for a page of ids (core.paging.list_page_by_id)."""
    calls = Call.objects.filter(pk__in=ids).select_related("district")
    return calls.only(*PAGE_COLUMNS)


def list_rows(calls):
    """`calls` narrowed to the list's clear columns, in one query with its joins."""
    return calls.select_related("organisation", "operator", "district").only(*LIST_COLUMNS)


def call_referrals(call) -> list:
    """The referrals made from the call, as the sender sees them: status and dates, each
    with the link to its page (the referrals app answers signals.call_referral_rows)."""
    return answers(call_referral_rows, call=call)
