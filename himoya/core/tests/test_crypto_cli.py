"""`himoya keys rotate` and `himoya retention run` in a real start-up (child processes)."""

import base64

import pytest

from himoya.core.tests.subprocesses import GOOD_KEY, himoya, is_one_line

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::ResourceWarning")]

KEY_A = "A:" + base64.b64encode(b"A" * 32).decode()
KEY_B = "B:" + base64.b64encode(b"B" * 32).decode()
KEY_C = "C:" + base64.b64encode(b"C" * 32).decode()

MAKE_CLIENT = """
from himoya.directory.models import Organisation
from himoya.geo.models import District
from himoya.clients.services import create_client
org = Organisation.objects.create(slug="umed", kind="crisis_centre", name_tg="Умед",
    name_ru="Умед", name_en="Korvoni Umed", district=District.objects.get(slug="sino"))
print(create_client(org, {"name": "Qzx Rotated"}, None).code)
"""
READ_CLIENT = "from himoya.clients.models import Client; print(Client.objects.get().name)"


def test_keys_rotate_from_the_command_line(tmp_path):
    def env(keys):
        return {"SECRET_KEY": GOOD_KEY, "HIMOYA_FIELD_KEYS": keys}

    migrated = himoya("manage", "migrate", "--verbosity", "0", var_dir=tmp_path, **env(KEY_A))
    assert migrated.returncode == 0, migrated.stderr
    made = himoya("manage", "shell", "-c", MAKE_CLIENT, var_dir=tmp_path, **env(KEY_A))
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip().splitlines()[-1].startswith("KU-")

    refused = himoya("keys", "rotate", var_dir=tmp_path, **env(KEY_C))
    assert refused.returncode == 2
    assert is_one_line(refused.stderr), refused.stderr
    assert "clients.Client pk=1" in refused.stderr and "'A'" in refused.stderr

    rotated = himoya("keys", "rotate", var_dir=tmp_path, **env(f"{KEY_B},{KEY_A}"))
    assert rotated.returncode == 0, rotated.stderr
    assert "re-encrypted with key B" in rotated.stdout
    read = himoya("manage", "shell", "-c", READ_CLIENT, var_dir=tmp_path, **env(KEY_B))
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == "Qzx Rotated"

    dry = himoya("retention", "run", "--dry-run", var_dir=tmp_path, **env(KEY_B))
    assert dry.returncode == 0, dry.stderr
    assert "OK: 0 clients would be anonymised" in dry.stdout
