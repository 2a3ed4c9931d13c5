"""Fills the referral and hotline bench: 300,000 referrals and 200,000 hotline calls.

Runs after himoya.bench.fill.cases has filled its 30 organisations and 100,000 cases.
Each bench organisation gets one service in the directory; referrals go from the bench
cases (and from some hotline calls) to the other organisations' services, 40% of them
to one large receiver (benchcase-1), so its inbox is the worst case. A separate
hotline organisation (benchref-hotline, not under the bench cases' prefix) logs the
calls; every 25th call is referred, with an anonymous client as a real one would be.

The fill bulk-creates rows in one transaction (the few encrypted fields go through the
real field classes) and tops up to the requested numbers on later runs. Referrals still
"sent" carry a far deadline, so reused data does not expire between runs (the inbox
expires overdue referrals as it loads). Accepted and completed referrals have no
receiving case: the lists never load it, and the case count stays at what
himoya.bench.fill.cases made.
"""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from himoya.accounts.models import Membership, User
from himoya.bench.fill.cases import PREFIX as CASE_PREFIX
from himoya.bench.fill.cases import casework_staff
from himoya.cases.models import Case
from himoya.clients.identity import code_prefix, format_code
from himoya.clients.models import Client, ClientCodeCounter
from himoya.core.roles import Role
from himoya.demo.synthetic import weighted
from himoya.directory.models import (
    SECTOR_OF_SERVICE_TYPE,
    Organisation,
    OrganisationKind,
    Service,
    ServiceType,
)
from himoya.geo.models import District
from himoya.hotline.models import Call
from himoya.referrals.deadlines import response_deadline
from himoya.referrals.models import Referral

HOTLINE = "benchref-hotline"
BIG_RECEIVER = f"{CASE_PREFIX}1"
BIG_SENDER = f"{CASE_PREFIX}0"
BIG_SHARE = 0.4  # of all referrals, to BIG_RECEIVER
CALL_REFERRAL_EVERY = 25
OPERATORS = 20
BATCH = 20_000
YEARS = 3
STATUSES = [
    ("sent", 5),
    ("accepted", 10),
    ("declined", 10),
    ("completed", 55),
    ("withdrawn", 8),
    ("expired", 12),
]
DECLINE_REASONS = ["no_capacity", "not_eligible", "outside_area", "unreachable"]
TOPICS = [
    ("domestic_violence", 45),
    ("sexual_violence", 8),
    ("legal_question", 20),
    ("psychological_support", 17),
    ("other", 10),
]
CALLERS = [("survivor", 58), ("relative", 18), ("neighbour", 7), ("professional", 9), ("other", 8)]


def _services(organisations) -> dict:
    """One service per bench organisation: organisation id -> Service."""
    services = {}
    for organisation in organisations:
        service_type = (
            ServiceType.PRIMARY_LEGAL_AID
            if organisation.kind == OrganisationKind.LEGAL_AID_OFFICE
            else ServiceType.PSYCHOLOGICAL_SUPPORT
        )
        service, created = Service.objects.get_or_create(
            organisation=organisation,
            service_type=service_type,
            defaults={
                "sector": SECTOR_OF_SERVICE_TYPE[service_type],
                "name_tg": "Хизмати санҷишӣ",
                "name_ru": "Тестовая услуга",
                "name_en": "Bench service",
                "languages": ["tg", "ru"],
                "is_demo": True,
            },
        )
        if created:
            service.districts_served.set([organisation.district])
        services[organisation.pk] = service
    return services


def bench_hotline():
    """The bench hotline organisation with its operators and a supervisor, made once."""
    organisation, created = Organisation.objects.get_or_create(
        slug=HOTLINE,
        defaults={
            "kind": OrganisationKind.HOTLINE,
            "name_tg": "Хати боварии санҷишӣ",
            "name_ru": "Тестовый телефон доверия",
            "name_en": "Bench hotline",
            "district": District.objects.order_by("pk").first(),
            "code_prefix": "BHL",
            "is_demo": True,
        },
    )
    if created:
        users = User.objects.bulk_create(
            [User(username=f"{HOTLINE}-op{n}", password="!", email="") for n in range(OPERATORS)]
            + [User(username=f"{HOTLINE}-supervisor", password="!", email="")]
        )
        users = list(User.objects.filter(username__startswith=f"{HOTLINE}-"))
        Membership.objects.bulk_create(
            Membership(
                user=user,
                organisation=organisation,
                role=Role.SUPERVISOR
                if user.username.endswith("supervisor")
                else Role.HOTLINE_OPERATOR,
            )
            for user in users
        )
    operators = list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.HOTLINE_OPERATOR,
        ).order_by("pk")
    )
    return organisation, operators


