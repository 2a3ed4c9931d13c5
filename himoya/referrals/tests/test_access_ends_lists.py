"""The needs are part of what the sender shares: once B's access ends (the referral
withdrawn, declined, completed or expired, or the client's consent withdrawn), B sees
them nowhere, in the lists (any status filter), the referral page and API, the pathway
page and API, while the sender still sees its own. With them, nothing else of A's
shared data stays anywhere B looks: lists filtered by status, notifications,
dashboard. The lists decide for a whole page in fixed queries.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from himoya.cases.tests.factories import CaseFactory
from himoya.clients.consent import withdraw_consent
from himoya.clients.models import ConsentKind
from himoya.clients.tests.factories import ConsentFactory
from himoya.referrals.models import ReferralStatus
from himoya.referrals.services import steps
from himoya.referrals.tests.base import REFERRAL_MESSAGE, SAFE_CONTACT_WORD
from himoya.referrals.tests.pages_base import ReferralPagesTestCase
from himoya.referrals.views.lists import PAGE_SIZE
from tests.no_leak_walker import body_text

NEEDS = ["medical", "livelihood"]
# The English labels of NEEDS (the pages are read at /en/).
NEED_LABELS = ("Medical care", "Work and income")
CLOSED = (
    ReferralStatus.DECLINED,
    ReferralStatus.COMPLETED,
    ReferralStatus.WITHDRAWN,
    ReferralStatus.EXPIRED,
)


def main_of(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


class NeedsEndWithAccessTests(ReferralPagesTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.referral = self.send(needs=NEEDS, share_safe_contact=True)

    def fresh(self):
        self.referral.refresh_from_db()
        return self.referral

    def accept(self):
        return steps.accept_referral(
            self.lena, self.fresh(), expected_version=self.fresh().version
        )

    def withdraw(self):
        return steps.withdraw_referral(
            self.bob, self.fresh(), expected_version=self.fresh().version
        )

    def api_json(self, user, url):
        self.as_user(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.json()

    def received_item(self, user, query=""):
        items = self.api_json(user, f"/api/referrals/received?{query}")["items"]
        return next(item for item in items if item["id"] == self.referral.pk)

    def pathway_item(self, user):
        case_id = self.fresh().receiving_case_id if user == self.lena else self.case.pk
        items = self.api_json(user, f"/api/referrals/pathway/{case_id}")["items"]
        return next(
            item["referral"] for item in items if item["referral"]["id"] == self.referral.pk
        )

    def receiver_pages(self) -> dict:
        """Every page where lena could meet this referral, by name."""
        status = self.fresh().status
        pages = {
            "the inbox (all)": self.get(self.lena, "referrals:inbox", status="all"),
            f"the inbox ({status})": self.get(self.lena, "referrals:inbox", status=status),
            "the referral page": self.get(self.lena, "referrals:detail", self.referral.pk),
            "the notifications": self.get(self.lena, "notifications:list"),
            "the dashboard": self.get(self.lena, "accounts:dashboard"),
        }
        if self.referral.receiving_case_id:
            pages["the pathway"] = self.get(
                self.lena, "referrals:pathway", self.referral.receiving_case_id
            )
        for where, response in pages.items():
            self.assertEqual(response.status_code, 200, where)
        return pages

    def assert_receiver_sees_needs(self):
        pages = self.receiver_pages()
        for where in ("the inbox (all)", "the referral page", "the pathway"):
            if where in pages:
                for label in NEED_LABELS:
                    self.assertContains(pages[where], label, msg_prefix=where)
        self.assertEqual(self.received_item(self.lena)["needs"], NEEDS)
        detail = self.api_json(self.lena, f"/api/referrals/{self.referral.pk}")
        self.assertEqual(detail["needs"], NEEDS)
        if self.referral.receiving_case_id:
            self.assertEqual(self.pathway_item(self.lena)["needs"], NEEDS)

    def assert_receiver_sees_nothing_shared(self):
        """No need, no client code, message, code word or district anywhere lena looks;
        the API answers needs=null."""
        referral = self.fresh()
        shared = {
            "client code": self.client_record.code,
            "message": REFERRAL_MESSAGE,
            "code word": SAFE_CONTACT_WORD,
            "district": self.client_record.district.name_en,
            **{f"need {label}": label for label in NEED_LABELS},
        }
        readings = {where: main_of(response) for where, response in self.receiver_pages().items()}
        self.as_user(self.lena)
        for url in (
            "/api/referrals/received",
            f"/api/referrals/received?status={referral.status}",
            f"/api/referrals/{referral.pk}",
            "/api/notifications/",
        ):
            readings[url] = body_text(self.client.get(url))
        if referral.receiving_case_id:
            readings["the pathway API"] = body_text(
                self.client.get(f"/api/referrals/pathway/{referral.receiving_case_id}")
            )
        for where, text in readings.items():
            for what, value in shared.items():
                self.assertNotIn(value, text, f"{where} still shows lena the {what}")
        self.assertIsNone(self.received_item(self.lena)["needs"])
        self.assertIsNone(self.received_item(self.lena, f"status={referral.status}")["needs"])
        detail = self.api_json(self.lena, f"/api/referrals/{referral.pk}")
        self.assertIsNone(detail["needs"])
        self.assertIsNone(detail["shared"])
        if referral.receiving_case_id:
            self.assertIsNone(self.pathway_item(self.lena)["needs"])

    def assert_sender_still_sees_needs(self):
        page = self.get(self.bob, "referrals:detail", self.referral.pk)
        for label in NEED_LABELS:
            self.assertContains(page, label)
        self.assertEqual(
            self.api_json(self.bob, f"/api/referrals/{self.referral.pk}")["needs"], NEEDS
        )
        sent = self.api_json(self.bob, "/api/referrals/sent")["items"]
        self.assertEqual([item["needs"] for item in sent], [NEEDS])
        self.assertEqual(self.pathway_item(self.bob)["needs"], NEEDS)
        pathway = self.get(self.bob, "referrals:pathway", self.case.pk)
        for label in NEED_LABELS:
            self.assertContains(pathway, label)

    # ---- the referral ends ----

    def test_withdrawn_referral(self):
        self.assert_receiver_sees_needs()
        self.withdraw()
        self.assert_receiver_sees_nothing_shared()
        self.assert_sender_still_sees_needs()

    def test_withdrawn_after_acceptance(self):
        self.accept()
        self.assert_receiver_sees_needs()
        self.withdraw()
        self.assert_receiver_sees_nothing_shared()
        self.assert_sender_still_sees_needs()

    def test_declined_referral(self):
        steps.decline_referral(
            self.lena, self.fresh(), expected_version=self.fresh().version, reason="no_capacity"
        )
        self.assert_receiver_sees_nothing_shared()
        self.assert_sender_still_sees_needs()

    # ---- the consent ends ----

    def test_consent_withdrawn_while_sent(self):
        self.assert_receiver_sees_needs()
        withdraw_consent(self.share_consent, self.bob)
        self.assertEqual(self.fresh().status, ReferralStatus.SENT)
        self.assert_receiver_sees_nothing_shared()
        self.assert_sender_still_sees_needs()

    def test_consent_withdrawn_after_acceptance(self):
        self.accept()
        self.assert_receiver_sees_needs()
        withdraw_consent(self.share_consent, self.bob)
        self.assert_receiver_sees_nothing_shared()
        self.assert_sender_still_sees_needs()


class ListRowsTests(ReferralPagesTestCase):
    """Row by row, for every status, and in queries that do not grow with the page."""

    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def rows_and_items(self, status):
        self.as_user(self.lena)
        rows = self.client.get(self.url("referrals:inbox"), {"status": status}).context["rows"]
        items = self.client.get(f"/api/referrals/received?status={status}&per_page=100").json()
        return {row["pk"]: row["needs"] for row in rows}, {
            item["id"]: item["needs"] for item in items["items"]
        }

    def test_every_closed_status_hides_the_needs_open_ones_show_them(self):
        expected = {}
        for status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED, *CLOSED):
            referral = self.make_referral(status=status, needs=NEEDS)
            expected[referral.pk] = status
        for pk, status in expected.items():
            with self.subTest(status=status):
                rows, items = self.rows_and_items(status)
                if status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
                    self.assertEqual(rows[pk], ", ".join(NEED_LABELS))
                    self.assertEqual(items[pk], NEEDS)
                else:
                    self.assertEqual(rows[pk], "")
                    self.assertIsNone(items[pk])

    def test_only_the_client_whose_consent_went_loses_her_needs(self):
        kept = self.make_referral(needs=NEEDS)
        other = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        consent = ConsentFactory(
            client=other.client,
            taken_by=self.bob,
            kind=ConsentKind.SHARE_ORGANISATION,
            recipient_organisation=self.beta,
        )
        gone = self.make_referral(needs=NEEDS, client=other.client, from_case=other)
        withdraw_consent(consent, self.bob)
        rows, items = self.rows_and_items("sent")
        self.assertEqual((rows[kept.pk], rows[gone.pk]), (", ".join(NEED_LABELS), ""))
        self.assertEqual((items[kept.pk], items[gone.pk]), (NEEDS, None))

    def queries(self, url):
        self.as_user(self.lena)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_query_counts_do_not_depend_on_the_page_size(self):
        """One row, then a full page of open and closed rows of several clients."""
        self.make_referral(needs=NEEDS)
        one = {
            url: self.queries(url)
            for url in (
                self.url("referrals:inbox") + "?status=all",
                "/api/referrals/received?per_page=100",
            )
        }
        for index in range(PAGE_SIZE + 5):
            case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
            if index % 3:
                ConsentFactory(
                    client=case.client,
                    taken_by=self.bob,
                    kind=ConsentKind.SHARE_ORGANISATION,
                    recipient_organisation=self.beta,
                )
            status = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.WITHDRAWN)[
                index % 3
            ]
            self.make_referral(status=status, needs=NEEDS, client=case.client, from_case=case)
        for url, count in one.items():
            self.assertEqual(self.queries(url), count, url)
