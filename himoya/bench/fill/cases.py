"""Fills the case-management bench: 30 organisations and 100,000 synthetic cases.

The fill bulk-creates rows (encrypted through the real field classes, which happens on
bulk_create too) in one transaction, so an interrupted fill leaves nothing half-made; a
later run tops the data up to the requested number and otherwise reuses it. One large
organisation holds 40% of the cases, so its supervisor's list is the worst case.
"""

import datetime
import itertools
import random

from django.db import connection, transaction
from django.utils import timezone

from himoya.accounts.models import Membership, User
from himoya.cases.models import Case, FollowUp, Note, RiskAssessment
from himoya.clients.identity import code_prefix, format_code, identity_index, name_index
from himoya.clients.models import Client, ClientCodeCounter, Consent
from himoya.core.roles import Role
from himoya.demo.synthetic import weighted
from himoya.directory.models import Organisation, OrganisationKind
from himoya.geo.models import District
from himoya.incidents.models import Incident, Perpetrator

PREFIX = "benchcase-"
ORGANISATIONS = 30
BIG_SHARE = 0.4  # of all cases, at benchcase-0
CASES_PER_CASEWORKER = 400
BATCH = 5000
GIVEN = ["Мадина", "Нигора", "Зарина", "Фарзона", "Шаҳло", "Манижа", "Парвина", "Малика"]
SURNAMES = ["Каримова", "Раҳимова", "Назарова", "Саидова", "Шарипова", "Юсупова", "Ҳасанова"]
STATUSES = [("open", 10), ("active", 30), ("closure_requested", 3), ("closed", 57)]
STEP_OF = {
    "open": "engagement",
    "active": "implementation",
    "closure_requested": "closure",
    "closed": "closure",
}


def _organisations():
    existing = list(Organisation.objects.filter(slug__startswith=PREFIX).order_by("pk"))
    if existing:
        return existing
    districts = list(District.objects.order_by("pk"))
    letters = ["".join(pair) for pair in itertools.product("ABCDEFGHIJ", repeat=2)]
    return Organisation.objects.bulk_create(
        Organisation(
            slug=f"{PREFIX}{i}",
            kind=OrganisationKind.CRISIS_CENTRE if i % 3 else OrganisationKind.LEGAL_AID_OFFICE,
            name_tg=f"Маркази санҷишӣ {i}",
            name_ru=f"Тестовый центр {i}",
            name_en=f"Bench centre {i}",
            district=districts[i * 7 % len(districts)],
            code_prefix=f"B{letters[i]}",
            is_demo=True,
        )
        for i in range(ORGANISATIONS)
    )


def _share(index: int, total: int) -> int:
    """How many of `total` cases organisation `index` holds."""
    if index == 0:
        return int(total * BIG_SHARE)
    rest = total - int(total * BIG_SHARE)
    return rest // (ORGANISATIONS - 1) + (1 if index - 1 < rest % (ORGANISATIONS - 1) else 0)