def _referral(rng, now, *, client_id, from_org, to_org, service, sent_by, receiver, **origin):
    """An unsaved Referral with a status and dates in order."""
    status = weighted(rng, STATUSES)
    if status == "sent":
        sent_at = now - datetime.timedelta(minutes=rng.randint(0, 30 * 1440))
        # Kept open for the reused data: see the module docstring.
        expires_at = now + datetime.timedelta(days=3650)
    else:
        sent_at = now - datetime.timedelta(minutes=rng.randint(40 * 1440, YEARS * 525600))
        expires_at = sent_at + datetime.timedelta(days=7)
    urgency = rng.choice([1, 2, 2, 3, 3, 3])
    referral = Referral(
        client_id=client_id,
        from_organisation_id=from_org,
        to_organisation_id=to_org,
        service_id=service.pk,
        urgency=urgency,
        needs=["legal"] if service.service_type == "primary_legal_aid" else ["psychological"],
        status=status,
        sent_by_id=sent_by,
        sent_at=sent_at,
        expires_at=expires_at,
        # bulk_create skips Referral.save(), which would fix the deadline.
        respond_by=response_deadline(urgency, sent_at, expires_at),
        is_demo=True,
        **origin,
    )
    if status in ("accepted", "completed"):
        referral.accepted_by_id = receiver
        referral.accepted_at = sent_at + datetime.timedelta(minutes=rng.randint(60, 5 * 1440))
    if status == "completed":
        referral.completed_by_id = receiver
        referral.completed_at = referral.accepted_at + datetime.timedelta(
            minutes=rng.randint(1440, 30 * 1440)
        )
    elif status == "declined":
        referral.declined_by_id = receiver
        referral.declined_at = sent_at + datetime.timedelta(minutes=rng.randint(60, 5 * 1440))
        referral.decline_reason = rng.choice(DECLINE_REASONS)
    elif status == "withdrawn":
        referral.withdrawn_by_id = sent_by
        referral.withdrawn_at = sent_at + datetime.timedelta(minutes=rng.randint(60, 5 * 1440))
    elif status == "expired":
        referral.expired_at = expires_at
    return referral


