"""The append-only, hash-chained audit log.

Django refuses to change or delete an entry (save() on an existing row, delete(),
queryset update()/delete() all raise). Changes made around Django, straight in the
database, are caught by `verify_chain()` because every entry's hash covers its fields
and the hash of the entry before it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("failed sign-in")
    SIGN_OUT = "sign_out", _("signed out")
    SIGN_IN_LOCKED = "sign_in_locked", _("sign-in locked after failed attempts")
    PASSWORD_CHANGED = "password_changed", _("changed their password")
    PASSWORD_RESET = "password_reset", _("reset a password")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("enrolled two-factor sign-in")
    TWO_FACTOR_RESET = "2fa_reset", _("reset two-factor sign-in")
    USER_CREATED = "user_created", _("created a user")
    USER_CHANGED = "user_changed", _("changed a user")
    MEMBERSHIP_CREATED = "membership_created", _("added a membership")
    MEMBERSHIP_CHANGED = "membership_changed", _("changed a membership")
    MEMBERSHIP_REMOVED = "membership_removed", _("removed a membership")
    DIRECTORY_CREATED = "directory_created", _("created a directory entry")
    DIRECTORY_CHANGED = "directory_changed", _("changed a directory entry")
    DIRECTORY_DELETED = "directory_deleted", _("deleted a directory entry")
    TOKEN_CREATED = "token_created", _("created an API token")
    TOKEN_REVOKED = "token_revoked", _("revoked an API token")
    RECORD_READ = "record_read", _("read a record")
    # Writes to case data (clients, consent, incidents, cases and their sections).
    RECORD_CREATED = "record_created", _("created a record")
    RECORD_CHANGED = "record_changed", _("changed a record")


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("audit entries cannot be changed")

    def bulk_create(self, objs, *args, **kwargs):
        raise AppendOnlyError("append audit entries one by one with audit.services.record()")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")


class AuditEntry(models.Model):
    """One audit event. `entry_hash` covers the fields and the previous entry's hash.

    The actor and organisation are kept as plain ids without a database constraint:
    deleting a user or an organisation must not rewrite (SET_NULL) or remove (CASCADE)
    history, which would break the chain. `actor_name` keeps the name for display.
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["organisation", "id"]),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.actor_name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        if self.id is None or not self.entry_hash:
            # Only record() knows the next id and hash; anything else would break the chain.
            raise AppendOnlyError("append audit entries with audit.services.record()")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditHead(models.Model):
    """A single row holding the newest hash; locking it serialises appends."""

    last_hash = models.CharField(max_length=64)
    last_id = models.BigIntegerField(default=0)
