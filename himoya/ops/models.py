"""What the health check needs to remember: scheduled runs and its own write probe."""

from django.db import models


class ScheduledRun(models.Model):
    """The last successful run of one scheduled command (`referrals expire`, ...).

    `first_checked_at` is when the health check first looked for the command: on a fresh
    install that never ran it, the allowed interval is counted from then, not from never.
    """

    command = models.CharField(max_length=60, unique=True)
    first_checked_at = models.DateTimeField()
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.command


class HealthProbe(models.Model):
    """One row the health check rewrites on every call: proof the database takes a write."""

    checked_at = models.DateTimeField()
