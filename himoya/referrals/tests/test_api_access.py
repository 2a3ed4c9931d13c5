"""Every referral API operation, refused the same way: an outsider 404 (a member of a
third organisation, Gamma; charlie when his organisation is not involved), a wrong role
or the wrong side 403, the right role 2xx; in every refusal nothing is written."""

import json

from django.utils import timezone

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditEntry
from himoya.cases.models import Case, ServiceDelivery
from himoya.clients.models import Client, ConsentKind
from himoya.clients.tests.factories import ConsentFactory
from himoya.core.roles import Role
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.notifications.models import Notification
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.services import steps
from himoya.referrals.tests.base import ReferralTestCase

COUNTED = (Referral, Case, Client, ServiceDelivery, AuditEntry, Notification)


class ReferralApiTestCase(ReferralTestCase):
    """Alpha refers bob's client to Beta; Gamma is a third organisation with its own
    caseworker (gina) and a service of its own, for outsider checks."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gamma = OrganisationFactory(
            slug="gamma", kind=OrganisationKind.SHELTER, district__slug="isfara"
        )
        cls.gina = UserFactory(username="gina", organisation=cls.gamma, role=Role.CASEWORKER)
        cls.gamma_boss = UserFactory(username="greta", organisation=cls.gamma, role=Role.SUPERVISOR)
        cls.shelter = ServiceFactory(organisation=cls.gamma, service_type="temporary_shelter")

    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def api(self, method, url, body=None, **extra):
        data = json.dumps(body) if body is not None else None
        return getattr(self.client, method)(url, data, content_type="application/json", **extra)

    def accepted(self, referral=None) -> Referral:
        referral = referral or self.send()
        return steps.accept_referral(
            self.lena, referral, expected_version=referral.version, services_consent_method="verbal"
        )

    def to_gamma(self) -> Referral:
        """A referral in which Beta (charlie's organisation) has no part."""
        ConsentFactory(
            client=self.client_record,
            taken_by=self.bob,
            kind=ConsentKind.SHARE_ORGANISATION,
            recipient_organisation=self.gamma,
        )
        return self.send(service=self.shelter, needs=["shelter"])

    def counts(self):
        return [model.objects.count() for model in COUNTED] + list(
            Referral.objects.order_by("pk").values_list("version", "status")
        )


def today() -> str:
    return str(timezone.localdate())


class AccessTests(ReferralApiTestCase):
    def setUp(self):
        super().setUp()
        self.second_service = ServiceFactory(
            organisation=self.beta, service_type="secondary_legal_aid"
        )
        self.sent = self.send()
        self.taken = self.accepted()

    def operations(self):
        """(name, method, path, body) of every operation on the fixture referrals."""
        sent, taken = self.sent, self.taken
        base = "/api/referrals"
        return [
            ("detail", "get", f"{base}/{sent.pk}", None),
            (
                "create",
                "post",
                f"{base}/",
                # Another service than the open referral's: a second is refused (409).
                {
                    "from_case_id": self.case.pk,
                    "service_id": self.second_service.pk,
                    "needs": ["legal"],
                },
            ),
            ("accept", "post", f"{base}/{sent.pk}/accept", {"version": sent.version}),
            (
                "decline",
                "post",
                f"{base}/{sent.pk}/decline",
                {"version": sent.version, "reason": "no_capacity"},
            ),
            ("withdraw", "post", f"{base}/{sent.pk}/withdraw", {"version": sent.version}),
            (
                "service",
                "post",
                f"{base}/{taken.pk}/service",
                {"version": taken.version, "date": today()},
            ),
            ("pathway", "get", f"{base}/pathway/{self.case.pk}", None),
        ]

    def assert_answers(self, user, expected: dict, default=None):
        """`expected` maps operation names to the status `user` gets (else `default`);
        every refusal leaves the database as it was."""
        self.sign_in(user)
        for name, method, path, body in self.operations():
            status = expected.get(name, default)
            if status is None:
                continue
            with self.subTest(user=user.username, operation=name):
                before = self.counts()
                response = self.api(method, path, body)
                self.assertEqual(response.status_code, status, response.content)
                if status >= 400:
                    self.assertTrue(response.json()["message"])
                    self.assertEqual(self.counts(), before)

    def test_outsider_of_a_third_organisation_gets_404(self):
        self.assert_answers(self.gina, {}, default=404)
        self.assert_answers(self.gamma_boss, {}, default=404)

    def test_charlie_gets_404_where_beta_is_not_involved(self):
        gamma_referral = self.to_gamma()
        self.sign_in(self.charlie)
        for path in (
            f"/api/referrals/{gamma_referral.pk}",
            f"/api/referrals/pathway/{self.case.pk}",
        ):
            self.assertEqual(self.client.get(path).status_code, 404)
        for step, body in (
            ("accept", {"version": 1}),
            ("decline", {"version": 1, "reason": "other", "note": "x"}),
            ("withdraw", {"version": 1}),
            ("service", {"version": 1, "date": today()}),
        ):
            with self.subTest(step=step):
                before = self.counts()
                response = self.api("post", f"/api/referrals/{gamma_referral.pk}/{step}", body)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(self.counts(), before)

    def test_members_without_a_referral_role_get_403(self):
        # Their own organisation's case or referral, but not a role that may act on it.
        for user in (self.ann, self.alice, self.olga):
            self.assert_answers(user, {}, default=403)
        # At Beta, the referral is theirs to see but not Alpha's case.
        beta = {"create": 404, "pathway": 404}
        for user in (self.beta_analyst, self.charlie):
            self.assert_answers(user, beta, default=403)
        self.assert_answers(self.root, {}, default=403)

    def test_wrong_side_gets_403(self):
        # The sender may read its referral and its case's pathway, not act as the receiver.
        self.assert_answers(self.bob, {"accept": 403, "decline": 403, "service": 403})
        self.assert_answers(self.sam, {"accept": 403, "decline": 403, "service": 403})
        # The receiver may not withdraw, nor read or refer from Alpha's case.
        for user in (self.lena, self.victor):
            self.assert_answers(user, {"withdraw": 403, "create": 404, "pathway": 404})

    def test_another_caseworker_of_alpha_gets_403(self):
        carol = UserFactory(username="carol", organisation=self.alpha, role=Role.CASEWORKER)
        self.assert_answers(carol, {}, default=403)

    def test_anonymous_gets_401(self):
        for name, method, path, body in self.operations():
            with self.subTest(operation=name):
                self.assertEqual(self.api(method, path, body).status_code, 401)
        for path in ("/api/referrals/received", "/api/referrals/sent"):
            self.assertEqual(self.client.get(path).status_code, 401)

    def test_right_roles_succeed(self):
        self.assert_answers(self.bob, {"detail": 200, "pathway": 200, "create": 201})
        self.assert_answers(self.lena, {"detail": 200})
        self.assert_answers(self.victor, {"detail": 200})
        self.assert_answers(self.lena, {"accept": 200})
        self.assertEqual(Referral.objects.get(pk=self.sent.pk).status, ReferralStatus.ACCEPTED)
        self.assert_answers(self.lena, {"service": 200})
        self.assertEqual(Referral.objects.get(pk=self.taken.pk).status, ReferralStatus.COMPLETED)

    def test_receiver_declines_and_sender_withdraws(self):
        other = self.send()
        self.sign_in(self.victor)
        response = self.api(
            "post",
            f"/api/referrals/{other.pk}/decline",
            {"version": other.version, "reason": "no_capacity", "note": "Full until May"},
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "declined")
        self.sign_in(self.sam)
        response = self.api(
            "post", f"/api/referrals/{self.sent.pk}/withdraw", {"version": self.sent.version}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "withdrawn")


class ListAccessTests(ReferralApiTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.send()

    def ids(self, user, which):
        self.sign_in(user)
        response = self.client.get(f"/api/referrals/{which}")
        self.assertEqual(response.status_code, 200, response.content)
        return [item["id"] for item in response.json()["items"]]

    def test_receivers_see_the_inbox_and_senders_the_sent_list(self):
        for user in (self.lena, self.victor):
            self.assertEqual(self.ids(user, "received"), [self.referral.pk])
        for user in (self.bob, self.sam):
            self.assertEqual(self.ids(user, "sent"), [self.referral.pk])

    def test_outsiders_and_the_other_side_see_none_of_it(self):
        for user in (self.gina, self.gamma_boss, self.bob, self.sam):
            self.assertEqual(self.ids(user, "received"), [])
        for user in (self.gina, self.gamma_boss, self.lena, self.victor):
            self.assertEqual(self.ids(user, "sent"), [])

    def test_charlie_sees_nothing_of_a_referral_to_gamma(self):
        gamma_referral = self.to_gamma()
        for user in (self.gina, self.gamma_boss):
            self.assertEqual(self.ids(user, "received"), [gamma_referral.pk])
        self.sign_in(self.charlie)
        self.assertEqual(self.client.get("/api/referrals/received").status_code, 403)

    def test_roles_without_referrals_get_403(self):
        for user in (self.ann, self.alice, self.beta_analyst, self.charlie, self.root, self.olga):
            self.sign_in(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get("/api/referrals/received").status_code, 403)
        for user in (self.ann, self.alice, self.beta_analyst, self.charlie, self.root):
            self.sign_in(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get("/api/referrals/sent").status_code, 403)

    def test_hotline_operator_follows_call_referrals_only(self):
        self.sign_in(self.olga)
        response = self.client.get("/api/referrals/sent")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 0)


class LinkedCaseAccessTests(ReferralApiTestCase):
    """The receiver's own case: its pathway is the receiver's to read, not the sender's."""

    def test_pathway_of_the_receiving_case(self):
        referral = self.accepted()
        path = f"/api/referrals/pathway/{referral.receiving_case_id}"
        self.sign_in(self.lena)
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, response.content)
        (item,) = response.json()["items"]
        self.assertEqual((item["side"], item["referral"]["id"]), ("receiver", referral.pk))
        for user, status in (
            (self.bob, 404),
            (self.sam, 404),
            (self.gina, 404),
            (self.beta_analyst, 403),
        ):
            self.sign_in(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(path).status_code, status)
