"""Retention: what `himoya retention run` does, gathered from the apps that keep data.

Identifying data is kept HIMOYA_RETENTION_YEARS (cutoff() is that day in the past). Each
app whose records must then be forgotten registers a RetentionTask in its
AppConfig.ready(); the command (clients' retention_run) runs the tasks in the order
they were registered, which is the order of INSTALLED_APPS: lower apps first. core
imports no app, so this is how the command finds the cases' clients and the hotline's
calls without importing them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone


def cutoff(now=None, years=None) -> datetime.datetime:
    """The moment `years` (default HIMOYA_RETENTION_YEARS) before `now`."""
    now = now or timezone.now()
    years = years or settings.HIMOYA_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


@dataclass(frozen=True)
class RetentionTask:
    """One app's part of the run: `run(write, dry_run=..., years=...)` forgets what is
    past `cutoff(years=years)` (or, with dry_run, only says what it would forget) and
    reports each step as lines through `write`."""

    name: str
    run: Callable[..., None]


_tasks: list[RetentionTask] = []


def register_retention_task(task: RetentionTask) -> None:
    if all(registered.name != task.name for registered in _tasks):
        _tasks.append(task)


def retention_tasks() -> list[RetentionTask]:
    return list(_tasks)
