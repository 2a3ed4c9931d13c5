"""Incident pages under /cases/<case_id>/incidents/: add, read, edit; and the incidents
panel of the case page (registered in IncidentsConfig.ready()).

Every page fetches the case through himoya.cases.access (outsider 404, wrong role 403);
writes go through himoya.incidents.services; every read of an incident is audited.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from himoya.cases.access import get_case_for_user, get_case_record_for_user
from himoya.cases.audit import record_read
from himoya.cases.views.common import copy_errors, refuse_closed_case
from himoya.core.versioning import StaleEditError
from himoya.incidents import gbvims, services
from himoya.incidents.forms import (
    CLASSIFICATION_QUESTIONS,
    CONTEXT_QUESTIONS,
    IncidentForm,
    describe_value,
    initial_from,
)
from himoya.incidents.models import ContextFlag, GBVType, Incident, LawForm


def _case_url(case) -> str:
    """The case page, linked from every incident page."""
    return reverse("cases:detail", args=[case.pk])


def _incident_of(request, case_id, pk, *, write=False):
    """The incident and its case; 404 when the incident belongs to another case."""
    incident, case = get_case_record_for_user(request.user, Incident, pk, write=write)
    if case.pk != int(case_id):
        raise Http404
    return incident, case


def _save(request, form, save):
    """Run a service write; put its field messages on the form. Returns (result, status)."""
    try:
        return save(form), 200
    except ValidationError as error:
        copy_errors(form, error)
        return None, 400


@login_required
@require_http_methods(["GET", "POST"])
@refuse_closed_case
def incident_add(request, case_id):
    case = get_case_for_user(request.user, case_id, write=True)
    status = 200
    if request.method == "POST":
        form = IncidentForm(request.POST)
        incident = None
        if form.is_valid():
            incident, status = _save(
                request,
                form,
                lambda f: services.record_incident(
                    case, f.incident_data(), f.perpetrators(), request.user, request
                ),
            )
        else:
            status = 400
        if incident is not None:
            messages.success(
                request,
                _("Incident recorded: %(type)s.") % {"type": GBVType(incident.gbv_type).label},
            )
            return redirect("cases:incident_detail", case.pk, incident.pk)
    else:
        form = IncidentForm(
            initial={"reported_date": timezone.localdate(), "district": case.district_id}
        )
    return render(
        request,
        "incidents/incident_form.html",
        {"case": case, "form": form, "case_url": _case_url(case)},
        status=status,
    )


def _classification_steps(incident) -> list[dict]:
    """Each question with its answer, marking the one that decided and those not needed."""
    answers = {name: getattr(incident, name) for name in gbvims.ANSWER_NAMES}
    decided_by = gbvims.deciding_question(answers)
    steps, after = [], False
    for (name, question, _help), (_name, gbv_type) in zip(
        CLASSIFICATION_QUESTIONS, gbvims.QUESTIONS, strict=True
    ):
        steps.append(
            {
                "question": question,
                "answer": answers[name],
                "decided": name == decided_by,
                "after": after,
                "type": GBVType(gbv_type).label,
            }
        )
        after = after or name == decided_by
    return steps


@login_required
@require_http_methods(["GET"])
def incident_detail(request, case_id, pk):
    incident, case = _incident_of(request, case_id, pk)
    record_read(request, case, incident, what="incident")
    context = {
        "case": case,
        "case_url": _case_url(case),
        "incident": incident,
        "steps": _classification_steps(incident),
        "context_answers": [
            {"question": question, "answer": getattr(incident, name)}
            for name, question, _help in CONTEXT_QUESTIONS
        ],
        "flags": [ContextFlag(flag).label for flag in incident.context_flags],
        "law_forms": [LawForm(form).label for form in incident.law_forms],
        "suggested_forms": [
            LawForm(form).label
            for form in gbvims.law_forms_from_answers(
                {name: getattr(incident, name) for name in gbvims.ANSWER_NAMES}
            )
            if form not in incident.law_forms
        ],
        "perpetrators": incident.perpetrators.all(),
    }
    return render(request, "incidents/incident_detail.html", context)


def _stale_form(request, stale: StaleEditError, rows: int):
    """The user's input on top of the current version, with what changed meanwhile."""
    current = services.snapshot(stale.current)
    data = request.POST.copy()
    data["version"] = str(stale.current.version)
    data["baseline"] = json.dumps(services.digest(current))
    form = IncidentForm(data, perpetrator_rows=rows)
    form.is_valid()
    form.stale_fields = sorted(stale.changes)
    form.stale_changes = [
        (_field_label(form, name), describe_value(form, name, value))
        for name, value in stale.changes.items()
    ]
    return form


def _field_label(form, name: str) -> str:
    if name == "perpetrators":
        return str(_("alleged perpetrators"))
    field = form.fields.get(name)
    return str(field.label) if field is not None else name


@login_required
@require_http_methods(["GET", "POST"])
@refuse_closed_case
def incident_edit(request, case_id, pk):
    incident, case = _incident_of(request, case_id, pk, write=True)
    rows = incident.perpetrators.count()
    status = 200
    if request.method == "POST":
        form = IncidentForm(request.POST, perpetrator_rows=rows)
        if form.is_valid() and not form.cleaned_data.get("version"):
            form.add_error(None, _("The form is missing its version. Reload the page."))
        if not form.is_valid():
            return render(
                request,
                "incidents/incident_form.html",
                {"case": case, "form": form, "incident": incident, "case_url": _case_url(case)},
                status=400,
            )
        try:
            saved, status = _save(
                request,
                form,
                lambda f: services.update_incident(
                    incident,
                    f.incident_data(),
                    f.perpetrators(),
                    expected_version=f.cleaned_data["version"],
                    actor=request.user,
                    request=request,
                    baseline_digest=f.baseline_digest(),
                ),
            )
        except StaleEditError as stale:
            form = _stale_form(request, stale, rows)
            messages.error(
                request,
                _(
                    "Someone else saved this incident while you were editing it. Changed "
                    "meanwhile: %(fields)s. Nothing was saved: your input is kept below; check "
                    "it and save again."
                )
                % {
                    "fields": ", ".join(_field_label(form, name) for name in form.stale_fields)
                    or _("no visible field")
                },
            )
            status = 409
        else:
            if saved is not None:
                messages.success(request, _("Incident saved."))
                return redirect("cases:incident_detail", case.pk, incident.pk)
    else:
        # The edit form shows the description: that is a read of identifiable data too.
        record_read(request, case, incident, what="incident")
        current = services.snapshot(incident)
        form = IncidentForm(
            initial=initial_from(current, services.digest(current), incident.version),
            perpetrator_rows=rows,
        )
    return render(
        request,
        "incidents/incident_form.html",
        {"case": case, "form": form, "incident": incident, "case_url": _case_url(case)},
        status=status,
    )


def case_page_incidents(request, case) -> dict:
    """The incidents list of the case page: dates and types only, nothing decrypted."""
    incidents = (
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
    return {"incidents": incidents}
