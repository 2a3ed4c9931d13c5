"""The access walk's data and requests (the tests are in test_access_walk.py): a case
of Alpha with every record filled, a referral from it to Gamma and a call at Alpha;
each parameter filled with one of them; every page and API operation requested and
each answer checked for the allowed statuses and for the case's secrets."""

import datetime
import tempfile
from urllib.parse import urlencode

from django.test import override_settings
from django.utils import timezone

from himoya.accounts.models import ApiToken
from himoya.api import api
from himoya.cases import attachment_files as attachments
from himoya.cases.tests.test_api_fixtures import SECRETS, CaseApiTestCase, secrets_in
from himoya.hotline.models import Call, CallerType, CallTopic
from himoya.referrals.models import Referral, Urgency
from tests.walk_classification import (
    CLASSIFY_HINT,
    COLLECTION_MODELS,
    PUBLIC_API_PATHS,
    PUBLIC_PATTERNS,
    RECORD_PARAMETERS,
)
from tests.walk_urls import PARAMETER, example_value, url_patterns

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


class AccessWalkTestCase(CaseApiTestCase):
    """The walk's case, referral and call, and the walks over every page and every API
    operation as one user (walk_pages, walk_api), which fail on a forbidden answer."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.add_walk_records(storage_name="0" * 64)
        cls.records["referral"], cls.records["call"] = cls.make_referral_and_call()
        cls.schema = api.get_openapi_schema()

    @classmethod
    def make_referral_and_call(cls):
        """A referral from the case to Gamma (so that charlie, at Beta, stays an
        outsider to it) and a call at Alpha logged by olga, about the same client."""
        now = timezone.now()
        shelter = cls.add_gamma_shelter()
        gamma = shelter.organisation
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

    def store_attachment_file(self) -> None:
        """Give the walk's attachment row a real (encrypted) file in a temporary
        directory for this test, so that its download answers."""
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        overridden = override_settings(HIMOYA_ATTACHMENT_DIR=directory.name)
        overridden.enable()
        self.addCleanup(overridden.disable)
        attachment = self.records["attachment"]
        attachment.storage_name, attachment.sha256 = attachments.store(b"%PDF-1.4 walk")
        attachment.save(update_fields=["storage_name", "sha256"])

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
