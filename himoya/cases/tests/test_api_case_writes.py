"""Case API writes by the right people: intake, case and client changes, assignment,
the closure flow and reopening; stale edits refused with what changed meanwhile."""

import datetime

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.models import Case, CaseEvent, CaseStatus
from himoya.cases.tests.test_api_write_access import COUNTED, WriteAccessBase
from himoya.clients.models import Client, Consent, ConsentKind
from himoya.core.roles import Role

# Thirty years old, whenever the suite runs: the age group must follow the birth date.
TODAY = datetime.date.today()
INTAKE = {
    "client": {
        "name": "Gulnora Saidova",
        "phone": "+992 93 111 2233",
        "birth_date": TODAY.replace(year=TODAY.year - 30, day=1).isoformat(),
        "age_group": "26-40",
        "district": "sino",
        "safe_contact": {"may_call": False, "code_word": "olma"},
    },
    "consent_method": "verbal",
    "priority": "high",
}


def counts():
    return [model.objects.count() for model in COUNTED]


class IntakeTests(WriteAccessBase):
    def test_caseworker_opens_a_case(self):
        self.sign_in(self.bob)
        response = self.api("post", "/api/cases/", INTAKE)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertTrue(body["code"].startswith("AL-"))
        self.assertEqual(body["caseworker"], "bob")
        self.assertEqual(body["priority"], "high")
        self.assertEqual(body["client"]["name"], "Gulnora Saidova")
        client = Client.objects.get(code=body["code"])
        self.assertTrue(Consent.objects.filter(client=client, kind=ConsentKind.SERVICES).exists())
        self.assertEqual(client.safe_contact, {"may_call": False, "code_word": "olma"})

    def test_roles_without_cases_get_403(self):
        for user in (self.ann, self.alice, self.charlie):
            self.sign_in(user)
            before = counts()
            self.assertEqual(self.api("post", "/api/cases/", INTAKE).status_code, 403)
            self.assertEqual(counts(), before)

    def test_bad_input_is_refused_per_field(self):
        self.sign_in(self.bob)
        bad = {
            "client": {"age_group": "ancient", "district": "atlantis", "children_count": -1},
            "consent_method": "telepathy",
        }
        before = counts()
        response = self.api("post", "/api/cases/", bad)
        self.assertEqual(response.status_code, 422)
        errors = response.json()["errors"]
        for field in ("client.age_group", "client.children_count", "consent_method"):
            self.assertIn(field, errors)
        self.assertEqual(counts(), before)

    def test_unknown_district_and_foreign_organisation_are_field_errors(self):
        self.sign_in(self.bob)
        for body, field in (
            ({**INTAKE, "client": {**INTAKE["client"], "district": "atlantis"}}, "client.district"),
            ({**INTAKE, "organisation": "beta"}, "organisation"),
        ):
            before = counts()
            response = self.api("post", "/api/cases/", body)
            self.assertEqual(response.status_code, 422, response.content)
            self.assertIn(field, response.json()["errors"])
            self.assertEqual(counts(), before)

    def test_a_child_needs_the_caregivers_consent(self):
        self.sign_in(self.bob)
        # No birth date: the age group alone says she is a child.
        child = {**INTAKE, "client": {**INTAKE["client"], "age_group": "12-17", "birth_date": None}}
        before = counts()
        response = self.api("post", "/api/cases/", child)
        self.assertEqual(response.status_code, 422)
        self.assertIn("child_consent", response.json()["errors"])
        response = self.api(
            "post", "/api/cases/", {**child, "child_consent": {"given": False, "reason": ""}}
        )
        self.assertIn("child_consent.reason", response.json()["errors"])
        self.assertEqual(counts(), before)
        response = self.api(
            "post",
            "/api/cases/",
            {**child, "child_consent": {"given": False, "reason": "The father is the abuser"}},
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_possible_duplicate_asks_first(self):
        self.sign_in(self.bob)
        first = self.api("post", "/api/cases/", INTAKE).json()
        before = counts()
        response = self.api("post", "/api/cases/", INTAKE)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["duplicates"], [first["code"]])
        self.assertEqual(counts(), before)
        response = self.api("post", "/api/cases/", {**INTAKE, "confirm_duplicate": True})
        self.assertEqual(response.status_code, 201)

    def test_a_colleagues_client_is_counted_not_named(self):
        # The intake must not find a colleague's client by name: no code, only a count.
        self.sign_in(self.sam)
        first = self.api("post", "/api/cases/", INTAKE).json()
        Case.objects.filter(pk=first["id"]).update(caseworker=None)
        self.sign_in(self.bob)
        response = self.api("post", "/api/cases/?lang=en", INTAKE)
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual((body["duplicates"], body["other_duplicates"]), ([], 1))
        self.assertIn("Ask your supervisor", body["message"])
        self.assertNotIn(first["code"], response.content.decode())


