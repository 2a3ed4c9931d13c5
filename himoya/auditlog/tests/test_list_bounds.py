"""Unbounded page numbers and boundary dates in the audit lists and notifications give
a clear refusal, not a 500 (issue 9, item 12): one paging (core/paging.py) and one
date-range parser (core/date_range.py) for every list."""

from django.urls import reverse

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.testing import HimoyaTestCase

HUGE = "9223372036854775807"
BOUNDARY_DATES = ({"date_from": "0001-01-01"}, {"date_to": "9999-12-31"})


class AuditListBoundsTests(HimoyaTestCase):
    def setUp(self):
        record(AuditAction.SIGN_IN, actor=self.alice, organisation=self.alpha)

    def api_lists(self):
        """(user, url) of each API list under test, with a reader allowed to read it."""
        return (
            (self.root, "/api/audit/entries"),
            (self.sam, "/api/audit/orgs/alpha/entries"),
            (self.bob, "/api/notifications/"),
        )

    def test_a_huge_page_number_is_422_on_every_api_list(self):
        for user, url in self.api_lists():
            self.sign_in(user)
            for page in (HUGE, "100001", "0", "-1"):
                response = self.client.get(url, {"page": page})
                self.assertEqual(response.status_code, 422, (url, page))
                self.assertIn("page", response.json()["errors"])

    def test_the_last_allowed_page_is_an_empty_page(self):
        for user, url in self.api_lists():
            self.sign_in(user)
            response = self.client.get(url, {"page": "100000", "per_page": "100"})
            self.assertEqual(response.status_code, 200, url)
            body = response.json()
            self.assertEqual(body["items"], [])
            self.assertEqual((body["page"], body["per_page"]), (100000, 100))

    def test_every_api_list_pages_with_per_page(self):
        """The project's one shape: `per_page`, and count/page/per_page/total_pages."""
        for user, url in self.api_lists():
            self.sign_in(user)
            body = self.client.get(url, {"per_page": "1"}).json()
            self.assertEqual(set(body), {"count", "page", "per_page", "total_pages", "items"})
            self.assertLessEqual(len(body["items"]), 1)
            refused = self.client.get(url, {"per_page": "101"})
            self.assertEqual(refused.status_code, 422, url)
            self.assertIn("per_page", refused.json()["errors"])

    def test_boundary_dates_are_422_on_the_api(self):
        for user, url in self.api_lists()[:2]:
            self.sign_in(user)
            for query in BOUNDARY_DATES:
                response = self.client.get(url, {**query, "lang": "ru"})
                self.assertEqual(response.status_code, 422, (url, query))
                [field] = query
                [message] = response.json()["errors"][field]
                self.assertIn("2099", message)
                self.assertRegex(message, "[а-яА-Я]")

    def test_boundary_dates_are_400_on_the_pages(self):
        self.sign_in(self.root)
        for url in (reverse("audit:log"), reverse("audit:organisation_log", args=["alpha"])):
            for query in BOUNDARY_DATES:
                response = self.client.get(url, {**query, "page": HUGE})
                self.assertEqual(response.status_code, 400, (url, query))
                self.assertContains(response, "2099", status_code=400)

    def test_a_range_inside_the_bounds_still_lists(self):
        self.sign_in(self.root)
        query = {"date_from": "2000-01-01", "date_to": "2099-12-31"}
        response = self.client.get("/api/audit/entries", query)
        self.assertEqual(response.status_code, 200)
        self.assertGreaterEqual(response.json()["count"], 1)
        self.assertEqual(self.client.get(reverse("audit:log"), query).status_code, 200)
