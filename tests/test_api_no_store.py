"""Every answer to an authenticated API request says `Cache-Control: no-store`: the
answers carry decrypted client data, which no browser or proxy cache may keep (issue 9,
item 11). Walked over every operation of the OpenAPI document, with a token and with
a session, whatever the status."""

from himoya.accounts.models import ApiToken
from tests.access_walk_base import LOOKUP_QUERY, AccessWalkTestCase
from tests.walk_urls import example_value


class ApiNoStoreTests(AccessWalkTestCase):
    def operations(self):
        """(method, path, body) of every operation, filled with the walk's records."""
        components = self.schema.get("components", {}).get("schemas", {})
        for api_path, operations in self.schema["paths"].items():
            path = api_path
            if "{" in api_path:
                try:
                    path, _names_case = self.fill(api_path, api_path)
                except AssertionError:
                    path = api_path.replace("{id}", "1")  # the HSDS ids
            for method, operation in operations.items():
                content = operation.get("requestBody", {}).get("content", {})
                body_schema = content.get("application/json", {}).get("schema")
                body = example_value(body_schema, components) if body_schema else None
                if body is None and method != "get":
                    body = {}
                yield method, path, body

    def assert_no_store(self, user, token=None):
        walked = 0
        for method, path, body in self.operations():
            response = self.request_as(user, method, path, body, token, LOOKUP_QUERY)
            cache_control = response.get("Cache-Control", "")
            self.assertIn(
                "no-store", cache_control, f"{method.upper()} {path}: {response.status_code}"
            )
            walked += 1
        self.assertGreater(walked, 50)

    def test_every_operation_with_a_token(self):
        _record, token = ApiToken.issue(self.sam, "no-store")
        self.assert_no_store(self.sam, token)

    def test_every_operation_with_a_session(self):
        self.sign_in(self.bob)
        self.assert_no_store(self.bob)

    def test_a_case_read_is_not_cached(self):
        _record, token = ApiToken.issue(self.bob, "no-store")
        response = self.client.get(
            f"/api/cases/{self.case.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])

    def test_a_wrong_token_is_not_cached_either(self):
        response = self.client.get("/api/cases/", HTTP_AUTHORIZATION="Bearer hmy_x_y")
        self.assertEqual(response.status_code, 401)
        self.assertIn("no-store", response["Cache-Control"])
