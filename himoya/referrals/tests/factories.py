"""Factories for referrals.

    ReferralFactory(from_case=case, service=legal_aid, sent_by=bob)
    ReferralFactory(from_case=None, from_call=call, service=shelter, sent_by=olga)

A referral is written directly, without the service layer (for list and walk tests):
a routine one for legal needs, sent now and expiring a week from now (also when told
another sending time); its client and sending organisation are those of the case or
call it comes from, its sender the case's caseworker or the call's operator, its
receiver the service's organisation.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from himoya.cases.tests.factories import CaseFactory
from himoya.directory.tests.factories import ServiceFactory
from himoya.referrals.models import Referral, ReferralStatus, Urgency


def origin(referral):
    """The case or call the referral comes from."""
    return referral.from_case or referral.from_call


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    class Params:
        now = factory.LazyFunction(timezone.now)

    from_case = factory.SubFactory(CaseFactory)
    from_call = None
    client = factory.LazyAttribute(lambda referral: origin(referral).client)
    from_organisation = factory.LazyAttribute(lambda referral: origin(referral).organisation)
    service = factory.SubFactory(ServiceFactory)
    to_organisation = factory.SelfAttribute("service.organisation")
    urgency = Urgency.ROUTINE
    needs = factory.LazyFunction(lambda: ["legal"])
    status = ReferralStatus.SENT
    sent_by = factory.LazyAttribute(
        lambda referral: (
            referral.from_case.caseworker if referral.from_case else referral.from_call.operator
        )
    )
    sent_at = factory.SelfAttribute("now")
    expires_at = factory.LazyAttribute(lambda referral: referral.now + datetime.timedelta(days=7))
