"""Tajikistan's administrative divisions: regions, districts and cities, jamoats."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from himoya.core.translation import TranslatedTextMixin


class Region(TranslatedTextMixin):
    """A first-level division, keyed by its ISO 3166-2 code (TJ-SU, ...)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class District(TranslatedTextMixin):
    """A district (nohiya), a city of regional status, or a city district of Dushanbe."""

    class Kind(models.TextChoices):
        CITY_DISTRICT = "city_district", _("city district")
        CITY_OF_REGION = "city_of_region", _("city of regional status")
        DISTRICT = "district", _("district")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        ordering = ["region__position", "name_en"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class Jamoat(TranslatedTextMixin):
    """A rural municipality inside a district; added where the data needs one."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="jamoats")
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("jamoat")
        verbose_name_plural = _("jamoats")

    def __str__(self):
        return self.name
