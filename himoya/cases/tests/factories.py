"""Factories for cases and their sections.

Rows are written directly (no services, no audit) so that a test of one part does not
depend on another part's code. Inside HimoyaTestCase (bob, sam, ... exist):

    case = CaseFactory(organisation=self.alpha, caseworker=self.bob)
    case = CaseFactory(organisation=self.alpha, status=CaseStatus.CLOSED)   # closed now
    FollowUpFactory(case=case, due_date=today - timedelta(days=2))

A case gets a new client unless given one; when it has a caseworker, that client comes
with a consent to services the caseworker took. A section's author or assignee is the
case's caseworker unless told otherwise.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from himoya.cases.models import (
    Attachment,
    Case,
    CaseAction,
    CaseEvent,
    CasePlan,
    CaseStatus,
    CaseStep,
    Closure,
    FollowUp,
    Note,
    RiskAssessment,
    RiskLevel,
    SafetyPlan,
    ServiceDelivery,
)
from himoya.clients.tests.factories import ClientFactory
from himoya.directory.models import SECTOR_OF_SERVICE_TYPE, ServiceType
from himoya.directory.tests.factories import OrganisationFactory


def closed_now_if_closed(case):
    return timezone.now() if case.status == CaseStatus.CLOSED else None


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    caseworker = None
    client = factory.SubFactory(
        ClientFactory,
        organisation=factory.SelfAttribute("..organisation"),
        created_by=factory.SelfAttribute("..caseworker"),
        # Its post-generation argument is resolved one level further down (the hook's
        # own context): "..." is the case.
        services_consent=factory.SelfAttribute("...caseworker"),
    )
    status = CaseStatus.OPEN
    step = CaseStep.ENGAGEMENT
    district = factory.SelfAttribute("client.district")
    opened_at = factory.LazyFunction(timezone.now)
    opened_by = factory.SelfAttribute("caseworker")
    closed_at = factory.LazyAttribute(closed_now_if_closed)


class CaseEventFactory(DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    kind = CaseEvent.Kind.OPENED
    actor = factory.SelfAttribute("case.caseworker")
    at = factory.LazyFunction(timezone.now)


class RiskAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = RiskAssessment

    case = factory.SubFactory(CaseFactory)
    level = RiskLevel.LOW
    assessed_by = factory.SelfAttribute("case.caseworker")
    assessed_at = factory.LazyFunction(timezone.now)


class SafetyPlanFactory(DjangoModelFactory):
    class Meta:
        model = SafetyPlan

    case = factory.SubFactory(CaseFactory)
    plan = "Keep a bag with documents at a neighbour's house"
    updated_by = factory.SelfAttribute("case.caseworker")


class CasePlanFactory(DjangoModelFactory):
    class Meta:
        model = CasePlan

    case = factory.SubFactory(CaseFactory)


class CaseActionFactory(DjangoModelFactory):
    class Meta:
        model = CaseAction

    case = factory.SubFactory(CaseFactory)
    goal = "Safety"
    action = "Find a shelter place"
    due_date = None


class ServiceDeliveryFactory(DjangoModelFactory):
    """A psychological support session of the case's own organisation, today."""

    class Meta:
        model = ServiceDelivery

    case = factory.SubFactory(CaseFactory)
    date = factory.LazyFunction(timezone.localdate)
    service_type = ServiceType.PSYCHOLOGICAL_SUPPORT
    sector = factory.LazyAttribute(lambda service: SECTOR_OF_SERVICE_TYPE[service.service_type])
    organisation = factory.SelfAttribute("case.organisation")
    provided_by = factory.SelfAttribute("case.caseworker")


class FollowUpFactory(DjangoModelFactory):
    """Due in a week, assigned to the case's caseworker."""

    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    assigned_to = factory.SelfAttribute("case.caseworker")


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Note

    case = factory.SubFactory(CaseFactory)
    author = factory.SelfAttribute("case.caseworker")
    text = "She called to say she is safe"


class AttachmentFactory(DjangoModelFactory):
    """An attachment row with no file behind it (tests that read files upload them)."""

    class Meta:
        model = Attachment

    case = factory.SubFactory(CaseFactory)
    uploaded_by = factory.SelfAttribute("case.caseworker")
    filename = "letter.pdf"
    content_type = "application/pdf"
    size = 10
    storage_name = factory.Sequence(lambda n: f"{n:064d}")
    sha256 = "0" * 64


class ClosureFactory(DjangoModelFactory):
    """A request to close the case, not yet decided."""

    class Meta:
        model = Closure

    case = factory.SubFactory(CaseFactory)
    reason = "goals_met"
    requested_by = factory.SelfAttribute("case.caseworker")
    requested_at = factory.LazyFunction(timezone.now)
