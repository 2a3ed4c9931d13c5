"""dumpdata refuses models with encrypted fields: through the ORM they come out decrypted."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from himoya.clients.keys import encrypted_models

pytestmark = pytest.mark.django_db


def dump(*labels, **options) -> str:
    out = io.StringIO()
    call_command("dumpdata", *labels, stdout=out, **options)
    return out.getvalue()


def test_every_encrypted_model_is_refused_by_default():
    models = [model for model, _fields in encrypted_models()]
    assert {m._meta.label for m in models} >= {"clients.Client", "cases.Note"}
    for model in models:
        for label in (model._meta.app_label, model._meta.label):
            with pytest.raises(CommandError, match="plain text") as refused:
                dump(label)
            assert model._meta.label in str(refused.value)


def test_a_whole_dump_is_refused():
    with pytest.raises(CommandError, match="himoya backup"):
        dump()


def test_models_without_personal_data_still_dump():
    assert json.loads(dump("geo.Region"))


def test_excluding_the_encrypted_models_is_allowed():
    excluded = sorted({model._meta.app_label for model, _fields in encrypted_models()})
    dump("geo", "directory", exclude=excluded)


def test_the_explicit_flag_dumps_them():
    assert isinstance(json.loads(dump("clients.Client", decrypt_personal_data=True)), list)
