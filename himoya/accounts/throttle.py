"""Sign-in throttle: too many failures for one username or one address lock both out.

Failures are counted within a sliding window (HIMOYA_LOGIN_LOCK_MINUTES). Counting by
address as well as by username stops one machine from guessing across many accounts.
Failures are recorded for unknown usernames too, so the throttle never reveals which
usernames exist.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from himoya.accounts.models import LoginFailure


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _window() -> timedelta:
    return timedelta(minutes=settings.HIMOYA_LOGIN_LOCK_MINUTES)


def _unlock_time(times: list[datetime]) -> datetime | None:
    """When fewer than the allowed number of these failures will remain in the window."""
    limit = settings.HIMOYA_LOGIN_MAX_FAILURES
    if len(times) < limit:
        return None
    times = sorted(times)
    return times[len(times) - limit] + _window()


def locked_until(username: str, ip_address: str | None) -> datetime | None:
    """The moment sign-in opens again for this username and address, or None if open now."""
    since = timezone.now() - _window()
    username = normalise_username(username)
    match = Q(username=username)
    if ip_address:
        match |= Q(ip_address=ip_address)
    rows = list(
        LoginFailure.objects.filter(match, at__gte=since).values_list(
            "username", "ip_address", "at"
        )
    )
    by_username = [at for name, _ip, at in rows if name == username]
    by_address = [at for _name, ip, at in rows if ip_address and ip == ip_address]
    candidates = [t for t in (_unlock_time(by_username), _unlock_time(by_address)) if t]
    return max(candidates) if candidates else None


def record_failure(username: str, ip_address: str | None) -> None:
    # Failures older than the window count for nothing; dropping them here keeps the table small.
    forget_old_failures()
    LoginFailure.objects.create(username=normalise_username(username), ip_address=ip_address)


def clear_failures(username: str) -> None:
    """A successful sign-in forgives that username's failures (not the address's)."""
    LoginFailure.objects.filter(username=normalise_username(username)).delete()


def forget_old_failures() -> int:
    """Delete failures outside the window; they no longer count for anything."""
    deleted, _detail = LoginFailure.objects.filter(at__lt=timezone.now() - _window()).delete()
    return deleted
