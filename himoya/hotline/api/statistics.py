"""Hotline API: the call statistics of a period (the organisation's supervisors)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Query

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import READ_ERRORS
from himoya.hotline.api.common import router
from himoya.hotline.api.schemas import StatsOut, StatsQuery
from himoya.hotline.queries import MAX_PERIOD_DAYS, chosen_organisation, period_errors
from himoya.hotline.stats import call_statistics


def _counts(rows) -> list[dict]:
    return [{"value": str(value), "label": str(label), "count": n} for value, label, n in rows]


@router.get(
    "/stats",
    response={200: StatsOut, **READ_ERRORS},
    auth=AUTH,
    summary="Call statistics",
    # The published id, from when the operation lived in hotline/api_actions.py.
    operation_id="himoya_hotline_api_actions_stats",
)
def stats(request, query: Query[StatsQuery]):
    """Counts for a period (default: this month) of one organisation's calls: by topic,
    caller, sex, age group, district and language; risk flags, actions, call-backs,
    average and median duration, and the referrals made from calls by status.
    Supervisors only: operators get 403."""
    organisation = chosen_organisation(request.auth, query.organisation, stats=True)
    today = timezone.localdate()
    date_from = query.date_from or today.replace(day=1)
    date_to = query.date_to or today
    errors = period_errors(date_from, date_to, max_days=MAX_PERIOD_DAYS)
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    result = call_statistics(organisation, date_from, date_to)
    return {
        "organisation": organisation.slug,
        "date_from": date_from,
        "date_to": date_to,
        "total": result.total,
        "risk_flagged": result.risk_flagged,
        "callbacks_wanted": result.callbacks_wanted,
        "average_minutes": result.average_minutes,
        "median_minutes": result.median_minutes,
        **{f"by_{name}": _counts(rows) for name, rows in result.breakdowns.items()},
        "by_district": _counts(result.districts),
        "forms_of_violence": _counts(result.listed["forms_of_violence"]),
        "actions": _counts(result.listed["actions"]),
        "referrals_total": result.referrals_total,
        "referrals_by_status": _counts(result.referrals),
    }
