"""Every read that shows identifying data leaves an audit entry, on pages and API alike.

The walk's case, referral and call (access_walk_base.py) are read with GET on every
page and API operation by those who may read them: bob (the caseworker, the
referral's sender), sam (his supervisor) and olga (the operator who took the call).
Each walked read is classified in walk_classification.py: IDENTIFYING_READS must write
an entry for the reader on every answer of 200; READS_WITHOUT_IDENTIFYING_DATA must
show none of the walk's secrets (the pseudonymous client code aside). A read that is
in neither fails with where to classify it, and so does one that shows a secret
without writing an entry.
"""

from django.conf import settings
from django.utils import translation

from himoya.accounts.models import ApiToken
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.tests.test_api_fixtures import secrets_in
from tests.access_walk_base import (
    LOOKUP_QUERY,
    WALK_SECRETS,
    AccessWalkTestCase,
)
from tests.walk_classification import (
    IDENTIFYING_READS,
    PUBLIC_API_PATHS,
    PUBLIC_PATTERNS,
    READS_WITHOUT_IDENTIFYING_DATA,
)
from tests.walk_urls import url_patterns

IDENTIFYING_SECRETS = {key: value for key, value in WALK_SECRETS.items() if key != "code"}
CLASSIFY = (
    "Classify it in tests/walk_classification.py: IDENTIFYING_READS (and "
    "audit the read) or READS_WITHOUT_IDENTIFYING_DATA."
)


class ReadAuditTests(AccessWalkTestCase):
    def setUp(self):
        self.store_attachment_file()
        # Routes as the default language spells them (a test before may leave another
        # language active, and the language prefix is part of the route).
        self.enterContext(translation.override(settings.LANGUAGE_CODE))

    def reads(self, user):
        """(route, response) of a GET of every walked page and API operation as `user`,
        one at a time (the caller counts the entries after each)."""
        self.sign_in(user)
        for route, _pattern in url_patterns():
            if route in PUBLIC_PATTERNS or route.startswith("api/"):
                continue
            path, _names_case = self.fill(route, route)
            query = LOOKUP_QUERY if "lookup" in route else ""
            yield route, self.request_as(user, "get", "/" + path, query=query)
        _record, token = ApiToken.issue(user, "read audit")
        for api_path, operations in self.schema["paths"].items():
            if api_path in PUBLIC_API_PATHS or "get" not in operations:
                continue
            path, _names_case = self.fill(api_path, api_path)
            response = self.request_as(user, "get", path, token=token, query=LOOKUP_QUERY)
            yield api_path, response

    def read_entries(self, user) -> int:
        return AuditEntry.objects.filter(action=AuditAction.RECORD_READ, actor=user).count()

    def walk(self, users) -> dict[str, int]:
        """Check every read of `users`; how many answered 200, by route."""
        answered: dict[str, int] = {}
        for user in users:
            before = self.read_entries(user)
            for route, response in self.reads(user):
                after = self.read_entries(user)
                where = f"GET {route} as {user.username}"
                if response.status_code == 200:
                    answered[route] = answered.get(route, 0) + 1
                    self.assertTrue(
                        route in IDENTIFYING_READS or route in READS_WITHOUT_IDENTIFYING_DATA,
                        f"{where} is not classified. {CLASSIFY}",
                    )
                    if route in IDENTIFYING_READS:
                        self.assertGreater(after, before, f"{where} wrote no audit entry")
                    else:
                        shown = secrets_in(response.content, IDENTIFYING_SECRETS)
                        self.assertFalse(shown, f"{where} showed {shown} without an audit entry")
                before = after
        return answered

    def test_every_read_of_identifying_data_is_audited(self):
        answered = self.walk([self.bob, self.sam, self.olga])
        unreached = sorted(IDENTIFYING_READS - set(answered))
        self.assertEqual(unreached, [], "identifying reads the walk never read")

    def test_the_classification_has_no_stale_entries(self):
        routes = {route for route, _pattern in url_patterns()} | set(self.schema["paths"])
        self.assertFalse(IDENTIFYING_READS & set(READS_WITHOUT_IDENTIFYING_DATA))
        self.assertFalse(IDENTIFYING_READS - routes, "stale entries in IDENTIFYING_READS")
        self.assertFalse(
            set(READS_WITHOUT_IDENTIFYING_DATA) - routes,
            "stale entries in READS_WITHOUT_IDENTIFYING_DATA",
        )

    def test_the_senders_referral_page_is_audited(self):
        """It showed the referral's message and wrote nothing (issue 9, item 10)."""
        referral = self.records["referral"]
        self.sign_in(self.bob)
        response = self.client.get(f"/referrals/{referral.pk}/")
        self.assertIn("referral_message", secrets_in(response.content, WALK_SECRETS))
        entry = AuditEntry.objects.filter(action=AuditAction.RECORD_READ, actor=self.bob).last()
        self.assertEqual(entry.object_id, str(referral.pk))
        self.assertEqual(entry.organisation, self.alpha)
        self.assertEqual((entry.detail["what"], entry.detail["via"]), ("referral", "web"))

    def test_the_case_change_form_is_audited(self):
        self.sign_in(self.bob)
        before = self.read_entries(self.bob)
        self.assertEqual(self.client.get(f"/cases/{self.case.pk}/change/").status_code, 200)
        self.assertEqual(self.read_entries(self.bob), before + 1)
