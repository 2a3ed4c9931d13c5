"""Load the demo directory and one demo user per role; safe to run again.

Records are matched on slugs (organisations), on (organisation, type) for services and
(organisation, English name) for locations, so a second run updates in place. Each run
gives the demo users new random passwords and prints them.
"""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from himoya.accounts.models import Membership, Profession, Role, User
from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.cases.demo_cases import load_demo_cases
from himoya.directory import demo_data as demo
from himoya.directory.models import (
    SECTOR_OF_SERVICE_TYPE,
    Location,
    Organisation,
    OrganisationKind,
    Phone,
    Service,
)
from himoya.geo.models import District, Jamoat
from himoya.hotline.demo_calls import load_demo_calls
from himoya.referrals.demo_referrals import load_demo_referrals

LANGS = ("tg", "ru", "en")

# username, organisation slug, role, profession. "admin" is the platform superuser.
DEMO_USERS = [
    ("admin", None, None, ""),
    ("admin.ku", "korvoni-umed", Role.ORG_ADMIN, ""),
    ("caseworker.ku", "korvoni-umed", Role.CASEWORKER, Profession.SOCIAL_WORKER),
    ("supervisor.ku", "korvoni-umed", Role.SUPERVISOR, Profession.PSYCHOLOGIST),
    ("lawyer.isfara", "lac-isfara", Role.CASEWORKER, Profession.STATE_LAWYER),
    ("doctor.yovon", "yovon-rehabilitation-centre", Role.CASEWORKER, Profession.DOCTOR),
    ("operator.1313", "hotline-1313", Role.HOTLINE_OPERATOR, Profession.HOTLINE_OPERATOR),
    # A second operator: each sees her own calls in full, the other's as a shift handover.
    ("operator2.1313", "hotline-1313", Role.HOTLINE_OPERATOR, Profession.HOTLINE_OPERATOR),
    ("analyst.lac", "legal-aid-center", Role.ANALYST, ""),
    ("admin.lac", "legal-aid-center", Role.ORG_ADMIN, ""),
    # More casework staff, so the demo cases (himoya.cases.demo_cases) spread over several.
    ("caseworker2.ku", "korvoni-umed", Role.CASEWORKER, Profession.PSYCHOLOGIST),
    ("lawyer.khujand", "lac-khujand", Role.CASEWORKER, Profession.STATE_LAWYER),
    ("lawyer.dushanbe", "lac-dushanbe", Role.CASEWORKER, Profession.STATE_LAWYER),
    ("supervisor.yovon", "yovon-rehabilitation-centre", Role.SUPERVISOR, Profession.DOCTOR),
    # Referrals and the hotline: who reads the call statistics, who oversees the inbox.
    ("supervisor.1313", "hotline-1313", Role.SUPERVISOR, Profession.HOTLINE_OPERATOR),
    ("supervisor.isfara", "lac-isfara", Role.SUPERVISOR, Profession.STATE_LAWYER),
]


def _columns(prefix: str, texts: dict | None) -> dict:
    return {f"{prefix}_{code}": (texts or {}).get(code, "") for code in LANGS}


def _names(place) -> dict:
    return {code: getattr(place, f"name_{code}") for code in LANGS}


