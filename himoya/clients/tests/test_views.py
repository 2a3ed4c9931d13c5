"""Consent and client pages: access for every role, audit of reads, withdrawal, child rule,
stale edits, duplicate warning through the blind index."""

import datetime

from django.urls import reverse
from django.utils import translation

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import CaseStatus
from himoya.cases.tests.factories import CaseFactory
from himoya.clients import services
from himoya.clients.consent import has_consent, withdraw_consent
from himoya.clients.models import AgeGroup, Client, Consent, ConsentKind
from himoya.clients.tests.factories import ClientFactory, ConsentFactory
from himoya.core.roles import Role
from himoya.testing import HimoyaTestCase

WRITES = ("consent_give", "consent_withdraw", "client_edit")


class ClientPagesTestCase(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carl = UserFactory(username="carl", organisation=cls.alpha, role=Role.CASEWORKER)
        cls.client_record = ClientFactory(
            organisation=cls.alpha,
            name="Ширин Qzxview",
            phone="+992 90 000 1111",
            safe_contact={"may_call": False, "code_word": "Qzxword"},
        )
        cls.case = CaseFactory(organisation=cls.alpha, caseworker=cls.bob, client=cls.client_record)
        cls.consent = ConsentFactory(client=cls.client_record, taken_by=cls.bob)

    def urls(self, language="tg"):
        """The pages' URLs; "en" gives the /en/ ones, for tests that read English text."""
        with translation.override(language):
            return self._urls()

    def _urls(self):
        case = self.case.pk
        return {
            "consent_list": reverse("cases:consent_list", args=[case]),
            "consent_give": reverse("cases:consent_give", args=[case]),
            "consent_withdraw": reverse("cases:consent_withdraw", args=[case, self.consent.pk]),
            "client_detail": reverse("cases:client_detail", args=[case]),
            "client_edit": reverse("cases:client_edit", args=[case]),
        }


class AccessTests(ClientPagesTestCase):
    def test_outsider_gets_404(self):
        self.sign_in(self.charlie)
        for name, url in self.urls().items():
            self.assertEqual(self.client.get(url).status_code, 404, name)
            if name in WRITES:
                self.assertEqual(self.client.post(url, {}).status_code, 404, name)

    def test_wrong_roles_get_403(self):
        for user in (self.ann, self.alice, self.olga, self.carl, self.root):
            self.sign_in(user)
            for name, url in self.urls().items():
                self.assertEqual(self.client.get(url).status_code, 403, (user, name))
                if name in WRITES:
                    self.assertEqual(self.client.post(url, {}).status_code, 403, (user, name))
        self.assertIsNone(Consent.objects.get(pk=self.consent.pk).withdrawn_at)

    def test_assigned_caseworker_and_supervisor_get_200(self):
        for user in (self.bob, self.sam):
            self.sign_in(user)
            for name, url in self.urls().items():
                self.assertEqual(self.client.get(url).status_code, 200, (user, name))

    def test_anonymous_visitor_is_sent_to_sign_in(self):
        response = self.client.get(self.urls()["client_detail"])
        self.assertEqual(response.status_code, 302)

    def test_consent_of_another_client_is_not_found(self):
        other = ConsentFactory(client=ClientFactory(organisation=self.alpha), taken_by=self.bob)
        self.sign_in(self.bob)
        url = reverse("cases:consent_withdraw", args=[self.case.pk, other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)


class ClientDetailTests(ClientPagesTestCase):
    def test_details_show_decrypted_fields_and_safe_contact_and_are_audited(self):
        self.sign_in(self.sam)
        before = AuditEntry.objects.filter(action=AuditAction.RECORD_READ).count()
        response = self.client.get(self.urls()["client_detail"])
        self.assertContains(response, "Ширин Qzxview")
        self.assertContains(response, "+992 90 000 1111")
        self.assertContains(response, "Qzxword")
        self.assertEqual(response["Cache-Control"], "no-store")
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_READ).latest("id")
        self.assertEqual(
            AuditEntry.objects.filter(action=AuditAction.RECORD_READ).count(), before + 1
        )
        self.assertEqual(entry.actor, self.sam)
        self.assertEqual(entry.detail["what"], "client")
        self.assertEqual(entry.object_id, str(self.client_record.pk))

    def edit_post(self, version, **changes):
        data = {
            "version": version,
            "name": "Ширин Qzxview",
            "phone": "+992 90 000 1111",
            "address": "",
            "birth_date": "",
            "may_call": "no",
            "call_times": "",
            "code_word": "Qzxword",
            "may_visit": "unknown",
            "contact_notes": "",
            "sex": "female",
            "age_group": "26-40",
            "district": "",
            "disability": "unknown",
            "marital_status": "unknown",
            "children_count": "",
        }
        data.update(changes)
        return self.client.post(self.urls()["client_edit"], data)

    def test_edit_saves_and_bumps_the_version(self):
        self.sign_in(self.bob)
        response = self.edit_post(self.client_record.version, phone="+992 90 222 3333")
        self.assertRedirects(response, self.urls()["client_detail"])
        client = Client.objects.get(pk=self.client_record.pk)
        self.assertEqual(client.phone, "+992 90 222 3333")
        self.assertEqual(client.version, self.client_record.version + 1)

    def test_stale_edit_is_refused_showing_what_changed(self):
        self.sign_in(self.bob)
        version = self.client_record.version
        self.assertEqual(self.edit_post(version, phone="+992 90 222 3333").status_code, 302)
        response = self.edit_post(version, address="Qzxstale address")
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "+992 90 222 3333", status_code=409)
        client = Client.objects.get(pk=self.client_record.pk)
        self.assertEqual(client.address, "")
        self.assertEqual(client.version, version + 1)

    def test_bad_input_is_a_400_and_changes_nothing(self):
        self.sign_in(self.bob)
        tomorrow = datetime.date.today() + datetime.timedelta(days=2)
        for bad in (
            {"phone": "call me"},
            {"birth_date": tomorrow.isoformat()},
            {"sex": "robot"},
            {"version": "x"},
        ):
            values = {"version": self.client_record.version, **bad}
            self.assertEqual(self.edit_post(**values).status_code, 400, bad)
        self.assertEqual(
            Client.objects.get(pk=self.client_record.pk).version, self.client_record.version
        )

    def test_closed_case_is_read_only(self):
        self.case.status = CaseStatus.CLOSED
        self.case.save()
        self.sign_in(self.bob)
        self.assertEqual(self.client.get(self.urls()["client_detail"]).status_code, 200)
        self.assertEqual(self.edit_post(self.client_record.version).status_code, 409)


