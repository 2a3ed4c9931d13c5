"""Health check and the friendly error pages, in the visitor's language."""

from django.test import RequestFactory, TestCase
from django.utils import translation

from himoya.accounts.tests.factories import UserFactory
from himoya.core import views


class SiteViewTests(TestCase):
    def test_healthz_checks_the_database(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        # The body now also reports each check (himoya/ops/tests/test_health.py).
        self.assertEqual(response.json()["status"], "ok")

    def test_unknown_page_is_a_friendly_404_with_quick_exit(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, 'id="quick-exit"', status_code=404)
        self.assertNotContains(response, "Traceback", status_code=404)

    def test_error_pages_keep_no_stack_trace(self):
        request = RequestFactory().get("/")
        request.user = None
        for handler, status in (
            (views.bad_request, 400),
            (views.forbidden, 403),
            (views.not_found, 404),
        ):
            response = handler(request, Exception("secret detail"))
            self.assertEqual(response.status_code, status)
            self.assertNotIn(b"secret detail", response.content)
        response = views.server_error(request)
        self.assertEqual(response.status_code, 500)

    def test_error_page_in_russian(self):
        request = RequestFactory().get("/ru/")
        with translation.override("ru"):
            response = views.not_found(request)
        self.assertIn("Страница не найдена", response.content.decode())


class QuickExitKeyTests(TestCase):
    """Esc leaves only on visitors' pages; staff keep the button (quick-exit.js reads this)."""

    def test_visitors_pages_let_escape_leave(self):
        response = self.client.get("/")
        self.assertContains(response, "data-escape-exits")
        self.assertContains(response, 'id="quick-exit"')

    def test_signed_in_pages_keep_the_button_without_escape(self):
        from himoya.testing import sign_in_client

        sign_in_client(self.client, UserFactory(username="staffer"))
        response = self.client.get("/")
        self.assertNotContains(response, "data-escape-exits")
        self.assertContains(response, 'id="quick-exit"')
