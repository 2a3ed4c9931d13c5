"""From a call: refer the caller (only with her verbal consent) or open a case."""

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditEntry
from himoya.cases.models import Case, Priority
from himoya.clients.models import Client, Consent, ConsentKind, ConsentMethod
from himoya.core.roles import Role
from himoya.directory.models import ServiceType
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.geo.models import District
from himoya.hotline.models import CallAction
from himoya.hotline.tests.base import CALLBACK_NAME, CALLBACK_PHONE, SUMMARY, CallTestCase
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.access import received_referrals, shared_view
from himoya.referrals.models import Referral, ReferralStatus, Urgency
from himoya.referrals.nearest import nearest_services

COUNTED = (Client, Consent, Referral, Case, Notification)


def counts():
    return [model.objects.count() for model in COUNTED]


class ReferFromCallTests(CallTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.olga)

    def refer(self, **overrides):
        body = {
            "service": self.legal_aid.pk,
            "urgency": Urgency.URGENT,
            "needs": ["legal"],
            "message": "Wants advice on the divorce",
            "verbal_consent": "on",
            "consent_organisation": "beta",
        }
        body.update(overrides)
        body = {key: value for key, value in body.items() if value is not None}
        return self.client.post(self.url("hotline:refer", self.call.pk), body)

    def test_refused_without_the_verbal_consent_tick(self):
        before = counts()
        response = self.refer(verbal_consent=None)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "must agree to share", status_code=400)
        self.assertContains(response, self.beta.name, status_code=400)
        self.assertEqual(counts(), before)
        call = self.fresh()
        self.assertEqual((call.client_id, call.actions, call.version), (None, [], 1))

    def test_referral_with_consent(self):
        response = self.refer()
        self.assertRedirects(response, self.url("hotline:detail", self.call.pk))
        referral = Referral.objects.get()
        call = self.fresh()
        client = call.client
        self.assertEqual(referral.from_call, call)
        self.assertIsNone(referral.from_case)
        self.assertEqual(referral.client, client)
        self.assertEqual(referral.to_organisation, self.beta)
        self.assertEqual(referral.sent_by, self.olga)
        self.assertIn(CallAction.REFERRAL, call.actions)
        self.assertEqual(call.version, 2)
        # An anonymous client at the call's organisation, with the call's coarse facts.
        self.assertEqual(client.organisation, self.alpha)
        self.assertEqual((client.name, client.phone), ("", ""))
        self.assertEqual(client.district.slug, "isfara")
        consent = Consent.objects.get(client=client)
        self.assertEqual(
            (consent.kind, consent.method, consent.recipient_organisation, consent.taken_by),
            (ConsentKind.SHARE_ORGANISATION, ConsentMethod.VERBAL, self.beta, self.olga),
        )
        # Beta's caseworker sees it in the inbox; the shared view has no caller details.
        self.assertIn(referral, received_referrals(self.lena))
        view = shared_view(referral)
        self.assertEqual(view.client_code, client.code)
        self.assertNotIn(CALLBACK_PHONE, str(view.__dict__))
        self.assertNotIn(CALLBACK_NAME, str(view.__dict__))
        self.assertNotIn(SUMMARY, str(view.__dict__))

    def test_the_form_carries_the_organisation_the_tick_names(self):
        query = f"?service={self.legal_aid.pk}"
        response = self.client.get(self.url("hotline:refer", self.call.pk, query=query))
        self.assertContains(response, 'name="consent_organisation" value="beta"')
        self.assertContains(response, f"share these details with {self.beta.name}")

    def test_consent_for_another_organisation_is_asked_again(self):
        # The tick named Beta; the posted service id was changed to Gamma's service.
        gamma = OrganisationFactory(slug="gamma", kind="ngo", district__slug="isfara")
        other = ServiceFactory(organisation=gamma, districts_served=[self.isfara])
        before = counts()
        response = self.refer(service=other.pk)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(counts(), before)
        call = self.fresh()
        self.assertEqual((call.client_id, call.actions, call.version), (None, [], 1))
        form = response.context["form"]
        self.assertIn("consent was not confirmed", str(form.errors["verbal_consent"]))
        # The page now asks about Gamma, with the tick cleared, and sends when ticked.
        self.assertContains(response, f"share these details with {gamma.name}", status_code=400)
        self.assertContains(response, 'name="consent_organisation" value="gamma"', status_code=400)
        self.assertNotContains(response, 'name="verbal_consent" checked', status_code=400)
        self.assertFalse(form["verbal_consent"].value())
        response = self.refer(service=other.pk, consent_organisation="gamma")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Referral.objects.get().to_organisation, gamma)
        consent = Consent.objects.get(client=self.fresh().client)
        self.assertEqual(consent.recipient_organisation, gamma)

    def test_consent_naming_no_organisation_is_asked_again(self):
        before = counts()
        for value in (None, "", "alpha"):
            response = self.refer(consent_organisation=value)
            self.assertEqual(response.status_code, 400, value)
            self.assertContains(
                response, 'name="consent_organisation" value="beta"', status_code=400
            )
        self.assertEqual(counts(), before)

    def test_call_page_shows_the_referral_status(self):
        self.refer()
        referral = Referral.objects.get()
        response = self.client.get(self.url("hotline:detail", self.call.pk))
        self.assertContains(response, referral.reference)
        self.assertContains(response, self.url("referrals:detail", referral.pk))
        self.assertContains(response, "sent")
        Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.DECLINED)
        response = self.client.get(self.url("hotline:detail", self.call.pk))
        self.assertContains(response, "declined")

    def test_second_referral_reuses_the_callers_client(self):
        self.refer()
        shelter = ServiceFactory(
            organisation=self.beta,
            service_type=ServiceType.TEMPORARY_SHELTER,
            districts_served=[self.isfara],
        )
        self.refer(service=shelter.pk, needs=["shelter"])
        self.assertEqual(Referral.objects.count(), 2)
        self.assertEqual(Client.objects.filter(calls=self.call).count(), 1)
        self.assertEqual(self.fresh().actions.count(CallAction.REFERRAL), 1)

    def test_the_same_service_twice_is_refused_with_a_link(self):
        self.refer()
        referral = Referral.objects.get()
        before = counts()
        response = self.refer()
        self.assertContains(response, "still open", status_code=409)
        self.assertContains(response, self.url("referrals:detail", referral.pk), status_code=409)
        self.assertEqual(counts(), before)

    def test_bad_choices_write_nothing(self):
        before = counts()
        own = ServiceFactory(organisation=self.alpha, districts_served=[self.isfara])
        for overrides in (
            {"needs": None},
            {"needs": ["magic"]},
            {"urgency": "9"},
            {"service": "999999"},
            {"service": own.pk},
            {"service": "abc"},
            {"message": "x" * 2001},
        ):
            response = self.refer(**overrides)
            self.assertEqual(response.status_code, 400, overrides)
        self.assertEqual(counts(), before)

    def test_child_caller_needs_the_caregiver(self):
        self.call.age_group = "12-17"
        self.call.save()
        before = counts()
        response = self.refer()
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "caregiver", status_code=400)
        self.assertEqual(counts(), before)
        response = self.refer(caregiver_relationship="mother")
        self.assertEqual(response.status_code, 302)
        client = self.fresh().client
        self.assertTrue(client.consents.filter(kind=ConsentKind.CAREGIVER).exists())
        self.assertEqual(Referral.objects.count(), 1)

    def test_service_list_nearest_first(self):
        isfara = self.isfara
        khujand = District.objects.get(slug="khujand")
        elsewhere = District.objects.exclude(region=isfara.region).first()
        gamma = OrganisationFactory(slug="gamma", kind="ngo", district__slug="khujand")
        delta = OrganisationFactory(slug="delta", kind="ngo", district__slug=elsewhere.slug)
        in_region = ServiceFactory(organisation=gamma, districts_served=[khujand])
        far = ServiceFactory(organisation=delta, districts_served=[elsewhere])
        sections = nearest_services(self.call)
        self.assertEqual(
            [[service.pk for service in section.services] for section in sections],
            [[self.legal_aid.pk], [in_region.pk], [far.pk]],
        )
        response = self.client.get(self.url("hotline:refer", self.call.pk))
        text = response.content.decode()
        self.assertLess(text.index("Beta"), text.index("Gamma"))
        self.assertLess(text.index("Gamma"), text.index("Delta"))
        narrowed = self.client.get(self.url("hotline:refer", self.call.pk, query="?need=shelter"))
        self.assertNotContains(narrowed, "Gamma")

    def test_consent_checkbox_names_the_organisation(self):
        response = self.client.get(
            self.url("hotline:refer", self.call.pk, query=f"?service={self.legal_aid.pk}")
        )
        self.assertContains(
            response, f"The caller agreed verbally to share these details with {self.beta.name}"
        )


