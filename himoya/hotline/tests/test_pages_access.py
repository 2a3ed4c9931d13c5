"""Every call page: outsider 404, wrong role 403, right role 200 (GET and POST)."""

from django.urls import reverse

from himoya.accounts.models import Membership
from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditEntry
from himoya.core.roles import Role
from himoya.directory.models import OrganisationKind
from himoya.directory.tests.factories import OrganisationFactory
from himoya.hotline.access import call_log_organisations
from himoya.hotline.models import Call
from himoya.hotline.templatetags.hotline_nav import works_hotline
from himoya.hotline.tests.base import CallTestCase
from himoya.hotline.tests.factories import CallFactory

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


class SupervisorWithoutHotlineTests(CallTestCase):
    """A call log belongs to an organisation that runs a hotline (of that kind, or with
    an active operator). Beta, a legal aid office, has none: victor supervises there."""

    def setUp(self):
        super().setUp()
        self.beta_call = CallFactory(organisation=self.beta, operator=self.charlie)

    def status(self, user, url):
        self.client.logout()
        self.sign_in(user)
        return self.client.get(url).status_code

    def test_supervisor_of_an_organisation_without_hotline_gets_403(self):
        for url in (
            self.url("hotline:log"),
            self.url("hotline:log", query="?organisation=beta"),
            self.url("hotline:stats"),
            self.url("hotline:stats", query="?organisation=beta"),
            self.url("hotline:detail", self.beta_call.pk),
        ):
            self.assertEqual(self.status(self.victor, url), 403, url)
        # Outsiders still get 404, whoever asks.
        self.assertEqual(self.status(self.victor, self.url("hotline:detail", self.call.pk)), 404)
        self.assertEqual(
            self.status(self.victor, self.url("hotline:log", query="?organisation=alpha")), 404
        )
        self.assertFalse(call_log_organisations(self.victor).exists())

    def test_no_calls_link_for_that_supervisor(self):
        self.sign_in(self.victor)
        response = self.client.get(self.url("accounts:dashboard"))
        self.assertNotContains(response, f'href="{self.url("hotline:log")}"')

    def test_an_operator_makes_it_a_hotline(self):
        UserFactory(username="bea", organisation=self.beta, role=Role.HOTLINE_OPERATOR)
        self.assertEqual(self.status(self.victor, self.url("hotline:log")), 200)
        self.assertEqual(self.status(self.victor, self.url("hotline:stats")), 200)
        self.assertEqual(
            self.status(self.victor, self.url("hotline:detail", self.beta_call.pk)), 200
        )
        self.assertEqual(list(call_log_organisations(self.victor)), [self.beta])
        # An operator who left does not count.
        Membership.objects.filter(role=Role.HOTLINE_OPERATOR, organisation=self.beta).update(
            is_active=False
        )
        self.assertEqual(self.status(self.victor, self.url("hotline:log")), 403)

    def test_a_hotline_by_kind_without_operators_yet(self):
        hotline = OrganisationFactory(
            slug="help-line", kind=OrganisationKind.HOTLINE, district__slug="isfara"
        )
        hanna = UserFactory(username="hanna", organisation=hotline, role=Role.SUPERVISOR)
        self.assertEqual(self.status(hanna, self.url("hotline:log")), 200)
        self.assertEqual(self.status(hanna, self.url("hotline:stats")), 200)
        self.assertEqual(list(call_log_organisations(hanna)), [hotline])

    def test_operators_keep_their_log_and_the_link_is_one_query(self):
        self.assertEqual(self.status(self.olga, self.url("hotline:log")), 200)
        for user, shown in ((self.olga, True), (self.sam, True), (self.victor, False)):
            with self.assertNumQueries(1):
                self.assertEqual(works_hotline(user), shown, user)
