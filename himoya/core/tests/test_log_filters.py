"""The server log: a refused request (403, 404) is one line, a server error keeps its traceback."""

import io
import logging

from django.test import override_settings
from django.urls import path

from himoya.core.log_filters import RefusalsWithoutTraceback
from himoya.testing import HimoyaTestCase


def broken(request):
    raise RuntimeError("a real fault")


urlpatterns = [path("broken/", broken)]


class RefusalLogTests(HimoyaTestCase):
    def setUp(self):
        super().setUp()
        # The console handler as settings.LOGGING configured it, writing to a buffer.
        self.handler = next(
            handler
            for handler in logging.getLogger().handlers
            if any(isinstance(f, RefusalsWithoutTraceback) for f in handler.filters)
        )
        self.buffer = io.StringIO()
        previous = self.handler.setStream(self.buffer)
        self.addCleanup(self.handler.setStream, previous)

    def test_a_403_is_logged_without_a_traceback(self):
        self.sign_in(self.ann)  # an analyst: the case list refuses her
        self.assertEqual(self.client.get("/cases/").status_code, 403)
        self.assertIn("Forbidden", self.buffer.getvalue())
        self.assertNotIn("Traceback", self.buffer.getvalue())

    @override_settings(ROOT_URLCONF=__name__)
    def test_a_server_error_keeps_its_traceback(self):
        self.client.raise_request_exception = False
        self.assertEqual(self.client.get("/broken/").status_code, 500)
        self.assertIn("Traceback", self.buffer.getvalue())
        self.assertIn("a real fault", self.buffer.getvalue())