class OpenCaseFromCallTests(CallTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.olga)

    def test_open_case_notifies_supervisors_and_gives_the_operator_no_access(self):
        response = self.client.post(
            self.url("hotline:open_case", self.call.pk), {"services_consent": "on"}
        )
        self.assertRedirects(
            response, self.url("hotline:detail", self.call.pk), fetch_redirect_response=False
        )
        call = self.fresh()
        case = call.case
        self.assertEqual(case.organisation, self.alpha)
        self.assertEqual(case.client, call.client)
        self.assertEqual(case.priority, Priority.URGENT)  # the call was risk-flagged
        self.assertIsNone(case.caseworker)
        self.assertEqual(case.client.name, "")
        self.assertTrue(
            Consent.objects.filter(
                client=case.client, kind=ConsentKind.SERVICES, method=ConsentMethod.VERBAL
            ).exists()
        )
        notes = Notification.objects.filter(kind=NotificationKind.CASE_FROM_CALL)
        self.assertEqual([(n.user, n.case) for n in notes], [(self.sam, case)])
        page = self.client.get(self.url("hotline:detail", self.call.pk))
        self.assertContains(page, "your supervisors were notified")
        self.assertNotContains(page, self.url("cases:detail", case.pk))
        self.assertEqual(self.client.get(self.url("cases:detail", case.pk)).status_code, 403)
        self.assertTrue(
            AuditEntry.objects.filter(
                object_type="hotline.call",
                action="record_changed",
                detail__changed=["case", "client"],
            ).exists()
        )

    def test_supervisor_gets_the_case_link(self):
        self.client.post(self.url("hotline:open_case", self.call.pk))
        case = self.fresh().case
        self.assertEqual(case.client.consents.count(), 0)
        self.client.logout()
        self.sign_in(self.sam)
        page = self.client.get(self.url("hotline:detail", self.call.pk))
        self.assertContains(page, self.url("cases:detail", case.pk))

    def test_second_case_from_the_same_call_is_refused(self):
        self.client.post(self.url("hotline:open_case", self.call.pk))
        before = counts()
        response = self.client.post(self.url("hotline:open_case", self.call.pk))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "already", status_code=400)
        self.assertEqual(counts(), before)

    def test_normal_priority_without_risk_and_child_consent_rule(self):
        self.call.risk_flag = False
        self.call.age_group = "0-11"
        self.call.save()
        before = counts()
        response = self.client.post(
            self.url("hotline:open_case", self.call.pk), {"services_consent": "on"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(counts(), before)
        self.client.post(
            self.url("hotline:open_case", self.call.pk),
            {"services_consent": "on", "not_sought_reason": "Father is the abuser"},
        )
        self.assertEqual(self.fresh().case.priority, Priority.NORMAL)

    def test_inactive_supervisor_is_not_notified(self):
        other = UserFactory(
            username="sid", organisation=self.alpha, role=Role.SUPERVISOR, is_active=False
        )
        self.client.post(self.url("hotline:open_case", self.call.pk))
        self.assertFalse(Notification.objects.filter(user=other).exists())
