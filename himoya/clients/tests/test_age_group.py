"""The age group follows the birth date (issue 9, item 1): the one rule (settled_age_group)
in the client services, on the client edit page and in the client API; a client under 18
needs the caregiver's consent whatever the age group field says."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone, translation

from himoya.cases.tests.factories import CaseFactory
from himoya.clients import services
from himoya.clients.consent import give_consent, has_consent
from himoya.clients.models import (
    AgeGroup,
    Client,
    ConsentKind,
    age_group_on,
    age_on,
    settled_age_group,
)
from himoya.clients.tests.factories import ClientFactory, ConsentFactory
from himoya.testing import HimoyaTestCase

DAY = datetime.date(2026, 6, 15)


def born_years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1) - datetime.timedelta(days=14)


class AgeRuleTests(SimpleTestCase):
    def test_age_turns_on_the_birthday(self):
        self.assertEqual(age_on(datetime.date(2008, 6, 15), DAY), 18)
        self.assertEqual(age_on(datetime.date(2008, 6, 16), DAY), 17)
        # Born on 29 February: a year older on 1 March in other years.
        self.assertEqual(age_on(datetime.date(2008, 2, 29), datetime.date(2026, 2, 28)), 17)
        self.assertEqual(age_on(datetime.date(2008, 2, 29), datetime.date(2026, 3, 1)), 18)

    def test_each_group_starts_on_its_birthday(self):
        firsts = {0: "0-11", 12: "12-17", 18: "18-25", 26: "26-40", 41: "41-60", 61: "61+"}
        for age in range(0, 105):
            group = firsts[max(first for first in firsts if first <= age)]
            born = DAY.replace(year=DAY.year - age)
            self.assertEqual(age_group_on(born, DAY), group, age)
            if age in firsts and age:
                # The day before that birthday she was still in the group below.
                earlier = firsts[max(first for first in firsts if first < age)]
                self.assertEqual(age_group_on(born + datetime.timedelta(days=1), DAY), earlier)

    def test_settled_group(self):
        child = datetime.date(2015, 1, 1)
        self.assertEqual(settled_age_group(child, "unknown", DAY), "0-11")
        self.assertEqual(settled_age_group(child, "0-11", DAY), "0-11")
        self.assertEqual(settled_age_group(None, "26-40", DAY), "26-40")
        # Born after the day she was first recorded (a typing slip): a child, not a crash.
        later = DAY + datetime.timedelta(days=30)
        self.assertEqual(settled_age_group(later, "unknown", DAY), "0-11")
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            settled_age_group(child, "26-40", DAY)
        self.assertIn("age at intake was 11", refused.exception.message_dict["age_group"][0])


class ServiceTests(HimoyaTestCase):
    def test_create_refuses_a_child_in_an_adult_group_and_writes_nothing(self):
        before = Client.objects.count()
        with self.assertRaises(ValidationError) as refused:
            services.create_client(
                self.alpha, {"birth_date": born_years_ago(11), "age_group": "26-40"}, self.bob
            )
        self.assertIn("age_group", refused.exception.message_dict)
        self.assertEqual(Client.objects.count(), before)

    def test_create_fills_in_the_group_from_the_birth_date(self):
        client = services.create_client(self.alpha, {"birth_date": born_years_ago(15)}, self.bob)
        self.assertEqual(client.age_group, AgeGroup.AGE_12_17)

    def test_the_group_at_intake_is_on_the_day_the_client_was_recorded(self):
        # Recorded five years ago at 15; now 20: the group at intake stays 12-17.
        client = ClientFactory(organisation=self.alpha, age_group=AgeGroup.UNKNOWN)
        five_years_ago = timezone.now() - datetime.timedelta(days=5 * 365 + 2)
        Client.objects.filter(pk=client.pk).update(created_at=five_years_ago)
        client.refresh_from_db()
        birth = born_years_ago(20)
        updated = services.update_client(client, client.version, {"birth_date": birth}, self.bob)
        self.assertEqual(updated.age_group, AgeGroup.AGE_12_17)
        with self.assertRaises(ValidationError):
            services.update_client(updated, updated.version, {"age_group": "18-25"}, self.bob)

    def test_a_child_by_birth_date_needs_the_caregiver_whatever_the_group_says(self):
        # A record written before the rule: an adult group, a child's birth date.
        client = ClientFactory(
            organisation=self.alpha, age_group=AgeGroup.AGE_26_40, birth_date=born_years_ago(11)
        )
        ConsentFactory(client=client, taken_by=self.bob)
        self.assertTrue(client.is_child)
        self.assertFalse(has_consent(client, ConsentKind.SERVICES))
        with self.assertRaises(ValidationError):
            give_consent(client, ConsentKind.SERVICES, "verbal", self.bob)
        give_consent(
            client, ConsentKind.CAREGIVER, "verbal", self.bob, caregiver_relationship="mother"
        )
        self.assertTrue(has_consent(client, ConsentKind.SERVICES))

    def test_an_adult_is_not_a_child(self):
        client = ClientFactory(
            organisation=self.alpha, age_group=AgeGroup.UNKNOWN, birth_date=born_years_ago(18)
        )
        self.assertFalse(client.is_child)


class ClientEditTests(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.client_record = ClientFactory(
            organisation=cls.alpha, name="Ширин", age_group=AgeGroup.AGE_26_40
        )
        cls.case = CaseFactory(organisation=cls.alpha, caseworker=cls.bob, client=cls.client_record)
        ConsentFactory(client=cls.client_record, taken_by=cls.bob)

    def post(self, language="en", **changes):
        client = Client.objects.get(pk=self.client_record.pk)
        data = {
            "version": client.version,
            "name": "Ширин",
            "phone": "",
            "address": "",
            "birth_date": "",
            "may_call": "unknown",
            "call_times": "",
            "code_word": "",
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
        with translation.override(language):
            url = reverse("cases:client_edit", args=[self.case.pk])
        return self.client.post(url, data)

    def api(self, body, language="en"):
        client = Client.objects.get(pk=self.client_record.pk)
        return self.client.patch(
            f"/api/cases/{self.case.pk}/client?lang={language}",
            json.dumps({"version": client.version, **body}),
            content_type="application/json",
        )

    def stored(self):
        return Client.objects.get(pk=self.client_record.pk)

    def test_page_refuses_a_childs_birth_date_in_an_adult_group(self):
        self.sign_in(self.bob)
        response = self.post(birth_date=born_years_ago(11).isoformat())
        self.assertEqual(response.status_code, 400)
        self.assertIn("age at intake was 11", response.context["form"].errors["age_group"][0])
        stored = self.stored()
        self.assertEqual((stored.birth_date, stored.version), (None, self.client_record.version))
        tajik = self.post("tg", birth_date=born_years_ago(11).isoformat())
        self.assertContains(tajik, "Аз рӯи санаи таваллуд", status_code=400)

    def test_page_saves_the_group_of_the_birth_date_and_the_child_rule_applies(self):
        self.sign_in(self.bob)
        self.assertTrue(has_consent(self.stored(), ConsentKind.SERVICES))
        response = self.post(birth_date=born_years_ago(15).isoformat(), age_group="unknown")
        self.assertEqual(response.status_code, 302)
        stored = self.stored()
        self.assertEqual(stored.age_group, "12-17")
        # Her own consent no longer counts alone: a caregiver's is needed.
        self.assertFalse(has_consent(stored, ConsentKind.SERVICES))

    def test_api_refuses_a_childs_birth_date_in_an_adult_group(self):
        self.sign_in(self.bob)
        response = self.api({"birth_date": born_years_ago(11).isoformat()})
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("age at intake was 11", response.json()["errors"]["age_group"][0])
        self.assertIsNone(self.stored().birth_date)
        russian = self.api({"birth_date": born_years_ago(11).isoformat()}, "ru")
        self.assertIn("По дате рождения", russian.json()["errors"]["age_group"][0])

    def test_api_saves_a_birth_date_with_its_group(self):
        self.sign_in(self.bob)
        birth = born_years_ago(15)
        response = self.api({"birth_date": birth.isoformat(), "age_group": "12-17"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((self.stored().birth_date, self.stored().age_group), (birth, "12-17"))
        self.assertFalse(has_consent(self.stored(), ConsentKind.SERVICES))

    def test_a_client_who_turns_out_to_be_a_child_is_flagged_on_the_page_and_in_the_api(self):
        # The edit is kept (a corrected birth date must be recordable), but the person
        # who made it is told at once that her consents now need a caregiver's.
        self.sign_in(self.bob)
        response = self.post(birth_date=born_years_ago(15).isoformat(), age_group="unknown")
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(response.url), "She is under 18")
        tajik = self.api({"children_count": 1}, "tg")
        self.assertTrue(tajik.json()["caregiver_consent_needed"])
        ConsentFactory(
            client=self.client_record,
            taken_by=self.bob,
            kind="caregiver",
            caregiver_relationship="mother",
        )
        self.assertFalse(self.api({"children_count": 2}).json()["caregiver_consent_needed"])
