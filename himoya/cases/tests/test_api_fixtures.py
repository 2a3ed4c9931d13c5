"""A case of Alpha with one record of every kind, for the API tests and the access walk.

Rows are created directly (not through the services) so that these fixtures do not
depend on the write paths under test; the API tests drive the services themselves.
"""

import contextlib
import datetime
import html
import json

from django.utils import timezone

from himoya.cases.models import (
    Attachment,
    CaseAction,
    CaseEvent,
    CasePlan,
    Closure,
    FollowUp,
    Note,
    RiskAssessment,
    RiskLevel,
    SafetyPlan,
    ServiceDelivery,
)
from himoya.cases.tests.factories import CaseFactory
from himoya.clients.models import Consent, ConsentKind, ConsentMethod
from himoya.incidents.models import GBVType, Incident, Perpetrator, Relationship
from himoya.testing import HimoyaTestCase

# Every identifying value of the fixture case; none may appear in an outsider's answer.
SECRETS = {
    "code": "AL-2026-000101",
    "name": "Malika Rahimzoda",
    "phone": "+992 93 555 0101",
    "address": "Rudaki 17, apartment 4",
    "code_word": "anor-sabz",
    "description": "He pushed her down the stairs after the wedding",
    "safety_plan": "Keep documents at the neighbour Zarina's house",
    "goal": "Secure alimony for the two children",
    "action": "Draft the alimony claim with the state lawyer",
    "service_notes": "First counselling session went calmly",
    "purpose": "Check that the protection order was served",
    "note": "Mother-in-law threatens to take the children",
    "filename": "medical-certificate-rahimzoda.pdf",
}


def fill_case(case, author) -> dict:
    """One record of every kind on `case`; returns them by name."""
    today = timezone.localdate()
    now = timezone.now()
    client = case.client
    client.name = SECRETS["name"]
    client.phone = SECRETS["phone"]
    client.address = SECRETS["address"]
    client.birth_date = datetime.date(1994, 3, 8)
    client.safe_contact = {"may_call": True, "code_word": SECRETS["code_word"]}
    client.save()
    records = {"client": client}
    records["consent"] = Consent.objects.create(
        client=client,
        kind=ConsentKind.SERVICES,
        method=ConsentMethod.VERBAL,
        taken_by=author,
        taken_at=now,
    )
    incident = Incident.objects.create(
        case=case,
        incident_date=today - datetime.timedelta(days=2),
        reported_date=today,
        district=case.district,
        description=SECRETS["description"],
        physical_assault=True,
        gbv_type=GBVType.PHYSICAL_ASSAULT,
        law_forms=["physical"],
        reporting_delay="0-3",
    )
    Perpetrator.objects.create(incident=incident, relationship=Relationship.CURRENT_PARTNER)
    records["incident"] = incident
    records["risk"] = RiskAssessment.objects.create(
        case=case,
        threats_to_kill=True,
        level=RiskLevel.HIGH,
        reasons=["threats_to_kill"],
        assessed_by=author,
        assessed_at=now,
    )
    records["safety_plan"] = SafetyPlan.objects.create(
        case=case, plan=SECRETS["safety_plan"], updated_by=author
    )
    records["plan"] = CasePlan.objects.create(case=case)
    records["action"] = CaseAction.objects.create(
        case=case,
        goal=SECRETS["goal"],
        action=SECRETS["action"],
        responsible_user=author,
        due_date=today + datetime.timedelta(days=7),
    )
    records["service"] = ServiceDelivery.objects.create(
        case=case,
        date=today,
        sector="social",
        service_type="psychological_support",
        provided_by=author,
        organisation=case.organisation,
        notes=SECRETS["service_notes"],
    )
    records["follow_up"] = FollowUp.objects.create(
        case=case,
        due_date=today + datetime.timedelta(days=3),
        assigned_to=author,
        purpose=SECRETS["purpose"],
    )
    records["note"] = Note.objects.create(case=case, author=author, text=SECRETS["note"])
    records["closure"] = Closure.objects.create(
        case=case,
        reason="goals_met",
        requested_by=author,
        requested_at=now,
        approved=False,
        decided_by=author,
        decided_at=now,
    )
    return records


def secrets_in(body: bytes, secrets: dict | None = None) -> list[str]:
    """Which fixture secrets (SECRETS unless given) an answer reveals (HTML entities and
    JSON escapes decoded: "Zarina's" is "Zarina&#x27;s" in a page)."""
    text = body.decode("utf-8", errors="replace")
    text += html.unescape(text)
    with contextlib.suppress(ValueError):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return [key for key, value in (secrets or SECRETS).items() if value in text]


class CaseApiTestCase(HimoyaTestCase):
    """Alpha's case of bob with every kind of record, and a second case of sam's."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.alpha.code_prefix = "AL"
        cls.alpha.save()
        # Bare clients: no name, no safe-contact instructions, no consent (fill_case adds them).
        cls.case = CaseFactory(
            organisation=cls.alpha,
            caseworker=cls.bob,
            client__code=SECRETS["code"],
            client__name="",
            client__safe_contact={},
            client__services_consent=None,
        )
        cls.records = fill_case(cls.case, cls.bob)
        cls.other_case = CaseFactory(
            organisation=cls.alpha,
            caseworker=cls.sam,
            client__code="AL-2026-000102",
            client__name="Other",
            client__safe_contact={},
            client__services_consent=None,
        )

    @classmethod
    def add_walk_records(cls, storage_name: str) -> None:
        """The records the URL walks also need a value for: the case's opening event,
        the incident's perpetrator and an attachment row (no file behind it)."""
        cls.records["event"] = CaseEvent.objects.create(
            case=cls.case, kind=CaseEvent.Kind.OPENED, actor=cls.bob, at=cls.case.opened_at
        )
        cls.records["perpetrator"] = cls.records["incident"].perpetrators.first()
        cls.records["attachment"] = Attachment.objects.create(
            case=cls.case,
            uploaded_by=cls.bob,
            filename=SECRETS["filename"],
            content_type="application/pdf",
            size=10,
            storage_name=storage_name,
            sha256="0" * 64,
        )

    def api(self, method, url, body=None, **extra):
        data = json.dumps(body) if body is not None else None
        return getattr(self.client, method)(url, data, content_type="application/json", **extra)
