"""The no-leak walk (test_no_leak_walk.py; the hotline's test_call_walk.py walks with it
too): WalkEverything requests every URL pattern and every OpenAPI operation as one
user, with each parameter filled with every object the test names, and collects what
went wrong: a body or header that holds a secret of the other side, a path naming the
other side's object that answers anything but what it must, any 5xx. Every request runs
in a savepoint that is rolled back, so the walk changes nothing."""

import contextlib
import html
import io
import itertools
import json
import zipfile
from urllib.parse import urlencode

from django.db import transaction

from himoya.accounts.models import ApiToken
from tests.walk_classification import (
    CLASSIFY_HINT,
    COLLECTION_MODELS,
    PUBLIC_API_PATHS,
    PUBLIC_PATTERNS,
    RECORD_PARAMETERS,
)
from tests.walk_urls import PARAMETER, example_value, url_patterns

# Signing out would end the walk's session; the sign-in pages serve nothing of a case.
NOT_WALKED = {"accounts/logout/"}


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
