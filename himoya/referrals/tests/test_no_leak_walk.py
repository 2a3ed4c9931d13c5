"""B never reads A's notes through any page, API operation or export, and A never reads
B's own case: a walk over everything the project serves.

Alpha (A) refers bob's full case (every record filled with a secret, an attachment
whose content is secret) to Beta (B), with the safe-contact instructions shared; lena
at B accepts it, so B has its own linked case, where B writes its own note and service.
Then every URL pattern (django.urls.get_resolver(), recursively) and every operation of
the OpenAPI document, public or not, is requested with GET, POST and the operation's own
method (a minimal body that passes validation), as lena and victor (B) and as bob and
sam (A), with each parameter filled with every object the walk knows of its kind: A's
case and B's case, A's record and B's record, the referral, A's call and B's call, one's
own notification and someone else's. The walk fails when:

- any body (HTML unescaped, JSON decoded, zip exports unpacked, streamed files joined)
  or header holds a value of the other side (A_ONLY_SECRETS and A's attachment for B;
  B's note, service notes and client code for A);
- a path naming an object of the other side answers anything but 404 (405/422 where
  the method or input is refused before any lookup);
- anything answers 5xx or raises.

Every request runs in a savepoint that is rolled back, so the minimal bodies that the
walk posts (a note, a decline) never change what the next request sees. New patterns and
operations are walked as soon as they exist; a parameter the walk cannot fill fails with
the classification hint. Exports (CSV, XLSX) are included automatically.
"""

import contextlib
import html
import io
import itertools
import json
import shutil
import sys
import tempfile
import types
import zipfile
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path as url_path
from django.utils import timezone

import himoya.urls
from himoya.accounts.models import ApiToken
from himoya.cases.models import CaseEvent, Note, ServiceDelivery
from himoya.cases.services_records import add_attachment
from himoya.cases.tests.test_access_walk import PARAMETER, example_value, url_patterns
from himoya.cases.tests.test_api_fixtures import SECRETS
from himoya.cases.tests.walk_classification import (
    CLASSIFY_HINT,
    COLLECTION_MODELS,
    PUBLIC_API_PATHS,
    PUBLIC_PATTERNS,
    RECORD_PARAMETERS,
)
from himoya.clients.models import Consent
from himoya.core.api import api
from himoya.hotline.models import Call, CallerType, CallTopic
from himoya.notifications.models import Notification
from himoya.referrals.models import Referral
from himoya.referrals.services import accept_referral
from himoya.referrals.tests.base import (
    A_ONLY_SECRETS,
    REFERRAL_MESSAGE,
    SAFE_CONTACT_WORD,
    ReferralTestCase,
)

ATTACHMENT_CONTENT = b"%PDF-1.4\n% A-only scan: forensic report 4471-kiwi-zebra\n%%EOF\n"
ATTACHMENT_MARKER = b"4471-kiwi-zebra"
A_CALL_SECRETS = {
    "a_call_name": "Dilbar, the neighbour's daughter",
    "a_call_phone": "+992 91 444 1313",
    "a_call_summary": "Calls from the market, the husband checks her phone",
}
B_NOTE = "B-only: she asked us not to phone before six in the evening"
B_SERVICE_NOTES = "B-only: alimony claim drafted, court fee waiver requested"
B_CALL_SECRETS = {
    "b_call_name": "Mehrangez in Isfara",
    "b_call_phone": "+992 92 888 0707",
    "b_call_summary": "Asked about the Isfara court's opening hours, scared of her brother",
}
# Signing out would end the walk's session; the sign-in pages serve nothing of a case.
NOT_WALKED = {"accounts/logout/"}
NAMING_PARAMETERS = {"slug", "organisation", "code", "user_id", "notification_id"}


def body_text(response) -> str:
    """Everything a response tells the reader, as text: headers, the body with HTML
    entities and JSON escapes undone, the parts of a zip (XLSX) unpacked."""
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    parts = [f"{key}: {value}" for key, value in response.items()]
    if raw.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"\n".join(archive.read(name) for name in archive.namelist())
    text = raw.decode("utf-8", errors="replace")
    parts += [text, html.unescape(text)]
    with contextlib.suppress(ValueError):
        parts.append(json.dumps(json.loads(text), ensure_ascii=False))
    return "\n".join(parts) + "\n" + raw.decode("latin-1")


