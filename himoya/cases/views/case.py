"""The case page and the writes to the case itself.

The page: summary, an overview of what a supervisor opens a case for (risk and safety
plan, open plan actions and follow-ups, services, referrals, consent, closure: see
himoya.cases.overview), closure request, the panels that apps above cases add (incidents,
through himoya.cases.extensions), consent, links to the sections, history and, for
supervisors, who read it. The writes: assign, change step/priority/status, request
closure, decide on it, reopen. Each write page shows its form on GET and writes on
POST. Bad input: 400, nothing written. A stale copy: 409 with what changed meanwhile.
A closed case: 409 (refuse_closed_case). The printed summary (case_print) is read
and audited like the page.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from himoya.audit.models import AuditEntry
from himoya.cases.access import case_permission, get_case_for_user
from himoya.cases.audit import record_read
from himoya.cases.closure import open_items
from himoya.cases.extensions import case_panels
from himoya.cases.forms.case import (
    AssignForm,
    ChangeCaseForm,
    ClosureDecisionForm,
    ClosureRequestForm,
    ReopenForm,
)
from himoya.cases.models import CaseStatus
from himoya.cases.overview import case_overview
from himoya.cases.record_kinds import record_kind_label
from himoya.cases.services import case as services
from himoya.cases.services.case import CLOSURE_CHECKLIST, CLOSURE_REASONS, pending_closure
from himoya.cases.views.common import copy_errors, refuse_closed_case
from himoya.core.versioning import StaleEditError, stale_notice

ACCESS_PAGE_SIZE = 20
# The section pages linked from the case page (URL names in the "cases" namespace).
SECTIONS = [
    ("risk", gettext_lazy("Risk assessment")),
    ("safety_plan", gettext_lazy("Safety plan")),
    ("plan", gettext_lazy("Case plan")),
    ("services", gettext_lazy("Services delivered")),
    ("followups", gettext_lazy("Follow-ups")),
    ("notes", gettext_lazy("Notes")),
    ("attachments", gettext_lazy("Attachments")),
]


def section_links(case_id):
    return [(label, reverse(f"cases:{name}", args=[case_id])) for name, label in SECTIONS]


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


@never_cache
@login_required
def case_detail(request, case_id):
    case = get_case_for_user(request.user, case_id)
    is_supervisor = case_permission(request.user, case) == "supervisor"
    # One entry for the whole page, the safety plan and the overview's lists included.
    record_read(request, case, what="case")
    log_page = access_page(case, request.GET.get("access_page")) if is_supervisor else None
    closure = pending_closure(case)
    context = {
        "case": case,
        "overview": case_overview(case),
        "is_supervisor": is_supervisor,
        "can_write": case.status != CaseStatus.CLOSED,
        "panels": case_panels(request, case),
        "client_link": reverse("cases:client_detail", args=[case.pk]),
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


@never_cache
@login_required
def case_print(request, case_id):
    """The case summary for paper (A4): what the case page shows at a glance, without
    the navigation, the links and the access log. Printing is a read and is audited."""
    case = get_case_for_user(request.user, case_id)
    record_read(request, case, what="case_print")
    closure = pending_closure(case)
    context = {
        "case": case,
        "overview": case_overview(case),
        "is_supervisor": case_permission(request.user, case) == "supervisor",
        "can_write": False,
        "panels": case_panels(request, case),
        "consents": case.client.consents.defer("withdrawal_note").select_related(
            "recipient_organisation"
        ),
        "pending_closure": closure,
        "closure_reason": dict(CLOSURE_REASONS).get(closure.reason) if closure else None,
        "printed_at": timezone.now(),
    }
    return render(request, "cases/case_print.html", context)


def _page(request, case, form, title, *, status=200, stale=None, extra=None):
    if request.method in {"GET", "HEAD"}:
        # The form shows the case as it is (and a closure request's note): a read.
        record_read(request, case, what="case")
    context = {"case": case, "form": form, "title": title, "stale": stale, **(extra or {})}
    return render(request, "cases/case_form.html", context, status=status)


def _done(request, case, message):
    messages.success(request, message)
    return redirect("cases:detail", case_id=case.pk)


def _write(request, case, form, title, action, done_message, extra=None):
    """Validate `form`, run `action(cleaned_data)`, answer with the right status."""
    if request.method != "POST":
        return _page(request, case, form, title, extra=extra)
    if not form.is_valid():
        return _page(request, case, form, title, status=400, extra=extra)
    try:
        action(form.cleaned_data)
    except StaleEditError as error:
        return _page(
            request, case, form, title, status=409, stale=stale_notice(error), extra=extra
        )
    except ValidationError as error:
        copy_errors(form, error)
        return _page(request, case, form, title, status=400, extra=extra)
    return _done(request, case, done_message)


@never_cache
@login_required
@refuse_closed_case
def case_assign(request, case_id):
    case = get_case_for_user(request.user, case_id, write=True, approve=True)
    caseworkers = services.active_caseworkers(case.organisation)
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        caseworkers=caseworkers,
        initial={
            "version": case.version,
            "caseworker": case.caseworker_id,
            "seen_caseworker": case.caseworker_id,
        },
    )

    def action(data):
        services.assign_caseworker(
            request.user,
            case,
            data["caseworker"],
            expected_version=data["version"],
            seen_caseworker_id=data["seen_caseworker"],
            request=request,
        )

    return _write(
        request, case, form, _("Assign a caseworker"), action, _("The case was assigned.")
    )


@never_cache
@login_required
@refuse_closed_case
def case_change(request, case_id):
    case = get_case_for_user(request.user, case_id, write=True)
    form = ChangeCaseForm(
        request.POST if request.method == "POST" else None,
        current_status=case.status,
        initial={
            "version": case.version,
            "step": case.step,
            "priority": case.priority,
            "status": case.status,
            "seen_step": case.step,
            "seen_priority": case.priority,
            "seen_status": case.status,
        },
    )

    def action(data):
        services.change_case(
            request.user,
            case,
            expected_version=data["version"],
            step=data["step"],
            priority=data["priority"],
            status=data["status"],
            seen=form.baseline(),
            request=request,
        )

    return _write(
        request, case, form, _("Change step, priority or status"), action, _("The case was saved.")
    )


@never_cache
@login_required
@refuse_closed_case
def closure_request(request, case_id):
    case = get_case_for_user(request.user, case_id, write=True)
    form = ClosureRequestForm(
        request.POST if request.method == "POST" else None, initial={"version": case.version}
    )

    def action(data):
        services.request_closure(
            request.user,
            case,
            expected_version=data["version"],
            reason=data["reason"],
            checklist={key: True for key in data["checklist"]},
            note=data["note"],
            request=request,
        )

    return _write(
        request,
        case,
        form,
        _("Request closure"),
        action,
        _("Closure requested: a supervisor will decide."),
        extra={"open_items": open_items(case)},
    )


@never_cache
@login_required
@refuse_closed_case
def closure_decide(request, case_id):
    case = get_case_for_user(request.user, case_id, write=True, approve=True)
    closure = services.pending_closure(case)
    form = ClosureDecisionForm(request.POST if request.method == "POST" else None)
    extra = {
        "closure": closure,
        "closure_reason": dict(CLOSURE_REASONS).get(closure.reason) if closure else None,
        "closure_checklist": [
            (label, closure.checklist.get(key)) for key, label in CLOSURE_CHECKLIST
        ]
        if closure
        else [],
        "open_items": open_items(case),
    }

    def action(data):
        services.decide_closure(
            request.user,
            case,
            approve=data["decision"] == "approve",
            note=data["note"],
            request=request,
        )

    approved = request.POST.get("decision") == "approve"
    return _write(
        request,
        case,
        form,
        _("Decide on the closure"),
        action,
        _("The case is closed.") if approved else _("The closure was sent back."),
        extra=extra,
    )


@never_cache
@login_required
def case_reopen(request, case_id):
    # Reopening is how a closed case becomes writable again: approve, not write.
    case = get_case_for_user(request.user, case_id, approve=True)
    form = ReopenForm(request.POST if request.method == "POST" else None)

    def action(data):
        services.reopen_case(request.user, case, reason=data["reason"], request=request)

    return _write(request, case, form, _("Reopen the case"), action, _("The case was reopened."))
