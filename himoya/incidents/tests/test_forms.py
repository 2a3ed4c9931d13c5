"""The incident form: parsing answers and perpetrator rows, and describing stored values."""

from datetime import date

from django.utils import translation

from himoya.geo.models import District
from himoya.incidents.forms import IncidentForm, describe_value
from himoya.incidents.tests.helpers import form_post


def test_answers_become_booleans_and_blank_rows_are_left_out(db):
    form = IncidentForm(form_post(penetration="yes", p2_count="", p3_relationship=""))
    assert form.is_valid(), form.errors
    data = form.incident_data()
    assert (data["penetration"], data["sexual_contact"], data["physical_assault"]) == (
        True,
        False,
        True,
    )
    assert form.perpetrators() == [
        {"count": 1, "sex": "male", "age_group": "26-40", "relationship": "current_partner"}
    ]


def test_a_row_with_only_a_relationship_counts_one_person(db):
    form = IncidentForm(form_post(p2_relationship="in_law"))
    assert form.is_valid(), form.errors
    assert form.perpetrators()[1] == {
        "count": 1,
        "sex": "",
        "age_group": "",
        "relationship": "in_law",
    }


def test_unanswered_question_is_an_error(db):
    body = form_post()
    del body["forced_marriage"]
    form = IncidentForm(body)
    assert not form.is_valid()
    assert "forced_marriage" in form.errors


def test_form_shows_more_rows_when_an_incident_has_more(db):
    assert IncidentForm(perpetrator_rows=5).perpetrator_rows == 5
    assert IncidentForm(perpetrator_rows=0).perpetrator_rows == 3


def test_describe_value(db):
    form = IncidentForm()
    sino = District.objects.get(slug="sino")
    with translation.override("en"):
        assert describe_value(form, "penetration", True) == "Yes"
        assert describe_value(form, "location_type", "street") == "street or public place"
        assert describe_value(form, "law_forms", ["physical", "sexual"]) == "physical, sexual"
        assert describe_value(form, "law_forms", []) == "—"
        assert describe_value(form, "district", None) == "—"
        assert describe_value(form, "district", sino.pk) == str(sino)
        assert describe_value(form, "incident_date", date(2026, 3, 1))
        rows = [{"count": 2, "sex": "male", "age_group": "unknown", "relationship": "in_law"}]
        assert describe_value(form, "perpetrators", rows) == "2 × male, not known, in-law"
