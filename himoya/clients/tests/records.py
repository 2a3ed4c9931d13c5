"""A case with one of every identifying record, each carrying a distinctive string.

Used by the plaintext scan and the retention tests. Rows are written through the
clients services and the models (not other parts' services) so that these tests stay
independent of code still being written around them.
"""

import datetime

from django.utils import timezone

from himoya.cases.models import (
    CaseAction,
    CaseStatus,
    FollowUp,
    Note,
    SafetyPlan,
    ServiceDelivery,
)
from himoya.cases.tests.factories import CaseFactory
from himoya.clients import services
from himoya.clients.consent import give_consent, withdraw_consent
from himoya.clients.models import ConsentKind, ConsentMethod
from himoya.directory.models import Sector, ServiceType
from himoya.incidents.models import Incident

# Distinctive, searchable plaintexts: none of them may appear in any database column.
SECRETS = {
    "name": "Фарангис Qzxname Тоҳирова",
    "phone": "+992 93 777 4219",
    "address": "Qzxaddress kucha 17, Vahdat",
    "birth_date": datetime.date(1987, 11, 23),
    "code_word": "Qzxcodeword-anor",
    "incident": "Qzxincident he locked her in the storeroom",
    "note": "Qzxnote she fears her brother-in-law",
    "safety_plan": "Qzxsafety bag kept at the neighbour's house",
    "goal": "Qzxgoal safe housing",
    "action": "Qzxaction apply for shelter",
    "service_notes": "Qzxservice three counselling sessions",
    "follow_up_purpose": "Qzxpurpose check on the children",
    "outcome": "Qzxoutcome she is staying with her sister",
    "not_sought_reason": "Qzxreason the father is the alleged perpetrator",
    "withdrawal_note": "Qzxwithdrawal she changed her mind",
}


def child_birth_date() -> datetime.date:
    """A child's birth date: 13 years old today (her age group must follow from it)."""
    today = timezone.localdate()
    return today.replace(year=today.year - 13, day=1)


def searchable_secrets() -> list[str]:
    """The strings a scan looks for (the birth dates in the forms a column could hold)."""
    found = [value for value in SECRETS.values() if isinstance(value, str)]
    for birth in (SECRETS["birth_date"], child_birth_date()):
        found += [birth.isoformat(), birth.strftime("%d.%m.%Y")]
    return found


def full_case(test, *, closed_at=None, organisation=None, caseworker=None, child=False):
    """A client with every kind of identifying record, for `test` (a HimoyaTestCase)."""
    organisation = organisation or test.alpha
    caseworker = caseworker or test.bob
    client = services.create_client(
        organisation,
        {
            "name": SECRETS["name"],
            "phone": SECRETS["phone"],
            "address": SECRETS["address"],
            "birth_date": child_birth_date() if child else SECRETS["birth_date"],
            "safe_contact": {"may_call": False, "code_word": SECRETS["code_word"]},
            # The adult's age group follows from her birth date.
            "age_group": "12-17" if child else "unknown",
            "district": organisation.district,
        },
        caseworker,
    )
    consent = give_consent(
        client,
        ConsentKind.SERVICES,
        ConsentMethod.VERBAL,
        caseworker,
        not_sought_reason=SECRETS["not_sought_reason"] if child else "",
    )
    if not child:
        withdraw_consent(consent, caseworker, SECRETS["withdrawal_note"])
    status = CaseStatus.CLOSED if closed_at else CaseStatus.OPEN
    case = CaseFactory(
        organisation=organisation,
        caseworker=caseworker,
        client=client,
        status=status,
        closed_at=closed_at,
    )
    today = timezone.localdate()
    Incident.objects.create(
        case=case,
        incident_date=today,
        reported_date=today,
        description=SECRETS["incident"],
        gbv_type="physical_assault",
        reporting_delay="0-3",
        physical_assault=True,
    )
    Note.objects.create(case=case, author=caseworker, text=SECRETS["note"])
    SafetyPlan.objects.create(case=case, plan=SECRETS["safety_plan"], updated_by=caseworker)
    CaseAction.objects.create(case=case, goal=SECRETS["goal"], action=SECRETS["action"])
    ServiceDelivery.objects.create(
        case=case,
        date=today,
        sector=Sector.SOCIAL,
        organisation=organisation,
        service_type=ServiceType.PSYCHOLOGICAL_SUPPORT,
        provided_by=caseworker,
        notes=SECRETS["service_notes"],
    )
    FollowUp.objects.create(
        case=case,
        due_date=today,
        assigned_to=caseworker,
        purpose=SECRETS["follow_up_purpose"],
        outcome=SECRETS["outcome"],
    )
    return client, case
