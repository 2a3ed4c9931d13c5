"""Factories for the hotline's calls.

    CallFactory(organisation=alpha, operator=olga, risk_flag=True)

A call is written directly (the tests drive the services themselves): a survivor's
twelve-minute call about domestic violence an hour ago, from Isfara.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from himoya.accounts.tests.factories import UserFactory
from himoya.core.roles import Role
from himoya.directory.tests.factories import OrganisationFactory
from himoya.geo.tests.factories import DistrictFactory
from himoya.hotline.models import Call, CallerType, CallTopic


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call

    organisation = factory.SubFactory(OrganisationFactory)
    operator = factory.SubFactory(
        UserFactory,
        organisation=factory.SelfAttribute("..organisation"),
        role=Role.HOTLINE_OPERATOR,
    )
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    duration_minutes = 12
    caller_type = CallerType.SURVIVOR
    topic = CallTopic.DOMESTIC_VIOLENCE
    district = factory.SubFactory(DistrictFactory, slug="isfara")
