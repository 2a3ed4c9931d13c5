"""Two operators of one hotline (issue 9, item 5): each sees her own calls in full and
her colleague's only as a shift handover (time, topic, district, risk, what was done),
never the call-back details or the summary, and changes none of them; supervisors see
every call in full. Pages and API alike."""

import json

from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditEntry
from himoya.core.roles import Role
from himoya.hotline.models import CallAction, CallerType
from himoya.hotline.tests.base import CALLBACK_NAME, CALLBACK_PHONE, SUMMARY, CallTestCase
from himoya.hotline.tests.factories import CallFactory
from himoya.referrals.models import Referral, Urgency
from himoya.referrals.services.sending import send_referral
from tests.no_leak_walker import body_text

OYDIN_CALL = {
    "name": "Mavzuna from Kanibadam",
    "phone": "+992 92 555 0101",
    "summary": "Her son-in-law threatens her over the house",
}
OLGA_SECRETS = (CALLBACK_NAME, CALLBACK_PHONE, SUMMARY)


class TwoOperatorsTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.oydin = UserFactory(
            username="oydin",
            organisation=cls.alpha,
            role=Role.HOTLINE_OPERATOR,
            profession=Profession.HOTLINE_OPERATOR,
        )

    def setUp(self):
        super().setUp()
        # self.call is olga's (risk flagged, wants a call back); this one is oydin's.
        self.call.actions = [CallAction.COUNSELLING]
        self.call.save()
        self.own = CallFactory(
            organisation=self.alpha,
            operator=self.oydin,
            caller_type=CallerType.RELATIVE,
            callback_wanted=True,
            callback_name=OYDIN_CALL["name"],
            callback_phone=OYDIN_CALL["phone"],
            summary=OYDIN_CALL["summary"],
        )
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def as_user(self, user):
        self.client.logout()
        self.sign_in(user)

    def api(self, method, path, body=None):
        data = json.dumps(body) if body is not None else None
        return getattr(self.client, method)(path, data, content_type="application/json")

    def assert_hidden(self, response, secrets=OLGA_SECRETS):
        text = body_text(response)
        self.assertFalse([value for value in secrets if value in text], text[:2000])

    # ---- pages ----

    def test_the_colleague_s_call_page_is_a_handover_without_call_back_or_summary(self):
        for operator, colleague_call, own_call, hidden in (
            (self.oydin, self.call, self.own, OLGA_SECRETS),
            (self.olga, self.own, self.call, tuple(OYDIN_CALL.values())),
        ):
            self.as_user(operator)
            response = self.client.get(self.url("hotline:detail", colleague_call.pk))
            self.assertContains(response, "shift handover")
            self.assert_hidden(response, hidden)
            self.assertNotContains(response, self.url("hotline:edit", colleague_call.pk))
            # Her own call, in full.
            response = self.client.get(self.url("hotline:detail", own_call.pk))
            for value in (own_call.callback_name, own_call.callback_phone, own_call.summary):
                self.assertContains(response, value)
        # olga's call as oydin's handover: time, topic, district, risk, what was done.
        self.as_user(self.oydin)
        response = self.client.get(self.url("hotline:detail", self.call.pk))
        for shown in ("domestic violence", "Isfara", "At risk now", "counselling", "olga"):
            self.assertContains(response, shown)
        entry = AuditEntry.objects.filter(object_id=str(self.call.pk)).latest("id")
        self.assertEqual(entry.detail["what"], "call_handover")

    def test_an_operator_changes_no_colleague_s_call(self):
        self.as_user(self.oydin)
        for route in ("hotline:edit", "hotline:refer", "hotline:open_case"):
            url = self.url(route, self.call.pk)
            self.assertEqual(self.client.get(url).status_code, 403, url)
            self.assertEqual(self.client.post(url, {}).status_code, 403, url)
            own = self.url(route, self.own.pk)
            self.assertEqual(self.client.get(own).status_code, 200, own)
        self.assertEqual(self.fresh().version, self.call.version)

    def test_the_log_shows_colleagues_calls_as_handovers(self):
        self.as_user(self.oydin)
        response = self.client.get(self.url("hotline:log"))
        self.assertContains(response, self.call.reference)
        self.assertContains(response, "a colleague's call")
        self.assert_hidden(response)
        # Filtering on what the handover hides shows her own calls only.
        response = self.client.get(self.url("hotline:log", query="?callback=yes"))
        self.assertContains(response, self.own.reference)
        self.assertNotContains(response, f">{self.call.reference}<")
        response = self.client.get(self.url("hotline:log", query="?caller_type=survivor"))
        self.assertNotContains(response, f">{self.call.reference}<")
        # The supervisor's filters reach every call.
        self.as_user(self.sam)
        response = self.client.get(self.url("hotline:log", query="?callback=yes"))
        self.assertContains(response, f">{self.call.reference}<")
        self.assertContains(response, f">{self.own.reference}<")

    def test_the_supervisor_sees_every_call_in_full(self):
        self.as_user(self.sam)
        for call in (self.call, self.own):
            response = self.client.get(self.url("hotline:detail", call.pk))
            for value in (call.callback_name, call.callback_phone, call.summary):
                self.assertContains(response, value)
            body = self.api("get", f"/api/hotline/calls/{call.pk}").json()
            self.assertEqual((body["handover"], body["summary"]), (False, call.summary))

    # ---- API ----

    def test_the_api_gives_a_colleague_s_call_as_a_handover(self):
        self.as_user(self.oydin)
        response = self.api("get", f"/api/hotline/calls/{self.call.pk}")
        self.assertEqual(response.status_code, 200, response.content)
        self.assert_hidden(response)
        body = response.json()
        self.assertTrue(body["handover"])
        self.assertEqual(
            (body["topic"], body["district"], body["risk_flag"], body["actions"]),
            ("domestic_violence", "isfara", True, ["counselling"]),
        )
        for hidden in (
            "summary",
            "callback_name",
            "callback_phone",
            "callback_wanted",
            "caller_type",
            "sex",
            "age_group",
            "language",
            "forms_of_violence",
            "referrals",
        ):
            self.assertIsNone(body[hidden], hidden)
        own = self.api("get", f"/api/hotline/calls/{self.own.pk}").json()
        self.assertEqual((own["handover"], own["callback_name"]), (False, OYDIN_CALL["name"]))

    def test_the_api_refuses_an_operator_s_changes_to_a_colleague_s_call(self):
        self.as_user(self.oydin)
        base = f"/api/hotline/calls/{self.call.pk}"
        for method, path, body in (
            ("patch", base, {"version": self.call.version, "summary": "changed"}),
            ("post", f"{base}/referrals", {"service": self.legal_aid.pk, "needs": ["legal"]}),
            ("post", f"{base}/case", {}),
        ):
            response = self.api(method, path, body)
            self.assertEqual(response.status_code, 403, f"{method} {path} {response.content}")
            self.assert_hidden(response)
        self.assertEqual(self.fresh().summary, SUMMARY)

    def test_the_api_list_hides_what_the_handover_does_not_need(self):
        self.as_user(self.oydin)
        response = self.api("get", "/api/hotline/calls")
        items = {item["id"]: item for item in response.json()["items"]}
        colleague, own = items[self.call.pk], items[self.own.pk]
        self.assertTrue(colleague["handover"])
        self.assertIsNone(colleague["callback_wanted"])
        self.assertIsNone(colleague["caller_type"])
        self.assertEqual((own["handover"], own["callback_wanted"]), (False, True))
        wanted = self.api("get", "/api/hotline/calls?callback_wanted=true").json()["items"]
        self.assertEqual([item["id"] for item in wanted], [self.own.pk])

    def test_a_colleague_s_referral_is_not_hers_to_read(self):
        referral = send_referral(
            self.olga,
            client=self.case.client,
            service=self.legal_aid,
            urgency=Urgency.URGENT,
            needs=["legal"],
            message="Call her after six, she shares the phone",
            from_call=self.call,
        )
        self.as_user(self.oydin)
        self.assertEqual(self.api("get", f"/api/referrals/{referral.pk}").status_code, 403)
        self.assertEqual(
            self.client.get(self.url("referrals:detail", referral.pk)).status_code, 403
        )
        sent = self.api("get", "/api/referrals/sent").json()
        self.assertNotIn(referral.pk, [item["id"] for item in sent["items"]])
        self.as_user(self.olga)
        self.assertEqual(self.api("get", f"/api/referrals/{referral.pk}").status_code, 200)
        self.assertTrue(Referral.objects.filter(pk=referral.pk).exists())
