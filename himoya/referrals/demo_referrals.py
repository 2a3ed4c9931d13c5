"""About 60 synthetic referrals between the demo organisations, in every status.

Called by `load_demo` after the demo cases and the demo hotline calls. Every referral
goes through the real services (himoya.referrals.services; from a hotline call,
himoya.hotline.services.refer_from_call): the survivor's consent to share with the
receiving organisation is recorded first, then the referral is sent,
and then accepted (B opens its own case), completed (B records the service in that
case), declined, withdrawn or left to expire. The services stamp "now"; afterwards
the dates are moved back so the history reads like the last 90 days, always in order:
consent < sent < accepted < completed, declined or withdrawn before the deadline,
expired at the deadline.

Idempotent: once any demo referral exists nothing is added (the referrals depend on
one another's order, so they are made all at once or not at all). Deterministic: one
seeded random.Random. A few referrals to the state legal aid office in Isfara are
left unanswered, so its lawyer's inbox has work in the demo.

The cases and calls referred from, and the status each referral ends in, are chosen
here; one referral's life and its dates are in himoya.referrals.demo_referral_lifecycle.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from himoya.accounts.models import Membership, Role
from himoya.cases.models import Case, CaseStatus
from himoya.clients.models import AgeGroup, Client, Consent
from himoya.directory.models import Organisation, Service, ServiceType
from himoya.hotline.demo_calls import HOTLINE, referral_target
from himoya.hotline.models import Call, CallAction
from himoya.hotline.services import refer_from_call
from himoya.referrals.demo_referral_lifecycle import DemoReferralLifecycle, S, _between
from himoya.referrals.models import Referral, Urgency

SEED = 2024
# How many referrals from demo cases end in each status. Accepted and completed ones
# open a case at the receiving organisation: kept few, so the demo stays near 200 cases.
CASE_PLAN = {S.SENT: 8, S.ACCEPTED: 4, S.COMPLETED: 6, S.DECLINED: 6, S.WITHDRAWN: 5, S.EXPIRED: 6}
# Referrals from calls older than the expiry delay; recent referred calls stay "sent".
CALL_PLAN = {S.ACCEPTED: 3, S.COMPLETED: 6, S.DECLINED: 3, S.WITHDRAWN: 2, S.EXPIRED: 4}
MAX_RECENT_CALL_REFERRALS = 8
# Which organisations send how many referrals from their cases.
SENDERS = {
    "korvoni-umed": 12,
    "lac-dushanbe": 9,
    "yovon-rehabilitation-centre": 6,
    "lac-isfara": 4,
    "lac-khujand": 4,
}
# Where each sender refers its clients: (organisation slug, service type).
T = ServiceType
CASE_TARGETS = {
    "korvoni-umed": [
        ("lac-dushanbe", T.PRIMARY_LEGAL_AID),
        ("lac-dushanbe", T.SECONDARY_LEGAL_AID),
        ("yovon-rehabilitation-centre", T.MEDICAL_CARE),
        ("lac-rudaki", T.PRIMARY_LEGAL_AID),
    ],
    "lac-dushanbe": [
        ("korvoni-umed", T.CRISIS_COUNSELLING),
        ("korvoni-umed", T.PSYCHOLOGICAL_SUPPORT),
        ("korvoni-umed", T.TEMPORARY_SHELTER),
        ("korvoni-umed", T.LIVELIHOOD),
    ],
    "yovon-rehabilitation-centre": [
        ("lac-yovon", T.PRIMARY_LEGAL_AID),
        ("korvoni-umed", T.TEMPORARY_SHELTER),
        ("korvoni-umed", T.LIVELIHOOD),
    ],
    "lac-isfara": [
        ("korvoni-umed", T.TEMPORARY_SHELTER),
        ("korvoni-umed", T.PSYCHOLOGICAL_SUPPORT),
    ],
    "lac-khujand": [("korvoni-umed", T.TEMPORARY_SHELTER), ("korvoni-umed", T.CRISIS_COUNSELLING)],
}
MESSAGES = [
    "Мизоҷ мехоҳад дар бораи алимент ва ҷои зист маслиҳат гирад. Танҳо пагоҳӣ занг занед.",
    "Просит консультацию по разводу; муж не знает о обращении, звонить осторожно.",
    "Бо ду фарзанди хурд; ба ҷои бехатар барои чанд ҳафта ниёз дорад.",
    "После осмотра нужна психологическая поддержка; согласна на встречу в центре.",
    "Ҳуҷҷатҳояш дар хонаи хушдоман мондаанд; дар барқарор кардан кӯмак лозим.",
    "Хочет пройти курсы и найти работу, чтобы жить отдельно.",
    "",
]
CALL_MESSAGES = [
    "Занги 1313: дар бораи ҳуқуқҳояш пурсид, ба машварати ҳуқуқӣ розӣ шуд.",
    "Звонок на 1313: просит встречу с юристом, удобно после обеда.",
    "Занги 1313: хатари баланд; розӣ шуд, ки бо ӯ тамос гиранд.",
]
CHILDREN = (AgeGroup.AGE_0_11, AgeGroup.AGE_12_17)


class DemoReferralBuilder(DemoReferralLifecycle):
    """Chooses the demo cases and hotline calls to refer from and the status each
    referral ends in; DemoReferralLifecycle takes each referral there."""

    def __init__(self, now):
        super().__init__(now)
        self.services = {
            (s.organisation.slug, s.service_type): s
            for s in Service.objects.filter(
                is_active=True, organisation__is_demo=True
            ).select_related("organisation")
        }

    def answerable(self, key) -> bool:
        """Has the receiving organisation a caseworker who can accept?"""
        service = self.services.get(key)
        return service is not None and bool(self.staff(service.organisation)[0])

    # --- from cases -------------------------------------------------------------

    def from_cases(self, rng) -> int:
        statuses = [status for status, count in CASE_PLAN.items() for _ in range(count)]
        senders = [slug for slug, count in SENDERS.items() for _ in range(count)]
        rng.shuffle(statuses)
        rng.shuffle(senders)
        candidates = {slug: self.candidate_cases(slug, rng) for slug in SENDERS}
        made = 0
        for sender, status in zip(senders, statuses, strict=False):
            fresh = status == S.SENT
            # A referral that has been answered or expired was sent over a week ago.
            latest = self.now - (datetime.timedelta(hours=3) if fresh else self.expiry * 1.3)
            case = next((c for c in candidates[sender] if c.opened_at < latest), None)
            targets = [
                key
                for key in CASE_TARGETS[sender]
                if key in self.services
                and (status in (S.SENT, S.EXPIRED, S.WITHDRAWN) or self.answerable(key))
            ]
            if case is None or not targets:
                continue
            candidates[sender].remove(case)
            service = self.services[rng.choice(targets)]
            if fresh:
                sent_at = _between(rng, max(case.opened_at, self.now - self.expiry * 0.7), latest)
            else:
                earliest = max(
                    case.opened_at + datetime.timedelta(days=1),
                    self.now - datetime.timedelta(days=88),
                )
                sent_at = _between(rng, earliest, latest)
            self.make(
                rng,
                status,
                client=case.client,
                service=service,
                sender=case.caseworker,
                sent_at=sent_at,
                consent_after=case.opened_at,
                from_case=case,
                urgency={"high": Urgency.URGENT, "urgent": Urgency.EMERGENCY}.get(
                    case.priority, Urgency.ROUTINE
                ),
                message=rng.choice(MESSAGES),
                share_safe_contact=rng.random() < 0.5,
            )
            made += 1
        return made

    def candidate_cases(self, slug, rng) -> list[Case]:
        cases = list(
            Case.objects.filter(
                organisation__slug=slug,
                is_demo=True,
                caseworker__isnull=False,
                status__in=[CaseStatus.OPEN, CaseStatus.ACTIVE],
                # The receiving side's own cases are not sent on again.
                referrals_received__isnull=True,
            )
            .exclude(client__age_group__in=CHILDREN)
            .select_related("client", "caseworker", "organisation")
            .order_by("pk")
        )
        rng.shuffle(cases)
        return cases

    # --- from hotline calls -----------------------------------------------------

    def from_calls(self, rng) -> int:
        calls = list(
            Call.objects.filter(organisation__slug=HOTLINE, is_demo=True, client__isnull=True)
            .select_related("organisation", "operator", "district")
            .order_by("-started_at", "pk")
        )
        referred = [c for c in calls if CallAction.REFERRAL in c.actions and c.district_id]
        recent = [c for c in referred if c.started_at > self.now - self.expiry * 0.8]
        older = [c for c in referred if c.started_at < self.now - self.expiry * 1.3]
        plan = [S.SENT] * min(len(recent), MAX_RECENT_CALL_REFERRALS)
        plan += [status for status, count in CALL_PLAN.items() for _ in range(count)]
        rng.shuffle(older)
        made = 0
        for call in recent[:MAX_RECENT_CALL_REFERRALS] + older:
            if made >= len(plan):
                break
            status = plan[made]
            key = referral_target(call.district.slug, call.topic, call.risk_flag)
            if key not in self.services:
                continue
            if status not in (S.SENT, S.EXPIRED, S.WITHDRAWN) and not self.answerable(key):
                continue
            self.refer_call(rng, call, self.services[key], status)
            made += 1
        return made

    def refer_call(self, rng, call, service, status) -> None:
        """The operator records the caller's verbal consent and refers her from the call,
        through the hotline's own service (anonymous client, consent, referral)."""
        ended = min(call.started_at + datetime.timedelta(minutes=call.duration_minutes), self.now)
        referral = refer_from_call(
            call.operator,
            call,
            service=service,
            urgency=Urgency.EMERGENCY
            if call.risk_flag
            else rng.choice([Urgency.URGENT, Urgency.ROUTINE, Urgency.ROUTINE]),
            needs=self.needs(rng, service),
            message=rng.choice(CALL_MESSAGES),
            verbal_consent=True,
        )
        # The client and her consent date from the call; the referral from its end.
        consented = call.started_at + (ended - call.started_at) * 0.8
        Client.objects.filter(pk=referral.client_id).update(
            created_at=consented, updated_at=consented
        )
        Consent.objects.filter(client_id=referral.client_id).update(taken_at=consented)
        Call.objects.filter(pk=call.pk).update(updated_at=ended)
        self.answer(rng, status, referral, call.operator, ended)


def load_demo_referrals() -> int:
    """Create the demo referrals once; return how many were created."""
    if Referral.objects.filter(is_demo=True).exists():
        return 0
    hotline = Organisation.objects.filter(slug=HOTLINE).first()
    if (
        hotline is None
        or not Membership.objects.filter(organisation=hotline, role=Role.HOTLINE_OPERATOR).exists()
    ):
        return 0
    rng = random.Random(SEED)  # noqa: S311 (synthetic data, not secrets)
    with transaction.atomic():
        if not hotline.code_prefix:
            hotline.code_prefix = "HL"
            hotline.save(update_fields=["code_prefix"])
        builder = DemoReferralBuilder(timezone.now())
        made = builder.from_cases(rng) + builder.from_calls(rng)
        builder.expire()
    return made
