"""What the case page and the printed case summary show of a case at a glance.

A supervisor opens a case to answer "is this woman safe, and is anything overdue?": the
latest risk assessment and its date, the safety plan, the open plan actions, the open
follow-ups (overdue ones marked), the last services delivered and the closure state.
Every list is cut to a few rows and loaded with its related rows in the same query, so
the number of queries does not grow with the number of actions, services or follow-ups.

Only callers that fetched the case through himoya.cases.access (which decides who may
read it) build an overview, and they audit the read of the page it is shown on.
"""

from dataclasses import dataclass

from django.utils import timezone

from himoya.cases.models import (
    Case,
    CaseAction,
    CasePlan,
    Closure,
    FollowUp,
    RiskAssessment,
    SafetyPlan,
    ServiceDelivery,
)
from himoya.cases.services.case import CLOSURE_REASONS

# How many rows of each list the overview shows; the section page has the rest.
ACTIONS_SHOWN = 5
FOLLOW_UPS_SHOWN = 3
SERVICES_SHOWN = 5
OPEN_ACTION_STATUSES = (CaseAction.Status.PLANNED, CaseAction.Status.IN_PROGRESS)


@dataclass
class Overview:
    assessment: RiskAssessment | None
    safety_plan: SafetyPlan | None
    plan: CasePlan | None
    open_actions: list[CaseAction]
    more_actions: bool
    overdue_actions: int
    open_follow_ups: list[FollowUp]
    more_follow_ups: bool
    overdue_follow_ups: int
    services: list[ServiceDelivery]
    more_services: bool
    last_closure: Closure | None
    today: object

    @property
    def next_follow_up(self) -> FollowUp | None:
        return self.open_follow_ups[0] if self.open_follow_ups else None

    @property
    def overdue(self) -> int:
        """Open plan actions and follow-ups past their due date."""
        return self.overdue_actions + self.overdue_follow_ups

    @property
    def closure_reason(self) -> str:
        if self.last_closure is None:
            return ""
        return str(dict(CLOSURE_REASONS).get(self.last_closure.reason, self.last_closure.reason))


def _cut(rows: list, shown: int) -> tuple[list, bool]:
    return rows[:shown], len(rows) > shown


def case_overview(case: Case) -> Overview:
    """The overview of `case` in a fixed number of queries."""
    today = timezone.localdate()
    open_actions = case.actions.filter(status__in=OPEN_ACTION_STATUSES)
    actions, more_actions = _cut(
        list(
            open_actions.select_related("responsible_user", "responsible_organisation").order_by(
                "due_date", "id"
            )[: ACTIONS_SHOWN + 1]
        ),
        ACTIONS_SHOWN,
    )
    open_follow_ups = case.follow_ups.filter(done_at__isnull=True)
    follow_ups, more_follow_ups = _cut(
        list(
            open_follow_ups.select_related("assigned_to").order_by("due_date", "id")[
                : FOLLOW_UPS_SHOWN + 1
            ]
        ),
        FOLLOW_UPS_SHOWN,
    )
    for row in (*actions, *follow_ups):
        row.is_overdue = row.due_date is not None and row.due_date < today
    services, more_services = _cut(
        list(
            case.services.select_related("organisation", "provided_by").order_by("-date", "-id")[
                : SERVICES_SHOWN + 1
            ]
        ),
        SERVICES_SHOWN,
    )
    return Overview(
        assessment=case.risk_assessments.select_related("assessed_by").first(),
        safety_plan=SafetyPlan.objects.filter(case=case).select_related("updated_by").first(),
        plan=CasePlan.objects.filter(case=case).select_related("approved_by").first(),
        open_actions=actions,
        more_actions=more_actions,
        overdue_actions=open_actions.filter(due_date__lt=today).count(),
        open_follow_ups=follow_ups,
        more_follow_ups=more_follow_ups,
        overdue_follow_ups=open_follow_ups.filter(due_date__lt=today).count(),
        services=services,
        more_services=more_services,
        last_closure=case.closures.filter(approved=True).select_related("decided_by").first()
        if case.is_closed
        else None,
        today=today,
    )
