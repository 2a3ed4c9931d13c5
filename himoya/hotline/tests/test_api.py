"""Every hotline API operation: outsider 404, wrong role 403, right role; bad input 422
field by field and nothing written; stale edits 409; referrals only with consent."""

import datetime
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditEntry
from himoya.cases.models import Case
from himoya.clients.models import Client, Consent
from himoya.core.roles import Role
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.hotline.models import Call
from himoya.hotline.tests.base import CALLBACK_NAME, CALLBACK_PHONE, SUMMARY, CallTestCase
from himoya.hotline.tests.factories import CallFactory
from himoya.notifications.models import Notification
from himoya.referrals.access import received_referrals
from himoya.referrals.models import Referral, Urgency

COUNTED = (Call, Client, Consent, Referral, Case, Notification)


def counts():
    return [model.objects.count() for model in COUNTED]


class HotlineApiTestCase(CallTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def api(self, user, method, path, body=None):
        self.client.logout()
        if user is not None:
            self.sign_in(user)
        data = json.dumps(body) if body is not None else None
        return getattr(self.client, method)(
            f"/api/hotline{path}", data, content_type="application/json"
        )

    def new_call(self, **overrides):
        body = {
            "duration_minutes": 9,
            "caller_type": "survivor",
            "topic": "legal_question",
            "district": "isfara",
            "sex": "female",
            "forms_of_violence": ["economic"],
            "actions": ["information"],
        }
        body.update(overrides)
        return body

    def operations(self):
        """(method, path, valid body, who may: "read" | "write" | "stats")."""
        call = self.fresh()
        base = f"/calls/{call.pk}"
        return [
            ("get", "/calls?organisation=alpha", None, "read"),
            ("post", "/calls", self.new_call(organisation="alpha"), "write"),
            ("get", base, None, "read"),
            ("patch", base, {"version": call.version, "duration_minutes": 20}, "write"),
            (
                "post",
                f"{base}/referrals",
                {
                    "service": self.legal_aid.pk,
                    "needs": ["legal"],
                    "verbal_consent": True,
                    "consent_organisation": "beta",
                },
                "write",
            ),
            ("post", f"{base}/case", {"services_consent": True}, "write"),
            ("get", "/stats?organisation=alpha", None, "stats"),
        ]


class ApiAccessTests(HotlineApiTestCase):
    def test_unauthenticated_is_401(self):
        for method, path, body, _who in self.operations():
            self.assertEqual(self.api(None, method, path, body).status_code, 401, path)

    def test_outsider_gets_404(self):
        before = counts()
        for method, path, body, _who in self.operations():
            for user in (self.charlie, self.lena):
                response = self.api(user, method, path, body)
                self.assertEqual(response.status_code, 404, f"{user} {method} {path}")
                self.assertEqual(response.json()["message"], "Not found.")
        self.assertEqual(counts(), before)

    def test_wrong_roles_get_403(self):
        before = counts()
        for method, path, body, who in self.operations():
            users = [self.ann, self.alice, self.bob, self.root]
            if who == "write":
                users.append(self.sam)
            if who == "stats":
                users.append(self.olga)
            for user in users:
                response = self.api(user, method, path, body)
                self.assertEqual(response.status_code, 403, f"{user} {method} {path}")
        self.assertEqual(counts(), before)

    def test_supervisor_of_an_organisation_without_hotline_gets_403(self):
        beta_call = CallFactory(organisation=self.beta, operator=self.charlie)
        for path in ("/calls", "/calls?organisation=beta", "/stats", f"/calls/{beta_call.pk}"):
            self.assertEqual(self.api(self.victor, "get", path).status_code, 403, path)
        self.assertEqual(self.api(self.victor, "get", "/calls?organisation=alpha").status_code, 404)
        UserFactory(username="bea", organisation=self.beta, role=Role.HOTLINE_OPERATOR)
        response = self.api(self.victor, "get", "/calls")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row["id"] for row in response.json()["items"]], [beta_call.pk])

    def test_no_organisation_named_and_none_held_is_403(self):
        for path in ("/calls", "/stats"):
            self.assertEqual(self.api(self.charlie, "get", path).status_code, 403, path)
        self.assertEqual(self.api(self.bob, "post", "/calls", self.new_call()).status_code, 403)

    def test_right_roles(self):
        expected = {"get": 200, "post": 201, "patch": 200}
        for method, path, body, who in self.operations():
            user = self.sam if who == "stats" else self.olga
            response = self.api(user, method, path, body)
            self.assertEqual(response.status_code, expected[method], f"{path} {response.content}")
        for path in ("/calls", f"/calls/{self.call.pk}"):
            self.assertEqual(self.api(self.sam, "get", path).status_code, 200, path)

    def test_missing_call_is_404(self):
        for method, path, body, _who in self.operations():
            if "/calls/" in path:
                path = path.replace(f"/calls/{self.call.pk}", "/calls/999999")
                self.assertEqual(self.api(self.olga, method, path, body).status_code, 404)


