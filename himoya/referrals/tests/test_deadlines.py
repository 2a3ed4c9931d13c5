"""Urgency is enforced (issue 9, item 3).

Before the fix an emergency referral ("same day") sent on 30.11 was still "sent" on
04.12 with no flag, and the only deadline was the 7-day expiry. Now each urgency sets
a response deadline when the referral is sent (respond_by); a referral still unanswered
past it is flagged overdue in both sides' lists, dashboards and the API, and the
scheduled `expire_referrals` tells the supervisors of both sides once.
"""

import datetime
import io
import zoneinfo

from django.core.management import call_command
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.deadlines import response_deadline
from himoya.referrals.models import Referral, ReferralStatus, Urgency
from himoya.referrals.services.expiry import flag_overdue
from himoya.referrals.tests.pages_base import ReferralPagesTestCase

DUSHANBE = zoneinfo.ZoneInfo("Asia/Dushanbe")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=DUSHANBE)


class DeadlineRuleTests(SimpleTestCase):
    def test_emergency_counts_clock_hours_day_or_night(self):
        # Saturday 30.11.2024, 22:30: four hours later, on Sunday night.
        self.assertEqual(
            response_deadline(Urgency.EMERGENCY, at(2024, 11, 30, 22, 30)),
            at(2024, 12, 1, 2, 30),
        )

    def test_working_days_skip_weekends(self):
        friday = at(2026, 12, 4, 15, 0)
        # Urgent: by the end of the next working day (Monday).
        self.assertEqual(response_deadline(Urgency.URGENT, friday), at(2026, 12, 8, 0, 0))
        # Routine: three working days, Monday to Wednesday.
        self.assertEqual(response_deadline(Urgency.ROUTINE, friday), at(2026, 12, 10, 0, 0))

    def test_public_holidays_do_not_count(self):
        # Thursday 19.03.2026; Navruz (21-24 March) covers Saturday to Tuesday.
        thursday = at(2026, 3, 19, 10, 0)
        self.assertEqual(response_deadline(Urgency.URGENT, thursday), at(2026, 3, 21, 0, 0))
        self.assertEqual(response_deadline(Urgency.ROUTINE, thursday), at(2026, 3, 27, 0, 0))
        # A one-off holiday (an Eid) given as YYYY-MM-DD.
        with override_settings(HIMOYA_PUBLIC_HOLIDAYS=("2026-03-20",)):
            self.assertEqual(response_deadline(Urgency.URGENT, thursday), at(2026, 3, 24, 0, 0))

    def test_settings_change_the_deadlines_and_expiry_caps_them(self):
        sent = at(2026, 12, 4, 15, 0)
        with override_settings(
            HIMOYA_REFERRAL_EMERGENCY_HOURS=2, HIMOYA_REFERRAL_ROUTINE_WORKING_DAYS=10
        ):
            self.assertEqual(response_deadline(Urgency.EMERGENCY, sent), at(2026, 12, 4, 17, 0))
            expires = sent + datetime.timedelta(days=7)
            self.assertEqual(response_deadline(Urgency.ROUTINE, sent, expires), expires)


class OverdueTests(ReferralPagesTestCase):
    def late_emergency(self) -> Referral:
        """An emergency sent five hours ago, still unanswered: one hour overdue."""
        sent = timezone.now() - datetime.timedelta(hours=5)
        return self.make_referral(
            urgency=Urgency.EMERGENCY, sent_at=sent, expires_at=sent + datetime.timedelta(days=7)
        )

    def test_send_stores_the_deadline(self):
        referral = self.send(urgency=Urgency.EMERGENCY)
        self.assertEqual(referral.respond_by, referral.sent_at + datetime.timedelta(hours=4))
        self.assertFalse(referral.is_overdue())
        self.assertTrue(referral.is_overdue(referral.sent_at + datetime.timedelta(hours=4)))

    def test_command_flags_and_tells_both_supervisors_once(self):
        late = self.late_emergency()
        on_time = self.make_referral(urgency=Urgency.EMERGENCY)
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("expire_referrals", stdout=out)
        self.assertIn("1 flagged overdue", out.getvalue())
        told = Notification.objects.filter(kind=NotificationKind.REFERRAL_OVERDUE)
        self.assertEqual(
            sorted(told.values_list("user__username", "referral_id")),
            [("sam", late.pk), ("victor", late.pk)],
        )
        # Still "sent": overdue is a flag, the 7-day expiry stays.
        self.assertEqual(Referral.objects.get(pk=late.pk).status, ReferralStatus.SENT)
        # Again, and again later: nobody is told twice.
        call_command("expire_referrals", stdout=io.StringIO())
        self.assertEqual(flag_overdue(timezone.now() + datetime.timedelta(hours=1)), 0)
        self.assertEqual(told.count(), 2)
        self.assertFalse(told.filter(referral=on_time).exists())

    def test_an_answered_referral_is_never_flagged(self):
        late = self.late_emergency()
        Referral.objects.filter(pk=late.pk).update(status=ReferralStatus.DECLINED)
        self.assertEqual(flag_overdue(), 0)

    def test_lists_dashboards_and_api_show_the_deadline_and_the_flag(self):
        late = self.late_emergency()
        self.make_referral(urgency=Urgency.ROUTINE)
        inbox = self.get(self.lena, "referrals:inbox")
        rows = {row["pk"]: row for row in inbox.context["rows"]}
        self.assertTrue(rows[late.pk]["overdue"])
        self.assertEqual(sum(row["overdue"] for row in rows.values()), 1)
        self.assertContains(inbox, "Answer by")
        self.assertContains(inbox, "answer within 4 hours, day or night")
        self.assertNotContains(inbox, "<th>Expires</th>", html=False)
        sent = self.get(self.sam, "referrals:sent")
        self.assertContains(sent, 'class="overdue"')
        dashboard = self.get(self.lena, "accounts:dashboard")
        self.assertEqual(dashboard.context["dashboard"]["referrals"].tile("overdue").count, 1)
        dashboard = self.get(self.sam, "accounts:dashboard")
        panel = dashboard.context["dashboard"]["referrals"]
        self.assertEqual(panel.tile("awaiting_overdue").count, 1)
        self.as_user(self.lena)
        items = self.client.get("/api/referrals/received").json()["items"]
        by_id = {item["id"]: item for item in items}
        self.assertTrue(by_id[late.pk]["overdue"])
        # JSON carries milliseconds.
        self.assertAlmostEqual(
            datetime.datetime.fromisoformat(by_id[late.pk]["respond_by"]),
            Referral.objects.get(pk=late.pk).respond_by,
            delta=datetime.timedelta(milliseconds=1),
        )
        self.as_user(self.sam)
        items = self.client.get("/api/referrals/sent").json()["items"]
        self.assertEqual([item["overdue"] for item in items].count(True), 1)

    def test_the_new_referral_form_says_each_deadline(self):
        page = self.get(self.bob, "referrals:new", self.case.pk, service=self.legal_aid.pk)
        for text in (
            "answer within 4 hours, day or night",
            "answer within 1 working day",
            "answer within 3 working days",
        ):
            self.assertContains(page, text)
