"""Log a call and edit it: hotline operators of the call's organisation.

Bad input: 400 with the form's messages, nothing written. An edit made on a stale
copy: 409 with what someone else saved meanwhile, nothing written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from himoya.cases.views.common import copy_errors
from himoya.core.versioning import StaleEditError, describe_changes
from himoya.hotline import services
from himoya.hotline.access import get_call_for_user
from himoya.hotline.audit import record_call_read
from himoya.hotline.forms import CallForm, changed_since, initial_for, snapshot
from himoya.hotline.queries import chosen_organisation, my_organisations


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
        stale={
            "message": str(named),
            "changes": describe_changes(refreshed, named.changes),
        },
    )
