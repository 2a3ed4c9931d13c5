"""Public find-help pages: results by district then region, bad input, query counts."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from himoya.audit.models import AuditEntry
from himoya.directory.models import Organisation, Service
from himoya.directory.tests.factories import OrganisationFactory
from himoya.geo.models import District

MAX_PAGE_BYTES = 100 * 1024


class DemoDirectoryTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", "--no-users", stdout=StringIO())

    def find(self, prefix="/en", **params):
        return self.client.get(f"{prefix}/find-help/", params)

    @staticmethod
    def section(response, section_id) -> str:
        html = response.content.decode()
        start = html.find(f'id="{section_id}"')
        assert start != -1, f"no section {section_id}"
        return html[start : html.find("</section>", start)]


class FindHelpResultsTests(DemoDirectoryTestCase):
    def test_isfara_legal_lists_the_isfara_office_first_and_the_hotline(self):
        response = self.find(district="isfara", need="legal")
        assert response.status_code == 200
        in_district = self.section(response, "in-district")
        first = in_district.find('class="service-result')
        assert "State legal aid office, Isfara" in in_district[first : first + 400]
        assert "Hotline 1313" in in_district
        assert 'href="tel:1313"' in in_district
        # The other Sughd offices come after, in the region section.
        in_region = self.section(response, "in-region")
        assert "State legal aid office, Khujand" in in_region
        assert "Isfara" not in in_region.replace("Isfara, Kyrgyz", "")

    def test_results_show_hours_languages_what_to_bring_cost_and_phones(self):
        response = self.find(district="isfara", need="legal")
        article = self.section(response, "in-district").split("</article>")[0]
        for text in ("Mon–Fri", "Tajik", "passport", "Free", "+992 00 000 00 11"):
            assert text in article, text
        assert "<h3><a href=" in article
        assert "demo" in article

    def test_in_tajik_by_default(self):
        response = self.find(prefix="", district="isfara", need="legal")
        assert response.status_code == 200
        assert "Идораи давлатии ёрии ҳуқуқӣ, Исфара" in response.content.decode()
        assert response["Content-Language"] == "tg"

    def test_in_russian(self):
        response = self.find(prefix="/ru", district="isfara", need="legal")
        html = response.content.decode()
        assert "Государственный офис юридической помощи, Исфара" in html
        assert "Телефон доверия 1313" in html

    def test_region_fallback(self):
        # No medical service serves Khujand: Yovon's centre is in another region, so
        # nothing medical shows, but the hotline still does.
        response = self.find(district="yovon", need="medical")
        assert "Rehabilitation centre" in self.section(response, "in-district")
        response = self.find(district="khujand", need="legal")
        assert "State legal aid office, Isfara" in self.section(response, "in-region")
        response = self.find(region="TJ-KT", need="medical")
        assert response.status_code == 200
        assert 'id="in-district"' not in response.content.decode()
        assert "Rehabilitation centre" in self.section(response, "in-region")

    def test_hotline_shows_for_every_district(self):
        for district in District.objects.all():
            response = self.find(district=district.slug, need="shelter")
            assert "Hotline 1313" in self.section(response, "in-district"), district.slug

    def test_form_has_grouped_districts_regions_and_needs(self):
        html = self.client.get("/en/find-help/").content.decode()
        assert '<form id="find-help" method="get"' in html
        assert '<select name="district"' in html and "<optgroup" in html
        assert '<option value="isfara">Isfara</option>' in html
        assert '<option value="TJ-SU">' in html
        for need in (
            "any",
            "legal",
            "psychological",
            "medical",
            "shelter",
            "livelihood",
            "hotline",
            "police",
        ):
            assert f'<option value="{need}"' in html

    def test_inactive_services_and_organisations_are_hidden(self):
        Service.objects.filter(organisation__slug="lac-isfara").update(is_active=False)
        Organisation.objects.filter(slug="lac-khujand").update(is_active=False)
        html = self.find(district="isfara", need="legal").content.decode()
        assert "State legal aid office, Isfara" not in html
        assert "State legal aid office, Khujand" not in html
        assert self.client.get("/en/organisations/lac-khujand/").status_code == 404
        hidden = Service.objects.filter(organisation__slug="lac-isfara").first()
        assert self.client.get(f"/en/services/{hidden.pk}/").status_code == 404

    def test_confidential_shelter_address_is_never_public(self):
        shelter = Service.objects.get(service_type="temporary_shelter")
        address = shelter.locations.get().address_en
        assert address
        for url in (
            f"/en/services/{shelter.pk}/",
            "/en/organisations/korvoni-umed/",
            "/en/find-help/?district=sino&need=shelter",
        ):
            html = self.client.get(url).content.decode()
            assert "Temporary shelter" in html
            assert address not in html, url
            assert "confidential" in html

    def test_public_pages_stay_small(self):
        shelter = Service.objects.get(service_type="temporary_shelter")
        for url in (
            "/",
            "/find-help/",
            "/find-help/?district=isfara&need=any",
            "/find-help/?region=TJ-DU&need=any",
            "/ru/organisations/",
            "/organisations/korvoni-umed/",
            "/organisations/legal-aid-center/",
            f"/services/{shelter.pk}/",
        ):
            response = self.client.get(url)
            assert response.status_code == 200, url
            assert len(response.content) < MAX_PAGE_BYTES, url

    def test_home_has_the_hotline_and_the_form(self):
        html = self.client.get("/en/").content.decode()
        assert 'href="tel:1313"' in html
        assert '<form id="find-help" method="get"' in html
        assert "What happens when you call" in html
        assert reverse("directory:organisations") in html


class FindHelpBadInputTests(DemoDirectoryTestCase):
    def assert_refused(self, response, message):
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert '<form id="find-help"' in html
        assert 'id="in-district"' not in html

    def test_unknown_or_malformed_values_get_a_message_and_the_form(self):
        before = (AuditEntry.objects.count(), Service.objects.count())
        cases = [
            ({"district": "atlantis", "need": "legal"}, "We do not know this district"),
            ({"district": "isfara", "need": "magic"}, "We do not know this kind of help"),
            ({"region": "TJ-XX", "need": "legal"}, "We do not know this region"),
            ({"district": "../../etc/passwd"}, "We do not know this district"),
            ({"district": "isfara", "need": "x" * 5000}, "We do not know this kind of help"),
            ({"district": "<script>alert(1)</script>"}, "We do not know this district"),
            ({"district": "isfara\x00"}, "We do not know this district"),
        ]
        for params, message in cases:
            self.assert_refused(self.find(**params), message)
        response = self.find(prefix="", district="atlantis")
        assert response.status_code == 400
        assert "Ин ноҳия ба мо маълум нест" in response.content.decode()
        assert (AuditEntry.objects.count(), Service.objects.count()) == before

    def test_unknown_language_prefix_is_not_found(self):
        response = self.client.get("/xx/find-help/?district=isfara")
        assert response.status_code == 404

    def test_writes_are_not_allowed(self):
        response = self.client.post("/en/find-help/", {"district": "isfara"})
        assert response.status_code == 405

    def test_no_place_shows_a_hint(self):
        response = self.find(need="legal")
        assert response.status_code == 200
        assert "Choose a district or a region" in response.content.decode()

    def test_no_place_still_shows_the_hotlines(self):
        for need in ("hotline", "legal", "any"):
            response = self.find(need=need)
            assert response.status_code == 200, need
            page = response.content.decode()
            assert "Choose a district or a region" in page
            assert 'id="everywhere"' in page
            assert "Hotline 1313" in page, need

    def test_organisation_filter(self):
        response = self.client.get("/en/organisations/", {"region": "TJ-KT"})
        html = response.content.decode()
        assert "Rehabilitation centre" in html and "Korvoni Umed" not in html
        response = self.client.get("/en/organisations/", {"kind": "crisis_centre"})
        assert "Korvoni Umed" in response.content.decode()
        for params in ({"kind": "bogus"}, {"region": "nowhere"}):
            response = self.client.get("/en/organisations/", params)
            assert response.status_code == 400
            assert "We do not know" in response.content.decode()
        assert self.client.get("/en/organisations/", {"page": "zzz"}).status_code == 200
        # One rule for the list pages (as the audit log): a bad page number shows a page.
        for page in ("abc", "0", "-1", "99999"):
            response = self.client.get("/en/organisations/", {"page": page})
            assert response.status_code == 200, page
            assert response.context["page"].number >= 1

    def test_unknown_records_are_not_found(self):
        assert self.client.get("/en/organisations/nobody/").status_code == 404
        assert self.client.get("/en/services/999999/").status_code == 404
        assert self.client.get("/en/services/abc/").status_code == 404


class FindHelpQueryCountTests(TestCase):
    """The number of queries does not grow with the number of results."""

    def add_services(self, count):
        from himoya.directory import services

        isfara = District.objects.get(slug="isfara")
        khujand = District.objects.get(slug="khujand")
        for n in range(count):
            organisation = OrganisationFactory(
                slug=f"org-{self.made}", kind="crisis_centre", district__slug="isfara"
            )
            self.made += 1
            location = services.create_location(
                organisation,
                data={"name_tg": "x", "name_ru": "x", "name_en": "x", "district": isfara},
                actor=None,
            )
            services.create_service(
                organisation=organisation,
                data={
                    "service_type": "primary_legal_aid",
                    "name_tg": f"s{n}",
                    "name_ru": f"s{n}",
                    "name_en": f"s{n}",
                    "languages": ["tg"],
                },
                districts=[isfara if n % 2 else khujand],
                locations=[location],
                phones=[{"number": f"+992 00 000 01 {n:02d}"}],
                actor=None,
            )

    def count_queries(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/en/find-help/", {"district": "isfara", "need": "legal"})
        assert response.status_code == 200
        return len(queries), response.content.decode().count('class="service-result')

    def test_query_count_is_independent_of_results(self):
        self.made = 0
        self.add_services(2)
        small_queries, small_results = self.count_queries()
        self.add_services(10)
        large_queries, large_results = self.count_queries()
        assert (small_results, large_results) == (2, 12)
        assert small_queries == large_queries


class OrganisationListQueryCountTests(TestCase):
    def count_queries(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/en/organisations/", {"region": "TJ-SU"})
        assert response.status_code == 200
        return len(queries), response.content.decode().count('class="card organisation"')

    def test_query_count_is_independent_of_results(self):
        parent = OrganisationFactory(slug="parent", kind="government", district__slug="sino")
        for n in range(2):
            OrganisationFactory(
                slug=f"small-{n}", kind="legal_aid_office", district__slug="isfara", parent=parent
            )
        small = self.count_queries()
        for n in range(8):
            OrganisationFactory(
                slug=f"large-{n}", kind="legal_aid_office", district__slug="khujand", parent=parent
            )
        large = self.count_queries()
        assert (small[1], large[1]) == (2, 10)
        assert small[0] == large[0]


class FindHelpSectionLimitTests(FindHelpQueryCountTests):
    def test_a_large_region_shows_one_page_per_section_and_counts_the_rest(self):
        from himoya.directory import search

        self.made = 0
        self.add_services(8)
        original = search.RESULTS_PER_SECTION
        search.RESULTS_PER_SECTION = 3
        try:
            response = self.client.get("/en/find-help/", {"district": "isfara", "need": "legal"})
        finally:
            search.RESULTS_PER_SECTION = original
        html = response.content.decode()
        # 4 services serve Isfara, 4 serve Khujand: 3 of each are shown, 1 of each counted.
        assert html.count('class="service-result') == 6
        assert "1 more service is not shown" in html
        assert "1 more service in the region is not shown" in html
