"""JSON API for accounts: /me, and organisation admins listing, creating and editing members."""

import json

from himoya.accounts.models import ApiToken, Membership, User
from himoya.audit.models import AuditEntry
from himoya.core.roles import Role
from himoya.testing import HimoyaTestCase

MEMBERS = "/api/accounts/orgs/alpha/members"


class ApiTestCase(HimoyaTestCase):
    def post_json(self, path, data):
        return self.client.post(path, json.dumps(data), content_type="application/json")

    def patch_json(self, path, data):
        return self.client.patch(path, json.dumps(data), content_type="application/json")


class MeTests(ApiTestCase):
    def test_me_with_a_session(self):
        self.sign_in(self.bob)
        body = self.client.get("/api/accounts/me").json()
        self.assertEqual(body["username"], "bob")
        self.assertEqual(body["profession"], "social_worker")
        self.assertTrue(body["two_factor"])
        [membership] = body["memberships"]
        self.assertEqual(
            (membership["organisation"], membership["role"], membership["is_active"]),
            ("alpha", "caseworker", True),
        )
        self.assertTrue(membership["organisation_name"])

    def test_me_with_a_token(self):
        _token, secret = ApiToken.issue(self.charlie, "t")
        response = self.client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(response.json()["username"], "charlie")

    def test_anonymous_gets_401_json(self):
        response = self.client.get("/api/accounts/me")
        self.assertEqual(response.status_code, 401)
        self.assertIn("message", response.json())


class MembersAccessTests(ApiTestCase):
    def calls(self):
        return [
            lambda: self.client.get(MEMBERS),
            lambda: self.post_json(MEMBERS, {"username": "newbie", "role": "caseworker"}),
            lambda: self.patch_json(f"{MEMBERS}/{self.bob.pk}", {"version": 1, "role": "analyst"}),
        ]

    def test_outsider_gets_404(self):
        self.sign_in(self.charlie)
        for call in self.calls():
            self.assertEqual(call().status_code, 404)
        self.assertFalse(User.objects.filter(username="newbie").exists())

    def test_wrong_roles_get_403(self):
        for user in (self.bob, self.sam, self.ann, self.olga):
            self.sign_in(user)
            for call in self.calls():
                self.assertEqual(call().status_code, 403)
        self.assertFalse(User.objects.filter(username="newbie").exists())
        self.assertEqual(Membership.objects.get(user=self.bob).role, Role.CASEWORKER)

    def test_org_admin_gets_200_and_201(self):
        self.sign_in(self.alice)
        statuses = [call().status_code for call in self.calls()]
        self.assertEqual(statuses, [200, 201, 200])

    def test_superuser_gets_200(self):
        self.sign_in(self.root)
        self.assertEqual(self.client.get(MEMBERS).status_code, 200)

    def test_member_of_another_organisation_is_404(self):
        self.sign_in(self.alice)
        response = self.patch_json(
            f"{MEMBERS}/{self.charlie.pk}", {"version": 1, "role": "analyst"}
        )
        self.assertEqual(response.status_code, 404)
        response = self.patch_json(f"{MEMBERS}/not-a-number", {"version": 1})
        self.assertIn(response.status_code, (404, 422))


class MembersApiTests(ApiTestCase):
    def setUp(self):
        self.sign_in(self.alice)

    def test_list(self):
        body = self.client.get(MEMBERS).json()
        self.assertEqual([m["username"] for m in body], ["alice", "ann", "bob", "olga", "sam"])
        bob = next(m for m in body if m["username"] == "bob")
        self.assertEqual(bob["role"], "caseworker")
        self.assertEqual(bob["version"], 1)

    def test_create_returns_the_generated_password_once(self):
        response = self.post_json(
            MEMBERS,
            {
                "username": "farrukh",
                "role": "supervisor",
                "profession": "advocate",
                "email": "f@example.org",
            },
        )
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual(body["member"]["role"], "supervisor")
        user = User.objects.get(username="farrukh")
        self.assertTrue(user.check_password(body["password"]))
        self.assertEqual(user.profession, "advocate")

    def test_bad_input_is_422_with_field_errors_and_nothing_written(self):
        before = (User.objects.count(), AuditEntry.objects.count())
        cases = [
            ({"username": "", "role": "caseworker"}, "username"),
            ({"username": "a" * 151, "role": "caseworker"}, "username"),
            ({"username": "newbie", "role": "queen"}, "role"),
            ({"username": "newbie", "role": "caseworker", "profession": "pilot"}, "profession"),
            ({"username": "newbie", "role": "caseworker", "is_superuser": True}, "is_superuser"),
            ({"username": "newbie"}, "role"),
            ({"username": "newbie", "role": "caseworker", "email": "nope"}, "email"),
            ({"username": "newbie", "role": "caseworker", "password": "123"}, "password"),
            ({"username": "bob", "role": "caseworker"}, "username"),
            ({"username": 12, "role": "caseworker"}, "username"),
        ]
        for payload, field in cases:
            with self.subTest(payload=payload):
                response = self.post_json(MEMBERS, payload)
                self.assertEqual(response.status_code, 422)
                self.assertIn(field, response.json()["errors"])
        self.assertEqual((User.objects.count(), AuditEntry.objects.count()), before)

    def test_malformed_json_is_4xx(self):
        response = self.client.post(MEMBERS, "{not json", content_type="application/json")
        self.assertIn(response.status_code, (400, 422))

    def test_patch_changes_role_and_bumps_version(self):
        response = self.patch_json(
            f"{MEMBERS}/{self.bob.pk}", {"version": 1, "role": "supervisor", "is_active": False}
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            (body["role"], body["is_active"], body["version"]), ("supervisor", False, 2)
        )

    def test_stale_patch_is_409_with_the_changed_fields(self):
        self.patch_json(f"{MEMBERS}/{self.bob.pk}", {"version": 1, "role": "supervisor"})
        response = self.patch_json(f"{MEMBERS}/{self.bob.pk}", {"version": 1, "role": "analyst"})
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual(body["changes"], {"role": "supervisor"})
        self.assertEqual(body["version"], 2)
        self.assertEqual(Membership.objects.get(user=self.bob).role, Role.SUPERVISOR)

    def test_patch_bad_input_is_422(self):
        for payload in (
            {"role": "analyst"},
            {"version": 0},
            {"version": 1, "role": "x"},
            {"version": 1, "is_superuser": True},
        ):
            with self.subTest(payload=payload):
                response = self.patch_json(f"{MEMBERS}/{self.bob.pk}", payload)
                self.assertEqual(response.status_code, 422)
                self.assertTrue(response.json()["errors"])
        self.bob.refresh_from_db()
        self.assertFalse(self.bob.is_superuser)
        self.assertEqual(self.bob.version, 1)

    def test_last_admin_cannot_demote_themselves(self):
        response = self.patch_json(f"{MEMBERS}/{self.alice.pk}", {"version": 1, "role": "analyst"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(Membership.objects.get(user=self.alice).role, Role.ORG_ADMIN)


class OpenApiTests(ApiTestCase):
    def test_accounts_operations_are_in_the_schema(self):
        schema = self.client.get("/api/openapi.json").json()
        paths = schema["paths"]
        self.assertIn("/api/accounts/me", paths)
        self.assertIn("patch", paths["/api/accounts/orgs/{slug}/members/{user_id}"])
        self.assertIn(
            "409", paths["/api/accounts/orgs/{slug}/members/{user_id}"]["patch"]["responses"]
        )
