"""One demo referral's life, for himoya.referrals.demo_referrals: the survivor's consent
to share recorded first, the referral sent through the real services, then accepted
(the receiver opens its own case), completed (the service recorded in that case),
declined, withdrawn or left to expire; each step then dated back, in order."""

import datetime

from django.conf import settings
from django.utils import timezone

from himoya.cases import demo_case_data as case_data
from himoya.cases.demo_cases import staff_of
from himoya.cases.models import Case, CaseEvent, ServiceDelivery
from himoya.cases.services_records import add_service_delivery
from himoya.clients.consent import give_consent, has_consent
from himoya.clients.models import Client, Consent, ConsentKind, ConsentMethod
from himoya.directory.search import NEEDS
from himoya.notifications.models import Notification, NotificationKind
from himoya.referrals.deadlines import response_deadline
from himoya.referrals.models import DeclineReason, Referral, ReferralStatus
from himoya.referrals.services import (
    accept_referral,
    decline_referral,
    send_referral,
    withdraw_referral,
)
from himoya.referrals.services_expiry import expire_overdue

S = ReferralStatus
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


class DemoReferralLifecycle:
    """Takes a demo referral through its life as its sender and receiver would, and
    dates each step (the services stamp "now")."""

    def __init__(self, now):
        self.now = now
        self.expiry = datetime.timedelta(days=settings.HIMOYA_REFERRAL_EXPIRY_DAYS)
        self._staff = {}
        self.expiring: list[Referral] = []

    def staff(self, organisation):
        if organisation.pk not in self._staff:
            self._staff[organisation.pk] = staff_of(organisation)
        return self._staff[organisation.pk]

    # --- one referral through its whole life -------------------------------------

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
