"""The 1313 hotline's call log. Anonymous by default: a caller's name and number are
kept only when she asks to be called back, and then encrypted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from himoya.cases.models import Case
from himoya.clients.models import AgeGroup, Client, Sex
from himoya.core.fields import EncryptedTextField
from himoya.core.models import Versioned
from himoya.directory.models import Language, Organisation
from himoya.geo.models import District

USER = settings.AUTH_USER_MODEL


class CallerType(models.TextChoices):
    SURVIVOR = "survivor", _("survivor")
    RELATIVE = "relative", _("relative")
    NEIGHBOUR = "neighbour", _("neighbour")
    PROFESSIONAL = "professional", _("professional")
    OTHER = "other", _("other")


class CallTopic(models.TextChoices):
    DOMESTIC_VIOLENCE = "domestic_violence", _("domestic violence")
    SEXUAL_VIOLENCE = "sexual_violence", _("sexual violence")
    LEGAL_QUESTION = "legal_question", _("legal question")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("psychological support")
    OTHER = "other", _("other")


class CallAction(models.TextChoices):
    INFORMATION = "information", _("information given")
    COUNSELLING = "counselling", _("counselling")
    REFERRAL = "referral", _("referral")
    EMERGENCY = "emergency", _("emergency services called")


class Call(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="calls")
    operator = models.ForeignKey(
        USER, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="calls"
    )
    started_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    caller_type = models.CharField(_("caller"), max_length=14, choices=CallerType.choices)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.TAJIK
    )
    topic = models.CharField(_("topic"), max_length=24, choices=CallTopic.choices)
    # himoya.incidents.models.LawForm values: the forms of violence the caller disclosed.
    forms_of_violence = models.JSONField(_("forms of violence disclosed"), default=list)
    risk_flag = models.BooleanField(_("at risk now"), default=False)
    # CallAction values: what the operator did.
    actions = models.JSONField(_("what was done"), default=list)
    callback_wanted = models.BooleanField(_("wants a call back"), default=False)
    callback_name = EncryptedTextField(_("name for the call back"), blank=True)
    callback_phone = EncryptedTextField(_("number for the call back"), blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    # Set when the call became a referral or a case: the (anonymous) client record
    # that carries the caller's consent.
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [
            models.Index(fields=["organisation", "-started_at", "-id"], name="call_log_idx"),
            # The log filtered by topic, district or risk, in the log's full order (with
            # the id), so that a page is read straight from the index, no sort.
            models.Index(
                fields=["organisation", "topic", "-started_at", "-id"], name="call_topic_log_idx"
            ),
            models.Index(
                fields=["organisation", "district", "-started_at", "-id"],
                name="call_district_log_idx",
            ),
            models.Index(
                fields=["organisation", "risk_flag", "-started_at", "-id"],
                name="call_risk_log_idx",
            ),
            models.Index(
                fields=["organisation", "operator", "-started_at"], name="call_operator_idx"
            ),
            # District and risk together, the supervisor's usual question ("who is at
            # risk in Norak?"): without it SQLite walks every at-risk call.
            models.Index(
                fields=["organisation", "district", "risk_flag", "-started_at", "-id"],
                name="call_district_risk_idx",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"C-{self.pk}"
