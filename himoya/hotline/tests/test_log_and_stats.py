"""The call log (filters, paging, query counts, nothing identifying), the statistics
and the dashboard counts."""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from himoya.accounts.models import Membership
from himoya.accounts.tests.factories import UserFactory
from himoya.core.roles import Role
from himoya.geo.models import District
from himoya.hotline.dashboard import call_counts, call_panel, week_start
from himoya.hotline.models import CallAction, CallerType, CallTopic
from himoya.hotline.stats import call_statistics
from himoya.hotline.tests.base import CALLBACK_NAME, CALLBACK_PHONE, SUMMARY, CallTestCase
from himoya.hotline.tests.factories import CallFactory
from himoya.hotline.views.calls import PAGE_SIZE
from himoya.referrals.models import ReferralStatus


class CallLogTests(CallTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.olga)

    def rows(self, query=""):
        response = self.client.get(self.url("hotline:log", query=query))
        self.assertEqual(response.status_code, 200, query)
        return [row["pk"] for row in response.context["rows"]]

    def test_list_has_no_callback_details_or_summary(self):
        response = self.client.get(self.url("hotline:log"))
        self.assertContains(response, self.call.reference)
        for secret in (CALLBACK_NAME, CALLBACK_PHONE, SUMMARY):
            self.assertNotContains(response, secret)

    def test_newest_first_and_filters(self):
        old = CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            started_at=timezone.now() - datetime.timedelta(days=10),
            topic=CallTopic.LEGAL_QUESTION,
            caller_type=CallerType.RELATIVE,
            district=District.objects.get(slug="khujand"),
        )
        # Another organisation's: never listed.
        CallFactory(organisation=self.beta, operator=self.charlie)
        self.assertEqual(self.rows(), [self.call.pk, old.pk])
        self.assertEqual(self.rows("?topic=legal_question"), [old.pk])
        self.assertEqual(self.rows("?caller_type=relative"), [old.pk])
        self.assertEqual(self.rows("?district=khujand"), [old.pk])
        self.assertEqual(self.rows("?risk=yes"), [self.call.pk])
        self.assertEqual(self.rows("?risk=no"), [old.pk])
        self.assertEqual(self.rows("?callback=yes"), [self.call.pk])
        day = timezone.localdate() - datetime.timedelta(days=10)
        self.assertEqual(self.rows(f"?date_from={day}&date_to={day}"), [old.pk])
        self.assertEqual(
            self.rows(f"?date_from={day + datetime.timedelta(days=1)}"), [self.call.pk]
        )

    def test_bad_filters_and_pages_are_400(self):
        for query in (
            "?district=atlantis",
            "?topic=weather",
            "?date_from=someday",
            "?date_from=2026-02-10&date_to=2026-02-01",
            "?page=99",
            "?page=x",
            "?page=999999999999999999",
        ):
            response = self.client.get(self.url("hotline:log", query=query))
            self.assertEqual(response.status_code, 400, query)

    def test_no_match_says_so(self):
        response = self.client.get(self.url("hotline:log", query="?date_from=2090-01-01"))
        self.assertContains(response, "0 calls")
        self.assertContains(response, "No calls match.")

    def test_days_out_of_range_are_400_with_a_message(self):
        # 0001-01-01 and 9999-12-31 made the next midnight overflow: a 500.
        for query, field in (
            ("?date_from=0001-01-01", "date_from"),
            ("?date_to=9999-12-31", "date_to"),
            ("?date_from=1999-12-31&date_to=2100-01-01", "date_from"),
        ):
            response = self.client.get(self.url("hotline:log", query=query))
            self.assertEqual(response.status_code, 400, query)
            self.assertIn("1 January 2000", str(response.context["form"].errors[field]), query)
        self.assertEqual(self.rows("?date_from=2000-01-01&date_to=2099-12-31"), [self.call.pk])

    def test_supervisor_with_two_organisations_chooses(self):
        Membership.objects.create(user=self.sam, organisation=self.beta, role=Role.SUPERVISOR)
        # Beta runs a hotline too (it has an operator): its log is sam's to supervise.
        UserFactory(username="bea", organisation=self.beta, role=Role.HOTLINE_OPERATOR)
        beta_call = CallFactory(organisation=self.beta, operator=self.charlie)
        self.client.logout()
        self.sign_in(self.sam)
        response = self.client.get(self.url("hotline:log"))
        self.assertContains(response, '<select name="organisation"')
        self.assertEqual([row["pk"] for row in response.context["rows"]], [self.call.pk])
        self.assertEqual(self.rows("?organisation=beta"), [beta_call.pk])

    def test_query_count_does_not_depend_on_page_size(self):
        def count_queries():
            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.url("hotline:log"))
            return len(queries)

        one = count_queries()
        for index in range(PAGE_SIZE + 3):
            CallFactory(
                organisation=self.alpha,
                operator=self.olga,
                district=None if index % 2 else self.isfara,
                actions=[CallAction.REFERRAL] if index % 3 else [],
            )
        self.assertEqual(count_queries(), one)

    def test_past_the_count_cap_the_log_says_more_than_and_pages_on(self):
        for _ in range(4):
            CallFactory(organisation=self.alpha, operator=self.olga)
        with (
            mock.patch("himoya.hotline.views.calls.COUNT_CAP", 2),
            mock.patch("himoya.hotline.views.calls.PAGE_SIZE", 2),
        ):
            response = self.client.get(self.url("hotline:log"))
            self.assertContains(response, "More than 2 calls")
            self.assertContains(response, "Page 1 of more than 1")
            self.assertContains(response, "page=2")
            last = self.client.get(self.url("hotline:log", query="?page=3"))
        # Five calls in all: the last page counts them exactly and ends the list.
        self.assertEqual(len(last.context["rows"]), 1)
        self.assertContains(last, "5 calls")
        self.assertNotContains(last, "page=4")


