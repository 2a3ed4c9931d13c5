"""Public reads of the directory API: lists with filters and pages, details."""

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from himoya.directory.models import Sector, ServiceType
from himoya.directory.tests.test_api_fixtures import DirectoryTestCase
from himoya.geo.models import District


class DirectoryReadTests(DirectoryTestCase):
    def get_json(self, url, status=200, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json()

    def ids(self, data):
        return {item["id"] for item in data["items"]}

    def test_services_list_shows_active_services_of_active_organisations(self):
        data = self.get_json("/api/directory/services")
        expected = {self.counselling.pk, self.legal_aid.pk, self.advocate.pk, self.stay.pk}
        self.assertEqual(self.ids(data), expected)
        self.assertEqual(data["count"], 4)

    def test_filters(self):
        cases = [
            ({"district": "isfara"}, {self.legal_aid.pk, self.advocate.pk}),
            ({"district": "khujand"}, {self.advocate.pk}),
            ({"region": "TJ-DU"}, {self.counselling.pk, self.stay.pk}),
            ({"region": "tj-su"}, {self.legal_aid.pk, self.advocate.pk}),
            ({"service_type": "temporary_shelter"}, {self.stay.pk}),
            ({"sector": "justice"}, {self.legal_aid.pk, self.advocate.pk}),
            ({"sector": "justice", "district": "khujand"}, {self.advocate.pk}),
            ({"organisation": "alpha"}, {self.counselling.pk}),
            ({"kind": "shelter"}, {self.stay.pk}),
            ({"district": "yovon"}, set()),
        ]
        for params, expected in cases:
            self.assertEqual(
                self.ids(self.get_json("/api/directory/services", **params)), expected, params
            )

    def test_pages_cover_each_service_once(self):
        seen = []
        for page in (1, 2, 3):
            data = self.get_json("/api/directory/services", page=page, per_page=2)
            self.assertEqual(data["total_pages"], 2)
            seen += [item["id"] for item in data["items"]]
        self.assertEqual(len(seen), 4)
        self.assertEqual(len(set(seen)), 4)

    def test_bad_filters_are_field_errors(self):
        for params, field in (
            ({"district": "atlantis"}, "district"),
            ({"region": "TJ-XX"}, "region"),
            ({"service_type": "magic"}, "service_type"),
            ({"sector": 5}, "sector"),
            ({"per_page": 1000}, "per_page"),
            ({"per_page": -1}, "per_page"),
            ({"page": "first"}, "page"),
            ({"district": "x" * 61}, "district"),
        ):
            data = self.get_json("/api/directory/services", status=422, **params)
            self.assertIn(field, data["errors"], params)
            self.assertTrue(data["message"])

    def test_service_detail_hides_confidential_addresses(self):
        data = self.get_json(f"/api/directory/services/{self.stay.pk}", lang="en")
        self.assertEqual(data["locations"][0]["address"], "")
        self.assertTrue(data["locations"][0]["is_confidential"])
        self.assertNotIn("Hidden", str(data))
        self.assertEqual(data["capacity"], 12)
        data = self.get_json(f"/api/directory/services/{self.counselling.pk}", lang="en")
        self.assertEqual(data["locations"][0]["address"], "1 Rudaki Avenue (fictitious)")
        self.assertEqual(data["districts_served"], ["firdavsi", "shohmansur", "sino"])
        self.assertEqual(
            data["phones"], [{"number": "+992 00 000 0001", "kind": "voice", "is_free_call": False}]
        )
        self.assertEqual(data["name"], "Counselling")

    def test_unknown_inactive_and_malformed_services_are_json_404(self):
        for url in (
            f"/api/directory/services/{self.old.pk}",
            f"/api/directory/services/{self.hidden.pk}",
            "/api/directory/services/999999",
            "/api/directory/services/abc",
            "/api/directory/services/1.5",
            "/api/directory/organisations/closed-org",
            "/api/directory/organisations/nobody",
        ):
            self.assertTrue(self.get_json(url, status=404)["message"], url)

    def test_organisations(self):
        data = self.get_json("/api/directory/organisations")
        self.assertEqual(data["count"], 4)
        data = self.get_json("/api/directory/organisations", region="TJ-SU")
        self.assertEqual([item["slug"] for item in data["items"]], ["beta"])
        data = self.get_json("/api/directory/organisations", kind="shelter")
        self.assertEqual([item["slug"] for item in data["items"]], ["safe-house"])
        beta = self.get_json("/api/directory/organisations/beta")
        self.assertEqual(beta["parent"], "legal-aid-center")
        self.assertEqual(beta["district"], "isfara")
        self.assertEqual(beta["region"], "TJ-SU")
        self.assertEqual(
            self.get_json(
                "/api/directory/organisations", district="nowhere", status=422, lang="en"
            )["errors"]["district"][0],
            "Unknown district.",
        )

    def test_list_queries_do_not_grow_with_page_size(self):
        def queries(per_page):
            with self.assertNumQueries(5) as context:
                self.client.get("/api/directory/services", {"per_page": per_page})
            return len(context.captured_queries)

        self.assertEqual(queries(1), queries(100))
        with self.assertNumQueries(2):
            self.client.get("/api/directory/organisations", {"per_page": 100})


DISTRICTS = ["isfara", "khujand", "sino", "shohmansur", "firdavsi", "yovon", "atlantis", None]
REGIONS = ["TJ-DU", "TJ-SU", "TJ-KT", "TJ-XX", None]


class ListFilterProperties(HypothesisTestCase, DirectoryTestCase):
    """Whatever the filters and page size, pages partition the matching services."""

    @settings(max_examples=40, deadline=None)
    @given(
        district=st.sampled_from(DISTRICTS),
        region=st.sampled_from(REGIONS),
        service_type=st.sampled_from([None, *ServiceType.values]),
        sector=st.sampled_from([None, *Sector.values]),
        per_page=st.integers(min_value=1, max_value=5),
    )
    def test_pages_partition_the_matches(self, district, region, service_type, sector, per_page):
        params = {
            key: value
            for key, value in {
                "district": district,
                "region": region,
                "service_type": service_type,
                "sector": sector,
            }.items()
            if value is not None
        }
        first = self.client.get("/api/directory/services", {**params, "per_page": per_page})
        if district == "atlantis" or region == "TJ-XX":
            self.assertEqual(first.status_code, 422)
            return
        self.assertEqual(first.status_code, 200)
        body = first.json()
        seen = []
        for page in range(1, body["total_pages"] + 1):
            response = self.client.get(
                "/api/directory/services", {**params, "per_page": per_page, "page": page}
            )
            seen += [item for item in response.json()["items"]]
        self.assertEqual(len(seen), body["count"])
        self.assertEqual(len({item["id"] for item in seen}), body["count"])
        for item in seen:
            self.assertTrue(service_type is None or item["service_type"] == service_type)
            self.assertTrue(sector is None or item["sector"] == sector)
            self.assertTrue(district is None or district in item["districts_served"])
            if region is not None:
                regions = set(
                    District.objects.filter(slug__in=item["districts_served"]).values_list(
                        "region__code", flat=True
                    )
                )
                self.assertIn(region, regions)
