"""Per-field API error messages in the caller's language.

Pydantic writes its messages in English; callers get ours, chosen by the error type.
"""

import re

from django.utils.translation import gettext as _

# Parts of a pydantic location that name the request part, not the field.
_CONTAINERS = {"body", "payload", "query", "path", "header", "cookie", "form", "data"}


def choice_list(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" as "'a', 'b', 'c'": its English "or" goes."""
    items = re.split(r", | or ", str(expected))
    return ", ".join(item for item in items if item)


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Enter at most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(limit)s characters.") % {"limit": ctx.get("min_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        limit = ctx.get("ge", ctx.get("gt"))
        return _("Enter a number not below %(limit)s.") % {"limit": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = ctx.get("le", ctx.get("lt"))
        return _("Enter a number not above %(limit)s.") % {"limit": limit}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind in {"string_type", "string_unicode"}:
        return _("Enter text.")
    if kind in {"enum", "literal_error"}:
        return _("Choose one of: %(choices)s.") % {"choices": choice_list(ctx.get("expected", ""))}
    if kind in {"list_type", "set_type", "tuple_type"}:
        return _("Send a list.")
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("Send a JSON object.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind == "extra_forbidden":
        return _("This field is not accepted.")
    if kind in {"uuid_parsing", "uuid_type"}:
        return _("Enter a valid identifier.")
    if kind in {"datetime_parsing", "datetime_type", "datetime_from_date_parsing"}:
        return _("Enter a date and time such as 2025-01-31T09:00:00+05:00.")
    if kind == "value_error":
        # Our own validators raise ValueError with a message already translated.
        error_text = ctx.get("error")
        if error_text is not None:
            return str(error_text)
    return _("Enter a valid value.")


def field_name(location) -> str:
    parts = [str(part) for part in location if str(part) not in _CONTAINERS]
    return ".".join(parts) or "__all__"


def field_errors(errors) -> dict[str, list[str]]:
    """{"field": ["message", ...]} from pydantic/ninja error dicts."""
    result: dict[str, list[str]] = {}
    for error in errors:
        messages = result.setdefault(field_name(error.get("loc", ())), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return result
