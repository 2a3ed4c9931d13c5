"""Factories for the geography. The migrations load Tajikistan's real divisions, so these
find a region or district by its key and create one only when the key is new:

    DistrictFactory(slug="isfara")          # the Isfara of the reference data
"""

import factory
from factory.django import DjangoModelFactory

from himoya.geo.models import District, Region


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "TJ-DU"
    name_tg = factory.LazyAttribute(lambda region: f"{region.code} (tg)")
    name_ru = factory.LazyAttribute(lambda region: f"{region.code} (ru)")
    name_en = factory.LazyAttribute(lambda region: region.code)


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    slug = "sino"
    region = factory.SubFactory(RegionFactory)
    kind = District.Kind.DISTRICT
    name_tg = factory.LazyAttribute(lambda district: f"{district.slug} (tg)")
    name_ru = factory.LazyAttribute(lambda district: f"{district.slug} (ru)")
    name_en = factory.LazyAttribute(lambda district: district.slug.title())
