"""Risk assessment (checklist, derived level, history) and the safety plan of a case."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from himoya.cases import risk
from himoya.cases.audit import record_read
from himoya.cases.forms.common import read_baseline, sign_baseline
from himoya.cases.forms.risk import RiskAssessmentForm, SafetyPlanForm
from himoya.cases.models import SafetyPlan
from himoya.cases.services.risk import record_risk_assessment, save_safety_plan
from himoya.cases.views.sections import refuse_closed, render_section, section_case
from himoya.core.versioning import StaleEditError


def _risk_page(request, case, form, status=200):
    history = list(case.risk_assessments.select_related("assessed_by"))
    for assessment in history:
        assessment.reasons_shown = risk.describe_reasons(assessment.reasons)
    record_read(request, case, what="risk_assessments")
    return render_section(
        request,
        case,
        "risk",
        "cases/section_risk.html",
        {
            "form": form,
            "history": history,
            "current": history[0] if history else None,
            "rules": [
                risk.RULE_TEXT[name]
                for name in (risk.RULE_SEVERE, risk.RULE_COUNT, risk.RULE_SOME, risk.RULE_NONE)
            ],
        },
        status=status,
    )


@refuse_closed
@require_http_methods(["GET", "HEAD", "POST"])
def risk_view(request, case_id):
    if request.method != "POST":
        case = section_case(request, case_id)
        latest = case.risk_assessments.first()
        initial = {name: getattr(latest, name) for name in risk.INDICATORS} if latest else {}
        return _risk_page(request, case, RiskAssessmentForm(initial=initial))
    case = section_case(request, case_id, write=True)
    form = RiskAssessmentForm(request.POST)
    if not form.is_valid():
        return _risk_page(request, case, form, status=400)
    assessment = record_risk_assessment(
        case, actor=request.user, answers=form.cleaned_data, request=request
    )
    messages.success(
        request, _("Risk assessed: %(level)s.") % {"level": assessment.get_level_display()}
    )
    return redirect("cases:risk", case.pk)


def _plan_page(request, case, plan, form, status=200, stale=None):
    record_read(request, case, obj=plan, what="safety_plan")
    return render_section(
        request,
        case,
        "safety_plan",
        "cases/section_safety_plan.html",
        {"form": form, "plan": plan, "stale": stale},
        status=status,
    )


@refuse_closed
@require_http_methods(["GET", "HEAD", "POST"])
def safety_plan_view(request, case_id):
    case = section_case(request, case_id, write=request.method == "POST")
    plan = SafetyPlan.objects.filter(case=case).select_related("updated_by").first()
    if request.method != "POST":
        text = plan.plan if plan else ""
        form = SafetyPlanForm(
            initial={
                "plan": text,
                "version": plan.version if plan else 0,
                "baseline": sign_baseline({"plan": text}),
            }
        )
        return _plan_page(request, case, plan, form)
    form = SafetyPlanForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, case, plan, form, status=400)
    baseline = (read_baseline(form.cleaned_data["baseline"]) or {}).get("plan")
    try:
        save_safety_plan(
            case,
            actor=request.user,
            text=form.cleaned_data["plan"],
            expected_version=form.cleaned_data["version"],
            baseline=baseline,
            request=request,
        )
    except StaleEditError as stale:
        current = stale.current
        data = request.POST.copy()
        data["version"] = str(current.version if current else 0)
        data["baseline"] = sign_baseline({"plan": current.plan if current else ""})
        messages.error(
            request,
            _(
                "Someone else saved the safety plan while you were editing it. Nothing was "
                "saved: the saved version is shown beside your text; merge them and save again."
            ),
        )
        return _plan_page(request, case, current, SafetyPlanForm(data), status=409, stale=current)
    messages.success(request, _("Safety plan saved."))
    return redirect("cases:safety_plan", case.pk)
