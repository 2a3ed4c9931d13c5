"""Smoke: every call page renders for the right role."""

from himoya.hotline.tests.base import CallTestCase


class SmokeTests(CallTestCase):
    def test_pages_render(self):
        self.sign_in(self.olga)
        for name, args in [("hotline:log", []), ("hotline:new", []), ("hotline:detail", [self.call.pk]),
                           ("hotline:edit", [self.call.pk]), ("hotline:refer", [self.call.pk]),
                           ("hotline:open_case", [self.call.pk])]:
            response = self.client.get(self.url(name, *args))
            self.assertEqual(response.status_code, 200, name)
        response = self.client.get(self.url("hotline:refer", self.call.pk, query=f"?service={self.legal_aid.pk}"))
        self.assertEqual(response.status_code, 200)
        self.client.logout()
        self.sign_in(self.sam)
        for name in ("hotline:log", "hotline:stats"):
            self.assertEqual(self.client.get(self.url(name)).status_code, 200, name)
        response = self.client.get(self.url("accounts:dashboard"))
        self.assertEqual(response.status_code, 200)
