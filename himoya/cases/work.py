"""What needs doing: overdue follow-ups, actions due, approvals waiting.

Shared by the "my work" page and the dashboard tiles (cases/dashboard.py); each list is one query
whatever the number of cases, so the dashboard's query count stays constant.
"""

import datetime

from django.utils import timezone

from himoya.accounts.roles import organisations_where
from himoya.cases.access import cases_visible_to
from himoya.cases.models import CaseAction, CasePlan, CaseStatus, Closure, FollowUp
from himoya.core.roles import Role

ACTIONS_AHEAD_DAYS = 7


def work_querysets(user, *, supervisor: bool = True) -> dict:
    """The lists; with supervisor=False the two approval lists are left out (the
    dashboard asks them of supervisors only)."""
    today = timezone.localdate()
    open_cases = cases_visible_to(user).exclude(status=CaseStatus.CLOSED).values("pk")
    supervised = organisations_where(user, [Role.SUPERVISOR])
    lists = {
        "overdue_follow_ups": FollowUp.objects.filter(
            case__in=open_cases, done_at__isnull=True, due_date__lt=today
        ).order_by("due_date", "id"),
        "actions_due": CaseAction.objects.filter(
            case__in=open_cases,
            status__in=(CaseAction.Status.PLANNED, CaseAction.Status.IN_PROGRESS),
            due_date__lte=today + datetime.timedelta(days=ACTIONS_AHEAD_DAYS),
        ).order_by("due_date", "id"),
        "closures_waiting": Closure.objects.filter(
            case__organisation_id__in=supervised,
            case__status=CaseStatus.CLOSURE_REQUESTED,
            decided_at__isnull=True,
        ).order_by("requested_at", "id"),
        "plans_waiting": CasePlan.objects.filter(
            case__organisation_id__in=supervised,
            status=CasePlan.Status.SUBMITTED,
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .order_by("id"),
    }
    if not supervisor:
        del lists["closures_waiting"], lists["plans_waiting"]
    return lists
