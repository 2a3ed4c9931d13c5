"""Audit pages: who may read which entries, filters, and constant-query pagination."""

import datetime
import html
import re
from urllib.parse import parse_qs

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.testing import HimoyaTestCase


class AuditPageTestCase(HimoyaTestCase):
    def setUp(self):
        record(AuditAction.SIGN_IN, actor=self.alice, organisation=self.alpha)
        record(AuditAction.MEMBERSHIP_CREATED, actor=self.alice, organisation=self.alpha)
        record(AuditAction.DIRECTORY_CHANGED, actor=self.charlie, organisation=self.beta)

    def org_log(self, slug="alpha", **query):
        return self.client.get(reverse("audit:organisation_log", args=[slug]), query)


class OrganisationLogAccessTests(AuditPageTestCase):
    def test_anonymous_is_sent_to_sign_in(self):
        response = self.org_log()
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_outsider_gets_404(self):
        self.sign_in(self.charlie)
        self.assertEqual(self.org_log().status_code, 404)

    def test_unknown_organisation_gets_404(self):
        self.sign_in(self.alice)
        self.assertEqual(self.org_log("no-such-org").status_code, 404)

    def test_caseworker_and_analyst_get_403(self):
        for user in (self.bob, self.ann, self.olga):
            self.sign_in(user)
            self.assertEqual(self.org_log().status_code, 403, user.username)

    def test_org_admin_and_supervisor_see_only_their_organisation(self):
        for user in (self.alice, self.sam):
            self.sign_in(user)
            response = self.org_log()
            self.assertEqual(response.status_code, 200)
            entries = list(response.context["page"].object_list)
            self.assertEqual(len(entries), 2)
            self.assertTrue(all(e.organisation_id == self.alpha.id for e in entries))
            self.assertNotContains(response, "charlie")

    def test_superuser_reads_any_organisation(self):
        self.sign_in(self.root)
        self.assertEqual(self.org_log("beta").status_code, 200)

    def test_members_account_events_are_included(self):
        # Account events carry no organisation: the log shows its current members' ones.
        for action in (
            AuditAction.SIGN_IN,
            AuditAction.SIGN_IN_FAILED,
            AuditAction.SIGN_OUT,
            AuditAction.TWO_FACTOR_ENROLLED,
            AuditAction.TWO_FACTOR_RESET,
        ):
            record(action, actor=self.bob)
        record(AuditAction.SIGN_IN, actor=self.charlie)  # not a member of Alpha
        record(AuditAction.USER_CHANGED, actor=self.bob)  # not an account event
        self.sign_in(self.alice)
        entries = list(self.org_log().context["page"].object_list)
        bob_actions = {e.action for e in entries if e.actor_id == self.bob.id}
        self.assertEqual(
            bob_actions,
            {"sign_in", "sign_in_failed", "sign_out", "2fa_enrolled", "2fa_reset"},
        )
        self.assertFalse(any(e.actor_id == self.charlie.id for e in entries))
        self.assertEqual(len(entries), 2 + 5)


class PlatformLogAccessTests(AuditPageTestCase):
    def test_members_of_organisations_get_403(self):
        for user in (self.alice, self.sam, self.bob, self.charlie):
            self.sign_in(user)
            self.assertEqual(self.client.get(reverse("audit:log")).status_code, 403)

    def test_superuser_sees_every_entry(self):
        self.sign_in(self.root)
        response = self.client.get(reverse("audit:log"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["page"].paginator.count, 3)
        self.assertContains(response, "charlie")

    def test_pages_render_in_russian(self):
        self.sign_in(self.root)
        response = self.client.get("/ru/audit/")
        self.assertContains(response, "Журнал аудита")


class FilterTests(AuditPageTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.root)

    def listed(self, **query):
        response = self.client.get(reverse("audit:log"), query)
        self.assertEqual(response.status_code, 200)
        return [e.action for e in response.context["page"].object_list]

    def test_by_action(self):
        self.assertEqual(self.listed(action="membership_created"), ["membership_created"])

    def test_by_user(self):
        self.assertEqual(self.listed(user="CHARLIE"), ["directory_changed"])

    def test_by_date(self):
        today = datetime.date.today()
        self.assertEqual(len(self.listed(date_from=today.isoformat())), 3)
        self.assertEqual(self.listed(date_to=(today - datetime.timedelta(days=2)).isoformat()), [])

    def test_bad_filters_give_400_with_a_message(self):
        for query in (
            {"action": "format_disk"},
            {"date_from": "yesterday"},
            {"date_from": "2026-05-02", "date_to": "2026-05-01"},
            {"per_page": "100000"},
        ):
            response = self.client.get(reverse("audit:log"), query)
            self.assertEqual(response.status_code, 400, query)
            self.assertContains(response, 'class="error"', status_code=400)

    def test_a_page_that_is_not_a_page_is_a_400_with_a_message(self):
        # One paging parser for every list (issue 9, item 12): the audit log used to
        # show the first or last page for "abc" or 9223372036854775807, the case list
        # answered 400. Now every list answers 400.
        for value in ("abc", "9223372036854775807", "0", "99"):
            with self.subTest(value):
                response = self.client.get(reverse("audit:log"), {"page": value})
                self.assertContains(response, "role=\"alert\"", status_code=400)


class PaginationTests(HimoyaTestCase):
    def setUp(self):
        for i in range(120):
            record(AuditAction.SIGN_IN, actor=self.alice, organisation=self.alpha, detail={"i": i})
            # Members' account events (no organisation) count on the organisation's pages too.
            record(AuditAction.SIGN_OUT, actor=self.bob, detail={"i": i})

    def count_queries(self, url, per_page):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, {"per_page": per_page})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["page"].object_list), per_page)
        return len(queries)

    def test_query_count_does_not_grow_with_page_size(self):
        for user, url in (
            (self.root, reverse("audit:log")),
            (self.sam, reverse("audit:organisation_log", args=["alpha"])),
        ):
            self.sign_in(user)
            self.assertEqual(self.count_queries(url, 25), self.count_queries(url, 100))

    def test_second_page_links_keep_the_filters(self):
        self.sign_in(self.root)
        response = self.client.get(reverse("audit:log"), {"per_page": 25, "action": "sign_in"})
        next_link = re.search(r'href="\?([^"]+page=2)"', response.content.decode())
        query = parse_qs(html.unescape(next_link.group(1)))
        self.assertEqual(query, {"per_page": ["25"], "action": ["sign_in"], "page": ["2"]})
