"""The hotline panel of the "My work" dashboard (core.registry, accounts.views.dashboard).

For each call log the user may see: calls today, calls this week, risk-flagged calls
this week and call-backs wanted this week. Each tile links to the call log filtered to
exactly what it counts. An operator's call-back tile counts only her own calls, as the
log shows her (a colleague's call-back is outside her handover view, and the log
narrows a call-back filter to her own calls: hotline.access.narrowed_to_own).
One aggregate query over the user's call logs, whatever the number of calls.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.accounts.roles import held_roles
from himoya.core.date_range import day_start
from himoya.core.registry import Link, Panel, Tile
from himoya.core.roles import Role
from himoya.hotline.access import CALL_ROLES, call_logs
from himoya.hotline.models import Call
from himoya.hotline.queries import in_period


def week_start(now=None) -> datetime.datetime:
    """Monday 00:00 of this week, in the site's time zone."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - datetime.timedelta(days=today.weekday())


def call_counts(user) -> dict[int, dict] | None:
    """{organisation id: counts} of the call logs `user` sees: `today`, `this_week`,
    `risk_this_week`, `callbacks_wanted` (this week; an operator's own calls only);
    None for a user who sees no call log."""
    if not getattr(user, "is_authenticated", False):
        return None
    roles = held_roles(user)
    logs = [o for o in call_logs(user) if roles.get(o.pk) in CALL_ROLES]
    if not logs:
        return None
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    operated = [o.pk for o in logs if roles[o.pk] == Role.HOTLINE_OPERATOR]
    # A call-back is counted where the user may see it: any call of a log she
    # supervises, her own call of a log she operates.
    callback_seen = ~Q(organisation_id__in=operated) | Q(operator=user)
    rows = (
        in_period(Call.objects.filter(organisation__in=logs), monday)
        .values("organisation_id")
        .annotate(
            today=Count(
                "pk",
                filter=Q(
                    started_at__gte=day_start(today),
                    started_at__lt=day_start(today + datetime.timedelta(days=1)),
                ),
            ),
            this_week=Count("pk"),
            risk_this_week=Count("pk", filter=Q(risk_flag=True)),
            callbacks_wanted=Count("pk", filter=Q(callback_wanted=True) & callback_seen),
        )
        .order_by()
    )
    empty = {"today": 0, "this_week": 0, "risk_this_week": 0, "callbacks_wanted": 0}
    counts = {o.pk: dict(empty) for o in logs}
    for row in rows:
        counts[row.pop("organisation_id")].update(row)
    return counts


def _log_url(organisation, **filters) -> str:
    query = {"organisation": organisation.slug}
    query.update({name: str(value) for name, value in filters.items()})
    return f"{reverse('hotline:log')}?{urlencode(query)}"


def call_panel(user) -> Panel | None:
    counts = call_counts(user)
    if counts is None:
        return None
    roles = held_roles(user)
    logs = [o for o in call_logs(user) if o.pk in counts]
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    several = len(logs) > 1
    tiles = []
    for organisation in logs:
        numbers = counts[organisation.pk]
        hint = organisation.name if several else ""
        operator = roles[organisation.pk] == Role.HOTLINE_OPERATOR
        week = {"date_from": monday}
        tiles += [
            Tile(
                f"today:{organisation.slug}",
                numbers["today"],
                _("Calls today"),
                _log_url(organisation, date_from=today, date_to=today),
                hint=hint,
            ),
            Tile(
                f"this_week:{organisation.slug}",
                numbers["this_week"],
                _("Calls this week"),
                _log_url(organisation, **week),
                hint=hint,
            ),
            Tile(
                f"risk_this_week:{organisation.slug}",
                numbers["risk_this_week"],
                _("At risk, this week"),
                _log_url(organisation, **week, risk="yes"),
                hint=hint,
                tone="red" if numbers["risk_this_week"] else "",
            ),
            Tile(
                f"callbacks_wanted:{organisation.slug}",
                numbers["callbacks_wanted"],
                _("My call-backs wanted, this week")
                if operator
                else _("Call-backs wanted, this week"),
                _log_url(organisation, **week, callback="yes"),
                hint=hint,
                tone="amber" if numbers["callbacks_wanted"] else "",
            ),
        ]
    links = [Link(_("Call log"), reverse("hotline:log"))]
    if any(roles[o.pk] == Role.HOTLINE_OPERATOR for o in logs):
        links.append(Link(_("Log a call"), reverse("hotline:new")))
    return Panel(_("Hotline 1313"), tuple(tiles), tuple(links))
