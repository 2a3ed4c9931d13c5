"""Whatever a client sends, the API answers 2xx or 4xx with a JSON message, never 500."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from himoya.directory.api_schemas import ServiceCreate
from himoya.directory.tests.test_api_fixtures import DirectoryTestCase
from himoya.directory.tests.test_api_writes import NEW_SERVICE

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=300),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=8,
)
FIELDS = sorted(ServiceCreate.model_fields) + ["version", "unknown"]
QUERY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


class FuzzTests(HypothesisTestCase, DirectoryTestCase):
    def assert_answered(self, response):
        self.assertLess(response.status_code, 500, response.content[:300])
        if response.status_code >= 400:
            self.assertTrue(response.json()["message"])

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(changes=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4))
    def test_service_writes_never_crash(self, changes):
        self.sign_in(self.alice)
        body = json.dumps({**NEW_SERVICE, **changes})
        response = self.client.post(
            "/api/directory/organisations/alpha/services", body, content_type="application/json"
        )
        self.assert_answered(response)
        response = self.client.patch(
            f"/api/directory/services/{self.counselling.pk}",
            json.dumps({"version": self.counselling.version, **changes}),
            content_type="application/json",
        )
        self.assert_answered(response)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        params=st.dictionaries(
            st.sampled_from(
                [
                    "page",
                    "per_page",
                    "search",
                    "organization_id",
                    "modified_after",
                    "district",
                    "region",
                    "service_type",
                    "sector",
                    "kind",
                    "organisation",
                    "lang",
                ]
            ),
            QUERY_TEXT,
            max_size=4,
        )
    )
    def test_list_queries_never_crash(self, params):
        for url in ("/api/hsds/services", "/api/hsds/organizations", "/api/directory/services"):
            self.assert_answered(self.client.get(url, params))
