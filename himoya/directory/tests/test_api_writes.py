"""Directory writes through the API: only the organisation's admins, nothing written on error."""

import json

from django.utils import translation

from himoya.audit.models import AuditAction, AuditEntry
from himoya.core.versioning import field_label
from himoya.directory.models import Service
from himoya.directory.tests.test_api_fixtures import NEW_SERVICE, ApiClientMixin, DirectoryTestCase


class WriteTests(ApiClientMixin, DirectoryTestCase):
    def setUp(self):
        self.sign_in(self.alice)

    def test_create_service(self):
        before = Service.objects.count()
        response = self.call(
            "post",
            "/api/directory/organisations/alpha/services",
            {**NEW_SERVICE, "locations": [self.alpha_office.pk]},
        )
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(Service.objects.count(), before + 1)
        self.assertEqual(data["sector"], "social")
        self.assertEqual(data["districts_served"], ["firdavsi", "sino"])
        self.assertEqual(data["languages"], ["tg", "ru"])
        self.assertEqual(data["phones"][0]["kind"], "hotline")
        self.assertEqual(data["locations"][0]["id"], self.alpha_office.pk)
        self.assertTrue(
            AuditEntry.objects.filter(
                action=AuditAction.DIRECTORY_CREATED, object_id=str(data["id"])
            ).exists()
        )
        self.assertEqual(self.client.get(f"/api/directory/services/{data['id']}").status_code, 200)

    def test_patch_organisation(self):
        response = self.call(
            "patch",
            "/api/directory/organisations/alpha",
            {"version": 1, "district": "isfara", "description_en": "New text"},
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["district"], "isfara")
        self.assertEqual(response.json()["version"], 2)

    def test_stale_version_is_409_naming_the_changed_fields(self):
        url = f"/api/directory/services/{self.counselling.pk}"
        self.assertEqual(
            self.call("patch", url, {"version": 1, "hours_en": "Daily"}).status_code, 200
        )
        before = self.counts()
        response = self.call("patch", url, {"version": 1, "name_en": "Mine"})
        self.assertEqual(response.status_code, 409)
        data = response.json()
        self.assertEqual(data["changed"], ["hours_en"])
        self.assertEqual(data["changes"], {"hours_en": "Daily"})
        # People read the field's label in their language; programs read `changed`.
        with translation.override("tg"):
            label = str(field_label(self.counselling, "hours_en"))
        self.assertIn(label, data["message"])
        self.assertNotIn("hours_en", data["message"])
        self.assertEqual(data["current_version"], 2)
        self.assertEqual(self.counts(), before)
        response = self.call(
            "patch", "/api/directory/organisations/alpha", {"version": 7, "email": "x@example.org"}
        )
        self.assertEqual(response.status_code, 409)
        response = self.call("delete", url, version=1)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.counts(), before)

    def test_delete_withdraws_the_service(self):
        response = self.call("delete", f"/api/directory/services/{self.counselling.pk}", version=1)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertFalse(response.json()["is_active"])
        self.assertEqual(
            self.client.get(f"/api/directory/services/{self.counselling.pk}").status_code, 404
        )

    def test_second_delete_is_404_like_get(self):
        url = f"/api/directory/services/{self.counselling.pk}"
        self.assertEqual(self.call("delete", url).status_code, 200)
        before = self.counts()
        response = self.call("delete", url)
        self.assertEqual(response.status_code, 404)
        self.assertIn("message", response.json())
        self.assertEqual(self.counts(), before)

    def test_sector_must_match_the_service_type(self):
        before = self.counts()
        response = self.call(
            "post",
            "/api/directory/organisations/alpha/services",
            {**NEW_SERVICE, "sector": "health"},
        )
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("sector", response.json()["errors"])
        url = f"/api/directory/services/{self.counselling.pk}"
        response = self.call("patch", url, {"version": 1, "sector": "justice"})
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("sector", response.json()["errors"])
        self.assertEqual(self.counts(), before)
        # The matching sector, or none, is accepted; a new type brings its own sector.
        response = self.call(
            "post",
            "/api/directory/organisations/alpha/services",
            {**NEW_SERVICE, "sector": "social"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        response = self.call("patch", url, {"version": 1, "service_type": "medical_care"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["sector"], "health")

    def test_bad_input_is_422_per_field_and_writes_nothing(self):
        cases = [
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "districts_served": ["atlantis"]},
                "districts_served",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "districts_served": []},
                "districts_served",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "name_en": "x" * 201},
                "name_en",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "name_tg": 5},
                "name_tg",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "service_type": "magic"},
                "service_type",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "languages": ["xx"]},
                "languages.0",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "capacity": -1},
                "capacity",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "capacity": "many"},
                "capacity",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "is_free": "perhaps"},
                "is_free",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "colour": "red"},
                "colour",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "locations": [self.secret_house.pk]},
                "locations",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "phones": [{"number": "call me"}]},
                "phones",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {**NEW_SERVICE, "email": "not an email"},
                "email",
            ),
            (
                "post",
                "/api/directory/organisations/alpha/services",
                {k: v for k, v in NEW_SERVICE.items() if k != "name_ru"},
                "name_ru",
            ),
            (
                "patch",
                "/api/directory/organisations/alpha",
                {"version": 1, "district": "atlantis"},
                "district",
            ),
            (
                "patch",
                "/api/directory/organisations/alpha",
                {"version": 1, "description_en": "x" * 4001},
                "description_en",
            ),
            (
                "patch",
                "/api/directory/organisations/alpha",
                {"version": 1, "website": "not a url"},
                "website",
            ),
            ("patch", "/api/directory/organisations/alpha", {"version": "one"}, "version"),
            ("patch", "/api/directory/organisations/alpha", {"email": "a@example.org"}, "version"),
            (
                "patch",
                "/api/directory/organisations/alpha",
                {"version": 1, "name_en": None},
                "name_en",
            ),
            (
                "patch",
                f"/api/directory/services/{self.counselling.pk}",
                {"version": 1, "hours_en": "x" * 301},
                "hours_en",
            ),
            (
                "patch",
                f"/api/directory/services/{self.counselling.pk}",
                {"version": 1, "districts_served": ["sino", "nowhere"]},
                "districts_served",
            ),
            (
                "patch",
                f"/api/directory/services/{self.counselling.pk}",
                {"version": 10**12},
                "version",
            ),
        ]
        for method, url, body, field in cases:
            before = self.counts()
            response = self.call(method, url, body)
            self.assertEqual(response.status_code, 422, (body, response.content))
            data = response.json()
            self.assertTrue(data["message"])
            self.assertIn(field, data["errors"], (body, data))
            self.assertEqual(self.counts(), before, body)

    def test_malformed_bodies_and_ids(self):
        before = self.counts()
        response = self.client.patch(
            "/api/directory/organisations/alpha?lang=en",
            "{not json",
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json()["message"], "The request body is not valid JSON.")
        self.assertTrue(response.json()["message"])
        response = self.client.patch(
            "/api/directory/organisations/alpha", "[1, 2]", content_type="application/json"
        )
        self.assertEqual(response.status_code, 422, response.content)
        for url in (
            "/api/directory/services/abc",
            "/api/directory/services/-1",
            "/api/directory/services/99999999999999999999",
        ):
            response = self.call("patch", url, {"version": 1})
            self.assertIn(response.status_code, (404, 422), url)
            self.assertTrue(response.json()["message"])
        self.assertEqual(self.counts(), before)


