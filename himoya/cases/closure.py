"""What is still open when a case is to be closed, for the request and the decision.

Open items warn; they do not block the closure (CLOSURE_BLOCKS is False, and the pages
and the API say so): a survivor who moved away or stopped answering must not keep a
case open for paperwork. On approval the apps act on their own items (the referrals
app withdraws the referrals still waiting for an answer, see himoya.cases.signals);
plan actions and follow-ups stay in the closed case's record as they were.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from himoya.cases.models import Case, CaseAction, CasePlan
from himoya.cases.signals import closure_open_items

CLOSURE_BLOCKS = False


@dataclass(frozen=True)
class OpenItem:
    """One open thing, described without client data."""

    kind: str  # "plan", "plan_action", "follow_up", "referral"
    label: str  # in the reader's language
    on_approval: str  # what approving the closure does with it, in the reader's language
    link: str = ""


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _own_items(case) -> list[OpenItem]:
    items = []
    kept = _("stays in the closed case's record as it is")
    plan = CasePlan.objects.filter(case=case, status=CasePlan.Status.SUBMITTED).first()
    plan_link = reverse("cases:plan", args=[case.pk])
    if plan is not None:
        items.append(OpenItem("plan", _("The case plan is waiting for approval."), kept, plan_link))
    actions = case.actions.filter(
        status__in=[CaseAction.Status.PLANNED, CaseAction.Status.IN_PROGRESS]
    ).only("id", "due_date", "status")
    for action in actions:
        items.append(
            OpenItem(
                "plan_action",
                _("Plan action due %(date)s: %(status)s")
                % {"date": _day(action.due_date), "status": action.get_status_display()},
                kept,
                plan_link,
            )
        )
    follow_ups = case.follow_ups.filter(done_at__isnull=True).only("id", "due_date")
    for follow_up in follow_ups:
        items.append(
            OpenItem(
                "follow_up",
                _("Follow-up due %(date)s, not done") % {"date": _day(follow_up.due_date)},
                kept,
                reverse("cases:followups", args=[case.pk]),
            )
        )
    return items


def open_items(case) -> list[OpenItem]:
    """The case's open plan, plan actions and follow-ups, then what other apps report."""
    items = _own_items(case)
    for _receiver, answer in closure_open_items.send(sender=Case, case=case):
        items.extend(answer or [])
    return items
