"""The demo cases: about 200, varied, consistent with the real rules, loaded once."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from himoya.cases import risk
from himoya.cases.models import Case, CaseStatus, FollowUp, RiskAssessment
from himoya.clients.models import Client, Consent
from himoya.incidents import gbvims
from himoya.incidents.models import GBVType, Incident, Perpetrator

pytestmark = pytest.mark.slow


class DemoCaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_about_two_hundred_demo_cases_over_the_casework_organisations(self):
        # Cases that receiving organisations opened on accepting a demo referral are
        # counted by the referral demo's own tests.
        cases = Case.objects.filter(referrals_received__isnull=True)
        assert 180 <= cases.count() <= 220
        assert not cases.filter(is_demo=False).exists()
        assert not Client.objects.filter(is_demo=False).exists()
        per_organisation = Counter(cases.values_list("organisation__slug", flat=True))
        assert {"korvoni-umed", "yovon-rehabilitation-centre", "lac-isfara"} <= set(
            per_organisation
        )
        assert len(set(cases.values_list("district", flat=True))) >= 8
        assert len(set(cases.values_list("caseworker", flat=True))) >= 5

    def test_second_load_adds_nothing(self):
        before = (Case.objects.count(), Incident.objects.count(), Consent.objects.count())
        call_command("load_demo", stdout=StringIO())
        assert (Case.objects.count(), Incident.objects.count(), Consent.objects.count()) == before

    def test_variety_every_page_has_something_to_show(self):
        assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
        types = set(Incident.objects.values_list("gbv_type", flat=True))
        assert types == set(GBVType.values) - {GBVType.NON_GBV}
        relationships = Counter(Perpetrator.objects.values_list("relationship", flat=True))
        top_two = {name for name, _count in relationships.most_common(2)}
        assert top_two == {"current_partner", "in_law"}
        assert Consent.objects.filter(withdrawn_at__isnull=False).exists()
        assert Consent.objects.filter(kind="share_organisation").exists()
        today = timezone.localdate()
        assert FollowUp.objects.filter(done_at__isnull=True, due_date__lt=today).exists()
        assert Case.objects.filter(next_due__lt=today).exists()
        assert set(Case.objects.values_list("risk_level", flat=True)) >= {"low", "medium", "high"}

    def test_derived_fields_follow_the_real_rules(self):
        for incident in Incident.objects.prefetch_related("perpetrators"):
            answers = {name: getattr(incident, name) for name in gbvims.ANSWER_NAMES}
            assert incident.gbv_type == gbvims.classify(**answers)
            assert incident.reporting_delay == gbvims.reporting_delay(
                incident.incident_date, incident.reported_date
            )
            relationships = [p.relationship for p in incident.perpetrators.all()]
            assert ("intimate_partner_violence" in incident.context_flags) == bool(
                {"current_partner", "former_partner"} & set(relationships)
            )
        for assessment in RiskAssessment.objects.all():
            checks = {name: getattr(assessment, name) for name in risk.INDICATORS}
            assert assessment.level == risk.assess(**checks).level

    def test_names_are_marked_demo_and_stored_encrypted(self):
        client = Client.objects.first()
        assert client.name.endswith("(demo)")
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, phone FROM clients_client WHERE id = %s", [client.pk])
            raw_name, raw_phone = cursor.fetchone()
        assert "(demo)" not in raw_name and raw_name.startswith("hmy1:")
        assert raw_phone.startswith("hmy1:")
