"""The API as a whole: JSON errors in the caller's language, OpenAPI document, docs page."""

import json
import re
from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.test import RequestFactory

from himoya.api import api
from himoya.core.api import server_error
from himoya.testing import HimoyaTestCase

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def declared_operations() -> set[tuple[str, str]]:
    """(METHOD, /api/path) of every operation the routers declare."""
    found = set()
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                if not operation.include_in_schema:
                    continue
                full = re.sub("/+", "/", f"/api/{bound.prefix}/{path}")
                full = re.sub(r"\{\w+:(\w+)\}", r"{\1}", full)
                for method in operation.methods:
                    found.add((method.upper(), full))
    return found


class ErrorTests(HimoyaTestCase):
    def test_unknown_routes_are_json_404(self):
        for url in ("/api/", "/api/nothing", "/api/directory/nothing/here", "/api/hsds/services/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
            body = response.json()
            self.assertTrue(body["message"])
            self.assertEqual(body["errors"], {})

    def test_wrong_method_is_json_405(self):
        response = self.client.put("/api/hsds/services", "{}", content_type="application/json")
        self.assertEqual(response.status_code, 405)
        self.assertTrue(response.json()["message"])

    def test_errors_follow_the_language(self):
        tajik = self.client.get("/api/nothing").json()["message"]
        russian = self.client.get("/api/nothing", {"lang": "ru"}).json()["message"]
        english = self.client.get("/api/nothing", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").json()
        self.assertEqual(english["message"], "There is no such API address. See /api/docs.")
        self.assertEqual(len({tajik, russian, english["message"]}), 3)
        self.assertRegex(russian, "[а-яА-Я]")
        self.assertRegex(tajik, "[ӣқҳҷӯғ]")
        response = self.client.get("/api/hsds/", HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(response["Content-Language"], "ru")

    def test_field_errors_are_translated(self):
        response = self.client.get("/api/hsds/services", {"per_page": 500, "lang": "ru"})
        self.assertEqual(response.status_code, 422)
        body = response.json()
        self.assertRegex(body["message"], "[а-яА-Я]")
        self.assertRegex(body["errors"]["per_page"][0], "[а-яА-Я]")
        # UTF-8 text, not \\u escapes.
        self.assertNotIn(b"\\u", response.content)
        self.assertIn("100", body["errors"]["per_page"][0])

    def test_unknown_language_is_refused_with_a_message(self):
        for value in ("xx", "de", "", "tg-Latn-ru" * 20):
            response = self.client.get("/api/hsds/", {"lang": value})
            self.assertEqual(response.status_code, 400, value)
            body = response.json()
            self.assertTrue(body["message"])
            self.assertIn("lang", body["errors"])
        self.assertEqual(self.client.get("/api/hsds/", {"lang": "RU"}).status_code, 200)

    def test_unknown_accept_language_falls_back_to_tajik(self):
        response = self.client.get("/api/nothing", HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.5")
        self.assertEqual(response["Content-Language"], "tg")

    def test_server_errors_have_no_stack_trace(self):
        request = RequestFactory().get("/api/hsds/")
        with self.assertLogs("himoya.api", "ERROR"):
            response = server_error(request, RuntimeError("secret detail"))
        self.assertEqual(response.status_code, 500)
        self.assertNotIn(b"secret detail", response.content)
        self.assertNotIn(b"Traceback", response.content)
        self.assertTrue(json.loads(response.content)["message"])

    def test_session_without_second_factor_is_not_accepted_for_case_data_roles(self):
        self.client.force_login(self.bob)  # no verified second factor
        response = self.client.patch(
            "/api/directory/organisations/alpha", "{}", content_type="application/json"
        )
        self.assertIn(response.status_code, (401, 403))
        self.assertTrue(response.json()["message"])


class BearerTokenTests(HimoyaTestCase):
    """A caller that sends a bearer token is judged by it: 401, never the CSRF 403."""

    URL = "/api/directory/organisations/alpha/services"

    def test_wrong_or_empty_token_on_a_write_is_401(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        for header in ("Bearer hmy_nope_nope", "Bearer ", "bearer wrong"):
            response = client.post(
                self.URL, "{}", content_type="application/json", HTTP_AUTHORIZATION=header
            )
            self.assertEqual(response.status_code, 401, header)
            self.assertIn("message", response.json())

    def test_no_credentials_at_all_on_a_write_is_401(self):
        # Was a 403 "CSRF failed" although there was no session to protect.
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post(self.URL, "{}", content_type="application/json")
        self.assertEqual(response.status_code, 401)
        self.assertNotIn("CSRF", response.json()["message"])

    def test_wrong_token_with_a_session_is_401_too(self):
        from django.test import Client

        from himoya.testing import sign_in_client

        client = Client(enforce_csrf_checks=True)
        sign_in_client(client, self.alice)
        response = client.post(
            self.URL, "{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer x"
        )
        self.assertEqual(response.status_code, 401)
        # Without a bearer header the session path and its CSRF check still apply.
        response = client.post(self.URL, "{}", content_type="application/json")
        self.assertEqual(response.status_code, 403)


class OpenApiTests(HimoyaTestCase):
    def schema(self):
        response = self.client.get("/api/openapi.json")
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_document_lists_every_operation(self):
        schema = self.schema()
        self.assertTrue(schema["openapi"].startswith("3."))
        listed = {
            (method.upper(), path)
            for path, item in schema["paths"].items()
            for method in item
            if method in HTTP_METHODS
        }
        declared = declared_operations()
        self.assertEqual(listed, declared)
        for expected in (
            ("GET", "/api/hsds/"),
            ("GET", "/api/hsds/services"),
            ("GET", "/api/hsds/services/{id}"),
            ("GET", "/api/hsds/organizations"),
            ("GET", "/api/directory/services"),
            ("PATCH", "/api/directory/services/{service_id}"),
            ("POST", "/api/directory/organisations/{slug}/services"),
        ):
            self.assertIn(expected, listed)

    def test_every_operation_is_described(self):
        for path, item in self.schema()["paths"].items():
            for method, operation in item.items():
                if method not in HTTP_METHODS:
                    continue
                self.assertTrue(operation.get("summary"), f"{method} {path} has no summary")
                if path.startswith(("/api/directory/", "/api/hsds/")):
                    self.assertTrue(operation.get("description"), f"{method} {path}")

    def test_write_operations_declare_authentication(self):
        schema = self.schema()
        self.assertIn("securitySchemes", schema["components"])
        patch = schema["paths"]["/api/directory/services/{service_id}"]["patch"]
        self.assertTrue(patch.get("security"))
        self.assertFalse(schema["paths"]["/api/hsds/services"]["get"].get("security"))


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.inline_styles = [], [], 0
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])
        if tag == "style" or "style" in attrs:
            self.inline_styles += 1


class DocsPageTests(HimoyaTestCase):
    def test_docs_page_has_no_inline_script_and_its_files_exist(self):
        response = self.client.get("/api/docs")
        self.assertEqual(response.status_code, 200)
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        # Swagger UI styles elements through the DOM, which style-src 'self' allows.
        self.assertNotIn("unsafe-inline", policy)
        parser = _Scripts()
        parser.feed(response.content.decode())
        self.assertEqual(parser.inline_styles, 0)
        for script in parser.scripts:
            # Either a file from our own host, or data that the init script reads.
            self.assertTrue(
                script.get("src", "").startswith("/static/")
                or script.get("type") == "application/json",
                script,
            )
        for url in [s["src"] for s in parser.scripts if "src" in s] + parser.styles:
            self.assertTrue(finders.find(url.removeprefix("/static/")), url)
        settings_json = re.search(
            r'<script type="application/json" id="swagger-settings">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
        self.assertEqual(json.loads(settings_json)["url"], "/api/openapi.json")


class TooLargeBodyTests(HimoyaTestCase):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is a JSON error, never the HTML 400 page."""

    def test_large_body_is_json_413(self):
        from django.test import override_settings

        self.sign_in(self.alice)
        body = json.dumps({"name_tg": "x" * 5000})
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
            for method in (self.client.post, self.client.patch):
                response = method(
                    "/api/directory/organisations/alpha/services?lang=ru",
                    body,
                    content_type="application/json",
                )
                self.assertEqual(response.status_code, 413)
                self.assertEqual(set(response.json()), {"message", "errors"})
                self.assertIn("слишком", response.json()["message"])

    def test_error_handlers_answer_json_under_api(self):
        from django.core.exceptions import RequestDataTooBig

        from himoya.core import views

        request = RequestFactory().get("/api/anything", HTTP_ACCEPT_LANGUAGE="ru")
        for handler, status in (
            (views.bad_request, 400),
            (views.forbidden, 403),
            (views.not_found, 404),
        ):
            response = handler(request, Exception("secret"))
            self.assertEqual(response.status_code, status)
            self.assertEqual(set(json.loads(response.content)), {"message", "errors"})
        response = views.server_error(request)
        self.assertEqual(json.loads(response.content)["errors"], {})
        response = views.bad_request(request, RequestDataTooBig("big"))
        self.assertEqual(response.status_code, 413)
        self.assertIn("слишком", json.loads(response.content)["message"])
