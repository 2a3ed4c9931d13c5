"""The base of every API input schema: text is cleaned (himoya.core.text) before it is
validated, so no request body, form or query can store invisible or control characters.

A `str` field is one line unless annotated `MultiLineText` (notes, summaries,
descriptions: newlines and tabs stay) or `PasswordText` (never changed). A test walks
every API operation and fails if one reads an input schema that does not derive from
`TextInput`.
"""

import typing
from typing import Annotated, Any

from ninja import Schema
from pydantic import ValidationInfo, field_validator

from himoya.core.text import clean_line, clean_multiline


class TextKind:
    """A marker in a field's annotation saying how its text is cleaned."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"TextKind({self.name!r})"


MULTI_LINE = TextKind("multi-line")
PASSWORD = TextKind("password")

MultiLineText = Annotated[str, MULTI_LINE]
PasswordText = Annotated[str, PASSWORD]


def _markers(annotation) -> set:
    """The TextKind markers anywhere in an annotation (also inside `X | None`)."""
    found = set()
    for arg in typing.get_args(annotation):
        if isinstance(arg, TextKind):
            found.add(arg)
        else:
            found |= _markers(arg)
    return found


def text_kind(field_name: str, field_info) -> TextKind | None:
    markers = _markers(field_info.annotation) | {
        item for item in field_info.metadata if isinstance(item, TextKind)
    }
    if PASSWORD in markers or "password" in field_name:
        # The name rule is a safety net: a password field someone forgot to mark.
        return PASSWORD
    return MULTI_LINE if MULTI_LINE in markers else None


def clean_value(value: Any, clean) -> Any:
    """Clean the strings of a value: a string, or a list of them. Nested objects are
    schemas of their own and clean their own fields."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(item, clean) for item in value)
    return value


class TextInput(Schema):
    """Base of the API's input schemas (bodies, forms and queries)."""

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: Any, info: ValidationInfo) -> Any:
        field_info = cls.model_fields.get(info.field_name) if info.field_name else None
        if field_info is None:
            return value
        kind = text_kind(info.field_name, field_info)
        if kind is PASSWORD:
            return value
        return clean_value(value, clean_multiline if kind is MULTI_LINE else clean_line)
