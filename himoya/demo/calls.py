"""About 300 synthetic calls to the 1313 hotline over the last 90 days.

Called by `load_demo` after the demo users. Deterministic (each call comes from its own
seeded random.Random) and idempotent: the hotline gets only the calls it is missing.
Most callers stay anonymous; the few who ask for a call back leave a first name marked
"(demo)" and a plainly fictitious number (+992 00 000 ....).

The mix follows what the hotline hears: mostly women calling about a husband or
in-laws, many legal questions (alimony, divorce, the shared home), callers from
Dushanbe, Sughd (Khujand, Isfara) and Khatlon, in Tajik, Russian and Uzbek. Calls
marked as referred are turned into referrals by himoya.demo.referrals, which relies on
REFERRAL_TARGETS below.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from himoya.accounts.models import Membership
from himoya.clients.models import AgeGroup, Sex
from himoya.core.roles import Role
from himoya.demo.directory_data import DUSHANBE
from himoya.demo.synthetic import weighted
from himoya.directory.models import Language, Organisation, ServiceType
from himoya.geo.models import District
from himoya.hotline.models import Call, CallAction, CallerType, CallTopic
from himoya.incidents.models import LawForm

SEED = 1313
TARGET = 300
DAYS = 90
HOTLINE = "hotline-1313"
# The first calls are recent calls from Isfara that the operator referred to the state
# legal aid office, so its lawyer has work waiting in the referral inbox.
RECENT_ISFARA = 6

DISTRICT_WEIGHTS = [
    *[(slug, 8) for slug in DUSHANBE],
    ("rudaki", 6),
    ("vahdat", 4),
    ("hisor", 4),
    ("tursunzoda", 3),
    ("varzob", 1),
    ("khujand", 10),
    ("isfara", 10),
    ("bobojon-gafurov", 4),
    ("istaravshan", 3),
    ("konibodom", 3),
    ("panjakent", 2),
    ("yovon", 5),
    ("bokhtar", 5),
    ("vakhsh", 3),
    ("kulob", 5),
    ("danghara", 2),
    ("rasht", 2),
    ("khorugh", 2),
    (None, 5),  # the caller did not say
]
CALLER_WEIGHTS = [
    (CallerType.SURVIVOR, 58),
    (CallerType.RELATIVE, 18),
    (CallerType.NEIGHBOUR, 7),
    (CallerType.PROFESSIONAL, 9),
    (CallerType.OTHER, 8),
]
FEMALE_SHARE = {
    CallerType.SURVIVOR: 0.92,
    CallerType.RELATIVE: 0.7,
    CallerType.NEIGHBOUR: 0.6,
    CallerType.PROFESSIONAL: 0.6,
    CallerType.OTHER: 0.4,
}
SURVIVOR_AGES = [
    (AgeGroup.AGE_12_17, 5),
    (AgeGroup.AGE_18_25, 25),
    (AgeGroup.AGE_26_40, 45),
    (AgeGroup.AGE_41_60, 17),
    (AgeGroup.AGE_61_PLUS, 3),
    (AgeGroup.UNKNOWN, 5),
]
OTHER_AGES = [
    (AgeGroup.AGE_18_25, 10),
    (AgeGroup.AGE_26_40, 35),
    (AgeGroup.AGE_41_60, 35),
    (AgeGroup.AGE_61_PLUS, 8),
    (AgeGroup.UNKNOWN, 12),
]
TOPIC_WEIGHTS = [
    (CallTopic.DOMESTIC_VIOLENCE, 45),
    (CallTopic.SEXUAL_VIOLENCE, 8),
    (CallTopic.LEGAL_QUESTION, 20),
    (CallTopic.PSYCHOLOGICAL_SUPPORT, 17),
    (CallTopic.OTHER, 10),
]
# Chance of each form of violence being disclosed, by topic.
FORM_CHANCES = {
    CallTopic.DOMESTIC_VIOLENCE: {
        LawForm.PHYSICAL: 0.7,
        LawForm.PSYCHOLOGICAL: 0.85,
        LawForm.ECONOMIC: 0.4,
        LawForm.SEXUAL: 0.08,
    },
    CallTopic.SEXUAL_VIOLENCE: {
        LawForm.SEXUAL: 1.0,
        LawForm.PHYSICAL: 0.4,
        LawForm.PSYCHOLOGICAL: 0.5,
    },
    CallTopic.LEGAL_QUESTION: {LawForm.ECONOMIC: 0.4, LawForm.PSYCHOLOGICAL: 0.3},
    CallTopic.PSYCHOLOGICAL_SUPPORT: {LawForm.PSYCHOLOGICAL: 0.8, LawForm.PHYSICAL: 0.15},
    CallTopic.OTHER: {LawForm.PSYCHOLOGICAL: 0.1},
}
RISK_CHANCE = {CallTopic.DOMESTIC_VIOLENCE: 0.15, CallTopic.SEXUAL_VIOLENCE: 0.25}
REFERRAL_CHANCE = {
    CallTopic.LEGAL_QUESTION: 0.35,
    CallTopic.DOMESTIC_VIOLENCE: 0.2,
    CallTopic.SEXUAL_VIOLENCE: 0.4,
    CallTopic.PSYCHOLOGICAL_SUPPORT: 0.15,
}
LANGUAGES = {
    "isfara": [
        (Language.TAJIK, 55),
        (Language.RUSSIAN, 10),
        (Language.UZBEK, 25),
        (Language.KYRGYZ, 10),
    ],
    "sughd": [(Language.TAJIK, 70), (Language.RUSSIAN, 15), (Language.UZBEK, 15)],
    "dushanbe": [(Language.TAJIK, 70), (Language.RUSSIAN, 30)],
    "other": [(Language.TAJIK, 85), (Language.RUSSIAN, 10), (Language.UZBEK, 5)],
}
SUGHD = {"khujand", "bobojon-gafurov", "istaravshan", "konibodom", "panjakent"}
# Hours of the day callers ring, weighted: evenings, when the husband is out or asleep,
# and a few at night.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 3, 5, 6, 6, 6, 5, 5, 5, 5, 6, 7, 8, 8, 7, 5, 3, 2]

# Where the hotline refers a caller from a district, by topic: (organisation slug,
# service type). Only districts a demo service serves; a caller from elsewhere is
# given the numbers to call instead.
CRISIS = ("korvoni-umed", ServiceType.CRISIS_COUNSELLING)
SHELTER = ("korvoni-umed", ServiceType.TEMPORARY_SHELTER)
PSYCHOLOGIST = ("korvoni-umed", ServiceType.PSYCHOLOGICAL_SUPPORT)
REFERRAL_TARGETS = {
    "isfara": {"legal": ("lac-isfara", ServiceType.PRIMARY_LEGAL_AID)},
    "khujand": {"legal": ("lac-khujand", ServiceType.PRIMARY_LEGAL_AID)},
    "yovon": {
        "legal": ("lac-yovon", ServiceType.PRIMARY_LEGAL_AID),
        "psychological": ("yovon-rehabilitation-centre", ServiceType.PSYCHOLOGICAL_SUPPORT),
        "medical": ("yovon-rehabilitation-centre", ServiceType.MEDICAL_CARE),
    },
    **{
        slug: {
            "legal": ("lac-dushanbe", ServiceType.PRIMARY_LEGAL_AID),
            "psychological": PSYCHOLOGIST,
            "shelter": SHELTER,
            "crisis": CRISIS,
        }
        for slug in DUSHANBE
    },
    **{
        slug: {"psychological": PSYCHOLOGIST, "shelter": SHELTER, "crisis": CRISIS}
        for slug in ("rudaki", "hisor", "vahdat", "varzob")
    },
}
NEED_OF_TOPIC = {
    CallTopic.LEGAL_QUESTION: "legal",
    CallTopic.DOMESTIC_VIOLENCE: "legal",
    CallTopic.SEXUAL_VIOLENCE: "medical",
    CallTopic.PSYCHOLOGICAL_SUPPORT: "psychological",
}

GIVEN_NAMES = [
    "Мадина",
    "Нигора",
    "Зарина",
    "Фарзона",
    "Дилноза",
    "Манижа",
    "Парвина",
    "Малика",
    "Ситора",
    "Гулнора",
    "Шаҳло",
    "Нилуфар",
]
SUMMARIES = {
    CallTopic.DOMESTIC_VIOLENCE: [
        "Шавҳараш ӯро мезанад; бо хушдоман як хона зиндагӣ мекунанд. Дар бораи ҳуқуқҳояш гуфтем.",
        "Муж кричит и забирает зарплату, сегодня толкнул. Рассказали о кризисном центре.",
        "Хушдоманаш ӯро аз хона пеш кардан мехоҳад. Маслиҳат додем, ки ба куҷо муроҷиат кунад.",
        "Звонит уже второй раз: муж угрожает забрать детей. Обсудили план безопасности.",
    ],
    CallTopic.SEXUAL_VIOLENCE: [
        "Хабар дод, ки ба ӯ таҷовуз кардаанд. Дар бораи ёрии тиббӣ ва экспертиза гуфтем.",
        "Описала принуждение со стороны родственника. Поддержали, объяснили, куда обратиться.",
    ],
    CallTopic.LEGAL_QUESTION: [
        "Дар бораи алимент ва талоқ пурсид; ба маркази ёрии ҳуқуқӣ равон кардем.",
        "Спрашивает, как получить долю в доме после развода. Объяснили про бесплатную юрпомощь.",
        "Никоҳ танҳо бо никоҳи шаръӣ; дар бораи сабти никоҳ ва ҳуқуқи кӯдакон пурсид.",
        "Вопрос о защитном предписании: как его получить и что делать, если его нарушат.",
    ],
    CallTopic.PSYCHOLOGICAL_SUPPORT: [
        "Хеле ғамгин аст, хоб намекунад. Гӯш додем ва дар бораи психолог гуфтем.",
        "Тревога после ухода от мужа. Поговорили, предложили встречу с психологом.",
    ],
    CallTopic.OTHER: [
        "Дар бораи кор ва курсҳои касбомӯзӣ пурсид.",
        "Спрашивал, как помочь соседке, не навредив ей.",
        "Занги хомӯш; пас аз ду дақиқа қатъ шуд.",
    ],
}


def referral_target(district_slug, topic, risk_flag):
    """(organisation slug, service type) the hotline refers this caller to, or None."""
    targets = REFERRAL_TARGETS.get(district_slug or "")
    if not targets:
        return None
    if risk_flag and "shelter" in targets:
        return targets["shelter"]
    need = NEED_OF_TOPIC.get(topic)
    return targets.get(need) or targets.get("crisis") or targets.get("legal")


def _languages(slug):
    if slug == "isfara":
        return LANGUAGES["isfara"]
    if slug in SUGHD:
        return LANGUAGES["sughd"]
    if slug in DUSHANBE:
        return LANGUAGES["dushanbe"]
    return LANGUAGES["other"]


class DemoCallBuilder:
    def __init__(self, organisation, operators, now):
        self.organisation = organisation
        self.operators = operators
        self.now = now
        self.districts = {d.slug: d for d in District.objects.all()}

    def build(self, number: int) -> Call:
        # Reproducible synthetic data, not secrets: a seeded generator is what we want.
        rng = random.Random(f"{SEED}-{number}")  # noqa: S311
        recent_isfara = number < RECENT_ISFARA
        if recent_isfara:
            district_slug = "isfara"
            caller = CallerType.SURVIVOR
            topic = rng.choice([CallTopic.LEGAL_QUESTION, CallTopic.DOMESTIC_VIOLENCE])
            started = self.now - datetime.timedelta(hours=6 + number * 18 + rng.randint(0, 5))
        else:
            district_slug = weighted(rng, DISTRICT_WEIGHTS)
            caller = weighted(rng, CALLER_WEIGHTS)
            topic = weighted(rng, TOPIC_WEIGHTS)
            day = self.now.date() - datetime.timedelta(days=rng.randrange(DAYS))
            hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
            started = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)))
            )
            if started > self.now:
                started -= datetime.timedelta(days=1)
        female = rng.random() < FEMALE_SHARE[caller]
        sex = Sex.FEMALE if female else (Sex.MALE if rng.random() < 0.7 else Sex.UNKNOWN)
        ages = SURVIVOR_AGES if caller == CallerType.SURVIVOR else OTHER_AGES
        age_group = weighted(rng, ages)
        if recent_isfara:
            sex, age_group = Sex.FEMALE, rng.choice([AgeGroup.AGE_18_25, AgeGroup.AGE_26_40])
        forms = [form for form, chance in FORM_CHANCES[topic].items() if rng.random() < chance]
        risk_flag = rng.random() < RISK_CHANCE.get(topic, 0.02)
        actions = [CallAction.INFORMATION]
        if topic != CallTopic.OTHER or rng.random() < 0.3:
            actions.append(CallAction.COUNSELLING)
        # Only a survivor can consent to her own referral; a child's referral needs a
        # caregiver's consent too, which a hotline call cannot record.
        adult_survivor = caller == CallerType.SURVIVOR and age_group not in (
            AgeGroup.AGE_0_11,
            AgeGroup.AGE_12_17,
        )
        referable = adult_survivor and referral_target(district_slug, topic, risk_flag)
        if referable and (recent_isfara or rng.random() < REFERRAL_CHANCE.get(topic, 0)):
            actions.append(CallAction.REFERRAL)
        if risk_flag and rng.random() < 0.5:
            actions.append(CallAction.EMERGENCY)
        callback = rng.random() < 0.08
        duration = int(rng.triangular(2, 45, 8 if caller != CallerType.PROFESSIONAL else 4))
        return Call(
            organisation=self.organisation,
            # The recent Isfara calls (the demo's story) are the first operator's; the
            # rest are shared, so each operator also sees the other's as a handover.
            operator=self.operators[0] if recent_isfara else rng.choice(self.operators),
            started_at=started,
            duration_minutes=duration,
            caller_type=caller,
            sex=sex,
            age_group=age_group,
            district=self.districts.get(district_slug) if district_slug else None,
            language=weighted(rng, _languages(district_slug)),
            topic=topic,
            forms_of_violence=forms,
            risk_flag=risk_flag,
            actions=actions,
            callback_wanted=callback,
            callback_name=f"{rng.choice(GIVEN_NAMES)} (demo)" if callback else "",
            callback_phone=f"+992 00 000 {rng.randint(10, 99)} {rng.randint(10, 99)}"
            if callback
            else "",
            summary=rng.choice(SUMMARIES[topic]),
            is_demo=True,
        )


def load_demo_calls() -> int:
    """Create the missing demo calls; return how many were created."""
    organisation = Organisation.objects.filter(slug=HOTLINE).first()
    if organisation is None:
        return 0
    operators = [
        m.user
        for m in Membership.objects.filter(
            organisation=organisation, role=Role.HOTLINE_OPERATOR, is_active=True
        )
        .select_related("user")
        .order_by("user__username")
    ]
    if not operators:
        return 0
    existing = Call.objects.filter(organisation=organisation, is_demo=True).count()
    if existing >= TARGET:
        return 0
    builder = DemoCallBuilder(organisation, operators, timezone.now())
    calls = [builder.build(number) for number in range(existing, TARGET)]
    with transaction.atomic():
        # Encryption of the call-back and summary fields happens on bulk_create too.
        created = Call.objects.bulk_create(calls, batch_size=500)
        # created_at says when the operator logged it: at the end of the call.
        for call in created:
            ended = call.started_at + datetime.timedelta(minutes=call.duration_minutes)
            call.created_at = call.updated_at = min(ended, builder.now)
        Call.objects.bulk_update(created, ["created_at", "updated_at"], batch_size=500)
    return len(created)
