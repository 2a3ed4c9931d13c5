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
