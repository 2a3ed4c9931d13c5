"""Alphabetical order where people read lists: district choices on public and staff
forms (grouped by region) and the geography API, in Tajik, Russian and English."""

import html
import re

from django.urls import reverse
from django.utils import translation

from himoya.cases.tests.factories import CaseFactory
from himoya.core.collation import sort_key
from himoya.directory.tests.factories import OrganisationFactory
from himoya.geo.models import Region
from himoya.testing import HimoyaTestCase

OPTGROUP = re.compile(r'<optgroup label="([^"]*)">(.*?)</optgroup>', re.S)
OPTION = re.compile(r"<option[^>]*>([^<]*)</option>")


def groups(page: str, select_name: str) -> dict[str, list[str]]:
    """The option groups of the select named `select_name`: {region: [district, ...]}."""
    start = page.index(f'name="{select_name}"')
    select = page[start : page.index("</select>", start)]
    return {
        html.unescape(label): [html.unescape(name).strip() for name in OPTION.findall(body)]
        for label, body in OPTGROUP.findall(select)
    }


def khatlon_name(language: str) -> str:
    with translation.override(language):
        return Region.objects.get(code="TJ-KT").name


class DistrictOrderTests(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = CaseFactory(organisation=cls.alpha, caseworker=cls.bob)

    def assert_alphabetical(self, names: list[str], language: str):
        self.assertGreater(len(names), 1)
        self.assertEqual(names, sorted(names, key=lambda name: sort_key(name, language)))

    def assert_khatlon_in_tajik(self, page: str, select_name: str):
        by_region = groups(page, select_name)
        khatlon = by_region[khatlon_name("tg")]
        self.assert_alphabetical(khatlon, "tg")
        # Code-point order put «Ёвон» first and «Қубодиён», «Ҷайҳун» last.
        self.assertEqual(khatlon[0], "Абдураҳмони Ҷомӣ")
        self.assertLess(khatlon.index("Данғара"), khatlon.index("Ёвон"))
        self.assertLess(khatlon.index("Қубодиён"), khatlon.index("Левакант"))
        self.assertLess(khatlon.index("Ҷайҳун"), khatlon.index("Шаҳритус"))
        # Every district is in a group, and the groups are alphabetical too.
        self.assertEqual(sum(len(names) for names in by_region.values()), 68)
        self.assert_alphabetical(list(by_region), "tg")

    def test_find_help_in_three_languages(self):
        page = self.client.get("/find-help/").content.decode()
        self.assert_khatlon_in_tajik(page, "district")
        for language in ("ru", "en"):
            page = self.client.get(f"/{language}/find-help/").content.decode()
            khatlon = groups(page, "district")[khatlon_name(language)]
            self.assert_alphabetical(khatlon, language)
        self.assertEqual(khatlon[0], "Abdurahmoni Jomi")

    def test_incident_form_and_intake_form_in_tajik(self):
        self.sign_in(self.bob)
        with translation.override("tg"):
            incident = reverse("cases:incident_add", args=[self.case.pk])
            intake = reverse("cases:intake")
        self.assert_khatlon_in_tajik(self.client.get(incident).content.decode(), "district")
        self.assert_khatlon_in_tajik(self.client.get(intake).content.decode(), "district")

    def test_client_edit_form_in_russian(self):
        self.sign_in(self.bob)
        with translation.override("ru"):
            url = reverse("cases:client_edit", args=[self.case.pk])
        page = self.client.get(url).content.decode()
        khatlon = groups(page, "district")[khatlon_name("ru")]
        self.assert_alphabetical(khatlon, "ru")
        self.assertLess(khatlon.index("Дангара"), khatlon.index("Джайхун"))
        self.assertEqual(khatlon[-1], "Яван")

    def test_geography_api_in_the_language_asked(self):
        for language in ("tg", "ru", "en"):
            response = self.client.get("/api/geo/districts", {"region": "TJ-KT", "lang": language})
            names = [row[f"name_{language}"] for row in response.json()]
            self.assert_alphabetical(names, language)
        regions = self.client.get("/api/geo/regions", {"lang": "ru"}).json()
        self.assert_alphabetical([row["name_ru"] for row in regions], "ru")


class DirectoryOrderTests(HimoyaTestCase):
    """Organisations in Tajik order on the public list and in the directory API."""

    NAMES = ("Ёрдам", "Ҷавонон", "Чашма", "Қалъа", "Кумак", "Ғамхорӣ", "Гулшан", "Ҳаёт", "Хона")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for index, name in enumerate(cls.NAMES):
            OrganisationFactory(slug=f"order-{index}", name_tg=name)

    def test_the_api_pages_through_organisations_alphabetically(self):
        names = []
        for page in (1, 2, 3):
            response = self.client.get(
                "/api/directory/organisations", {"lang": "tg", "per_page": 5, "page": page}
            )
            names += [row["name_tg"] for row in response.json()["items"]]
        mine = [name for name in names if name in self.NAMES]
        self.assertEqual(
            mine,
            ["Гулшан", "Ғамхорӣ", "Ёрдам", "Кумак", "Қалъа", "Хона", "Ҳаёт", "Чашма", "Ҷавонон"],
        )
        self.assertEqual(len(names), len(set(names)))

    def test_the_public_list_in_tajik(self):
        page = html.unescape(self.client.get("/organisations/").content.decode())
        positions = [
            page.index(name) for name in ("Гулшан", "Ғамхорӣ", "Ёрдам", "Қалъа", "Ҷавонон")
        ]
        self.assertEqual(positions, sorted(positions))
