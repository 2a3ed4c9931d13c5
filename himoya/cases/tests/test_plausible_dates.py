"""Implausible dates are refused (issue 9, item 13), on the pages and in the API alike,
with a message on the field in the user's language, and nothing is written: a service
delivered or an incident reported before 2000 or in the future, an incident itself
before 1900, a plan action or follow-up due
more than ten years away, a birth date before 1900 (core.dates holds the rules)."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from himoya.cases.models import CaseAction, FollowUp, ServiceDelivery
from himoya.cases.tests.factories import CaseActionFactory
from himoya.cases.tests.section_helpers import SectionTestCase
from himoya.cases.tests.test_api_write_access import WriteAccessBase
from himoya.clients.models import Client
from himoya.incidents.models import Incident
from himoya.incidents.tests.helpers import form_post

YEAR_1 = "0001-01-01"
BEFORE_1900 = "1899-12-31"
BEFORE_2000 = "1999-12-31"
YEAR_9999 = "9999-12-31"
EARLY = "before 1 Jan 2000: check the year"
EARLY_INCIDENT = "before 1 Jan 1900: check the year"
FUTURE = "This date is in the future."
DUE = "Choose a due date within ten years of today"


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def years(offset: int) -> datetime.date:
    """Today `offset` years away (28 February for a 29th)."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + offset)
    except ValueError:
        return today.replace(year=today.year + offset, day=28)


class PageTests(SectionTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.bob)

    def post(self, name, data, *args, language="en"):
        with translation.override(language):
            url = reverse(f"cases:{name}", args=[self.case.pk, *args])
        return self.client.post(url, data)

    def service(self, date, **extra):
        data = {"date": date, "sector": "justice", "service_type": "primary_legal_aid"}
        return self.post("service_add", {**data, **extra})

    def action(self, due_date, name="plan_action_add", *args, **extra):
        data = {
            "goal": "Housing",
            "action": "Find a shelter place",
            "status": "planned",
            "responsible_user": self.bob.pk,
            "due_date": due_date,
            **extra,
        }
        return self.post(name, data, *args)

    def follow_up(self, due_date, language="en"):
        data = {"due_date": due_date, "assigned_to": self.bob.pk, "purpose": "Call her"}
        return self.post("followup_add", data, language=language)

    def assert_refused(self, response, field, message):
        self.assertEqual(response.status_code, 400)
        self.assertIn(message, " ".join(response.context["form"].errors[field]))

    def test_a_service_delivered_before_2000_or_in_the_future_is_refused(self):
        for date, message in (
            (YEAR_1, EARLY),
            (BEFORE_1900, EARLY),
            (BEFORE_2000, EARLY),
            (str(day(1)), FUTURE),
            (YEAR_9999, FUTURE),
        ):
            with self.subTest(date):
                self.assert_refused(self.service(date), "date", message)
        self.assertFalse(ServiceDelivery.objects.exists())
        self.assertEqual(self.writes(), 0)
        self.assertEqual(self.service("2000-01-01").status_code, 302)
        self.assertEqual(self.service(str(day(0))).status_code, 302)

    def test_a_plan_action_due_more_than_ten_years_away_is_refused(self):
        for date in (
            YEAR_1,
            YEAR_9999,
            str(years(-10) - datetime.timedelta(days=1)),
            str(years(10) + datetime.timedelta(days=1)),
        ):
            with self.subTest(date):
                self.assert_refused(self.action(date), "due_date", DUE)
        self.assertFalse(CaseAction.objects.exists())
        self.assertEqual(self.action(str(years(10))).status_code, 302)
        self.assertEqual(self.action(str(years(-10))).status_code, 302)
        self.assertEqual(self.action("").status_code, 302)

    def test_editing_an_action_to_year_9999_is_refused(self):
        action = CaseActionFactory(case=self.case, due_date=day(5), responsible_user=self.bob)
        response = self.action(
            YEAR_9999, "plan_action_edit", action.pk, version=action.version, baseline=""
        )
        self.assert_refused(response, "due_date", DUE)
        action.refresh_from_db()
        self.assertEqual((action.due_date, action.version), (day(5), 1))

    def test_a_follow_up_due_in_year_9999_is_refused_in_every_language(self):
        self.assert_refused(self.follow_up(YEAR_9999), "due_date", DUE)
        self.assert_refused(
            self.follow_up(str(years(10) + datetime.timedelta(days=1))), "due_date", DUE
        )
        russian = self.follow_up(YEAR_9999, "ru")
        self.assertContains(russian, "в пределах десяти лет", status_code=400)
        tajik = self.follow_up(YEAR_9999, "tg")
        self.assertContains(tajik, "дар доираи даҳ сол", status_code=400)
        self.assertFalse(FollowUp.objects.exists())
        self.assertEqual(self.follow_up(str(years(10))).status_code, 302)

    def test_a_report_before_2000_or_an_incident_before_1900_is_refused(self):
        cases = [
            ("reported_date", YEAR_1, EARLY),
            ("reported_date", BEFORE_2000, EARLY),
            ("reported_date", YEAR_9999, FUTURE),
            ("incident_date", YEAR_1, EARLY_INCIDENT),
            ("incident_date", BEFORE_1900, EARLY_INCIDENT),
            ("incident_date", YEAR_9999, FUTURE),
        ]
        for field, date, message in cases:
            with self.subTest(field=field, date=date):
                response = self.post("incident_add", form_post(**{field: date}))
                self.assert_refused(response, field, message)
        self.assertFalse(Incident.objects.filter(case=self.case).exists())
        data = form_post(incident_date="2000-01-01")
        self.assertEqual(self.post("incident_add", data).status_code, 302)

    def test_abuse_in_childhood_told_decades_later_keeps_its_real_date(self):
        data = form_post(incident_date="1990-06-01")
        self.assertEqual(self.post("incident_add", data).status_code, 302)
        self.assertEqual(
            Incident.objects.get(case=self.case).incident_date, datetime.date(1990, 6, 1)
        )

    def test_a_service_date_in_tajik(self):
        response = self.post(
            "service_add",
            {"date": YEAR_1, "sector": "justice", "service_type": "primary_legal_aid"},
            language="tg",
        )
        self.assertContains(response, "солро санҷед", status_code=400)


