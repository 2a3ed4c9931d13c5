"""The OpenAPI document must be strict JSON: Swagger UI refuses duplicated keys."""

import json

import pytest

from himoya.accounts.tests.factories import UserFactory
from himoya.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_openapi_document_has_no_duplicated_keys(client):
    duplicates = []

    def collect(pairs):
        keys = [key for key, _value in pairs]
        duplicates.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    json.loads(response.content, object_pairs_hook=collect)
    assert duplicates == []


@pytest.mark.django_db
def test_a_form_body_to_a_json_operation_is_415_not_500(client):
    from himoya.core.roles import Role
    from himoya.directory.models import OrganisationKind
    from himoya.testing import sign_in_client

    organisation = OrganisationFactory(
        slug="gamma", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
    )
    admin = UserFactory(username="gina", organisation=organisation, role=Role.ORG_ADMIN)
    sign_in_client(client, admin)
    response = client.post("/api/directory/organisations/gamma/services", {"name_en": "x"})
    assert response.status_code == 415
    assert response.json()["message"]


@pytest.mark.django_db
def test_a_form_encoded_or_mislabelled_body_is_415_and_writes_nothing(client):
    from himoya.core.roles import Role
    from himoya.directory.models import OrganisationKind, Service
    from himoya.testing import sign_in_client

    organisation = OrganisationFactory(
        slug="delta", kind=OrganisationKind.CRISIS_CENTRE, district__slug="sino"
    )
    sign_in_client(client, UserFactory(
        username="dina", organisation=organisation, role=Role.ORG_ADMIN
    ))
    url = "/api/directory/organisations/delta/services"
    form = client.post(url, "name_en=x", content_type="application/x-www-form-urlencoded")
    mislabelled = client.post(url, '{"name_en": "x"}', content_type="text/plain")
    assert (form.status_code, mislabelled.status_code) == (415, 415)
    assert "application/json" in form.json()["message"]
    assert not Service.objects.filter(organisation=organisation).exists()


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].split("/")[-1]]
    return node


@pytest.mark.django_db
def test_every_list_but_hsds_has_the_one_page_shape():
    """page (1 to 100000) and per_page (1 to 100) in; count, page, per_page, total_pages
    and items out. HSDS keeps the shape its specification fixes."""
    from himoya.api import api
    from himoya.core.paging import MAX_PAGE, MAX_PER_PAGE

    schema = api.get_openapi_schema()
    lists = []
    for path, _method, operation in _operations(schema):
        ok = operation["responses"].get("200", {}).get("content", {})
        body = _resolve(schema, ok.get("application/json", {}).get("schema", {}))
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        if path.startswith("/api/hsds/"):
            continue
        assert "page_size" not in names, path
        if "page" not in names and "count" not in body.get("properties", {}):
            continue  # not paged (reference data such as the regions is short)
        lists.append(path)
        parameters = {p["name"]: p["schema"] for p in operation.get("parameters", [])}
        if "requestBody" in operation and "page" not in parameters:
            # A search sent as a POST (names stay out of URLs) pages in its body.
            request = operation["requestBody"]["content"]["application/json"]["schema"]
            parameters = _resolve(schema, request)["properties"]
        assert (parameters["page"]["minimum"], parameters["page"]["maximum"]) == (1, MAX_PAGE)
        assert parameters["per_page"]["maximum"] == MAX_PER_PAGE, path
        assert {"count", "page", "per_page", "total_pages", "items"} <= set(body["required"]), path
    assert {"/api/notifications/", "/api/audit/entries", "/api/cases/"} <= set(lists)


@pytest.mark.django_db
def test_every_operation_documents_its_error_answers():
    """400 and, where it takes input, 422 with the error shape; 401/403/404 where it
    needs credentials; 413/415 where it takes a body (issue 9, item 16)."""
    from himoya.api import api

    schema = api.get_openapi_schema()
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"message", "errors"}
    for path, method, operation in _operations(schema):
        statuses = set(operation["responses"])
        expected = {"400"}
        if operation.get("parameters") or "requestBody" in operation:
            expected.add("422")
        if operation.get("security"):
            expected |= {"401", "403", "404"}
        if "requestBody" in operation:
            expected |= {"413", "415"}
        assert expected <= statuses, f"{method} {path}: {sorted(expected - statuses)}"
        assert all(isinstance(status, str) for status in operation["responses"])
