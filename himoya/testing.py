"""Shared test base: named users in named organisations, as every access test needs.

- alice: organisation admin of Alpha (a crisis centre in Dushanbe)
- bob: caseworker at Alpha
- sam: supervisor at Alpha
- ann: analyst at Alpha
- olga: hotline operator at Alpha
- charlie: the outsider, organisation admin of Beta (a legal aid office in Isfara)
- root: platform superuser
"""

from django.test import TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from himoya.accounts.models import Membership, Profession, Role, User
from himoya.directory.models import Organisation, OrganisationKind, Sector, Service, ServiceType
from himoya.geo.models import District

PASSWORD = "correct horse battery staple"


def make_organisation(slug: str, kind: str, district_slug: str, **extra) -> Organisation:
    return Organisation.objects.create(
        slug=slug,
        kind=kind,
        name_tg=f"{slug} (tg)",
        name_ru=f"{slug} (ru)",
        name_en=slug.replace("-", " ").title(),
        district=District.objects.get(slug=district_slug),
        **extra,
    )


def make_gamma_shelter() -> Service:
    """A shelter service of a third organisation, Gamma in Sino, to refer to: neither
    Alpha's nor Beta's staff are members there."""
    gamma = make_organisation("gamma", OrganisationKind.SHELTER, "sino")
    return Service.objects.create(
        organisation=gamma,
        sector=Sector.SOCIAL,
        service_type=ServiceType.TEMPORARY_SHELTER,
        name_tg="Паноҳгоҳ",
        name_ru="Приют",
        name_en="Shelter",
    )


def make_user(username: str, organisation=None, role=None, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **extra
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def sign_in_client(client, user) -> None:
    """Sign `user` in on a test client, with a verified second factor when they have one."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class HimoyaTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alpha = make_organisation("alpha", OrganisationKind.CRISIS_CENTRE, "sino")
        cls.beta = make_organisation("beta", OrganisationKind.LEGAL_AID_OFFICE, "isfara")
        cls.alice = make_user("alice", cls.alpha, Role.ORG_ADMIN)
        cls.bob = make_user("bob", cls.alpha, Role.CASEWORKER, profession=Profession.SOCIAL_WORKER)
        cls.sam = make_user("sam", cls.alpha, Role.SUPERVISOR, profession=Profession.PSYCHOLOGIST)
        cls.ann = make_user("ann", cls.alpha, Role.ANALYST)
        cls.olga = make_user(
            "olga", cls.alpha, Role.HOTLINE_OPERATOR, profession=Profession.HOTLINE_OPERATOR
        )
        cls.charlie = make_user("charlie", cls.beta, Role.ORG_ADMIN)
        cls.root = User.objects.create_superuser("root", "root@example.org", PASSWORD)

    def sign_in(self, user) -> None:
        sign_in_client(self.client, user)
