"""The case plan: goals and actions, submission for approval, a supervisor's approval."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from himoya.cases.access import case_permission
from himoya.cases.audit import record_read
from himoya.cases.forms.common import read_baseline, sign_baseline
from himoya.cases.forms.plan import ActionEditForm, ActionForm, PlanDecisionForm, action_snapshot
from himoya.cases.models import CaseAction, CasePlan
from himoya.cases.services.plan import add_action, approve_plan, edit_action, submit_plan
from himoya.cases.views.common import copy_errors
from himoya.cases.views.sections import refuse_closed, render_section, section_case, section_record
from himoya.core.versioning import StaleEditError

EDITABLE = ("goal", "action", "responsible_user", "responsible_organisation", "due_date", "status")


def _plan_page(request, case, *, form=None, status=200):
    # Reading must not write: an unsaved draft stands in until the first action is added.
    plan = CasePlan.objects.filter(case=case).select_related("approved_by").first()
    plan = plan or CasePlan(case=case)
    actions = list(case.actions.select_related("responsible_user", "responsible_organisation"))
    record_read(request, case, obj=plan if plan.pk else None, what="case_plan")
    return render_section(
        request,
        case,
        "plan",
        "cases/section_plan.html",
        {
            "plan": plan,
            "actions": actions,
            "form": form or ActionForm(case=case),
            "decision": PlanDecisionForm(initial={"version": plan.version}),
            "is_supervisor": case_permission(request.user, case) == "supervisor",
            "writable": not case.is_closed,
        },
        status=status,
    )


@refuse_closed
@require_http_methods(["GET", "HEAD"])
def plan_view(request, case_id):
    return _plan_page(request, section_case(request, case_id))


@refuse_closed
@require_POST
def plan_action_add(request, case_id):
    case = section_case(request, case_id, write=True)
    form = ActionForm(request.POST, case=case)
    if form.is_valid():
        try:
            add_action(case, actor=request.user, values=form.cleaned_data, request=request)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Action added to the case plan."))
            return redirect("cases:plan", case.pk)
    return _plan_page(request, case, form=form, status=400)


def _edit_page(request, case, action, form, status=200, changed=()):
    record_read(request, case, obj=action, what="case_action")
    return render_section(
        request,
        case,
        "plan",
        "cases/section_action_edit.html",
        {"form": form, "action": action, "changed": changed},
        status=status,
    )


def _labels(form, names):
    return [str(form.fields[name].label) for name in names if name in form.fields]


@refuse_closed
@require_http_methods(["GET", "HEAD", "POST"])
def plan_action_edit(request, case_id, action_id):
    write = request.method == "POST"
    action, case = section_record(request, case_id, CaseAction, action_id, write=write)
    if not write:
        snapshot = action_snapshot(action)
        initial = {**snapshot, "version": action.version, "baseline": sign_baseline(snapshot)}
        return _edit_page(request, case, action, ActionEditForm(initial=initial, case=case))
    form = ActionEditForm(request.POST, case=case)
    if not form.is_valid():
        return _edit_page(request, case, action, form, status=400)
    values = {name: form.cleaned_data[name] for name in EDITABLE}
    baseline = read_baseline(form.cleaned_data["baseline"])
    try:
        edit_action(
            action,
            actor=request.user,
            values=values,
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except StaleEditError as stale:
        current = action_snapshot(stale.current)
        changed = [n for n in EDITABLE if baseline is None or baseline.get(n) != current[n]]
        data = request.POST.copy()
        data["version"] = str(stale.current.version)
        data["baseline"] = sign_baseline(current)
        fresh = ActionEditForm(data, case=case)
        fresh.is_valid()
        messages.error(
            request,
            _(
                "Someone else saved this action while you were editing it. Changed meanwhile: "
                "%(fields)s. Nothing was saved: check the saved values and save again."
            )
            % {"fields": ", ".join(_labels(fresh, changed)) or _("no visible field")},
        )
        return _edit_page(
            request, case, stale.current, fresh, status=409, changed=_labels(fresh, changed)
        )
    except ValidationError as error:
        copy_errors(form, error)
        return _edit_page(request, case, action, form, status=400)
    messages.success(request, _("Action saved."))
    return redirect("cases:plan", case.pk)


def _decide(request, case_id, *, approve: bool):
    case = section_case(request, case_id, write=True, approve=approve)
    form = PlanDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is missing its version. Reload the page."))
        return _plan_page(request, case, status=400)
    service = approve_plan if approve else submit_plan
    try:
        service(
            case, actor=request.user, expected_version=form.cleaned_data["version"], request=request
        )
    except StaleEditError:
        messages.error(
            request,
            _(
                "The plan changed since you loaded the page. Nothing was "
                "done: review it and try again."
            ),
        )
        return _plan_page(request, case, status=409)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return _plan_page(request, case, status=400)
    messages.success(
        request, _("Case plan approved.") if approve else _("Case plan submitted for approval.")
    )
    return redirect("cases:plan", case.pk)


@refuse_closed
@require_POST
def plan_submit(request, case_id):
    return _decide(request, case_id, approve=False)


@refuse_closed
@require_POST
def plan_approve(request, case_id):
    return _decide(request, case_id, approve=True)
