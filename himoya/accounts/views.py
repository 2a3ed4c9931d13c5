"""The signed-in user's own pages: "My work" and API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from himoya.accounts import services, throttle, twofactor
from himoya.accounts.access import get_token_for_user
from himoya.accounts.forms import PasswordChangeForm, TokenForm
from himoya.accounts.models import Membership
from himoya.accounts.roles import holds_any
from himoya.accounts.views_signin import locked_message, safe_next
from himoya.core import registry
from himoya.core.collation import sorted_by_name
from himoya.core.roles import Role
from himoya.directory.models import Organisation


def _link(label, name, *args):
    """A link to another app's page; left out if that page is not installed."""
    try:
        return {"label": label, "url": reverse(name, args=args)}
    except NoReverseMatch:
        return None


def _organisation_links(organisation, roles: set[str]) -> list[dict]:
    links = []
    if Role.ORG_ADMIN in roles:
        links += [
            _link(_("Users"), "accounts:members", organisation.slug),
            _link(_("Directory entry"), "directory:manage", organisation.slug),
        ]
    if roles & {Role.ORG_ADMIN, Role.SUPERVISOR}:
        links.append(_link(_("Audit log"), "audit:organisation_log", organisation.slug))
    return [link for link in links if link]


@never_cache
@login_required
def dashboard(request):
    user = request.user
    memberships = sorted_by_name(
        Membership.objects.filter(user=user).select_related("organisation"),
        key=lambda membership: membership.organisation.name,
    )
    rows = [
        {
            "membership": m,
            "links": _organisation_links(m.organisation, {m.role}) if m.is_active else [],
        }
        for m in memberships
    ]
    managed = []
    if user.is_superuser:
        managed = [
            {"organisation": o, "links": _organisation_links(o, {Role.ORG_ADMIN})}
            for o in sorted_by_name(Organisation.objects.all())
        ]
    context = {
        "rows": rows,
        "managed": managed,
        "audit_link": _link(_("Audit log"), "audit:log") if user.is_superuser else None,
        "has_totp": twofactor.has_totp(user),
        "recovery_remaining": twofactor.remaining_recovery_codes(user),
        "token_count": user.api_tokens.count(),
    }
    context["panels"] = _dashboard_panels(user)
    context["dashboard"] = {name: panel for name, panel in context["panels"]}
    return render(request, "accounts/dashboard.html", context)


def _dashboard_panels(user) -> list[tuple[str, registry.Panel]]:
    """(name, panel) of the panels that apps registered (core.registry), in their order:
    a panel is asked only of users who hold one of its roles, and None hides it."""
    panels = []
    for entry in registry.dashboard_panels():
        if entry.roles and not holds_any(user, entry.roles):
            continue
        panel = entry.panel(user)
        if panel is not None:
            panels.append((entry.name, panel))
    return panels


@never_cache
@login_required
def tokens(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
    status = 200
    context = {"form": form}
    if request.method == "POST":
        if form.is_valid():
            try:
                token, secret = services.issue_token(
                    request.user, form.cleaned_data["name"], request=request
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
                status = 400
            else:
                context.update(new_token=token, secret=secret)
                context["form"] = TokenForm()
        else:
            status = 400
    context["tokens"] = request.user.api_tokens.order_by("-created_at")
    return render(request, "accounts/tokens.html", context, status=status)


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_token_for_user(request.user, pk)
    services.revoke_token(request.user, token, request=request)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@sensitive_post_parameters("current_password", "new_password", "new_password_again")
@never_cache
@login_required
def password_change(request):
    """The user replaces their password; after an admin's reset, the only page they reach."""
    user = request.user
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = PasswordChangeForm(
        request.POST if request.method == "POST" else None, initial={"next": next_url}
    )
    context = {"form": form, "temporary": user.must_change_password}
    if request.method != "POST":
        return render(request, "accounts/password_change.html", context)
    if not form.is_valid():
        return render(request, "accounts/password_change.html", context, status=400)
    try:
        services.change_password(
            user,
            current_password=form.cleaned_data["current_password"],
            new_password=form.cleaned_data["new_password"],
            request=request,
        )
    except throttle.Locked as locked:
        context["locked_message"] = locked_message(locked.lock.until)
        return render(request, "accounts/password_change.html", context, status=429)
    except ValidationError as error:
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
        return render(request, "accounts/password_change.html", context, status=400)
    # This session stays signed in; every other session of the user ends.
    update_session_auth_hash(request, user)
    messages.success(request, _("Your password was changed."))
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
