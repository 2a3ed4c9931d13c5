"""Paging of long lists: exact counts up to a cap, "more than" past it, any page reachable."""

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from himoya.cases.models import Case, CaseStatus
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.pages_base import CasePagesTestCase
from himoya.core.paging import BadPage, capped_count, capped_counts, list_page, list_page_by_id


class PaginateTests(CasePagesTestCase):
    def setUp(self):
        super().setUp()
        for _ in range(6):
            CaseFactory(organisation=self.alpha, caseworker=self.bob)
        self.cases = Case.objects.filter(organisation=self.alpha).order_by("-pk")
        self.total = self.cases.count()  # 7 with the base case

    def test_under_the_cap_the_count_is_exact(self):
        page = list_page(self.cases, "1", 2, cap=50)
        self.assertFalse(page.capped)
        self.assertEqual((page.paginator.count, page.paginator.num_pages), (self.total, 4))

    def test_past_the_cap_the_page_says_more_than(self):
        page = list_page(self.cases, "1", 2, cap=3)
        self.assertTrue(page.capped)
        self.assertEqual((page.count_at_least, page.pages_at_least), (3, 1))
        self.assertTrue(page.has_next())
        self.assertEqual(
            [case.pk for case in page], list(self.cases.values_list("pk", flat=True)[:2])
        )

    def test_a_page_past_the_cap_is_reachable_and_the_last_one_ends_the_list(self):
        page = list_page(self.cases, "3", 2, cap=3)
        self.assertEqual(len(page), 2)
        self.assertTrue(page.has_next())
        last = list_page(self.cases, "4", 2, cap=3)
        self.assertFalse(last.capped)
        self.assertEqual(len(last), 1)
        self.assertFalse(last.has_next())
        with self.assertRaises(BadPage):
            list_page(self.cases, "5", 2, cap=3)

    def test_paging_by_id_keeps_the_list_order_and_reads_only_the_page(self):
        expected = list(self.cases.values_list("pk", flat=True)[2:4])
        asked = []

        def rows_of(ids):
            asked.append(list(ids))
            return Case.objects.filter(pk__in=ids).order_by("pk")  # any order comes back

        page = list_page_by_id(self.cases, rows_of, "2", 2, cap=50)
        self.assertEqual([case.pk for case in page], expected)
        self.assertEqual(asked, [expected])
        self.assertEqual(page.paginator.count, self.total)

    def test_paging_by_id_skips_a_row_deleted_between_the_queries(self):
        first_two = list(self.cases.values_list("pk", flat=True)[:2])
        page = list_page_by_id(
            self.cases, lambda ids: Case.objects.filter(pk__in=ids[1:]), "1", 2, cap=50
        )
        self.assertEqual([case.pk for case in page], first_two[1:])

    def test_bad_page_numbers(self):
        # Past MAX_PAGE, a number would overflow the databases' LIMIT/OFFSET integers.
        for number in ("0", "-1", "x", "1.5", "100001", "999999999999999999", "1" * 400):
            with self.subTest(number=number), self.assertRaises(BadPage):
                list_page(self.cases, number, 2, cap=3)

    def test_a_huge_page_number_on_a_list_page_is_400(self):
        self.sign_in(self.sam)
        for number in ("999999999999999999", "1" * 400):
            with self.subTest(number=number[:20]):
                response = self.client.get(self.url("cases:list"), {"page": number})
                self.assertContains(response, "There is no such page.", status_code=400)

    def test_capped_counts_answer_in_one_query_what_capped_count_answers(self):
        CaseFactory(organisation=self.alpha, caseworker=self.bob, status=CaseStatus.CLOSED)
        querysets = {
            status: Case.objects.filter(organisation=self.alpha, status=status)
            for status in CaseStatus.values
        }
        with CaptureQueriesContext(connection) as captured:
            together = capped_counts(querysets, 2)
        self.assertEqual(len(captured), 1)
        self.assertEqual(
            together, {status: capped_count(qs, 2) for status, qs in querysets.items()}
        )
        self.assertEqual(max(together.values()), 3)  # limit + 1: "more than 2"


class CaseListCapTests(CasePagesTestCase):
    def test_no_match_says_so(self):
        self.sign_in(self.sam)
        response = self.client.get(self.url("cases:list"), {"district": "khorugh"})
        self.assertContains(response, "0 cases")
        self.assertContains(response, "No cases match.")

    def test_the_case_list_says_more_than_past_the_cap(self):
        for _ in range(3):
            CaseFactory(organisation=self.alpha, caseworker=self.bob)
        self.sign_in(self.sam)
        with (
            mock.patch("himoya.cases.views.case_list.COUNT_CAP", 2),
            mock.patch("himoya.cases.views.case_list.PAGE_SIZE", 1),
        ):
            response = self.client.get(self.url("cases:list"), {"page": "2"})
        self.assertTrue(response.context["page"].capped)
        self.assertContains(response, "More than 2 cases")
        self.assertContains(response, "Page 2 of more than 2")
