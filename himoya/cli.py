"""The `himoya` command: run the demo, serve, check a deployment, verify the audit log.

Every subcommand is a thin wrapper over Django management commands, so the same
operations are also available as `manage.py <command>` (or `himoya manage <command>`).
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _django(mode: str | None = None):
    """Set Django up; a missing or malformed setting exits with one line, no traceback."""
    if mode:
        os.environ.setdefault("HIMOYA_MODE", mode)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "himoya.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        # One line, naming the variable: the settings helpers word these messages.
        print(f"himoya: {exc}", file=sys.stderr)
        sys.exit(2)
    from django.core.management import call_command

    return call_command


def _compile_messages(call) -> None:
    """Build the .mo catalogs (not kept in git) so pages are translated when served."""
    if shutil.which("msgfmt") is None:
        print("himoya: msgfmt (gettext) is missing: pages will not be translated", file=sys.stderr)
        return
    if not any(PACKAGE_DIR.glob("*/locale")):
        return
    here = os.getcwd()
    try:
        # compilemessages works on the locale folders below the current directory.
        os.chdir(PACKAGE_DIR)
        call("compilemessages", locale=["tg", "ru", "en"], verbosity=0)
    finally:
        os.chdir(here)


def normalise_bind(bind: str) -> str:
    """`--bind` as gunicorn wants it: a bare port means 127.0.0.1:<port>."""
    bind = bind.strip()
    if bind.isdigit():
        return f"127.0.0.1:{bind}"
    return bind


def base_url_for(bind: str) -> str:
    """The address the server is reached at, for HIMOYA_BASE_URL's default.

    A wildcard bind (0.0.0.0, [::]) names no host: then the first host of ALLOWED_HOSTS,
    if it names one, else 127.0.0.1.
    """
    host, _sep, port = bind.rpartition(":")
    if host in ("", "0.0.0.0", "[::]", "::"):  # noqa: S104 (naming it, not binding it)
        allowed = [
            name.strip()
            for name in os.environ.get("ALLOWED_HOSTS", "").split(",")
            if name.strip() and name.strip() != "*" and not name.strip().startswith(".")
        ]
        host = allowed[0] if allowed else "127.0.0.1"
    return f"http://{host}:{port}" if port else f"http://{host}"


def _follow_bind(args) -> None:
    """Links in notifications follow the served address unless HIMOYA_BASE_URL is set."""
    args.bind = normalise_bind(args.bind)
    os.environ.setdefault("HIMOYA_BASE_URL", base_url_for(args.bind))


def cmd_demo(args) -> int:
    os.environ.setdefault("HIMOYA_REQUIRE_2FA", "0")
    _follow_bind(args)
    call = _django("demo")
    call("migrate", interactive=False, verbosity=0)
    # A demo database made by an older version gets the current search indexes.
    call("keys_reindex", verbosity=0)
    _compile_messages(call)
    call("collectstatic", interactive=False, verbosity=0)
    call("load_demo")
    if args.no_serve:
        return 0
    return _serve(args.bind, args.workers)


def cmd_serve(args) -> int:
    _follow_bind(args)
    call = _django()
    # whitenoise serves from the collected, hashed files; collect them for this version.
    call("collectstatic", interactive=False, verbosity=0)
    return _serve(args.bind, args.workers)


def _serve(bind: str, workers: int) -> int:
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "himoya.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    print(f"Himoya is serving at http://{bind}/  (Ctrl+C stops it)", flush=True)
    run()
    return 0


def cmd_check(args) -> int:
    """Django's deployment checks. They are all warnings, so warnings fail by default."""
    call = _django()
    from django.core.management.base import SystemCheckError

    try:
        call("check", deploy=True, fail_level=args.fail_level)
    except SystemCheckError as exc:
        print(exc, file=sys.stderr)
        return 1
    print("himoya check: the deployment settings pass Django's deploy checks")
    return 0


