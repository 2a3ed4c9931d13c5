"""The case list: visibility, filters, look-up, paging, no decryption, constant queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from himoya.cases.models import CaseStatus, RiskLevel
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.pages_base import CasePagesTestCase
from himoya.clients.tests.factories import ClientFactory
from himoya.geo.models import District


class CaseListTests(CasePagesTestCase):
    def codes(self, response):
        return [case.client.code for case in response.context["page"]]

    def test_caseworker_sees_own_cases_supervisor_all(self):
        carols = CaseFactory(organisation=self.alpha, caseworker=self.carol)
        CaseFactory(organisation=self.beta)
        self.sign_in(self.bob)
        response = self.client.get(self.url("cases:list"))
        self.assertEqual(self.codes(response), [self.case.client.code])
        self.client.logout()
        self.sign_in(self.sam)
        response = self.client.get(self.url("cases:list"))
        self.assertEqual(set(self.codes(response)), {self.case.client.code, carols.client.code})

    def test_filters(self):
        today = timezone.localdate()
        isfara = District.objects.get(slug="isfara")
        overdue = CaseFactory(
            organisation=self.alpha,
            caseworker=self.bob,
            next_due=today - datetime.timedelta(days=1),
            risk_level=RiskLevel.HIGH,
            status=CaseStatus.ACTIVE,
        )
        closed_overdue = CaseFactory(
            organisation=self.alpha,
            caseworker=self.bob,
            status=CaseStatus.CLOSED,
            next_due=today - datetime.timedelta(days=3),
        )
        elsewhere = CaseFactory(organisation=self.alpha, caseworker=self.carol, district=isfara)
        self.sign_in(self.sam)
        cases = {
            "status=active": [overdue],
            "status=closed": [closed_overdue],
            "risk=high": [overdue],
            "overdue=1": [overdue],
            "district=isfara": [elsewhere],
            f"caseworker={self.carol.pk}": [elsewhere],
            "status=open&district=sino": [self.case],
        }
        for query, expected in cases.items():
            response = self.client.get(self.url("cases:list") + "?" + query)
            self.assertEqual(response.status_code, 200, query)
            self.assertEqual(self.codes(response), [c.client.code for c in expected], query)
        # The chosen filter values stay selected.
        self.assertContains(response, '<option value="open" selected>')
        self.assertContains(response, '<option value="sino" selected>')

    def test_bad_filters_are_400_with_a_message(self):
        self.sign_in(self.sam)
        for query in (
            "status=nope",
            "risk=9",
            "caseworker=abc",
            "caseworker=999999",
            "district=atlantis",
            "overdue=maybe",
            "page=0",
            "page=x",
            "page=99",
        ):
            response = self.client.get(self.url("cases:list") + "?" + query)
            self.assertEqual(response.status_code, 400, query)
            self.assertTrue(response.context["error"], query)

    def test_list_shows_no_decrypted_field(self):
        CaseFactory(
            organisation=self.alpha,
            caseworker=self.bob,
            client=ClientFactory(
                organisation=self.alpha, name="Зарина Секретова", phone="+992 93 555 0000"
            ),
        )
        self.sign_in(self.sam)
        response = self.client.get(self.url("cases:list"))
        self.assertNotContains(response, "Секретова")
        self.assertNotContains(response, "555 0000")
        for case in response.context["page"]:
            deferred = case.client.get_deferred_fields()
            self.assertTrue({"name", "phone", "address", "birth_date", "safe_contact"} <= deferred)

    def test_paging(self):
        for _ in range(30):
            CaseFactory(organisation=self.alpha, caseworker=self.bob)
        self.sign_in(self.bob)
        first = self.client.get(self.url("cases:list"))
        self.assertEqual(len(first.context["page"]), 25)
        second = self.client.get(self.url("cases:list") + "?page=2")
        self.assertEqual(len(second.context["page"]), 6)
        self.assertContains(first, "page=2")

    def query_count(self, rows):
        for _ in range(rows - 1):
            CaseFactory(organisation=self.alpha, caseworker=self.bob, risk_level=RiskLevel.MEDIUM)
        self.sign_in(self.sam)
        url = self.url("cases:list")
        self.client.get(url)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(len(response.context["page"]), rows)
        return len(queries)

    def test_query_count_does_not_grow_with_page_size(self):
        at_five = self.query_count(5)
        at_twenty_five = self.query_count(25)
        self.assertEqual(at_five, at_twenty_five)


class LookupTests(CasePagesTestCase):
    def test_exact_code_goes_to_the_case(self):
        self.sign_in(self.bob)
        code = self.case.client.code
        for value in (code, f"  {code.lower()} "):
            response = self.client.get(self.url("cases:lookup") + f"?code={value}")
            self.assertRedirects(
                response, self.url("cases:detail", self.case.pk), fetch_redirect_response=False
            )
        # ?code= on the list does the same.
        response = self.client.get(self.url("cases:list") + f"?code={code}")
        self.assertEqual(response.status_code, 302)

    def test_unknown_or_invisible_code_says_not_found(self):
        carols = CaseFactory(organisation=self.alpha, caseworker=self.carol)
        self.sign_in(self.bob)
        for code in ("XX-2026-000001", carols.client.code, self.case.client.code[:-1]):
            response = self.client.get(self.url("cases:lookup") + f"?code={code}", follow=True)
            self.assertContains(response, "No case found")

    def test_empty_or_long_code_is_400(self):
        self.sign_in(self.bob)
        for code in ("", "A" * 40):
            response = self.client.get(self.url("cases:lookup") + f"?code={code}")
            self.assertEqual(response.status_code, 400)