class ApiCallTests(HotlineApiTestCase):
    def test_list_has_no_identifying_fields_and_filters(self):
        old = CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            topic="legal_question",
            started_at=timezone.now() - datetime.timedelta(days=3),
        )
        response = self.api(self.sam, "get", "/calls")
        body = response.json()
        self.assertEqual([item["id"] for item in body["items"]], [self.call.pk, old.pk])
        text = response.content.decode()
        for secret in (CALLBACK_NAME, CALLBACK_PHONE, SUMMARY, "callback_phone", "summary"):
            self.assertNotIn(secret, text)
        self.assertEqual(body["items"][0]["district"], "isfara")

        def ids(query):
            items = self.api(self.sam, "get", f"/calls?{query}").json()["items"]
            return [item["id"] for item in items]

        self.assertEqual(ids("topic=legal_question"), [old.pk])
        self.assertEqual(ids("risk_flag=true"), [self.call.pk])
        self.assertEqual(ids("callback_wanted=false"), [old.pk])
        self.assertEqual(ids("district=khujand"), [])
        day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
        self.assertEqual(ids(f"date_from={day}&date_to={day}"), [old.pk])

    def test_list_bad_filters_are_422(self):
        for query in (
            "district=atlantis",
            "topic=weather",
            "date_from=soon",
            "per_page=1000",
            "date_from=2026-02-10&date_to=2026-02-01",
            "date_from=0001-01-01",
            "date_to=9999-12-31",
        ):
            response = self.api(self.olga, "get", f"/calls?{query}")
            self.assertEqual(response.status_code, 422, query)
        response = self.api(self.olga, "get", "/calls?date_to=9999-12-31")
        self.assertIn("1 January 2000", response.json()["errors"]["date_to"][0])

    def test_list_query_count_does_not_depend_on_page_size(self):
        self.sign_in(self.olga)

        def count_queries():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get("/api/hotline/calls?per_page=100")
            self.assertEqual(response.status_code, 200)
            return len(queries)

        one = count_queries()
        for _index in range(30):
            CallFactory(organisation=self.alpha, operator=self.olga)
        self.assertEqual(count_queries(), one)

    def test_detail_shows_callback_and_audits(self):
        response = self.api(self.sam, "get", f"/calls/{self.call.pk}")
        body = response.json()
        self.assertEqual((body["callback_phone"], body["summary"]), (CALLBACK_PHONE, SUMMARY))
        entry = AuditEntry.objects.filter(action="record_read").latest("id")
        self.assertEqual(entry.detail, {"what": "call", "call": self.call.pk, "via": "api"})

    def test_create_anonymous_by_default(self):
        response = self.api(self.olga, "post", "/calls", self.new_call())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["callback_wanted"], body["callback_name"], body["callback_phone"]),
            (False, "", ""),
        )
        call = Call.objects.get(pk=body["id"])
        self.assertEqual(call.operator, self.olga)
        self.assertLessEqual(abs((timezone.now() - call.started_at).total_seconds()), 60)

    def test_create_bad_input_is_422_and_writes_nothing(self):
        future = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
        cases = [
            ({"duration_minutes": -1}, "duration_minutes"),
            ({"duration_minutes": 601}, "duration_minutes"),
            ({"callback_phone": "+992 90 123 4567"}, "callback_wanted"),
            ({"callback_name": "Zebo"}, "callback_wanted"),
            ({"callback_wanted": True}, "callback_phone"),
            ({"callback_wanted": True, "callback_phone": "ring me"}, "callback_phone"),
            ({"district": "atlantis"}, "district"),
            ({"forms_of_violence": ["spiritual"]}, "forms_of_violence"),
            ({"actions": ["prayed"]}, "actions"),
            ({"started_at": future}, "started_at"),
            # Year 1 was logged (201) and the edit form showed no date.
            ({"started_at": "0001-01-01T00:00:00Z"}, "started_at"),
            ({"started_at": "0001-01-01T00:00:00"}, "started_at"),
            ({"started_at": "1999-12-31T12:00:00+05:00"}, "started_at"),
            ({"organisation": "beta"}, None),
            ({"unexpected": 1}, "unexpected"),
        ]
        before = counts()
        for overrides, field in cases:
            response = self.api(self.olga, "post", "/calls", self.new_call(**overrides))
            if field is None:
                self.assertEqual(response.status_code, 404, overrides)
                continue
            self.assertEqual(response.status_code, 422, f"{overrides} {response.content}")
            errors = response.json()["errors"]
            self.assertTrue(any(field in key for key in errors), f"{overrides}: {errors}")
        self.assertEqual(counts(), before)

    def test_start_out_of_range_has_the_forms_words(self):
        response = self.api(
            self.olga, "post", "/calls", self.new_call(started_at="0001-01-01T00:00:00Z")
        )
        self.assertEqual(
            response.json()["errors"]["started_at"],
            ["The call cannot have started before 1 January 2000 or in the future."],
        )

    def test_patch_and_stale_version(self):
        call = self.fresh()
        response = self.api(
            self.olga,
            "patch",
            f"/calls/{call.pk}",
            {"version": call.version, "topic": "other", "district": None},
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["topic"], response.json()["district"]), ("other", None))
        self.assertEqual(self.fresh().version, 2)
        stale = self.api(
            self.olga, "patch", f"/calls/{call.pk}", {"version": 1, "duration_minutes": 3}
        )
        self.assertEqual(stale.status_code, 409)
        body = stale.json()
        self.assertEqual(body["current_version"], 2)
        self.assertIn("topic", body["changed"])
        self.assertEqual(self.fresh().duration_minutes, 12)

    def test_patch_bad_input_is_422(self):
        call = self.fresh()
        for body in (
            {"version": call.version, "duration_minutes": 1000},
            {"version": call.version, "callback_wanted": False},
            {"version": call.version, "topic": None},
            {"version": call.version, "district": "atlantis"},
            {"version": call.version, "started_at": "0001-01-01T00:00:00Z"},
            {"duration_minutes": 3},
        ):
            response = self.api(self.olga, "patch", f"/calls/{call.pk}", body)
            self.assertEqual(response.status_code, 422, body)
        self.assertEqual(self.fresh().version, 1)


