"""GET /api/audit/...: same access rules as the pages, JSON errors, pagination."""

from himoya.accounts.models import ApiToken
from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.testing import HimoyaTestCase

ORG_URL = "/api/audit/orgs/{}/entries"


class AuditApiTests(HimoyaTestCase):
    def setUp(self):
        record(AuditAction.SIGN_IN, actor=self.alice, organisation=self.alpha)
        record(AuditAction.USER_CHANGED, actor=self.alice, organisation=self.alpha)
        record(AuditAction.DIRECTORY_CHANGED, actor=self.charlie, organisation=self.beta)

    def test_anonymous_gets_401(self):
        response = self.client.get(ORG_URL.format("alpha"))
        self.assertEqual(response.status_code, 401)
        self.assertIn("message", response.json())

    def test_outsider_gets_404(self):
        self.sign_in(self.charlie)
        self.assertEqual(self.client.get(ORG_URL.format("alpha")).status_code, 404)
        self.assertEqual(self.client.get(ORG_URL.format("nowhere")).status_code, 404)

    def test_wrong_roles_get_403(self):
        for user in (self.bob, self.ann):
            self.sign_in(user)
            response = self.client.get(ORG_URL.format("alpha"))
            self.assertEqual(response.status_code, 403, user.username)
            self.assertIn("message", response.json())

    def test_supervisor_reads_own_organisation(self):
        self.sign_in(self.sam)
        response = self.client.get(ORG_URL.format("alpha"))
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], 2)
        self.assertEqual({item["organisation"] for item in body["items"]}, {"alpha"})
        self.assertEqual(body["items"][0]["action"], "user_changed")
        self.assertEqual(body["items"][0]["actor"], "alice")

    def test_members_sign_ins_are_included(self):
        record(AuditAction.SIGN_IN_FAILED, actor=self.bob)
        record(AuditAction.SIGN_IN, actor=self.charlie)
        self.sign_in(self.sam)
        body = self.client.get(ORG_URL.format("alpha")).json()
        self.assertEqual(body["count"], 3)
        self.assertEqual(body["items"][0]["action"], "sign_in_failed")
        self.assertEqual(body["items"][0]["actor"], "bob")
        self.assertIsNone(body["items"][0]["organisation"])

    def test_token_authentication(self):
        _token, secret = ApiToken.issue(self.alice, "audit reader")
        response = self.client.get(
            ORG_URL.format("alpha"), headers={"Authorization": f"Bearer {secret}"}
        )
        self.assertEqual(response.status_code, 200)

    def test_filters_and_bad_filters(self):
        self.sign_in(self.alice)
        response = self.client.get(ORG_URL.format("alpha"), {"action": "sign_in"})
        self.assertEqual(response.json()["count"], 1)
        for query in (
            {"action": "format_disk"},
            {"date_from": "not-a-date"},
            {"date_from": "2026-05-02", "date_to": "2026-05-01"},
            {"page": "0"},
        ):
            response = self.client.get(ORG_URL.format("alpha"), query)
            self.assertEqual(response.status_code, 422, query)
            self.assertIn("errors", response.json())

    def test_platform_entries_for_the_superuser_only(self):
        self.sign_in(self.alice)
        self.assertEqual(self.client.get("/api/audit/entries").status_code, 403)
        self.sign_in(self.root)
        response = self.client.get("/api/audit/entries", {"per_page": 2})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 3)
        self.assertEqual(len(response.json()["items"]), 2)
