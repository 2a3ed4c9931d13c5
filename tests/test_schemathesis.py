"""Schemathesis against the API, bounded: a caseworker's and a supervisor's token, every
operation of the OpenAPI document fed valid and invalid input, generated from the
document. No answer may be a server error, every status must be documented, and every
answer must match its documented schema and content type.

Runs on the suite's database (SQLite, or PostgreSQL with TEST_DATABASE_URL) through
the WSGI application in the test's own transaction, so its writes are rolled back.
Half of the generated requests name the walk's real case, referral and call (see
access_walk_base.py), so the operations are reached past their "not found".
HIMOYA_SCHEMATHESIS_EXAMPLES sets the examples per operation and token (default 12).
"""

import contextlib
import os
import re

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from himoya.accounts.models import ApiToken
from tests.access_walk_base import AccessWalkTestCase

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("HIMOYA_SCHEMATHESIS_EXAMPLES", "12"))
# The brief's two (no 5xx, no undocumented status) and the answers' shape and type.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
PARAMETER = re.compile(r"\{([^}]+)\}")


class SchemathesisTests(AccessWalkTestCase):
    def setUp(self):
        # As Django's test client does: a request must not close the test's connection
        # (its transaction holds the data and rolls the writes back).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        self.addCleanup(signals.request_started.connect, close_old_connections)
        self.addCleanup(signals.request_finished.connect, close_old_connections)
        # The walk's attachment row has no file behind it; this run downloads a real one.
        self.store_attachment_file()

    def real_parameters(self, operation) -> dict:
        """The operation's path parameters filled with the walk's real records."""
        template = operation.path
        values = {}
        for match in PARAMETER.finditer(template):
            name = match.group(1)
            collection = template[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            # A parameter the walk does not fill (the HSDS ids) is left generated.
            with contextlib.suppress(AssertionError):
                values[name] = self.value_for(name, "slug", template, collection)
        return values

    def run_operation(self, operation, tokens, failures):
        modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
        generated = st.one_of(*(operation.as_strategy(mode) for mode in modes))
        real = self.real_parameters(operation)

        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=generated, use_real=st.booleans(), token=st.sampled_from(tokens))
        def run(case, use_real, token):
            if use_real and real:
                case.path_parameters = {**(case.path_parameters or {}), **real}
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            try:
                case.validate_response(response, checks=CHECKS)
            except (AssertionError, FailureGroup) as error:
                titles = [
                    getattr(e, "title", str(e)) for e in getattr(error, "exceptions", [error])
                ]
                failures.append(
                    f"{case.method} {operation.path} -> {response.status_code}: "
                    + "; ".join(titles)
                    + f" (e.g. {case.method} {case.formatted_path})"[:300]
                )

        run()

    def test_no_server_error_and_no_undocumented_status(self):
        tokens = [ApiToken.issue(self.bob, "schemathesis")[1]]
        tokens.append(ApiToken.issue(self.sam, "schemathesis")[1])
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
        failures: list[str] = []
        operations = 0
        for result in schema.get_all_operations():
            operation = result.ok()
            self.run_operation(operation, tokens, failures)
            operations += 1
        self.assertGreater(operations, 50)
        # One line per operation, status and kind of failure.
        unique = {failure.split(" (e.g. ")[0]: failure for failure in failures}
        self.assertEqual(
            len(unique), 0, f"{len(unique)} failures:\n" + "\n".join(sorted(unique.values()))
        )
