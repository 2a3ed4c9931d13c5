"""One referral's page, for either side, and the answers given on it.

The receiving side reads the sender's data only through shared_view() (audited), and
only while the referral is open and the consent stands; it accepts or declines, and
once accepted records the service in its own case. The sending side sees status,
dates, the organisation and service it chose and its own message, never the
receiving organisation's case, and may withdraw. Every view fetches the referral
through get_referral_for_user (outsider 404, wrong role or wrong side 403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from himoya.cases.access import CaseClosedError, case_permission, get_case_for_user
from himoya.cases.services.case import active_caseworkers
from himoya.cases.views.common import copy_errors
from himoya.clients.consent import has_consent
from himoya.clients.models import ConsentKind
from himoya.core.versioning import OUT_OF_DATE, StaleEditError, stale_notice
from himoya.referrals.access import (
    RECEIVER,
    SENDER,
    get_referral_for_user,
    may_assign_on_accept,
    shared_view,
)
from himoya.referrals.audit import record_referral_read
from himoya.referrals.forms.detail import AcceptForm, DeclineForm, ServiceRecordForm, WithdrawForm
from himoya.referrals.models import ReferralStatus
from himoya.referrals.services import steps
from himoya.referrals.views.shared import closed_notice, shared_rows

WRITERS = ("caseworker", "supervisor")


def _receiver_forms(request, referral, bound) -> dict:
    """The answers this receiver may give now, unbound unless `bound` carries one."""
    forms = {}
    version = {"version": referral.version}
    if referral.status == ReferralStatus.SENT:
        caseworkers = (
            active_caseworkers(referral.to_organisation)
            if may_assign_on_accept(request.user, referral)
            else None
        )
        forms["accept"] = bound.get("accept") or AcceptForm(
            prefix="accept", initial=version, caseworkers=caseworkers
        )
        forms["decline"] = bound.get("decline") or DeclineForm(prefix="decline", initial=version)
    case = referral.receiving_case
    if (
        referral.status == ReferralStatus.ACCEPTED
        and case is not None
        and not case.is_closed
        and case_permission(request.user, case) in WRITERS
    ):
        forms["service"] = bound.get("service") or ServiceRecordForm(
            prefix="service", initial={"date": timezone.localdate()}, referral=referral
        )
    return forms


def _receiver_context(request, referral, bound) -> dict:
    view = shared_view(referral)
    if view is not None:
        # No client code: this entry sits in the receiver's audit log, which its
        # supervisors keep reading after the referral's access has ended.
        record_referral_read(request, referral, "referral_shared", referral.to_organisation)
    forms = _receiver_forms(request, referral, bound)
    if view is None:
        # Without the shared view B cannot accept; declining stays possible.
        forms.pop("accept", None)
    context = {
        "view": view,
        "shared": shared_rows(view) if view is not None else [],
        "notice": "" if view is not None else closed_notice(referral),
        "forms": forms,
        "receiving_case": referral.receiving_case,
    }
    if "service" in forms:
        case = referral.receiving_case
        context["consent_url"] = reverse("cases:consent_list", args=[case.pk])
        context["services_consent"] = has_consent(case.client, ConsentKind.SERVICES)
    return context


def _sender_context(request, referral, bound) -> dict:
    # The sender's page shows the message and the withdrawal note: read like the API's.
    record_referral_read(
        request, referral, "referral", referral.from_organisation, client=referral.client.code
    )
    forms = {}
    if referral.is_open:
        forms["withdraw"] = bound.get("withdraw") or WithdrawForm(
            prefix="withdraw", initial={"version": referral.version}
        )
    return {"forms": forms, "from_case": referral.from_case}


def _render(request, referral, side, *, bound=None, status=200, stale=None, error=""):
    bound = bound or {}
    if side == RECEIVER:
        context = _receiver_context(request, referral, bound)
    else:
        context = _sender_context(request, referral, bound)
    context.update(
        {
            "referral": referral,
            "side": side,
            "stale": stale,
            "error": error,
            "is_receiver": side == RECEIVER,
        }
    )
    response = render(request, "referrals/detail.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _answer(request, referral_id, side, name, form_class, action, done, *, form_kwargs):
    """Validate the answer `name`, run `action(referral, data)`, answer with the right status.

    A stale copy is 409 with what changed; a step the status no longer allows is 409
    with a message; any other refusal is 400 beside the form. The page shown after a
    refusal is built from the referral as it is now.
    """
    referral, side = get_referral_for_user(request.user, referral_id, side=side)
    form = form_class(request.POST, prefix=name, **form_kwargs(referral))
    if not form.is_valid():
        return _render(request, referral, side, bound={name: form}, status=400)
    try:
        action(referral, form.cleaned_data)
    except StaleEditError as error:
        current, side = get_referral_for_user(request.user, referral.pk)
        if form.cleaned_data.get("version", 0) > getattr(error.current, "version", 0):
            # A version never saved: a tampered page, not someone else's edit.
            return _render(request, current, side, error=str(OUT_OF_DATE), status=400)
        return _render(request, current, side, stale=stale_notice(error), status=409)
    except ValidationError as error:
        current, side = get_referral_for_user(request.user, referral.pk)
        if getattr(error, "code", None) == "wrong_status":
            return _render(request, current, side, error=error.messages[0], status=409)
        copy_errors(form, error)
        return _render(request, current, side, bound={name: form}, status=400)
    messages.success(request, done)
    return redirect("referrals:detail", referral_id=referral.pk)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def referral_detail(request, referral_id):
    referral, side = get_referral_for_user(request.user, referral_id)
    return _render(request, referral, side)


def _accept_kwargs(request):
    def kwargs(referral):
        supervises = may_assign_on_accept(request.user, referral)
        return {"caseworkers": active_caseworkers(referral.to_organisation) if supervises else None}

    return kwargs


@never_cache
@login_required
@require_POST
def referral_accept(request, referral_id):
    def action(referral, data):
        steps.accept_referral(
            request.user,
            referral,
            expected_version=data["version"],
            caseworker=data.get("caseworker"),
            services_consent_method=data["services_consent"],
            request=request,
        )

    return _answer(
        request,
        referral_id,
        RECEIVER,
        "accept",
        AcceptForm,
        action,
        _("Referral accepted: your organisation's own case for the client is open."),
        form_kwargs=_accept_kwargs(request),
    )


@never_cache
@login_required
@require_POST
def referral_decline(request, referral_id):
    def action(referral, data):
        steps.decline_referral(
            request.user,
            referral,
            expected_version=data["version"],
            reason=data["reason"],
            note=data["note"],
            request=request,
        )

    return _answer(
        request,
        referral_id,
        RECEIVER,
        "decline",
        DeclineForm,
        action,
        _("Referral declined. The sending organisation was told."),
        form_kwargs=lambda referral: {},
    )


@never_cache
@login_required
@require_POST
def referral_withdraw(request, referral_id):
    def action(referral, data):
        steps.withdraw_referral(
            request.user,
            referral,
            expected_version=data["version"],
            note=data["note"],
            request=request,
        )

    return _answer(
        request,
        referral_id,
        SENDER,
        "withdraw",
        WithdrawForm,
        action,
        _("Referral withdrawn: the receiving organisation no longer sees her details."),
        form_kwargs=lambda referral: {},
    )


@never_cache
@login_required
@require_POST
def referral_record_service(request, referral_id):
    """Record the referred service in the receiving organisation's own case; the
    referral completes through the cases app's hook."""
    referral, side = get_referral_for_user(request.user, referral_id, side=RECEIVER)
    if referral.status != ReferralStatus.ACCEPTED or referral.receiving_case_id is None:
        message = steps.wrong_status(referral).messages[0]
        return _render(request, referral, side, error=message, status=409)
    try:
        case = get_case_for_user(request.user, referral.receiving_case_id, write=True)
    except CaseClosedError as closed:
        return _render(request, referral, side, error=str(closed), status=409)
    form = ServiceRecordForm(request.POST, prefix="service", referral=referral)
    if not form.is_valid():
        return _render(request, referral, side, bound={"service": form}, status=400)
    try:
        steps.record_referred_service(
            request.user,
            referral,
            case,
            date=form.cleaned_data["date"],
            notes=form.cleaned_data["notes"],
            request=request,
        )
    except CaseClosedError as closed:
        return _render(request, referral, side, error=str(closed), status=409)
    except ValidationError as error:
        current, side = get_referral_for_user(request.user, referral.pk)
        if getattr(error, "code", None) == "wrong_status":
            return _render(request, current, side, error=error.messages[0], status=409)
        copy_errors(form, error)
        return _render(request, current, side, bound={"service": form}, status=400)
    referral, side = get_referral_for_user(request.user, referral.pk)
    if referral.status == ReferralStatus.COMPLETED:
        messages.success(request, _("Service recorded: the referral is completed."))
    else:
        messages.success(request, _("Service recorded in your case."))
    return redirect("referrals:detail", referral_id=referral.pk)
