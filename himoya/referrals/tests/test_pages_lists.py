"""The inbox and the sent list: order, filters, paging, query counts, expiry, and the
dashboard counts and navigation link."""

import datetime
import io
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from himoya import cli
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.models import Referral, ReferralStatus, Urgency
from himoya.referrals.tests.pages_base import ReferralPagesTestCase
from himoya.referrals.views.lists import PAGE_SIZE


class InboxTests(ReferralPagesTestCase):
    def test_most_urgent_first_then_oldest_first(self):
        now = timezone.now()
        days = datetime.timedelta(days=1)
        routine_old = self.make_referral(urgency=Urgency.ROUTINE, sent_at=now - 3 * days)
        urgent_new = self.make_referral(urgency=Urgency.URGENT, sent_at=now - days)
        urgent_old = self.make_referral(urgency=Urgency.URGENT, sent_at=now - 2 * days)
        emergency = self.make_referral(urgency=Urgency.EMERGENCY, sent_at=now)
        self.make_referral(status=ReferralStatus.DECLINED, urgency=Urgency.EMERGENCY)
        response = self.get(self.lena, "referrals:inbox")
        rows = response.context["rows"]
        self.assertEqual(
            [row["pk"] for row in rows],
            [emergency.pk, urgent_old.pk, urgent_new.pk, routine_old.pk],
        )
        self.assertEqual([row["age_days"] for row in rows], [0, 2, 1, 3])
        self.assertContains(response, f"R-{emergency.pk}")
        counts = {item["status"]: item["count"] for item in response.context["counts"]}
        self.assertEqual(counts["sent"], 4)
        self.assertEqual(counts["declined"], 1)

    def test_other_statuses_can_be_chosen_and_bad_filters_are_400(self):
        declined = self.make_referral(status=ReferralStatus.DECLINED)
        self.make_referral()
        rows = self.get(self.lena, "referrals:inbox", status="declined").context["rows"]
        self.assertEqual([row["pk"] for row in rows], [declined.pk])
        self.assertEqual(
            len(self.get(self.lena, "referrals:inbox", status="all").context["rows"]), 2
        )
        self.assertEqual(self.get(self.lena, "referrals:inbox", status="bogus").status_code, 400)
        self.assertEqual(self.get(self.lena, "referrals:inbox", page="9").status_code, 400)
        self.assertEqual(self.get(self.lena, "referrals:inbox", page="x").status_code, 400)

    def test_paginated(self):
        for _ in range(PAGE_SIZE + 2):
            self.make_referral()
        response = self.get(self.lena, "referrals:inbox")
        self.assertEqual(len(response.context["rows"]), PAGE_SIZE)
        self.assertContains(response, "page=2")
        self.assertEqual(len(self.get(self.lena, "referrals:inbox", page="2").context["rows"]), 2)

    def test_an_empty_status_says_so(self):
        self.make_referral()
        self.as_user(self.lena)
        response = self.client.get(self.url("referrals:inbox"), {"status": "declined"})
        self.assertContains(response, "0 referrals, most urgent first")
        self.assertContains(response, "No referrals here.")
        self.as_user(self.bob)
        response = self.client.get(self.url("referrals:sent"), {"status": "expired"})
        self.assertContains(response, "No referrals here.")

    def test_age_counts_calendar_days_like_the_received_date(self):
        # Sent at the last moment of yesterday: one day old today, as the "Received"
        # column's date says, though fewer than 24 hours have passed.
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        last_moment = datetime.datetime.combine(yesterday, datetime.time.max)
        sent = self.make_referral(sent_at=timezone.make_aware(last_moment))
        self.as_user(self.lena)
        rows = self.client.get(self.url("referrals:inbox")).context["rows"]
        self.assertEqual([(row["pk"], row["age_days"]) for row in rows], [(sent.pk, 1)])

    def test_status_counts_stop_at_their_cap(self):
        for _ in range(3):
            self.make_referral()
        self.make_referral(status=ReferralStatus.DECLINED)
        self.as_user(self.lena)
        with mock.patch("himoya.referrals.views.lists.STATUS_COUNT_CAP", 2):
            response = self.client.get(self.url("referrals:inbox"))
        counts = {
            item["status"]: (item["count"], item["more"]) for item in response.context["counts"]
        }
        self.assertEqual(counts["sent"], (2, True))
        self.assertEqual(counts["declined"], (1, False))
        self.assertContains(response, "<strong>2+</strong>", html=True)
        # The list's own total is still exact: it counts past the tabs' cap.
        self.assertContains(response, "3 referrals, most urgent first")

    def queries_for(self, user, name):
        self.as_user(user)
        url = self.url(name)
        self.client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url, {"status": "all"}).status_code, 200)
        return len(captured)

    def test_query_count_does_not_depend_on_page_size(self):
        self.make_referral()
        one = {
            name: self.queries_for(self.bob if name == "referrals:sent" else self.lena, name)
            for name in ("referrals:inbox", "referrals:sent")
        }
        for index in range(PAGE_SIZE + 3):
            self.make_referral(urgency=index % 3 + 1, needs=["legal", "psychological"])
        for name, count in one.items():
            user = self.bob if name == "referrals:sent" else self.lena
            self.assertEqual(self.queries_for(user, name), count, name)

    def test_expiry_through_the_inbox_alerts_the_senders_supervisor(self):
        overdue = self.make_referral(expires_at=timezone.now() - datetime.timedelta(minutes=1))
        waiting = self.make_referral()
        response = self.get(self.lena, "referrals:inbox")
        self.assertEqual([row["pk"] for row in response.context["rows"]], [waiting.pk])
        self.assertEqual(Referral.objects.get(pk=overdue.pk).status, ReferralStatus.EXPIRED)
        self.assertTrue(
            Notification.objects.filter(
                user=self.sam, referral=overdue, kind=NotificationKind.REFERRAL_EXPIRED
            ).exists()
        )
        response = self.get(self.lena, "referrals:detail", overdue.pk)
        self.assertContains(response, "expired without an answer")
        self.assertNotContains(response, self.client_record.code)