class ConsentPageTests(ClientPagesTestCase):
    def test_list_shows_history_and_is_audited(self):
        withdraw_consent(self.consent, self.sam, "Qzx stop")
        self.sign_in(self.bob)
        response = self.client.get(self.urls()["consent_list"])
        self.assertContains(response, "Qzx stop")
        self.assertContains(response, "sam")
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_READ).latest("id")
        self.assertEqual(entry.detail["what"], "consents")

    def test_withdrawal_is_effective_at_once(self):
        self.assertTrue(has_consent(self.client_record, ConsentKind.SERVICES))
        self.sign_in(self.bob)
        urls = self.urls("en")
        confirm = self.client.get(urls["consent_withdraw"])
        self.assertContains(confirm, "at once")
        response = self.client.post(urls["consent_withdraw"], {"note": "asked by phone"})
        self.assertRedirects(response, urls["consent_list"])
        self.assertFalse(has_consent(self.client_record, ConsentKind.SERVICES))
        consent = Consent.objects.get(pk=self.consent.pk)
        self.assertEqual(consent.withdrawn_by, self.bob)
        again = self.client.post(urls["consent_withdraw"], {"note": ""})
        self.assertEqual(again.status_code, 400)

    def test_give_sharing_consent(self):
        self.sign_in(self.bob)
        response = self.client.post(
            self.urls()["consent_give"],
            {
                "kind": "share_organisation",
                "method": "written",
                "recipient_organisation": self.beta.slug,
            },
        )
        self.assertRedirects(response, self.urls()["consent_list"])
        self.assertTrue(
            has_consent(self.client_record, ConsentKind.SHARE_ORGANISATION, organisation=self.beta)
        )

    def test_sharing_consent_without_recipient_is_a_clear_400(self):
        self.sign_in(self.bob)
        response = self.client.post(
            self.urls("en")["consent_give"], {"kind": "share_organisation", "method": "verbal"}
        )
        self.assertContains(response, "must name the organisation", status_code=400)
        self.assertEqual(Consent.objects.filter(client=self.client_record).count(), 1)

    def test_child_needs_caregiver_consent_or_reason(self):
        child = ClientFactory(organisation=self.alpha, age_group=AgeGroup.AGE_0_11)
        case = CaseFactory(organisation=self.alpha, caseworker=self.bob, client=child)
        with translation.override("en"):
            url = reverse("cases:consent_give", args=[case.pk])
        self.sign_in(self.bob)
        refused = self.client.post(url, {"kind": "services", "method": "verbal"})
        self.assertContains(refused, "caregiver", status_code=400)
        self.assertFalse(Consent.objects.filter(client=child).exists())
        accepted = self.client.post(
            url,
            {
                "kind": "services",
                "method": "verbal",
                "not_sought_reason": "The mother is the alleged perpetrator.",
            },
        )
        self.assertEqual(accepted.status_code, 302)
        self.assertTrue(has_consent(child, ConsentKind.SERVICES))

    def test_withdrawal_still_works_on_a_closed_case(self):
        self.case.status = CaseStatus.CLOSED
        self.case.save()
        self.sign_in(self.bob)
        self.client.post(self.urls()["consent_withdraw"], {"note": ""})
        self.assertFalse(has_consent(self.client_record, ConsentKind.SERVICES))
        self.assertEqual(
            self.client.post(
                self.urls()["consent_give"], {"kind": "services", "method": "verbal"}
            ).status_code,
            409,
        )


class DuplicateWarningTests(HimoyaTestCase):
    def test_duplicate_found_through_the_blind_index(self):
        birth = datetime.date(1990, 5, 17)
        known = services.create_client(
            self.alpha, {"name": "Малика Раҳимова", "birth_date": birth}, self.bob
        )
        with self.assertNumQueries(1):
            found = list(services.find_possible_duplicates(self.alpha, " малика  РАҲИМОВА", birth))
        self.assertEqual(found, [known])


class TranslatedPagesTests(ClientPagesTestCase):
    def test_pages_speak_tajik_and_russian(self):
        self.sign_in(self.sam)
        tajik = self.client.get(self.urls()["consent_list"])
        self.assertContains(tajik, "Сабти ризоият")
        russian = self.client.get(self.urls("ru")["client_detail"])
        self.assertContains(russian, "Безопасная связь")
