"""`make bench`: server-side timings of the directory and of case management at scale.

Fills a separate database (SQLite file var/bench.sqlite3, and PostgreSQL database
himoya_bench when the server answers) with synthetic organisations and services and
100,000 synthetic cases (himoya.bench.fill), 300,000 referrals and 200,000 hotline
calls, then times requests through Django's full request stack (himoya.bench.measure:
middleware, views, templates, database) and prints the median and 95th percentile per
page against the issue's targets (himoya.bench.report). The filled databases are reused.

    python -m himoya.bench [--services 5000] [--cases 100000] [--requests 200]
                           [--referrals 300000] [--calls 200000] [--only sqlite|postgres]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from himoya.bench.report import print_table

BASE_DIR = Path(__file__).resolve().parent.parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/himoya_bench"


def run_child(
    services: int, cases: int, requests: int, directory: bool = True, referrals=0, calls=0
) -> bool:
    import django

    django.setup()
    # The models load only once Django is set up, here in the child: the parent process
    # runs with no database settings of its own.
    from django.core.management import call_command

    from himoya.bench.fill.cases import fill_cases
    from himoya.bench.fill.directory import fill_directory
    from himoya.bench.fill.referrals import fill_referrals
    from himoya.bench.measure import measure_cases, measure_directory, measure_referrals

    call_command("migrate", verbosity=0)
    # Pages name their static files through the manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    fill_directory(services)
    added = fill_cases(cases)
    added_referrals, added_calls = fill_referrals(referrals, calls)
    print(
        f"  data ready in {time.perf_counter() - started:.1f} s "
        f"({services} services; {cases} cases, {added} added now; "
        f"{referrals} referrals, {added_referrals} added now; "
        f"{calls} calls, {added_calls} added now)"
    )
    if directory:
        print("  directory:")
        print_table(measure_directory(requests))
    print("  case management:")
    met = print_table(measure_cases(requests))
    print("  referrals and hotline:")
    return print_table(measure_referrals(requests)) and met


def create_postgres_database() -> str:
    """Create the bench database if needed; return a problem description, or ""."""
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=5
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'himoya_bench'"
            ).fetchone()
            if not exists:
                connection.execute("CREATE DATABASE himoya_bench")
    except psycopg.Error as exc:
        return str(exc).strip()
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--referrals", type=int, default=300_000)
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--no-directory", action="store_true", help="time the case pages only")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        met = run_child(
            args.services,
            args.cases,
            args.requests,
            not args.no_directory,
            args.referrals,
            args.calls,
        )
        return 0 if met else 3
    databases = {
        "sqlite": f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}",
        "postgres": POSTGRES_URL,
    }
    if args.only:
        databases = {args.only: databases[args.only]}
    failed = False
    for name, url in databases.items():
        if name == "postgres":
            problem = create_postgres_database()
            if problem:
                print(f"{name}: PostgreSQL not reachable, skipped ({problem})")
                continue
        print(f"{name}:")
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "HIMOYA_MODE": "test",
            "DJANGO_SETTINGS_MODULE": "himoya.settings",
            "ALLOWED_HOSTS": "testserver",
        }
        child = [
            sys.executable,
            "-m",
            "himoya.bench",
            "--child",
            "--services",
            str(args.services),
            "--cases",
            str(args.cases),
            "--requests",
            str(args.requests),
            "--referrals",
            str(args.referrals),
            "--calls",
            str(args.calls),
            *(["--no-directory"] if args.no_directory else []),
        ]
        failed |= subprocess.run(child, env=env, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
