"""Reading cases through the API: the list and its filters, the lookup, the case and its
sections; who may read what, and an audit entry for every read of identifiable data."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from himoya.accounts.models import ApiToken
from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import Case
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.test_api_fixtures import SECRETS, CaseApiTestCase
from himoya.core.roles import Role

SECTIONS = (
    "",
    "/consents",
    "/incidents",
    "/risk",
    "/safety-plan",
    "/plan",
    "/plan/actions",
    "/services",
    "/follow-ups",
    "/notes",
    "/attachments",
)


class ListTests(CaseApiTestCase):
    def test_caseworker_sees_their_cases_only(self):
        self.sign_in(self.bob)
        body = self.client.get("/api/cases/").json()
        self.assertEqual([item["code"] for item in body["items"]], [SECRETS["code"]])
        item = body["items"][0]
        self.assertEqual(item["caseworker"], "bob")
        self.assertEqual(item["district"], "sino")
        self.assertNotIn("name", item)

    def test_supervisor_sees_every_case_of_the_organisation(self):
        self.sign_in(self.sam)
        body = self.client.get("/api/cases/").json()
        self.assertEqual(body["count"], 2)

    def test_list_holds_no_identifying_data_and_is_not_a_read(self):
        self.sign_in(self.sam)
        before = AuditEntry.objects.count()
        response = self.client.get("/api/cases/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [key for key, value in SECRETS.items() if value in response.content.decode()],
            ["code"],
        )
        self.assertEqual(AuditEntry.objects.count(), before)

    def test_roles_without_cases_get_403(self):
        for user in (self.ann, self.alice, self.olga, self.charlie):
            self.sign_in(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get("/api/cases/").status_code, 403)

    def test_filters(self):
        Case.objects.filter(pk=self.case.pk).update(
            risk_level="high", next_due=timezone.localdate() - datetime.timedelta(days=1)
        )
        self.sign_in(self.sam)
        expectations = {
            "status=open": 2,
            "status=closed": 0,
            "risk=high": 1,
            "risk=low": 0,
            "caseworker=bob": 1,
            "caseworker=sam": 1,
            "district=sino": 2,
            "district=isfara": 0,
            "overdue=true": 1,
            "overdue=false": 1,
            f"code={SECRETS['code'].lower()}": 1,
            "code=AL-2026-999999": 0,
        }
        for query, count in expectations.items():
            with self.subTest(query=query):
                response = self.client.get(f"/api/cases/?{query}")
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(response.json()["count"], count)
        overdue = self.client.get("/api/cases/?overdue=true").json()["items"][0]
        self.assertTrue(overdue["overdue"])

    def test_bad_filters_are_field_errors(self):
        self.sign_in(self.sam)
        for query, field in (
            ("status=lost", "status"),
            ("risk=extreme", "risk"),
            ("district=atlantis", "district"),
            ("page=0", "page"),
            ("per_page=1000", "per_page"),
            ("overdue=maybe", "overdue"),
        ):
            with self.subTest(query=query):
                response = self.client.get(f"/api/cases/?{query}")
                self.assertEqual(response.status_code, 422)
                self.assertIn(field, response.json()["errors"])

    def test_pagination(self):
        for number in range(3, 8):
            CaseFactory(
                organisation=self.alpha,
                caseworker=self.bob,
                client__code=f"AL-2026-{number:06d}",
                client__name="",
                client__safe_contact={},
                client__services_consent=None,
            )
        self.sign_in(self.bob)
        body = self.client.get("/api/cases/?per_page=2&page=3").json()
        self.assertEqual((body["count"], body["total_pages"], len(body["items"])), (6, 3, 2))

    def test_queries_do_not_grow_with_the_page_size(self):
        for number in range(3, 25):
            CaseFactory(
                organisation=self.alpha,
                caseworker=self.bob,
                client__code=f"AL-2026-{number:06d}",
                client__name="",
                client__safe_contact={},
                client__services_consent=None,
            )
        self.sign_in(self.bob)

        def queries(per_page):
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(f"/api/cases/?per_page={per_page}")
            self.assertEqual(len(response.json()["items"]), per_page)
            return len(captured)

        self.assertEqual(queries(2), queries(20))

    def test_token_works_like_the_session(self):
        _token, secret = ApiToken.issue(self.bob, "phone")
        response = self.client.get("/api/cases/", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)

    def test_anonymous_gets_401(self):
        self.assertEqual(self.client.get("/api/cases/").status_code, 401)


class LookupTests(CaseApiTestCase):
    def lookup(self, code):
        return self.client.get(f"/api/cases/lookup?code={code}")

    def test_caseworker_finds_by_code_in_any_case(self):
        self.sign_in(self.bob)
        response = self.lookup(SECRETS["code"].lower())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["id"], self.case.pk)

    def test_outsider_and_unknown_code_get_the_same_404(self):
        self.sign_in(self.charlie)
        known, unknown = self.lookup(SECRETS["code"]), self.lookup("AL-2026-999999")
        self.assertEqual((known.status_code, unknown.status_code), (404, 404))
        self.assertEqual(known.json(), unknown.json())

    def test_member_without_the_right_gets_403(self):
        carol = UserFactory(username="carol", organisation=self.alpha, role=Role.CASEWORKER)
        for user in (self.ann, carol):
            self.sign_in(user)
            self.assertEqual(self.lookup(SECRETS["code"]).status_code, 403)

    def test_code_is_required(self):
        self.sign_in(self.bob)
        response = self.client.get("/api/cases/lookup")
        self.assertEqual(response.status_code, 422)
        self.assertIn("code", response.json()["errors"])


class DetailTests(CaseApiTestCase):
    def reads(self):
        return AuditEntry.objects.filter(action=AuditAction.RECORD_READ)

    def test_caseworker_reads_the_case_and_the_read_is_audited(self):
        self.sign_in(self.bob)
        response = self.client.get(f"/api/cases/{self.case.pk}", REMOTE_ADDR="10.1.2.3")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["client"]["name"], SECRETS["name"])
        self.assertEqual(body["client"]["safe_contact"]["code_word"], SECRETS["code_word"])
        entry = self.reads().get()
        self.assertEqual(entry.actor, self.bob)
        self.assertEqual(entry.organisation, self.alpha)
        self.assertEqual(entry.detail["via"], "api")
        self.assertEqual(entry.detail["case"], self.case.pk)

    def test_every_section_is_readable_and_audited(self):
        self.sign_in(self.sam)
        for section in SECTIONS:
            with self.subTest(section=section):
                before = self.reads().count()
                response = self.client.get(f"/api/cases/{self.case.pk}{section}")
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(self.reads().count(), before + 1)

    def test_sections_show_the_decrypted_content(self):
        self.sign_in(self.bob)
        base = f"/api/cases/{self.case.pk}"
        get = self.client.get
        self.assertEqual(get(f"{base}/incidents").json()[0]["description"], SECRETS["description"])
        self.assertEqual(get(f"{base}/safety-plan").json()["plan"], SECRETS["safety_plan"])
        self.assertEqual(get(f"{base}/plan").json()["actions"][0]["goal"], SECRETS["goal"])
        self.assertEqual(get(f"{base}/notes").json()[0]["text"], SECRETS["note"])
        self.assertEqual(get(f"{base}/follow-ups").json()[0]["purpose"], SECRETS["purpose"])
        self.assertEqual(get(f"{base}/services").json()[0]["notes"], SECRETS["service_notes"])
        risk = get(f"{base}/risk").json()
        self.assertEqual(risk["current"]["level"], "high")
        incident = self.records["incident"]
        one = get(f"{base}/incidents/{incident.pk}").json()
        self.assertEqual(one["perpetrators"][0]["relationship"], "current_partner")

    def test_outsider_404_wrong_role_403_on_every_read(self):
        carol = UserFactory(username="carol", organisation=self.alpha, role=Role.CASEWORKER)
        for user, status in (
            (self.charlie, 404),
            (self.ann, 403),
            (self.alice, 403),
            (carol, 403),
            (self.root, 403),
        ):
            self.sign_in(user)
            for section in SECTIONS:
                with self.subTest(user=user.username, section=section):
                    response = self.client.get(f"/api/cases/{self.case.pk}{section}")
                    self.assertEqual(response.status_code, status)
        self.assertFalse(self.reads().exists())

    def test_missing_case_is_404_like_an_outsiders(self):
        self.sign_in(self.bob)
        self.assertEqual(self.client.get("/api/cases/999999").status_code, 404)
        other = self.records["incident"].pk
        response = self.client.get(f"/api/cases/{self.other_case.pk}/incidents/{other}")
        self.assertEqual(response.status_code, 403)  # bob may not read sam's case at all
        self.sign_in(self.sam)
        response = self.client.get(f"/api/cases/{self.other_case.pk}/incidents/{other}")
        self.assertEqual(response.status_code, 404)  # the incident is not of that case


class OpenAPITests(CaseApiTestCase):
    def test_every_case_operation_is_described(self):
        from himoya.api import api

        paths = {
            p: ops
            for p, ops in api.get_openapi_schema()["paths"].items()
            if p.startswith("/api/cases/")
        }
        self.assertGreaterEqual(sum(len(ops) for ops in paths.values()), 30)
        for path, operations in paths.items():
            for method, operation in operations.items():
                with self.subTest(operation=f"{method.upper()} {path}"):
                    self.assertTrue(operation.get("summary"))
                    self.assertGreater(len(operation.get("description", "")), 20)
                    self.assertTrue(operation.get("security"))
