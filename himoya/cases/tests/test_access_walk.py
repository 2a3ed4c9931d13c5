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

import datetime
import re
import sys
import types
from urllib.parse import urlencode

from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLResolver, get_resolver, path
from django.utils import timezone

import himoya.urls
from himoya.accounts.models import ApiToken
from himoya.cases.models import (
    Attachment,
    Case,
    CaseEvent,
)
from himoya.cases.tests.test_api_fixtures import SECRETS, CaseApiTestCase, secrets_in
from himoya.cases.tests.walk_classification import (
    CLASSIFY_HINT,
    COLLECTION_MODELS,
    PUBLIC_API_PATHS,
    PUBLIC_PATTERNS,
    RECORD_PARAMETERS,
)
from himoya.core.api import api
from himoya.directory.models import OrganisationKind, Sector, Service, ServiceType
from himoya.hotline.models import Call, CallerType, CallTopic
from himoya.referrals.models import Referral, Urgency
from himoya.testing import make_organisation

# Decrypted values of the walk's referral and call: as secret as the case's.
WALK_SECRETS = {
    **SECRETS,
    "referral_message": "Please see her before the court hearing on the 3rd",
    "callback_name": "Gulnora from the bazaar",
    "callback_phone": "+992 90 777 3131",
    "call_summary": "Caller's husband locks her in the flat at night",
}

# The API walk asks every operation about the client code too (the lookup answers it).
LOOKUP_QUERY = urlencode({"code": SECRETS["code"]})
# Where a bare <pk>/{id} names a record of the collection before it.
WALKED_COLLECTIONS = tuple(
    f"{prefix}{app}/" for prefix in ("", "/api/") for app in ("cases", "referrals", "hotline")
)
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\{(?P<api_name>[^}]+)\}")


