"""`himoya backup` and `himoya restore`: the whole instance in one sealed archive.

The archive (see sealed.py) holds a tar stream of

- `database.sqlite3`, a consistent copy made with SQLite's online backup API (a plain file
  copy of a running server's database misses what is still in the write-ahead log), or
  `database.pgdump`, made with `pg_dump --format=custom`;
- `attachments/<xx>/<name>`, the attachment files as they are on disk (still sealed with
  the field keys);
- `manifest.json` last: the SHA-256 of every other member, checked on restore.

The field keys are never in it: identifying fields stay encrypted with them inside the
database copy, and a restore needs the same HIMOYA_FIELD_KEYS as the instance had. The
manifest names the key ids (not the keys) so that the operator knows which are needed.

Restore only goes into an empty instance, never over data, and checks every member's
checksum before it touches the database.
"""

import base64
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from himoya.audit.models import AuditEntry
from himoya.audit.services import verify_chain
from himoya.core import crypto
from himoya.ops.sealed import OpeningReader, SealError, SealingWriter

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
ATTACHMENT_MEMBER = re.compile(r"^attachments/([0-9a-f]{2})/(\1[0-9a-f]{62})$")
# Tables that a freshly migrated instance already fills: reference data loaded by
# migrations, Django's own bookkeeping, the health check's rows. Anything else is data.
NOT_DATA_APPS = {"contenttypes", "auth", "sessions", "geo", "ops"}
NOT_DATA_MODELS = {"audit.audithead"}
POSTGRES_TOOLS_MISSING = (
    "{tool} is missing: install the PostgreSQL client tools (Debian: "
    "apt-get install postgresql-client), of the same major version as the server or newer"
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in one line."""


@dataclass
class RestoreReport:
    database: str
    attachments: int
    audit_entries: int
    audit_problem: str | None
    tables: dict[str, int] = field(default_factory=dict)


def backup_key(key_file: str | None) -> str:
    """The operator's backup key: the key file's content, else HIMOYA_BACKUP_KEY."""
    if key_file:
        try:
            secret = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise BackupError(f"cannot read the key file {key_file}: {exc.strerror}") from None
    else:
        secret = os.environ.get("HIMOYA_BACKUP_KEY", "").strip()
    if not secret:
        raise BackupError(
            "no backup key: set HIMOYA_BACKUP_KEY or pass --key-file (keep the key away "
            "from the backups and from the server's field keys)"
        )
    for _key_id, key in crypto.key_ring():
        if base64.b64encode(key).decode() in secret:
            raise BackupError(
                "the backup key must not be a field key: use a separate key, so that a "
                "stolen backup and its key do not also open the live data"
            )
    return secret


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _attachment_files() -> list[tuple[str, Path]]:
    """(member name, path) of every stored attachment file, in a stable order."""
    root = Path(settings.HIMOYA_ATTACHMENT_DIR)
    found = []
    if not root.is_dir():
        return found
    for sub in sorted(root.iterdir()):
        if not sub.is_dir():
            continue
        for path in sorted(sub.iterdir()):
            name = f"attachments/{sub.name}/{path.name}"
            if path.is_file() and ATTACHMENT_MEMBER.match(name):
                found.append((name, path))
    return found


def _postgres_env() -> dict:
    """libpq's environment for the pg_* tools: the password never goes on a command line."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    env["PGDATABASE"] = db["NAME"]
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(POSTGRES_TOOLS_MISSING.format(tool=name))
    return found


def _run_tool(args: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 (the PostgreSQL tools, fixed arguments)
        args, env=_postgres_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        detail = lines[-1] if lines else f"exit status {result.returncode}"
        raise BackupError(f"{Path(args[0]).name} failed: {detail}")


def _database_copy(workdir: Path) -> tuple[str, Path]:
    """A consistent copy of the database in `workdir`: (member name, path)."""
    if connection.vendor == "sqlite":
        target = workdir / SQLITE_MEMBER
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies committed pages, the write-ahead log's included,
            # and starts again if another connection writes meanwhile.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return SQLITE_MEMBER, target
    if connection.vendor == "postgresql":
        target = workdir / POSTGRES_MEMBER
        _run_tool(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
            ]
        )
        return POSTGRES_MEMBER, target
    raise BackupError(f"backups of {connection.vendor} databases are not supported")


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> None:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mode = 0o600
    with open(path, "rb") as handle:
        archive.addfile(info, handle)


def create_backup(output: Path, secret: str) -> dict:
    """Write the sealed archive to `output` (through a .part file); return the manifest."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} already exists: choose another name")
    partial = output.with_name(output.name + ".part")
    with tempfile.TemporaryDirectory(prefix="himoya-backup-") as work:
        workdir = Path(work)
        os.chmod(workdir, 0o700)
        member, database_path = _database_copy(workdir)
        checksums = {member: _sha256_file(database_path)}
        files = _attachment_files()
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                sealed = SealingWriter(raw, secret)
                with tarfile.open(fileobj=sealed, mode="w|") as archive:
                    _add_file(archive, member, database_path)
                    for name, path in files:
                        data = path.read_bytes()
                        checksums[name] = hashlib.sha256(data).hexdigest()
                        info = tarfile.TarInfo(name)
                        info.size = len(data)
                        info.mode = 0o600
                        archive.addfile(info, io.BytesIO(data))
                    manifest = {
                        "format": FORMAT,
                        "created_at": timezone.now().isoformat(),
                        "database": connection.vendor,
                        "field_key_ids": [key_id for key_id, _key in crypto.key_ring()],
                        "sha256": checksums,
                    }
                    body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size = len(body)
                    info.mode = 0o600
                    archive.addfile(info, io.BytesIO(body))
                sealed.close()
                os.fsync(raw.fileno())
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


def _open_archive(archive_path: Path, secret: str, workdir: Path) -> dict:
    """Open, check and unpack the archive into `workdir`; return its checked manifest."""
    seen: dict[str, str] = {}
    manifest = None
    try:
        with open(archive_path, "rb") as raw:
            reader = OpeningReader(raw, secret)
            with tarfile.open(fileobj=reader, mode="r|") as archive:
                for info in archive:
                    name = info.name
                    allowed = name in (MANIFEST, SQLITE_MEMBER, POSTGRES_MEMBER)
                    if not info.isfile() or not (allowed or ATTACHMENT_MEMBER.match(name)):
                        raise BackupError(f"the backup holds an unexpected entry {name!r}")
                    if name in seen or (name == MANIFEST and manifest is not None):
                        raise BackupError(f"the backup holds {name!r} twice")
                    source = archive.extractfile(info)
                    if name == MANIFEST:
                        manifest = json.loads(source.read().decode())
                        continue
                    target = workdir / name
                    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    digest = hashlib.sha256()
                    with open(target, "xb") as handle:
                        for block in iter(lambda source=source: source.read(1024 * 1024), b""):
                            digest.update(block)
                            handle.write(block)
                    seen[name] = digest.hexdigest()
            reader.finish()
    except SealError as exc:
        raise BackupError(f"cannot open {archive_path}: {exc}") from None
    except (tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{archive_path} is not a readable backup: {exc}") from None
    except OSError as exc:
        raise BackupError(f"cannot read {archive_path}: {exc.strerror}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the backup has no manifest of a known format")
    expected = manifest.get("sha256") or {}
    if set(expected) != set(seen):
        raise BackupError("the backup's files do not match its manifest")
    for name, digest in seen.items():
        if expected[name] != digest:
            raise BackupError(f"the checksum of {name} in the backup does not match")
    return manifest


def data_tables_in_use() -> list[str]:
    """The tables of this instance that hold data; an empty instance has none."""
    existing = set(connection.introspection.table_names())
    in_use = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in NOT_DATA_APPS:
            continue
        if meta.label_lower in NOT_DATA_MODELS or meta.db_table not in existing:
            continue
        if model._base_manager.exists():
            in_use.append(meta.db_table)
    return sorted(in_use)


def _refuse_unless_empty() -> None:
    in_use = data_tables_in_use()
    if in_use:
        shown = ", ".join(in_use[:5]) + (", ..." if len(in_use) > 5 else "")
        raise BackupError(
            "this instance is not empty (data in " + shown + "): restore only goes into a "
            "new, empty database, never over data. Point DATABASE_URL at a new database."
        )
    root = Path(settings.HIMOYA_ATTACHMENT_DIR)
    if root.is_dir() and any(path.is_file() for path in root.rglob("*")):
        raise BackupError(
            f"the attachment folder {root} is not empty: restore only goes into an empty "
            "one (HIMOYA_ATTACHMENT_DIR)"
        )


def _restore_sqlite(source: Path) -> None:
    target = settings.DATABASES["default"]["NAME"]
    connections.close_all()
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    origin = sqlite3.connect(source)
    destination = sqlite3.connect(target, timeout=30)
    try:
        origin.backup(destination)
        destination.execute("PRAGMA journal_mode=WAL")
    finally:
        origin.close()
        destination.close()


def _restore_postgres(source: Path) -> None:
    connections.close_all()
    # One transaction: a restore that fails half way leaves the database as it was.
    _run_tool(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(source),
        ]
    )


def restore_backup(archive_path: Path, secret: str) -> RestoreReport:
    """Check the archive, then restore it into this (empty) instance."""
    if connection.vendor == "postgresql":
        _tool("pg_restore")
    try:
        _refuse_unless_empty()
    except DatabaseError as exc:
        raise BackupError(f"cannot read the target database: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="himoya-restore-") as work:
        workdir = Path(work)
        os.chmod(workdir, 0o700)
        manifest = _open_archive(Path(archive_path), secret, workdir)
        if manifest.get("database") != connection.vendor:
            raise BackupError(
                f"the backup is of a {manifest.get('database')} database; this instance "
                f"uses {connection.vendor}"
            )
        missing = set(manifest.get("field_key_ids") or []) - {k for k, _ in crypto.key_ring()}
        if missing:
            raise BackupError(
                "HIMOYA_FIELD_KEYS lacks the key ids the backup was made with: "
                + ", ".join(sorted(missing))
            )
        if connection.vendor == "sqlite":
            _restore_sqlite(workdir / SQLITE_MEMBER)
        else:
            _restore_postgres(workdir / POSTGRES_MEMBER)
        root = Path(settings.HIMOYA_ATTACHMENT_DIR)
        restored = 0
        for name in sorted(manifest["sha256"]):
            match = ATTACHMENT_MEMBER.match(name)
            if not match:
                continue
            target = root / match.group(1) / match.group(2)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(workdir / name, target)
            os.chmod(target, 0o600)
            restored += 1
    connections.close_all()
    result = verify_chain()
    return RestoreReport(
        database=connection.vendor,
        attachments=restored,
        audit_entries=AuditEntry.objects.count(),
        audit_problem=None if result.ok else result.problem,
    )