NOT_FOUND = frozenset({404})
FORBIDDEN = frozenset({403})


def combined(expectations):
    """What a path naming several objects must answer: 404 wins (an outsider learns
    nothing, whatever else the path names), then the first refusal; None: anything."""
    refusals = [expected for expected in expectations if expected]
    if any(404 in expected for expected in refusals):
        return NOT_FOUND
    return refusals[0] if refusals else None


def records_by_model(*groups) -> dict:
    """model -> [(pk, expected)] from (rows, expected) groups: one row of each kind per
    group is enough to reach every view."""
    by_model: dict = {}
    for rows, expected in groups:
        for row in rows:
            entries = by_model.setdefault(type(row), [])
            if not any(known == expected for _pk, known in entries):
                entries.append((row.pk, expected))
    return by_model


class WalkEverything:
    """Walk every page and API operation as one user; collect what went wrong.

    The test sets self.values: parameter name -> [(value, expected)], where expected
    is None (any answer under 500) or the statuses the walking user must get for a
    path naming that object (NOT_FOUND for the other side's objects). Record
    parameters and bare <pk>/{id} under a case collection are filled from
    self.records_by_model: model -> [(pk, expected)]. API query parameters named like
    a known parameter (organisation=...) are tried with each value too, and pages
    under PAGE_QUERY_PREFIXES with ?organisation=<each slug> (leaks only: a page may
    ignore the parameter).
    """

    PAGE_QUERY_PREFIXES = ("hotline/", "referrals/")

    def candidates(self, name, route, collection, public):
        if name in self.values:
            return self.values[name]
        if public:
            # Classified as serving no case data: any existing id will do.
            return [(self.public_default, None)]
        model = RECORD_PARAMETERS.get(name)
        if model is None and name in {"pk", "id"}:
            model = COLLECTION_MODELS.get(collection)
        if model is not None and self.records_by_model.get(model):
            return self.records_by_model[model]
        self.fail(f"{route}: the walk does not know the parameter {name!r}. {CLASSIFY_HINT}")

    def fillings(self, template, public):
        """Every filled-in path of `template`, with what it must answer."""
        matches = list(PARAMETER.finditer(template))
        choices = []
        for match in matches:
            name = match.group("name") or match.group("api_name")
            collection = template[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            choices.append(self.candidates(name, template, collection, public))
        for combination in itertools.product(*choices):
            filled, end = [], 0
            for match, (value, _expected) in zip(matches, combination, strict=True):
                filled.append(template[end : match.start()] + str(value))
                end = match.end()
            filled.append(template[end:])
            yield "".join(filled), combined(expected for _value, expected in combination)

    def request(self, method, url, body=None, token=None):
        """One request in a savepoint that is rolled back: the walk changes nothing."""
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        with transaction.atomic():
            if body is None:
                response = getattr(self.client, method)(url, **extra)
            else:
                response = getattr(self.client, method)(
                    url, json.dumps(body), content_type="application/json", **extra
                )
            text = body_text(response)
            transaction.set_rollback(True)
        return response, text

    def judge(self, where, method_and_url, allowed, secrets, report):
        try:
            response, text = self.request(*method_and_url)
        except Exception as error:  # a view that raises is a 500 in production
            report["problems"].append(f"{where} raised {error!r}")
            return
        status = response.status_code
        if status >= 500 or (allowed is not None and status not in allowed):
            report["problems"].append(
                f"{where} answered {status}, expected {sorted(allowed or [])}"
            )
        for key, value in secrets.items():
            if value in text:
                at = text.find(value)
                report["problems"].append(
                    f"{where} revealed {key}: ...{text[max(at - 120, 0) : at + 40]!r}"
                )
        if self.marker and self.marker.decode() in text:
            report["problems"].append(f"{where} revealed the attachment's content")
        for key, value in self.own_secrets.items():
            if value in text:
                report["seen"].add(key)
        report["requests"] += 1

    def walk(self, user, secrets, only=None):
        """Walk everything (or the pages and API paths starting with one of `only`) as
        `user`; returns {"problems", "seen", "requests"}."""
        report = {"problems": [], "seen": set(), "requests": 0}
        self.client.logout()
        self.sign_in(user)
        for route, _pattern in url_patterns():
            if route.startswith("api/") or route in NOT_WALKED:
                continue
            if only and not route.startswith(only):
                continue
            public = route in PUBLIC_PATTERNS
            for path, expected in self.fillings(route, public):
                for method in ("get", "post"):
                    where = f"{method.upper()} /{path} as {user.username}"
                    allowed = expected | {405} if expected else None
                    self.judge(where, (method, "/" + path), allowed, secrets, report)
                if route.startswith(self.PAGE_QUERY_PREFIXES):
                    for slug, _expected in self.values.get("organisation", []):
                        url = f"/{path}?{urlencode({'organisation': slug})}"
                        where = f"GET {url} as {user.username}"
                        self.judge(where, ("get", url), allowed, secrets, report)
        self.walk_api(user, secrets, only, report)
        return report

    def walk_api(self, user, secrets, only, report):
        _record, token = ApiToken.issue(user, "no-leak walk")
        components = self.schema.get("components", {}).get("schemas", {})
        for api_path, operations in self.schema["paths"].items():
            if only and not api_path.startswith(only):
                continue
            public = api_path in PUBLIC_API_PATHS
            for path, expected in self.fillings(api_path, public):
                for method, body, own in self.api_requests(operations, components):
                    for query, query_expected in self.queries(
                        operations.get(method, {}), components
                    ):
                        url = f"{path}?{query}" if query else path
                        # A public operation's filters (organisation=) are no lookups.
                        refused = combined([expected, None if public else query_expected])
                        allowed = None
                        if refused:
                            allowed = set(refused) if own and body is None else refused | {422}
                            allowed |= set() if own else {405}
                        where = f"{method.upper()} {url} as {user.username}"
                        self.judge(where, (method, url, body, token), allowed, secrets, report)

    @staticmethod
    def api_requests(operations, components):
        """(method, body, is the operation's own method): GET, POST and each own method."""
        methods = {"get": (None, False), "post": ({}, False)}
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema:
                methods[method] = (example_value(schema, components), True)
            else:
                methods[method] = (None if method == "get" else {}, True)
        return [(method, body, own) for method, (body, own) in methods.items()]

    def queries(self, operation, components):
        """Query strings to try, with what they must answer: the required parameters
        (example values) and a client code to look up; then once with each value of
        every optional parameter the walk knows (organisation=<slug>, ...)."""
        base = {"code": self.lookup_code}
        known = []
        for parameter in operation.get("parameters", []):
            if parameter.get("in") != "query":
                continue
            name = parameter["name"]
            if parameter.get("required"):
                base[name] = example_value(parameter.get("schema", {}), components)
            elif name in self.values and name != "code":
                known.append(name)
        yield urlencode(base), None
        for name in known:
            for value, expected in self.values[name]:
                yield urlencode({**base, name: value}), expected

    def assert_clean(self, report, user):
        problems = report["problems"]
        self.assertFalse(
            problems,
            f"{len(problems)} problems walking as {user.username}:\n" + "\n".join(problems[:60]),
        )


class NoLeakWalkTests(WalkEverything, ReferralTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.schema = api.get_openapi_schema()

    def setUp(self):
        super().setUp()
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        overridden = override_settings(HIMOYA_ATTACHMENT_DIR=folder)
        overridden.enable()
        self.addCleanup(overridden.disable)
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

        self.attachment = add_attachment(
            self.case,
            actor=self.bob,
            uploaded=SimpleUploadedFile(
                SECRETS["filename"], ATTACHMENT_CONTENT, content_type="application/pdf"
            ),
        )
        self.referral = self.send(share_safe_contact=True)
        self.referral = accept_referral(
            self.lena,
            self.referral,
            expected_version=self.referral.version,
            services_consent_method="verbal",
        )
        self.b_case = self.referral.receiving_case
        self.b_note = Note.objects.create(case=self.b_case, author=self.lena, text=B_NOTE)
        self.b_service = ServiceDelivery.objects.create(
            case=self.b_case,
            date=timezone.localdate(),
            sector="justice",
            service_type="secondary_legal_aid",
            provided_by=self.lena,
            organisation=self.beta,
            notes=B_SERVICE_NOTES,
        )
        self.a_call = self.make_call(self.alpha, self.olga, A_CALL_SECRETS, "a_call")
        self.b_call = self.make_call(self.beta, self.lena, B_CALL_SECRETS, "b_call")
        self.a_records = [
            *[r for r in self.records.values() if hasattr(r, "pk")],
            self.attachment,
            self.records["incident"].perpetrators.first(),
            CaseEvent.objects.create(
                case=self.case, kind=CaseEvent.Kind.OPENED, actor=self.bob, at=timezone.now()
            ),
        ]
        self.b_records = [
            self.b_note,
            self.b_service,
            *CaseEvent.objects.filter(case=self.b_case)[:1],
            *Consent.objects.filter(client=self.b_case.client)[:1],
        ]
        self.public_default = self.legal_aid.pk

    @staticmethod
    def make_call(organisation, operator, secrets, prefix):
        return Call.objects.create(
            organisation=organisation,
            operator=operator,
            started_at=timezone.now(),
            duration_minutes=9,
            caller_type=CallerType.SURVIVOR,
            district=organisation.district,
            topic=CallTopic.LEGAL_QUESTION,
            callback_wanted=True,
            callback_name=secrets[f"{prefix}_name"],
            callback_phone=secrets[f"{prefix}_phone"],
            summary=secrets[f"{prefix}_summary"],
        )

    def b_secrets(self) -> dict:
        return {
            "b_note": B_NOTE,
            "b_service_notes": B_SERVICE_NOTES,
            "b_client_code": self.b_case.client.code,
            **B_CALL_SECRETS,
        }

    def prepare(self, user, *, receiver: bool):
        """Fill self.values and self.records_by_model for a walk as `user`: what is
        foreign is the other side's."""
        a_case, b_case = (self.case.pk, NOT_FOUND), (self.b_case.pk, None)
        a_call, b_call = (self.a_call.pk, NOT_FOUND), (self.b_call.pk, None)
        if receiver:
            self.records_by_model = records_by_model(
                (self.a_records, NOT_FOUND), (self.b_records, None)
            )
            self.own_secrets = {"b_note": B_NOTE, "message": REFERRAL_MESSAGE}
            self.marker = ATTACHMENT_MARKER
        else:
            a_case, b_case = (a_case[0], None), (b_case[0], NOT_FOUND)
            a_call, b_call = (a_call[0], None), (b_call[0], NOT_FOUND)
            self.records_by_model = records_by_model(
                (self.b_records, NOT_FOUND), (self.a_records, None)
            )
            self.own_secrets = {"note": SECRETS["note"]}
            self.marker = None
        self.records_by_model[Referral] = [(self.referral.pk, None)]
        self.records_by_model[Call] = [a_call, b_call]
        own_notification = Notification.objects.filter(user=user).first()
        other_notification = Notification.objects.exclude(user=user).first()
        self.values = {
            "case_id": [a_case, b_case],
            "slug": [(self.alpha.slug, None), (self.beta.slug, None)],
            "organisation": [(self.alpha.slug, None), (self.beta.slug, None)],
            "code": [(self.client_record.code, None), (self.b_case.client.code, None)],
            "user_id": [(self.lena.pk, None), (self.bob.pk, None)],
            "notification_id": [
                *([(own_notification.pk, None)] if own_notification else []),
                (other_notification.pk, NOT_FOUND),
            ],
        }
        self.lookup_code = self.client_record.code

    # ---- the walk would see a leak ----

    def test_the_secrets_are_there_for_their_owners(self):
        """bob reads A's notes and the attachment; lena reads B's note: so the walks
        below would notice them if they leaked."""
        self.sign_in(self.bob)
        response = self.client.get(f"/api/cases/{self.case.pk}/notes")
        self.assertIn(SECRETS["note"], body_text(response))
        attachment = self.client.get(
            f"/api/cases/{self.case.pk}/attachments/{self.attachment.pk}/content"
        )
        self.assertIn(ATTACHMENT_MARKER.decode(), body_text(attachment))
        self.client.logout()
        self.sign_in(self.lena)
        response = self.client.get(f"/api/cases/{self.b_case.pk}/notes")
        self.assertIn(B_NOTE, body_text(response))

    def test_body_text_reads_html_json_and_zip(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/sharedStrings.xml", "<t>Zarina's house</t>")
        for response in (
            HttpResponse(b"<p>Zarina&#x27;s house</p>"),
            HttpResponse(json.dumps({"x": "Zarina's house"}).encode()),
            HttpResponse(buffer.getvalue()),
        ):
            self.assertIn("Zarina's house", body_text(response))

    def test_the_walk_catches_a_page_that_shows_a_to_b(self):
        def leaky(request, referral_id):
            return HttpResponse(Referral.objects.get(pk=referral_id).client.phone)

        module = types.ModuleType("himoya_no_leak_urls")
        module.urlpatterns = [
            url_path("referrals/<int:referral_id>/leak/", leaky),
            *himoya.urls.urlpatterns,
        ]
        sys.modules[module.__name__] = module
        self.addCleanup(sys.modules.pop, module.__name__, None)
        self.prepare(self.lena, receiver=True)
        self.schema = {"paths": {}}
        with override_settings(ROOT_URLCONF=module.__name__):
            report = self.walk(self.lena, A_ONLY_SECRETS, only=("referrals/",))
        leaks = [p for p in report["problems"] if "revealed phone" in p]
        url = f"/referrals/{self.referral.pk}/leak/"
        self.assertTrue(any(p.startswith(f"GET {url} ") for p in leaks), report["problems"])
        self.assertTrue(any(p.startswith(f"POST {url} ") for p in leaks), report["problems"])
        self.assertEqual(len(leaks), len(report["problems"]), "nothing else is wrong")

    # ---- B never reads A ----

    def walk_as_receiver(self, user):
        self.prepare(user, receiver=True)
        report = self.walk(
            user,
            {
                **A_ONLY_SECRETS,
                "filename": SECRETS["filename"],
                "purpose": SECRETS["purpose"],
                **A_CALL_SECRETS,
            },
        )
        self.assert_clean(report, user)
        return report

    def test_the_receiving_caseworker_never_reads_a_s_record(self):
        report = self.walk_as_receiver(self.lena)
        # The walk reached B's own case and the shared view of the referral.
        self.assertIn("b_note", report["seen"])
        self.assertIn("message", report["seen"])
        self.assertGreater(report["requests"], 300)

    def test_the_receiving_supervisor_never_reads_a_s_record(self):
        report = self.walk_as_receiver(self.victor)
        self.assertIn("b_note", report["seen"])

    def test_the_safe_contact_word_is_shared_only_because_she_agreed(self):
        """The walk above lets the code word through; it is seen, so it is shared."""
        self.sign_in(self.lena)
        response = self.client.get(f"/api/referrals/{self.referral.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(SAFE_CONTACT_WORD, body_text(response))
        self.assertFalse(
            [value for value in A_ONLY_SECRETS.values() if value in body_text(response)]
        )

    # ---- A never reads B's own case ----

    def walk_as_sender(self, user):
        self.prepare(user, receiver=False)
        report = self.walk(user, self.b_secrets())
        self.assert_clean(report, user)
        return report

    def test_the_sending_caseworker_never_reads_b_s_case(self):
        report = self.walk_as_sender(self.bob)
        self.assertIn("note", report["seen"])

    def test_the_sending_supervisor_never_reads_b_s_case(self):
        report = self.walk_as_sender(self.sam)
        self.assertIn("note", report["seen"])
