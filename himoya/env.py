"""Typed readers for settings that come from environment variables.

A malformed value stops start-up with a message naming the variable, so a typo in a
deployment never silently falls back to an unsafe default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must list at least one comma-separated value")
    return items


def env_url(name: str, default: str) -> str:
    """An absolute http(s) URL: anything else (javascript:, a bare word) is refused."""
    from urllib.parse import urlsplit

    raw = os.environ.get(name) or default
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL; got {raw!r}")
    return raw.strip()


def env_hosts(name: str, default: list[str]) -> list[str]:
    """Host names for ALLOWED_HOSTS: bare names, not URLs (a common deployment slip)."""
    hosts = env_list(name, default)
    for host in hosts:
        if "/" in host or " " in host or "@" in host:
            raise ImproperlyConfigured(
                f"{name} must list host names such as example.org or .example.org, "
                f"without scheme or path; got {host!r}"
            )
    return hosts


def env_database(name: str, default_url: str) -> dict:
    """Parse a database URL; only SQLite and PostgreSQL are supported."""
    import dj_database_url

    raw = os.environ.get(name) or default_url
    if not raw.startswith(("sqlite:", "postgres:", "postgresql:")):
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:/// or postgres:// URL; got {raw.split(':')[0]!r}"
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name the database, e.g. postgres://host/himoya")
    return config


def env_networks(name: str) -> tuple:
    """IP addresses or networks (10.0.0.1, 10.0.0.0/24, ::1), comma-separated; none if unset.

    Parsed strictly: a network written with host bits set (10.0.0.1/24) is refused, as it
    usually means a typo that would trust more, or fewer, addresses than meant.
    """
    import ipaddress

    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return ()
    networks = []
    for item in raw.split(","):
        item = item.strip()
        try:
            networks.append(ipaddress.ip_network(item, strict=True))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.1 or 10.0.0.0/24, "
                f"comma-separated; got {item!r}"
            ) from None
    return tuple(networks)

def env_days(name: str, default: list[str]) -> tuple[str, ...]:
    """Calendar days: `MM-DD` (every year) or `YYYY-MM-DD` (that one day), comma-separated.

    An empty value means none. Each entry is checked as a real date (02-29 is allowed as
    a yearly day), so a typo stops start-up instead of silently counting a holiday wrong.
    """
    import datetime

    raw = os.environ.get(name)
    items = default if raw is None else [item.strip() for item in raw.split(",") if item.strip()]
    days = []
    for item in items:
        parts = item.split("-")
        text = item if len(parts) == 3 else f"2024-{item}"  # 2024: a leap year
        try:
            if len(parts) not in (2, 3) or len(parts[-1]) != 2 or len(parts[-2]) != 2:
                raise ValueError
            datetime.date.fromisoformat(text)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list days as MM-DD or YYYY-MM-DD separated by commas; got {item!r}"
            ) from None
        days.append(item)
    return tuple(days)
