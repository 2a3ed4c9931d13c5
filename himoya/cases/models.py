"""A survivor's case at one organisation, through the six steps of GBV case management."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from himoya.clients.models import Client
from himoya.core.fields import EncryptedTextField
from himoya.core.models import Versioned
from himoya.directory.models import Organisation, Sector, ServiceType
from himoya.geo.models import District

USER = settings.AUTH_USER_MODEL


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACTIVE = "active", _("active")
    CLOSURE_REQUESTED = "closure_requested", _("closure requested")
    CLOSED = "closed", _("closed")


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class RiskLevel(models.TextChoices):
    UNKNOWN = "unknown", _("not assessed")
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class CaseStep(models.TextChoices):
    ENGAGEMENT = "engagement", _("engagement")
    ASSESSMENT = "assessment", _("assessment")
    PLANNING = "planning", _("case action planning")
    IMPLEMENTATION = "implementation", _("implementation")
    FOLLOW_UP = "follow_up", _("follow-up")
    CLOSURE = "closure", _("closure")


class Case(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="cases")
    caseworker = models.ForeignKey(
        USER, verbose_name=_("caseworker"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.UNKNOWN
    )
    step = models.CharField(
        _("step"), max_length=16, choices=CaseStep.choices, default=CaseStep.ENGAGEMENT
    )
    # Copied from the client so that lists filter without a join.
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT
    )
    opened_at = models.DateTimeField(_("opened"), db_index=True)
    opened_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    # The earliest open follow-up or action due date, kept up to date by the services,
    # so "overdue" is one indexed comparison.
    next_due = models.DateField(_("next due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "status", "-opened_at"]),
            models.Index(fields=["organisation", "caseworker", "-opened_at"]),
            models.Index(fields=["organisation", "next_due"]),
            models.Index(fields=["organisation", "risk_level", "-opened_at"]),
            models.Index(fields=["organisation", "district", "-opened_at"]),
            # The unfiltered case list: newest first, read in index order up to one page.
            models.Index(fields=["organisation", "-opened_at", "-id"], name="case_org_opened_idx"),
        ]

    def __str__(self):
        return self.client.code

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class CaseEvent(models.Model):
    """The case's history: opened, assigned, step changed, closure requested/approved, reopened."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        ASSIGNED = "assigned", _("assigned")
        STEP = "step", _("step changed")
        CLOSURE_REQUESTED = "closure_requested", _("closure requested")
        CLOSURE_REJECTED = "closure_rejected", _("closure sent back")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")
        PLAN_APPROVED = "plan_approved", _("case plan approved")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class RiskAssessment(models.Model):
    """A danger checklist; the level and its reasons are derived (see cases.risk)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_assessments")
    threats_to_kill = models.BooleanField(_("threats to kill"), default=False)
    weapon = models.BooleanField(_("weapon used or threatened"), default=False)
    strangulation = models.BooleanField(_("strangulation or choking"), default=False)
    escalation = models.BooleanField(_("violence more frequent or more severe"), default=False)
    pregnancy = models.BooleanField(_("pregnant"), default=False)
    children_at_risk = models.BooleanField(_("children at risk"), default=False)
    perpetrator_access = models.BooleanField(_("perpetrator has access to her"), default=False)
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    reasons = models.JSONField(default=list)
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["-assessed_at", "-id"]


class SafetyPlan(Versioned):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="safety_plan")
    plan = EncryptedTextField(_("safety plan"), blank=True)
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")


class CasePlan(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("waiting for approval")
        APPROVED = "approved", _("approved")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)


class CaseAction(Versioned):
    """A goal of the case plan and the action that serves it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    goal = EncryptedTextField(_("goal"))
    action = EncryptedTextField(_("action"))
    responsible_user = models.ForeignKey(
        USER, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    responsible_organisation = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]


class ServiceDelivery(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    date = models.DateField(_("date"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    service_type = models.CharField(_("service type"), max_length=40, choices=ServiceType.choices)
    provided_by = models.ForeignKey(
        USER, verbose_name=_("provided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]


class FollowUp(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    due_date = models.DateField(_("due date"))
    assigned_to = models.ForeignKey(
        USER, verbose_name=_("assigned to"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = EncryptedTextField(_("purpose"), blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["assigned_to", "done_at", "due_date"])]


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    text = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Attachment(models.Model):
    """A file stored encrypted on disk under a random name; served only through a view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    storage_name = models.CharField(max_length=64, unique=True)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Closure(models.Model):
    """A request to close the case, with its checklist, and the supervisor's decision."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closures")
    reason = models.CharField(max_length=30)
    checklist = models.JSONField(default=dict)
    note = EncryptedTextField(blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
