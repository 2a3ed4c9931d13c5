"""The access walk: no URL and no API operation serves case data to someone who may not
read it, including ones added after this test was written.

Every URL pattern of the project (django.urls.get_resolver(), recursively) and every
operation of the OpenAPI document is either listed in walk_classification.py as serving no case
data, or walked: its parameters are filled in with a real case of Alpha and its
records, a referral from that case to a third organisation (Gamma) and a hotline call at
Alpha, and it is requested as charlie (an outsider: member of Beta only) and as ann
(an analyst of Alpha), with GET, POST and the operation's own method. charlie must get
404 (an outsider learns nothing, not even that the case exists), ann 403; neither may
ever get a body holding the client code or any decrypted field (the case's, the
referral's message, the call's call-back name and number and its summary).

A new pattern that cannot be walked (a parameter the walk does not know) fails with a
message that says where to classify it.
"""

import sys
import types

from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

import himoya.urls
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.models import Case
from himoya.cases.tests.test_api_fixtures import SECRETS, secrets_in
from himoya.hotline.models import Call
from himoya.referrals.models import Referral
from tests.access_walk_base import WALK_SECRETS, AccessWalkTestCase
from tests.walk_classification import (
    CLASSIFY_HINT,
    PUBLIC_API_PATHS,
    PUBLIC_PATTERNS,
)
from tests.walk_urls import as_api_path, url_patterns


class AccessWalkTests(AccessWalkTestCase):
    # ---- the classification is complete and honest ----

    def test_every_public_entry_still_exists(self):
        routes = {route for route, _pattern in url_patterns()}
        self.assertFalse(set(PUBLIC_PATTERNS) - routes, "stale entries in PUBLIC_PATTERNS")
        paths = set(self.schema["paths"])
        self.assertFalse(set(PUBLIC_API_PATHS) - paths, "stale entries in PUBLIC_API_PATHS")

    def test_every_api_route_is_an_operation_or_public(self):
        paths = set(self.schema["paths"])
        for route, _pattern in url_patterns():
            if route.startswith("api/") and route not in PUBLIC_PATTERNS:
                self.assertIn(
                    as_api_path(route),
                    paths,
                    f"{route} is not in the OpenAPI document. " + CLASSIFY_HINT,
                )

    def test_the_walk_reaches_the_case_operations(self):
        walked = [p for p in self.schema["paths"] if p not in PUBLIC_API_PATHS]
        self.assertGreaterEqual(len(walked), 10)
        self.assertIn("/api/cases/{case_id}", walked)

    def test_the_walk_reaches_referrals_and_calls(self):
        """The referral and call pages and operations are walked, not skipped."""
        routes = {route for route, _pattern in url_patterns()}
        for name in ("<int:referral_id>", "<int:call_id>"):
            self.assertTrue(
                any(name in route and not route.startswith("api/") for route in routes), name
            )
        walked = set(self.schema["paths"]) - set(PUBLIC_API_PATHS)
        self.assertIn("/api/referrals/{referral_id}", walked)
        self.assertTrue(any("{call_id}" in api_path for api_path in walked))

    def test_the_secrets_are_there_for_the_caseworker(self):
        """The walk would see a leak: the right user does get the secrets."""
        self.sign_in(self.bob)
        response = self.client.get(f"/api/cases/{self.case.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("name", secrets_in(response.content))
        self.assertIn("code", secrets_in(response.content))

    # ---- the walks ----

    def test_looking_up_a_code_on_the_pages_does_not_lead_outsiders_to_the_case(self):
        """The page walk sends no code (pages rightly echo what was typed); this does,
        on the case, referral and hotline pages (lists, searches, inboxes)."""
        for user in (self.charlie, self.ann):
            self.sign_in(user)
            for route, _pattern in url_patterns():
                if route.startswith(("cases/", "referrals/", "hotline/")) and "<" not in route:
                    for method in ("get", "post"):
                        response = getattr(self.client, method)(
                            "/" + route, {"code": SECRETS["code"], "q": SECRETS["code"]}
                        )
                        location = response.get("Location", "")
                        self.assertNotIn(f"/cases/{self.case.pk}/", location)
                        self.assertNotIn(f"/referrals/{self.records['referral'].pk}/", location)
                        self.assertLess(response.status_code, 500)
                        leaked = set(secrets_in(response.content, WALK_SECRETS)) - {"code"}
                        self.assertFalse(leaked, f"/{route} revealed {leaked} to {user}")

    def test_public_pages_reveal_nothing_of_the_case(self):
        """The pages classified as public are read too: none shows the case's data."""
        for user in (self.charlie, self.ann):
            self.sign_in(user)
            for route in PUBLIC_PATTERNS:
                if "<int:" in route or route.startswith("api/") or "logout" in route:
                    continue
                path = "/" + route.replace("<slug:slug>", self.alpha.slug)
                self.check(self.client.get(path), set(range(200, 500)), f"GET {path}")

    def test_the_walk_catches_a_leaky_page_added_later(self):
        """A view that fetches a case without the access helper fails the walk, and so
        does a page whose parameter the walk cannot fill."""

        def leaky(request, case_id):
            return HttpResponse(Case.objects.get(pk=case_id).client.name)

        def names(request):
            return HttpResponse(", ".join(case.client.name for case in Case.objects.all()))

        def report(request, thing):
            return HttpResponse("ok")

        def leaky_referral(request, referral_id):
            return HttpResponse(Referral.objects.get(pk=referral_id).message)

        def leaky_call(request, pk):
            return HttpResponse(Call.objects.get(pk=pk).callback_phone, status=404)

        for extra, expected in (
            (path("cases/<int:case_id>/leak/", leaky), "answered 200"),
            (path("referrals/<int:referral_id>/leak/", leaky_referral), "answered 200"),
            (path("hotline/calls/<int:pk>/leak/", leaky_call), "revealed ['callback_phone']"),
            (path("reports/names/", names), "revealed ['name']"),
            (path("reports/<int:thing>/", report), "Classify it"),
        ):
            module = types.ModuleType("himoya_walk_urls")
            module.urlpatterns = [extra, *himoya.urls.urlpatterns]
            sys.modules[module.__name__] = module
            self.addCleanup(sys.modules.pop, module.__name__, None)
            with (
                self.subTest(route=str(extra.pattern)),
                override_settings(ROOT_URLCONF=module.__name__),
                self.assertRaises(AssertionError) as caught,
            ):
                self.walk_pages(self.charlie, {404})
            self.assertIn(expected, str(caught.exception))

    def test_the_api_walk_refuses_an_unclassified_operation(self):
        paths = {**self.schema["paths"], "/api/reports/{thing}": {"get": {}}}
        self.schema = {**self.schema, "paths": paths}
        with self.assertRaises(AssertionError) as caught:
            self.walk_api(self.charlie, {404})
        self.assertIn("Classify it", str(caught.exception))

    def test_outsider_gets_404_on_every_case_page(self):
        self.walk_pages(self.charlie, {404})

    def test_analyst_gets_403_on_every_case_page(self):
        self.walk_pages(self.ann, {403})

    def test_outsider_gets_404_on_every_case_operation(self):
        self.walk_api(self.charlie, {404})

    def test_analyst_gets_403_on_every_case_operation(self):
        self.walk_api(self.ann, {403})

    def test_a_second_caseworker_gets_403(self):
        """bob's colleague at Alpha holds other cases, not this one."""
        from himoya.core.roles import Role

        carol = UserFactory(username="carol", organisation=self.alpha, role=Role.CASEWORKER)
        self.walk_api(carol, {403})
        self.walk_pages(carol, {403})
