"""Whatever a caller sends to a case write, the answer is 2xx or 4xx with a message,
never a 500 (and so never a half-written change)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from himoya.cases.tests.test_api_write_access import WriteAccessBase

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=60)
    | st.dates().map(str),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=6,
)


class CaseFuzzTests(HypothesisTestCase, WriteAccessBase):
    def setUp(self):
        pass  # no uploads here, so no attachment folder; the client exists per example

    def field_names(self, body):
        names = set(body) | {"version", "unknown", "client", "perpetrators", "law_forms"}
        return sorted(names)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_writes_never_crash(self, data):
        self.sign_in(self.sam)
        for method, path, body, _approve in self.operations():
            if body == "upload":
                continue
            keys = st.sampled_from(self.field_names(body))
            changes = data.draw(st.dictionaries(keys, json_values, max_size=3), label=path)
            response = getattr(self.client, method)(
                path, json.dumps({**body, **changes}), content_type="application/json"
            )
            self.assertLess(response.status_code, 500, (method, path, response.content[:300]))
            self.assertNotIn(response.status_code, {401, 403, 404, 405}, (method, path))
            if response.status_code >= 400:
                self.assertTrue(response.json()["message"])

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        params=st.dictionaries(
            st.sampled_from(
                [
                    "page",
                    "per_page",
                    "status",
                    "risk",
                    "caseworker",
                    "district",
                    "overdue",
                    "code",
                    "lang",
                ]
            ),
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
            max_size=4,
        )
    )
    def test_list_queries_never_crash(self, params):
        self.sign_in(self.sam)
        for url in ("/api/cases/", "/api/cases/lookup"):
            response = self.client.get(url, params)
            self.assertLess(response.status_code, 500, response.content[:300])