def casework_staff(organisation, index: int, total: int):
    """(caseworkers, supervisor) of an organisation, created once."""
    wanted = max(2, _share(index, total) // CASES_PER_CASEWORKER)
    members = Membership.objects.filter(organisation=organisation).select_related("user")
    caseworkers = [m.user for m in members if m.role == Role.CASEWORKER]
    supervisor = next((m.user for m in members if m.role == Role.SUPERVISOR), None)
    new_users = [
        User(username=f"{PREFIX}{index}-cw{n}", password="!", email="")
        for n in range(len(caseworkers), wanted)
    ]
    if supervisor is None:
        new_users.append(User(username=f"{PREFIX}{index}-supervisor", password="!", email=""))
    if new_users:
        User.objects.bulk_create(new_users)
        created = list(User.objects.filter(username__in=[u.username for u in new_users]))
        Membership.objects.bulk_create(
            Membership(
                user=user,
                organisation=organisation,
                role=Role.SUPERVISOR if user.username.endswith("supervisor") else Role.CASEWORKER,
            )
            for user in created
        )
        return casework_staff(organisation, index, total)
    return sorted(caseworkers, key=lambda user: user.pk), supervisor


def _add_cases(organisation, caseworkers, count: int, districts, rng) -> None:
    now = timezone.now()
    today = timezone.localdate()
    counter, _created = ClientCodeCounter.objects.get_or_create(
        organisation=organisation, year=today.year
    )
    prefix = code_prefix(organisation)
    local = [districts[(organisation.pk * 5 + k) % len(districts)] for k in range(5)]
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        clients, cases = [], []
        for _ in range(size):
            counter.last_number += 1
            name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {counter.last_number}"
            birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 16000))
            clients.append(
                Client(
                    organisation=organisation,
                    code=format_code(prefix, today.year, counter.last_number),
                    name=name,
                    phone=f"+992 00 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                    birth_date=birth,
                    safe_contact={"may_call": True},
                    identity_index=identity_index(organisation.pk, name, birth),
                    name_index=name_index(organisation.pk, name),
                    age_group=rng.choice(["18-25", "26-40", "41-60"]),
                    district=rng.choice(local),
                    is_demo=True,
                )
            )
        Client.objects.bulk_create(clients, batch_size=1000)
        for client in clients:
            status = weighted(rng, STATUSES)
            due = None
            if status != "closed" and rng.random() < 0.6:
                due = today + datetime.timedelta(days=rng.randint(-60, 60))
            cases.append(
                Case(
                    organisation=organisation,
                    client=client,
                    caseworker=rng.choice(caseworkers),
                    status=status,
                    step=STEP_OF[status],
                    priority=rng.choice(["low", "normal", "normal", "high", "urgent"]),
                    risk_level=rng.choice(["unknown", "low", "medium", "medium", "high"]),
                    district=client.district,
                    opened_at=now - datetime.timedelta(minutes=rng.randint(0, 5 * 525600)),
                    next_due=due,
                    closed_at=now if status == "closed" else None,
                    is_demo=True,
                )
            )
        Case.objects.bulk_create(cases, batch_size=1000)
        consents = []
        for case in cases:
            for kind in ("services", "anonymous_reporting")[: rng.randint(1, 2)]:
                consents.append(
                    Consent(
                        client=case.client,
                        kind=kind,
                        method="verbal",
                        taken_by=case.caseworker,
                        taken_at=case.opened_at,
                    )
                )
        Consent.objects.bulk_create(consents, batch_size=1000)
        # Every tenth case has an incident, a risk assessment, a follow-up and a note.
        rich = cases[::10]
        incidents = Incident.objects.bulk_create(
            [
                Incident(
                    case=case,
                    incident_date=case.opened_at.date() - datetime.timedelta(days=3),
                    reported_date=case.opened_at.date(),
                    district=case.district,
                    description="Шавҳар ӯро зад.",
                    physical_assault=True,
                    gbv_type="physical_assault",
                    context_flags=["intimate_partner_violence"],
                    law_forms=["physical"],
                    reporting_delay="0-3",
                )
                for case in rich
            ],
            batch_size=1000,
        )
        Perpetrator.objects.bulk_create(
            [Perpetrator(incident=i, relationship="current_partner") for i in incidents],
            batch_size=1000,
        )
        RiskAssessment.objects.bulk_create(
            [
                RiskAssessment(
                    case=case,
                    escalation=True,
                    level="medium",
                    reasons=["escalation", "rule:some"],
                    assessed_by=case.caseworker,
                    assessed_at=case.opened_at,
                )
                for case in rich
            ],
            batch_size=1000,
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    case=case,
                    due_date=case.next_due or today,
                    assigned_to=case.caseworker,
                    purpose="Занг задан",
                )
                for case in rich
            ],
            batch_size=1000,
        )
        Note.objects.bulk_create(
            [Note(case=case, author=case.caseworker, text="Мижоз бехатар аст.") for case in rich],
            batch_size=1000,
        )
    counter.save(update_fields=["last_number"])


def fill_cases(total: int) -> int:
    """Top the bench organisations up to `total` cases; return how many were added."""
    rng = random.Random(total)  # noqa: S311 (synthetic data, not secrets)
    added = 0
    with transaction.atomic():
        organisations = _organisations()
        districts = list(District.objects.order_by("pk"))
        for index, organisation in enumerate(organisations):
            caseworkers, _supervisor = casework_staff(organisation, index, total)
            have = Case.objects.filter(organisation=organisation).count()
            missing = _share(index, total) - have
            if missing > 0:
                _add_cases(organisation, caseworkers, missing, districts, rng)
                added += missing
    if added and connection.vendor == "postgresql":
        # What autovacuum would do soon after a bulk load: without statistics the planner
        # guesses a few hundred rows per organisation and sorts 40,000.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return added
