"""The platform admin adds an organisation with its first organisation admin, from a page
and from the API, in one transaction, audited; nobody else can."""

import json

from django.contrib.auth import authenticate

from himoya.accounts.models import ApiToken, Membership, User
from himoya.accounts.tests.helpers import tg
from himoya.audit.models import AuditAction, AuditEntry
from himoya.core.roles import Role
from himoya.directory.models import Organisation
from himoya.testing import HimoyaTestCase

PAGE = "/accounts/platform/organisations/new/"
API = "/api/accounts/organisations"

ORGANISATION = {
    "slug": "umed-khujand",
    "kind": "crisis_centre",
    "name_tg": "Маркази бӯҳронии Умед",
    "name_ru": "Кризисный центр Умед",
    "name_en": "Umed crisis centre",
    "district": "isfara",
    "code_prefix": "UK",
    "email": "info@umed.example.tj",
    "website": "",
}
ADMIN = {"username": "umed-admin", "first_name": "Malika", "email": "malika@umed.example.tj"}


def page_data(**changes) -> dict:
    data = {**ORGANISATION, **{f"admin_{key}": value for key, value in ADMIN.items()}}
    data.update(changes)
    return data


def counts() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    )


class PlatformOrganisationTestCase(HimoyaTestCase):
    def post_json(self, data, **headers):
        return self.client.post(API, json.dumps(data), content_type="application/json", **headers)

    def assert_created(self, password: str):
        organisation = Organisation.objects.get(slug="umed-khujand")
        self.assertEqual(organisation.name_tg, ORGANISATION["name_tg"])
        self.assertEqual(organisation.district.slug, "isfara")
        self.assertEqual(organisation.code_prefix, "UK")
        admin = User.objects.get(username="umed-admin")
        membership = Membership.objects.get(user=admin)
        self.assertEqual(
            (membership.organisation, membership.role, membership.is_active),
            (organisation, Role.ORG_ADMIN, True),
        )
        self.assertFalse(admin.is_superuser)
        self.assertEqual(authenticate(username="umed-admin", password=password), admin)
        entries = AuditEntry.objects.filter(organisation_id=organisation.pk, actor_id=self.root.pk)
        self.assertEqual(
            sorted(entries.values_list("action", flat=True)),
            sorted(
                [
                    AuditAction.DIRECTORY_CREATED,
                    AuditAction.USER_CREATED,
                    AuditAction.MEMBERSHIP_CREATED,
                ]
            ),
        )
        # The password is in no audit entry.
        for detail in entries.values_list("detail", flat=True):
            self.assertNotIn(password, json.dumps(detail))
        return organisation, admin


