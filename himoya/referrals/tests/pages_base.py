"""A base for the referral page tests: a third organisation (Gamma) whose staff are
outsiders to both sides, and helpers to post the answers on a referral's page."""

from django.urls import reverse
from django.utils import timezone, translation

from himoya.accounts.tests.factories import UserFactory
from himoya.core.roles import Role
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory
from himoya.referrals.models import DeclineReason
from himoya.referrals.tests.base import ReferralTestCase


class ReferralPagesTestCase(ReferralTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gamma = OrganisationFactory(
            slug="gamma", kind=OrganisationKind.CRISIS_CENTRE, district__slug="isfara"
        )
        cls.gina = UserFactory(username="gina", organisation=cls.gamma, role=Role.CASEWORKER)
        cls.gus = UserFactory(username="gus", organisation=cls.gamma, role=Role.SUPERVISOR)

    # Members of Alpha or Beta whose role gives no access to referrals, and the
    # platform admin.
    def wrong_roles(self):
        return [self.ann, self.beta_analyst, self.alice, self.charlie, self.root]

    def url(self, name, *args, language="en"):
        """The URL in a language (English by default, so tests can read messages)."""
        with translation.override(language):
            return reverse(name, args=args)

    def as_user(self, user):
        self.client.logout()
        self.sign_in(user)

    def get(self, user, name, *args, **extra):
        self.as_user(user)
        return self.client.get(self.url(name, *args), extra)

    def post(self, user, name, *args, data=None):
        self.as_user(user)
        return self.client.post(self.url(name, *args), data or {})

    def accept_data(self, referral, **extra):
        data = {"accept-version": referral.version, "accept-services_consent": "verbal"}
        data.update(extra)
        return data

    def decline_data(self, referral, **extra):
        data = {
            "decline-version": referral.version,
            "decline-reason": DeclineReason.NO_CAPACITY,
            "decline-note": "",
        }
        data.update(extra)
        return data

    def withdraw_data(self, referral, **extra):
        data = {"withdraw-version": referral.version, "withdraw-note": "She moved away"}
        data.update(extra)
        return data

    def service_data(self, **extra):
        data = {"service-date": timezone.localdate().isoformat(), "service-notes": ""}
        data.update(extra)
        return data

    def new_data(self, **extra):
        data = {
            "service": self.legal_aid.pk,
            "urgency": 2,
            "needs": ["legal"],
            "message": "Please call before noon",
        }
        data.update(extra)
        return data

    def accepted(self, user=None):
        """A referral accepted by lena through the service layer."""
        from himoya.referrals.services.steps import accept_referral

        referral = self.send()
        return accept_referral(
            user or self.lena,
            referral,
            expected_version=referral.version,
            services_consent_method="verbal",
        )
