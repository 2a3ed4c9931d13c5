"""The referral API's lists (inbox and sent: order, filters, paging, query counts),
token access, and the pathway of a case's referrals."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from himoya.accounts.models import ApiToken
from himoya.cases.models import Case
from himoya.clients.tests.factories import ConsentFactory
from himoya.referrals.models import Referral, ReferralStatus, Urgency
from himoya.referrals.tests.test_api_access import ReferralApiTestCase


class ListTests(ReferralApiTestCase):
    def make_rows(self, count):
        now = timezone.now()
        return [
            self.make_referral(
                urgency=[Urgency.ROUTINE, Urgency.EMERGENCY, Urgency.URGENT][n % 3],
                sent_at=now - datetime.timedelta(hours=n),
            )
            for n in range(count)
        ]

    def test_inbox_is_most_urgent_first_then_oldest(self):
        rows = self.make_rows(6)
        self.sign_in(self.lena)
        items = self.client.get("/api/referrals/received").json()["items"]
        expected = sorted(rows, key=lambda r: (r.urgency, r.sent_at))
        self.assertEqual([item["id"] for item in items], [r.pk for r in expected])
        self.assertNotIn("to_organisation", items[0])
        self.assertEqual(items[0]["from_organisation"]["slug"], "alpha")

    def test_filters(self):
        rows = self.make_rows(6)
        Referral.objects.filter(pk=rows[0].pk).update(status=ReferralStatus.DECLINED)
        self.sign_in(self.lena)
        body = self.client.get("/api/referrals/received?urgency=1").json()
        self.assertEqual(body["count"], 2)
        self.assertTrue(all(item["urgency"] == 1 for item in body["items"]))
        body = self.client.get("/api/referrals/received?status=declined").json()
        self.assertEqual([item["id"] for item in body["items"]], [rows[0].pk])
        # "all", as on the inbox page, is the same as no status filter.
        every = self.client.get("/api/referrals/received?status=all").json()
        self.assertEqual(every["count"], self.client.get("/api/referrals/received").json()["count"])
        self.assertEqual(every["count"], 6)
        response = self.client.get("/api/referrals/received?status=lost&urgency=9")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(set(response.json()["errors"]), {"status", "urgency"})

    def test_sent_is_newest_first_with_the_times(self):
        rows = self.make_rows(3)
        accepted_at = rows[0].sent_at + datetime.timedelta(hours=5)
        Referral.objects.filter(pk=rows[0].pk).update(
            status=ReferralStatus.ACCEPTED, accepted_at=accepted_at
        )
        self.sign_in(self.sam)
        items = self.client.get("/api/referrals/sent").json()["items"]
        self.assertEqual([item["id"] for item in items], [r.pk for r in rows])
        self.assertEqual(items[0]["time_to_acceptance_hours"], 5.0)
        self.assertIsNone(items[0]["time_to_service_hours"])
        self.assertEqual(items[0]["to_organisation"]["slug"], "beta")

    def test_pagination(self):
        self.make_rows(5)
        self.sign_in(self.lena)
        body = self.client.get("/api/referrals/received?per_page=2&page=3").json()
        self.assertEqual((body["count"], body["total_pages"], len(body["items"])), (5, 3, 1))

    def test_queries_do_not_grow_with_the_page_size(self):
        self.make_rows(25)

        def queries(user, which, per_page):
            self.sign_in(user)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(f"/api/referrals/{which}?per_page={per_page}")
            self.assertEqual(len(response.json()["items"]), per_page)
            return len(captured)

        self.assertEqual(queries(self.lena, "received", 1), queries(self.lena, "received", 25))
        self.assertEqual(queries(self.bob, "sent", 1), queries(self.bob, "sent", 25))


class TokenTests(ReferralApiTestCase):
    def test_a_token_reads_and_writes_without_a_session(self):
        referral = self.send()
        _token, secret = ApiToken.issue(self.lena, "phone")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        response = self.client.get("/api/referrals/received", **auth)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)
        response = self.api(
            "post",
            f"/api/referrals/{referral.pk}/accept",
            {"version": referral.version},
            **auth,
        )
        self.assertEqual(response.status_code, 200, response.content)
        _token, bob_secret = ApiToken.issue(self.bob, "laptop")
        response = self.client.get(
            f"/api/referrals/{referral.pk}", HTTP_AUTHORIZATION=f"Bearer {bob_secret}"
        )
        self.assertEqual(response.json()["side"], "sender")
        response = self.client.get("/api/referrals/received", HTTP_AUTHORIZATION="Bearer hmy_x_y")
        self.assertEqual(response.status_code, 401)


class PathwayTests(ReferralApiTestCase):
    def test_sender_sees_the_referral_with_its_events(self):
        referral = self.accepted()
        self.sign_in(self.bob)
        response = self.client.get(f"/api/referrals/pathway/{self.case.pk}")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["case_id"], self.case.pk)
        (item,) = body["items"]
        self.assertEqual((item["side"], item["referral"]["id"]), ("sender", referral.pk))
        self.assertEqual([event["kind"] for event in item["events"]], ["sent", "accepted"])
        self.assertTrue(all(event["label"] for event in item["events"]))

    def test_a_referral_between_others_is_left_out(self):
        from himoya.clients.models import ConsentKind

        referral = self.accepted()
        # Beta refers onward to Gamma from its own case; Alpha's pathway may not show it.
        own_case = Case.objects.get(pk=referral.receiving_case_id)
        ConsentFactory(
            client=own_case.client,
            taken_by=self.lena,
            kind=ConsentKind.SHARE_ORGANISATION,
            recipient_organisation=self.gamma,
        )
        self.send(
            client=own_case.client, from_case=own_case, service=self.shelter, needs=["shelter"]
        )
        self.sign_in(self.sam)
        items = self.client.get(f"/api/referrals/pathway/{self.case.pk}").json()["items"]
        self.assertEqual([item["referral"]["id"] for item in items], [referral.pk])
        self.sign_in(self.lena)
        items = self.client.get(f"/api/referrals/pathway/{own_case.pk}").json()["items"]
        self.assertEqual([item["side"] for item in items], ["receiver", "sender"])