class ApiReferAndCaseTests(HotlineApiTestCase):
    def refer(self, **overrides):
        body = {
            "service": self.legal_aid.pk,
            "urgency": Urgency.EMERGENCY,
            "needs": ["legal"],
            "verbal_consent": True,
            "consent_organisation": "beta",
        }
        body.update(overrides)
        body = {key: value for key, value in body.items() if value is not None}
        return self.api(self.olga, "post", f"/calls/{self.call.pk}/referrals", body)

    def test_referral_refused_without_verbal_consent(self):
        before = counts()
        response = self.refer(verbal_consent=False)
        self.assertEqual(response.status_code, 422)
        self.assertIn("verbal_consent", response.json()["errors"])
        self.assertIn("must agree", response.json()["errors"]["verbal_consent"][0])
        self.assertEqual(counts(), before)

    def test_referral_with_consent(self):
        response = self.refer()
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertIn("referral", body["actions"])
        [row] = body["referrals"]
        self.assertEqual((row["to_organisation"], row["status"]), ("beta", "sent"))
        referral = Referral.objects.get()
        self.assertIn(referral, received_referrals(self.lena))
        self.assertEqual(referral.client.consents.get().recipient_organisation, self.beta)

    def test_the_same_referral_twice_is_409_naming_the_open_one(self):
        self.assertEqual(self.refer().status_code, 201)
        referral = Referral.objects.get()
        before = counts()
        response = self.refer()
        self.assertEqual(response.status_code, 409, response.content)
        body = response.json()
        self.assertEqual(body["code"], "duplicate")
        self.assertEqual(body["referral"], {"id": referral.pk, "reference": referral.reference})
        self.assertEqual(counts(), before)

    def test_consent_must_name_the_services_organisation(self):
        gamma = OrganisationFactory(slug="gamma", kind="ngo", district__slug="isfara")
        other = ServiceFactory(organisation=gamma, districts_served=[self.isfara])
        before = counts()
        for overrides in (
            {"service": other.pk},  # consent given for Beta, service of Gamma
            {"consent_organisation": "gamma"},
            {"consent_organisation": None},
            {"consent_organisation": "nowhere"},
        ):
            response = self.refer(**overrides)
            self.assertEqual(response.status_code, 422, overrides)
            self.assertIn("consent_organisation", response.json()["errors"], overrides)
        self.assertEqual(counts(), before)
        self.assertEqual(self.fresh().version, 1)
        response = self.refer(service=other.pk, consent_organisation="gamma")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Referral.objects.get().to_organisation, gamma)

    def test_referral_bad_input(self):
        before = counts()
        for overrides in (
            {"service": 999999},
            {"needs": []},
            {"needs": ["magic"]},
            {"urgency": 7},
            {"message": "x" * 2001},
        ):
            self.assertEqual(self.refer(**overrides).status_code, 422, overrides)
        self.assertEqual(counts(), before)

    def test_case_from_call(self):
        response = self.api(self.olga, "post", f"/calls/{self.call.pk}/case", {})
        self.assertEqual(response.status_code, 201, response.content)
        case = self.fresh().case
        self.assertIsNotNone(case)
        self.assertEqual(
            self.api(self.olga, "get", f"/calls/{self.call.pk}").json()["case_opened"], True
        )
        again = self.api(self.olga, "post", f"/calls/{self.call.pk}/case", {})
        self.assertEqual(again.status_code, 422)
        self.assertEqual(Case.objects.filter(calls=self.call).count(), 1)
        # The operator has no case access through the case API either.
        self.client.logout()
        self.sign_in(self.olga)
        self.assertEqual(self.client.get(f"/api/cases/{case.pk}").status_code, 403)


class ApiStatsTests(HotlineApiTestCase):
    def test_stats(self):
        response = self.api(self.sam, "get", "/stats")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            (body["organisation"], body["total"], body["risk_flagged"]), ("alpha", 1, 1)
        )
        self.assertEqual(body["date_from"], timezone.localdate().replace(day=1).isoformat())
        topics = {row["value"]: row["count"] for row in body["by_topic"]}
        self.assertEqual(topics["domestic_violence"], 1)

    def test_stats_bad_period(self):
        for query in (
            "date_from=2026-02-10&date_to=2026-02-01",
            "date_from=x",
            "date_from=2010-01-01&date_to=2026-01-01",
            "date_from=0001-01-01&date_to=0001-01-03",
            "date_from=9999-12-29&date_to=9999-12-31",
        ):
            self.assertEqual(self.api(self.sam, "get", f"/stats?{query}").status_code, 422, query)
