"""Read-only geography for forms and partners: regions and their districts."""

from ninja import Router, Schema

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
    return Region.objects.all()


@router.get("/districts", response=list[DistrictOut], auth=None)
def list_districts(request, region: str | None = None):
    districts = District.objects.select_related("region")
    if region:
        districts = districts.filter(region__code=region)
    return districts
