"""The demo users, one per role and a few more casework staff, and who works where.

Each run of load_demo gives the demo users new random passwords, which it prints.
"""

import secrets

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from himoya.accounts.models import Membership, Profession, User
from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.core.roles import Role

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
    # More casework staff, so the demo cases (himoya.demo.cases) spread over several.
    ("caseworker2.ku", "korvoni-umed", Role.CASEWORKER, Profession.PSYCHOLOGIST),
    ("lawyer.khujand", "lac-khujand", Role.CASEWORKER, Profession.STATE_LAWYER),
    ("lawyer.dushanbe", "lac-dushanbe", Role.CASEWORKER, Profession.STATE_LAWYER),
    ("supervisor.yovon", "yovon-rehabilitation-centre", Role.SUPERVISOR, Profession.DOCTOR),
    # Referrals and the hotline: who reads the call statistics, who oversees the inbox.
    ("supervisor.1313", "hotline-1313", Role.SUPERVISOR, Profession.HOTLINE_OPERATOR),
    ("supervisor.isfara", "lac-isfara", Role.SUPERVISOR, Profession.STATE_LAWYER),
]

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


def staff_of(organisation) -> tuple[list[User], list[User]]:
    """(caseworkers, supervisors) of an organisation: who opens and answers its demo work."""
    members = organisation.memberships.filter(is_active=True).select_related("user")
    caseworkers = [m.user for m in members if m.role == "caseworker"]
    supervisors = [m.user for m in members if m.role == "supervisor"]
    return caseworkers, supervisors
