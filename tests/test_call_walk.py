"""The call log walk: operators see their organisation's calls and no case; supervisors
see the log and its statistics; other members get 403, outsiders 404; a caller's
name, number and the call's summary never reach anyone else. Through every page and API
operation, including ones added later (see no_leak_walker.WalkEverything).

Alpha has bob's case (every record secret) and a call logged by olga that wanted a call
back and was referred to a third organisation, and a second operator (oydin) with a
call of her own: each operator sees the other's call only as a shift handover, never
its call-back details, summary or referral. Beta has its own operator (ozod) and a
call of its own.
"""

import datetime

from django.utils import timezone

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.api import api
from himoya.cases.tests.test_api_fixtures import SECRETS, CaseApiTestCase
from himoya.clients.tests.factories import ClientFactory
from himoya.core.roles import Role
from himoya.hotline.models import Call
from himoya.hotline.tests.factories import CallFactory
from himoya.notifications.models import Notification
from himoya.referrals.models import Referral, Urgency
from tests.no_leak_walker import (
    FORBIDDEN,
    NOT_FOUND,
    WalkEverything,
    body_text,
    records_by_model,
)

ALPHA_CALL = {
    "alpha_callback_name": "Shahnoza, call after nine",
    "alpha_callback_phone": "+992 93 313 1313",
    "alpha_summary": "Her brother-in-law took her passport and the children's papers",
    "alpha_referral_message": "Caller from Sino needs a shelter place tonight",
}
OYDIN_CALL = {
    "oydin_callback_name": "Zebo, the sister-in-law",
    "oydin_callback_phone": "+992 90 717 1313",
    "oydin_summary": "Her husband's brother hides her medicines",
}
BETA_CALL = {
    "beta_callback_name": "Nigina from Vorukh",
    "beta_callback_phone": "+992 92 101 2020",
    "beta_summary": "Asked whether the court in Isfara takes alimony claims",
}
HOTLINE_ONLY = ("hotline/", "/api/hotline/")


