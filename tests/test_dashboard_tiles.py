"""The "My work" dashboard is made of tiles (core.registry): each tile's count equals
the rows of the list it links to, an operator counts only what she may see, panels are
asked only of users holding their roles, and the page's queries do not grow with the
data."""

import datetime
from unittest import mock
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from himoya.accounts.tests.factories import UserFactory
from himoya.cases.models import CasePlan, CaseStatus, Closure
from himoya.cases.tests.factories import CaseActionFactory, CaseFactory
from himoya.core import registry
from himoya.core.roles import Role
from himoya.hotline.tests.factories import CallFactory
from himoya.notifications.tests.factories import NotificationFactory
from himoya.referrals.models import ReferralStatus, Urgency
from himoya.referrals.tests.pages_base import ReferralPagesTestCase


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


class DashboardTilesTestCase(ReferralPagesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.oksana = UserFactory(
            username="oksana", organisation=cls.alpha, role=Role.HOTLINE_OPERATOR
        )

    def fill(self, n=1):
        """`n` of each kind of thing a tile counts, and some that no tile counts."""
        now = timezone.now()
        for _ in range(n):
            CaseFactory(organisation=self.alpha, caseworker=self.bob, next_due=days(-2))
            CaseFactory(organisation=self.alpha, caseworker=self.bob, next_due=days(4))
            CaseFactory(organisation=self.alpha, caseworker=self.sam)
            CaseFactory(organisation=self.alpha, caseworker=self.bob, status=CaseStatus.CLOSED)
            CaseActionFactory(case=self.case, due_date=days(2))
            CaseActionFactory(case=self.case, due_date=days(40))  # too far ahead
            waiting = CaseFactory(
                organisation=self.alpha,
                caseworker=self.bob,
                status=CaseStatus.CLOSURE_REQUESTED,
            )
            Closure.objects.create(
                case=waiting, reason="goals_met", requested_by=self.bob, requested_at=now
            )
            CasePlan.objects.create(case=waiting, status=CasePlan.Status.SUBMITTED)
            self.make_referral(urgency=Urgency.EMERGENCY, sent_at=now - datetime.timedelta(days=3))
            self.make_referral(respond_by=now - datetime.timedelta(hours=1))
            self.make_referral(status=ReferralStatus.ACCEPTED)
            minute_ago = now - datetime.timedelta(minutes=1)
            for operator in (self.olga, self.oksana):
                CallFactory(
                    organisation=self.alpha,
                    operator=operator,
                    started_at=minute_ago,
                    callback_wanted=True,
                    risk_flag=True,
                )
                CallFactory(organisation=self.alpha, operator=operator, started_at=minute_ago)
            CallFactory(
                organisation=self.alpha,
                operator=self.olga,
                started_at=now - datetime.timedelta(days=30),
                callback_wanted=True,
            )
            for user in (self.bob, self.sam, self.lena, self.olga):
                NotificationFactory(user=user)
                NotificationFactory(user=user, read_at=now)

    def dashboard(self, user):
        response = self.get(user, "accounts:dashboard")
        self.assertEqual(response.status_code, 200)
        return response

    def rows_behind(self, tile) -> int:
        """The rows of the list `tile` links to (all of them, whatever the page size)."""
        url = urlsplit(tile.href)
        response = self.client.get(tile.href)
        self.assertEqual(response.status_code, 200, tile.href)
        if url.fragment:  # a section of cases' "My work"
            section = url.fragment.replace("-", "_")
            self.assertContains(response, f'id="{url.fragment}"')
            shown = len(response.context["rows"][section])
            self.assertEqual(shown, response.context["counts"][section], tile.href)
            return shown
        page = response.context["page"]
        self.assertEqual(len(page.object_list), min(page.paginator.count, page.paginator.per_page))
        return page.paginator.count


class TileCountTests(DashboardTilesTestCase):
    def test_every_tile_counts_the_rows_of_the_list_it_links_to(self):
        self.fill(2)
        seen = set()
        for user in (self.bob, self.sam, self.lena, self.victor, self.olga, self.oksana):
            dashboard = self.dashboard(user)
            for name, panel in dashboard.context["panels"]:
                self.assertTrue(panel.tiles, name)
                for tile in panel.tiles:
                    self.assertContains(dashboard, f'href="{tile.href.replace("&", "&amp;")}"')
                    self.assertEqual(
                        tile.count, self.rows_behind(tile), f"{user}: {name} {tile.key}"
                    )
                    if tile.count:
                        seen.add((name, tile.key.split(":")[0]))
        # Every kind of tile was tried with something to count.
        self.assertEqual(
            seen,
            {
                ("cases", "mine"),
                ("cases", "open"),
                ("cases", "overdue"),
                ("cases", "actions_due"),
                ("cases", "closures_waiting"),
                ("cases", "plans_waiting"),
                ("referrals", "waiting"),
                ("referrals", "overdue"),
                ("referrals", "awaiting"),
                ("referrals", "awaiting_overdue"),
                ("hotline", "today"),
                ("hotline", "this_week"),
                ("hotline", "risk_this_week"),
                ("hotline", "callbacks_wanted"),
                ("notifications", "unread"),
            },
        )

    def test_the_tiles_say_what_waits_and_how_old(self):
        self.fill()
        panel = self.dashboard(self.lena).context["dashboard"]["referrals"]
        waiting = panel.tile("waiting")
        self.assertEqual(waiting.count, 2)
        self.assertEqual(waiting.tone, "red")
        self.assertIn("emergency: 1", waiting.hint)
        self.assertNotIn("urgent", waiting.hint)  # no "urgent: 0"
        self.assertIn("oldest: 3 days", waiting.hint)
        # The emergency one, sent three days ago, is past its four hours too.
        self.assertEqual(panel.tile("overdue").count, 2)
        cases = self.dashboard(self.bob).context["dashboard"]["cases"]
        # bob's own open cases: the base case, two of fill's and the closure requested.
        self.assertEqual(cases.tile("mine").count, 4)
        self.assertEqual(cases.tile("overdue").count, 1)
        self.assertIsNone(cases.tile("closures_waiting"))
        self.assertContains(self.dashboard(self.bob), 'class="tiles"')

    def test_an_operator_counts_only_her_own_call_backs(self):
        self.fill()
        key = "callbacks_wanted:alpha"
        olga = self.dashboard(self.olga).context["dashboard"]["hotline"]
        self.assertEqual(olga.tile(key).count, 1)
        self.assertEqual(olga.tile("today:alpha").count, 4)
        self.assertEqual(self.rows_behind(olga.tile(key)), 1)
        sam = self.dashboard(self.sam).context["dashboard"]["hotline"]
        self.assertEqual(sam.tile(key).count, 2)
        self.assertEqual(self.rows_behind(sam.tile(key)), 2)


class TileRoleTests(DashboardTilesTestCase):
    def panels(self, user) -> list[str]:
        return [name for name, _panel in self.dashboard(user).context["panels"]]

    def test_each_role_gets_its_panels(self):
        self.assertEqual(self.panels(self.bob), ["cases", "referrals", "notifications"])
        self.assertEqual(self.panels(self.sam), ["cases", "hotline", "referrals", "notifications"])
        self.assertEqual(self.panels(self.olga), ["hotline", "referrals", "notifications"])
        for user in (self.ann, self.alice, self.charlie, self.root):
            self.assertEqual(self.panels(user), ["notifications"], user)

    def test_a_panel_is_not_asked_of_users_without_its_roles(self):
        asked = mock.Mock(return_value=None)
        entries = dict(registry._dashboard_panels)
        try:
            registry.register_dashboard_panel(
                "cases", panel=asked, order=10, roles=(Role.CASEWORKER, Role.SUPERVISOR)
            )
            self.dashboard(self.ann)
            self.dashboard(self.olga)
            asked.assert_not_called()
            self.dashboard(self.bob)
            asked.assert_called_once()
        finally:
            registry._dashboard_panels.clear()
            registry._dashboard_panels.update(entries)

    def test_supervisor_tiles_for_supervisors_only(self):
        self.fill()
        for user in (self.bob, self.lena):
            cases = self.dashboard(user).context["dashboard"]["cases"]
            self.assertEqual(
                [tile.key for tile in cases.tiles], ["mine", "overdue", "actions_due"], user
            )

    def test_a_tile_rejects_an_unknown_tone(self):
        with self.assertRaises(ValueError):
            registry.Tile("x", 1, "x", "/", tone="purple")


class TileQueryTests(DashboardTilesTestCase):
    def queries(self, user) -> int:
        self.as_user(user)
        url = self.url("accounts:dashboard")
        self.client.get(url)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_query_count_does_not_grow_with_the_data(self):
        users = (self.bob, self.sam, self.lena, self.olga, self.ann)
        self.fill(1)
        few = [self.queries(user) for user in users]
        self.fill(4)
        many = [self.queries(user) for user in users]
        self.assertEqual(few, many)
        # And stays small: each panel is a handful of aggregate queries.
        self.assertLess(max(many), 25, many)


class MyWorkSectionTests(DashboardTilesTestCase):
    def test_a_long_section_says_how_many_it_shows(self):
        from himoya.cases.views.work import ITEMS_SHOWN

        for _ in range(ITEMS_SHOWN + 1):
            CaseActionFactory(case=self.case, due_date=days(1))
        self.as_user(self.bob)
        response = self.client.get(self.url("cases:my_work"))
        total = response.context["counts"]["actions_due"]
        self.assertGreater(total, ITEMS_SHOWN)
        self.assertContains(response, f"The first {ITEMS_SHOWN} of {total} are shown.")
