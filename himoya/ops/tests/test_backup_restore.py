"""`himoya backup` and `himoya restore` round-trip the demo, on SQLite and on PostgreSQL.

Each run is a real start-up in a child process: the demo is loaded, a note and two
attachments are added, the backup is written while nothing is stopped, and restored into
a new, empty instance. Every table's rows and count, every attachment file and the audit
chain must come back the same; a second restore into the now non-empty instance, a wrong
key, and an altered or cut archive are refused.
"""

import base64
import hashlib
import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from himoya.core.tests.subprocesses import himoya
from himoya.ops.sealed import OpeningReader

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::ResourceWarning")]

BACKUP_KEY = "a-long-backup-passphrase-kept-offsite"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"x" * 200

# A note and two attachments on an open demo case, through the product's own services.
ADD_RECORDS = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from himoya.cases.models import Case, CaseStatus
from himoya.cases.services.attachments import add_attachment
from himoya.cases.services.notes import add_note
case = Case.objects.filter(status=CaseStatus.OPEN, caseworker__isnull=False).order_by("pk").first()
add_note(case, actor=case.caseworker, text="Backup canary note: safe to call after 6pm")
add_attachment(case, actor=case.caseworker, uploaded=SimpleUploadedFile("scan.png", {PNG!r}, "image/png"))
add_attachment(case, actor=case.caseworker, uploaded=SimpleUploadedFile("letter.pdf", {PDF!r}, "application/pdf"))
"""


def _keys_env(var_dir: Path, **extra) -> dict:
    return {"HIMOYA_MODE": "demo", "HIMOYA_BACKUP_KEY": BACKUP_KEY, **extra}


def _ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def attachment_hashes(var_dir: Path) -> dict[str, str]:
    root = var_dir / "attachments"
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def sqlite_tables(path: Path) -> dict[str, tuple[int, str]]:
    db = sqlite3.connect(path)
    try:
        names = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: _table_digest(db.execute(f'SELECT * FROM "{name}"')) for name in names}  # noqa: S608
    finally:
        db.close()


def postgres_tables(url: str) -> dict[str, tuple[int, str]]:
    import psycopg

    with psycopg.connect(url) as db:
        names = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        return {name: _table_digest(db.execute(f'SELECT * FROM "{name}"')) for name in names}  # noqa: S608


def _table_digest(cursor) -> tuple[int, str]:
    """(row count, SHA-256 of the rows in a canonical order)."""
    rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()


def round_trip(tmp_path, source_env: dict, target_env: dict, tables, migrate_target_first) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    target.mkdir()
    _ok(himoya("demo", "--no-serve", var_dir=source, timeout=600, **source_env))
    _ok(himoya("manage", "shell", "-c", ADD_RECORDS, var_dir=source, **source_env))
    # The target instance has the same field keys (kept by the operator, never in a backup).
    (target / "field_keys").write_text((source / "field_keys").read_text())
    archive = tmp_path / "himoya.hbk"
    written = _ok(himoya("backup", "--output", archive, var_dir=source, **source_env))
    assert "2 attachment files" in written.stdout
    blob = archive.read_bytes()
    # Whole signatures: a 3-byte marker such as b"PNG" turns up by chance in megabytes
    # of ciphertext (it did once in CI).
    for marker in (b"Backup canary", PNG[:8], b"SQLite format 3", b"%PDF-1.4"):
        assert marker not in blob, marker
    # Opened with the backup key, the archive still holds no field key and no plaintext
    # personal data: identifying fields and files stay encrypted with the field keys.
    with open(archive, "rb") as raw:
        reader = OpeningReader(raw, BACKUP_KEY)
        contents = reader.read()
        reader.finish()
    field_key = (source / "field_keys").read_text().strip().split(":", 1)[1]
    assert field_key.encode() not in contents
    assert base64.b64decode(field_key) not in contents
    assert b"Backup canary" not in contents and b"safe to call" not in contents
    assert b"manifest.json" in contents

    # Refusals first: wrong key, altered archive, cut archive. None touches the target.
    wrong = himoya(
        "restore", archive, var_dir=target, **{**target_env, "HIMOYA_BACKUP_KEY": "x" * 20}
    )
    assert wrong.returncode == 2 and "key is wrong" in wrong.stderr, wrong.stderr
    altered = tmp_path / "altered.hbk"
    middle = len(blob) // 2
    altered.write_bytes(blob[:middle] + bytes([blob[middle] ^ 1]) + blob[middle + 1 :])
    result = himoya("restore", altered, var_dir=target, **target_env)
    assert result.returncode == 2 and "altered" in result.stderr, result.stderr
    cut = tmp_path / "cut.hbk"
    cut.write_bytes(blob[: len(blob) - 100])
    result = himoya("restore", cut, var_dir=target, **target_env)
    assert result.returncode == 2 and "cut off" in result.stderr, result.stderr
    assert not (target / "attachments").exists()

    if migrate_target_first:
        # A migrated instance without users, cases or audit entries still counts as empty.
        _ok(himoya("manage", "migrate", "--verbosity", "0", var_dir=target, **target_env))
    restored = _ok(himoya("restore", archive, var_dir=target, **target_env))
    assert "2 attachment files" in restored.stdout

    before, after = tables(source, source_env), tables(target, target_env)
    assert after == before
    assert before["cases_attachment"][0] == 2 and before["cases_note"][0] > 0
    assert before["audit_auditentry"][0] > 0 and before["clients_client"][0] > 0
    assert attachment_hashes(target) == attachment_hashes(source)
    assert len(attachment_hashes(source)) == 2
    source_audit = _ok(himoya("audit", "verify", var_dir=source, **source_env)).stdout
    target_audit = _ok(himoya("audit", "verify", var_dir=target, **target_env)).stdout
    assert target_audit == source_audit and source_audit.startswith("OK:")
    # The restored instance reads its encrypted data with the same field keys.
    read = _ok(
        himoya(
            "manage",
            "shell",
            "-c",
            "from himoya.cases.attachment_files import load\n"
            "from himoya.cases.models import Attachment, Note\n"
            "print(sorted(load(a.storage_name)[:4] for a in Attachment.objects.all()))\n"
            "print(Note.objects.order_by('-pk').first().text)",
            var_dir=target,
            **target_env,
        )
    )
    assert "Backup canary note" in read.stdout and "b'%PDF'" in read.stdout

    again = himoya("restore", archive, var_dir=target, **target_env)
    assert again.returncode == 2 and "not empty" in again.stderr, again.stderr
    assert tables(target, target_env) == before


def test_backup_and_restore_round_trip_on_sqlite(tmp_path):
    def tables(var_dir, _env):
        return sqlite_tables(var_dir / "himoya.sqlite3")

    round_trip(tmp_path, _keys_env(tmp_path), _keys_env(tmp_path), tables, True)


POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


@pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgres"), reason="TEST_DATABASE_URL is not PostgreSQL"
)
def test_backup_and_restore_round_trip_on_postgresql(tmp_path):
    import psycopg

    parts = urlsplit(POSTGRES_URL)
    base = parts.path.lstrip("/")
    names = {"source": f"{base}_backup_source", "target": f"{base}_backup_target"}
    urls = {role: parts._replace(path="/" + name).geturl() for role, name in names.items()}
    admin_url = parts._replace(path="/postgres").geturl()

    def recreate(drop_only=False):
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                if not drop_only:
                    admin.execute(f'CREATE DATABASE "{name}"')

    recreate()
    try:

        def tables(var_dir, env):
            return postgres_tables(env["DATABASE_URL"])

        round_trip(
            tmp_path,
            _keys_env(tmp_path, DATABASE_URL=urls["source"]),
            _keys_env(tmp_path, DATABASE_URL=urls["target"]),
            tables,
            migrate_target_first=False,
        )
    finally:
        recreate(drop_only=True)


def test_missing_postgresql_client_tools_are_named(tmp_path):
    from himoya.core.tests.subprocesses import BIN_DIR

    # Only the virtualenv on PATH: pg_dump and pg_restore cannot be found.
    env = _keys_env(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:9/none", PATH=str(BIN_DIR))
    for args in (("backup", "--output", tmp_path / "x.hbk"), ("restore", tmp_path / "x.hbk")):
        result = himoya(*args, var_dir=tmp_path, **env)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "is missing" in result.stderr and "postgresql-client" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_short_key_or_a_missing_folder_is_one_line_not_a_traceback(tmp_path):
    # Found by trying it as a new user would: both printed a Python traceback.
    short = {**_keys_env(tmp_path), "HIMOYA_BACKUP_KEY": "short"}
    nowhere = tmp_path / "no-such-folder" / "x.hbk"
    for env, args in (
        (short, ("backup", "--output", tmp_path / "x.hbk")),
        (_keys_env(tmp_path), ("backup", "--output", nowhere)),
    ):
        result = himoya(*args, var_dir=tmp_path, **env)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
