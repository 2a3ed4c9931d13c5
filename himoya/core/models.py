"""What the core keeps: the shared base of edited records (`Versioned`) and the
Idempotency-Key of creating API requests (core/idempotency.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Versioned(models.Model):
    """A record edited by people: `version` detects edits made on a stale copy.

    Services change `version` only through core.versioning (check_version, bump_version,
    update_versioned); a test fails on a version raised by hand anywhere else.
    """

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class IdempotencyKey(models.Model):
    """A creating API request already answered, so that a repeat is not done twice.

    Only who sent it (the user, and the API token when one was used), the key, a hash
    of the request (method, path, body), the model and id of the record it created and
    the status it answered are kept: never a copy of the answer, which would hold
    decrypted data. A repeat is answered by rendering the record again, under the
    access rules of the moment. Rows older than HIMOYA_IDEMPOTENCY_HOURS are deleted.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.ForeignKey(
        "accounts.ApiToken", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    status_code = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            # A key is the user's own when she signs in with a session, the token's
            # when she sends one: two programs with two tokens never share keys.
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=Q(token__isnull=True),
                name="idempotency_key_per_user",
            ),
            models.UniqueConstraint(
                fields=["token", "key"],
                condition=Q(token__isnull=False),
                name="idempotency_key_per_token",
            ),
        ]

    def __str__(self):
        return f"{self.key} ({self.model} {self.object_id})"
