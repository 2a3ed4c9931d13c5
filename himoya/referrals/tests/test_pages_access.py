"""Every referral page and POST: outsider 404, wrong role 403, right role 200 or 302."""

from himoya.accounts.tests.factories import UserFactory
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.tests.pages_base import ReferralPagesTestCase


class ReferralPageAccessTests(ReferralPagesTestCase):
    def assert_status(self, response, expected, user, what):
        self.assertEqual(response.status_code, expected, f"{user.username}: {what}")

    def test_detail(self):
        referral = self.send()
        for user in (self.gina, self.gus):
            self.assert_status(self.get(user, "referrals:detail", referral.pk), 404, user, "get")
        self.assert_status(
            self.get(self.lena, "referrals:detail", 999999), 404, self.lena, "missing"
        )
        for user in [*self.wrong_roles(), self.olga]:
            self.assert_status(self.get(user, "referrals:detail", referral.pk), 403, user, "get")
        for user in (self.lena, self.victor, self.bob, self.sam):
            self.assert_status(self.get(user, "referrals:detail", referral.pk), 200, user, "get")

    def test_accept_and_decline_posts(self):
        for name, data in (("accept", self.accept_data), ("decline", self.decline_data)):
            referral = self.send()
            route = f"referrals:{name}"
            for user in (self.gina, self.gus):
                self.assert_status(
                    self.post(user, route, referral.pk, data=data(referral)), 404, user, name
                )
            # Wrong roles, and the sending side: 403.
            for user in [*self.wrong_roles(), self.olga, self.bob, self.sam]:
                self.assert_status(
                    self.post(user, route, referral.pk, data=data(referral)), 403, user, name
                )
            referral.refresh_from_db()
            self.assertEqual(referral.status, ReferralStatus.SENT)
            response = self.post(self.lena, route, referral.pk, data=data(referral))
            self.assert_status(response, 302, self.lena, name)
            self.assertEqual(
                Referral.objects.get(pk=referral.pk).status,
                "accepted" if name == "accept" else "declined",
            )

    def test_supervisor_accepts_for_a_caseworker(self):
        referral = self.send()
        response = self.post(
            self.victor,
            "referrals:accept",
            referral.pk,
            data=self.accept_data(referral, **{"accept-caseworker": self.lena.pk}),
        )
        self.assert_status(response, 302, self.victor, "accept")
        referral.refresh_from_db()
        self.assertEqual(referral.receiving_case.caseworker, self.lena)

    def test_withdraw_post(self):
        referral = self.send()
        data = self.withdraw_data(referral)
        for user in (self.gina, self.gus):
            self.assert_status(
                self.post(user, "referrals:withdraw", referral.pk, data=data), 404, user, "withdraw"
            )
        for user in [*self.wrong_roles(), self.olga, self.lena, self.victor]:
            self.assert_status(
                self.post(user, "referrals:withdraw", referral.pk, data=data), 403, user, "withdraw"
            )
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.SENT)
        self.assert_status(
            self.post(self.bob, "referrals:withdraw", referral.pk, data=data),
            302,
            self.bob,
            "withdraw",
        )
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.WITHDRAWN)

    def test_record_service_post(self):
        referral = self.accepted()
        data = self.service_data()
        route = "referrals:record_service"
        for user in (self.gina, self.gus):
            self.assert_status(self.post(user, route, referral.pk, data=data), 404, user, "service")
        for user in [*self.wrong_roles(), self.olga, self.bob, self.sam]:
            self.assert_status(self.post(user, route, referral.pk, data=data), 403, user, "service")
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.ACCEPTED)
        self.assert_status(
            self.post(self.lena, route, referral.pk, data=data), 302, self.lena, "service"
        )
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, ReferralStatus.COMPLETED)

    def test_another_caseworker_of_the_receiver_may_not_record_in_lenas_case(self):
        from himoya.core.roles import Role

        other = UserFactory(username="lola", organisation=self.beta, role=Role.CASEWORKER)
        referral = self.accepted()
        response = self.post(
            other, "referrals:record_service", referral.pk, data=self.service_data()
        )
        self.assert_status(response, 403, other, "service")
        self.assertNotContains(
            self.get(other, "referrals:detail", referral.pk), "Record the service delivered"
        )

    def test_new_referral_page(self):
        for user in (self.gina, self.charlie, self.lena):
            self.assert_status(self.get(user, "referrals:new", self.case.pk), 404, user, "get")
            self.assert_status(
                self.post(user, "referrals:new", self.case.pk, data=self.new_data()),
                404,
                user,
                "post",
            )
        for user in (self.ann, self.alice, self.olga, self.root):
            self.assert_status(self.get(user, "referrals:new", self.case.pk), 403, user, "get")
            self.assert_status(
                self.post(user, "referrals:new", self.case.pk, data=self.new_data()),
                403,
                user,
                "post",
            )
        self.assertFalse(Referral.objects.exists())
        # bob sends; sam's same referral is then refused as a duplicate (409), not for
        # want of rights.
        for user, sent in ((self.bob, 302), (self.sam, 409)):
            self.assert_status(self.get(user, "referrals:new", self.case.pk), 200, user, "get")
            self.assert_status(
                self.post(user, "referrals:new", self.case.pk, data=self.new_data()),
                sent,
                user,
                "post",
            )
        self.assertEqual(Referral.objects.count(), 1)

    def test_pathway_page(self):
        referral = self.accepted()
        for user in (self.gina, self.charlie, self.lena):
            self.assert_status(self.get(user, "referrals:pathway", self.case.pk), 404, user, "get")
        for user in (self.ann, self.alice, self.olga, self.root):
            self.assert_status(self.get(user, "referrals:pathway", self.case.pk), 403, user, "get")
        for user in (self.bob, self.sam):
            self.assert_status(self.get(user, "referrals:pathway", self.case.pk), 200, user, "get")
        # The receiver reads the pathway from its own case; A's case stays closed to it.
        response = self.get(self.lena, "referrals:pathway", referral.receiving_case_id)
        self.assert_status(response, 200, self.lena, "own case")
        self.assertContains(response, referral.reference)

    def test_inbox_and_sent_list(self):
        self.send()
        for user in self.wrong_roles():
            self.assert_status(self.get(user, "referrals:inbox"), 403, user, "inbox")
            self.assert_status(self.get(user, "referrals:sent"), 403, user, "sent")
        self.assert_status(self.get(self.olga, "referrals:inbox"), 403, self.olga, "inbox")
        self.assert_status(self.get(self.olga, "referrals:sent"), 200, self.olga, "sent")
        for user in (self.lena, self.victor, self.bob, self.sam):
            self.assert_status(self.get(user, "referrals:inbox"), 200, user, "inbox")
            self.assert_status(self.get(user, "referrals:sent"), 200, user, "sent")
        # Other organisations' staff see empty lists, not Beta's or Alpha's referrals.
        for user in (self.gina, self.gus):
            self.assertEqual(self.get(user, "referrals:inbox").context["rows"], [])
            self.assertEqual(self.get(user, "referrals:sent").context["rows"], [])
        self.assertEqual(len(self.get(self.lena, "referrals:inbox").context["rows"]), 1)
        self.assertEqual(len(self.get(self.bob, "referrals:sent").context["rows"]), 1)
        self.assertEqual(self.get(self.lena, "referrals:sent").context["rows"], [])

    def test_gets_on_post_only_urls_are_refused(self):
        referral = self.send()
        for name in ("accept", "decline", "withdraw", "record_service"):
            self.assert_status(
                self.get(self.lena, f"referrals:{name}", referral.pk), 405, self.lena, name
            )

    def test_anonymous_is_sent_to_sign_in(self):
        referral = self.send()
        self.client.logout()
        for url in (self.url("referrals:inbox"), self.url("referrals:detail", referral.pk)):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/", response["Location"])
