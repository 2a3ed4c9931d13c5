"""The consent records of a case's client, under /cases/<case_id>/consent/: the list,
recording a consent, and withdrawing one (possible on a closed case too: it must take
effect at once, always). Reading them is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from himoya.cases.audit import record_read
from himoya.cases.views.common import copy_errors
from himoya.cases.views.sections import refuse_closed, render_section, section_case
from himoya.clients.consent import give_consent, withdraw_consent
from himoya.clients.forms import ConsentForm, WithdrawConsentForm
from himoya.clients.models import Consent

SECTION = "consent"


def _consents(case):
    return list(
        Consent.objects.filter(client=case.client).select_related(
            "recipient_organisation", "taken_by", "withdrawn_by"
        )
    )


def _consent_page(request, case, form=None, status=200):
    record_read(request, case, obj=case.client, what="consents")
    return render_section(
        request,
        case,
        SECTION,
        "clients/consent_list.html",
        {
            "consents": _consents(case),
            "form": form or ConsentForm(),
            "writable": not case.is_closed and case.client.anonymised_at is None,
        },
        status=status,
    )


@refuse_closed
@require_http_methods(["GET", "HEAD"])
def consent_list(request, case_id):
    return _consent_page(request, section_case(request, case_id))


@refuse_closed
@require_http_methods(["GET", "HEAD", "POST"])
def consent_give(request, case_id):
    case = section_case(request, case_id, write=True)
    if request.method != "POST":
        return _consent_page(request, case)
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            give_consent(
                case.client,
                data["kind"],
                data["method"],
                request.user,
                recipient_organisation=data["recipient_organisation"],
                recipient_sector=data["recipient_sector"],
                caregiver_relationship=data["caregiver_relationship"],
                not_sought_reason=data["not_sought_reason"],
                request=request,
            )
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("cases:consent_list", case.pk)
    return _consent_page(request, case, form, status=400)


@refuse_closed
@require_http_methods(["GET", "HEAD", "POST"])
def consent_withdraw(request, case_id, consent_id):
    # Withdrawal stays possible on a closed case: it must take effect at once, always.
    case = section_case(request, case_id)
    consent = Consent.objects.filter(client=case.client, pk=consent_id).first()
    if consent is None:
        raise Http404
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                withdraw_consent(consent, request.user, form.cleaned_data["note"], request=request)
            except ValidationError as error:
                copy_errors(form, error)
            else:
                messages.success(request, _("Consent withdrawn. It no longer counts, from now on."))
                return redirect("cases:consent_list", case.pk)
        status = 400
    record_read(request, case, obj=consent, what="consent")
    return render_section(
        request,
        case,
        SECTION,
        "clients/consent_withdraw.html",
        {"consent": consent, "form": form},
        status=status,
    )