class LanguageTests(ApiClientMixin, DirectoryTestCase):
    def test_field_errors_and_conflicts_come_in_the_callers_language(self):
        self.sign_in(self.alice)
        body = {**NEW_SERVICE, "districts_served": ["atlantis"], "name_en": "x" * 201}
        response = self.call("post", "/api/directory/organisations/alpha/services", body, lang="ru")
        self.assertEqual(response.status_code, 422)
        self.assertRegex(response.json()["errors"]["name_en"][0], "[а-я]")
        response = self.call(
            "post",
            "/api/directory/organisations/alpha/services",
            {**NEW_SERVICE, "districts_served": ["atlantis"]},
            lang="ru",
        )
        self.assertEqual(response.status_code, 422)
        self.assertRegex(response.json()["errors"]["districts_served"][0], "[а-я]")
        url = f"/api/directory/services/{self.counselling.pk}"
        self.call("patch", url, {"version": 1, "hours_en": "Daily"})
        response = self.client.patch(
            url,
            json.dumps({"version": 1}),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="tg",
        )
        self.assertEqual(response.status_code, 409)
        self.assertRegex(response.json()["message"], "[ӣқҳҷӯғ]")
        response = self.call("patch", url, {"version": 1}, lang="xx")
        self.assertEqual(response.status_code, 400)
        self.assertIn("lang", response.json()["errors"])


