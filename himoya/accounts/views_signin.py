"""Sign-in, second factor, sign-out, and TOTP enrolment.

A correct password alone does not sign in a user who has an authenticator: the session
only remembers who is half-way (for a few minutes) until the code is checked, so no
half-signed-in session ever exists for them.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from himoya.accounts import services, throttle, twofactor
from himoya.accounts.forms import LoginForm, OtpForm
from himoya.accounts.models import User
from himoya.audit.models import AuditAction
from himoya.audit.services import client_ip, record

PENDING_USER = "himoya_pending_user"
PENDING_AT = "himoya_pending_at"
PENDING_NEXT = "himoya_pending_next"
PENDING_SECONDS = 300


def safe_next(request, candidate) -> str:
    """`candidate` if it points into this site, else the empty string."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def locked_message(until) -> str:
    local = timezone.localtime(until)
    minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
    return _(
        "Too many failed sign-in attempts. Try again after %(time)s (in about %(minutes)d minutes)."
    ) % {"time": formats.time_format(local, "TIME_FORMAT"), "minutes": minutes}


def _locked_response(request, template, context, until):
    context["locked_message"] = locked_message(until)
    return render(request, template, context, status=429)


def _fail(request, username: str, reason: str) -> None:
    services.record_sign_in_failure(username, reason, request=request)


def _complete_sign_in(request, user, device, next_url: str):
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    for key in (PENDING_USER, PENDING_AT, PENDING_NEXT):
        request.session.pop(key, None)
    throttle.clear_failures(user.username, client_ip(request))
    record(
        AuditAction.SIGN_IN,
        actor=user,
        request=request,
        detail={"second_factor": device is not None},
    )
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


@sensitive_post_parameters("password")
@never_cache
def login_view(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = LoginForm(request.POST if request.method == "POST" else None, initial={"next": next_url})
    context = {"form": form, "next": next_url}
    if request.method != "POST":
        return render(request, "accounts/login.html", context)
    if not form.is_valid():
        return render(request, "accounts/login.html", context, status=400)
    username = form.cleaned_data["username"]
    until = throttle.locked_until(username, client_ip(request))
    if until:
        record(
            AuditAction.SIGN_IN_FAILED,
            request=request,
            actor=None,
            detail={"username": username[:150], "reason": "locked"},
        )
        return _locked_response(request, "accounts/login.html", context, until)
    user = authenticate(request, username=username, password=form.cleaned_data["password"])
    if user is None:
        _fail(request, username, "password")
        until = throttle.locked_until(username, client_ip(request))
        if until:
            return _locked_response(request, "accounts/login.html", context, until)
        # The same words whether or not the username exists.
        form.add_error(None, _("The username or password is not correct."))
        return render(request, "accounts/login.html", context, status=400)
    if twofactor.has_totp(user):
        request.session.cycle_key()
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_AT] = time.time()
        request.session[PENDING_NEXT] = next_url
        return redirect("accounts:verify")
    return _complete_sign_in(request, user, None, next_url)


def _verification_subject(request):
    """(user, pending): the half-signed-in user, or the signed-in but unverified one."""
    pending_id = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT, 0)
    if pending_id and time.time() - started < PENDING_SECONDS:
        user = User.objects.filter(pk=pending_id, is_active=True).first()
        if user is not None:
            return user, True
    if request.user.is_authenticated:
        return request.user, False
    return None, False


@never_cache
def verify_view(request):
    user, pending = _verification_subject(request)
    if user is None:
        messages.warning(request, _("Your sign-in took too long. Please sign in again."))
        return redirect("accounts:login")
    if not pending and request.user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    if not twofactor.has_any_device(user):
        return redirect("accounts:enrol" if not pending else "accounts:login")
    next_url = request.session.get(PENDING_NEXT, "") if pending else ""
    next_url = safe_next(request, next_url or request.GET.get("next"))
    form = OtpForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    if request.method != "POST":
        return render(request, "accounts/verify.html", context)
    if not form.is_valid():
        return render(request, "accounts/verify.html", context, status=400)
    until = throttle.locked_until(user.username, client_ip(request))
    if until:
        record(
            AuditAction.SIGN_IN_FAILED,
            request=request,
            actor=None,
            detail={"username": user.username, "reason": "locked"},
        )
        return _locked_response(request, "accounts/verify.html", context, until)
    device = twofactor.match_code(user, form.cleaned_data["otp_token"])
    if device is None:
        _fail(request, user.username, "second_factor")
        until = throttle.locked_until(user.username, client_ip(request))
        if until:
            return _locked_response(request, "accounts/verify.html", context, until)
        form.add_error("otp_token", _("This code is not correct or was already used."))
        return render(request, "accounts/verify.html", context, status=400)
    if pending:
        return _complete_sign_in(request, user, device, next_url)
    otp_login(request, device)
    throttle.clear_failures(user.username, client_ip(request))
    record(AuditAction.SIGN_IN, actor=user, request=request, detail={"second_factor": True})
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def logout_view(request):
    # Signing out is a POST (a link must not sign anyone out); a typed or bookmarked
    # address gets a page with the button instead of an empty 405.
    if request.method != "POST":
        return render(request, "accounts/logout.html")
    if request.user.is_authenticated:
        record(AuditAction.SIGN_OUT, actor=request.user, request=request)
    auth_logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("accounts:login")


def _needs_verification(request) -> bool:
    """A user with a device must prove it before changing their second factor."""
    return twofactor.has_any_device(request.user) and not request.user.is_verified()


@never_cache
@login_required
def enrol_view(request):
    if _needs_verification(request):
        return redirect("accounts:verify")
    device = twofactor.pending_totp_device(request.user)
    form = OtpForm(request.POST if request.method == "POST" else None)
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device.config_url),
        "secret": twofactor.secret_base32(device),
        "already_enrolled": twofactor.has_totp(request.user),
    }
    if request.method != "POST":
        return render(request, "accounts/enrol.html", context)
    if form.is_valid() and twofactor.confirm_totp(device, form.cleaned_data["otp_token"]):
        otp_login(request, device)
        codes = twofactor.replace_recovery_codes(request.user)
        services.record_two_factor_enrolled(request.user, request=request)
        messages.success(request, _("Two-factor sign-in is on."))
        return render(request, "accounts/recovery_codes_new.html", {"codes": codes})
    if form.is_valid():
        form.add_error("otp_token", _("This code is not correct. Check the time on your phone."))
    return render(request, "accounts/enrol.html", context, status=400)


@never_cache
@login_required
def recovery_codes_view(request):
    if _needs_verification(request):
        return redirect("accounts:verify")
    if not twofactor.has_totp(request.user):
        return redirect("accounts:enrol")
    if request.method == "POST":
        codes = twofactor.replace_recovery_codes(request.user)
        return render(request, "accounts/recovery_codes_new.html", {"codes": codes})
    return render(
        request,
        "accounts/recovery_codes.html",
        {"remaining": twofactor.remaining_recovery_codes(request.user)},
    )
