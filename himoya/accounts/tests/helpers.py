"""Test helpers for accounts: current TOTP codes and audit look-ups."""

import time

from django_otp.oath import TOTP

from himoya.audit.models import AuditEntry


def totp_code(device, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now (or `offset_steps` steps later)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time() + offset_steps * device.step
    return f"{clock.token():0{device.digits}d}"


def wrong_code(device) -> str:
    """A six-digit code that is not valid now nor in the steps the device tolerates."""
    valid = {totp_code(device, step) for step in range(-3, 4)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def audit_actions(**filters) -> list[str]:
    return list(
        AuditEntry.objects.filter(**filters).order_by("id").values_list("action", flat=True)
    )


def tg(message: str) -> str:
    """`message` as the Tajik pages (the default language, at unprefixed URLs) show it."""
    from django.utils import translation

    with translation.override("tg"):
        return translation.gettext(message)
