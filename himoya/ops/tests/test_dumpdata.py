"""dumpdata refuses models with encrypted fields: through the ORM they come out decrypted."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from himoya.core.fields import encrypted_models

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


def test_two_factor_seeds_recovery_codes_and_sessions_are_refused_too():
    # django-otp keeps them as they are; a dump would let its reader past a sign-in.
    for label in ("otp_totp", "otp_static.StaticToken", "sessions"):
        with pytest.raises(CommandError, match="plain text"):
            dump(label)


@pytest.mark.django_db(transaction=False)
@pytest.mark.slow
def test_files_the_himoya_command_writes_are_for_its_user_alone(tmp_path):
    # The SQLite file and its -wal/-shm were readable by every user of the machine.
    from himoya.core.tests.subprocesses import himoya

    code = "from django.db import connection; connection.ensure_connection()"
    result = himoya("manage", "shell", "-c", code, var_dir=tmp_path, HIMOYA_MODE="demo")
    assert result.returncode == 0, result.stderr
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.suffix == ".sqlite3" for path in written), written
    for path in written:
        assert path.stat().st_mode & 0o077 == 0, (path, oct(path.stat().st_mode))
