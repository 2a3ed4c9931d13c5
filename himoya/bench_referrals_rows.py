"""The rows of the referral and hotline bench (himoya.bench_referrals): how many of
what and in which mix, one service per bench organisation, the bench hotline with its
operators, and one referral with a status and its dates in order."""

import datetime

from himoya.bench_cases import PREFIX as CASE_PREFIX

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


def _pick(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _services(organisations) -> dict:
    """One service per bench organisation: organisation id -> Service."""
    from himoya.directory.models import (
        SECTOR_OF_SERVICE_TYPE,
        OrganisationKind,
        Service,
        ServiceType,
    )

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


def _hotline():
    """The bench hotline organisation with its operators and a supervisor, made once."""
    from himoya.accounts.models import Membership, Role, User
    from himoya.directory.models import Organisation, OrganisationKind
    from himoya.geo.models import District

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
    from himoya.referrals.deadlines import response_deadline
    from himoya.referrals.models import Referral

    status = _pick(rng, STATUSES)
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
