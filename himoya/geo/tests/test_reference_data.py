"""Quality of the geography reference data and of its read-only API."""

import re

import pytest

from himoya.geo.models import District, Jamoat, Region
from himoya.geo.reference import load_divisions

pytestmark = pytest.mark.django_db

TAJIK_ONLY_LETTERS = set("ғӣқӯҳҷҒӢҚӮҲҶ")
CYRILLIC_NAME = re.compile(r"^[А-Яа-яЁёҒғӢӣҚқӮӯҲҳҶҷ][А-Яа-яЁёҒғӢӣҚқӮӯҲҳҶҷ .'ʼ’-]*$")
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z .'-]*$")
# Names are bare: the kind column says what a place is.
KIND_WORDS = re.compile(r"\b(district|city|район|город|ноҳия|шаҳри)\b", re.IGNORECASE)


def places():
    return [*Region.objects.all(), *District.objects.all(), *Jamoat.objects.all()]


def test_names_are_in_the_right_script():
    for place in places():
        assert CYRILLIC_NAME.match(place.name_tg), place.name_tg
        assert CYRILLIC_NAME.match(place.name_ru), place.name_ru
        assert LATIN_NAME.match(place.name_en), place.name_en
        # Tajik letters in a Russian name mean the columns were mixed up.
        assert not set(place.name_ru) & TAJIK_ONLY_LETTERS, place.name_ru


def test_district_names_are_bare_and_unique_within_their_region():
    for district in District.objects.all():
        for name in (district.name_tg, district.name_ru, district.name_en):
            assert not KIND_WORDS.search(name), name
    for region in Region.objects.all():
        names = list(region.districts.values_list("name_en", flat=True))
        assert len(names) == len(set(names)), region.code


def test_no_former_names():
    former = {"Kairakkum", "Chkalovsk", "Taboshar", "Ghonchi", "Qurghonteppa", "Sarband"}
    assert not District.objects.filter(name_en__in=former).exists()


def test_loading_again_changes_nothing():
    before = (Region.objects.count(), District.objects.count(), Jamoat.objects.count())
    load_divisions(Region, District, Jamoat)
    assert (Region.objects.count(), District.objects.count(), Jamoat.objects.count()) == before


def test_regions_and_districts_api(client):
    regions = client.get("/api/geo/regions")
    assert regions.status_code == 200
    # Alphabetically in Tajik (the default language): «Вилояти …» before «Душанбе».
    assert [r["code"] for r in regions.json()] == ["TJ-GB", "TJ-SU", "TJ-KT", "TJ-DU", "TJ-RA"]
    sughd = client.get("/api/geo/districts", {"region": "TJ-SU"})
    assert sughd.status_code == 200
    slugs = {d["slug"] for d in sughd.json()}
    assert {"isfara", "khujand", "bobojon-gafurov"} <= slugs
    assert all(d["region"] == "TJ-SU" for d in sughd.json())


def test_unknown_region_is_422_like_the_directory(client):
    for code in ("TJ-XX", "x" * 50):
        response = client.get("/api/geo/districts", {"region": code, "lang": "en"})
        assert response.status_code == 422, code
        assert "region" in response.json()["errors"]
    response = client.get("/api/geo/districts", {"region": "TJ-XX", "lang": "en"})
    assert response.json()["errors"]["region"] == ["Unknown region."]
    response = client.get("/api/geo/districts", {"region": "TJ-XX", "lang": "tg"})
    assert response.json()["errors"]["region"] != ["Unknown region."]
    # Codes are matched like the directory's filter, in any case.
    assert client.get("/api/geo/districts", {"region": "tj-su"}).status_code == 200
