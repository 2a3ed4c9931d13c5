"""SQLite in production waits for every commit to reach the disk (synchronous=FULL)."""

import pytest

from himoya.core.tests.subprocesses import PRODUCTION_ENV, himoya

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::ResourceWarning")]

READ_SYNCHRONOUS = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('PRAGMA synchronous')\n"
    "    print('synchronous', cursor.fetchone()[0])\n"
)


def synchronous(tmp_path, **env) -> str:
    result = himoya("manage", "shell", "-c", READ_SYNCHRONOUS, var_dir=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split("synchronous", 1)[1].strip()


def test_production_sqlite_is_synchronous_full(tmp_path):
    # SQLite's numbers: 1 is NORMAL, 2 is FULL.
    assert synchronous(tmp_path, **PRODUCTION_ENV) == "2"


def test_the_demo_keeps_normal(tmp_path):
    assert synchronous(tmp_path, HIMOYA_MODE="demo") == "1"
