"""The project's URL patterns and API operations as the walks fill them in (the case
access walk, test_access_walk.py, and the referrals' no-leak walk): every pattern with
includes followed, the parameters of a route, and a request body that passes
validation."""

import re

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.utils import translation

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\{(?P<api_name>[^}]+)\}")


def url_patterns():
    """(route, pattern) for every URL pattern of the project, includes followed.

    Routes are read in the default language: the language prefix of a route depends on
    the active language, which a test run on the same worker may have left switched.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return list(_patterns_of(get_resolver(), ""))


def _patterns_of(resolver, prefix):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns_of(pattern, route)
        else:
            yield route, pattern


def as_api_path(route: str) -> str:
    """The OpenAPI form of a Django route under api/: <int:case_id> -> {case_id}."""
    return "/" + re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"{\1}", route)


def example_value(schema: dict, components: dict, depth=0):
    """A value that satisfies `schema` well enough to pass input validation, so that a
    write operation reaches its access check instead of stopping at a 422."""
    if "$ref" in schema:
        return example_value(components[schema["$ref"].split("/")[-1]], components, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return example_value(schema[key][0], components, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 6:
            return {}
        required = schema.get("required", [])
        return {
            name: example_value(sub, components, depth + 1)
            for name, sub in schema.get("properties", {}).items()
            if name in required
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2026-01-15"
    if schema.get("format") == "date-time":
        return "2026-01-15T10:00:00+05:00"
    return "x" * max(1, schema.get("minLength", 1))
