"""Incident services: derived GBVIMS fields, validation, versioned edits, audit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.access import CaseClosedError
from himoya.cases.models import CaseStatus
from himoya.cases.tests.factories import CaseFactory
from himoya.clients.models import AgeGroup, Client
from himoya.clients.tests.factories import ClientFactory
from himoya.core.versioning import StaleEditError
from himoya.geo.models import District
from himoya.incidents import gbvims, services
from himoya.incidents.models import Incident, Perpetrator, Relationship
from himoya.incidents.tests.helpers import HUSBAND, incident_data
from himoya.testing import HimoyaTestCase


class RecordIncidentTests(HimoyaTestCase):
    def setUp(self):
        self.case = CaseFactory(organisation=self.alpha, caseworker=self.bob)

    def test_derives_type_flags_delay_and_audits(self):
        incident = services.record_incident(self.case, incident_data(), HUSBAND, self.bob)
        assert incident.gbv_type == "physical_assault"
        assert incident.context_flags == ["intimate_partner_violence"]
        assert incident.reporting_delay == "0-3"
        assert incident.law_forms == ["physical", "psychological"]
        assert incident.version == 1
        assert list(incident.perpetrators.values_list("relationship", flat=True)) == [
            "current_partner"
        ]
        entry = AuditEntry.objects.get(action=AuditAction.RECORD_CREATED)
        assert entry.object_id == str(incident.pk)
        assert entry.actor == self.bob
        assert entry.organisation == self.alpha
        assert "hit" not in str(entry.detail)

    def test_child_from_age_group(self):
        for group, flagged in [
            (AgeGroup.AGE_0_11, True),
            (AgeGroup.AGE_12_17, True),
            (AgeGroup.AGE_18_25, False),
            (AgeGroup.UNKNOWN, False),
        ]:
            case = CaseFactory(
                organisation=self.alpha,
                caseworker=self.bob,
                client=ClientFactory(organisation=self.alpha, age_group=group),
            )
            rape = incident_data(penetration=True, law_forms=["sexual"])
            incident = services.record_incident(case, rape, HUSBAND, self.bob)
            assert ("child_sexual_abuse" in incident.context_flags) is flagged, group
            forced = incident_data(
                physical_assault=False,
                psychological_abuse=False,
                forced_marriage=True,
                law_forms=["psychological"],
            )
            incident = services.record_incident(case, forced, HUSBAND, self.bob)
            assert incident.gbv_type == "forced_marriage"
            assert ("early_marriage" in incident.context_flags) is flagged, group

    def test_derived_fields_are_never_taken_from_input(self):
        data = incident_data(
            gbv_type="rape", context_flags=["early_marriage"], reporting_delay="31+"
        )
        incident = services.record_incident(self.case, data, HUSBAND, self.bob)
        assert (incident.gbv_type, incident.context_flags, incident.reporting_delay) == (
            "physical_assault",
            ["intimate_partner_violence"],
            "0-3",
        )

    def test_district_by_id_and_description_encrypted(self):
        sino = District.objects.get(slug="sino")
        incident = services.record_incident(
            self.case, incident_data(district=sino.pk), HUSBAND, self.bob
        )
        assert incident.district == sino
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT description FROM {Incident._meta.db_table} WHERE id = %s", [incident.pk]
            )
            (raw,) = cursor.fetchone()
        assert raw and "argument" not in str(raw)
        assert Incident.objects.get(pk=incident.pk).description.startswith("He hit her")

    def test_non_gbv_needs_no_law_form(self):
        data = incident_data(physical_assault=False, psychological_abuse=False, law_forms=[])
        incident = services.record_incident(self.case, data, HUSBAND, self.bob)
        assert incident.gbv_type == "non_gbv"

    def test_closed_case_refused(self):
        case = CaseFactory(organisation=self.alpha, caseworker=self.bob, status=CaseStatus.CLOSED)
        with pytest.raises(CaseClosedError):
            services.record_incident(case, incident_data(), HUSBAND, self.bob)
        assert not Incident.objects.exists()


TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("overrides", "rows", "field"),
    [
        ({"incident_date": TODAY + timedelta(days=1)}, HUSBAND, "incident_date"),
        ({"reported_date": TODAY + timedelta(days=1)}, HUSBAND, "reported_date"),
        (
            {"incident_date": TODAY, "reported_date": TODAY - timedelta(days=1)},
            HUSBAND,
            "reported_date",
        ),
        ({"incident_date": None}, HUSBAND, "incident_date"),
        ({"law_forms": []}, HUSBAND, "law_forms"),
        ({"law_forms": ["spiritual"]}, HUSBAND, "law_forms"),
        ({"location_type": "moon"}, HUSBAND, "location_type"),
        ({"district": 999999}, HUSBAND, "district"),
        ({"description": "x" * 20_001}, HUSBAND, "description"),
        ({}, [], "perpetrators"),
        ({}, [{"count": 0}], "perpetrators"),
        ({}, [{"count": 51}], "perpetrators"),
        ({}, [{"count": "many"}], "perpetrators"),
        ({}, [{"count": 30}, {"count": 21}], "perpetrators"),
        ({}, [{"count": 1}] * 11, "perpetrators"),
        ({}, [{"count": 1, "relationship": "boss"}], "perpetrators"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(db, overrides, rows, field):
    with pytest.raises(ValidationError) as caught:
        services.clean_incident(incident_data(**overrides), rows)
    assert field in caught.value.message_dict


def test_fifty_perpetrators_in_all_is_allowed(db):
    _values, rows = services.clean_incident(incident_data(), [{"count": 25}, {"count": 25}])
    assert rows[0] == {
        "count": 25,
        "sex": "unknown",
        "age_group": "unknown",
        "relationship": "unknown",
    }


def test_law_form_message_suggests_forms(db):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.clean_incident(incident_data(law_forms=[]), HUSBAND)
    assert "physical" in caught.value.message_dict["law_forms"][0]


class RecordIncidentWritesNothingOnErrorTests(HimoyaTestCase):
    def test_nothing_written(self):
        case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        before = AuditEntry.objects.count()
        with pytest.raises(ValidationError):
            services.record_incident(case, incident_data(law_forms=[]), HUSBAND, self.bob)
        assert not Incident.objects.exists()
        assert not Perpetrator.objects.exists()
        assert AuditEntry.objects.count() == before


class UpdateIncidentTests(HimoyaTestCase):
    def setUp(self):
        self.case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
        self.incident = services.record_incident(self.case, incident_data(), HUSBAND, self.bob)

    def test_edit_rederives_and_audits(self):
        data = incident_data(penetration=True, law_forms=["sexual", "physical"])
        saved, changed = services.update_incident(
            self.incident, data, HUSBAND, expected_version=1, actor=self.bob
        )
        assert saved.gbv_type == "rape"
        assert saved.version == 2
        assert {"penetration", "gbv_type", "law_forms"} <= set(changed)
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_CHANGED).get()
        assert "penetration" in entry.detail["fields"]

    def test_unchanged_edit_keeps_version(self):
        saved, changed = services.update_incident(
            self.incident, incident_data(), HUSBAND, expected_version=1, actor=self.bob
        )
        assert (saved.version, changed) == (1, [])
        assert not AuditEntry.objects.filter(action=AuditAction.RECORD_CHANGED).exists()

    def test_perpetrators_only_edit_bumps_version(self):
        rows = [
            *HUSBAND,
            {"count": 2, "sex": "female", "age_group": "41-60", "relationship": "in_law"},
        ]
        saved, changed = services.update_incident(
            self.incident, incident_data(), rows, expected_version=1, actor=self.bob
        )
        assert changed == ["perpetrators"]
        assert saved.version == 2
        assert saved.perpetrators.count() == 2

    def test_stale_edit_refused_showing_what_changed(self):
        baseline = services.digest(services.snapshot(self.incident))
        services.update_incident(
            self.incident,
            incident_data(description="Sam's update"),
            HUSBAND,
            expected_version=1,
            actor=self.sam,
        )
        with pytest.raises(StaleEditError) as caught:
            services.update_incident(
                self.incident,
                incident_data(time_of_day="morning"),
                HUSBAND,
                expected_version=1,
                actor=self.bob,
                baseline_digest=baseline,
            )
        assert caught.value.changes == {"description": "Sam's update"}
        stored = Incident.objects.get(pk=self.incident.pk)
        assert (stored.time_of_day, stored.version) == ("evening", 2)

    def test_closed_case_refused(self):
        self.case.status = CaseStatus.CLOSED
        self.case.save()
        with pytest.raises(CaseClosedError):
            services.update_incident(
                Incident.objects.get(pk=self.incident.pk),
                incident_data(),
                HUSBAND,
                expected_version=1,
                actor=self.bob,
            )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.fixed_dictionaries(
        {name: st.booleans() for name in (*gbvims.ANSWER_NAMES, *services.CONTEXT_ANSWERS)}
    ),
    age_group=st.sampled_from(AgeGroup.values),
    relationship=st.sampled_from(Relationship.values),
    days=st.integers(min_value=0, max_value=400),
)
def test_stored_fields_always_follow_the_pure_rules(db, answers, age_group, relationship, days):
    today = timezone.localdate()
    data = incident_data(
        **answers,
        law_forms=["physical"],
        incident_date=today - timedelta(days=days),
        reported_date=today,
    )
    rows = [{"count": 1, "relationship": relationship}]
    values, rows = services.clean_incident(data, rows)
    derived = services.derived_fields(values, rows, Client(age_group=age_group))
    gbv_type = gbvims.classify(**{name: answers[name] for name in gbvims.ANSWER_NAMES})
    assert derived["gbv_type"] == gbv_type
    assert derived["reporting_delay"] == gbvims.reporting_delay(
        values["incident_date"], values["reported_date"]
    )
    child = age_group in ("0-11", "12-17")
    assert ("child_sexual_abuse" in derived["context_flags"]) == (
        child and gbv_type in ("rape", "sexual_assault")
    )
    assert ("intimate_partner_violence" in derived["context_flags"]) == (
        relationship in ("current_partner", "former_partner")
    )
