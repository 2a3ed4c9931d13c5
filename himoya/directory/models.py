"""The service directory: organisations, their locations and the services they offer."""

import re
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from himoya.core.models import Versioned
from himoya.core.translation import TranslatedTextMixin
from himoya.geo.models import District, Jamoat


class OrganisationKind(models.TextChoices):
    LEGAL_AID_OFFICE = "legal_aid_office", _("state legal aid office")
    ADVOCATES_BUREAU = "advocates_bureau", _("advocates' bureau")
    CRISIS_CENTRE = "crisis_centre", _("NGO crisis centre")
    SHELTER = "shelter", _("shelter")
    HEALTH = "health", _("hospital or rehabilitation centre")
    HOTLINE = "hotline", _("hotline")
    POLICE = "police", _("police")
    COURT = "court", _("court")
    GOVERNMENT = "government", _("government body")
    INTERNATIONAL = "international", _("international partner")


class Sector(models.TextChoices):
    """The sectors of the UN Essential Services Package."""

    HEALTH = "health", _("health")
    JUSTICE = "justice", _("justice and policing")
    SOCIAL = "social", _("social services")
    COORDINATION = "coordination", _("coordination")


class ServiceType(models.TextChoices):
    PRIMARY_LEGAL_AID = "primary_legal_aid", _("primary legal aid")
    SECONDARY_LEGAL_AID = "secondary_legal_aid", _("secondary legal aid")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("psychological support")
    CRISIS_COUNSELLING = "crisis_counselling", _("crisis counselling")
    MEDICAL_CARE = "medical_care", _("medical care")
    FORENSIC_DOCUMENTATION = "forensic_documentation", _("forensic documentation")
    TEMPORARY_SHELTER = "temporary_shelter", _("temporary shelter")
    LIVELIHOOD = "livelihood", _("livelihood and employment")
    HOTLINE_COUNSELLING = "hotline_counselling", _("hotline counselling")
    POLICE_PROTECTION = "police_protection", _("police protection")
    PROTECTION_ORDER = "protection_order", _("protection orders")
    CASE_COORDINATION = "case_coordination", _("case coordination")


# The sector each service type belongs to, used to pre-fill forms and check consistency.
SECTOR_OF_SERVICE_TYPE = {
    ServiceType.PRIMARY_LEGAL_AID: Sector.JUSTICE,
    ServiceType.SECONDARY_LEGAL_AID: Sector.JUSTICE,
    ServiceType.PSYCHOLOGICAL_SUPPORT: Sector.SOCIAL,
    ServiceType.CRISIS_COUNSELLING: Sector.SOCIAL,
    ServiceType.MEDICAL_CARE: Sector.HEALTH,
    ServiceType.FORENSIC_DOCUMENTATION: Sector.HEALTH,
    ServiceType.TEMPORARY_SHELTER: Sector.SOCIAL,
    ServiceType.LIVELIHOOD: Sector.SOCIAL,
    ServiceType.HOTLINE_COUNSELLING: Sector.SOCIAL,
    ServiceType.POLICE_PROTECTION: Sector.JUSTICE,
    ServiceType.PROTECTION_ORDER: Sector.JUSTICE,
    ServiceType.CASE_COORDINATION: Sector.COORDINATION,
}


class Language(models.TextChoices):
    """Languages a service can be received in (ISO 639-1)."""

    TAJIK = "tg", _("Tajik")
    RUSSIAN = "ru", _("Russian")
    UZBEK = "uz", _("Uzbek")
    KYRGYZ = "ky", _("Kyrgyz")
    ENGLISH = "en", _("English")