class CaseChangeTests(WriteAccessBase):
    def test_caseworker_changes_step_and_priority(self):
        self.sign_in(self.bob)
        response = self.api(
            "patch",
            f"/api/cases/{self.case.pk}",
            {"version": 1, "step": "assessment", "priority": "urgent"},
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(
            (body["step"], body["priority"], body["version"]), ("assessment", "urgent", 2)
        )

    def test_stale_edit_is_refused_with_the_changed_fields(self):
        self.sign_in(self.bob)
        url = f"/api/cases/{self.case.pk}"
        self.assertEqual(
            self.api("patch", url, {"version": 1, "priority": "high"}).status_code, 200
        )
        before = counts()
        response = self.api("patch", url, {"version": 1, "step": "planning"})
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertIn("priority", body["changed"])
        self.assertEqual(body["current_version"], 2)
        self.assertIn("priority", body["message"])
        self.assertEqual(counts(), before)
        self.assertEqual(Case.objects.get(pk=self.case.pk).step, "engagement")

    def test_a_version_never_saved_is_422(self):
        self.sign_in(self.bob)
        before = counts()
        response = self.api(
            "patch", f"/api/cases/{self.case.pk}", {"version": 7, "step": "planning"}
        )
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("version", response.json()["errors"])
        self.assertEqual(counts(), before)

    def test_closing_by_patch_is_refused(self):
        self.sign_in(self.bob)
        response = self.api(
            "patch", f"/api/cases/{self.case.pk}", {"version": 1, "status": "closed"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("status", response.json()["errors"])

    def test_client_details_change_with_their_own_version(self):
        self.sign_in(self.bob)
        url = f"/api/cases/{self.case.pk}/client"
        response = self.api("patch", url, {"version": 1, "phone": "+992 90 000 0001"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["phone"], "+992 90 000 0001")
        stale = self.api("patch", url, {"version": 1, "address": "Elsewhere"})
        self.assertEqual(stale.status_code, 409)
        self.assertIn("phone", stale.json()["changed"])


class AssignAndClosureTests(WriteAccessBase):
    def test_supervisor_assigns_to_an_active_caseworker(self):
        carol = UserFactory(username="carol2", organisation=self.alpha, role=Role.CASEWORKER)
        self.sign_in(self.sam)
        url = f"/api/cases/{self.case.pk}/assign"
        response = self.api("post", url, {"version": 1, "caseworker": carol.username})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["caseworker"], "carol2")
        refused = self.api("post", url, {"version": 2, "caseworker": "ann"})
        self.assertEqual(refused.status_code, 422)
        self.assertIn("caseworker", refused.json()["errors"])

    def test_request_approve_and_reopen(self):
        base = f"/api/cases/{self.case.pk}"
        self.sign_in(self.bob)
        response = self.api(
            "post",
            f"{base}/closure",
            {"version": 1, "reason": "goals_met", "checklist": {"client_informed": True}},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertTrue(response.json()["checklist"]["client_informed"])
        self.assertEqual(
            self.api("post", f"{base}/closure/decision", {"approve": True}).status_code, 403
        )
        self.sign_in(self.sam)
        response = self.api("post", f"{base}/closure/decision", {"approve": True})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], CaseStatus.CLOSED)
        # Read-only now: even the supervisor's change is refused with a message.
        refused = self.api("patch", base, {"version": 3, "priority": "low"})
        self.assertEqual(refused.status_code, 409)
        self.assertIn("Reopen", refused.json()["message"])
        self.assertEqual(self.api("post", f"{base}/reopen", {"reason": ""}).status_code, 422)
        response = self.api("post", f"{base}/reopen", {"reason": "New incident reported"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], CaseStatus.ACTIVE)
        kinds = list(CaseEvent.objects.filter(case=self.case).values_list("kind", flat=True))
        self.assertEqual(kinds, ["closure_requested", "closed", "reopened"])

    def test_send_back_needs_a_note(self):
        base = f"/api/cases/{self.case.pk}"
        self.sign_in(self.bob)
        self.api("post", f"{base}/closure", {"version": 1, "reason": "client_wish"})
        self.sign_in(self.sam)
        refused = self.api("post", f"{base}/closure/decision", {"approve": False})
        self.assertEqual(refused.status_code, 422)
        self.assertIn("note", refused.json()["errors"])
        response = self.api(
            "post", f"{base}/closure/decision", {"approve": False, "note": "Safety plan first"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], CaseStatus.ACTIVE)

    def test_reopening_an_open_case_is_refused(self):
        self.sign_in(self.sam)
        response = self.api("post", f"/api/cases/{self.case.pk}/reopen", {"reason": "why"})
        self.assertEqual(response.status_code, 422)

    def test_every_change_is_audited(self):
        self.sign_in(self.bob)
        self.api("patch", f"/api/cases/{self.case.pk}", {"version": 1, "priority": "high"})
        self.assertTrue(
            AuditEntry.objects.filter(
                action=AuditAction.RECORD_CHANGED, object_id=str(self.case.pk)
            ).exists()
        )
