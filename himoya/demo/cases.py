"""About 200 synthetic demo cases, so that every case page has something to show.

Called by `load_demo` after the directory and the demo users. Deterministic (each case
comes from its own seeded random.Random) and idempotent: an organisation that already
holds its share of demo cases gets none added. Names are common Tajik given names and
surnames marked "(demo)"; phone numbers and addresses are plainly fictitious.

The variety follows what caseworkers in Tajikistan meet: most violence is by a husband
or by in-laws in the shared home, reported late; some early and forced marriage.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from himoya.cases import risk
from himoya.cases.models import (
    Case,
    CaseAction,
    CaseEvent,
    CasePlan,
    CaseStatus,
    Closure,
    FollowUp,
    Note,
    Priority,
    RiskAssessment,
    RiskLevel,
    SafetyPlan,
    ServiceDelivery,
)
from himoya.cases.services.case import CLOSURE_CHECKLIST
from himoya.clients.consent import give_consent, withdraw_consent
from himoya.clients.models import (
    AgeGroup,
    Client,
    Consent,
    ConsentKind,
    ConsentMethod,
    MaritalStatus,
    Sex,
    age_group_on,
)
from himoya.clients.services import create_client
from himoya.demo import case_data as data
from himoya.demo.people import staff_of
from himoya.demo.synthetic import weighted
from himoya.directory.models import SECTOR_OF_SERVICE_TYPE, Organisation, Sector, ServiceType
from himoya.geo.models import District
from himoya.incidents import gbvims
from himoya.incidents.models import PreviousIncidents, Relationship
from himoya.incidents.services import record_incident

SEED = 2013  # the year of the law on prevention of violence in the family

# organisation slug -> (code prefix, number of demo cases, districts its clients live in)
ORGANISATIONS = {
    "korvoni-umed": ("KU", 90, ["firdavsi", "sino", "shohmansur", "ismoili-somoni", "rudaki"]),
    "yovon-rehabilitation-centre": ("YRC", 45, ["yovon", "vakhsh", "abdurahmoni-jomi"]),
    "lac-isfara": ("LAIS", 25, ["isfara"]),
    "lac-khujand": ("LAKH", 20, ["khujand"]),
    "lac-dushanbe": ("LADU", 20, ["shohmansur", "sino", "firdavsi"]),
}


class DemoCaseBuilder:
    """Builds the cases of one organisation; one seeded generator per case."""

    def __init__(self, organisation, district_slugs, staff, today):
        self.organisation = organisation
        self.districts = list(District.objects.filter(slug__in=district_slugs)) or [
            organisation.district
        ]
        self.caseworkers, self.supervisors = staff
        self.today = today
        self.partners = list(
            Organisation.objects.filter(slug__in=ORGANISATIONS).exclude(pk=organisation.pk)
        )

    def when(self, opened_at, days: int):
        return min(opened_at + datetime.timedelta(days=days), timezone.now())

    def build(self, number: int) -> Case:
        # Reproducible synthetic data, not secrets: a seeded generator is what we want.
        rng = random.Random(f"{SEED}-{self.organisation.slug}-{number}")  # noqa: S311
        caseworker = rng.choice(self.caseworkers)
        supervisor = self.supervisors[0] if self.supervisors else caseworker
        status = weighted(rng, data.STATUS_WEIGHTS)
        age_days = rng.randint(3, 30) if status == CaseStatus.OPEN else rng.randint(20, 540)
        opened_at = timezone.now() - datetime.timedelta(days=age_days, minutes=rng.randint(0, 600))
        client = self.client(rng, caseworker, opened_at)
        case = Case.objects.create(
            organisation=self.organisation,
            client=client,
            caseworker=caseworker,
            status=CaseStatus.OPEN,  # as intake opens it; moved on below
            priority=weighted(
                rng, [(p, w) for p, w in zip(Priority.values, (2, 6, 3, 1), strict=True)]
            ),
            step=rng.choice(data.STEPS_OF_STATUS[status]),
            district=client.district,
            opened_at=opened_at,
            opened_by=caseworker,
            is_demo=True,
        )
        self.event(case, CaseEvent.Kind.OPENED, caseworker, opened_at)
        self.consents(rng, client, caseworker, opened_at)
        for index in range(1 if rng.random() < 0.75 else 2):
            self.incident(rng, case, client, opened_at, caseworker, repeat=index > 0)
        case.status = status
        if status != CaseStatus.OPEN or rng.random() < 0.5:
            self.risk(rng, case, caseworker, opened_at)
        if status != CaseStatus.OPEN:
            self.plan(rng, case, caseworker, supervisor, opened_at)
            self.services(rng, case, caseworker, opened_at)
        self.follow_ups(rng, case, caseworker, opened_at)
        for _ in range(rng.randint(1, 3)):
            Note.objects.create(case=case, author=caseworker, text=rng.choice(data.NOTES))
        if status in (CaseStatus.CLOSURE_REQUESTED, CaseStatus.CLOSED):
            self.closure(rng, case, caseworker, supervisor, opened_at)
        case.next_due = self.next_due(case)
        case.save(update_fields=["status", "priority", "next_due", "risk_level", "closed_at"])
        return case

    def client(self, rng, caseworker, opened_at) -> Client:
        age_group = weighted(rng, data.AGE_WEIGHTS)
        low, high = data.AGE_SPAN[age_group]
        birth_date = opened_at.date() - datetime.timedelta(
            days=rng.randint(low * 365 + 1, high * 365 + 300)
        )
        # The client is recorded today, and her age group follows her birth date.
        age_group = age_group_on(birth_date, timezone.localdate())
        name = f"{rng.choice(data.GIVEN_NAMES)} {rng.choice(data.SURNAMES)} (demo)"
        married = weighted(rng, data.MARITAL_WEIGHTS)
        if age_group == AgeGroup.AGE_12_17:
            married = rng.choice([MaritalStatus.SINGLE, MaritalStatus.RELIGIOUS_MARRIAGE])
        district = rng.choice(self.districts)
        data_fields = dict(
            name=name,
            phone=f"+992 00 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            address=f"{district.name_tg}, {rng.choice(data.STREETS)} {rng.randint(1, 120)}",
            birth_date=birth_date,
            safe_contact={
                "may_call": rng.random() < 0.7,
                "call_times": rng.choice(data.CALL_TIMES),
                "code_word": rng.choice(data.CODE_WORDS),
                "may_visit": rng.random() < 0.3,
                "notes": "",
            },
            sex=Sex.FEMALE if rng.random() < 0.96 else Sex.MALE,
            age_group=age_group,
            district=district,
            disability=weighted(rng, data.DISABILITY_WEIGHTS),
            marital_status=married,
            children_count=0 if married == MaritalStatus.SINGLE else rng.randint(0, 5),
        )
        # The real service: client code, blind index for duplicate warnings, audit entry.
        return create_client(self.organisation, data_fields, caseworker, is_demo=True)

    def consents(self, rng, client, caseworker, opened_at) -> None:
        """Through the real consent service (the child rule included), dated at intake."""
        method = rng.choice(ConsentMethod.values)
        caregiver = {}
        if client.is_child:
            if rng.random() < 0.6:
                caregiver = {"caregiver_relationship": rng.choice(data.CAREGIVERS)}
            else:
                caregiver = {"not_sought_reason": data.NOT_SOUGHT}
        give_consent(client, ConsentKind.SERVICES, method, caseworker, **caregiver)
        if rng.random() < 0.7:
            reporting = give_consent(client, ConsentKind.ANONYMOUS_REPORTING, method, caseworker)
            if rng.random() < 0.1:  # changed her mind later: kept in the history
                withdraw_consent(reporting, caseworker, rng.choice(data.WITHDRAWAL_NOTES))
                Consent.objects.filter(pk=reporting.pk).update(
                    withdrawn_at=self.when(opened_at, rng.randint(5, 60))
                )
        if self.partners and rng.random() < 0.35:
            give_consent(
                client,
                ConsentKind.SHARE_ORGANISATION,
                method,
                caseworker,
                recipient_organisation=rng.choice(self.partners),
            )
        if rng.random() < 0.12:
            give_consent(
                client,
                ConsentKind.SHARE_SECTOR,
                method,
                caseworker,
                recipient_sector=rng.choice(Sector.values),
            )
        Consent.objects.filter(client=client).update(taken_at=opened_at)

    def incident(self, rng, case, client, opened_at, actor, repeat: bool) -> None:
        """Through the real incident service, so the GBVIMS fields are derived as in use."""
        if client.is_child:
            scenario = rng.choice(data.SCENARIOS_CHILD)
        else:
            scenario = rng.choices(data.SCENARIOS, weights=data.SCENARIO_WEIGHTS)[0]
        answers = dict.fromkeys(scenario["answers"], True)
        relationship = scenario.get("relationship") or weighted(rng, data.RELATIONSHIP_WEIGHTS)
        reported = opened_at.date() - datetime.timedelta(days=rng.randint(60, 200) if repeat else 0)
        perpetrators = [
            {
                "count": 1,
                "sex": Sex.FEMALE
                if relationship == Relationship.IN_LAW and rng.random() < 0.5
                else Sex.MALE,
                "age_group": rng.choice(
                    [AgeGroup.AGE_26_40, AgeGroup.AGE_41_60, AgeGroup.AGE_18_25]
                ),
                "relationship": relationship,
            }
        ]
        if relationship == Relationship.CURRENT_PARTNER and rng.random() < 0.2:
            # The mother-in-law joining in, a common pattern.
            perpetrators.append(
                {"sex": Sex.FEMALE, "age_group": AgeGroup.AGE_41_60, "relationship": "in_law"}
            )
        record_incident(
            case,
            {
                "incident_date": reported
                - datetime.timedelta(days=rng.choice([0, 1, 2, 4, 9, 20, 45, 120])),
                "reported_date": reported,
                "district": client.district_id,
                "location_type": scenario["where"],
                "time_of_day": rng.choice(["morning", "afternoon", "evening", "evening"]),
                "description": scenario["text"],
                "previous_incidents": rng.choice(
                    [PreviousIncidents.YES, PreviousIncidents.YES, PreviousIncidents.NO]
                ),
                **answers,
                "law_forms": gbvims.law_forms_from_answers(answers),
            },
            perpetrators,
            actor,
        )

    def risk(self, rng, case, caseworker, opened_at) -> None:
        checks = {
            name: rng.random() < chance
            for name, chance in zip(risk.INDICATORS, data.INDICATOR_CHANCES, strict=True)
        }
        result = risk.assess(**checks)
        RiskAssessment.objects.create(
            case=case,
            **checks,
            level=result.level,
            reasons=result.reasons,
            assessed_by=caseworker,
            assessed_at=self.when(opened_at, 1),
        )
        case.risk_level = result.level
        if result.level == RiskLevel.HIGH:
            case.priority = Priority.URGENT if rng.random() < 0.5 else Priority.HIGH
            SafetyPlan.objects.create(
                case=case, plan=rng.choice(data.SAFETY_PLANS), updated_by=caseworker
            )

    def plan(self, rng, case, caseworker, supervisor, opened_at) -> None:
        approved = case.status != CaseStatus.ACTIVE or rng.random() < 0.7
        CasePlan.objects.create(
            case=case,
            status=CasePlan.Status.APPROVED
            if approved
            else rng.choice([CasePlan.Status.DRAFT, CasePlan.Status.SUBMITTED]),
            approved_by=supervisor if approved else None,
            approved_at=self.when(opened_at, 4) if approved else None,
        )
        finished = case.status in (CaseStatus.CLOSURE_REQUESTED, CaseStatus.CLOSED)
        for goal, action in rng.sample(data.GOALS, rng.randint(1, 3)):
            due = opened_at.date() + datetime.timedelta(days=rng.randint(7, 120))
            CaseAction.objects.create(
                case=case,
                goal=goal,
                action=action,
                responsible_user=caseworker if rng.random() < 0.6 else None,
                responsible_organisation=None
                if rng.random() < 0.6 or not self.partners
                else rng.choice(self.partners),
                due_date=due,
                status=CaseAction.Status.DONE
                if finished or due < self.today - datetime.timedelta(days=rng.randint(0, 40))
                else rng.choice([CaseAction.Status.PLANNED, CaseAction.Status.IN_PROGRESS]),
            )

    def services(self, rng, case, caseworker, opened_at) -> None:
        types = list(self.organisation.services.values_list("service_type", flat=True)) or [
            ServiceType.CASE_COORDINATION
        ]
        for _ in range(rng.randint(1, 4)):
            service_type = rng.choice(types)
            ServiceDelivery.objects.create(
                case=case,
                date=self.when(opened_at, rng.randint(0, 60)).date(),
                sector=SECTOR_OF_SERVICE_TYPE[service_type],
                service_type=service_type,
                provided_by=caseworker,
                organisation=self.organisation,
                notes=data.SERVICE_NOTES.get(service_type, ""),
            )

    def follow_ups(self, rng, case, caseworker, opened_at) -> None:
        for _ in range(rng.randint(0, 2) if case.status == CaseStatus.OPEN else rng.randint(1, 3)):
            due = opened_at.date() + datetime.timedelta(days=rng.randint(3, 90))
            open_item = case.status in (CaseStatus.OPEN, CaseStatus.ACTIVE) and (
                due > self.today or rng.random() < 0.4  # some left overdue
            )
            FollowUp.objects.create(
                case=case,
                due_date=due,
                assigned_to=caseworker,
                purpose=rng.choice(data.FOLLOW_UP_PURPOSES),
                done_at=None if open_item else self.when(opened_at, (due - opened_at.date()).days),
                outcome="" if open_item else rng.choice(data.FOLLOW_UP_OUTCOMES),
            )

    def closure(self, rng, case, caseworker, supervisor, opened_at) -> None:
        requested = self.when(opened_at, rng.randint(15, 200))
        closed = case.status == CaseStatus.CLOSED
        Closure.objects.create(
            case=case,
            reason=rng.choice(data.CLOSURE_REASONS),
            checklist={key: True for key, _label in CLOSURE_CHECKLIST},
            note=rng.choice(data.CLOSURE_NOTES),
            requested_by=caseworker,
            requested_at=requested,
            decided_by=supervisor if closed else None,
            decided_at=self.when(requested, 2) if closed else None,
            approved=True if closed else None,
        )
        self.event(case, CaseEvent.Kind.CLOSURE_REQUESTED, caseworker, requested)
        if closed:
            case.closed_at = self.when(requested, 2)
            self.event(case, CaseEvent.Kind.CLOSED, supervisor, case.closed_at)

    def event(self, case, kind, actor, at) -> None:
        CaseEvent.objects.create(case=case, kind=kind, actor=actor, at=at)

    def next_due(self, case) -> datetime.date | None:
        if case.status == CaseStatus.CLOSED:
            return None
        dates = [
            *case.follow_ups.filter(done_at__isnull=True).values_list("due_date", flat=True),
            *case.actions.filter(status__in=["planned", "in_progress"]).values_list(
                "due_date", flat=True
            ),
        ]
        dates = [d for d in dates if d]
        return min(dates) if dates else None


def load_demo_cases() -> int:
    """Create the missing demo cases; return how many were created."""
    today = timezone.localdate()
    created = 0
    with transaction.atomic():
        for slug, (prefix, target, districts) in ORGANISATIONS.items():
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                continue
            if not organisation.code_prefix:
                organisation.code_prefix = prefix
                organisation.save(update_fields=["code_prefix"])
            caseworkers, supervisors = staff_of(organisation)
            if not caseworkers:
                continue
            existing = Case.objects.filter(organisation=organisation, is_demo=True).count()
            builder = DemoCaseBuilder(
                organisation,
                districts,
                (caseworkers, supervisors),
                today,
            )
            for number in range(existing, target):
                builder.build(number)
                created += 1
    return created
