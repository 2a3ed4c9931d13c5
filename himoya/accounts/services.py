"""Writes to users, memberships and API tokens, each in a transaction with an audit entry.

Views and API endpoints check rights (through himoya.accounts.access) and validate
input; these functions enforce the rules that hold whoever calls them.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.accounts import throttle, twofactor
from himoya.accounts.models import ApiToken, Membership, Profession, User
from himoya.accounts.roles import organisations_where
from himoya.accounts.signals import account_sign_in_locked
from himoya.audit.history import fields_changed_after
from himoya.audit.models import AuditAction, AuditEntry
from himoya.audit.services import client_ip, record
from himoya.core.roles import Role
from himoya.core.versioning import StaleEditError, bump_version
from himoya.directory.models import Organisation
from himoya.directory.services import create_organisation

# Audit actions whose entries carry {"user_id", "version", "changed"} for a user edit.
VERSIONED_ACTIONS = (
    AuditAction.USER_CHANGED,
    AuditAction.MEMBERSHIP_CHANGED,
    AuditAction.MEMBERSHIP_CREATED,
    AuditAction.MEMBERSHIP_REMOVED,
)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def _check_can_manage(actor, user) -> None:
    """Organisation admins never manage platform superusers."""
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied


def _other_active_admins(organisation, user) -> int:
    return (
        Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN, is_active=True)
        .exclude(user=user)
        .count()
    )


def _refuse_last_admin(actor, organisation, membership, role, is_active) -> None:
    """An organisation keeps at least one active admin, unless a superuser decides otherwise."""
    if actor.is_superuser:
        return
    was_admin = membership.role == Role.ORG_ADMIN and membership.is_active
    stays_admin = role == Role.ORG_ADMIN and is_active
    if was_admin and not stays_admin and _other_active_admins(organisation, membership.user) == 0:
        raise ValidationError(
            _("The organisation must keep at least one active organisation admin.")
        )


def create_member(
    actor,
    organisation,
    *,
    username: str,
    role: str,
    profession: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str = "",
    request=None,
) -> tuple[User, str]:
    """Create a new user with a role in `organisation`.

    Returns the user and the initial password (typed by the admin or generated), which
    is shown to the admin once and never stored in clear.
    """
    username = username.strip()
    errors = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [
            _("This username is taken. Choose another one; existing users cannot be added here.")
        ]
    if role not in Role.values:
        errors["role"] = [_("Choose a valid role.")]
    if profession and profession not in Profession.values:
        errors["profession"] = [_("Choose a valid profession.")]
    if errors:
        raise ValidationError(errors)
    password = password or generate_password()
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
            profession=profession,
            # The admin saw this password: the person replaces it at the first sign-in.
            must_change_password=True,
        )
        try:
            user.full_clean(exclude=["password"])
            validate_password(password, user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({"password": error.messages}) from None
        user.set_password(password)
        user.save()
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        record(
            AuditAction.USER_CREATED,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=user,
            detail={"user_id": user.pk, "username": user.username, "profession": profession},
        )
        record(
            AuditAction.MEMBERSHIP_CREATED,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=membership,
            detail={"user_id": user.pk, "username": user.username, "role": role, "version": 1},
        )
    return user, password


def changed_since(user, version: int, organisation=None) -> dict:
    """Fields of `user` changed after `version`, with their current values (for a 409).

    Role and active flag are reported as they stand in `organisation`.
    """
    # A member's edit writes its entries about the user or the membership, each with
    # the user's id and new version in the detail.
    fields = fields_changed_after(
        user,
        version,
        actions=VERSIONED_ACTIONS,
        entries=AuditEntry.objects.filter(detail__user_id=user.pk),
    )
    membership = None
    if organisation is not None:
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
    current = {
        "profession": user.profession,
        "role": membership.role if membership else None,
        "is_active": membership.is_active if membership else None,
        "membership": membership.role if membership else None,
    }
    return {name: current.get(name) for name in fields}


def update_member(
    actor,
    organisation,
    user,
    *,
    expected_version: int,
    role: str | None = None,
    is_active: bool | None = None,
    profession: str | None = None,
    request=None,
) -> list[str]:
    """Change a member's role, active flag (in this organisation) and profession.

    Refuses a stale edit (User.version moved on) with StaleEditError naming what changed.
    Returns the names of the fields that changed.
    """
    _check_can_manage(actor, user)
    if role is not None and role not in Role.values:
        raise ValidationError({"role": [_("Choose a valid role.")]})
    if profession is not None and profession and profession not in Profession.values:
        raise ValidationError({"profession": [_("Choose a valid profession.")]})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.version != expected_version:
            raise StaleEditError(locked, changed_since(locked, expected_version, organisation))
        membership = (
            Membership.objects.select_for_update()
            .filter(user=locked, organisation=organisation)
            .first()
        )
        if membership is None:
            raise Http404
        new_role = membership.role if role is None else role
        new_active = membership.is_active if is_active is None else is_active
        _refuse_last_admin(actor, organisation, membership, new_role, new_active)
        membership_changes = {}
        if new_role != membership.role:
            membership_changes["role"] = [membership.role, new_role]
        if new_active != membership.is_active:
            membership_changes["is_active"] = [membership.is_active, new_active]
        user_changes = {}
        if profession is not None and profession != locked.profession:
            user_changes["profession"] = [locked.profession, profession]
        if not membership_changes and not user_changes:
            return []
        locked.profession = profession if profession is not None else locked.profession
        bump_version(locked, update_fields=["profession"])
        if membership_changes:
            membership.role, membership.is_active = new_role, new_active
            membership.save(update_fields=["role", "is_active"])
            record(
                AuditAction.MEMBERSHIP_CHANGED,
                actor=actor,
                request=request,
                organisation=organisation,
                obj=membership,
                detail={
                    "user_id": locked.pk,
                    "version": locked.version,
                    "changed": membership_changes,
                },
            )
        if user_changes:
            record(
                AuditAction.USER_CHANGED,
                actor=actor,
                request=request,
                organisation=organisation,
                obj=locked,
                detail={"user_id": locked.pk, "version": locked.version, "changed": user_changes},
            )
    user.version, user.profession = locked.version, locked.profession
    return sorted({*membership_changes, *user_changes})


def remove_membership(actor, organisation, user, *, request=None) -> None:
    """Take `user` out of `organisation`; the account itself stays for their other work."""
    _check_can_manage(actor, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        membership = (
            Membership.objects.select_for_update()
            .filter(user=locked, organisation=organisation)
            .first()
        )
        if membership is None:
            raise Http404
        _refuse_last_admin(actor, organisation, membership, role=None, is_active=False)
        membership_id, role = membership.pk, membership.role
        membership.delete()
        bump_version(locked, update_fields=[])
        record(
            AuditAction.MEMBERSHIP_REMOVED,
            actor=actor,
            request=request,
            organisation=organisation,
            object_type="accounts.membership",
            object_id=membership_id,
            detail={
                "user_id": locked.pk,
                "username": locked.username,
                "role": role,
                "version": locked.version,
                "changed": {"membership": [role, None]},
            },
        )


def check_can_take_over(actor, user) -> None:
    """Refuse a reset (password or second factor) that could hand `actor` an account
    reaching beyond the organisations they administer.

    Whoever resets a password learns it, and a second-factor reset lets a password
    alone through; so an organisation admin may reset only a member whose every
    membership, active or not, is in an organisation they administer. Everyone else, and every platform
    admin, is reset by a platform superuser. Nobody resets their own account here: they
    change their password on their own page.
    """
    if actor.pk == user.pk:
        raise PermissionDenied
    if actor.is_superuser:
        return
    if user.is_superuser or user.is_staff:
        raise PermissionDenied
    administered = set(organisations_where(actor, [Role.ORG_ADMIN], fresh=True))
    # Inactive memberships count too: another organisation's admin can reactivate one,
    # and whoever reset the password would then hold an account reaching its cases.
    reached = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    if not reached <= administered:
        raise PermissionDenied


def can_take_over(actor, user) -> bool:
    try:
        check_can_take_over(actor, user)
    except PermissionDenied:
        return False
    return True


def reset_password(actor, organisation, user, *, request=None) -> str:
    """Give `user` a one-time temporary password that must be replaced at the next sign-in.

    The password is returned to be shown to the admin once; it is never stored in clear,
    e-mailed or written to the audit log. Every session of the user ends (their session
    hash changes with the password); their API tokens and second factor stay.
    """
    check_can_take_over(actor, user)
    password = generate_password()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.must_change_password = True
        locked.save(update_fields=["password", "must_change_password"])
        throttle.forget_account_failures(locked.username)
        record(
            AuditAction.PASSWORD_RESET,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=locked,
            detail={"user_id": locked.pk, "username": locked.username},
        )
    user.password, user.must_change_password = locked.password, True
    return password


def change_password(user, *, current_password: str, new_password: str, request=None) -> None:
    """The user replaces their password, proving the current one.

    A wrong current password counts as a failed sign-in (so a session left open cannot be
    used to guess it) and raises ValidationError, as do the configured password validators
    and a new password equal to the current one. Other sessions of the user end; the
    caller keeps the current one with update_session_auth_hash.
    """
    lock = throttle.current_lock(user.username, client_ip(request))
    if lock is not None:
        raise throttle.Locked(lock)
    if not user.check_password(current_password or ""):
        record_sign_in_failure(user.username, "password_change", request=request)
        raise ValidationError({"current_password": [_("Your current password is not correct.")]})
    errors = {}
    if new_password == current_password:
        errors["new_password"] = [_("Choose a password different from the current one.")]
    else:
        try:
            validate_password(new_password, user)
        except ValidationError as error:
            errors["new_password"] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(new_password)
        was_temporary = locked.must_change_password
        locked.must_change_password = False
        locked.save(update_fields=["password", "must_change_password"])
        record(
            AuditAction.PASSWORD_CHANGED,
            actor=locked,
            request=request,
            obj=locked,
            detail={"user_id": locked.pk, "replaced_temporary": was_temporary},
        )
    user.password, user.must_change_password = locked.password, False


def reset_two_factor(actor, organisation, user, *, request=None) -> None:
    """Remove a member's authenticator and recovery codes so they enrol again."""
    check_can_take_over(actor, user)
    with transaction.atomic():
        twofactor.remove_devices(user)
        record(
            AuditAction.TWO_FACTOR_RESET,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=user,
            detail={"user_id": user.pk, "username": user.username},
        )


