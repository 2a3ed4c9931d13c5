"""`himoya demo --no-serve` twice on a fresh var directory: no failure, no duplicates."""

import sqlite3

import pytest
from django.core.management import get_commands

from himoya.core.tests.subprocesses import himoya

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

# Demo users get fresh passwords on every run, and each change is audited.
GROWS_ON_RERUN = {"audit_auditentry"}


def row_counts(database) -> dict[str, int]:
    db = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    finally:
        db.close()


@pytest.mark.skipif("load_demo" not in get_commands(), reason="load_demo is not written yet")
def test_demo_twice_gives_the_same_data(tmp_path):
    first = himoya("demo", "--no-serve", var_dir=tmp_path, timeout=600)
    assert first.returncode == 0, first.stderr
    database = tmp_path / "himoya.sqlite3"
    counts_after_first = row_counts(database)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert "admin" in first.stdout  # the demo users and their passwords are printed

    second = himoya("demo", "--no-serve", var_dir=tmp_path, timeout=600)
    assert second.returncode == 0, second.stderr
    counts_after_second = row_counts(database)

    for table in GROWS_ON_RERUN:
        assert counts_after_second.pop(table) >= counts_after_first.pop(table)
    assert counts_after_second == counts_after_first
    assert counts_after_first["directory_organisation"] > 0
    assert counts_after_first["accounts_user"] > 0

    verified = himoya("audit", "verify", var_dir=tmp_path, HIMOYA_MODE="demo")
    assert verified.returncode == 0, verified.stderr
    assert "OK:" in verified.stdout
