"""People who use Himoya, the organisations they work for and their roles there."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from himoya.accounts.roles import held_roles, holds_any
from himoya.core.roles import Role
from himoya.directory.models import Organisation


class Profession(models.TextChoices):
    STATE_LAWYER = "state_lawyer", _("state lawyer")
    ADVOCATE = "advocate", _("advocate")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    SOCIAL_WORKER = "social_worker", _("social worker")
    DOCTOR = "doctor", _("doctor")
    HOTLINE_OPERATOR = "hotline_operator", _("hotline operator")
    OTHER = "other", _("other")


# Roles whose holders can read survivors' records; they must use two-factor sign-in.
CASE_DATA_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.HOTLINE_OPERATOR})


class User(AbstractUser):
    profession = models.CharField(
        _("profession"), max_length=30, choices=Profession.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    # Set by an admin's password reset: the temporary password opens only the page that
    # replaces it.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def roles_in(self, organisation) -> set[Role]:
        """The roles this user holds in `organisation` now (active memberships, read afresh).

        Apps below accounts (directory.access) ask the user object, as Django's
        user.has_perm is asked, so that they need not import accounts.
        """
        role = held_roles(self, fresh=True).get(organisation.pk)
        return set() if role is None else {role}

    def can_read_case_data(self) -> bool:
        return holds_any(self, CASE_DATA_ROLES, fresh=True)


class Membership(models.Model):
    """A user's role in one organisation. A user may hold roles in several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation.slug}: {self.role}"


class LoginFailure(models.Model):
    """One failed sign-in, kept to throttle guessing by account and by address."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with the full secret, shown to the user once."""
        prefix = secrets.token_hex(6)
        secret = f"hmy_{prefix}_{secrets.token_urlsafe(32)}"
        token = cls.objects.create(
            user=user, name=name, prefix=prefix, key_hash=cls.hash_secret(secret)
        )
        return token, secret
