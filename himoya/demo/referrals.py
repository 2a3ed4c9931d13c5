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
"""

import datetime
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from himoya.accounts.models import Membership
from himoya.cases.models import Case, CaseEvent, CaseStatus, ServiceDelivery
from himoya.cases.services.service_deliveries import add_service_delivery
from himoya.clients.consent import give_consent, has_consent
from himoya.clients.models import AgeGroup, Client, Consent, ConsentKind, ConsentMethod
from himoya.core.roles import Role
from himoya.demo import case_data
from himoya.demo.calls import HOTLINE, referral_target
from himoya.demo.people import staff_of
from himoya.directory.models import Organisation, Service, ServiceType
from himoya.directory.search import NEEDS
from himoya.hotline.models import Call, CallAction
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.deadlines import response_deadline
from himoya.referrals.models import DeclineReason, Referral, ReferralStatus, Urgency
from himoya.referrals.services.calls import refer_from_call
from himoya.referrals.services.expiry import expire_overdue
from himoya.referrals.services.sending import send_referral
from himoya.referrals.services.steps import (
    accept_referral,
    decline_referral,
    withdraw_referral,
)

S = ReferralStatus
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
# The other needs a survivor often has beside the one the service meets.
SECOND_NEEDS = ["psychological", "legal", "livelihood", "medical"]
DECLINE_NOTES = {
    DeclineReason.OTHER: "Клиентка уже получает эту услугу в другой организации.",
}
WITHDRAWAL_NOTES = [
    "Мизоҷ ба назди хешовандонаш ба ноҳияи дигар рафт.",
    "Клиентка передумала и просит пока ничего не делать.",
    "Ба ташкилоти дигар, ки наздиктар аст, равон кардем.",
]
NEED_OF_TYPE = {
    service_type: need
    for need, (_label, types) in reversed(NEEDS.items())
    if need != "any"
    for service_type in types
}


def _between(rng, start, end):
    """A moment between start and end (end when the span is empty)."""
    span = (end - start).total_seconds()
    return end if span <= 0 else start + datetime.timedelta(seconds=rng.uniform(0, span))


class DemoReferralBuilder:
    """Chooses the demo cases and hotline calls to refer from and the status each
    referral ends in, then takes each referral there as its sender and receiver would,
    and dates each step (the services stamp "now")."""

    def __init__(self, now):
        self.now = now
        self.expiry = datetime.timedelta(days=settings.HIMOYA_REFERRAL_EXPIRY_DAYS)
        self._staff = {}
        self.expiring: list[Referral] = []
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

    # --- one referral through its whole life -------------------------------------

    def staff(self, organisation):
        if organisation.pk not in self._staff:
            self._staff[organisation.pk] = staff_of(organisation)
        return self._staff[organisation.pk]

    def needs(self, rng, service) -> list[str]:
        need = NEED_OF_TYPE[service.service_type]
        return [need] + ([rng.choice(SECOND_NEEDS)] if rng.random() < 0.4 else [])

    def make(
        self,
        rng,
        status,
        *,
        client,
        service,
        sender,
        sent_at,
        consent_after,
        urgency,
        message,
        share_safe_contact,
        from_case,
    ) -> None:
        """A referral from a case: her consent to share first, then the referral."""
        self.sharing_consent(rng, client, service, sender, consent_after, sent_at)
        referral = send_referral(
            sender,
            client=client,
            service=service,
            urgency=urgency,
            needs=self.needs(rng, service),
            message=message,
            share_safe_contact=share_safe_contact,
            from_case=from_case,
        )
        self.answer(rng, status, referral, sender, sent_at)

    def answer(self, rng, status, referral, sender, sent_at) -> None:
        """Date the referral and take it to `status` as the receiver (or sender) would."""
        service = referral.service
        expires_at = sent_at + self.expiry
        self.restamp(
            referral,
            is_demo=True,
            sent_at=sent_at,
            expires_at=expires_at,
            respond_by=response_deadline(referral.urgency, sent_at, expires_at),
        )
        self.stamp_notifications(referral, NotificationKind.REFERRAL_RECEIVED, sent_at)
        caseworkers, supervisors = self.staff(service.organisation)
        answer_by = min(sent_at + self.expiry - datetime.timedelta(hours=1), self.now)
        if status in (S.ACCEPTED, S.COMPLETED):
            self.accept(
                rng,
                referral,
                rng.choice(caseworkers),
                status,
                _between(
                    rng,
                    sent_at + datetime.timedelta(hours=2),
                    min(sent_at + datetime.timedelta(days=3), answer_by),
                ),
            )
        elif status == S.DECLINED:
            at = _between(rng, sent_at + datetime.timedelta(hours=3), answer_by)
            reason = rng.choice(list(DeclineReason))
            referral = decline_referral(
                rng.choice(caseworkers + supervisors),
                referral,
                expected_version=referral.version,
                reason=reason,
                note=DECLINE_NOTES.get(reason, ""),
            )
            self.restamp(referral, declined_at=at)
            self.stamp_notifications(referral, NotificationKind.REFERRAL_DECLINED, at)
        elif status == S.WITHDRAWN:
            at = _between(rng, sent_at + datetime.timedelta(hours=1), answer_by)
            referral = withdraw_referral(
                sender,
                referral,
                expected_version=referral.version,
                note=rng.choice(WITHDRAWAL_NOTES),
            )
            self.restamp(referral, withdrawn_at=at)
            self.stamp_notifications(referral, NotificationKind.REFERRAL_WITHDRAWN, at)
        elif status == S.EXPIRED:
            self.expiring.append(referral)

    def sharing_consent(self, rng, client, service, actor, after, sent_at) -> None:
        """Her consent to share with B, recorded before the referral (if not on file)."""
        organisation = service.organisation
        if has_consent(
            client, ConsentKind.SHARE_ORGANISATION, organisation=organisation, sector=service.sector
        ):
            return
        consent = give_consent(
            client,
            ConsentKind.SHARE_ORGANISATION,
            rng.choice(ConsentMethod.values),
            actor,
            recipient_organisation=organisation,
        )
        taken = _between(
            rng,
            max(after, sent_at - datetime.timedelta(days=2)),
            sent_at - datetime.timedelta(minutes=5),
        )
        Consent.objects.filter(pk=consent.pk).update(taken_at=max(taken, after))

    def accept(self, rng, referral, worker, status, accepted_at) -> None:
        referral = accept_referral(
            worker,
            referral,
            expected_version=referral.version,
            services_consent_method=rng.choice(ConsentMethod.values),
        )
        case = referral.receiving_case
        self.restamp(referral, accepted_at=accepted_at)
        self.stamp_notifications(referral, NotificationKind.REFERRAL_ACCEPTED, accepted_at)
        Case.objects.filter(pk=case.pk).update(
            opened_at=accepted_at, created_at=accepted_at, updated_at=accepted_at
        )
        CaseEvent.objects.filter(case=case).update(at=accepted_at)
        Client.objects.filter(pk=case.client_id).update(
            created_at=accepted_at, updated_at=accepted_at
        )
        Consent.objects.filter(client_id=case.client_id).update(taken_at=accepted_at)
        if status != S.COMPLETED:
            return
        done = _between(
            rng,
            accepted_at + datetime.timedelta(hours=4),
            min(accepted_at + datetime.timedelta(days=14), self.now),
        )
        service = referral.service
        # Recording the service in B's own case completes the referral (the real hook).
        delivery = add_service_delivery(
            case,
            actor=worker,
            values={
                "date": timezone.localdate(done),
                "sector": service.sector,
                "service_type": service.service_type,
                "notes": case_data.SERVICE_NOTES.get(service.service_type, ""),
            },
        )
        ServiceDelivery.objects.filter(pk=delivery.pk).update(created_at=done)
        completed = Referral.objects.get(pk=referral.pk)
        assert completed.status == S.COMPLETED, "the service should complete the referral"
        self.restamp(completed, completed_at=done)
        self.stamp_notifications(completed, NotificationKind.REFERRAL_COMPLETED, done)

    def expire(self) -> None:
        """Let the real expiry job expire the unanswered ones, then date it at the deadline."""
        expire_overdue(now=self.now)
        for referral in self.expiring:
            referral.refresh_from_db()
            self.restamp(referral, expired_at=referral.expires_at)
            self.stamp_notifications(
                referral, NotificationKind.REFERRAL_EXPIRED, referral.expires_at
            )

    def restamp(self, referral, **fields) -> None:
        Referral.objects.filter(pk=referral.pk).update(updated_at=self.now, **fields)
        for name, value in fields.items():
            setattr(referral, name, value)

    def stamp_notifications(self, referral, kind, at) -> None:
        """Date the notifications at the event; the ones older than two days were read."""
        read = (
            at + datetime.timedelta(hours=1) if at < self.now - datetime.timedelta(days=2) else None
        )
        Notification.objects.filter(referral=referral, kind=kind).update(
            created_at=at, read_at=read
        )


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
