"""The health check: the database takes a write, attachments have room, cron still runs.

`/healthz` answers 503 when any check fails, so a monitor notices a full disk or a
stopped cron before users do. The body is small JSON without any personal data.
"""

import datetime
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from himoya.ops.models import HealthProbe, ScheduledRun

# The scheduled commands, by the name the `himoya` command gives them.
REFERRALS_EXPIRE = "referrals expire"
RETENTION_RUN = "retention run"


def allowed_intervals() -> dict[str, datetime.timedelta]:
    """How long each scheduled command may go without a successful run."""
    return {
        REFERRALS_EXPIRE: datetime.timedelta(
            minutes=settings.HIMOYA_HEALTH_REFERRALS_EXPIRE_MINUTES
        ),
        RETENTION_RUN: datetime.timedelta(hours=settings.HIMOYA_HEALTH_RETENTION_HOURS),
    }


def record_run(command: str) -> None:
    """Note a successful run of a scheduled command (call it at the end of the command)."""
    now = timezone.now()
    with transaction.atomic():
        ScheduledRun.objects.update_or_create(
            command=command,
            defaults={"last_success_at": now},
            create_defaults={"last_success_at": now, "first_checked_at": now},
        )


def _update_probe(now) -> int:
    with transaction.atomic():
        return HealthProbe.objects.filter(pk=1).update(checked_at=now)


def check_database(now) -> bool:
    """Write and commit one row: a full disk or a read-only database fails here."""
    try:
        if _update_probe(now):
            return True
        try:
            with transaction.atomic():
                HealthProbe.objects.create(pk=1, checked_at=now)
        except IntegrityError:
            # Another check created the row at the same moment (or the insert was refused).
            return bool(_update_probe(now))
    except DatabaseError:
        return False
    return True


def check_attachments() -> str:
    """ "ok", "not_writable" or "low_space" for the attachment folder."""
    root = Path(settings.HIMOYA_ATTACHMENT_DIR)
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        # A real write (os.access says yes to root on a read-only mount).
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-") as probe:
            probe.write(b"ok")
            probe.flush()
            os.fsync(probe.fileno())
        free = shutil.disk_usage(root).free
    except OSError:
        return "not_writable"
    if free < settings.HIMOYA_HEALTH_MIN_FREE_MB * 1024 * 1024:
        return "low_space"
    return "ok"


def _scheduled_run(command: str, now) -> ScheduledRun:
    try:
        with transaction.atomic():
            run, _created = ScheduledRun.objects.get_or_create(
                command=command, defaults={"first_checked_at": now}
            )
    except IntegrityError:
        run = ScheduledRun.objects.get(command=command)
    return run


def check_scheduled(now) -> dict[str, dict]:
    """Each scheduled command: ok, or overdue when its last success (or, for a command that
    never ran, the health check's first look at it) is older than its allowed interval."""
    found = {}
    for command, interval in allowed_intervals().items():
        run = _scheduled_run(command, now)
        since = run.last_success_at or run.first_checked_at
        found[command.replace(" ", "_")] = {
            "status": "overdue" if now - since > interval else "ok",
            "last_success": run.last_success_at.isoformat() if run.last_success_at else None,
        }
    return found


def health() -> tuple[bool, dict]:
    """(healthy, body) for /healthz."""
    now = timezone.now()
    body: dict = {"database": "ok" if check_database(now) else "fail"}
    body["attachments"] = check_attachments()
    if body["database"] == "ok":
        try:
            body["scheduled"] = check_scheduled(now)
        except DatabaseError:
            body["database"] = "fail"
    healthy = (
        body["database"] == "ok"
        and body["attachments"] == "ok"
        and all(item["status"] == "ok" for item in body.get("scheduled", {}).values())
    )
    return healthy, {"status": "ok" if healthy else "fail", **body}
