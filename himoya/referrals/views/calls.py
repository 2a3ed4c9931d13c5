"""Refer a hotline caller to a service (the call's operators), at /hotline/<call>/refer/
(URL name "hotline:refer").

Step 1 lists the services nearest the caller's district; step 2 asks for the urgency,
the needs, a message and the caller's verbal consent, confirmed by the operator for the
service's organisation. Without it nothing is written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from himoya.cases.views.common import copy_errors
from himoya.hotline.access import get_call_for_user
from himoya.referrals.forms.calls import NeedForm, ReferForm
from himoya.referrals.nearest import nearest_services, need_of, referable_services
from himoya.referrals.services.calls import refer_from_call
from himoya.referrals.views.cases import duplicate_of


def _chosen_service(call, raw):
    """The service picked from the list; None when there is none by that id."""
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    services = referable_services(call.organisation).select_related("organisation")
    return services.filter(pk=pk).first()


def _page(request, call, *, service=None, form=None, need_form=None, status=200, duplicate=None):
    context = {
        "call": call,
        "service": service,
        "form": form,
        "need_form": need_form,
        "duplicate": duplicate,
    }
    if service is None:
        need = need_form.cleaned_data.get("need") if need_form.is_valid() else ""
        context["sections"] = nearest_services(call, need or "any")
    return render(request, "hotline/call_refer.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_refer(request, call_id):
    """Step 1 (GET): pick a service, nearest first. Step 2 (GET ?service=): urgency,
    needs, message and the caller's consent. POST sends the referral."""
    call, _permission = get_call_for_user(request.user, call_id, write=True)
    raw_service = request.POST.get("service") if request.method == "POST" else None
    raw_service = raw_service or request.GET.get("service")
    if not raw_service:
        return _page(request, call, need_form=NeedForm(request.GET))
    service = _chosen_service(call, raw_service)
    if service is None:
        messages.error(request, _("That service is not in the list: choose one below."))
        return _page(request, call, need_form=NeedForm(), status=400)
    if request.method != "POST":
        form = ReferForm(
            call=call,
            service=service,
            initial={"service": service.pk, "needs": [need_of(service)]},
        )
        return _page(request, call, service=service, form=form)
    form = ReferForm(request.POST, call=call, service=service)
    if not form.is_valid():
        return _page(request, call, service=service, form=form, status=400)
    data = form.cleaned_data
    try:
        referral = refer_from_call(
            request.user,
            call,
            service=service,
            urgency=data["urgency"],
            needs=data["needs"],
            message=data["message"],
            verbal_consent=data["verbal_consent"],
            consent_organisation=data["consent_organisation"],
            request=request,
            **form.caregiver(),
        )
    except ValidationError as error:
        elsewhere = getattr(error, "error_dict", {}).get("consent_organisation")
        if getattr(error, "code", None) == "duplicate":
            return _page(
                request,
                call,
                service=service,
                form=form,
                status=409,
                duplicate=duplicate_of(error),
            )
        if elsewhere:
            # Ask again, naming the organisation the posted service belongs to.
            form = ReferForm.asking_again(
                request.POST, call=call, service=service, error=elsewhere[0]
            )
        else:
            copy_errors(form, error)
        return _page(request, call, service=service, form=form, status=400)
    messages.success(
        request,
        _("Referral %(reference)s sent to %(organisation)s.")
        % {"reference": referral.reference, "organisation": service.organisation.name},
    )
    return redirect("hotline:detail", call_id=call.pk)
