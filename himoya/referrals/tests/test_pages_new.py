"""A new referral from a case: consent gate, bad input, and services nearest first."""

from himoya.clients.consent import withdraw_consent
from himoya.directory.models import ServiceType
from himoya.directory.tests.factories import ServiceFactory
from himoya.geo.models import District
from himoya.notifications.models import Notification
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.tests.pages_base import ReferralPagesTestCase


class NewReferralTests(ReferralPagesTestCase):
    def test_sends_and_goes_to_the_referral(self):
        response = self.post(
            self.bob, "referrals:new", self.case.pk, data=self.new_data(share_safe_contact="on")
        )
        referral = Referral.objects.get()
        self.assertRedirects(
            response, self.url("referrals:detail", referral.pk), fetch_redirect_response=False
        )
        self.assertEqual(referral.status, ReferralStatus.SENT)
        self.assertEqual(referral.from_case, self.case)
        self.assertEqual(referral.urgency, 2)
        self.assertEqual(referral.needs, ["legal"])
        self.assertTrue(referral.share_safe_contact)
        self.assertEqual(referral.message, "Please call before noon")

    def test_refused_without_consent_nothing_written(self):
        withdraw_consent(self.share_consent, self.bob)
        response = self.post(self.bob, "referrals:new", self.case.pk, data=self.new_data())
        self.assertContains(response, "has not consented to share", status_code=400)
        self.assertContains(response, self.url("cases:consent_list", self.case.pk), status_code=400)
        self.assertFalse(Referral.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_bad_input_is_a_form_error_and_nothing_is_written(self):
        own = ServiceFactory(organisation=self.alpha)
        cases = [
            {"service": "999999"},
            {"service": "abc"},
            {"service": ""},
            {"service": str(own.pk)},  # her own organisation's service
            {"needs": ["legal", "nonsense"]},
            {"needs": []},
            {"urgency": "9"},
            {"urgency": "soon"},
            {"message": "x" * 5000},
        ]
        for extra in cases:
            response = self.post(
                self.bob, "referrals:new", self.case.pk, data=self.new_data(**extra)
            )
            self.assertEqual(response.status_code, 400, extra)
        self.assertFalse(Referral.objects.exists())

    def test_inactive_service_is_refused(self):
        self.legal_aid.is_active = False
        self.legal_aid.save()
        response = self.post(self.bob, "referrals:new", self.case.pk, data=self.new_data())
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Referral.objects.exists())
        self.assertNotContains(response, "Legal consultation", status_code=400)

    def test_services_nearest_first_and_filters(self):
        sino = District.objects.get(slug="sino")
        # Isfara is in Sughd; the case is in Sino (Dushanbe). A service in Sino comes
        # first, then the rest of Dushanbe, then the others (Beta's in Isfara).
        near = ServiceFactory(
            organisation=self.gamma,
            service_type=ServiceType.PSYCHOLOGICAL_SUPPORT,
            districts_served=[sino],
        )
        other_district = District.objects.filter(region=sino.region).exclude(pk=sino.pk).first()
        region = ServiceFactory(
            organisation=self.gamma,
            service_type=ServiceType.PSYCHOLOGICAL_SUPPORT,
            districts_served=[other_district],
        )
        response = self.get(self.bob, "referrals:new", self.case.pk)
        sections = response.context["sections"]
        self.assertEqual(
            [[s.pk for s in section.services] for section in sections],
            [[near.pk], [region.pk], [self.legal_aid.pk]],
        )
        self.assertNotIn(self.alpha, [s.organisation for sec in sections for s in sec.services])
        # Filtered by need: legal help is only Beta's service.
        response = self.get(self.bob, "referrals:new", self.case.pk, need="legal")
        ids = [s.pk for sec in response.context["sections"] for s in sec.services]
        self.assertEqual(ids, [self.legal_aid.pk])
        self.assertEqual(response.context["form"]["needs"].value(), ["legal"])
        # Starting from Isfara puts Beta first.
        response = self.get(self.bob, "referrals:new", self.case.pk, district="isfara")
        first = response.context["sections"][0]
        self.assertEqual([s.pk for s in first.services], [self.legal_aid.pk])
        self.assertEqual(
            self.get(self.bob, "referrals:new", self.case.pk, district="atlantis").status_code, 400
        )
        self.assertEqual(
            self.get(self.bob, "referrals:new", self.case.pk, need="money").status_code, 400
        )

    def test_closed_case_cannot_refer(self):
        self.case.status = "closed"
        self.case.save()
        response = self.post(self.bob, "referrals:new", self.case.pk, data=self.new_data())
        self.assertEqual(response.status_code, 409)
        self.assertFalse(Referral.objects.exists())