def url_patterns(resolver=None, prefix=""):
    """(route, pattern) for every URL pattern of the project, includes followed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        else:
            yield route, pattern


def as_api_path(route: str) -> str:
    """The OpenAPI form of a Django route under api/: <int:case_id> -> {case_id}."""
    return "/" + re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"{\1}", route)


def example_value(schema: dict, components: dict, depth=0):
    """A value that satisfies `schema` well enough to pass input validation, so that a
    write operation reaches its access check instead of stopping at a 422."""
    if "$ref" in schema:
        return example_value(components[schema["$ref"].split("/")[-1]], components, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return example_value(schema[key][0], components, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 6:
            return {}
        required = schema.get("required", [])
        return {
            name: example_value(sub, components, depth + 1)
            for name, sub in schema.get("properties", {}).items()
            if name in required
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2026-01-15"
    if schema.get("format") == "date-time":
        return "2026-01-15T10:00:00+05:00"
    return "x" * max(1, schema.get("minLength", 1))


class AccessWalkTests(CaseApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.records["event"] = CaseEvent.objects.create(
            case=cls.case, kind=CaseEvent.Kind.OPENED, actor=cls.bob, at=cls.case.opened_at
        )
        cls.records["perpetrator"] = cls.records["incident"].perpetrators.first()
        cls.records["attachment"] = Attachment.objects.create(
            case=cls.case,
            uploaded_by=cls.bob,
            filename=SECRETS["filename"],
            content_type="application/pdf",
            size=10,
            storage_name="0" * 64,
            sha256="0" * 64,
        )
        cls.records["referral"], cls.records["call"] = cls.make_referral_and_call()
        cls.schema = api.get_openapi_schema()

    @classmethod
    def make_referral_and_call(cls):
        """A referral from the case to Gamma (so that charlie, at Beta, stays an
        outsider to it) and a call at Alpha logged by olga, about the same client."""
        now = timezone.now()
        gamma = make_organisation("gamma", OrganisationKind.SHELTER, "sino")
        shelter = Service.objects.create(
            organisation=gamma,
            sector=Sector.SOCIAL,
            service_type=ServiceType.TEMPORARY_SHELTER,
            name_tg="Паноҳгоҳ",
            name_ru="Приют",
            name_en="Shelter",
        )
        referral = Referral.objects.create(
            client=cls.case.client,
            from_organisation=cls.alpha,
            from_case=cls.case,
            to_organisation=gamma,
            service=shelter,
            urgency=Urgency.URGENT,
            needs=["shelter"],
            message=WALK_SECRETS["referral_message"],
            share_safe_contact=True,
            sent_by=cls.bob,
            sent_at=now,
            expires_at=now + datetime.timedelta(days=7),
        )
        call = Call.objects.create(
            organisation=cls.alpha,
            operator=cls.olga,
            started_at=now,
            duration_minutes=12,
            caller_type=CallerType.SURVIVOR,
            district=cls.case.district,
            topic=CallTopic.DOMESTIC_VIOLENCE,
            callback_wanted=True,
            callback_name=WALK_SECRETS["callback_name"],
            callback_phone=WALK_SECRETS["callback_phone"],
            summary=WALK_SECRETS["call_summary"],
            client=cls.case.client,
            case=cls.case,
        )
        return referral, call

    # ---- building requests ----

    def value_for(self, name: str, converter: str | None, where: str, collection: str):
        if name == "case_id":
            return self.case.pk
        model = RECORD_PARAMETERS.get(name)
        if name in {"pk", "id"} and where.startswith(WALKED_COLLECTIONS):
            model = COLLECTION_MODELS.get(collection)
        if model is not None:
            record = next(r for r in self.records.values() if isinstance(r, model))
            return record.pk
        if converter in {"slug", "str"} and name in {"slug", "organisation"}:
            return self.alpha.slug
        if name == "code":
            return SECRETS["code"]
        self.fail(f"{where}: the walk does not know the parameter {name!r}. {CLASSIFY_HINT}")

    def fill(self, template: str, where: str) -> tuple[str, bool]:
        """The path with parameters filled in, and whether it names a case or its record."""
        names_case = False

        def substitute(match):
            nonlocal names_case
            name = match.group("name") or match.group("api_name")
            collection = template[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            value = self.value_for(name, match.group("converter"), where, collection)
            names_case = names_case or name == "case_id" or name in RECORD_PARAMETERS
            names_case = names_case or collection in COLLECTION_MODELS
            return str(value)

        return PARAMETER.sub(substitute, template), names_case

    def request_as(self, user, method, path, body=None, token=None, query=""):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        url = f"{path}?{query}" if query else path
        if body is None:
            return getattr(self.client, method)(url, **extra)
        return self.api(method, url, body, **extra)

    def check(self, response, allowed, where):
        self.assertIn(response.status_code, allowed, f"{where} answered {response.status_code}")
        leaked = secrets_in(response.content, WALK_SECRETS)
        if leaked:
            text = response.content.decode("utf-8", errors="replace")
            at = text.find(WALK_SECRETS[leaked[0]])
            self.fail(
                f"{where} revealed {leaked} to an outsider: ...{text[max(at - 200, 0) : at + 60]}"
            )

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

    def walk_pages(self, user, refused: set[int]):
        self.sign_in(user)
        walked = 0
        for route, _pattern in url_patterns():
            if route in PUBLIC_PATTERNS or route.startswith("api/"):
                continue  # the API is walked operation by operation below
            path, names_case = self.fill(route, route)
            allowed = refused | {405} if names_case else set(range(200, 500))
            for method in ("get", "post"):
                where = f"{method.upper()} /{path} as {user.username}"
                self.check(self.request_as(user, method, "/" + path), allowed, where)
            walked += 1
        return walked

    def walk_api(self, user, refused: set[int]):
        _record, token = ApiToken.issue(user, "walk")
        components = self.schema.get("components", {}).get("schemas", {})
        for api_path, operations in self.schema["paths"].items():
            if api_path in PUBLIC_API_PATHS:
                continue
            path, names_case = self.fill(api_path, api_path)
            methods = {"get": None, "post": {}}
            for method, operation in operations.items():
                content = operation.get("requestBody", {}).get("content", {})
                body_schema = content.get("application/json", {}).get("schema")
                if body_schema:
                    methods[method] = example_value(body_schema, components)
                else:
                    methods[method] = None if method == "get" else {}
            for method, body in methods.items():
                own = method in operations
                # Input is validated before the view runs, so a 422 tells nothing either;
                # a 405 on the operation's own method would mean it is unreachable.
                if not names_case:
                    allowed = set(range(200, 500))
                elif own:
                    allowed = refused if body is None else refused | {422}
                else:
                    allowed = refused | {405, 422}
                where = f"{method.upper()} {path} as {user.username}"
                response = self.request_as(user, method, path, body, token, LOOKUP_QUERY)
                self.check(response, allowed, where)

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
        from himoya.accounts.models import Role
        from himoya.testing import make_user

        carol = make_user("carol", self.alpha, Role.CASEWORKER)
        self.walk_api(carol, {403})
        self.walk_pages(carol, {403})