class Loader:
    def __init__(self):
        self.districts = {d.slug: d for d in District.objects.select_related("region")}
        self.created: list = []

    def _note(self, obj, created: bool) -> None:
        if created:
            self.created.append(obj)

    def organisation(self, spec: dict, parent=None) -> Organisation:
        organisation, created = Organisation.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "kind": spec["kind"],
                "parent": parent,
                "district": self.districts[spec["district"]],
                **_columns("name", spec["name"]),
                **_columns("description", spec.get("description")),
                "email": f"{spec['slug']}@example.org",
                "is_active": True,
                "is_demo": True,
            },
        )
        self._note(organisation, created)
        if spec.get("phone"):
            self.phone(organisation, None, demo.demo_phone(spec["phone"]))
        return organisation

    def location(
        self,
        organisation,
        name: dict,
        district_slug: str,
        *,
        jamoat=None,
        confidential=False,
        number=1,
    ) -> Location:
        district = self.districts[district_slug]
        city = district.region if district.region.code == "TJ-DU" else district
        location, created = Location.objects.update_or_create(
            organisation=organisation,
            name_en=name["en"],
            defaults={
                "name_tg": name["tg"],
                "name_ru": name["ru"],
                **_columns("address", demo.demo_address(number, _names(city))),
                "district": district,
                "jamoat": Jamoat.objects.get(slug=jamoat) if jamoat else None,
                "is_confidential": confidential,
            },
        )
        self._note(location, created)
        return location

    def phone(self, organisation, service, number, kind=Phone.Kind.VOICE, free=False) -> None:
        phone, created = Phone.objects.update_or_create(
            organisation=organisation,
            service=service,
            number=number,
            defaults={"kind": kind, "is_free_call": free},
        )
        self._note(phone, created)

    def service(self, organisation, spec: dict, locations: dict) -> Service:
        service_type = spec["service_type"]
        service, created = Service.objects.update_or_create(
            organisation=organisation,
            service_type=service_type,
            defaults={
                "sector": SECTOR_OF_SERVICE_TYPE[service_type],
                **{
                    column: value
                    for field in ("name", "description", "hours", "eligibility", "what_to_bring")
                    for column, value in _columns(field, spec.get(field)).items()
                },
                "languages": spec.get("languages", ["tg", "ru"]),
                "is_free": True,
                "capacity": spec.get("capacity"),
                "is_active": True,
                "is_demo": True,
            },
        )
        self._note(service, created)
        if spec["districts"] == demo.EVERYWHERE:
            service.districts_served.set(self.districts.values())
        else:
            service.districts_served.set([self.districts[slug] for slug in spec["districts"]])
        service.locations.set([locations[key] for key in spec.get("locations", [])])
        if spec.get("phone"):
            self.phone(organisation, service, demo.demo_phone(spec["phone"]))
        if spec.get("phone_number"):
            number, kind, free = spec["phone_number"]
            self.phone(organisation, service, number, kind, free)
        return service

    def load_organisation(self, spec: dict, parent=None, jamoat=None) -> Organisation:
        organisation = self.organisation(spec, parent)
        locations = {}
        if spec.get("location"):
            locations["main"] = self.location(
                organisation,
                spec["location"],
                spec["district"],
                jamoat=jamoat,
                number=spec.get("phone") or 1,
            )
        for key, (name, district, confidential) in spec.get("extra_locations", {}).items():
            locations[key] = self.location(
                organisation,
                name,
                district,
                confidential=confidential,
                number=len(locations) + 1,
            )
        for service_spec in spec["services"]:
            self.service(organisation, service_spec, locations)
        return organisation

    def load_directory(self) -> dict:
        organisations = {}
        for spec in demo.ORGANISATIONS:
            organisations[spec["slug"]] = self.load_organisation(spec)
        centre = organisations["legal-aid-center"]
        for slug, district_slug, jamoat, languages, phone, served in demo.LEGAL_AID_OFFICES:
            district = self.districts[district_slug]
            city = _names(district.region if district.region.code == "TJ-DU" else district)
            spec = {
                "slug": slug,
                "kind": OrganisationKind.LEGAL_AID_OFFICE,
                "district": district_slug,
                "name": demo.t(
                    f"Идораи давлатии кӯмаки ҳуқуқӣ, {city['tg']}",
                    f"Государственный офис правовой помощи, {city['ru']}",
                    f"State legal aid office, {city['en']}",
                ),
                "phone": phone,
                "location": demo.t("Идора", "Офис", "Office"),
                "services": [
                    {**service, "languages": languages, "districts": served, "locations": ["main"]}
                    for service in (demo.PRIMARY_LEGAL_AID, demo.SECONDARY_LEGAL_AID)
                ],
            }
            organisations[slug] = self.load_organisation(spec, parent=centre, jamoat=jamoat)
        for obj in self.created:
            organisation = obj if isinstance(obj, Organisation) else obj.organisation
            record(
                AuditAction.DIRECTORY_CREATED,
                organisation=organisation,
                obj=obj,
                detail={"demo": True},
            )
        return organisations


PLATFORM_SUPERUSER = gettext_lazy("platform superuser")


def role_name(label) -> str:
    """A role as people read it: in the site's default language, with English beside it.

    The operator who runs the demo may read either; the code (org_admin) helps neither.
    """
    with translation.override(settings.LANGUAGE_CODE):
        local = str(label)
    with translation.override("en"):
        english = str(label)
    return local if local == english else f"{local} ({english})"


def load_users(organisations: dict) -> list[tuple[str, str, str, str]]:
    """Create or update the demo users with fresh passwords; return the table rows."""
    rows = []
    for username, org_slug, role, profession in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.profession = profession
        user.is_superuser = user.is_staff = org_slug is None
        user.is_active = True
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        record(
            AuditAction.USER_CREATED if created else AuditAction.USER_CHANGED,
            obj=user,
            detail={"demo": True, "password": "set by load_demo"},
        )
        if org_slug is None:
            rows.append((username, role_name(PLATFORM_SUPERUSER), "—", password))
            continue
        organisation = organisations[org_slug]
        membership, created = Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": role, "is_active": True}
        )
        if created:
            record(
                AuditAction.MEMBERSHIP_CREATED,
                organisation=organisation,
                obj=membership,
                detail={"demo": True, "role": role},
            )
        rows.append((username, role_name(Role(role).label), org_slug, password))
    return rows


class Command(BaseCommand):
    help = "Load the demo directory and demo users (idempotent; prints new passwords)."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Load the directory only.")

    def handle(self, *args, **options):
        calls = referrals = 0
        # The demo referrals notify people as real ones do; that is past history, not
        # news, so no emails go out for it (they are sent when the transaction commits).
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            loader = Loader()
            organisations = loader.load_directory()
            rows = [] if options["no_users"] else load_users(organisations)
            # Cases need the demo caseworkers; adds only the missing ones.
            cases = 0 if options["no_users"] else load_demo_cases()
            if not options["no_users"]:
                # Referrals start from the demo cases and from the hotline's calls.
                calls = load_demo_calls()
                referrals = load_demo_referrals()
        self.stdout.write(
            f"Demo directory: {len(organisations)} organisations, "
            f"{Service.objects.filter(is_demo=True).count()} services "
            f"({len(loader.created)} records new)."
        )
        if not options["no_users"]:
            self.stdout.write(f"Demo cases: {cases} new.")
            self.stdout.write(f"Demo hotline calls: {calls} new; demo referrals: {referrals} new.")
        if rows:
            self._print_table(rows)

    def _print_table(self, rows) -> None:
        header = ("username", "role", "organisation", "password")
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
        line = "  ".join(f"{{:<{width}}}" for width in widths)
        self.stdout.write("Demo users (passwords change on every run):")
        self.stdout.write(line.format(*header))
        self.stdout.write(line.format(*("-" * width for width in widths)))
        for row in rows:
            self.stdout.write(line.format(*row))
