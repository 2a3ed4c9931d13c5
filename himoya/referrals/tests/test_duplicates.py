"""The same referral twice (issue 9, item 4): while a referral of a case (or a call) to a
service is open, a second one to that service is refused, naming the open one, in the
service layer, the API and the pages; nothing is written."""

from django.core.exceptions import ValidationError

from himoya.directory.tests.factories import ServiceFactory
from himoya.notifications.models import Notification
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.services.steps import withdraw_referral
from himoya.referrals.tests.pages_base import ReferralPagesTestCase
from himoya.referrals.tests.test_api_access import ReferralApiTestCase


class DuplicateServiceTests(ReferralApiTestCase):
    def test_a_second_open_referral_to_the_same_service_is_refused(self):
        first = self.send()
        notifications = Notification.objects.count()
        with self.assertRaises(ValidationError) as refused:
            self.send(from_case=self.case)
        self.assertEqual(refused.exception.code, "duplicate")
        self.assertIn(first.reference, refused.exception.messages[0])
        self.assertEqual(Referral.objects.count(), 1)
        self.assertEqual(Notification.objects.count(), notifications)

    def test_an_accepted_referral_still_counts_as_open(self):
        self.accepted()
        with self.assertRaises(ValidationError):
            self.send(from_case=self.case)
        self.assertEqual(Referral.objects.count(), 1)

    def test_once_closed_the_service_can_be_asked_again(self):
        first = self.send()
        withdraw_referral(self.bob, first, expected_version=first.version)
        second = self.send()
        self.assertEqual(second.status, ReferralStatus.SENT)
        Referral.objects.filter(pk=second.pk).update(status=ReferralStatus.DECLINED)
        self.send()
        self.assertEqual(Referral.objects.count(), 3)

    def test_another_service_of_the_same_organisation_is_no_duplicate(self):
        self.send()
        other = ServiceFactory(organisation=self.beta, service_type="secondary_legal_aid")
        self.send(service=other)
        self.assertEqual(Referral.objects.count(), 2)


class DuplicateApiTests(ReferralApiTestCase):
    def body(self):
        return {
            "from_case_id": self.case.pk,
            "service_id": self.legal_aid.pk,
            "urgency": 1,
            "needs": ["legal"],
            "message": "Same body twice",
        }

    def test_the_same_post_twice_is_409_naming_the_open_referral(self):
        self.sign_in(self.bob)
        first = self.api("post", "/api/referrals/", self.body())
        self.assertEqual(first.status_code, 201, first.content)
        again = self.api("post", "/api/referrals/", self.body(), HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(again.status_code, 409, again.content)
        body = again.json()
        reference = first.json()["reference"]
        self.assertEqual(body["code"], "duplicate")
        self.assertEqual(body["referral"], {"id": first.json()["id"], "reference": reference})
        self.assertIn(reference, body["message"])
        self.assertIn("открыто", body["message"])
        self.assertEqual(Referral.objects.count(), 1)


class DuplicatePageTests(ReferralPagesTestCase):
    def test_the_page_says_so_in_her_language_with_a_link(self):
        first = self.send()
        for language, words in (
            ("tg", "ҳанӯз кушода"),
            ("ru", "ещё открыто"),
            ("en", "still open"),
        ):
            self.as_user(self.bob)
            response = self.client.post(
                self.url("referrals:new", self.case.pk, language=language), self.new_data()
            )
            self.assertContains(response, words, status_code=409)
            self.assertContains(response, first.reference, status_code=409)
            self.assertContains(
                response,
                self.url("referrals:detail", first.pk, language=language),
                status_code=409,
            )
        self.assertEqual(Referral.objects.count(), 1)
