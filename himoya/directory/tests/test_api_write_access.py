"""Who may write to the directory through the API: outsider 404, wrong role 403, admins 2xx."""

from himoya.accounts.models import ApiToken
from himoya.directory.tests.test_api_fixtures import NEW_SERVICE, ApiClientMixin, DirectoryTestCase


class AccessTests(ApiClientMixin, DirectoryTestCase):
    """Outsider 404, wrong role 403, no credentials 401, org admin and root 2xx."""

    def requests(self):
        counselling = f"/api/directory/services/{self.counselling.pk}"
        return [
            (
                "patch",
                "/api/directory/organisations/alpha",
                {"version": 1, "email": "a@example.org"},
            ),
            ("post", "/api/directory/organisations/alpha/services", NEW_SERVICE),
            ("patch", counselling, {"version": 1, "hours_en": "Daily"}),
            ("delete", counselling, None),
        ]

    def assert_status(self, expected, token=None):
        for method, url, body in self.requests():
            before = self.counts()
            response = self.call(method, url, body, token=token)
            self.assertEqual(response.status_code, expected, (method, url, response.content))
            self.assertTrue(response.json()["message"])
            self.assertEqual(self.counts(), before, (method, url))

    def test_anonymous_gets_401(self):
        self.assert_status(401)

    def test_outsider_gets_404(self):
        self.sign_in(self.charlie)
        self.assert_status(404)

    def test_wrong_role_gets_403(self):
        for user in (self.bob, self.sam, self.ann, self.olga):
            self.sign_in(user)
            self.assert_status(403)

    def test_garbage_and_revoked_tokens_get_401(self):
        token, secret = ApiToken.issue(self.alice, "laptop")
        token.delete()
        for bad in (secret, "hmy_abc_def", "garbage", "hmy__", ""):
            self.assert_status(401, token=bad or " ")

    def test_alice_and_root_may_write(self):
        for user in (self.alice, self.root):
            self.client.logout()
            self.sign_in(user)
            self.counselling.refresh_from_db()
            version = self.counselling.version
            response = self.call(
                "patch",
                f"/api/directory/services/{self.counselling.pk}",
                {"version": version, "hours_en": f"by {user}"},
            )
            self.assertEqual(response.status_code, 200, response.content)
            self.assertEqual(response.json()["hours_en"], f"by {user}")
            self.assertEqual(response.json()["version"], version + 1)

    def test_token_auth_works(self):
        _token, secret = ApiToken.issue(self.alice, "script")
        response = self.call(
            "post", "/api/directory/organisations/alpha/services", NEW_SERVICE, token=secret
        )
        self.assertEqual(response.status_code, 201, response.content)
        _token, secret = ApiToken.issue(self.charlie, "script")
        response = self.call(
            "post", "/api/directory/organisations/alpha/services", NEW_SERVICE, token=secret
        )
        self.assertEqual(response.status_code, 404)
