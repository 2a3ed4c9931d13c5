"""Second factor: TOTP devices, one-time recovery codes and the enrolment QR code.

Codes are routed by shape: six digits go to the TOTP device, anything else to the
recovery codes, so a mistyped recovery code does not slow down the authenticator app
through django-otp's per-device throttle.
"""

import secrets
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"


def has_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_any_device(user) -> bool:
    return has_totp(user) or StaticDevice.objects.filter(user=user, confirmed=True).exists()


def users_with_totp(user_ids) -> set[int]:
    """Which of these users have a confirmed authenticator (one query for a list page)."""
    return set(
        TOTPDevice.objects.filter(user_id__in=list(user_ids), confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()[:32]


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled, created on first visit and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def qr_svg(text: str) -> str:
    """An inline SVG QR code; drawn on the server so the page needs no script or other host."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # The generated markup contains only the QR path: no user-controlled text.
    return mark_safe(svg)  # noqa: S308


def new_recovery_code() -> str:
    return b32encode(secrets.token_bytes(5)).decode().lower()


def format_recovery_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def replace_recovery_codes(user) -> list[str]:
    """Issue a fresh set of recovery codes; the old ones stop working at once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [format_recovery_code(c) for c in codes]


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirm_totp(device: TOTPDevice, code: str) -> bool:
    """Confirm a pending device with a code from the app; it replaces any older device."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise_code(code)):
            return False
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def match_code(user, code: str):
    """The device that accepts `code` (TOTP or unused recovery code), or None.

    A recovery code is deleted when used, so it cannot be used twice.
    """
    code = normalise_code(code)
    if not code:
        return None
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def remove_devices(user) -> bool:
    """Delete every second-factor device of `user` (an admin reset); True if any existed."""
    totp, _detail = TOTPDevice.objects.filter(user=user).delete()
    static, _detail = StaticDevice.objects.filter(user=user).delete()
    return bool(totp or static)