class CsrfTests(DirectoryTestCase):
    def test_session_writes_need_the_csrf_token(self):
        from django.test import Client

        from himoya.testing import sign_in_client

        client = Client(enforce_csrf_checks=True)
        sign_in_client(client, self.alice)
        url = "/api/directory/organisations/alpha?lang=en"
        body = json.dumps({"version": 1, "email": "new@example.org"})
        before = self.counts()
        response = client.patch(url, body, content_type="application/json")
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF", response.json()["message"])
        self.assertEqual(self.counts(), before)
        client.get("/")  # sets the CSRF cookie
        token = client.cookies["csrftoken"].value
        response = client.patch(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
        self.assertEqual(response.status_code, 200, response.content)


class InactiveOrganisationTests(ApiClientMixin, DirectoryTestCase):
    def test_root_can_still_edit_an_inactive_organisation_and_its_services(self):
        self.sign_in(self.root)
        response = self.call(
            "patch",
            "/api/directory/organisations/closed-org",
            {"version": 1, "email": "x@example.org"},
        )
        self.assertEqual(response.status_code, 200, response.content)
        response = self.call(
            "patch",
            f"/api/directory/services/{self.hidden.pk}",
            {"version": 1, "hours_en": "Never"},
        )
        self.assertEqual(response.status_code, 200, response.content)
        response = self.call("delete", f"/api/directory/services/{self.hidden.pk}")
        self.assertEqual(response.status_code, 200, response.content)
        # Withdrawn now: a second DELETE finds nothing, as GET does.
        self.assertEqual(
            self.call("delete", f"/api/directory/services/{self.hidden.pk}").status_code, 404
        )
        # Still hidden from the public.
        self.client.logout()
        self.assertEqual(
            self.client.get("/api/directory/organisations/closed-org").status_code, 404
        )


class HugeNumberTests(ApiClientMixin, DirectoryTestCase):
    def test_out_of_range_numbers_are_refused_not_crashing(self):
        self.sign_in(self.alice)
        before = self.counts()
        for body in (
            {**NEW_SERVICE, "locations": [2**70]},
            {**NEW_SERVICE, "locations": [0]},
            {**NEW_SERVICE, "capacity": 2**70},
        ):
            response = self.call("post", "/api/directory/organisations/alpha/services", body)
            self.assertEqual(response.status_code, 422, response.content)
        for url in (f"/api/directory/services/{2**70}", f"/api/hsds/services/{'9' * 60}"):
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(
                self.call("patch", url, {"version": 1}).status_code,
                404 if "directory" in url else 405,
            )
        self.assertEqual(self.counts(), before)


class NulCharacterTests(ApiClientMixin, DirectoryTestCase):
    def test_nul_characters_are_refused_everywhere(self):
        self.sign_in(self.alice)
        before = self.counts()
        response = self.call(
            "post",
            "/api/directory/organisations/alpha/services",
            {**NEW_SERVICE, "name_en": "a\x00b"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.json()["message"])
        for url, params in (
            ("/api/hsds/services", {"search": "a\x00"}),
            ("/api/directory/services", {"district": "\x00"}),
            ("/api/directory/organisations/a%00b", {}),
        ):
            response = self.client.get(url, params)
            self.assertEqual(response.status_code, 400, url)
        self.assertEqual(self.counts(), before)
