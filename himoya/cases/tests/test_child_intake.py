"""A child is never opened as an adult (issue 9, item 1): with a birth date the age group
follows from it, a different group is refused with a message, and a client under 18 needs
the caregiver's consent whatever the age group field says; on the intake page and in the
intake API alike."""

import datetime
import json

from django.utils import timezone

from himoya.audit.models import AuditEntry
from himoya.cases.models import Case
from himoya.cases.tests.pages_base import CasePagesTestCase
from himoya.cases.tests.test_intake_pages import intake_data
from himoya.clients.models import Client, Consent, ConsentKind


def born_years_ago(years: int) -> datetime.date:
    """A birth date that makes someone `years` old today (a fortnight past the birthday)."""
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1) - datetime.timedelta(days=14)


# Eleven today, as the child born on 2015-01-01 of the report was when it was filed.
CHILD = born_years_ago(11)
TEEN = born_years_ago(15)
ADULT = born_years_ago(30)


class IntakeChildBase(CasePagesTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def counts(self):
        return (
            Client.objects.count(),
            Case.objects.count(),
            Consent.objects.count(),
            AuditEntry.objects.count(),
        )

    def new_client(self):
        return Case.objects.exclude(pk=self.case.pk).get().client


class IntakePageTests(IntakeChildBase):
    def post(self, language="en", **fields):
        return self.client.post(self.url("cases:intake", language=language), intake_data(**fields))

    def test_a_child_in_an_adult_age_group_is_refused_with_a_message(self):
        # The report: born 2015-01-01, age group 26-40, only her own consent: opened.
        self.sign_in(self.bob)
        before = self.counts()
        response = self.post(birth_date=CHILD.isoformat(), age_group="26-40")
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertIn("age at intake was 11", errors["age_group"][0])
        self.assertIn("0–11", errors["age_group"][0])
        self.assertEqual(self.counts(), before)

    def test_the_message_is_in_tajik_and_russian(self):
        self.sign_in(self.bob)
        tajik = self.post("tg", birth_date=CHILD.isoformat(), age_group="26-40")
        self.assertContains(tajik, "Аз рӯи санаи таваллуд", status_code=400)
        russian = self.post("ru", birth_date=CHILD.isoformat(), age_group="26-40")
        self.assertContains(russian, "По дате рождения возраст клиента", status_code=400)

    def test_a_child_with_age_group_not_known_needs_the_caregivers_consent(self):
        self.sign_in(self.bob)
        before = self.counts()
        response = self.post(birth_date=TEEN.isoformat(), age_group="unknown")
        self.assertEqual(response.status_code, 400)
        self.assertIn("caregiver", str(response.context["form"].errors["caregiver_consent"]))
        self.assertEqual(self.counts(), before)

    def test_a_child_with_the_caregivers_consent_opens_in_the_group_of_her_birth_date(self):
        self.sign_in(self.bob)
        response = self.post(
            birth_date=TEEN.isoformat(),
            age_group="unknown",
            caregiver_consent="given",
            caregiver_relationship="aunt",
        )
        self.assertEqual(response.status_code, 302)
        client = self.new_client()
        self.assertEqual(client.age_group, "12-17")
        self.assertTrue(client.is_child)
        self.assertTrue(
            Consent.objects.filter(
                client=client, kind=ConsentKind.CAREGIVER, caregiver_relationship="aunt"
            ).exists()
        )

    def test_an_adult_birth_date_sets_or_confirms_the_age_group(self):
        self.sign_in(self.bob)
        self.assertEqual(
            self.post(birth_date=ADULT.isoformat(), age_group="unknown").status_code, 302
        )
        self.assertEqual(self.new_client().age_group, "26-40")
        response = self.post(name="Another", birth_date=ADULT.isoformat(), age_group="26-40")
        self.assertEqual(response.status_code, 302)

    def test_without_a_birth_date_the_chosen_group_stands(self):
        self.sign_in(self.bob)
        self.assertEqual(self.post(age_group="41-60").status_code, 302)
        self.assertEqual(self.new_client().age_group, "41-60")


class IntakeApiTests(IntakeChildBase):
    def api(self, client_fields, **body):
        payload = {
            "client": {"name": "Zarina", **client_fields},
            "consent_method": "verbal",
            **body,
        }
        return self.client.post("/api/cases/", json.dumps(payload), content_type="application/json")

    def test_a_child_in_an_adult_age_group_is_a_422_on_the_age_group(self):
        self.sign_in(self.bob)
        before = self.counts()
        response = self.api({"birth_date": CHILD.isoformat(), "age_group": "26-40"})
        self.assertEqual(response.status_code, 422, response.content)
        message = response.json()["errors"]["client.age_group"][0]
        self.assertIn("age at intake was 11", message)
        self.assertEqual(self.counts(), before)

    def test_the_message_follows_the_callers_language(self):
        self.sign_in(self.bob)
        response = self.client.post(
            "/api/cases/?lang=ru",
            json.dumps(
                {
                    "client": {"birth_date": CHILD.isoformat(), "age_group": "26-40"},
                    "consent_method": "verbal",
                }
            ),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("По дате рождения", response.json()["errors"]["client.age_group"][0])

    def test_a_child_by_birth_date_needs_the_caregivers_consent(self):
        self.sign_in(self.bob)
        before = self.counts()
        response = self.api({"birth_date": TEEN.isoformat()})
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("child_consent", response.json()["errors"])
        self.assertEqual(self.counts(), before)
        response = self.api(
            {"birth_date": TEEN.isoformat()},
            child_consent={"given": False, "reason": "The father is the alleged perpetrator"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        client = Client.objects.get(code=response.json()["code"])
        self.assertEqual(client.age_group, "12-17")
        caregiver = Consent.objects.get(client=client, kind=ConsentKind.CAREGIVER)
        self.assertEqual(caregiver.not_sought_reason, "The father is the alleged perpetrator")

    def test_an_adult_birth_date_fills_in_the_age_group(self):
        self.sign_in(self.bob)
        response = self.api({"birth_date": ADULT.isoformat()})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Client.objects.get(code=response.json()["code"]).age_group, "26-40")