class StatisticsTests(CallTestCase):
    def setUp(self):
        super().setUp()
        now = timezone.now()
        khujand = District.objects.get(slug="khujand")
        self.call.started_at = now - datetime.timedelta(minutes=30)
        self.call.forms_of_violence = ["physical", "psychological"]
        self.call.actions = ["counselling", "referral"]
        self.call.save()
        CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            duration_minutes=4,
            caller_type=CallerType.RELATIVE,
            topic=CallTopic.LEGAL_QUESTION,
            district=khujand,
            language="ru",
            sex="male",
            age_group="41-60",
            forms_of_violence=["economic"],
            actions=["information"],
            started_at=now - datetime.timedelta(minutes=20),
        )
        CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            duration_minutes=30,
            district=None,
            forms_of_violence=["physical"],
            started_at=now - datetime.timedelta(minutes=10),
        )
        # Outside the period, and another organisation's: not counted.
        CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            started_at=now - datetime.timedelta(days=400),
        )
        CallFactory(organisation=self.beta, operator=self.charlie)
        referral = self.make_referral(from_case=None, from_call=self.call)
        self.make_referral(from_case=None, from_call=self.call, status=ReferralStatus.ACCEPTED)
        self.make_referral()  # from bob's case, not from a call
        self.referral = referral

    def stats(self):
        today = timezone.localdate()
        return call_statistics(self.alpha, today - datetime.timedelta(days=30), today)

    def test_numbers(self):
        stats = self.stats()
        self.assertEqual(stats.total, 3)
        self.assertEqual(stats.risk_flagged, 1)
        self.assertEqual(stats.callbacks_wanted, 1)
        self.assertEqual(stats.average_minutes, round((12 + 4 + 30) / 3, 1))
        self.assertEqual(stats.median_minutes, 12)
        by = {
            name: {value: n for value, _label, n in rows} for name, rows in stats.breakdowns.items()
        }
        self.assertEqual(by["topic"]["domestic_violence"], 2)
        self.assertEqual(by["topic"]["legal_question"], 1)
        self.assertEqual(by["topic"]["other"], 0)
        self.assertEqual(by["caller_type"]["relative"], 1)
        self.assertEqual(by["sex"]["male"], 1)
        self.assertEqual(by["sex"]["unknown"], 2)
        self.assertEqual(by["age_group"]["41-60"], 1)
        self.assertEqual(by["language"], {"tg": 2, "ru": 1, "uz": 0, "ky": 0, "en": 0})
        self.assertEqual(
            {slug: n for slug, _name, n in stats.districts}, {"isfara": 1, "khujand": 1, "": 1}
        )
        listed = {
            name: {value: n for value, _label, n in rows} for name, rows in stats.listed.items()
        }
        self.assertEqual(
            listed["forms_of_violence"],
            {"physical": 2, "psychological": 1, "sexual": 0, "economic": 1},
        )
        self.assertEqual(
            listed["actions"], {"information": 1, "counselling": 1, "referral": 1, "emergency": 0}
        )
        referrals = {value: n for value, _label, n in stats.referrals}
        self.assertEqual(
            (referrals["sent"], referrals["accepted"], stats.referrals_total), (1, 1, 2)
        )

    def test_even_count_median_and_empty_period(self):
        CallFactory(organisation=self.alpha, operator=self.olga, duration_minutes=20)
        self.assertEqual(self.stats().median_minutes, 16)
        day = timezone.localdate() - datetime.timedelta(days=200)
        empty = call_statistics(self.alpha, day, day)
        self.assertEqual(
            (empty.total, empty.median_minutes, empty.average_minutes), (0, None, None)
        )

    def test_query_count_does_not_depend_on_the_number_of_calls(self):
        def count_queries():
            with CaptureQueriesContext(connection) as queries:
                self.stats()
            return len(queries)

        few = count_queries()
        for _index in range(20):
            CallFactory(organisation=self.alpha, operator=self.olga, forms_of_violence=["sexual"])
        self.assertEqual(count_queries(), few)

    def test_page_shows_the_numbers(self):
        self.sign_in(self.sam)
        response = self.client.get(self.url("hotline:stats"))
        self.assertEqual(response.context["stats"].total, 3)
        self.assertContains(response, "Median minutes")
        self.assertContains(response, "Khujand")
        response = self.client.get(
            self.url("hotline:stats", query="?date_from=2026-03-01&date_to=2026-02-01")
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.get(self.url("hotline:stats", query="?date_from=garbage"))
        self.assertEqual(response.status_code, 400)

    def test_page_labels_say_what_is_counted(self):
        self.sign_in(self.sam)
        expected = {
            # (the referrals line, the referral table's count column, the period's ends)
            "en": ("Referrals made from these calls", "Referrals", "From", "To"),
            "tg": ("Ирсолҳое, ки аз ин зангҳо фиристода шуданд", "Ирсолҳо", "Аз", "То"),
            "ru": ("Направлений сделано по этим звонкам", "Направления", "С", "По"),
        }
        for language, (made, column, start, end) in expected.items():
            response = self.client.get(self.url("hotline:stats", language=language))
            html = response.content.decode()
            # "Completed referrals" is a status; the line counts every referral sent.
            self.assertNotIn("Ирсолҳои анҷомшуда", html)
            self.assertIn(f"{made}: <strong>2</strong>", html, language)
            table = html.split("<table>")[8]
            self.assertIn(f'<th scope="col">{column}</th>', table, language)
            self.assertIn(f'for="id_date_from">{start}</label>', html, language)
            self.assertIn(f'for="id_date_to">{end}</label>', html, language)

    def test_page_refuses_days_out_of_range(self):
        self.sign_in(self.sam)
        for query in (
            "?date_from=0001-01-01&date_to=0001-01-03",
            "?date_from=9999-12-29&date_to=9999-12-31",
            "?date_from=0001-01-01",
        ):
            response = self.client.get(self.url("hotline:stats", query=query))
            self.assertEqual(response.status_code, 400, query)
            self.assertContains(response, "1 January 2000", status_code=400)


class DashboardCountsTests(CallTestCase):
    def test_counts(self):
        now = timezone.localtime()
        CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            started_at=now - datetime.timedelta(minutes=5),
            risk_flag=True,
        )
        CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            started_at=week_start(now) - datetime.timedelta(minutes=1),
        )
        CallFactory(
            organisation=self.beta,
            operator=self.charlie,
            started_at=now - datetime.timedelta(minutes=1),
        )
        counts = call_counts(self.olga)[self.alpha.pk]
        expected_today = 2 if self.call.started_at >= now.replace(hour=0, minute=0) else 1
        self.assertEqual(counts["today"], expected_today)
        self.assertEqual(counts["this_week"], 2 if self.call.started_at >= week_start(now) else 1)
        self.assertEqual(list(call_counts(self.sam)), [self.alpha.pk])
        for user in (self.bob, self.ann, self.alice, self.charlie, self.root, self.victor):
            self.assertIsNone(call_counts(user), user)

    def test_panel_links(self):
        with translation.override("tg"):
            operator = call_panel(self.olga)
            supervisor = call_panel(self.sam)
        new = self.url("hotline:new", language="tg")
        self.assertIn(new, [link.href for link in operator.links])
        self.assertNotIn(new, [link.href for link in supervisor.links])
        self.assertEqual(len(operator.tiles), 4)
