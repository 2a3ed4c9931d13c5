"""The `himoya` command: run the demo, serve, check a deployment, verify the audit log.

Every subcommand is a thin wrapper over a Django management command, so the same
operations are also available as `manage.py <command>`.
"""

import argparse
import os
import sys


def _django(mode: str | None = None):
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


def cmd_demo(args) -> int:
    os.environ.setdefault("HIMOYA_REQUIRE_2FA", "0")
    call = _django("demo")
    call("migrate", interactive=False, verbosity=0)
    call("collectstatic", interactive=False, verbosity=0)
    call("load_demo")
    if args.no_serve:
        return 0
    return _serve(args.bind, args.workers)


def cmd_serve(args) -> int:
    _django()
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
    call = _django()
    try:
        call("check", deploy=True, fail_level="WARNING" if args.strict else "ERROR")
    except SystemExit as exc:
        return int(exc.code or 1)
    except Exception as exc:  # SystemCheckError: the messages are already printed
        print(f"himoya check: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_audit(args) -> int:
    call = _django()
    try:
        call("audit_verify")
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="himoya",
        description="Himoya: case management and referral for survivors of violence.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="set up demo data on SQLite and serve it (debug off)")
    demo.add_argument("--bind", default="127.0.0.1:8000")
    demo.add_argument("--workers", type=int, default=2)
    demo.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve with gunicorn (SECRET_KEY must be set)")
    serve.add_argument("--bind", default="127.0.0.1:8000")
    serve.add_argument("--workers", type=int, default=3)
    serve.set_defaults(func=cmd_serve)

    check = sub.add_parser("check", help="run Django's deployment checks")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(func=cmd_check)

    audit = sub.add_parser("audit", help="work with the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="check the hash chain; non-zero exit if broken")
    verify.set_defaults(func=cmd_audit)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
