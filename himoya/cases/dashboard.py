"""The cases panel of the "My work" dashboard (core.registry, accounts.views.dashboard).

Each tile links to the list filtered to exactly what it counts: the case list with
its filters (my open cases, cases overdue) or a section of "My work" (actions due,
closures and case plans waiting for a supervisor). The cases' counts are one aggregate
query; the supervisor's two counts are asked of supervisors only.
"""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.accounts.roles import held_roles
from himoya.cases.access import cases_visible_to
from himoya.cases.forms.case_list import NOT_CLOSED
from himoya.cases.models import CaseStatus
from himoya.cases.work import work_querysets
from himoya.core.registry import Link, Panel, Tile
from himoya.core.roles import Role


def case_list_url(**filters) -> str:
    return f"{reverse('cases:list')}?{urlencode(filters)}"


def my_work_url(section: str) -> str:
    return f"{reverse('cases:my_work')}#{section}"


def case_panel(user) -> Panel | None:
    roles = set(held_roles(user).values())
    caseworker = Role.CASEWORKER in roles
    supervisor = Role.SUPERVISOR in roles
    if not (caseworker or supervisor):
        return None
    today = timezone.localdate()
    not_closed = ~Q(status=CaseStatus.CLOSED)
    counts = cases_visible_to(user).aggregate(
        mine=Count("pk", filter=not_closed & Q(caseworker=user)),
        open=Count("pk", filter=not_closed),
        overdue=Count("pk", filter=not_closed & Q(next_due__lt=today)),
    )
    lists = work_querysets(user, supervisor=supervisor)
    tiles = []
    if caseworker:
        tiles.append(
            Tile(
                "mine",
                counts["mine"],
                _("My open cases"),
                case_list_url(status=NOT_CLOSED, caseworker=user.pk),
            )
        )
    if supervisor:
        tiles.append(
            Tile("open", counts["open"], _("Open cases"), case_list_url(status=NOT_CLOSED))
        )
    tiles += [
        Tile(
            "overdue",
            counts["overdue"],
            _("Cases overdue"),
            case_list_url(overdue="1"),
            hint=_("a follow-up or action past its date"),
            tone="red" if counts["overdue"] else "",
        ),
        Tile(
            "actions_due",
            lists["actions_due"].count(),
            _("Actions due"),
            my_work_url("actions-due"),
            hint=_("in the next 7 days or overdue"),
        ),
    ]
    if supervisor:
        closures = lists["closures_waiting"].count()
        plans = lists["plans_waiting"].count()
        tiles += [
            Tile(
                "closures_waiting",
                closures,
                _("Closures waiting"),
                my_work_url("closures-waiting"),
                hint=_("for your approval"),
                tone="amber" if closures else "",
            ),
            Tile(
                "plans_waiting",
                plans,
                _("Case plans waiting"),
                my_work_url("plans-waiting"),
                hint=_("for your approval"),
                tone="amber" if plans else "",
            ),
        ]
    links = (
        Link(_("All my cases"), reverse("cases:list")),
        Link(_("My work"), reverse("cases:my_work")),
        Link(_("New case"), reverse("cases:intake")),
    )
    return Panel(_("Cases"), tuple(tiles), links)
