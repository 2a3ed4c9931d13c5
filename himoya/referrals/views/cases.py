"""A case's referrals: refer its client to another organisation's service, and the
case's pathway across organisations.

A new referral: the case is fetched for writing (its caseworker or a supervisor;
outsiders 404, other roles 403). Services are listed nearest first from the
directory; the referral is refused, with nothing written, unless the client's consent
covers the receiving organisation or its sector, and the page then links to the
case's consent page.

The pathway: every referral that links the case to other organisations, on one
timeline, limited to what the viewer may see (himoya.referrals.pathway).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from himoya.cases.access import get_case_for_user
from himoya.cases.views.common import copy_errors, refuse_closed_case
from himoya.referrals.access import referrals_visible_to
from himoya.referrals.forms.cases import NewReferralForm, ServiceFilterForm
from himoya.referrals.nearest import ranked_services
from himoya.referrals.pathway import pathway_for
from himoya.referrals.services.sending import send_referral
from himoya.referrals.views.shared import need_labels


def duplicate_of(refused: ValidationError) -> dict:
    """The page's notice of a "duplicate" refusal: the message and the open referral."""
    return {"message": refused.messages[0], "referral_id": refused.params["id"]}


def _send(request, case, data):
    return send_referral(
        request.user,
        client=case.client,
        service=data["service"],
        urgency=data["urgency"],
        needs=data["needs"],
        message=data["message"],
        share_safe_contact=data["share_safe_contact"],
        from_case=case,
        request=request,
    )


@never_cache
@login_required
@refuse_closed_case
@require_http_methods(["GET", "HEAD", "POST"])
def referral_new(request, case_id):
    case = get_case_for_user(request.user, case_id, write=True)
    filters = ServiceFilterForm(request.GET)
    status, error, refusal, duplicate = 200, "", "", None
    if filters.is_valid():
        district = filters.cleaned_data["district"] or case.district or case.client.district
        need = filters.cleaned_data["need"]
    else:
        district, need = case.district or case.client.district, ""
        status, error = 400, _("Check the filters below.")
    form = NewReferralForm(
        request.POST if request.method == "POST" else None,
        organisation=case.organisation,
        initial={"needs": [need] if need else []},
    )
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                referral = _send(request, case, form.cleaned_data)
            except ValidationError as refused:
                code = getattr(refused, "code", None)
                if code == "no_consent":
                    refusal = refused.messages[0]
                elif code == "duplicate":
                    # The open referral is named, with a link to it.
                    status, duplicate = 409, duplicate_of(refused)
                else:
                    copy_errors(form, refused)
            else:
                messages.success(
                    request,
                    _("Referral %(reference)s sent to %(organisation)s.")
                    % {
                        "reference": referral.reference,
                        "organisation": referral.to_organisation.name,
                    },
                )
                return redirect("referrals:detail", referral_id=referral.pk)
    context = {
        "case": case,
        "filters": filters,
        "form": form,
        "sections": ranked_services(case.organisation, district=district, need=need),
        "chosen_service": str(form["service"].value() or ""),
        "error": error,
        "refusal": refusal,
        "duplicate": duplicate,
    }
    response = render(request, "referrals/new.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def pathway(request, case_id):
    case = get_case_for_user(request.user, case_id)
    items = pathway_for(request.user, case)
    for item in items:
        # item.needs is None once the receiver may no longer read the shared data.
        item.needs_text = ", ".join(need_labels(item.needs or ()))
    response = render(request, "referrals/pathway.html", {"case": case, "items": items})
    response["Cache-Control"] = "no-store"
    return response


def case_page_referrals(request, case) -> dict:
    """The referrals panel of a case page (registered in ReferralsConfig.ready()): the
    referrals sent from this case and the one that brought the client here, as far as the
    viewer may see them."""
    referrals = (
        referrals_visible_to(request.user)
        .filter(Q(from_case=case) | Q(receiving_case=case))
        .select_related("from_organisation", "to_organisation", "service")
        .order_by("-sent_at", "-id")[:50]
    )
    return {"referrals": list(referrals)}
