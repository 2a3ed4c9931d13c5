"""Notifications: one's own only, pages and API, read marks, and emails without names."""

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from himoya.accounts.models import ApiToken
from himoya.accounts.tests.factories import UserFactory
from himoya.notifications.models import Notification, NotificationKind
from himoya.notifications.services import notify, unread_count
from himoya.referrals.tests.base import A_ONLY_SECRETS, ReferralTestCase


class NotificationPagesTests(ReferralTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.make_referral()
        [self.mine] = notify([self.lena], NotificationKind.REFERRAL_RECEIVED,
                             referral=self.referral)

    def test_list_shows_kind_and_reference_and_unread_badge(self):
        self.sign_in(self.lena)
        response = self.client.get(reverse("notifications:list"))
        self.assertContains(response, f"R-{self.referral.pk}")
        self.assertContains(response, 'class="badge"')
        for secret in [*A_ONLY_SECRETS.values(), self.client_record.code]:
            self.assertNotContains(response, secret)

    def test_opening_marks_read_and_leads_to_the_referral(self):
        self.sign_in(self.lena)
        response = self.client.get(reverse("notifications:open", args=[self.mine.pk]))
        self.assertRedirects(
            response, reverse("referrals:detail", args=[self.referral.pk]),
            fetch_redirect_response=False,
        )
        self.mine.refresh_from_db()
        self.assertIsNotNone(self.mine.read_at)
        self.assertEqual(unread_count(self.lena), 0)

    def test_someone_elses_notification_is_not_found(self):
        for user in (self.victor, self.charlie, self.root):
            self.sign_in(user)
            response = self.client.get(reverse("notifications:open", args=[self.mine.pk]))
            self.assertEqual(response.status_code, 404)
        self.mine.refresh_from_db()
        self.assertIsNone(self.mine.read_at)

    def test_mark_all_read_is_post_only_and_touches_only_mine(self):
        [other] = notify([self.victor], NotificationKind.REFERRAL_RECEIVED,
                         referral=self.referral)
        self.sign_in(self.lena)
        self.assertEqual(self.client.get(reverse("notifications:read_all")).status_code, 405)
        self.client.post(reverse("notifications:read_all"))
        self.assertEqual(unread_count(self.lena), 0)
        self.assertEqual(unread_count(self.victor), 1)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(reverse("notifications:list"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_list_query_count_does_not_grow_with_rows(self):
        self.sign_in(self.lena)
        self.client.get(reverse("notifications:list"))
        with self.assertNumQueries(self._queries_for_list()) as few:
            self.client.get(reverse("notifications:list"))
        notify([self.lena], NotificationKind.REFERRAL_ACCEPTED, referral=self.referral)
        for _ in range(20):
            Notification.objects.create(user=self.lena, kind=NotificationKind.REFERRAL_DECLINED,
                                        referral=self.referral)
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(reverse("notifications:list"))

    def _queries_for_list(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.client.get(reverse("notifications:list"))
        return len(captured.captured_queries)

    def test_pages_render_in_three_languages(self):
        self.sign_in(self.lena)
        for prefix, word in (("", "Огоҳиномаҳо"), ("/ru", "Уведомления"),
                             ("/en", "Notifications")):
            response = self.client.get(f"{prefix}/notifications/")
            self.assertContains(response, word)

    def test_a_page_that_is_not_a_page_is_a_400_with_a_message(self):
        # It used to show the last page for any number, unlike every other list.
        self.sign_in(self.lena)
        for value in ("abc", "9223372036854775807", "5"):
            with self.subTest(value):
                response = self.client.get("/en/notifications/", {"page": value})
                self.assertContains(response, "There is no such page.", status_code=400)
        self.assertEqual(self.client.get("/en/notifications/").status_code, 200)


class NotificationApiTests(ReferralTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.make_referral()
        [self.mine] = notify([self.lena], NotificationKind.REFERRAL_RECEIVED,
                             referral=self.referral)
        _token, self.secret = ApiToken.issue(self.lena, "test")

    def api(self, method, path, user_secret=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {user_secret or self.secret}"}
        return getattr(self.client, method)(path, content_type="application/json", **headers)

    def test_list_and_read(self):
        body = self.api("get", "/api/notifications/").json()
        self.assertEqual(body["count"], 1)
        self.assertEqual(body["items"][0]["referral_id"], self.referral.pk)
        response = self.api("post", f"/api/notifications/{self.mine.pk}/read")
        self.assertEqual(response.status_code, 200)
        self.assertIsNotNone(response.json()["read_at"])
        self.assertEqual(self.api("get", "/api/notifications/?unread=true").json()["count"], 0)

    def test_someone_elses_is_404_and_unauthenticated_401(self):
        _token, other = ApiToken.issue(self.victor, "test")
        self.assertEqual(self.api("post", f"/api/notifications/{self.mine.pk}/read",
                                  other).status_code, 404)
        self.assertEqual(self.api("get", "/api/notifications/", other).json()["count"], 0)
        response = self.client.get("/api/notifications/")
        self.assertEqual(response.status_code, 401)

    def test_read_all(self):
        response = self.api("post", "/api/notifications/read-all")
        self.assertEqual(response.json(), {"marked_read": 1})


class NotificationEmailTests(TestCase):
    def test_email_in_three_languages_with_only_a_link(self):
        user = UserFactory(username="nadia")
        with self.captureOnCommitCallbacks(execute=True):
            [created] = notify([user, user], NotificationKind.CASE_FROM_CALL)
        self.assertEqual(len(mail.outbox), 1)
        body = mail.outbox[0].body
        self.assertIn(f"/notifications/{created.pk}/", body)
        self.assertIn("Ҳимоя", body)
        self.assertIn("Химо", body)
        self.assertIn("Himoya", body)

    def test_no_address_no_email(self):
        user = UserFactory(username="noemail")
        user.email = ""
        user.save()
        with self.captureOnCommitCallbacks(execute=True):
            notify([user], NotificationKind.CASE_FROM_CALL)
        self.assertEqual(mail.outbox, [])
