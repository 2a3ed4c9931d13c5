"""The pathway: referrals across organisations on one timeline, as far as the viewer may see."""

from himoya.accounts.tests.factories import UserFactory
from himoya.clients.tests.factories import ConsentFactory
from himoya.core.roles import Role
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.referrals.models import Urgency
from himoya.referrals.pathway import pathway_for
from himoya.referrals.services import sending, steps
from himoya.referrals.tests.base import ReferralTestCase


class PathwayTests(ReferralTestCase):
    def setUp(self):
        super().setUp()
        self.first = self.send()
        self.first = steps.accept_referral(
            self.lena, self.first, expected_version=self.first.version,
            services_consent_method="verbal",
        )
        # B refers onward to Gamma (a shelter) from its own linked case.
        self.gamma = OrganisationFactory(slug="gamma", kind="shelter", district__slug="isfara")
        self.gina = UserFactory(username="gina", organisation=self.gamma, role=Role.CASEWORKER)
        shelter = ServiceFactory(organisation=self.gamma, service_type="temporary_shelter")
        linked = self.first.receiving_case
        from himoya.clients.models import ConsentKind

        ConsentFactory(
            client=linked.client,
            taken_by=self.lena,
            kind=ConsentKind.SHARE_ORGANISATION,
            recipient_organisation=self.gamma,
        )
        self.onward = sending.send_referral(
            self.lena, client=linked.client, service=shelter, urgency=Urgency.EMERGENCY,
            needs=["shelter"], from_case=linked,
        )

    def test_each_side_sees_only_its_own_referrals(self):
        self.assertEqual(
            [item.referral for item in pathway_for(self.bob, self.case)], [self.first]
        )
        lena_view = pathway_for(self.lena, self.first.receiving_case)
        self.assertEqual([item.referral for item in lena_view], [self.first, self.onward])
        self.assertEqual([item.side for item in lena_view], ["receiver", "sender"])
        self.assertEqual([e.kind for e in lena_view[0].events], ["sent", "accepted"])
        self.assertEqual(pathway_for(self.gina, self.first.receiving_case)[0].referral,
                         self.onward)

    def test_outsiders_see_nothing(self):
        self.assertEqual(pathway_for(self.charlie, self.case), [])
        self.assertEqual(pathway_for(self.ann, self.case), [])


class ReadableSharedTests(ReferralTestCase):
    """The batch check agrees with may_read_shared, row by row, in fixed queries."""

    def test_agrees_with_the_single_check(self):
        from himoya.clients.consent import withdraw_consent
        from himoya.referrals.access import may_read_shared, readable_shared
        from himoya.referrals.models import Referral, ReferralStatus

        open_one = self.make_referral()
        closed = self.make_referral(status=ReferralStatus.WITHDRAWN)
        referrals = list(Referral.objects.select_related("service", "client", "to_organisation"))
        # Three: the closed cases among the senders' (issue 9), the caregiver consents and
        # the sharing consents.
        with self.assertNumQueries(3):
            self.assertEqual(readable_shared(referrals), {open_one.pk})
        withdraw_consent(self.share_consent, self.bob)
        referrals = list(Referral.objects.select_related("service", "client", "to_organisation"))
        self.assertEqual(readable_shared(referrals), set())
        self.assertEqual([may_read_shared(r) for r in referrals], [False, False])
        self.assertNotIn(closed.pk, readable_shared(referrals))
