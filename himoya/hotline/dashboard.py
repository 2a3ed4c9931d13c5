"""The call counts on the dashboard of hotline operators and supervisors.

One aggregate query over the user's call logs, whatever the number of calls.
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from himoya.accounts.roles import held_roles
from himoya.core.roles import Role
from himoya.hotline.access import CALL_ROLES, call_logs
from himoya.hotline.models import Call


def week_start(now=None) -> datetime.datetime:
    """Monday 00:00 of this week, in the site's time zone."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - datetime.timedelta(days=today.weekday())


def call_counts(user) -> dict | None:
    """Today's calls, this week's, this week's risk-flagged ones and call-backs wanted
    this week; None for a user who sees no call log. `can_log`: she is an operator."""
    if not getattr(user, "is_authenticated", False):
        return None
    roles = held_roles(user)
    memberships = [(o.pk, roles[o.pk]) for o in call_logs(user) if roles.get(o.pk) in CALL_ROLES]
    if not memberships:
        return None
    now = timezone.localtime()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    counts = Call.objects.filter(
        organisation_id__in={organisation for organisation, _role in memberships},
        started_at__gte=week_start(now),
    ).aggregate(
        today=Count("pk", filter=Q(started_at__gte=today)),
        this_week=Count("pk"),
        risk_this_week=Count("pk", filter=Q(risk_flag=True)),
        callbacks_wanted=Count("pk", filter=Q(callback_wanted=True)),
    )
    counts["can_log"] = any(role == Role.HOTLINE_OPERATOR for _org, role in memberships)
    return counts
