"""Whatever a caller sends to a referral operation, the answer is 2xx or 4xx with a
message, never a 500 (and so never a half-written change)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from himoya.cases.tests.test_api_fuzz import json_values
from himoya.referrals.tests.test_api_access import ReferralApiTestCase, today

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


class ReferralFuzzTests(HypothesisTestCase, ReferralApiTestCase):
    def setUp(self):
        # Hypothesis runs a @given test through unittest's __call__, without Django's
        # _pre_setup: the test client that setUp sets up would exist only if another
        # test of this class ran before it in the same process (not so under xdist, or
        # with -k). Make it as _pre_setup does; each example still gets a fresh one.
        type(self).client = self.client_class()
        super().setUp()

    def operations(self, sent, taken):
        """(user, path, valid body) of every write."""
        base = "/api/referrals"
        return [
            (
                self.bob,
                f"{base}/",
                {"from_case_id": self.case.pk, "service_id": self.legal_aid.pk, "needs": ["legal"]},
            ),
            (self.lena, f"{base}/{sent.pk}/accept", {"version": sent.version}),
            (
                self.lena,
                f"{base}/{sent.pk}/decline",
                {"version": sent.version, "reason": "other", "note": "x"},
            ),
            (self.bob, f"{base}/{sent.pk}/withdraw", {"version": sent.version}),
            (self.lena, f"{base}/{taken.pk}/service", {"version": taken.version, "date": today()}),
        ]

    def test_true_is_not_an_id(self):
        # JSON `true` used to be read as case (or service) 1: someone else's id.
        self.sign_in(self.bob)
        for field in ("from_case_id", "service_id"):
            body = {
                "from_case_id": self.case.pk,
                "service_id": self.legal_aid.pk,
                "needs": ["legal"],
                field: True,
            }
            response = self.api("post", "/api/referrals/", body)
            self.assertEqual(response.status_code, 422, response.content)
            self.assertIn(field, response.json()["errors"])

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_writes_never_crash(self, data):
        sent, taken = self.send(), self.accepted()
        for user, path, body in self.operations(sent, taken):
            self.sign_in(user)
            names = sorted({*body, "version", "unknown", "needs", "caseworker"})
            changes = data.draw(
                st.dictionaries(st.sampled_from(names), json_values, max_size=3), label=path
            )
            response = self.api("post", path, {**body, **changes})
            self.assertLess(response.status_code, 500, (path, response.content[:300]))
            self.assertNotIn(response.status_code, {401, 404, 405}, path)
            if response.status_code >= 400:
                self.assertTrue(response.json()["message"])

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        params=st.dictionaries(
            st.sampled_from(["page", "per_page", "status", "urgency", "lang"]), TEXT, max_size=4
        )
    )
    def test_list_queries_never_crash(self, params):
        for user, url in (
            (self.lena, "/api/referrals/received"),
            (self.bob, "/api/referrals/sent"),
        ):
            self.sign_in(user)
            response = self.client.get(url, params)
            self.assertLess(response.status_code, 500, response.content[:300])

    def test_ids_out_of_range_are_404(self):
        self.sign_in(self.lena)
        for path in ("/api/referrals/0", f"/api/referrals/{2**63}", "/api/referrals/pathway/0"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)