class ApiTests(WriteAccessBase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.sign_in(self.bob)

    def base(self):
        return f"/api/cases/{self.case.pk}"

    def assert_422(self, response, field, message):
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn(message, " ".join(response.json()["errors"][field]))

    def test_a_service_delivered_before_2000_or_in_the_future_is_a_422(self):
        before = ServiceDelivery.objects.count()
        for date, message in ((YEAR_1, EARLY), (BEFORE_1900, EARLY), (YEAR_9999, FUTURE)):
            with self.subTest(date):
                body = {"date": date, "sector": "social", "service_type": "psychological_support"}
                response = self.api("post", f"{self.base()}/services", body)
                self.assert_422(response, "date", message)
        self.assertEqual(ServiceDelivery.objects.count(), before)

    def test_a_plan_action_due_in_year_1_or_9999_is_a_422(self):
        before = CaseAction.objects.count()
        for date in (YEAR_1, YEAR_9999):
            with self.subTest(date):
                body = {"goal": "Safety", "action": "Call", "due_date": date}
                response = self.api("post", f"{self.base()}/plan/actions", body)
                self.assert_422(response, "due_date", DUE)
        self.assertEqual(CaseAction.objects.count(), before)

    def test_a_follow_up_due_in_year_9999_is_a_422_in_the_callers_language(self):
        before = FollowUp.objects.count()
        response = self.api("post", f"{self.base()}/follow-ups", {"due_date": YEAR_9999})
        self.assert_422(response, "due_date", DUE)
        response = self.api("post", f"{self.base()}/follow-ups?lang=ru", {"due_date": YEAR_9999})
        self.assert_422(response, "due_date", "в пределах десяти лет")
        self.assertEqual(FollowUp.objects.count(), before)

    def test_an_incident_before_1900_or_its_report_before_2000_is_a_422(self):
        before = Incident.objects.count()
        body = {**self.incident_body(), "incident_date": BEFORE_1900}
        response = self.api("post", f"{self.base()}/incidents", body)
        self.assert_422(response, "incident_date", EARLY_INCIDENT)
        body = {**self.incident_body(), "reported_date": BEFORE_2000}
        response = self.api("post", f"{self.base()}/incidents", body)
        self.assert_422(response, "reported_date", EARLY)
        self.assertEqual(Incident.objects.count(), before)

    def test_a_birth_date_before_1900_is_a_422_on_the_field(self):
        before = Client.objects.count()
        body = {"client": {"birth_date": BEFORE_1900}, "consent_method": "verbal"}
        response = self.api("post", "/api/cases/", body)
        self.assert_422(response, "client.birth_date", "not before 1900")
        self.assertEqual(Client.objects.count(), before)
        client = Client.objects.get(pk=self.case.client_id)
        body = {"version": client.version, "birth_date": YEAR_1}
        response = self.api("patch", f"{self.base()}/client", body)
        self.assert_422(response, "birth_date", "not before 1900")
        # Older survivors are never refused.
        body = {"version": client.version, "birth_date": "1900-01-01", "age_group": "unknown"}
        response = self.api("patch", f"{self.base()}/client", body)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["age_group"], "61+")