class SentListTests(ReferralPagesTestCase):
    def test_sent_list_shows_dates_and_times(self):
        now = timezone.now()
        accepted = self.make_referral(
            status=ReferralStatus.ACCEPTED,
            sent_at=now - datetime.timedelta(days=2, hours=3),
            accepted_at=now,
        )
        response = self.get(self.bob, "referrals:sent")
        row = response.context["rows"][0]
        self.assertEqual(row["pk"], accepted.pk)
        self.assertEqual(row["to_organisation"], "Beta")
        self.assertContains(response, "2 days, 3 hours")
        self.assertEqual(self.get(self.bob, "referrals:sent", status="sent").context["rows"], [])


class ExpireCommandTests(ReferralPagesTestCase):
    def test_command_expires_and_alerts_the_supervisor(self):
        overdue = self.make_referral(expires_at=timezone.now() - datetime.timedelta(hours=1))
        self.make_referral()
        out = io.StringIO()
        call_command("expire_referrals", stdout=out)
        self.assertIn("OK: 1 referrals expired", out.getvalue())
        self.assertEqual(Referral.objects.get(pk=overdue.pk).status, ReferralStatus.EXPIRED)
        self.assertTrue(
            Notification.objects.filter(
                user=self.sam, referral=overdue, kind=NotificationKind.REFERRAL_EXPIRED
            ).exists()
        )

    def test_himoya_referrals_expire(self):
        overdue = self.make_referral(expires_at=timezone.now() - datetime.timedelta(hours=1))
        self.assertEqual(cli.main(["referrals", "expire"]), 0)
        self.assertEqual(Referral.objects.get(pk=overdue.pk).status, ReferralStatus.EXPIRED)


