"""Every case page and POST: outsider 404, wrong role 403, right role 200 (or redirect)."""

from django.urls import reverse

from himoya.audit.models import AuditEntry
from himoya.cases.models import Case, CaseEvent, CaseStatus
from himoya.cases.tests.pages_base import CasePagesTestCase

# (route, roles that may use it); "any" = the assigned caseworker and a supervisor.
CASE_PAGES = [
    ("cases:detail", "any"),
    ("cases:case_change", "any"),
    ("cases:closure_request", "any"),
    ("cases:case_assign", "supervisor"),
    ("cases:closure_decide", "supervisor"),
]


class CasePageAccessTests(CasePagesTestCase):
    def assert_status(self, user, url, expected, method="get"):
        self.client.logout()
        self.sign_in(user)
        response = getattr(self.client, method)(url)
        self.assertEqual(response.status_code, expected, f"{user.username} {method} {url}")

    def test_outsider_gets_404_everywhere(self):
        for route, _who in [*CASE_PAGES, ("cases:case_reopen", "supervisor")]:
            url = reverse(route, args=[self.case.pk])
            self.assert_status(self.charlie, url, 404)
            self.assert_status(self.charlie, url, 404, "post")

    def test_missing_case_is_404(self):
        self.assert_status(self.sam, reverse("cases:detail", args=[999999]), 404)

    def test_wrong_roles_get_403_everywhere(self):
        for route, _who in [*CASE_PAGES, ("cases:case_reopen", "supervisor")]:
            url = reverse(route, args=[self.case.pk])
            for user in (self.ann, self.alice, self.olga, self.carol, self.root):
                self.assert_status(user, url, 403)
                self.assert_status(user, url, 403, "post")

    def test_caseworker_may_not_use_supervisor_pages(self):
        for route in ("cases:case_assign", "cases:closure_decide", "cases:case_reopen"):
            url = reverse(route, args=[self.case.pk])
            self.assert_status(self.bob, url, 403)
            self.assert_status(self.bob, url, 403, "post")

    def test_right_roles_get_200(self):
        for route, who in CASE_PAGES:
            url = reverse(route, args=[self.case.pk])
            users = [self.sam] if who == "supervisor" else [self.bob, self.sam]
            for user in users:
                self.assert_status(user, url, 200)

    def test_reopen_page_for_supervisor_of_closed_case(self):
        self.case.status = CaseStatus.CLOSED
        self.case.save()
        self.assert_status(self.sam, reverse("cases:case_reopen", args=[self.case.pk]), 200)

    def test_list_intake_my_work_need_a_case_role(self):
        for route in ("cases:list", "cases:intake", "cases:my_work"):
            url = reverse(route)
            for user in (self.ann, self.alice, self.olga, self.charlie, self.root):
                self.assert_status(user, url, 403)
            self.assert_status(self.charlie, url, 403, "post") if route == "cases:intake" else None
            for user in (self.bob, self.sam, self.carol):
                self.assert_status(user, url, 200)
        self.assert_status(self.ann, reverse("cases:lookup") + "?code=X", 403)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(reverse("cases:detail", args=[self.case.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])


class CaseDetailTests(CasePagesTestCase):
    def test_detail_shows_code_not_name_and_audits_the_read(self):
        self.sign_in(self.bob)
        before = AuditEntry.objects.count()
        response = self.client.get(reverse("cases:detail", args=[self.case.pk]))
        self.assertContains(response, self.case.client.code)
        self.assertNotContains(response, "Test Client")
        entry = AuditEntry.objects.order_by("-id").first()
        self.assertEqual(AuditEntry.objects.count(), before + 1)
        self.assertEqual(entry.action, "record_read")
        self.assertEqual(entry.detail["case"], self.case.pk)
        self.assertEqual(entry.actor_id, self.bob.pk)

    def test_supervisor_sees_who_opened_the_case(self):
        self.sign_in(self.bob)
        self.client.get(self.url("cases:detail", self.case.pk))
        self.client.logout()
        self.sign_in(self.sam)
        response = self.client.get(self.url("cases:detail", self.case.pk))
        self.assertContains(response, "Who opened this case")
        log = list(response.context["access_page"])
        self.assertEqual([entry.actor_name for entry in log][:2], ["sam", "bob"])
        # A caseworker does not see the access log.
        self.client.logout()
        self.sign_in(self.bob)
        response = self.client.get(self.url("cases:detail", self.case.pk))
        self.assertIsNone(response.context["access_page"])

    def test_access_log_is_paginated_and_tolerates_a_bad_page(self):
        self.sign_in(self.sam)
        for _ in range(22):
            self.client.get(reverse("cases:detail", args=[self.case.pk]))
        url = reverse("cases:detail", args=[self.case.pk])
        response = self.client.get(url + "?access_page=2")
        self.assertEqual(response.context["access_page"].number, 2)
        response = self.client.get(url + "?access_page=zzz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["access_page"].number, 1)

    def test_other_cases_reads_are_not_in_this_access_log(self):
        other = Case.objects.create(
            organisation=self.alpha,
            client=self.case.client,
            caseworker=self.bob,
            opened_at=self.case.opened_at,
        )
        self.sign_in(self.sam)
        self.client.get(reverse("cases:detail", args=[other.pk]))
        response = self.client.get(reverse("cases:detail", args=[self.case.pk]))
        cases = {entry.detail.get("case") for entry in response.context["access_page"]}
        self.assertEqual(cases, {self.case.pk})

    def test_history_lists_events(self):
        CaseEvent.objects.create(
            case=self.case, kind=CaseEvent.Kind.OPENED, actor=self.bob, at=self.case.opened_at
        )
        self.sign_in(self.bob)
        response = self.client.get(reverse("cases:detail", args=[self.case.pk]))
        self.assertEqual(len(response.context["events"]), 1)
