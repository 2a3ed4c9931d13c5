"""The referral state machine, through the service functions."""

import datetime

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from himoya.clients.consent import withdraw_consent
from himoya.clients.models import ConsentKind
from himoya.clients.tests.factories import ConsentFactory
from himoya.core.versioning import StaleEditError
from himoya.directory.tests.factories import ServiceFactory
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.access import shared_view
from himoya.referrals.models import DeclineReason, Referral, ReferralStatus
from himoya.referrals.services import expiry, steps
from himoya.referrals.tests.base import A_ONLY_SECRETS, ReferralTestCase


class SendTests(ReferralTestCase):
    def test_refused_without_consent_and_nothing_written(self):
        withdraw_consent(self.share_consent, self.bob)
        with self.assertRaises(ValidationError) as raised:
            self.send()
        self.assertEqual(raised.exception.code, "no_consent")
        self.assertFalse(Referral.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_a_child_without_a_caregivers_consent_is_told_so_not_no_consent(self):
        # Her own consent to share with Beta stands; what is missing is the caregiver's.
        self.client_record.age_group = "12-17"
        self.client_record.save(update_fields=["age_group"])
        with translation.override("en"), self.assertRaises(ValidationError) as raised:
            self.send()
        self.assertEqual(raised.exception.code, "no_consent")
        self.assertIn("under 18", " ".join(raised.exception.messages))
        self.assertFalse(Referral.objects.exists())

    def test_sector_consent_covers_the_service(self):
        withdraw_consent(self.share_consent, self.bob)

        ConsentFactory(
            client=self.client_record,
            taken_by=self.bob,
            kind=ConsentKind.SHARE_SECTOR,
            recipient_sector="justice",
        )
        self.assertEqual(self.send().status, ReferralStatus.SENT)

    def test_sent_notifies_receivers_with_an_email_that_names_nobody(self):
        with self.captureOnCommitCallbacks(execute=True):
            referral = self.send()
        receivers = set(Notification.objects.filter(referral=referral).values_list(
            "user__username", flat=True))
        self.assertEqual(receivers, {"lena", "victor"})
        self.assertEqual(len(mail.outbox), 2)
        for message in mail.outbox:
            text = message.subject + message.body
            for secret in [*A_ONLY_SECRETS.values(), self.client_record.code, "Isfara"]:
                self.assertNotIn(secret, text)
            self.assertIn("/notifications/", message.body)

    def test_refuses_own_organisation_and_unknown_needs(self):
        own = ServiceFactory(organisation=self.alpha)
        with self.assertRaises(ValidationError):
            self.send(service=own)
        with self.assertRaises(ValidationError):
            self.send(needs=["nonsense"])
        self.assertFalse(Referral.objects.exists())


class LifecycleTests(ReferralTestCase):
    def test_accept_opens_a_linked_case_with_only_coarse_facts(self):
        referral = self.send()
        referral = steps.accept_referral(
            self.lena, referral, expected_version=referral.version,
            services_consent_method="verbal",
        )
        case = referral.receiving_case
        self.assertEqual(referral.status, ReferralStatus.ACCEPTED)
        self.assertEqual(case.organisation, self.beta)
        self.assertEqual(case.caseworker, self.lena)
        self.assertNotEqual(case.client_id, self.client_record.pk)
        self.assertEqual(case.client.name, "")
        self.assertEqual(case.client.age_group, self.client_record.age_group)
        self.assertIsNotNone(referral.time_to_acceptance)

    def test_service_recorded_in_linked_case_completes_the_referral(self):
        from himoya.cases.services.service_deliveries import add_service_delivery

        referral = self.send()
        referral = steps.accept_referral(
            self.lena, referral, expected_version=referral.version,
            services_consent_method="verbal",
        )
        add_service_delivery(referral.receiving_case, actor=self.lena, values={
            "date": timezone.localdate(), "sector": "justice",
            "service_type": "primary_legal_aid",
        })
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.COMPLETED)
        self.assertIsNotNone(referral.time_to_service)
        self.assertTrue(Notification.objects.filter(
            user=self.bob, kind=NotificationKind.REFERRAL_COMPLETED).exists())

    def test_stale_accept_is_refused(self):
        referral = self.send()
        steps.decline_referral(self.victor, referral, expected_version=referral.version,
                                  reason=DeclineReason.NO_CAPACITY)
        with self.assertRaises((StaleEditError, ValidationError)):
            steps.accept_referral(self.lena, referral, expected_version=referral.version)
        self.assertEqual(Referral.objects.get().status, ReferralStatus.DECLINED)

    def test_shared_view_ends_on_withdrawal_of_referral_and_of_consent(self):
        referral = self.send(share_safe_contact=True)
        view = shared_view(referral)
        self.assertEqual(view.client_code, self.client_record.code)
        self.assertEqual(view.safe_contact["code_word"], "anor-sabz")
        withdraw_consent(self.share_consent, self.bob)
        self.assertIsNone(shared_view(Referral.objects.get()))
        self.assertTrue(Notification.objects.filter(
            kind=NotificationKind.REFERRAL_CONSENT_WITHDRAWN, user=self.lena).exists())


        ConsentFactory(
            client=self.client_record,
            taken_by=self.bob,
            kind=ConsentKind.SHARE_ORGANISATION,
            recipient_organisation=self.beta,
        )
        second = self.send()
        self.assertIsNotNone(shared_view(second))
        steps.withdraw_referral(self.bob, second, expected_version=second.version)
        self.assertIsNone(shared_view(Referral.objects.get(pk=second.pk)))

    def test_expiry_alerts_the_senders_supervisor(self):
        referral = self.send()
        later = timezone.now() + datetime.timedelta(days=8)
        self.assertEqual(expiry.expire_overdue(later), 1)
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.EXPIRED)
        self.assertTrue(Notification.objects.filter(
            user=self.sam, kind=NotificationKind.REFERRAL_EXPIRED, referral=referral).exists())
        self.assertEqual(expiry.expire_overdue(later), 0)
