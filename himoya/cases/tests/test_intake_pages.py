"""Intake: first contact creates client, consent, case and event in one go; duplicates warn."""

from himoya.accounts.models import Membership
from himoya.audit.models import AuditEntry
from himoya.cases.models import Case, CaseEvent, CaseStatus, CaseStep
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.pages_base import CasePagesTestCase
from himoya.clients.models import Client, Consent, ConsentKind
from himoya.clients.tests.factories import ClientFactory
from himoya.core.roles import Role


def intake_data(**fields):
    data = {
        "organisation": "alpha",
        "name": "Мадина Раҳимова",
        "phone": "+992 93 123 4567",
        "may_call": "yes",
        "call_times": "after 18:00",
        "code_word": "apricot",
        "sex": "female",
        "age_group": "26-40",
        "district": "sino",
        "consent_services": "on",
        "consent_method": "verbal",
        "priority": "high",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


class IntakeTests(CasePagesTestCase):
    def post(self, **fields):
        return self.client.post(self.url("cases:intake"), intake_data(**fields))

    def test_caseworker_opens_a_case(self):
        self.sign_in(self.bob)
        response = self.post()
        case = Case.objects.exclude(pk=self.case.pk).get()
        self.assertRedirects(
            response, self.url("cases:detail", case.pk) + "?new=1", fetch_redirect_response=False
        )
        client = case.client
        self.assertEqual(
            (client.name, client.phone, client.sex, client.age_group),
            ("Мадина Раҳимова", "+992 93 123 4567", "female", "26-40"),
        )
        self.assertEqual(
            client.safe_contact,
            {"may_call": True, "call_times": "after 18:00", "code_word": "apricot"},
        )
        self.assertEqual((case.caseworker, case.opened_by), (self.bob, self.bob))
        self.assertEqual(
            (case.status, case.step, case.priority), (CaseStatus.OPEN, CaseStep.ENGAGEMENT, "high")
        )
        self.assertEqual(case.district.slug, "sino")
        self.assertEqual(case.district, client.district)
        self.assertTrue(case.events.filter(kind=CaseEvent.Kind.OPENED).exists())
        consent = Consent.objects.get(client=client)
        self.assertEqual(
            (consent.kind, consent.method, consent.taken_by),
            (ConsentKind.SERVICES, "verbal", self.bob),
        )
        objects = set(AuditEntry.objects.values_list("object_type", flat=True))
        self.assertTrue({"cases.case", "clients.client", "clients.consent"} <= objects)
        page = self.client.get(response["Location"])
        self.assertContains(page, client.code)

    def test_supervisor_opens_an_unassigned_case(self):
        self.sign_in(self.sam)
        self.post(name="")
        case = Case.objects.exclude(pk=self.case.pk).get()
        self.assertIsNone(case.caseworker)
        self.assertEqual(case.client.name, "")

    def test_minimal_intake_everything_else_later(self):
        self.sign_in(self.bob)
        response = self.post(
            name="",
            phone="",
            call_times="",
            code_word="",
            district="",
            may_call="unknown",
            priority="normal",
        )
        self.assertEqual(response.status_code, 302)
        self.assertIsNone(Case.objects.exclude(pk=self.case.pk).get().district)

    def test_bad_input_is_400_and_nothing_written(self):
        self.sign_in(self.bob)
        before = (Client.objects.count(), Case.objects.count(), AuditEntry.objects.count())
        for bad in (
            {"consent_services": None},
            {"consent_method": "telepathy"},
            {"age_group": "200"},
            {"district": "atlantis"},
            {"phone": "call me"},
            {"organisation": "beta"},
            {"priority": "asap"},
            {"sex": "x"},
            {"name": "x" * 300},
        ):
            response = self.post(**bad)
            self.assertEqual(response.status_code, 400, bad)
        after = (Client.objects.count(), Case.objects.count(), AuditEntry.objects.count())
        self.assertEqual(before, after)

    def test_child_needs_caregiver_consent_or_reason(self):
        self.sign_in(self.bob)
        self.assertEqual(self.post(age_group="12-17").status_code, 400)
        self.assertEqual(self.post(age_group="12-17", caregiver_consent="given").status_code, 400)
        self.assertEqual(
            self.post(age_group="12-17", caregiver_consent="not_sought").status_code, 400
        )
        self.assertEqual(Case.objects.count(), 1)
        response = self.post(
            age_group="12-17",
            caregiver_consent="not_sought",
            not_sought_reason="the father is the alleged perpetrator",
        )
        self.assertEqual(response.status_code, 302)
        client = Case.objects.exclude(pk=self.case.pk).get().client
        caregiver = Consent.objects.get(client=client, kind=ConsentKind.CAREGIVER)
        self.assertEqual(caregiver.not_sought_reason, "the father is the alleged perpetrator")
        response = self.post(
            name="Another child",
            age_group="0-11",
            caregiver_consent="given",
            caregiver_relationship="mother",
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            Consent.objects.filter(
                kind=ConsentKind.CAREGIVER, caregiver_relationship="mother"
            ).exists()
        )

    def test_duplicate_warning_asks_before_a_second_client(self):
        existing = ClientFactory(organisation=self.alpha, name="Мадина  РАҲИМОВА")
        CaseFactory(organisation=self.alpha, caseworker=self.bob, client=existing)
        self.sign_in(self.bob)
        response = self.post()
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, existing.code, status_code=409)
        self.assertEqual(Case.objects.count(), 2)
        response = self.post(confirm_duplicate="on")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Client.objects.filter(organisation=self.alpha).count(), 3)

    def test_a_colleagues_client_is_warned_of_without_her_code(self):
        # The intake form must not find a colleague's client by name (a leak found by
        # trying it as an attacker would): the match is said, the code is not.
        existing = ClientFactory(organisation=self.alpha, name="Мадина Раҳимова")
        CaseFactory(organisation=self.alpha, client=existing)
        self.sign_in(self.bob)
        response = self.post()
        self.assertEqual(response.status_code, 409)
        self.assertNotContains(response, existing.code, status_code=409)
        self.assertContains(response, "Ask your supervisor", status_code=409)
        self.sign_in(self.sam)
        self.assertContains(self.post(), existing.code, status_code=409)

    def test_no_duplicate_warning_across_organisations(self):
        ClientFactory(organisation=self.beta, name="Мадина Раҳимова")
        self.sign_in(self.bob)
        self.assertEqual(self.post().status_code, 302)

    def test_member_of_two_organisations_chooses(self):
        Membership.objects.create(user=self.bob, organisation=self.beta, role=Role.CASEWORKER)
        self.sign_in(self.bob)
        page = self.client.get(self.url("cases:intake"))
        self.assertContains(page, 'name="organisation"')
        self.assertEqual(self.post(organisation="beta").status_code, 302)
        self.assertEqual(Case.objects.exclude(pk=self.case.pk).get().organisation, self.beta)

    def test_intake_renders_in_three_languages_for_a_phone(self):
        self.sign_in(self.bob)
        expected = {"tg": "Калимаи рамзӣ", "ru": "Кодовое слово", "en": "Code word"}
        for language, words in expected.items():
            response = self.client.get(self.url("cases:intake", language=language))
            self.assertEqual(response.status_code, 200, language)
            self.assertContains(response, 'name="viewport"')
            self.assertContains(response, words)