class DashboardTests(ReferralPagesTestCase):
    def panel(self, response, name):
        return response.context["dashboard"].get(name)

    def test_receiver_sees_waiting_counts(self):
        self.make_referral(urgency=Urgency.EMERGENCY)
        self.make_referral(urgency=Urgency.URGENT)
        self.make_referral()
        self.make_referral(status=ReferralStatus.ACCEPTED)
        response = self.get(self.lena, "accounts:dashboard")
        waiting = self.panel(response, "referrals").tile("waiting")
        self.assertEqual(waiting.count, 3)
        self.assertContains(response, "emergency: 1 · urgent: 1")
        self.assertContains(response, self.url("referrals:inbox"))

    def test_sender_sees_awaiting_an_answer(self):
        self.make_referral()
        self.make_referral(status=ReferralStatus.DECLINED)
        response = self.get(self.bob, "accounts:dashboard")
        self.assertEqual(self.panel(response, "referrals").tile("awaiting").count, 1)
        self.assertContains(response, "Sent, awaiting an answer")

    def test_no_referral_counts_without_a_role(self):
        for user in (self.ann, self.alice, self.root):
            response = self.get(user, "accounts:dashboard")
            self.assertIsNone(self.panel(response, "referrals"))
            self.assertNotContains(response, self.url("referrals:inbox"))

    def test_hotline_counts_for_call_roles_only(self):
        response = self.get(self.olga, "accounts:dashboard")
        self.assertIsNotNone(self.panel(response, "hotline"))
        self.assertContains(response, self.url("hotline:log"))
        response = self.get(self.lena, "accounts:dashboard")
        self.assertIsNone(self.panel(response, "hotline"))
        self.assertNotContains(response, self.url("hotline:log"))

    def test_the_overdue_filter_lists_what_the_overdue_tile_counts(self):
        late = self.make_referral(respond_by=timezone.now() - datetime.timedelta(hours=1))
        self.make_referral()
        rows = self.get(self.lena, "referrals:inbox", overdue="1").context["rows"]
        self.assertEqual([row["pk"] for row in rows], [late.pk])
        rows = self.get(self.bob, "referrals:sent", status="sent", overdue="1").context["rows"]
        self.assertEqual([row["pk"] for row in rows], [late.pk])
        self.assertEqual(self.get(self.lena, "referrals:inbox", overdue="x").status_code, 400)

    def test_nav_link(self):
        self.assertContains(
            self.get(self.lena, "accounts:dashboard"),
            f'<a href="{self.url("referrals:inbox")}">Referrals</a>',
            html=True,
        )
        self.assertContains(
            self.get(self.olga, "accounts:dashboard"),
            f'<a href="{self.url("referrals:sent")}">Referrals</a>',
            html=True,
        )


class CasePageSectionTests(ReferralPagesTestCase):
    def test_case_page_lists_referrals_and_links(self):
        referral = self.send()
        response = self.get(self.bob, "cases:detail", self.case.pk)
        self.assertContains(response, referral.reference)
        self.assertContains(response, self.url("referrals:new", self.case.pk))
        self.assertContains(response, self.url("referrals:pathway", self.case.pk))

    def test_receiving_case_page_shows_where_she_came_from(self):
        referral = self.accepted()
        response = self.get(self.lena, "cases:detail", referral.receiving_case_id)
        self.assertContains(response, "received from Alpha")
        self.assertContains(response, referral.reference)


class LanguageTests(ReferralPagesTestCase):
    def test_pages_render_in_three_languages(self):
        referral = self.accepted()
        for language in ("tg", "ru", "en"):
            pages = [
                (self.lena, self.url("referrals:inbox", language=language)),
                (self.lena, self.url("referrals:detail", referral.pk, language=language)),
                (self.bob, self.url("referrals:detail", referral.pk, language=language)),
                (self.bob, self.url("referrals:sent", language=language)),
                (self.bob, self.url("referrals:new", self.case.pk, language=language)),
                (self.bob, self.url("referrals:pathway", self.case.pk, language=language)),
                (self.bob, self.url("accounts:dashboard", language=language)),
            ]
            for user, url in pages:
                self.as_user(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertContains(response, f'<html lang="{language}">')
        self.as_user(self.lena)
        response = self.client.get(self.url("referrals:inbox", language="ru"))
        self.assertContains(response, "Направления")
