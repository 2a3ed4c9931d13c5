"""Read-only geography for forms and partners: regions and their districts."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from himoya.core.collation import sorted_by_name
from himoya.geo.choices import districts_by_region
from himoya.geo.models import District, Region

router = Router(tags=["geography"])


class RegionOut(Schema):
    code: str
    name_tg: str
    name_ru: str
    name_en: str


class DistrictOut(Schema):
    slug: str
    kind: str
    region: str
    name_tg: str
    name_ru: str
    name_en: str

    @staticmethod
    def resolve_region(obj):
        return obj.region.code


@router.get("/regions", response=list[RegionOut], auth=None)
def list_regions(request):
    return sorted_by_name(Region.objects.all())


@router.get("/districts", response={200: list[DistrictOut], 422: dict}, auth=None)
def list_districts(request, region: str | None = Query(None, max_length=8)):
    """Every district, or those of one region (its code, e.g. TJ-SU)."""
    districts = District.objects.select_related("region")
    if region:
        found = Region.objects.filter(code=region.upper()).first()
        if found is None:
            # As the directory's ?region= filter: an unknown code is an error, not "none".
            raise ValidationError({"region": [_("Unknown region.")]})
        districts = districts.filter(region=found)
    # Grouped by region, both alphabetically in the language of the request.
    return [district for _region, group in districts_by_region(districts) for district in group]
