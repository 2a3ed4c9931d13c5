"""Follow-ups: planned contacts with the survivor, overdue ones first; marking one done."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from himoya.cases.audit import record_read
from himoya.cases.forms.follow_ups import FollowUpDoneForm, FollowUpForm
from himoya.cases.models import FollowUp
from himoya.cases.services.common import today
from himoya.cases.services.follow_ups import add_follow_up, complete_follow_up
from himoya.cases.views.common import copy_errors
from himoya.cases.views.sections import refuse_closed, render_section, section_case, section_record
from himoya.core.versioning import StaleEditError


def ordered_follow_ups(case):
    """Open overdue ones first (oldest due first), then open ones by due date, then the
    done ones, most recently done first."""
    day = today()
    rows = list(case.follow_ups.select_related("assigned_to"))
    for row in rows:
        row.is_overdue = row.done_at is None and row.due_date < day
    open_rows = sorted(
        (r for r in rows if r.done_at is None), key=lambda r: (not r.is_overdue, r.due_date, r.pk)
    )
    done_rows = sorted(
        (r for r in rows if r.done_at is not None), key=lambda r: r.done_at, reverse=True
    )
    return open_rows + done_rows


def _followups_page(request, case, form=None, status=200, failed=None, failed_form=None):
    rows = ordered_follow_ups(case)
    for row in rows:
        if row.done_at is None:
            row.done_form = (
                failed_form
                if failed == row.pk
                else FollowUpDoneForm(
                    initial={"version": row.version}, auto_id=f"id_done_{row.pk}_%s"
                )
            )
    record_read(request, case, what="follow_ups")
    form = form or FollowUpForm(case=case, initial={"assigned_to": case.caseworker_id})
    return render_section(
        request,
        case,
        "followups",
        "cases/section_followups.html",
        {"form": form, "follow_ups": rows, "writable": not case.is_closed},
        status=status,
    )


@refuse_closed
@require_http_methods(["GET", "HEAD"])
def followups_view(request, case_id):
    return _followups_page(request, section_case(request, case_id))


@refuse_closed
@require_POST
def followup_add(request, case_id):
    case = section_case(request, case_id, write=True)
    form = FollowUpForm(request.POST, case=case)
    if form.is_valid():
        try:
            add_follow_up(case, actor=request.user, values=form.cleaned_data, request=request)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Follow-up planned."))
            return redirect("cases:followups", case.pk)
    return _followups_page(request, case, form, status=400)


@refuse_closed
@require_POST
def followup_done(request, case_id, followup_id):
    follow_up, case = section_record(request, case_id, FollowUp, followup_id, write=True)
    form = FollowUpDoneForm(request.POST, auto_id=f"id_done_{follow_up.pk}_%s")
    if form.is_valid():
        try:
            complete_follow_up(
                follow_up,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except StaleEditError:
            messages.error(
                request,
                _(
                    "Someone else changed this follow-up while you were "
                    "looking at it. Nothing was saved: check it and try "
                    "again."
                ),
            )
            return _followups_page(request, case, status=409)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Follow-up marked done."))
            return redirect("cases:followups", case.pk)
    return _followups_page(request, case, status=400, failed=follow_up.pk, failed_form=form)
