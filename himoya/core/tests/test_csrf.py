"""Forms keep working under Referrer-Policy: no-referrer, and CSRF stays enforced."""

from django.test import Client

from himoya.accounts.tests.factories import PASSWORD
from himoya.testing import HimoyaTestCase

LOGIN = "/accounts/login/"


class NullOriginCsrfTests(HimoyaTestCase):
    def setUp(self):
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.get(LOGIN)
        self.token = self.browser.cookies["csrftoken"].value

    def post_login(self, origin, token=True, secure=False):
        data = {"username": "ann", "password": PASSWORD}
        if token:
            data["csrfmiddlewaretoken"] = self.token
        headers = {"Origin": origin} if origin else {}
        return self.browser.post(LOGIN, data, headers=headers, secure=secure)

    def test_null_origin_with_the_token_is_accepted(self):
        response = self.post_login("null")
        self.assertEqual(response.status_code, 302)

    def test_null_origin_over_https_without_referer_is_accepted(self):
        self.browser.get(LOGIN, secure=True)
        self.token = self.browser.cookies["csrftoken"].value
        response = self.post_login("null", secure=True)
        self.assertEqual(response.status_code, 302)

    def test_null_origin_without_the_token_is_refused(self):
        response = self.post_login("null", token=False)
        self.assertEqual(response.status_code, 403)

    def test_a_foreign_origin_is_refused_even_with_the_token(self):
        response = self.post_login("https://evil.example")
        self.assertEqual(response.status_code, 403)

    def test_api_session_write_with_null_origin_needs_the_token(self):
        self.sign_in(self.alice)
        client = self.client
        client.handler.enforce_csrf_checks = True
        client.get("/accounts/")
        token = client.cookies["csrftoken"].value
        url = f"/api/directory/organisations/{self.alpha.slug}"
        body = {"version": self.alpha.version, "email": "alpha@example.org"}
        refused = client.patch(url, body, content_type="application/json",
                               headers={"Origin": "null"})
        self.assertEqual(refused.status_code, 403)
        accepted = client.patch(url, body, content_type="application/json",
                                headers={"Origin": "null", "X-CSRFToken": token})
        self.assertEqual(accepted.status_code, 200, accepted.content)


def test_the_csrf_middleware_is_installed_in_place_of_djangos():
    from django.conf import settings
    from django.middleware.csrf import CsrfViewMiddleware
    from django.utils.module_loading import import_string

    classes = [import_string(path) for path in settings.MIDDLEWARE]
    assert CsrfViewMiddleware not in classes
    assert any(issubclass(cls, CsrfViewMiddleware) for cls in classes)


class CsrfFailurePageTests(HimoyaTestCase):
    """A refused form is our page in the user's language, with quick exit; JSON for the API."""

    def test_failure_page_in_tajik_and_russian(self):
        browser = Client(enforce_csrf_checks=True)
        for path, text in ((LOGIN, "Ин шакл кӯҳна шудааст"), ("/ru" + LOGIN, "Форма устарела")):
            response = browser.post(path, {"username": "ann", "password": PASSWORD})
            self.assertEqual(response.status_code, 403)
            self.assertContains(response, text, status_code=403)
            self.assertContains(response, 'id="quick-exit"', status_code=403)
            self.assertNotContains(response, "CSRF verification failed", status_code=403)

    def test_post_to_a_read_only_page_is_our_405(self):
        browser = Client(enforce_csrf_checks=True)
        for path in ("/find-help/", "/", "/organisations/", "/ru/find-help/"):
            response = browser.post(path, {"district": "isfara"})
            self.assertEqual(response.status_code, 405, path)
            self.assertIn("GET", response["Allow"])
            self.assertContains(response, 'id="quick-exit"', status_code=405)

    def test_get_to_a_post_only_page_is_our_405(self):
        self.sign_in(self.alice)
        response = self.client.get("/accounts/tokens/1/revoke/")
        self.assertEqual(response.status_code, 405)
        self.assertContains(response, 'id="quick-exit"', status_code=405)
