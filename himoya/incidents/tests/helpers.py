"""Incident test data: valid service input and form posts."""

from datetime import timedelta

from django.utils import timezone

from himoya.incidents.forms import CLASSIFICATION_QUESTIONS, CONTEXT_QUESTIONS


def incident_data(**overrides) -> dict:
    """Service input for a beating by the husband reported two days later."""
    today = timezone.localdate()
    data = {
        "incident_date": today - timedelta(days=2),
        "reported_date": today,
        "district": None,
        "location_type": "shared_home",
        "time_of_day": "evening",
        "description": "He hit her after an argument about money.",
        "previous_incidents": "yes",
        "penetration": False,
        "sexual_contact": False,
        "physical_assault": True,
        "forced_marriage": False,
        "denial_of_resources": False,
        "psychological_abuse": True,
        "money_or_goods_exchanged": False,
        "abducted_or_held": False,
        "harmful_traditional_practice": False,
        "law_forms": ["physical", "psychological"],
    }
    data.update(overrides)
    return data


HUSBAND = [{"count": 1, "sex": "male", "age_group": "26-40", "relationship": "current_partner"}]


def form_post(**overrides) -> dict:
    """A POST body for the incident form, built from incident_data()."""
    data = incident_data()
    post = {
        "incident_date": data["incident_date"].isoformat(),
        "reported_date": data["reported_date"].isoformat(),
        "district": "",
        "location_type": data["location_type"],
        "time_of_day": data["time_of_day"],
        "previous_incidents": data["previous_incidents"],
        "description": data["description"],
        "law_forms": data["law_forms"],
        "p1_count": "1",
        "p1_sex": "male",
        "p1_age_group": "26-40",
        "p1_relationship": "current_partner",
    }
    for name, _question, _help in (*CLASSIFICATION_QUESTIONS, *CONTEXT_QUESTIONS):
        post[name] = "yes" if data[name] else "no"
    post.update(overrides)
    return {key: value for key, value in post.items() if value is not None}
