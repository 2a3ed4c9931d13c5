"""The find-help count says what it counts (issue 11, item 10): the services and the
organisations serving the district for the need, then the rest of the region, with
correct plurals in Tajik, Russian and English."""

from django.test import TestCase

from himoya.directory.models import ServiceType
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.geo.models import District


class FindHelpCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.isfara = District.objects.get(slug="isfara")
        cls.khujand = District.objects.get(slug="khujand")
        first, second, third = (OrganisationFactory() for _ in range(3))
        # Three legal services of two organisations serve Isfara ...
        ServiceFactory(organisation=first, districts_served=[cls.isfara])
        ServiceFactory(
            organisation=first,
            service_type=ServiceType.SECONDARY_LEGAL_AID,
            districts_served=[cls.isfara],
        )
        ServiceFactory(organisation=second, districts_served=[cls.isfara])
        # ... one more serves Khujand, elsewhere in the region ...
        ServiceFactory(organisation=third, districts_served=[cls.khujand])
        # ... and neither a medical service nor a closed one counts for legal help.
        ServiceFactory(
            organisation=third,
            service_type=ServiceType.MEDICAL_CARE,
            districts_served=[cls.isfara],
        )
        ServiceFactory(organisation=second, is_active=False, districts_served=[cls.isfara])

    def status_line(self, prefix="/en", **query):
        response = self.client.get(f"{prefix}/find-help/", {"need": "legal", **query})
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        start = page.index('class="results-count"')
        return page[page.index(">", start) + 1 : page.index("</p>", start)]

    def test_english(self):
        line = self.status_line(district="isfara")
        region = self.isfara.region.name_en
        self.assertIn(
            f"Serving {self.isfara.name_en}, for “Legal help”: 3 services of 2 organisations.",
            line,
        )
        self.assertIn(f"Elsewhere in {region}: 1 service of 1 organisation.", line)

    def test_an_empty_rest_of_the_region_is_not_counted_as_zero(self):
        # Nothing serves Sino (Dushanbe) or the rest of its region: the count says so for
        # the district, and the page's own line says there is nothing else nearby.
        line = self.status_line(district="sino")
        self.assertIn("0 services of 0 organisations", line)
        self.assertNotIn("Elsewhere", line)

    def test_a_region_counts_every_service_serving_it(self):
        region = self.isfara.region
        line = self.status_line(region=region.code)
        self.assertIn(
            f"Serving {region.name_en}, for “Legal help”: 4 services of 3 organisations.", line
        )
        self.assertNotIn("Elsewhere", line)

    def test_russian_plurals(self):
        line = self.status_line(prefix="/ru", district="isfara")
        self.assertIn("3 услуги от 2 организаций", line)
        self.assertIn("1 услуга от 1 организации", line)
        for _number in range(2):
            ServiceFactory(organisation=OrganisationFactory(), districts_served=[self.isfara])
        line = self.status_line(prefix="/ru", district="isfara")
        self.assertIn("5 услуг от 4 организаций", line)

    def test_tajik(self):
        line = self.status_line(prefix="", district="isfara")
        self.assertIn("3 хизмат аз 2 ташкилот", line)
        self.assertIn("1 хизмат аз 1 ташкилот", line)
