"""Model fields whose values are encrypted in the database (see himoya.core.crypto), and
where they are: encrypted_models() finds every installed model that has one."""

import datetime
import json

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from himoya.core import crypto


class EmptyOnlyExact(Exact):
    """`field=""` still works (is the value blank?); anything else cannot match a
    ciphertext under a random nonce, so it is refused instead of silently finding nothing."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: it cannot be searched in SQL "
                "(use a blind index)"
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. Empty text is stored empty; nothing else is in clear.

    Encrypted columns cannot be searched or ordered in SQL: use a blind index.
    """

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.context = f"{cls._meta.app_label}.{cls.__name__}.{name}".lower()

    def to_plain(self, value) -> str:
        """Turn the Python value into the text that gets encrypted."""
        return "" if value is None else str(value)

    def from_plain(self, text: str):
        return text

    def get_prep_value(self, value):
        if value is None:
            return None if self.null else ""
        text = self.to_plain(value)
        if text == "":
            return ""
        return crypto.encrypt(text, self.context)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return self.from_plain("") if value == "" else None
        return self.from_plain(crypto.decrypt(value, self.context))

    def to_python(self, value):
        return value

    def get_internal_type(self):
        return "TextField"

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        # contains, startswith, gt, in, ...: meaningless on ciphertext.
        return None


class EncryptedDateField(EncryptedTextField):
    """An exact date (e.g. of birth), encrypted; None when unknown."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_plain(self, value) -> str:
        if not value:
            return ""
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        return value.isoformat()

    def from_plain(self, text: str):
        return datetime.date.fromisoformat(text) if text else None

    def to_python(self, value):
        if isinstance(value, str) and value:
            return datetime.date.fromisoformat(value)
        return value or None

    def formfield(self, **kwargs):
        from django import forms

        return forms.DateField(required=not self.blank, **kwargs)


class EncryptedJSONField(EncryptedTextField):
    """A small JSON object (e.g. safe-contact instructions), encrypted as one value."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_plain(self, value) -> str:
        if not value:
            return ""
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def from_plain(self, text: str):
        return json.loads(text) if text else {}


def encrypted_fields(model) -> list[EncryptedTextField]:
    """The encrypted columns of `model` (every Encrypted*Field is an EncryptedTextField)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def encrypted_models() -> list[tuple[type, list[EncryptedTextField]]]:
    """Every installed model with at least one encrypted column, found by field type so
    that models added later are covered (key rotation, the dumpdata guard) without
    anyone listing them."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = encrypted_fields(model)
        if fields:
            found.append((model, fields))
    return found
