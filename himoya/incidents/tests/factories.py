"""Factories for incidents and their alleged perpetrators.

IncidentFactory(case=case)          # a beating reported the same day, classified
PerpetratorFactory(incident=incident, relationship=Relationship.CURRENT_PARTNER)
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from himoya.cases.tests.factories import CaseFactory
from himoya.incidents.models import GBVType, Incident, Perpetrator, ReportingDelay


class IncidentFactory(DjangoModelFactory):
    """A physical assault that happened today and was reported today (classified as the
    GBVIMS tool would classify those answers)."""

    class Meta:
        model = Incident

    case = factory.SubFactory(CaseFactory)
    incident_date = factory.LazyFunction(timezone.localdate)
    reported_date = factory.SelfAttribute("incident_date")
    physical_assault = True
    gbv_type = GBVType.PHYSICAL_ASSAULT
    reporting_delay = ReportingDelay.DAYS_0_3


class PerpetratorFactory(DjangoModelFactory):
    class Meta:
        model = Perpetrator

    incident = factory.SubFactory(IncidentFactory)
