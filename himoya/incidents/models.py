"""Incidents of violence, classified with the GBVIMS Classification Tool and the 2013 law."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from himoya.clients.models import AgeGroup, Sex
from himoya.core.fields import EncryptedTextField
from himoya.core.models import Versioned
from himoya.geo.models import District


class GBVType(models.TextChoices):
    """The six GBVIMS core types, plus incidents that are not GBV."""

    RAPE = "rape", _("rape")
    SEXUAL_ASSAULT = "sexual_assault", _("sexual assault")
    PHYSICAL_ASSAULT = "physical_assault", _("physical assault")
    FORCED_MARRIAGE = "forced_marriage", _("forced marriage")
    DENIAL_OF_RESOURCES = "denial_of_resources", _("denial of resources, opportunities or services")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("psychological or emotional abuse")
    NON_GBV = "non_gbv", _("not gender-based violence")


class ContextFlag(models.TextChoices):
    INTIMATE_PARTNER = "intimate_partner_violence", _("intimate partner violence")
    CHILD_SEXUAL_ABUSE = "child_sexual_abuse", _("child sexual abuse")
    EARLY_MARRIAGE = "early_marriage", _("early marriage")
    SEXUAL_EXPLOITATION = "possible_sexual_exploitation", _("possible sexual exploitation")
    SEXUAL_SLAVERY = "possible_sexual_slavery", _("possible sexual slavery")
    HARMFUL_PRACTICE = "harmful_traditional_practice", _("harmful traditional practice")


class LawForm(models.TextChoices):
    """Forms of violence in the family under Tajikistan's 2013 law.

    The labels carry a context: "physical" alone is also a kind of disability, and in
    Russian the two take different genders (физическое насилие, физическая инвалидность).
    """

    PHYSICAL = "physical", pgettext_lazy("form of violence", "physical")
    PSYCHOLOGICAL = "psychological", pgettext_lazy("form of violence", "psychological")
    SEXUAL = "sexual", pgettext_lazy("form of violence", "sexual")
    ECONOMIC = "economic", pgettext_lazy("form of violence", "economic")


class LocationType(models.TextChoices):
    SURVIVOR_HOME = "survivor_home", _("survivor's home")
    PERPETRATOR_HOME = "perpetrator_home", _("perpetrator's home")
    SHARED_HOME = "shared_home", _("shared home")
    IN_LAWS_HOME = "in_laws_home", _("in-laws' home")
    STREET = "street", _("street or public place")
    WORKPLACE = "workplace", _("workplace")
    SCHOOL = "school", _("school")
    ONLINE = "online", _("online or by phone")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("not known")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("evening or night")
    UNKNOWN = "unknown", _("not known")


class ReportingDelay(models.TextChoices):
    """The Incident Recorder's buckets for days between incident and report."""

    DAYS_0_3 = "0-3", _("0–3 days")
    DAYS_4_5 = "4-5", _("4–5 days")
    DAYS_6_14 = "6-14", _("6–14 days")
    WEEKS_2_4 = "15-30", _("2 weeks to 1 month")
    OVER_MONTH = "31+", _("over 1 month")


class PreviousIncidents(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not known")


class Relationship(models.TextChoices):
    CURRENT_PARTNER = "current_partner", _("current intimate partner or husband")
    FORMER_PARTNER = "former_partner", _("former partner or husband")
    FAMILY = "family", _("family member")
    IN_LAW = "in_law", _("in-law")
    CAREGIVER = "caregiver", _("primary caregiver")
    ACQUAINTANCE = "acquaintance", _("acquaintance or neighbour")
    AUTHORITY = "authority", _("teacher, employer or person in authority")
    STRANGER = "stranger", _("stranger")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("not known")


INTIMATE_PARTNER_RELATIONSHIPS = frozenset(
    {Relationship.CURRENT_PARTNER, Relationship.FORMER_PARTNER}
)


class Incident(Versioned):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="incidents")
    incident_date = models.DateField(_("date of incident"))
    reported_date = models.DateField(_("date reported"))
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT
    )
    location_type = models.CharField(
        _("where it happened"), max_length=20, choices=LocationType.choices,
        default=LocationType.UNKNOWN,
    )
    time_of_day = models.CharField(
        _("time of day"), max_length=10, choices=TimeOfDay.choices, default=TimeOfDay.UNKNOWN
    )
    description = EncryptedTextField(_("what happened"), blank=True)
    previous_incidents = models.CharField(
        _("earlier incidents by the same perpetrator"), max_length=8,
        choices=PreviousIncidents.choices, default=PreviousIncidents.UNKNOWN,
    )
    # The Classification Tool's answers, kept so the classification can be explained.
    penetration = models.BooleanField(default=False)
    sexual_contact = models.BooleanField(default=False)
    physical_assault = models.BooleanField(default=False)
    forced_marriage = models.BooleanField(default=False)
    denial_of_resources = models.BooleanField(default=False)
    psychological_abuse = models.BooleanField(default=False)
    # Context questions.
    money_or_goods_exchanged = models.BooleanField(default=False)
    abducted_or_held = models.BooleanField(default=False)
    harmful_traditional_practice = models.BooleanField(default=False)
    # Derived, stored for statistics (see himoya.incidents.gbvims).
    gbv_type = models.CharField(_("type of GBV"), max_length=24, choices=GBVType.choices)
    context_flags = models.JSONField(_("context"), default=list, blank=True)
    law_forms = models.JSONField(_("forms of violence (2013 law)"), default=list, blank=True)
    reporting_delay = models.CharField(
        _("reporting delay"), max_length=6, choices=ReportingDelay.choices
    )

    class Meta:
        ordering = ["-incident_date", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["gbv_type", "incident_date"])]


class Perpetrator(models.Model):
    """One alleged perpetrator, or a group of them described together."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="perpetrators")
    count = models.PositiveSmallIntegerField(_("number of perpetrators"), default=1)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.MALE)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    relationship = models.CharField(
        _("relationship to the survivor"), max_length=20, choices=Relationship.choices,
        default=Relationship.UNKNOWN,
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("alleged perpetrator")
        verbose_name_plural = _("alleged perpetrators")