class PageTests(PlatformOrganisationTestCase):
    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(PAGE)
        self.assertRedirects(response, f"/accounts/login/?next={PAGE}")

    def test_everyone_but_the_platform_admin_gets_403(self):
        for user in (self.alice, self.charlie, self.bob, self.sam, self.ann, self.olga):
            self.sign_in(user)
            before = counts()
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(PAGE).status_code, 403)
                self.assertEqual(self.client.post(PAGE, page_data()).status_code, 403)
            self.assertEqual(counts(), before)

    def test_platform_admin_adds_an_organisation_and_its_admin(self):
        self.sign_in(self.root)
        dashboard = self.client.get("/accounts/")
        self.assertContains(dashboard, PAGE)
        self.assertEqual(self.client.get(PAGE).status_code, 200)
        response = self.client.post(PAGE, page_data())
        self.assertEqual(response.status_code, 201, response.content.decode()[:3000])
        password = response.context["password"]
        self.assertTrue(password)
        self.assertContains(response, password, status_code=201)
        self.assertEqual(response["Cache-Control"].count("no-store"), 1)
        self.assert_created(password)

    def test_the_dashboard_link_is_for_the_platform_admin_only(self):
        self.sign_in(self.alice)
        self.assertNotContains(self.client.get("/accounts/"), PAGE)

    def test_errors_of_both_parts_are_shown_and_nothing_is_written(self):
        self.sign_in(self.root)
        before = counts()
        response = self.client.post(
            PAGE, page_data(slug="alpha", code_prefix="u1", admin_username="bob")
        )
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        self.assertEqual(set(form.errors), {"slug", "code_prefix", "admin_username"})
        # Twice: at the field and in the error summary at the top, as a link to the field.
        self.assertContains(response, tg("This short name is taken. Choose another one."), 2, 400)
        self.assertContains(response, 'href="#id_slug"', 1, 400)
        self.assertEqual(counts(), before)

    def test_a_client_code_prefix_in_use_is_refused(self):
        # Alpha's codes start with AL (the initials of its name): a second "AL" would
        # give two organisations' clients look-alike codes on referrals.
        self.sign_in(self.root)
        before = counts()
        response = self.client.post(PAGE, page_data(code_prefix="al"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"code_prefix"})
        self.assertEqual(counts(), before)

    def test_a_taken_username_leaves_no_organisation_behind(self):
        self.sign_in(self.root)
        before = counts()
        response = self.client.post(PAGE, page_data(admin_username="BOB"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"admin_username"})
        self.assertEqual(counts(), before)
        self.assertFalse(Organisation.objects.filter(slug="umed-khujand").exists())

    def test_names_are_stored_without_invisible_characters(self):
        self.sign_in(self.root)
        response = self.client.post(
            PAGE, page_data(name_en="Umed\u202e crisis\u200b centre", admin_first_name="Ma\x85lika")
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(
            Organisation.objects.get(slug="umed-khujand").name_en, "Umed crisis centre"
        )
        self.assertEqual(User.objects.get(username="umed-admin").first_name, "Ma lika")


class ApiTests(PlatformOrganisationTestCase):
    BODY = {"organisation": ORGANISATION, "admin": ADMIN}

    def test_anonymous_gets_401(self):
        before = counts()
        self.assertEqual(self.post_json(self.BODY).status_code, 401)
        self.assertEqual(counts(), before)

    def test_everyone_but_the_platform_admin_gets_403(self):
        for user in (self.alice, self.charlie, self.bob, self.sam, self.ann, self.olga):
            _token, secret = ApiToken.issue(user, "t")
            before = counts()
            response = self.post_json(self.BODY, HTTP_AUTHORIZATION=f"Bearer {secret}")
            with self.subTest(user=user.username):
                self.assertEqual(response.status_code, 403)
                self.assertEqual(counts(), before)

    def test_platform_admin_adds_an_organisation_and_its_admin(self):
        _token, secret = ApiToken.issue(self.root, "t")
        response = self.post_json(self.BODY, HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["organisation"], "umed-khujand")
        self.assertEqual(body["admin"]["username"], "umed-admin")
        self.assertEqual(body["admin"]["role"], "org_admin")
        self.assertIn("no-store", response["Cache-Control"])
        self.assert_created(body["password"])

    def test_bad_input_is_422_per_field_and_writes_nothing(self):
        self.sign_in(self.root)
        before = counts()
        body = {
            "organisation": {**ORGANISATION, "slug": "beta", "district": "atlantis"},
            "admin": {**ADMIN, "username": "alice"},
        }
        response = self.post_json(body)
        self.assertEqual(response.status_code, 422, response.content)
        errors = response.json()["errors"]
        self.assertEqual(
            set(errors), {"organisation.slug", "organisation.district", "admin.username"}
        )
        self.assertEqual(counts(), before)
        response = self.post_json({**body, "organisation": {**ORGANISATION, "kind": "castle"}})
        self.assertEqual(response.status_code, 422)
        self.assertIn("organisation.kind", response.json()["errors"])
        self.assertEqual(counts(), before)

    def test_an_invalid_admin_rolls_the_organisation_back(self):
        self.sign_in(self.root)
        before = counts()
        response = self.post_json(
            {"organisation": ORGANISATION, "admin": {**ADMIN, "email": "not an address"}}
        )
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(set(response.json()["errors"]), {"admin.email"})
        self.assertEqual(counts(), before)
