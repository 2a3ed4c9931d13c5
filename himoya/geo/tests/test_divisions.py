import pytest

from himoya.geo.models import District, Jamoat, Region

pytestmark = pytest.mark.django_db


def test_every_region_and_district_is_loaded_in_three_languages():
    assert Region.objects.count() == 5
    counts = {r.code: r.districts.count() for r in Region.objects.all()}
    assert counts == {"TJ-DU": 4, "TJ-SU": 18, "TJ-KT": 25, "TJ-RA": 13, "TJ-GB": 8}
    for district in District.objects.all():
        assert district.name_tg and district.name_ru and district.name_en


def test_counts_by_kind_match_the_official_division():
    kinds = District.Kind
    assert District.objects.filter(kind=kinds.DISTRICT).count() == 47
    assert District.objects.filter(kind=kinds.CITY_OF_REGION).count() == 17
    assert District.objects.filter(kind=kinds.CITY_DISTRICT).count() == 4


def test_seed_districts_exist_with_current_names():
    for slug in ["isfara", "khujand", "bobojon-gafurov", "yovon", "rudaki", "hisor"]:
        assert District.objects.filter(slug=slug).exists(), slug
    assert District.objects.get(slug="mastchoh").name_ru == "Матча"
    assert Jamoat.objects.get(slug="bobojon-gafurov-haydar-usmonov").district.slug == (
        "bobojon-gafurov"
    )
