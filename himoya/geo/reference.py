"""Load the reference divisions shipped in himoya/geo/data into the database.

Used by the data migration; idempotent, so running it again updates names in place.
"""

import csv
from pathlib import Path

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"
REGION_ORDER = ["TJ-DU", "TJ-SU", "TJ-KT", "TJ-RA", "TJ-GB"]


def district_slug(name_en: str) -> str:
    return slugify(name_en.replace("'", ""))


def load_divisions(Region, District, Jamoat) -> None:
    with open(DATA_DIR / "divisions.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = {}
    for row in rows:
        code = row["region_code"]
        if code not in regions:
            regions[code], _ = Region.objects.update_or_create(
                code=code,
                defaults={
                    "name_tg": row["region_tg"],
                    "name_ru": row["region_ru"],
                    "name_en": row["region_en"],
                    "position": REGION_ORDER.index(code),
                },
            )
        District.objects.update_or_create(
            slug=district_slug(row["name_en"]),
            defaults={
                "region": regions[code],
                "kind": row["kind"],
                "name_tg": row["name_tg"],
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
            },
        )
    with open(DATA_DIR / "jamoats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            district = District.objects.get(slug=district_slug(row["district_name_en"]))
            Jamoat.objects.update_or_create(
                slug=f"{district.slug}-{district_slug(row['name_en'])}",
                defaults={
                    "district": district,
                    "name_tg": row["name_tg"],
                    "name_ru": row["name_ru"],
                    "name_en": row["name_en"],
                },
            )