class Organisation(TranslatedTextMixin, Versioned):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    name_tg = models.CharField(_("name (Tajik)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_tg = models.TextField(_("description (Tajik)"), blank=True, max_length=4000)
    description_ru = models.TextField(_("description (Russian)"), blank=True, max_length=4000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=4000)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    # Client codes look like KU-2026-000123; the prefix is chosen once per organisation.
    code_prefix = models.CharField(
        _("client code prefix"), max_length=6, blank=True,
        help_text=_("Two to six capital letters, e.g. KU. Used in client codes."),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def client_code_prefix(self) -> str:
        """What its client codes start with: the chosen prefix, else the initials of the
        English name (Korvoni Umed -> KU). A new organisation may not take one in use (see
        services.create_organisation): receivers see the codes on referrals."""
        chosen = re.sub(r"[^A-Za-z]", "", self.code_prefix or "").upper()
        if chosen:
            return chosen[:6]
        words = re.findall(r"[A-Za-z]+", self.name_en or "")
        capitalised = [word for word in words if word[0].isupper()] or words
        if len(capitalised) == 1:
            return capitalised[0][:2].upper()
        initials = "".join(word[0] for word in capitalised).upper()[:6]
        return initials or "HM"

    @property
    def description(self) -> str:
        return self.translated("description")


class Location(TranslatedTextMixin, Versioned):
    """A place where an organisation receives people."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations"
    )
    name_tg = models.CharField(_("name (Tajik)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    address_tg = models.CharField(_("address (Tajik)"), max_length=300, blank=True)
    address_ru = models.CharField(_("address (Russian)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    jamoat = models.ForeignKey(
        Jamoat, verbose_name=_("jamoat"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Shelter addresses are confidential: shown only to signed-in partner staff.
    is_confidential = models.BooleanField(_("address is confidential"), default=False)

    class Meta:
        ordering = ["organisation", "name_en"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return self.translated("address")


class Service(TranslatedTextMixin, Versioned):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    service_type = models.CharField(_("service type"), max_length=40, choices=ServiceType.choices)
    name_tg = models.CharField(_("name (Tajik)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_tg = models.TextField(_("description (Tajik)"), blank=True, max_length=4000)
    description_ru = models.TextField(_("description (Russian)"), blank=True, max_length=4000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=4000)
    districts_served = models.ManyToManyField(
        District, verbose_name=_("districts served"), related_name="services"
    )
    locations = models.ManyToManyField(
        Location, verbose_name=_("locations"), blank=True, related_name="services"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    hours_tg = models.CharField(_("opening hours (Tajik)"), max_length=300, blank=True)
    hours_ru = models.CharField(_("opening hours (Russian)"), max_length=300, blank=True)
    hours_en = models.CharField(_("opening hours (English)"), max_length=300, blank=True)
    eligibility_tg = models.TextField(_("who can use it (Tajik)"), blank=True, max_length=2000)
    eligibility_ru = models.TextField(_("who can use it (Russian)"), blank=True, max_length=2000)
    eligibility_en = models.TextField(_("who can use it (English)"), blank=True, max_length=2000)
    what_to_bring_tg = models.TextField(_("what to bring (Tajik)"), blank=True, max_length=2000)
    what_to_bring_ru = models.TextField(_("what to bring (Russian)"), blank=True, max_length=2000)
    what_to_bring_en = models.TextField(_("what to bring (English)"), blank=True, max_length=2000)
    is_free = models.BooleanField(_("free of charge"), default=True)
    fees_tg = models.CharField(_("fees (Tajik)"), max_length=300, blank=True)
    fees_ru = models.CharField(_("fees (Russian)"), max_length=300, blank=True)
    fees_en = models.CharField(_("fees (English)"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (shelter beds)"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["organisation__name_en", "name_en"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["service_type", "is_active"])]

    def __str__(self):
        return self.name

    @property
    def description(self) -> str:
        return self.translated("description")

    @property
    def hours(self) -> str:
        return self.translated("hours")

    @property
    def eligibility(self) -> str:
        return self.translated("eligibility")

    @property
    def what_to_bring(self) -> str:
        return self.translated("what_to_bring")

    @property
    def fees(self) -> str:
        return self.translated("fees")


class Phone(models.Model):
    """A phone number of an organisation, optionally for one of its services."""

    class Kind(models.TextChoices):
        VOICE = "voice", _("voice")
        HOTLINE = "hotline", _("hotline")
        SMS = "sms", _("SMS")
        MESSENGER = "messenger", _("messenger")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="phones")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.VOICE)
    is_free_call = models.BooleanField(_("free call"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self):
        return self.number