def issue_token(user, name: str, *, request=None) -> tuple[ApiToken, str]:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": [_("Give the token a name of at most 100 characters.")]})
    with transaction.atomic():
        token, secret = ApiToken.issue(user, name)
        record(
            AuditAction.TOKEN_CREATED,
            actor=user,
            request=request,
            obj=token,
            detail={"name": name, "prefix": token.prefix},
        )
    return token, secret


def revoke_token(user, token: ApiToken, *, request=None) -> None:
    with transaction.atomic():
        detail = {"name": token.name, "prefix": token.prefix}
        token_id = token.pk
        token.delete()
        record(
            AuditAction.TOKEN_REVOKED,
            actor=user,
            request=request,
            object_type="accounts.apitoken",
            object_id=token_id,
            detail=detail,
        )


def record_two_factor_enrolled(user, *, request=None) -> None:
    record(AuditAction.TWO_FACTOR_ENROLLED, actor=user, request=request, obj=user)


def record_sign_in_failure(username: str, reason: str, *, request) -> None:
    """Count and audit a failed password or code; audit each lock it starts.

    When the account-wide limit is reached the account's owner and their organisations'
    admins are told, once per HIMOYA_LOGIN_ACCOUNT_WINDOW_MINUTES: an attack spread over
    many addresses is something they should know about.
    """
    username = username[:150]
    with transaction.atomic():
        scopes = throttle.record_failure(username, client_ip(request))
        record(
            AuditAction.SIGN_IN_FAILED,
            actor=None,
            request=request,
            detail={"username": username, "reason": reason},
        )
        normalised = throttle.normalise_username(username)
        user = User.objects.filter(username__iexact=normalised).first()
        for scope in scopes:
            notify = scope == throttle.ACCOUNT and user is not None and not _told_recently(user)
            detail = {"username": normalised, "scope": scope, "reason": reason}
            organisations = [None]
            if scope != throttle.ADDRESS and user is not None:
                # Each organisation's admins read the lock in their own audit log.
                organisations = [
                    m.organisation
                    for m in Membership.objects.filter(user=user, is_active=True)
                    .select_related("organisation")
                    .order_by("organisation_id")
                ] or [None]
            for organisation in organisations:
                record(
                    AuditAction.SIGN_IN_LOCKED,
                    actor=None,
                    request=request,
                    organisation=organisation,
                    obj=user if scope != throttle.ADDRESS else None,
                    detail=detail,
                )
            if notify:
                account_sign_in_locked.send(sender=User, user=user)


