"""The case page: summary, incidents, consent, links to the sections, and who read it."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from himoya.audit.models import AuditEntry
from himoya.cases.access import case_permission, get_case_for_user
from himoya.cases.audit import record_read
from himoya.cases.closure import open_items
from himoya.cases.models import CaseStatus
from himoya.cases.record_kinds import record_kind_label
from himoya.cases.services import CLOSURE_CHECKLIST, CLOSURE_REASONS, pending_closure

ACCESS_PAGE_SIZE = 20
# Section pages built in urls_sections.py; a link shows once its route exists.
SECTIONS = [
    ("risk", _("Risk assessment")),
    ("safety_plan", _("Safety plan")),
    ("plan", _("Case plan")),
    ("services", _("Services delivered")),
    ("followups", _("Follow-ups")),
    ("notes", _("Notes")),
    ("attachments", _("Attachments")),
]


def _link(name, case_id):
    try:
        return reverse(f"cases:{name}", args=[case_id])
    except NoReverseMatch:
        return None


def section_links(case_id):
    links = [(label, _link(name, case_id)) for name, label in SECTIONS]
    return [(label, url) for label, url in links if url]


def access_log(case):
    """Audit entries of reads and changes of this case, newest first."""
    return (
        AuditEntry.objects.filter(organisation_id=case.organisation_id)
        .filter(Q(detail__case=case.pk) | Q(object_type="cases.case", object_id=str(case.pk)))
        .order_by("-id")
    )


@dataclass
class AccessPage:
    """One page of the access log, found without counting the whole log."""

    entries: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.entries)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def access_page(case, raw_number) -> AccessPage:
    """A page of the access log; a bad page number shows the first page."""
    try:
        number = max(1, min(int(raw_number or 1), 10_000))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * ACCESS_PAGE_SIZE
    entries = list(access_log(case)[start : start + ACCESS_PAGE_SIZE + 1])
    for entry in entries:
        entry.what_label = record_kind_label((entry.detail or {}).get("what"))
    return AccessPage(entries[:ACCESS_PAGE_SIZE], number, len(entries) > ACCESS_PAGE_SIZE)


def _incident_rows(case):
    from himoya.incidents.models import Incident

    return (
        Incident.objects.filter(case=case)
        .only(
            "id",
            "case_id",
            "incident_date",
            "reported_date",
            "gbv_type",
            "context_flags",
            "law_forms",
        )
        .order_by("-incident_date", "-id")
    )


@never_cache
@login_required
def case_detail(request, case_id):
    case = get_case_for_user(request.user, case_id)
    is_supervisor = case_permission(request.user, case) == "supervisor"
    record_read(request, case, what="case")
    log_page = access_page(case, request.GET.get("access_page")) if is_supervisor else None
    closure = pending_closure(case)
    context = {
        "case": case,
        "is_supervisor": is_supervisor,
        "can_write": case.status != CaseStatus.CLOSED,
        "incidents": _incident_rows(case),
        "incident_add": _link("incident_add", case.pk),
        "incident_detail_route": _link_exists("incident_detail"),
        "client_link": _link("client_detail", case.pk),
        "consents": case.client.consents.defer("withdrawal_note").select_related(
            "recipient_organisation"
        ),
        "sections": section_links(case.pk),
        "events": case.events.select_related("actor").order_by("-at", "-id")[:20],
        "pending_closure": closure,
        "closure_reason": dict(CLOSURE_REASONS).get(closure.reason) if closure else None,
        "closure_checklist": [
            (label, closure.checklist.get(key)) for key, label in CLOSURE_CHECKLIST
        ]
        if closure
        else [],
        "open_items": open_items(case) if closure else None,
        "access_page": log_page,
        "new": request.GET.get("new") == "1",
    }
    return render(request, "cases/case_detail.html", context)


def _link_exists(name) -> bool:
    try:
        reverse(f"cases:{name}", args=[1, 1])
    except NoReverseMatch:
        return False
    return True
