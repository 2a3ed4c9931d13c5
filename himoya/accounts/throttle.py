"""Sign-in throttle, counted three ways so that nobody can lock a user out from elsewhere.

- one account from one address (the "pair"): HIMOYA_LOGIN_MAX_FAILURES failures within
  HIMOYA_LOGIN_LOCK_MINUTES lock that account from that address only;
- one address across accounts: HIMOYA_LOGIN_ADDRESS_MAX_FAILURES failures within the same
  window lock that address for every account (one machine guessing many accounts);
- one account across addresses: HIMOYA_LOGIN_ACCOUNT_MAX_FAILURES failures within
  HIMOYA_LOGIN_ACCOUNT_WINDOW_MINUTES lock the account from every address that has failed
  on it in that window (a guess spread over many machines). An address with no failure on
  the account, the owner's own, still signs in.

So wrong passwords typed anywhere else never keep the owner out of their account, and a
locked address never keeps anyone else out. Failures are recorded for unknown usernames
too, so the throttle never reveals which usernames exist.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from himoya.accounts.models import LoginFailure

PAIR, ADDRESS, ACCOUNT = "pair", "address", "account"


@dataclass(frozen=True)
class Lock:
    scope: str  # PAIR, ADDRESS or ACCOUNT
    until: datetime


class Locked(Exception):
    """Raised by a service that checks a password while its throttle is locked."""

    def __init__(self, lock: Lock):
        super().__init__(lock.scope)
        self.lock = lock


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _short_window() -> timedelta:
    return timedelta(minutes=settings.HIMOYA_LOGIN_LOCK_MINUTES)


def _account_window() -> timedelta:
    return timedelta(minutes=settings.HIMOYA_LOGIN_ACCOUNT_WINDOW_MINUTES)


def _longest_window() -> timedelta:
    return max(_short_window(), _account_window())


def _unlock_time(times: list[datetime], limit: int, window: timedelta) -> datetime | None:
    """When fewer than `limit` of these failures will remain in the window (None: open)."""
    if len(times) < limit:
        return None
    times = sorted(times)
    return times[len(times) - limit] + window


def _same_address(ip_address: str | None) -> Q:
    return Q(ip_address=ip_address) if ip_address else Q(ip_address__isnull=True)


def _failures(username: str, ip_address: str | None):
    since = timezone.now() - _longest_window()
    return list(
        LoginFailure.objects.filter(
            Q(username=username) | _same_address(ip_address), at__gte=since
        ).values_list("username", "ip_address", "at")
    )


def _locks(username: str, ip_address: str | None) -> list[Lock]:
    username = normalise_username(username)
    now = timezone.now()
    short_since = now - _short_window()
    rows = _failures(username, ip_address)
    pair = [at for name, ip, at in rows if name == username and ip == ip_address]
    by_address = [at for _name, ip, at in rows if ip == ip_address and at >= short_since]
    by_account = [at for name, _ip, at in rows if name == username]
    locks = []
    until = _unlock_time(
        [at for at in pair if at >= short_since],
        settings.HIMOYA_LOGIN_MAX_FAILURES,
        _short_window(),
    )
    if until:
        locks.append(Lock(PAIR, until))
    until = _unlock_time(by_address, settings.HIMOYA_LOGIN_ADDRESS_MAX_FAILURES, _short_window())
    if until:
        locks.append(Lock(ADDRESS, until))
    until = _unlock_time(by_account, settings.HIMOYA_LOGIN_ACCOUNT_MAX_FAILURES, _account_window())
    if until and pair:
        # Locked only where this address has failed on the account; open again when the
        # account drops below the limit or this address's failures leave the window.
        locks.append(Lock(ACCOUNT, min(until, max(pair) + _account_window())))
    return locks


def current_lock(username: str, ip_address: str | None) -> Lock | None:
    """The lock that keeps this account shut from this address longest, or None."""
    locks = _locks(username, ip_address)
    return max(locks, key=lambda lock: lock.until) if locks else None


def locked_until(username: str, ip_address: str | None) -> datetime | None:
    """The moment sign-in opens again for this account from this address, or None if open."""
    lock = current_lock(username, ip_address)
    return lock.until if lock else None


def record_failure(username: str, ip_address: str | None) -> list[str]:
    """Count one failure; return the scopes whose limit this very failure reached.

    Attempts while locked are refused before they are checked and so are never counted;
    a count that reaches its limit exactly marks the start of a lock.
    """
    # Failures older than every window count for nothing; dropping them keeps the table small.
    forget_old_failures()
    username = normalise_username(username)
    LoginFailure.objects.create(username=username, ip_address=ip_address)
    short_since = timezone.now() - _short_window()
    rows = _failures(username, ip_address)
    counts = {
        PAIR: sum(
            1
            for name, ip, at in rows
            if name == username and ip == ip_address and at >= short_since
        ),
        ADDRESS: sum(1 for _name, ip, at in rows if ip == ip_address and at >= short_since),
        ACCOUNT: sum(1 for name, _ip, _at in rows if name == username),
    }
    limits = {
        PAIR: settings.HIMOYA_LOGIN_MAX_FAILURES,
        ADDRESS: settings.HIMOYA_LOGIN_ADDRESS_MAX_FAILURES,
        ACCOUNT: settings.HIMOYA_LOGIN_ACCOUNT_MAX_FAILURES,
    }
    return [scope for scope in (PAIR, ADDRESS, ACCOUNT) if counts[scope] == limits[scope]]


def clear_failures(username: str, ip_address: str | None) -> None:
    """A successful sign-in forgives the failures of that account from that address only.

    Failures from other addresses stay: a success of the owner must not reset the count
    of someone guessing elsewhere.
    """
    LoginFailure.objects.filter(
        _same_address(ip_address), username=normalise_username(username)
    ).delete()


def forget_account_failures(username: str) -> None:
    """A new password (an admin's reset) makes every earlier guess at the account moot:
    the owner, told to ask the admin, must not stay locked out with the new one."""
    LoginFailure.objects.filter(username=normalise_username(username)).delete()


def forget_old_failures() -> int:
    """Delete failures outside every window; they no longer count for anything."""
    deleted, _detail = LoginFailure.objects.filter(
        at__lt=timezone.now() - _longest_window()
    ).delete()
    return deleted
