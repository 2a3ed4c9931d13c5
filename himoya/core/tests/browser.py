"""Helpers for the browser journeys and the page checks: test data, TOTP codes, screenshots.

The fixtures that use them live in conftest.py beside this file.
"""

import os
import re
import time
from pathlib import Path

from django.conf import settings
from django_otp.oath import totp

from himoya.accounts.tests.factories import PASSWORD
from himoya.directory.models import (
    Language,
    Organisation,
    OrganisationKind,
    Phone,
    Sector,
    Service,
    ServiceType,
)
from himoya.geo.models import District

# Debian's Chromium; HIMOYA_CHROMIUM points elsewhere (the skip-hook test uses a missing path).
CHROMIUM_PATH = os.environ.get("HIMOYA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

ISFARA_OFFICE_NAME_TG = "Идораи давлатии ёрии ҳуқуқии шаҳри Исфара"
ISFARA_SERVICE_NAME_TG = "Ёрии ҳуқуқии аввалия"


def screenshot_dir() -> Path:
    path = Path(settings.VAR_DIR) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Shooter:
    """Numbered full-page screenshots of one test's steps: var/screenshots/<test>-NN-<step>.png."""

    def __init__(self, test_name: str):
        self.prefix = re.sub(r"[^A-Za-z0-9_-]+", "-", test_name).strip("-")
        self.count = 0

    def __call__(self, page, step: str) -> Path:
        self.count += 1
        path = screenshot_dir() / f"{self.prefix}-{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def make_isfara_legal_aid() -> dict:
    """The Isfara state legal aid office with its primary legal aid, and a neighbour in Khujand.

    The Khujand service serves only Khujand, so for an Isfara search it belongs to the rest of
    the region (Sughd), never to the in-district results.
    """
    isfara = District.objects.get(slug="isfara")
    khujand = District.objects.get(slug="khujand")
    office = Organisation.objects.create(
        slug="isfara-legal-aid",
        kind=OrganisationKind.LEGAL_AID_OFFICE,
        name_tg=ISFARA_OFFICE_NAME_TG,
        name_ru="Государственный офис юридической помощи города Исфара",
        name_en="Isfara state legal aid office",
        description_tg="Машварати ройгони ҳуқуқӣ барои ҳамаи сокинони шаҳри Исфара.",
        description_ru="Бесплатные юридические консультации для всех жителей Исфары.",
        description_en="Free legal consultations for everyone living in Isfara.",
        district=isfara,
        is_demo=True,
    )
    service = Service.objects.create(
        organisation=office,
        sector=Sector.JUSTICE,
        service_type=ServiceType.PRIMARY_LEGAL_AID,
        name_tg=ISFARA_SERVICE_NAME_TG,
        name_ru="Первичная юридическая помощь",
        name_en="Primary legal aid",
        description_tg="Машварат, маълумот ва омода кардани ҳуҷҷатҳо.",
        description_ru="Консультации, информация и составление документов.",
        description_en="Consultations, information and drafting documents.",
        languages=[Language.TAJIK, Language.RUSSIAN, Language.UZBEK],
        hours_tg="Душанбе–Ҷумъа, 8:00–17:00",
        hours_ru="Понедельник–пятница, 8:00–17:00",
        hours_en="Monday to Friday, 8:00–17:00",
        what_to_bring_tg="Шиноснома, агар бошад.",
        what_to_bring_ru="Паспорт, если есть.",
        what_to_bring_en="Passport, if you have one.",
        is_free=True,
        is_demo=True,
    )
    service.districts_served.add(isfara)
    Phone.objects.create(organisation=office, service=service, number="+992 00 000 0001")

    neighbour = Organisation.objects.create(
        slug="khujand-legal-aid",
        kind=OrganisationKind.LEGAL_AID_OFFICE,
        name_tg="Идораи давлатии ёрии ҳуқуқии шаҳри Хуҷанд",
        name_ru="Государственный офис юридической помощи города Худжанд",
        name_en="Khujand state legal aid office",
        district=khujand,
        is_demo=True,
    )
    neighbour_service = Service.objects.create(
        organisation=neighbour,
        sector=Sector.JUSTICE,
        service_type=ServiceType.PRIMARY_LEGAL_AID,
        name_tg="Ёрии ҳуқуқии аввалия (Хуҷанд)",
        name_ru="Первичная юридическая помощь (Худжанд)",
        name_en="Primary legal aid (Khujand)",
        languages=[Language.TAJIK, Language.RUSSIAN],
        is_demo=True,
    )
    neighbour_service.districts_served.add(khujand)
    return {
        "office": office,
        "service": service,
        "neighbour": neighbour,
        "neighbour_service": neighbour_service,
    }


def current_totp(device) -> str:
    """The code the user's authenticator app shows now."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def wait_for_a_fresh_code(device) -> None:
    """A TOTP code counts once: signing in again within the same 30 seconds needs the
    next code, as on a real phone."""
    device.refresh_from_db()
    # The app's code is that of the current step moved by the device's drift, which the
    # server learns when a slow sign-in is verified one step late (drift -1): without it,
    # the "fresh" code would be the one just used, and refused.
    while int(time.time() - device.t0) // device.step + device.drift <= device.last_t:
        time.sleep(0.5)


def sign_in(page, live_server, user, device, shoot):
    """Sign in through the login and second-factor pages, as a person would."""
    wait_for_a_fresh_code(device)
    page.goto(live_server.url + "/accounts/login/")
    form = page.locator("form#login")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/verify/"))
    page.locator("input[name=otp_token]").fill(current_totp(device))
    page.locator("input[name=otp_token]").press("Enter")
    page.wait_for_url(re.compile(r"/accounts/$"))
    shoot(page, f"{user.username}-signed-in")


def wrong_totp(device) -> str:
    """A well-formed code that no window the device tolerates accepts."""
    accepted = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, d):0{device.digits}d}"
        for d in range(-device.tolerance - 2, device.tolerance + 3)
    }
    candidate = 0
    while f"{candidate:06d}" in accepted:
        candidate += 1
    return f"{candidate:06d}"
