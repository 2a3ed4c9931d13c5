"""The HSDS 3.0 export validates against the official schemas, offline.

The schemas are the copies in hsds_schema/ (see its README for source and licence). They
are made strict, as the specification's own check does, by forbidding properties the
schema does not define, so a misspelt field fails too.
"""

import copy
import json
import uuid
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from himoya.directory.tests.test_api_fixtures import DirectoryTestCase

SCHEMA_DIR = Path(__file__).parent / "hsds_schema"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PAGE_SCHEMA = "openapi.json#/paths/~1{path}/get/responses/200/content/application~1json/schema"


def _strict(schema):
    """Add additionalProperties: false to every object schema that lists its properties."""
    if isinstance(schema, dict):
        schema = {key: _strict(value) for key, value in schema.items()}
        if isinstance(schema.get("properties"), dict) and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


def _registry() -> Registry:
    resources = []
    for file in SCHEMA_DIR.rglob("*.json"):
        contents = json.loads(file.read_text())
        if file.name != "openapi.json":
            # The page wrapper combines allOf + properties: only the HSDS objects are strict.
            contents = _strict(contents)
        uri = BASE + file.relative_to(SCHEMA_DIR).as_posix()
        resources.append((uri, DRAFT202012.create_resource(contents)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator(ref: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": BASE + ref},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(ref: str, document) -> list[str]:
    return [
        "/".join(map(str, error.absolute_path)) + ": " + error.message
        for error in validator(ref).iter_errors(copy.deepcopy(document))
    ]


class SchemaSelfTest(DirectoryTestCase):
    def test_schemas_catch_bad_documents(self):
        bad = {"id": "not-a-uuid", "name": "x", "status": "open", "misspelt": 1}
        errors = schema_errors("service.json", bad)
        self.assertEqual(len(errors), 3, errors)

    def test_the_project_reads_no_shared_files(self):
        """The schemas are copied in: nothing under himoya/ points at the shared folder."""
        package = SCHEMA_DIR.parents[2]
        needle = "/".join(("shared", "standards"))
        for file in package.rglob("*.py"):
            self.assertNotIn(needle, file.read_text(encoding="utf-8"), file)


class HsdsExportTests(DirectoryTestCase):
    def get_json(self, url, status=200, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, status, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        return response.json()

    def assert_valid(self, ref, document):
        self.assertEqual(schema_errors(ref, document), [])

    def test_root_describes_the_api(self):
        data = self.get_json("/api/hsds/")
        self.assertEqual(data["version"], "3.0")
        self.assertTrue(data["openapi_url"].endswith("/api/openapi.json"))
        self.assert_valid(
            "openapi.json#/paths/~1/get/responses/200/content/application~1json/schema", data
        )

    def test_services_pages_validate_and_cover_every_active_service(self):
        seen = []
        for page in (1, 2, 3):
            data = self.get_json("/api/hsds/services", page=page, per_page=2)
            self.assert_valid(PAGE_SCHEMA.format(path="services"), data)
            self.assertEqual(data["total_items"], 4)
            self.assertEqual(data["total_pages"], 2)
            self.assertEqual(data["page_number"], page)
            self.assertEqual(data["first_page"], page == 1)
            self.assertEqual(data["last_page"], page >= 2)
            self.assertEqual(data["size"], len(data["contents"]))
            self.assertEqual(data["empty"], page == 3)
            seen += [item["id"] for item in data["contents"]]
        expected = {
            str(s.uid) for s in (self.counselling, self.legal_aid, self.advocate, self.stay)
        }
        self.assertEqual(set(seen), expected)
        self.assertEqual(len(seen), 4)

    def test_service_detail_is_fully_nested_and_valid(self):
        for service in (self.counselling, self.legal_aid, self.advocate, self.stay, self.old):
            data = self.get_json(f"/api/hsds/services/{service.uid}", lang="en")
            self.assert_valid("service.json", data)
        data = self.get_json(f"/api/hsds/services/{self.counselling.uid}", lang="en")
        self.assertEqual(data["organization"]["id"], str(self.alpha.uid))
        self.assertEqual(data["organization"]["phones"][0]["number"], "1313")
        self.assertEqual([p["number"] for p in data["phones"]], ["+992 00 000 0001"])
        self.assertEqual(
            {a["name"] for a in data["service_areas"]}, {"Sino", "Shohmansur", "Firdavsi"}
        )
        self.assertEqual([lang["code"] for lang in data["languages"]], ["tg", "ru"])
        self.assertEqual(data["schedules"][0]["description"], "Mon-Fri 8:00-17:00")
        self.assertEqual(
            [d["document"] for d in data["required_documents"]],
            ["Passport, if you have it", "Medical papers"],
        )
        self.assertEqual(data["cost_options"][0]["amount"], 0)
        address = data["service_at_locations"][0]["location"]["addresses"][0]
        self.assertEqual(address["address_1"], "1 Rudaki Avenue (fictitious)")
        self.assertEqual(address["country"], "TJ")
        self.assertEqual(self.get_json(f"/api/hsds/services/{self.old.uid}")["status"], "inactive")

    def test_ids_are_stable_uuids(self):
        first = self.get_json(f"/api/hsds/services/{self.counselling.uid}")
        second = self.get_json(f"/api/hsds/services/{self.counselling.uid}")
        self.assertEqual(first, second)
        ids = []

        def collect(node):
            if isinstance(node, dict):
                if "id" in node:
                    ids.append(node["id"])
                for value in node.values():
                    collect(value)
            elif isinstance(node, list):
                for value in node:
                    collect(value)

        collect(first)
        for value in ids:
            uuid.UUID(value)
        self.assertGreater(len(ids), 10)

    def test_confidential_address_is_not_published(self):
        data = self.get_json(f"/api/hsds/services/{self.stay.uid}", lang="en")
        location = data["service_at_locations"][0]["location"]
        self.assertNotIn("addresses", location)
        self.assertNotIn("Hidden", json.dumps(data, ensure_ascii=False))
        self.assertNotIn("пинҳонӣ", json.dumps(data, ensure_ascii=False))
        organisation = self.get_json(f"/api/hsds/organizations/{self.shelter.uid}")
        self.assertNotIn("пинҳонӣ", json.dumps(organisation, ensure_ascii=False))
        self.assertNotIn("addresses", organisation["locations"][0])

    def test_demo_records_are_exported(self):
        data = self.get_json("/api/hsds/services", per_page=100)
        self.assertIn(str(self.stay.uid), [item["id"] for item in data["contents"]])

    def test_text_follows_the_language(self):
        self.assertEqual(
            self.get_json(f"/api/hsds/services/{self.legal_aid.uid}", lang="en")["name"],
            "Primary legal aid",
        )
        self.assertEqual(
            self.get_json(f"/api/hsds/services/{self.legal_aid.uid}")["name"],
            "Primary legal aid (tg)",
        )
        response = self.client.get(
            f"/api/hsds/services/{self.legal_aid.uid}", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9"
        )
        self.assertEqual(response.json()["name"], "Primary legal aid (ru)")

    def test_organizations_pages_and_detail_validate(self):
        data = self.get_json("/api/hsds/organizations", per_page=2)
        self.assert_valid(PAGE_SCHEMA.format(path="organizations"), data)
        self.assertEqual(data["total_items"], 4)  # the inactive organisation is left out
        second = self.get_json("/api/hsds/organizations", per_page=2, page=2)
        self.assert_valid(PAGE_SCHEMA.format(path="organizations"), second)
        for organisation in (self.alpha, self.beta, self.lac, self.shelter):
            detail = self.get_json(f"/api/hsds/organizations/{organisation.uid}")
            self.assert_valid("organization.json", detail)
        beta = self.get_json(f"/api/hsds/organizations/{self.beta.uid}")
        self.assertEqual(beta["parent_organization_id"], str(self.lac.uid))

    def test_filters(self):
        data = self.get_json("/api/hsds/services", organization_id=str(self.beta.uid))
        self.assertEqual(
            {i["id"] for i in data["contents"]}, {str(self.legal_aid.uid), str(self.advocate.uid)}
        )
        data = self.get_json("/api/hsds/services", search="shelter")
        self.assertEqual([i["id"] for i in data["contents"]], [str(self.stay.uid)])
        data = self.get_json("/api/hsds/services", modified_after="2999-01-01T00:00:00")
        self.assertEqual(data["total_items"], 0)
        self.assertTrue(data["empty"])
        self.assert_valid(PAGE_SCHEMA.format(path="services"), data)

    def test_bad_parameters_get_json_errors(self):
        for params, field in (
            ({"per_page": 0}, "per_page"),
            ({"per_page": 101}, "per_page"),
            ({"per_page": "ten"}, "per_page"),
            ({"page": 0}, "page"),
            ({"page": "x"}, "page"),
            ({"organization_id": "nope"}, "organization_id"),
            ({"modified_after": "yesterday"}, "modified_after"),
            ({"modified_after": "0001-01-01T00:00:00"}, "modified_after"),
            ({"modified_after": "9999-12-31T23:59:59-12:00"}, "modified_after"),
            ({"search": "x" * 201}, "search"),
        ):
            data = self.get_json("/api/hsds/services", status=422, **params)
            self.assertIn(field, data["errors"], params)
            self.assertTrue(data["message"])

    def test_unknown_and_malformed_ids_are_json_404(self):
        for url in (
            f"/api/hsds/services/{uuid.uuid4()}",
            "/api/hsds/services/not-a-uuid",
            "/api/hsds/services/1",
            f"/api/hsds/services/{self.hidden.uid}",
            f"/api/hsds/organizations/{self.closed.uid}",
            "/api/hsds/organizations/%27%3B--",
            "/api/hsds/taxonomies",
        ):
            data = self.get_json(url, status=404)
            self.assertTrue(data["message"], url)

    def test_list_queries_do_not_grow_with_page_size(self):
        with self.assertNumQueries(2):
            self.client.get("/api/hsds/services", {"per_page": 1})
        with self.assertNumQueries(2):
            self.client.get("/api/hsds/services", {"per_page": 100})
        with self.assertNumQueries(2):
            self.client.get("/api/hsds/organizations", {"per_page": 100})


class DemoDirectoryExportTests(TestCase):
    """The whole demo directory, as `make demo` loads it, exports as valid HSDS."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", "--no-users", stdout=StringIO())

    def test_every_page_and_every_service_validates_in_each_language(self):
        for lang in ("tg", "ru", "en"):
            page, ids = 1, []
            while True:
                response = self.client.get(
                    "/api/hsds/services", {"page": page, "per_page": 7, "lang": lang}
                )
                self.assertEqual(response.status_code, 200)
                data = response.json()
                self.assertEqual(schema_errors(PAGE_SCHEMA.format(path="services"), data), [])
                ids += [item["id"] for item in data["contents"]]
                if data["last_page"]:
                    break
                page += 1
            self.assertEqual(len(ids), data["total_items"])
            self.assertGreater(len(ids), 5)
            for service_id in ids:
                detail = self.client.get(f"/api/hsds/services/{service_id}", {"lang": lang})
                self.assertEqual(schema_errors("service.json", detail.json()), [], service_id)
            organisations = self.client.get(
                "/api/hsds/organizations", {"per_page": 100, "lang": lang}
            ).json()
            self.assertEqual(
                schema_errors(PAGE_SCHEMA.format(path="organizations"), organisations), []
            )
            for item in organisations["contents"]:
                detail = self.client.get(f"/api/hsds/organizations/{item['id']}", {"lang": lang})
                self.assertEqual(schema_errors("organization.json", detail.json()), [])
