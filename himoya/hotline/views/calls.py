"""A call's pages, for the organisation's operators and supervisors: the call log, a
call's page (for an operator, a colleague's call as its shift-handover view), logging
and editing a call, and opening a case from it. Referring the caller is the referrals
app's page (himoya.referrals.views.calls).

Bad input: 400 with the form's messages, nothing written. An edit made on a stale
copy: 409 with what someone else saved meanwhile, nothing written. A case opened from
a call goes to the organisation's supervisors: the operator is no caseworker and gets
no access to it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from himoya.cases.access import case_permission
from himoya.cases.views.common import copy_errors
from himoya.clients.models import AgeGroup, Sex
from himoya.core.paging import COUNT_CAP, BadPage, list_page_by_id
from himoya.core.versioning import StaleEditError, stale_notice
from himoya.hotline import services
from himoya.hotline.access import (
    HANDOVER,
    as_seen_by,
    get_call_for_user,
    narrowed_to_own,
    operates,
)
from himoya.hotline.audit import record_call_read
from himoya.hotline.forms import (
    CallFilterForm,
    CallForm,
    OpenCaseForm,
    changed_since,
    initial_for,
    snapshot,
)
from himoya.hotline.models import CallAction, CallerType, CallTopic
from himoya.hotline.queries import (
    call_referrals,
    chosen_organisation,
    filtered_calls,
    my_organisation_list,
    my_organisations,
    rows_of_page,
)
from himoya.incidents.models import LawForm

PAGE_SIZE = 25


def labels() -> dict:
    """Each choice label translated once per page, not once per row."""
    return {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("caller_type", CallerType.choices),
            ("topic", CallTopic.choices),
            ("sex", Sex.choices),
            ("age_group", AgeGroup.choices),
        )
    }


def table_rows(calls) -> list[dict]:
    """The log's rows; a colleague's call (for an operator) shows its handover fields."""
    names = labels()
    return [
        {
            "pk": call.pk,
            "reference": call.reference,
            "handover": bool(getattr(call, "handover", False)),
            "started_at": call.started_at,
            "duration": call.duration_minutes,
            "caller_type": names["caller_type"].get(call.caller_type, call.caller_type or ""),
            "topic": names["topic"].get(call.topic, call.topic),
            "district": call.district.name if call.district_id else "",
            "risk": call.risk_flag,
            "callback": call.callback_wanted,
            "referred": CallAction.REFERRAL in call.actions,
            "case": bool(call.case_id),
        }
        for call in calls
    ]


def _options(choices, current: str):
    """<option>s (and <optgroup>s) for `choices` in one pass: Django's per-option widget
    templates cost more than the rest of the call log page."""
    parts = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', value,
                                     _options(label, current)))
        else:
            value = str(value)
            selected = mark_safe(" selected") if value == current else ""
            parts.append(format_html('<option value="{}"{}>{}</option>', value, selected, label))
    return format_html_join("", "{}", ((part,) for part in parts))


def filter_fields(form) -> list[dict]:
    """The filter form as plain data; selects carry their options pre-rendered."""
    fields = []
    for bound in form:
        choices = getattr(bound.field, "choices", None)
        current = bound.value()
        fields.append({
            "bound": bound,
            "options": None if choices is None or bound.is_hidden
            else _options(choices, "" if current is None else str(current)),
        })
    return fields


def _render(request, form, organisation, page=None, *, status=200, error=""):
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hotline/call_log.html",
        {
            "form": form,
            "filters": filter_fields(form),
            "organisation": organisation,
            "rows": table_rows(as_seen_by(request.user, organisation, page or ())),
            "is_operator": operates(request.user, organisation),
            "page": page,
            "query": query.urlencode(),
            "error": error,
            "can_log": bool(my_organisation_list(request.user, write=True)),
            "can_see_stats": bool(my_organisation_list(request.user, stats=True)),
        },
        status=status,
    )


@never_cache
@login_required
@require_safe
def call_log(request):
    """Newest calls first, filtered; no caller's name or number in the list."""
    organisation = chosen_organisation(request.user, request.GET.get("organisation"))
    data = request.GET.copy()
    data["organisation"] = organisation.slug
    form = CallFilterForm(data, organisations=my_organisations(request.user))
    if not form.is_valid():
        return _render(request, form, organisation, status=400, error=_("Check the filters below."))
    calls = narrowed_to_own(
        request.user, organisation, filtered_calls(organisation, form.cleaned_data),
        form.cleaned_data,
    )
    try:
        page = list_page_by_id(
            calls, rows_of_page, request.GET.get("page"), PAGE_SIZE, cap=COUNT_CAP
        )
    except BadPage as error:
        return _render(request, form, organisation, status=400, error=str(error))
    return _render(request, form, organisation, page)