def _told_recently(user) -> bool:
    since = timezone.now() - timedelta(minutes=settings.HIMOYA_LOGIN_ACCOUNT_WINDOW_MINUTES)
    return AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_LOCKED,
        object_type="accounts.user",
        object_id=str(user.pk),
        detail__scope=throttle.ACCOUNT,
        at__gte=since,
    ).exists()


def create_organisation_with_admin(
    actor, *, organisation: dict, admin: dict, request=None
) -> tuple[Organisation, User, str]:
    """The platform admin adds an organisation and its first organisation admin, in one
    transaction: either both exist afterwards, or neither.

    `organisation` holds the directory fields (see directory.services.create_organisation),
    `admin` the new user's username, names, email and profession. The initial password
    is generated, returned once to be shown on screen, and never sent anywhere.
    Field errors come back as "organisation.<field>" and "admin.<field>".
    """
    if not actor.is_superuser:
        raise PermissionDenied
    try:
        with transaction.atomic():
            try:
                created = create_organisation(data=organisation, actor=actor, request=request)
            except ValidationError as error:
                raise ValidationError(_prefixed("organisation", error)) from None
            try:
                user, password = create_member(
                    actor, created, role=Role.ORG_ADMIN, request=request, **admin
                )
            except ValidationError as error:
                raise ValidationError(_prefixed("admin", error)) from None
    except ValidationError as error:
        # Report a taken username with the organisation's own errors, so that one
        # round trip shows everything that needs changing.
        errors = error.message_dict
        username = str(admin.get("username") or "").strip()
        if username and User.objects.filter(username__iexact=username).exists():
            errors.setdefault(
                "admin.username",
                [
                    _(
                        "This username is taken. Choose another one; existing users cannot "
                        "be added here."
                    )
                ],
            )
        raise ValidationError(errors) from None
    return created, user, password


def _prefixed(prefix: str, error: ValidationError) -> dict:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return {
        (prefix if field in ("__all__", NON_FIELD_ERRORS) else f"{prefix}.{field}"): messages
        for field, messages in errors.items()
    }
