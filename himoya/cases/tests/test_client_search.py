"""Finding a returning client's cases by name and birth year, or by phone: the search
page (its form is on the case list) and POST /api/cases/search.

Scoped as the case list (bob: his cases; sam, supervisor: all of Alpha's; never Beta's),
403 for roles without cases, audited without the name or the phone, in the user's
language, and with a query count that does not grow with the results.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from himoya.accounts.models import ApiToken
from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.pages_base import CasePagesTestCase
from himoya.clients.tests.factories import ClientFactory
from himoya.core.roles import Role

NAME = "Раъно Каримова"
PHONE = "+992 93 123 45 67"
BIRTH = datetime.date(1990, 5, 17)
# The name, its parts and the phone's digits must never reach the audit log.
PLAIN = ("Раъно", "Каримова", "раъно", "каримова", "1234567", "123 45 67")


class ClientSearchBase(CasePagesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dave = UserFactory(username="dave", organisation=cls.beta, role=Role.CASEWORKER)
        client = ClientFactory(organisation=cls.alpha, name=NAME, birth_date=BIRTH, phone=PHONE)
        cls.bobs = CaseFactory(organisation=cls.alpha, caseworker=cls.bob, client=client)
        # The same name and year at Alpha, but carol's case: bob must not see it.
        other = ClientFactory(
            organisation=cls.alpha, name="Каримова Раъно", birth_date=datetime.date(1990, 1, 1)
        )
        cls.carols = CaseFactory(organisation=cls.alpha, caseworker=cls.carol, client=other)
        # The same name, no birth date recorded, bob's.
        cls.undated = CaseFactory(
            organisation=cls.alpha,
            caseworker=cls.bob,
            client=ClientFactory(organisation=cls.alpha, name=NAME),
        )
        # The same person's name and phone at Beta: no Alpha user may ever find it.
        twin = ClientFactory(organisation=cls.beta, name=NAME, birth_date=BIRTH, phone=PHONE)
        cls.betas = CaseFactory(organisation=cls.beta, caseworker=cls.dave, client=twin)

    def codes(self, response) -> list[str]:
        return [row["code"] for row in response.context["rows"]]


class SearchPageTests(ClientSearchBase):
    def search(self, user, language="en", **data):
        self.client.logout()
        self.sign_in(user)
        return self.client.post(self.url("cases:search", language=language), data)

    def test_case_list_carries_the_form_posting_to_the_search(self):
        self.sign_in(self.bob)
        response = self.client.get(self.url("cases:list"))
        self.assertContains(response, f'method="post" action="{self.url("cases:search")}"')
        self.assertContains(response, 'name="birth_year"')
        self.assertContains(response, 'name="phone"')

    def test_caseworker_finds_only_her_own_cases(self):
        response = self.search(self.bob, name=NAME, birth_year="1990")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            set(self.codes(response)), {self.bobs.client.code, self.undated.client.code}
        )
        self.assertContains(response, "name and birth year")
        self.assertContains(response, "name (no date of birth on record)")
        self.assertContains(response, "only the cases assigned to you")

    def test_supervisor_finds_the_organisations_cases_never_anothers(self):
        response = self.search(self.sam, name=NAME, birth_year="1990")
        self.assertEqual(
            set(self.codes(response)),
            {self.bobs.client.code, self.carols.client.code, self.undated.client.code},
        )
        self.assertNotIn(self.betas.client.code, response.content.decode())
        self.assertContains(response, "every case of your organisation")

    def test_names_and_phones_typed_differently_are_found(self):
        for data in (
            {"name": "  РАЪНО   каримова ", "birth_year": "1990"},
            {"name": "Каримова Раъно", "birth_year": "1990"},
            {"name": "Рaъно Кaримовa", "birth_year": "1990"},  # Latin a
            {"name": "Раъ\u200bно Каримова", "birth_year": "1990"},  # zero-width space
            {"phone": "992931234567"},
            {"phone": "93 123 4567"},
            {"phone": "+992 (93) 123-45-67"},
        ):
            response = self.search(self.bob, **data)
            self.assertEqual(response.status_code, 200, data)
            self.assertIn(self.bobs.client.code, self.codes(response), data)

    def test_no_match_says_so(self):
        for data in ({"name": "Зебо Каримова", "birth_year": "1990"}, {"phone": "93 123 4568"}):
            response = self.search(self.bob, **data)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(self.codes(response), [])
            self.assertContains(response, "No case matches.")

    def test_an_outsider_finds_nothing_of_another_organisation(self):
        response = self.search(self.dave, name=NAME, birth_year="1990", phone="93 123 4567")
        self.assertEqual(self.codes(response), [self.betas.client.code])
        self.assertNotIn(self.bobs.client.code, response.content.decode())

    def test_terms_that_cannot_be_searched_are_400_with_a_message_and_not_audited(self):
        before = AuditEntry.objects.count()
        for data, field in (
            ({}, "__all__"),
            ({"name": NAME}, "birth_year"),
            ({"birth_year": "1990"}, "name"),
            ({"name": NAME, "birth_year": "1850"}, "birth_year"),
            ({"name": NAME, "birth_year": "nineteen"}, "birth_year"),
            ({"name": "!!!", "birth_year": "1990"}, "name"),
            ({"phone": "123"}, "phone"),
            ({"phone": "9" * 41}, "phone"),
            ({"name": "x" * 201, "birth_year": "1990"}, "name"),
        ):
            response = self.search(self.bob, **data)
            self.assertEqual(response.status_code, 400, data)
            self.assertTrue(response.context["search_form"].errors.get(field), data)
        self.assertEqual(AuditEntry.objects.count(), before)

    def test_the_search_is_audited_without_the_name_or_phone(self):
        before = AuditEntry.objects.count()
        self.search(self.sam, name=NAME, birth_year="1990", phone=PHONE)
        entries = list(AuditEntry.objects.filter(id__gt=before))
        self.assertEqual(len(entries), 1)
        entry = entries[0]
        self.assertEqual(entry.action, AuditAction.RECORD_READ)
        self.assertEqual(entry.actor, self.sam)
        self.assertEqual(entry.organisation, self.alpha)
        self.assertEqual(entry.detail["what"], "client_search")
        self.assertEqual(entry.detail["by"], ["name_birth_year", "phone"])
        self.assertEqual(entry.detail["results"], 3)
        self.assertEqual(entry.detail["via"], "web")
        self.assertEqual(
            set(entry.detail["cases"]), {self.bobs.pk, self.carols.pk, self.undated.pk}
        )
        for plain in PLAIN:
            self.assertNotIn(plain, str(entry.detail), plain)
        # The same terms give the same fingerprint, so repeated searches can be linked.
        self.search(self.bob, name="каримова раъно", birth_year="1990", phone="931234567")
        again = AuditEntry.objects.order_by("-id").first()
        self.assertEqual(again.detail["terms"], entry.detail["terms"])
        self.assertEqual(again.detail["results"], 2)

    def test_a_member_of_two_organisations_searches_both_each_audited_in_its_own_log(self):
        from himoya.accounts.models import Membership

        Membership.objects.create(user=self.bob, organisation=self.beta, role=Role.SUPERVISOR)
        before = AuditEntry.objects.count()
        response = self.search(self.bob, name=NAME, birth_year="1990")
        self.assertEqual(
            set(self.codes(response)),
            {self.bobs.client.code, self.undated.client.code, self.betas.client.code},
        )
        entries = {e.organisation: e.detail for e in AuditEntry.objects.filter(id__gt=before)}
        self.assertEqual(set(entries), {self.alpha, self.beta})
        self.assertEqual(entries[self.alpha]["results"], 2)
        self.assertEqual(entries[self.beta]["results"], 1)
        self.assertEqual(entries[self.beta]["cases"], [self.betas.pk])

    def test_a_search_with_no_result_is_audited_too(self):
        self.search(self.carol, phone=PHONE)
        entry = AuditEntry.objects.order_by("-id").first()
        self.assertEqual((entry.detail["what"], entry.detail["results"]), ("client_search", 0))

    def test_answers_in_the_users_language(self):
        for language, text in (
            ("tg", "Парвандае ёфт нашуд."),
            ("ru", "Совпадений нет."),
        ):
            response = self.search(self.bob, language=language, phone="93 999 9999")
            self.assertContains(response, text)
            response = self.search(self.bob, language=language, name=NAME)
            self.assertEqual(response.status_code, 400)
            self.assertNotContains(response, "Type the birth year with the name.", status_code=400)

    def test_get_shows_the_empty_form(self):
        self.sign_in(self.bob)
        response = self.client.get(self.url("cases:search"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "No case matches.")
        self.assertIn("no-store", response["Cache-Control"])

    def test_wrong_roles_get_403(self):
        url = reverse("cases:search")
        for user in (self.ann, self.alice, self.olga, self.charlie, self.root):
            self.client.logout()
            self.sign_in(user)
            self.assertEqual(self.client.get(url).status_code, 403, user.username)
            response = self.client.post(url, {"name": NAME, "birth_year": "1990"})
            self.assertEqual(response.status_code, 403, user.username)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.post(reverse("cases:search"), {"phone": PHONE})
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_query_count_does_not_grow_with_the_results(self):
        def queries(extra):
            for _ in range(extra):
                client = ClientFactory(
                    organisation=self.alpha, name="Мавлуда Азимова", birth_date=BIRTH
                )
                CaseFactory(organisation=self.alpha, caseworker=self.bob, client=client)
            self.client.logout()
            self.sign_in(self.sam)
            data = {"name": "Мавлуда Азимова", "birth_year": "1990"}
            self.client.post(self.url("cases:search"), data)  # warm caches
            with CaptureQueriesContext(connection) as captured:
                response = self.client.post(self.url("cases:search"), data)
            return len(captured), len(response.context["rows"])

        few, shown = queries(2)
        self.assertEqual(shown, 2)
        many, shown = queries(10)
        self.assertEqual(shown, 12)
        self.assertEqual(few, many)


class SearchApiTests(ClientSearchBase):
    def post(self, user, body, **extra):
        _record, token = ApiToken.issue(user, "search")
        return self.client.post(
            "/api/cases/search",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            **extra,
        )

    def codes(self, response) -> list[str]:
        return [item["code"] for item in response.json()["items"]]

    def test_caseworker_supervisor_and_outsider(self):
        body = {"name": "каримова раъно", "birth_year": 1990}
        response = self.post(self.bob, body)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            set(self.codes(response)), {self.bobs.client.code, self.undated.client.code}
        )
        self.assertEqual(response.json()["count"], 2)
        found = {item["code"]: item["found_by"] for item in response.json()["items"]}
        self.assertEqual(found[self.bobs.client.code], ["name_birth_year"])
        self.assertEqual(found[self.undated.client.code], ["name_no_birth_date"])
        self.assertEqual(len(self.codes(self.post(self.sam, body))), 3)
        self.assertEqual(self.codes(self.post(self.dave, body)), [self.betas.client.code])
        self.assertEqual(self.codes(self.post(self.carol, {"phone": PHONE})), [])

    def test_phone_and_paging(self):
        response = self.post(self.bob, {"phone": "93 123 45 67", "per_page": 1})
        self.assertEqual(response.json()["items"][0]["found_by"], ["phone"])
        self.assertEqual(self.codes(response), [self.bobs.client.code])
        both = {"name": NAME, "birth_year": 1990, "per_page": 1, "page": 2}
        second = self.post(self.sam, both).json()
        self.assertEqual((second["count"], second["total_pages"], len(second["items"])), (3, 3, 1))

    def test_the_answer_holds_no_identifying_data(self):
        response = self.post(self.sam, {"name": NAME, "birth_year": 1990, "phone": PHONE})
        text = response.content.decode()
        for plain in PLAIN:
            self.assertNotIn(plain, text)

    def test_terms_that_cannot_be_searched_are_422_naming_the_field(self):
        before = AuditEntry.objects.count()
        for body, field in (
            ({}, "__all__"),
            ({"name": NAME}, "birth_year"),
            ({"birth_year": 1990}, "name"),
            ({"name": NAME, "birth_year": 3000}, "birth_year"),
            ({"phone": "12-34"}, "phone"),
            ({"phone": "1" * 41}, "phone"),
            ({"name": NAME, "birth_year": 1990, "nickname": "x"}, "nickname"),
            ({"name": NAME, "birth_year": "soon"}, "birth_year"),
        ):
            response = self.post(self.bob, body)
            self.assertEqual(response.status_code, 422, body)
            self.assertIn(field, response.json()["errors"], body)
        self.assertEqual(AuditEntry.objects.count(), before)
        ru = self.post(self.bob, {"name": NAME}, HTTP_ACCEPT_LANGUAGE="ru")
        self.assertNotIn("Type the birth year", ru.content.decode())

    def test_audited_as_an_api_read(self):
        self.post(self.bob, {"phone": PHONE})
        entry = AuditEntry.objects.order_by("-id").first()
        self.assertEqual(entry.detail["via"], "api")
        self.assertEqual(entry.detail["by"], ["phone"])
        self.assertEqual(entry.detail["results"], 1)
        self.assertEqual(entry.actor, self.bob)
        for plain in PLAIN:
            self.assertNotIn(plain, str(entry.detail))

    def test_wrong_roles_get_403_and_no_credentials_401(self):
        for user in (self.ann, self.alice, self.olga, self.charlie, self.root):
            response = self.post(user, {"name": NAME, "birth_year": 1990})
            self.assertEqual(response.status_code, 403, user.username)
        response = self.client.post(
            "/api/cases/search", {"phone": PHONE}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 401)

    def test_only_post(self):
        _record, token = ApiToken.issue(self.bob, "search")
        response = self.client.get(
            "/api/cases/search?phone=931234567", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        self.assertEqual(response.status_code, 405)
