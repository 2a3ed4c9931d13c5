"""Every call page: outsider 404, wrong role 403, right role 200 (GET and POST)."""

from django.urls import reverse

from himoya.audit.models import AuditEntry
from himoya.hotline.models import Call
from himoya.hotline.tests.base import CallTestCase

# Pages about one call: (route, who may use it) with "read" = operators and supervisors.
CALL_PAGES = [
    ("hotline:detail", "read"),
    ("hotline:edit", "write"),
    ("hotline:refer", "write"),
    ("hotline:open_case", "write"),
]
WRITE_PAGES = [route for route, who in CALL_PAGES if who == "write"]


class CallPageAccessTests(CallTestCase):
    def status(self, user, url, method="get", data=None):
        self.client.logout()
        self.sign_in(user)
        response = getattr(self.client, method)(url, data or {})
        return response.status_code

    def assert_status(self, user, url, expected, method="get"):
        self.assertEqual(self.status(user, url, method), expected, f"{user} {method} {url}")

    def wrong_roles(self):
        return (self.ann, self.alice, self.bob, self.root)

    def test_outsider_gets_404_on_every_call_page(self):
        for route, who in CALL_PAGES:
            url = self.url(route, self.call.pk)
            self.assert_status(self.charlie, url, 404)
            self.assert_status(self.lena, url, 404)
            if who == "write":
                self.assert_status(self.charlie, url, 404, "post")

    def test_outsider_naming_the_organisation_gets_404(self):
        for route in ("hotline:log", "hotline:new", "hotline:stats"):
            url = self.url(route, query="?organisation=alpha")
            self.assert_status(self.charlie, url, 404)
            self.assert_status(self.charlie, self.url(route, query="?organisation=nowhere"), 404)

    def test_missing_call_is_404(self):
        self.assert_status(self.olga, self.url("hotline:detail", 999999), 404)
        self.assert_status(self.sam, self.url("hotline:edit", 999999), 404)

    def test_wrong_roles_get_403(self):
        for route, who in CALL_PAGES:
            url = self.url(route, self.call.pk)
            for user in self.wrong_roles():
                self.assert_status(user, url, 403)
                if who == "write":
                    self.assert_status(user, url, 403, "post")
        for route in ("hotline:log", "hotline:new", "hotline:stats"):
            for user in (*self.wrong_roles(), self.charlie):
                self.assert_status(user, self.url(route), 403)
            for user in self.wrong_roles():
                self.assert_status(user, self.url(route, query="?organisation=alpha"), 403)
        for user in self.wrong_roles():
            self.assert_status(user, self.url("hotline:new"), 403, "post")

    def test_supervisor_reads_but_does_not_write(self):
        self.assert_status(self.sam, self.url("hotline:detail", self.call.pk), 200)
        self.assert_status(self.sam, self.url("hotline:log"), 200)
        for route in WRITE_PAGES:
            url = self.url(route, self.call.pk)
            self.assert_status(self.sam, url, 403)
            self.assert_status(self.sam, url, 403, "post")
        self.assert_status(self.sam, self.url("hotline:new"), 403)
        self.assert_status(self.sam, self.url("hotline:new"), 403, "post")

    def test_operator_gets_no_statistics(self):
        self.assert_status(self.olga, self.url("hotline:stats"), 403)
        self.assert_status(self.olga, self.url("hotline:stats", query="?organisation=alpha"), 403)

    def test_right_roles_get_200(self):
        for route, _who in CALL_PAGES:
            self.assert_status(self.olga, self.url(route, self.call.pk), 200)
        self.assert_status(self.olga, self.url("hotline:log"), 200)
        self.assert_status(self.olga, self.url("hotline:new"), 200)
        query = f"?service={self.legal_aid.pk}"
        self.assert_status(self.olga, self.url("hotline:refer", self.call.pk, query=query), 200)
        self.assert_status(self.sam, self.url("hotline:stats"), 200)
        self.assert_status(self.sam, self.url("hotline:stats", query="?organisation=alpha"), 200)

    def test_read_only_pages_refuse_post(self):
        # 405 for everyone alike: it says nothing about whether the call exists.
        for route in ("hotline:log", "hotline:stats"):
            self.assert_status(self.sam, self.url(route), 405, "post")
        for user in (self.olga, self.charlie):
            self.assert_status(user, self.url("hotline:detail", self.call.pk), 405, "post")

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(self.url("hotline:detail", self.call.pk))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_refused_posts_change_nothing(self):
        before = (Call.objects.count(), AuditEntry.objects.count(), self.fresh().version)
        for user in (self.charlie, self.ann, self.sam):
            self.status(
                user, self.url("hotline:edit", self.call.pk), "post", {"duration_minutes": 1}
            )
        after = (Call.objects.count(), AuditEntry.objects.count(), self.fresh().version)
        # Sign-ins are audited; the calls are not touched.
        self.assertEqual(before[0], after[0])
        self.assertEqual(before[2], after[2])
        self.assertFalse(
            AuditEntry.objects.filter(object_type="hotline.call", action="record_changed").exists()
        )

    def test_pages_are_not_cached_and_not_indexed(self):
        self.sign_in(self.olga)
        for url in (
            self.url("hotline:log"),
            self.url("hotline:detail", self.call.pk),
            self.url("hotline:edit", self.call.pk),
            self.url("hotline:new"),
        ):
            response = self.client.get(url)
            self.assertIn("no-cache", response["Cache-Control"], url)
            self.assertContains(response, '<meta name="robots" content="noindex">')

    def test_nav_link_for_operators_and_supervisors_only(self):
        link = f'href="{self.url("hotline:log")}"'
        for user, shown in (
            (self.olga, True),
            (self.sam, True),
            (self.bob, False),
            (self.ann, False),
        ):
            self.client.logout()
            self.sign_in(user)
            response = self.client.get(self.url("accounts:dashboard"))
            self.assertEqual(link in response.content.decode(), shown, user)