class CallWalkTests(WalkEverything, CaseApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ozod = UserFactory(
            username="ozod",
            organisation=cls.beta,
            role=Role.HOTLINE_OPERATOR,
            profession=Profession.HOTLINE_OPERATOR,
        )
        cls.oydin = UserFactory(
            username="oydin",
            organisation=cls.alpha,
            role=Role.HOTLINE_OPERATOR,
            profession=Profession.HOTLINE_OPERATOR,
        )
        cls.add_walk_records(storage_name="1" * 64)
        cls.alpha_call = cls.secret_call(cls.alpha, cls.olga, ALPHA_CALL, "alpha")
        cls.oydin_call = cls.secret_call(cls.alpha, cls.oydin, OYDIN_CALL, "oydin")
        cls.beta_call = cls.secret_call(cls.beta, cls.ozod, BETA_CALL, "beta")
        cls.referral = cls.refer(cls.alpha_call)
        cls.schema = api.get_openapi_schema()

    @classmethod
    def secret_call(cls, organisation, operator, secrets, prefix):
        """An at-risk call that wants a call back, its name, number and summary the
        `prefix` ones of `secrets`."""
        return CallFactory(
            organisation=organisation,
            operator=operator,
            duration_minutes=14,
            district=organisation.district,
            risk_flag=True,
            callback_wanted=True,
            callback_name=secrets[f"{prefix}_callback_name"],
            callback_phone=secrets[f"{prefix}_callback_phone"],
            summary=secrets[f"{prefix}_summary"],
            client=ClientFactory(organisation=organisation, name=""),
        )

    @classmethod
    def refer(cls, call):
        """A referral from the call to a shelter of a third organisation."""
        shelter = cls.add_gamma_shelter()
        gamma = shelter.organisation
        now = timezone.now()
        return Referral.objects.create(
            client=call.client,
            from_organisation=call.organisation,
            from_call=call,
            to_organisation=gamma,
            service=shelter,
            urgency=Urgency.EMERGENCY,
            needs=["shelter"],
            message=ALPHA_CALL["alpha_referral_message"],
            sent_by=call.operator,
            sent_at=now,
            expires_at=now + datetime.timedelta(days=7),
        )

    def setUp(self):
        super().setUp()
        self.public_default = self.alpha_call.pk
        self.marker = None
        self.lookup_code = SECRETS["code"]

    def prepare(self, user, *, alpha_case, alpha_call, beta_call, referral, own, oydin_call=None):
        """What `user` must get for each object: None (anything), FORBIDDEN, NOT_FOUND."""
        case_records = [r for r in self.records.values() if hasattr(r, "pk")]
        self.records_by_model = records_by_model((case_records, alpha_case))
        self.records_by_model[Call] = [
            (self.alpha_call.pk, alpha_call),
            (self.oydin_call.pk, alpha_call if oydin_call is None else oydin_call),
            (self.beta_call.pk, beta_call),
        ]
        self.records_by_model[Referral] = [(self.referral.pk, referral)]
        own_notification = Notification.objects.filter(user=user).first()
        other_notification = Notification.objects.exclude(user=user).first()
        self.values = {
            "case_id": [(self.case.pk, alpha_case)],
            "slug": [(self.alpha.slug, None), (self.beta.slug, None)],
            "organisation": [(self.alpha.slug, alpha_call), (self.beta.slug, beta_call)],
            "code": [(SECRETS["code"], None)],
            "user_id": [(self.bob.pk, None)],
            "notification_id": [
                *([(own_notification.pk, None)] if own_notification else []),
                *([(other_notification.pk, NOT_FOUND)] if other_notification else []),
            ],
        }
        self.own_secrets = own

    def walk_as(self, user, secrets, only=None, **expected):
        self.prepare(user, **expected)
        report = self.walk(user, secrets, only=only)
        self.assert_clean(report, user)
        return report

    # ---- operators ----

    def test_an_operator_sees_her_calls_and_no_case_nor_another_organisation_s_call(self):
        report = self.walk_as(
            self.olga,
            {**SECRETS, **BETA_CALL, **OYDIN_CALL},
            alpha_case=FORBIDDEN,
            alpha_call=None,
            beta_call=NOT_FOUND,
            referral=None,
            own=ALPHA_CALL,
        )
        # The walk reached her call, with its call-back details, and its referral.
        self.assertEqual(set(report["seen"]), set(ALPHA_CALL))

    def test_a_second_operator_sees_her_colleague_s_call_only_as_a_handover(self):
        """oydin reads olga's call as a shift handover (pages and API answer, with no
        call-back detail, summary or referral message in them) and olga's referral not
        at all (403); her own call in full."""
        report = self.walk_as(
            self.oydin,
            {**SECRETS, **BETA_CALL, **ALPHA_CALL},
            alpha_case=FORBIDDEN,
            alpha_call=None,
            oydin_call=None,
            beta_call=NOT_FOUND,
            referral=FORBIDDEN,
            own=OYDIN_CALL,
        )
        self.assertEqual(set(report["seen"]), set(OYDIN_CALL))
        for url in (f"/hotline/{self.alpha_call.pk}/", f"/api/hotline/calls/{self.alpha_call.pk}"):
            self.assertEqual(self.client.get(url).status_code, 200, url)
        for url in ("edit", "refer", "case"):
            path = f"/hotline/{self.alpha_call.pk}/{url}/"
            self.assertEqual(self.client.get(path).status_code, 403, path)

    def test_another_organisation_s_operator_gets_404_and_nothing_of_alpha(self):
        report = self.walk_as(
            self.ozod,
            {**SECRETS, **ALPHA_CALL, **OYDIN_CALL},
            alpha_case=NOT_FOUND,
            alpha_call=NOT_FOUND,
            beta_call=None,
            referral=NOT_FOUND,
            own=BETA_CALL,
        )
        self.assertEqual(set(report["seen"]), set(BETA_CALL))

    # ---- supervisors, other members, outsiders ----

    def test_a_supervisor_reads_the_log_and_its_statistics(self):
        report = self.walk_as(
            self.sam,
            BETA_CALL,
            only=HOTLINE_ONLY,
            alpha_case=None,
            alpha_call=None,
            beta_call=NOT_FOUND,
            referral=None,
            own={**ALPHA_CALL, **OYDIN_CALL},
        )
        self.assertTrue({"alpha_callback_name", "alpha_summary"} <= report["seen"])
        self.assertTrue({"oydin_callback_name", "oydin_summary"} <= report["seen"])
        for url in (
            "/hotline/",
            "/hotline/statistics/",
            f"/hotline/{self.alpha_call.pk}/",
            "/api/hotline/calls",
            "/api/hotline/stats",
            f"/api/hotline/calls/{self.alpha_call.pk}",
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
        # A supervisor reads the log; she does not log or change calls.
        for url in ("/hotline/new/", f"/hotline/{self.alpha_call.pk}/edit/"):
            self.assertEqual(self.client.get(url).status_code, 403, url)

    def test_the_log_lists_no_other_organisation_s_call(self):
        for user, other in ((self.olga, BETA_CALL), (self.ozod, ALPHA_CALL)):
            self.client.logout()
            self.sign_in(user)
            # (Statistics are the supervisors'.)
            for url in ("/hotline/", "/api/hotline/calls"):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, f"{url} as {user.username}")
                text = body_text(response)
                leaked = [key for key, value in other.items() if value in text]
                self.assertFalse(leaked, f"{url} shows {user.username} {leaked}")

    def test_other_members_of_the_organisation_get_403(self):
        for user in (self.bob, self.alice, self.ann):
            with self.subTest(user=user.username):
                self.walk_as(
                    user,
                    {**ALPHA_CALL, **BETA_CALL, **OYDIN_CALL},
                    only=HOTLINE_ONLY,
                    alpha_case=None,
                    alpha_call=FORBIDDEN,
                    beta_call=NOT_FOUND,
                    referral=FORBIDDEN,
                    own={},
                )

    def test_outsiders_get_404(self):
        self.walk_as(
            self.charlie,
            {**ALPHA_CALL, **BETA_CALL, **OYDIN_CALL},
            only=HOTLINE_ONLY,
            alpha_case=NOT_FOUND,
            alpha_call=NOT_FOUND,
            beta_call=FORBIDDEN,
            referral=NOT_FOUND,
            own={},
        )
