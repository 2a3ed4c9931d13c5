"""The plausible-date rules of core.dates, at their edges (issue 9, item 13)."""

import datetime

from django.test import SimpleTestCase
from django.utils import timezone, translation

from himoya.core import dates

ON = datetime.date(2026, 12, 4)
D = datetime.date


class DateRuleTests(SimpleTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_a_past_event_is_from_2000_to_today(self):
        for ok in (D(2000, 1, 1), ON):
            self.assertIsNone(dates.event_date_error(ok, on=ON), ok)
        for bad in (D(1, 1, 1), D(1899, 12, 31), D(1999, 12, 31)):
            self.assertIn("check the year", dates.event_date_error(bad, on=ON), bad)
        for bad in (ON + datetime.timedelta(days=1), D(9999, 12, 31)):
            self.assertEqual(dates.event_date_error(bad, on=ON), "This date is in the future.")

    def test_a_past_event_may_not_precede_another_on_record(self):
        since = D(2026, 11, 30)
        message = dates.event_date_error(
            D(2026, 11, 29), on=ON, since=since, since_message="not before %(date)s"
        )
        self.assertEqual(message, "not before 30 Nov 2026")
        self.assertIsNone(dates.event_date_error(since, on=ON, since=since, since_message="x"))

    def test_a_moment_allows_a_fast_clock_but_not_the_future(self):
        now = timezone.now()
        self.assertIsNone(dates.event_time_error(now + datetime.timedelta(minutes=4), now=now))
        self.assertIsNotNone(dates.event_time_error(now + datetime.timedelta(minutes=6), now=now))
        # Naive times are the site's local time: local midnight of 1 January 2000 is fine.
        self.assertIsNone(dates.event_time_error(datetime.datetime(2000, 1, 1), now=now))
        self.assertIn("check the year", dates.event_time_error(datetime.datetime(1, 1, 1)))
        late = datetime.datetime(1999, 12, 31, 23, 59)
        self.assertIsNotNone(dates.event_time_error(timezone.make_aware(late), now=now))

    def test_a_due_date_is_within_ten_years_either_way(self):
        for ok in (D(2016, 12, 4), ON, D(2036, 12, 4)):
            self.assertIsNone(dates.due_date_error(ok, on=ON), ok)
        for bad in (D(1, 1, 1), D(2016, 12, 3), D(2036, 12, 5), D(9999, 12, 31)):
            message = dates.due_date_error(bad, on=ON)
            self.assertIn("from 4 Dec 2016 to 4 Dec 2036", message, bad)

    def test_ten_years_from_29_february_is_28_february(self):
        self.assertEqual(dates.years_after(D(2028, 2, 29), 10), D(2038, 2, 28))
        self.assertEqual(dates.due_bounds(D(2028, 2, 29)), (D(2018, 2, 28), D(2038, 2, 28)))

    def test_a_birth_date_is_from_1900_so_older_survivors_are_never_refused(self):
        for ok in (D(1900, 1, 1), D(1925, 6, 1), ON):
            self.assertIsNone(dates.birth_date_error(ok, on=ON), ok)
        for bad in (D(1, 1, 1), D(1899, 12, 31), ON + datetime.timedelta(days=1)):
            self.assertIn("not before 1900", dates.birth_date_error(bad, on=ON), bad)

    def test_messages_are_translated(self):
        with translation.override("ru"):
            self.assertIn("проверьте год", dates.event_date_error(D(1, 1, 1), on=ON))
            self.assertIn("01.01.2000", dates.event_date_error(D(1, 1, 1), on=ON))
        with translation.override("tg"):
            self.assertIn("даҳ сол", dates.due_date_error(D(9999, 12, 31), on=ON))
