"""Organisation admins manage their own organisation's users, and nothing else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from himoya.accounts import services, twofactor
from himoya.accounts.access import get_member_for_admin
from himoya.accounts.forms import MemberCreateForm, MemberEditForm
from himoya.accounts.models import Membership
from himoya.core.roles import Role
from himoya.core.versioning import StaleEditError, describe_changes
from himoya.directory.access import get_organisation_for_user


def _admin_organisation(request, slug):
    return get_organisation_for_user(request.user, slug, roles=(Role.ORG_ADMIN,))


def _copy_errors(form, error: ValidationError) -> None:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    for field, field_errors in errors.items():
        for message in field_errors:
            form.add_error(field if field in form.fields else None, message)


def _render_members(request, organisation, status=200):
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )
    enrolled = twofactor.users_with_totp([m.user_id for m in memberships])
    return render(
        request,
        "accounts/members.html",
        {"organisation": organisation, "memberships": memberships, "enrolled": enrolled},
        status=status,
    )


@never_cache
@login_required
def members(request, slug):
    return _render_members(request, _admin_organisation(request, slug))


@never_cache
@login_required
def member_add(request, slug):
    organisation = _admin_organisation(request, slug)
    form = MemberCreateForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(
            request, "accounts/member_add.html", {"organisation": organisation, "form": form}
        )
    if form.is_valid():
        typed_password = form.cleaned_data.pop("password")
        try:
            user, password = services.create_member(
                request.user,
                organisation,
                password=typed_password,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            return render(
                request,
                "accounts/member_created.html",
                {
                    "organisation": organisation,
                    "member": user,
                    "password": None if typed_password else password,
                },
                status=201,
            )
    return render(
        request,
        "accounts/member_add.html",
        {"organisation": organisation, "form": form},
        status=400,
    )


@never_cache
@login_required
def member_edit(request, slug, user_id):
    organisation = _admin_organisation(request, slug)
    member = get_member_for_admin(request.user, organisation, user_id)
    membership = Membership.objects.get(user=member, organisation=organisation)
    initial = {
        "role": membership.role,
        "is_active": membership.is_active,
        "profession": member.profession,
        "version": member.version,
    }
    form = MemberEditForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {
        "organisation": organisation,
        "member": member,
        "membership": membership,
        "form": form,
        "can_take_over": services.can_take_over(request.user, member),
    }
    if request.method != "POST":
        return render(request, "accounts/member_edit.html", context)
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.update_member(
                request.user,
                organisation,
                member,
                expected_version=data["version"],
                role=data["role"],
                is_active=data["is_active"],
                profession=data["profession"],
                request=request,
            )
        except StaleEditError as error:
            context["stale"] = error
            # "membership" reports the role held now (None once removed).
            context["stale_changes"] = describe_changes(
                form, error.changes, aliases={"membership": "role"}
            )
            context["form"] = MemberEditForm(
                initial={**initial, "version": error.current.version}, data=None
            )
            return render(request, "accounts/member_edit.html", context, status=409)
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            if changed:
                messages.success(request, _("The changes were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("accounts:members", slug=organisation.slug)
    return render(request, "accounts/member_edit.html", context, status=400)


@require_POST
@login_required
def member_remove(request, slug, user_id):
    organisation = _admin_organisation(request, slug)
    member = get_member_for_admin(request.user, organisation, user_id)
    try:
        services.remove_membership(request.user, organisation, member, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render_members(request, organisation, status=400)
    messages.success(
        request,
        _("%(username)s no longer belongs to this organisation.") % {"username": member.username},
    )
    return redirect("accounts:members", slug=organisation.slug)


@require_POST
@login_required
def member_reset_2fa(request, slug, user_id):
    organisation = _admin_organisation(request, slug)
    member = get_member_for_admin(request.user, organisation, user_id)
    services.reset_two_factor(request.user, organisation, member, request=request)
    messages.success(
        request,
        _(
            "Two-factor sign-in of %(username)s was reset; they will set it up again at their next sign-in."
        )
        % {"username": member.username},
    )
    return redirect("accounts:members", slug=organisation.slug)


@require_POST
@never_cache
@login_required
def member_reset_password(request, slug, user_id):
    """Reset a member's password to a temporary one, shown to the admin on this page only."""
    organisation = _admin_organisation(request, slug)
    member = get_member_for_admin(request.user, organisation, user_id)
    password = services.reset_password(request.user, organisation, member, request=request)
    return render(
        request,
        "accounts/member_password_reset.html",
        {"organisation": organisation, "member": member, "password": password},
    )
