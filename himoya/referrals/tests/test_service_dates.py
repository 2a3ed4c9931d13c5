"""The date of the service recorded for a referral: not before the referral was sent,
not in the future; year 1 and year 9999 are refused with a message, never a 500, and
nothing is written, through the page, the API and the service function alike."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from himoya.cases.models import ServiceDelivery
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.services import steps
from himoya.referrals.tests.pages_base import ReferralPagesTestCase

BEFORE_SENT = "The service cannot be dated before the referral was sent"
# The past-event rule of core.dates, shared by every date of a case (issue 9, item 13).
FUTURE = "This date is in the future."


class ServiceDateTests(ReferralPagesTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        # Sent three days ago, accepted since.
        self.referral = self.accepted()
        sent = timezone.now() - datetime.timedelta(days=3)
        Referral.objects.filter(pk=self.referral.pk).update(sent_at=sent)
        self.referral.refresh_from_db()
        self.sent_on = timezone.localdate(sent)

    def assert_nothing_written(self):
        referral = Referral.objects.get(pk=self.referral.pk)
        self.assertEqual(referral.status, ReferralStatus.ACCEPTED)
        self.assertEqual(referral.version, self.referral.version)
        self.assertFalse(ServiceDelivery.objects.filter(case=referral.receiving_case).exists())

    def bad_dates(self):
        day = datetime.timedelta(days=1)
        return {
            "the day before it was sent": (str(self.sent_on - day), BEFORE_SENT),
            "year 1": ("0001-01-01", BEFORE_SENT),
            "tomorrow": (str(timezone.localdate() + day), FUTURE),
            "year 9999": ("9999-12-31", FUTURE),
        }

    def test_page_refuses_each_bad_date_beside_the_field(self):
        for what, (date, message) in self.bad_dates().items():
            with self.subTest(what):
                response = self.post(
                    self.lena,
                    "referrals:record_service",
                    self.referral.pk,
                    data=self.service_data(**{"service-date": date}),
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, str(response.context["forms"]["service"].errors["date"]))
                self.assert_nothing_written()

    def test_page_refuses_in_tajik(self):
        self.as_user(self.lena)
        response = self.client.post(
            self.url("referrals:record_service", self.referral.pk, language="tg"),
            self.service_data(**{"service-date": "0001-01-01"}),
        )
        self.assertContains(response, "пеш аз фиристодани ирсол", status_code=400)
        self.assert_nothing_written()

    def test_dates_that_are_no_date_are_form_errors(self):
        for date in ("0000-01-01", "10000-01-01", "2026-02-30", "-1-01-01"):
            with self.subTest(date):
                response = self.post(
                    self.lena,
                    "referrals:record_service",
                    self.referral.pk,
                    data=self.service_data(**{"service-date": date}),
                )
                self.assertEqual(response.status_code, 400)
                self.assert_nothing_written()

    def test_the_day_it_was_sent_is_accepted(self):
        response = self.post(
            self.lena,
            "referrals:record_service",
            self.referral.pk,
            data=self.service_data(**{"service-date": str(self.sent_on)}),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Referral.objects.get(pk=self.referral.pk).status, ReferralStatus.COMPLETED)

    def test_the_date_picker_offers_the_days_from_sending_to_today(self):
        response = self.get(self.lena, "referrals:detail", self.referral.pk)
        self.assertContains(response, f'min="{self.sent_on.isoformat()}"')
        self.assertContains(response, f'max="{timezone.localdate().isoformat()}"')

    def api_post(self, date):
        self.as_user(self.lena)
        return self.client.post(
            f"/api/referrals/{self.referral.pk}/service",
            {"version": self.referral.version, "date": date},
            content_type="application/json",
        )

    def test_api_refuses_each_bad_date_as_a_field_error(self):
        for what, (date, message) in self.bad_dates().items():
            with self.subTest(what):
                response = self.api_post(date)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn(message, response.json()["errors"]["date"][0])
                self.assert_nothing_written()

    def test_api_dates_that_are_no_date_are_422(self):
        for date in ("0000-01-01", "10000-01-01", "2026-02-30", "-0001-01-01", "", 1):
            with self.subTest(date):
                response = self.api_post(date)
                self.assertEqual(response.status_code, 422, response.content)
                self.assert_nothing_written()

    def test_service_function_refuses_a_date_before_sending(self):
        with self.assertRaises(ValidationError) as refused:
            steps.record_referred_service(
                self.lena,
                self.referral,
                self.referral.receiving_case,
                date=datetime.date(1, 1, 1),
            )
        self.assertIn("date", refused.exception.message_dict)
        self.assert_nothing_written()


class DeliveredAtTests(ReferralPagesTestCase):
    """Time to service runs to the day the service was given, not to the typing."""

    def test_an_earlier_service_day_sets_the_completion_time(self):
        import datetime

        from django.utils import timezone

        from himoya.cases.services.service_deliveries import add_service_delivery
        from himoya.referrals.services import steps

        referral = self.send()
        sent = timezone.now() - datetime.timedelta(days=10)
        type(referral).objects.filter(pk=referral.pk).update(sent_at=sent)
        referral.refresh_from_db()
        referral = steps.accept_referral(
            self.lena, referral, expected_version=referral.version,
            services_consent_method="verbal",
        )
        type(referral).objects.filter(pk=referral.pk).update(accepted_at=sent)
        day = timezone.localdate() - datetime.timedelta(days=3)
        add_service_delivery(referral.receiving_case, actor=self.lena, values={
            "date": day, "sector": "justice", "service_type": "primary_legal_aid",
        })
        referral.refresh_from_db()
        self.assertEqual(timezone.localtime(referral.completed_at).date(), day)
        self.assertLess(referral.time_to_service, datetime.timedelta(days=8))
