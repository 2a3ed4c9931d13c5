"""Shared test base: named users in named organisations, as every access test needs.

- alice: organisation admin of Alpha (a crisis centre in Dushanbe)
- bob: caseworker at Alpha
- sam: supervisor at Alpha
- ann: analyst at Alpha
- olga: hotline operator at Alpha
- charlie: the outsider, organisation admin of Beta (a legal aid office in Isfara)
- root: platform superuser

Everyone signs in with accounts.tests.factories.PASSWORD.
"""

from django.test import TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.core.roles import Role
from himoya.directory.models import OrganisationKind, Service, ServiceType
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory


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
        cls.alpha = OrganisationFactory(
            slug="alpha", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
        )
        cls.beta = OrganisationFactory(
            slug="beta", kind=OrganisationKind.LEGAL_AID_OFFICE, district__slug="isfara"
        )
        cls.alice = UserFactory(username="alice", organisation=cls.alpha, role=Role.ORG_ADMIN)
        cls.bob = UserFactory(
            username="bob",
            organisation=cls.alpha,
            role=Role.CASEWORKER,
            profession=Profession.SOCIAL_WORKER,
        )
        cls.sam = UserFactory(
            username="sam",
            organisation=cls.alpha,
            role=Role.SUPERVISOR,
            profession=Profession.PSYCHOLOGIST,
        )
        cls.ann = UserFactory(username="ann", organisation=cls.alpha, role=Role.ANALYST)
        cls.olga = UserFactory(
            username="olga",
            organisation=cls.alpha,
            role=Role.HOTLINE_OPERATOR,
            profession=Profession.HOTLINE_OPERATOR,
        )
        cls.charlie = UserFactory(username="charlie", organisation=cls.beta, role=Role.ORG_ADMIN)
        cls.root = UserFactory(username="root", is_superuser=True, is_staff=True)

    @staticmethod
    def add_gamma_shelter() -> Service:
        """A shelter service of a third organisation, Gamma in Sino, to refer to: neither
        Alpha's nor Beta's staff are members there."""
        return ServiceFactory(
            organisation=OrganisationFactory(
                slug="gamma", kind=OrganisationKind.SHELTER, district__slug="sino"
            ),
            service_type=ServiceType.TEMPORARY_SHELTER,
            name_tg="Паноҳгоҳ",
            name_ru="Приют",
            name_en="Shelter",
            districts_served=[],
        )

    def sign_in(self, user) -> None:
        sign_in_client(self.client, user)