def cmd_audit_verify(args) -> int:
    call = _django()
    from django.core.management.base import CommandError

    try:
        call("audit_verify", anchor=args.anchor)
    except CommandError as exc:
        print(f"himoya audit verify: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _run_command(label: str, name: str, *arguments, **options) -> int:
    """Run a management command; a CommandError is one line on stderr and exit 2."""
    call = _django()
    from django.core.management.base import CommandError

    try:
        call(name, *arguments, **options)
    except CommandError as exc:
        print(f"himoya {label}: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_keys_rotate(args) -> int:
    return _run_command("keys rotate", "keys_rotate")


def cmd_keys_reindex(args) -> int:
    return _run_command("keys reindex", "keys_reindex")


def cmd_retention_run(args) -> int:
    return _run_command("retention run", "retention_run", dry_run=args.dry_run)


def cmd_referrals_expire(args) -> int:
    return _run_command("referrals expire", "expire_referrals")


def cmd_backup(args) -> int:
    return _run_command("backup", "backup", output=args.output, key_file=args.key_file)


def cmd_restore(args) -> int:
    return _run_command("restore", "restore", args.archive, key_file=args.key_file)


def cmd_manage(args) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["himoya manage", *args.arguments])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="himoya",
        description="Himoya: case management and referral for survivors of violence.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="set up demo data on SQLite and serve it (debug off)")
    demo.add_argument(
        "--bind", default="127.0.0.1:8000", help="address:port (or a port) to listen on"
    )
    demo.add_argument("--workers", type=int, default=2)
    demo.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve with gunicorn (SECRET_KEY must be set)")
    serve.add_argument(
        "--bind", default="127.0.0.1:8000", help="address:port (or a port) to listen on"
    )
    serve.add_argument("--workers", type=int, default=3)
    serve.set_defaults(func=cmd_serve)

    check = sub.add_parser("check", help="run Django's deployment checks (non-zero on problems)")
    check.add_argument(
        "--fail-level",
        default="WARNING",
        choices=["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"],
        help="lowest level that fails the check (default WARNING)",
    )
    check.set_defaults(func=cmd_check)

    audit = sub.add_parser("audit", help="work with the audit log (audit verify)")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser(
        "verify", help="check the hash chain; name the first broken entry, exit 1"
    )
    verify.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="ID:HASH",
        help="an entry hash noted earlier outside the database; catches a rewritten log",
    )
    verify.set_defaults(func=cmd_audit_verify)

    keys = sub.add_parser("keys", help="field-encryption keys (keys rotate, keys reindex)")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    rotate = keys_sub.add_parser(
        "rotate",
        help="re-encrypt everything with the first key of HIMOYA_FIELD_KEYS (safe to repeat)",
    )
    rotate.set_defaults(func=cmd_keys_rotate)
    reindex = keys_sub.add_parser(
        "reindex",
        help="recompute the search and duplicate-warning indexes (after an upgrade; safe to repeat)",
    )
    reindex.set_defaults(func=cmd_keys_reindex)

    retention = sub.add_parser("retention", help="data retention (retention run)")
    retention_sub = retention.add_subparsers(
        dest="retention_command", required=True, metavar="ACTION"
    )
    retention_run = retention_sub.add_parser(
        "run",
        help="anonymise clients whose cases all closed over HIMOYA_RETENTION_YEARS ago",
    )
    retention_run.add_argument(
        "--dry-run", action="store_true", help="list what would be done; change nothing"
    )
    retention_run.set_defaults(func=cmd_retention_run)

    referrals = sub.add_parser("referrals", help="referrals between organisations")
    referrals_sub = referrals.add_subparsers(
        dest="referrals_command", required=True, metavar="ACTION"
    )
    referrals_expire = referrals_sub.add_parser(
        "expire",
        help="flag referrals past their response deadline and expire old ones (cron, every "
        "few minutes)",
    )
    referrals_expire.set_defaults(func=cmd_referrals_expire)

    backup = sub.add_parser(
        "backup",
        help="database and attachments into one archive sealed with HIMOYA_BACKUP_KEY",
    )
    backup.add_argument("--output", help="archive path (default himoya-backup-<time>.hbk)")
    backup.add_argument("--key-file", help="file holding the backup key (else HIMOYA_BACKUP_KEY)")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore", help="restore a backup into an empty instance (checksums verified first)"
    )
    restore.add_argument("archive", help="the archive written by `himoya backup`")
    restore.add_argument("--key-file", help="file holding the backup key (else HIMOYA_BACKUP_KEY)")
    restore.set_defaults(func=cmd_restore)

    manage = sub.add_parser(
        "manage", help="run any Django management command (himoya manage migrate)"
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Whatever Himoya writes (the SQLite file and its -wal/-shm, attachments, backups,
    # keys) is for the server's user alone: a shared district-office machine has others.
    os.umask(0o077)
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