def choice_labels(values, choices) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


@never_cache
@login_required
@require_safe
def call_detail(request, call_id):
    """The call with its summary and call-back details (the read is audited); for an
    operator, a colleague's call as its shift-handover view."""
    call, permission = get_call_for_user(request.user, call_id)
    record_call_read(request, call)
    if permission == HANDOVER:
        context = {"call": call, "actions": choice_labels(call.actions, CallAction.choices)}
        return render(request, "hotline/call_handover.html", context)
    context = {
        "call": call,
        "is_operator": permission == "operator",
        # The operator who opened a case from the call is no caseworker: no link for her.
        "case_link": call.case_id
        and case_permission(request.user, call.case) in {"caseworker", "supervisor"},
        "forms_of_violence": choice_labels(call.forms_of_violence, LawForm.choices),
        "actions": choice_labels(call.actions, CallAction.choices),
        "referrals": call_referrals(call),
    }
    return render(request, "hotline/call_detail.html", context)


def _page(request, form, *, call=None, status=200, stale=None):
    return render(
        request,
        "hotline/call_form.html",
        {"form": form, "call": call, "stale": stale},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_new(request):
    """Log a call. Anonymous by default: no name or number unless she wants a call back."""
    # Outsiders naming an organisation get 404, members of another role 403.
    chosen_organisation(request.user, request.GET.get("organisation"), write=True)
    organisations = my_organisations(request.user, write=True)
    if not organisations.exists():
        raise PermissionDenied
    if request.method != "POST":
        form = CallForm(organisations=organisations)
        wanted = request.GET.get("organisation")
        if wanted and organisations.filter(slug=wanted).exists():
            form.fields["organisation"].initial = wanted
        return _page(request, form)
    form = CallForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        call = services.log_call(
            request.user, form.cleaned_data["organisation"], form.call_data(), request=request
        )
    except ValidationError as error:
        copy_errors(form, error)
        return _page(request, form, status=400)
    messages.success(request, _("Call %(reference)s logged.") % {"reference": call.reference})
    return redirect("hotline:detail", call_id=call.pk)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_edit(request, call_id):
    call, _permission = get_call_for_user(request.user, call_id, write=True)
    if request.method != "POST":
        # The form shows the summary and the call-back details: a read of them.
        record_call_read(request, call)
        return _page(request, CallForm(initial=initial_for(call)), call=call)
    form = CallForm(request.POST)
    if not form.is_valid():
        return _page(request, form, call=call, status=400)
    data = form.call_data()
    if data["started_at"] == call.started_at.replace(second=0, microsecond=0):
        # The form shows minutes: the same minute is no change of the stored time.
        del data["started_at"]
    try:
        services.update_call(
            request.user,
            call,
            expected_version=form.cleaned_data["version"],
            data=data,
            request=request,
        )
    except StaleEditError as stale:
        return _stale(request, form, stale)
    except ValidationError as error:
        copy_errors(form, error)
        return _page(request, form, call=call, status=400)
    messages.success(request, _("The call was saved."))
    return redirect("hotline:detail", call_id=call.pk)


def _stale(request, form, stale: StaleEditError):
    """The editor's values stay in the form; the notice says what was saved meanwhile
    and the form now carries the current version, so saving again is a decision."""
    current = snapshot(stale.current)
    changed = changed_since(form.cleaned_data.get("baseline"), current)
    named = StaleEditError(stale.current, {name: current[name] for name in changed})
    data = request.POST.copy()
    fresh = initial_for(stale.current)
    data["version"], data["baseline"] = str(fresh["version"]), fresh["baseline"]
    refreshed = CallForm(data)
    refreshed.is_valid()
    return _page(
        request,
        refreshed,
        call=stale.current,
        status=409,
        stale=stale_notice(named, refreshed),
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_open_case(request, call_id):
    call, _permission = get_call_for_user(request.user, call_id, write=True)
    form = OpenCaseForm(request.POST if request.method == "POST" else None, call=call)
    context = {"call": call, "form": form}
    if request.method != "POST":
        return render(request, "hotline/call_case.html", context)
    if not form.is_valid():
        return render(request, "hotline/call_case.html", context, status=400)
    try:
        services.open_case_from_call(
            request.user,
            call,
            services_consent=form.cleaned_data["services_consent"],
            request=request,
            **form.caregiver(),
        )
    except ValidationError as error:
        copy_errors(form, error)
        return render(request, "hotline/call_case.html", context, status=400)
    messages.success(request, _("The case was opened; your supervisors were notified."))
    return redirect("hotline:detail", call_id=call.pk)
