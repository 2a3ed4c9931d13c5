"""The OpenAPI document must be strict JSON: Swagger UI refuses duplicated keys."""

import json

import pytest

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
    from himoya.accounts.models import Role
    from himoya.directory.models import OrganisationKind
    from himoya.testing import make_organisation, make_user, sign_in_client

    organisation = make_organisation("gamma", OrganisationKind.CRISIS_CENTRE, "sino")
    admin = make_user("gina", organisation, Role.ORG_ADMIN)
    sign_in_client(client, admin)
    response = client.post("/api/directory/organisations/gamma/services", {"name_en": "x"})
    assert response.status_code == 415
    assert response.json()["message"]


@pytest.mark.django_db
def test_a_form_encoded_or_mislabelled_body_is_415_and_writes_nothing(client):
    from himoya.accounts.models import Role
    from himoya.directory.models import OrganisationKind, Service
    from himoya.testing import make_organisation, make_user, sign_in_client

    organisation = make_organisation("delta", OrganisationKind.CRISIS_CENTRE, "sino")
    sign_in_client(client, make_user("dina", organisation, Role.ORG_ADMIN))
    url = "/api/directory/organisations/delta/services"
    form = client.post(url, "name_en=x", content_type="application/x-www-form-urlencoded")
    mislabelled = client.post(url, '{"name_en": "x"}', content_type="text/plain")
    assert (form.status_code, mislabelled.status_code) == (415, 415)
    assert "application/json" in form.json()["message"]
    assert not Service.objects.filter(organisation=organisation).exists()
