"""Bulk-fills the referral and hotline bench (himoya.bench_referrals): the hotline calls,
every 25th referred with an anonymous client, and the referrals from the bench cases,
40% of them to the one large receiver."""

import datetime

from django.utils import timezone

from himoya.bench_cases import PREFIX as CASE_PREFIX
from himoya.bench_cases import _staff
from himoya.bench_referrals_rows import (
    BATCH,
    BIG_RECEIVER,
    BIG_SHARE,
    CALL_REFERRAL_EVERY,
    CALLERS,
    TOPICS,
    YEARS,
    _hotline,
    _pick,
    _referral,
    _services,
)


class Filler:
    def __init__(self, rng):
        from himoya.directory.models import Organisation
        from himoya.geo.models import District

        self.rng = rng
        self.now = timezone.now()
        self.organisations = list(
            Organisation.objects.filter(slug__startswith=CASE_PREFIX).order_by("pk")
        )
        self.services = _services(self.organisations)
        self.big = next(o for o in self.organisations if o.slug == BIG_RECEIVER)
        # Who answers at each receiver: its supervisor.
        self.receivers = {
            organisation.pk: _staff(organisation, index, 0)[1].pk
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
        from himoya.hotline.models import Call

        hotline, operators = _hotline()
        missing = total - Call.objects.filter(organisation=hotline).count()
        for start in range(0, max(missing, 0), BATCH):
            size = min(BATCH, missing - start)
            calls = [self.call(hotline, operators) for _ in range(size)]
            Call.objects.bulk_create(calls, batch_size=2000)
            self.refer_calls(hotline, [c for c in calls if "referral" in c.actions])
        return max(missing, 0)

    def call(self, hotline, operators):
        from himoya.hotline.models import Call

        rng = self.rng
        topic = _pick(rng, TOPICS)
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
            caller_type=_pick(rng, CALLERS),
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
        from himoya.clients.identity import code_prefix, format_code
        from himoya.clients.models import Client, ClientCodeCounter
        from himoya.hotline.models import Call
        from himoya.referrals.models import Referral

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
        from himoya.cases.models import Case
        from himoya.referrals.models import Referral

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
