"""`make bench`: server-side timings of the directory and of case management at scale.

Fills a separate database (SQLite file var/bench.sqlite3, and PostgreSQL database
himoya_bench when the server answers) with synthetic organisations and services and
100,000 synthetic cases (himoya.bench_cases), 300,000 referrals and 200,000 hotline
calls (himoya.bench_referrals), then times requests through Django's full
request stack (middleware, views, templates, database) and prints the median and 95th
percentile per page against the issue's targets. The filled databases are reused.

    python -m himoya.bench [--services 5000] [--cases 100000] [--requests 200]
                           [--referrals 300000] [--calls 200000] [--only sqlite|postgres]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/himoya_bench"
PAGE_BUDGET_SECONDS = 20
MIN_SAMPLES = 40


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def fill(services: int) -> None:
    from django.db import transaction

    from himoya.directory.models import (
        SECTOR_OF_SERVICE_TYPE,
        Organisation,
        OrganisationKind,
        Service,
        ServiceType,
    )
    from himoya.geo.models import District

    existing = Service.objects.filter(organisation__slug__startswith="bench-").count()
    if existing >= services:
        return
    districts = list(District.objects.all())
    kinds = list(OrganisationKind)
    types = list(ServiceType)
    per_org = 5
    with transaction.atomic():
        Organisation.objects.filter(slug__startswith="bench-").delete()
        organisations = Organisation.objects.bulk_create(
            Organisation(
                slug=f"bench-{i}",
                kind=kinds[i % len(kinds)],
                name_tg=f"Ташкилот {i}",
                name_ru=f"Организация {i}",
                name_en=f"Organisation {i}",
                district=districts[i % len(districts)],
                is_demo=True,
            )
            for i in range(services // per_org)
        )
        rows = []
        for org_index, organisation in enumerate(organisations):
            for j in range(per_org):
                service_type = types[(org_index + j) % len(types)]
                rows.append(
                    Service(
                        organisation=organisation,
                        service_type=service_type,
                        sector=SECTOR_OF_SERVICE_TYPE[service_type],
                        name_tg=f"Хизмат {j}",
                        name_ru=f"Услуга {j}",
                        name_en=f"Service {j}",
                        languages=["tg", "ru"],
                        hours_en="Mon-Fri 9:00-17:00",
                        is_demo=True,
                    )
                )
        created = Service.objects.bulk_create(rows, batch_size=1000)
        through = Service.districts_served.through
        links = []
        for index, service in enumerate(created):
            home = districts[index // per_org % len(districts)]
            neighbour = districts[(index // per_org + 1) % len(districts)]
            links.append(through(service_id=service.id, district_id=home.id))
            links.append(through(service_id=service.id, district_id=neighbour.id))
        through.objects.bulk_create(links, batch_size=2000)


def measure(requests: int) -> dict[str, tuple[float, float]]:
    from django.test import Client

    from himoya.directory.models import Service

    service_id = Service.objects.filter(organisation__slug__startswith="bench-").first().pk
    pages = {
        "home": "/",
        "find help (Isfara, legal)": "/find-help/?district=isfara&need=legal",
        "find help (region Khatlon)": "/find-help/?region=TJ-KT&need=any",
        f"service page {service_id}": f"/services/{service_id}/",
        "API services list": "/api/directory/services?district=isfara",
        "HSDS services page": "/api/hsds/services?page=2",
    }
    client = Client()
    results = {}
    for label, url in pages.items():
        status = client.get(url).status_code  # warm caches and check it answers
        if status != 200:
            results[label] = (float("nan"), float("nan"))
            print(f"  {label}: HTTP {status}, skipped", file=sys.stderr)
            continue
        timings = []
        budget_ends = time.perf_counter() + PAGE_BUDGET_SECONDS
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            # A page of several seconds would hold the run for many minutes: stop early,
            # with enough samples for a 95th percentile.
            if len(timings) >= MIN_SAMPLES and started > budget_ends:
                break
        if len(timings) < requests:
            label = f"{label} [{len(timings)} req]"
        results[label] = (statistics.median(timings), percentile(timings, 0.95))
    return results


# The targets for the 95th percentile, by the start of a page's label.
TARGETS = {
    "case list": 50.0,
    "client-code lookup": 50.0,
    "case page": 100.0,
    "intake": 100.0,
    "referral inbox": 50.0,
    "referral sent list": 50.0,
    "call log": 50.0,
    "API referrals received": 50.0,
}


def target_of(label: str) -> float | None:
    return next((ms for start, ms in TARGETS.items() if label.startswith(start)), None)


def print_table(results: dict[str, tuple[float, float]]) -> bool:
    """Print one row per page; return False when a page misses its target."""
    met = True
    width = max(len(label) for label in results)
    print(f"  {'page':{width}s}  {'median':>8s}  {'p95':>8s}  target")
    for label, (median, p95) in results.items():
        target = target_of(label)
        verdict = ""
        if target is not None:
            ok = p95 < target
            met &= ok
            verdict = f"< {target:.0f} ms  {'ok' if ok else 'MISSED'}"
        print(f"  {label:{width}s}  {median:6.2f}ms  {p95:6.2f}ms  {verdict}")
    return met


def run_child(
    services: int, cases: int, requests: int, directory: bool = True, referrals=0, calls=0
) -> bool:
    import django

    django.setup()
    from django.core.management import call_command

    from himoya.bench_cases import fill_cases, measure_cases
    from himoya.bench_referrals import fill_referrals, measure_referrals

    call_command("migrate", verbosity=0)
    # Pages name their static files through the manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    fill(services)
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
        print_table(measure(requests))
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