class ReferralFiller:
    """Makes the bench's calls and referrals in bulk, in the mix the constants above set."""

    def __init__(self, rng):
        self.rng = rng
        self.now = timezone.now()
        self.organisations = list(
            Organisation.objects.filter(slug__startswith=CASE_PREFIX).order_by("pk")
        )
        self.services = _services(self.organisations)
        self.big = next(o for o in self.organisations if o.slug == BIG_RECEIVER)
        # Who answers at each receiver: its supervisor.
        self.receivers = {
            organisation.pk: casework_staff(organisation, index, 0)[1].pk
            for index, organisation in enumerate(self.organisations)
        }
        self.districts = list(District.objects.order_by("pk"))

    def receiver_of(self, sender_id: int):
        """The receiving organisation: the big one for 40%, else any other one."""
        if sender_id != self.big.pk and self.rng.random() < BIG_SHARE:
            return self.big
        while True:
            organisation = self.rng.choice(self.organisations)
            if organisation.pk not in (sender_id, self.big.pk):
                return organisation

    def referral_to(self, sender_id, **values):
        to = self.receiver_of(sender_id)
        return _referral(
            self.rng,
            self.now,
            from_org=sender_id,
            to_org=to.pk,
            service=self.services[to.pk],
            receiver=self.receivers[to.pk],
            **values,
        )

    def calls(self, total: int) -> int:
        hotline, operators = bench_hotline()
        missing = total - Call.objects.filter(organisation=hotline).count()
        for start in range(0, max(missing, 0), BATCH):
            size = min(BATCH, missing - start)
            calls = [self.call(hotline, operators) for _ in range(size)]
            Call.objects.bulk_create(calls, batch_size=2000)
            self.refer_calls(hotline, [c for c in calls if "referral" in c.actions])
        return max(missing, 0)

    def call(self, hotline, operators):
        rng = self.rng
        topic = weighted(rng, TOPICS)
        risk = rng.random() < 0.1
        callback = rng.random() < 0.05
        actions = ["information", "counselling"]
        if rng.random() < 1 / CALL_REFERRAL_EVERY:
            actions.append("referral")
        if risk and rng.random() < 0.5:
            actions.append("emergency")
        return Call(
            organisation=hotline,
            operator=rng.choice(operators),
            started_at=self.now - datetime.timedelta(minutes=rng.randint(0, YEARS * 525600)),
            duration_minutes=rng.randint(2, 45),
            caller_type=weighted(rng, CALLERS),
            sex="female" if rng.random() < 0.85 else "unknown",
            age_group=rng.choice(["18-25", "26-40", "26-40", "41-60", "unknown"]),
            district=None if rng.random() < 0.05 else rng.choice(self.districts),
            language=rng.choice(["tg", "tg", "tg", "ru", "uz"]),
            topic=topic,
            forms_of_violence=["physical", "psychological"][: rng.randint(0, 2)],
            risk_flag=risk,
            actions=actions,
            callback_wanted=callback,
            callback_name="Bench caller" if callback else "",
            callback_phone="+992 00 000 0000" if callback else "",
            is_demo=True,
        )

    def refer_calls(self, hotline, calls) -> None:
        """An anonymous client per referred call, and its referral."""
        year = timezone.localdate().year
        counter, _created = ClientCodeCounter.objects.get_or_create(organisation=hotline, year=year)
        prefix = code_prefix(hotline)
        clients = []
        for call in calls:
            counter.last_number += 1
            clients.append(
                Client(
                    organisation=hotline,
                    code=format_code(prefix, year, counter.last_number),
                    sex=call.sex,
                    age_group=call.age_group,
                    district=call.district,
                    is_demo=True,
                )
            )
        counter.save(update_fields=["last_number"])
        Client.objects.bulk_create(clients, batch_size=2000)
        referrals = []
        for call, client in zip(calls, clients, strict=True):
            call.client = client
            referral = self.referral_to(
                hotline.pk, client_id=client.pk, sent_by=call.operator_id, from_call_id=call.pk
            )
            # The referral was sent at the end of the call.
            call.started_at = referral.sent_at - datetime.timedelta(minutes=call.duration_minutes)
            referrals.append(referral)
        Call.objects.bulk_update(calls, ["client", "started_at"], batch_size=2000)
        Referral.objects.bulk_create(referrals, batch_size=2000)

    def case_referrals(self, missing: int) -> None:
        cases = list(
            Case.objects.filter(organisation__slug__startswith=CASE_PREFIX)
            .order_by("pk")
            .values_list("pk", "client_id", "organisation_id", "caseworker_id")
        )
        for start in range(0, missing, BATCH):
            size = min(BATCH, missing - start)
            referrals = []
            for _ in range(size):
                case_id, client_id, organisation_id, caseworker_id = self.rng.choice(cases)
                referrals.append(
                    self.referral_to(
                        organisation_id,
                        client_id=client_id,
                        sent_by=caseworker_id,
                        from_case_id=case_id,
                    )
                )
            Referral.objects.bulk_create(referrals, batch_size=2000)


def _bench_referrals():
    return Referral.objects.filter(from_organisation__slug__startswith=CASE_PREFIX) | (
        Referral.objects.filter(from_organisation__slug=HOTLINE)
    )


def fill_referrals(referrals: int, calls: int) -> tuple[int, int]:
    """Top up to `calls` hotline calls and `referrals` referrals; return what was added."""
    rng = random.Random(referrals + calls)  # noqa: S311 (synthetic data, not secrets)
    with transaction.atomic():
        filler = ReferralFiller(rng)
        added_calls = filler.calls(calls)
        missing = referrals - _bench_referrals().count()
        if missing > 0:
            filler.case_referrals(missing)
    added = max(missing, 0)
    if (added or added_calls) and connection.vendor == "postgresql":
        # What autovacuum would do soon after a bulk load: planner statistics, and the
        # visibility map that lets counts use index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return added, added_calls
