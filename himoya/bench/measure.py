"""The measured requests of `make bench`: each page or API call, timed through Django's
full request stack (middleware, views, templates, database), as (median, 95th percentile)
in milliseconds per label.

The directory's pages are public; the case, referral and hotline pages are read with a
signed-in session whose second factor is verified (himoya.testing.sign_in_client), as a
supervisor, a caseworker or a hotline operator of the filled bench organisations.
"""

import statistics
import sys
import time

from django.test import Client as Browser

from himoya.bench.fill.cases import PREFIX as CASE_PREFIX
from himoya.bench.fill.cases import casework_staff
from himoya.bench.fill.directory import PREFIX as DIRECTORY_PREFIX
from himoya.bench.fill.referrals import BIG_RECEIVER, BIG_SENDER, bench_hotline
from himoya.bench.report import percentile
from himoya.cases.models import Case
from himoya.directory.models import Organisation, Service
from himoya.hotline.models import Call
from himoya.referrals.models import Referral
from himoya.testing import sign_in_client

PAGE_BUDGET_SECONDS = 20
MIN_SAMPLES = 40


def measure_directory(requests: int) -> dict[str, tuple[float, float]]:
    """The public directory pages and APIs; a slow page stops early (see below)."""
    service_id = Service.objects.filter(organisation__slug__startswith=DIRECTORY_PREFIX).first().pk
    pages = {
        "home": "/",
        "find help (Isfara, legal)": "/find-help/?district=isfara&need=legal",
        "find help (region Khatlon)": "/find-help/?region=TJ-KT&need=any",
        f"service page {service_id}": f"/services/{service_id}/",
        "API services list": "/api/directory/services?district=isfara",
        "HSDS services page": "/api/hsds/services?page=2",
    }
    client = Browser()
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


def timed(call, requests: int, expect: int) -> tuple[float, float]:
    """Time `call(n)` for n = 1..requests after one warm-up call; RuntimeError on an
    answer other than `expect`."""
    response = call(0)  # warm caches and check the answer
    if response.status_code != expect:
        raise RuntimeError(f"HTTP {response.status_code}, expected {expect}")
    timings = []
    for n in range(1, requests + 1):
        started = time.perf_counter()
        response = call(n)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != expect:
            raise RuntimeError(f"HTTP {response.status_code}, expected {expect}")
    return statistics.median(timings), percentile(timings, 0.95)


def measure_cases(requests: int) -> dict[str, tuple[float, float]]:
    big = Organisation.objects.get(slug=f"{CASE_PREFIX}0")
    caseworkers, supervisor = casework_staff(big, 0, 0)
    rich = (
        Case.objects.filter(organisation=big, incidents__isnull=False)
        .exclude(status="closed")
        .select_related("client")
        .first()
    )
    district = rich.district.slug
    as_supervisor, as_caseworker = Browser(), Browser()
    sign_in_client(as_supervisor, supervisor)
    sign_in_client(as_caseworker, rich.caseworker)
    stamp = time.time_ns()

    def intake(n):
        return as_caseworker.post(
            "/cases/new/",
            {
                "organisation": big.slug,
                "name": f"Bench intake {stamp} {n}",
                "phone": "+992 00 000 0000",
                "may_call": "yes",
                "sex": "female",
                "age_group": "26-40",
                "district": district,
                "consent_services": "on",
                "consent_method": "verbal",
                "priority": "normal",
            },
        )

    pages = {
        f"case list, supervisor ({Case.objects.filter(organisation=big).count()} cases)": (
            lambda n: as_supervisor.get("/cases/"),
            200,
        ),
        "case list, active + high risk": (
            lambda n: as_supervisor.get("/cases/?status=active&risk=high"),
            200,
        ),
        "case list, overdue": (lambda n: as_supervisor.get("/cases/?overdue=1"), 200),
        f"case list, district {district}": (
            lambda n: as_supervisor.get(f"/cases/?district={district}"),
            200,
        ),
        "case list, one caseworker": (
            lambda n: as_supervisor.get(f"/cases/?caseworker={rich.caseworker_id}"),
            200,
        ),
        "case list, page 100": (lambda n: as_supervisor.get("/cases/?page=100"), 200),
        "case list, caseworker's own": (lambda n: as_caseworker.get("/cases/"), 200),
        "client-code lookup": (
            lambda n: as_supervisor.get(f"/cases/lookup/?code={rich.client.code}"),
            302,
        ),
        "case page (supervisor)": (lambda n: as_supervisor.get(f"/cases/{rich.pk}/"), 200),
        "case page (caseworker)": (lambda n: as_caseworker.get(f"/cases/{rich.pk}/"), 200),
        "intake POST": (intake, 302),
    }
    results = {}
    for label, (call, expect) in pages.items():
        try:
            results[label] = timed(call, requests, expect)
        except RuntimeError as error:
            print(f"  {label}: {error}, skipped", file=sys.stderr)
            results[label] = (float("nan"), float("nan"))
    return results


def measure_referrals(requests: int) -> dict[str, tuple[float, float]]:
    big = Organisation.objects.get(slug=BIG_RECEIVER)
    sender = Organisation.objects.get(slug=BIG_SENDER)
    hotline, operators = bench_hotline()
    receiver_supervisor = casework_staff(big, 1, 0)[1]
    sender_supervisor = casework_staff(sender, 0, 0)[1]
    inbox_total = Referral.objects.filter(to_organisation=big).count()
    waiting = Referral.objects.filter(to_organisation=big, status="sent").count()
    sent_total = Referral.objects.filter(from_organisation=sender).count()
    calls_total = Call.objects.filter(organisation=hotline).count()
    district = (
        Call.objects.filter(organisation=hotline, district__isnull=False)
        .values_list("district__slug", flat=True)
        .first()
    )
    as_receiver, as_sender, as_operator = Browser(), Browser(), Browser()
    sign_in_client(as_receiver, receiver_supervisor)
    sign_in_client(as_sender, sender_supervisor)
    sign_in_client(as_operator, operators[0])

    pages = {
        f"referral inbox, supervisor ({waiting} waiting of {inbox_total})": (
            as_receiver,
            "/referrals/",
        ),
        "referral inbox, all statuses": (as_receiver, "/referrals/?status=all"),
        "referral inbox, completed, page 20": (
            as_receiver,
            "/referrals/?status=completed&page=20",
        ),
        f"referral sent list, supervisor ({sent_total} sent)": (as_sender, "/referrals/sent/"),
        "referral sent list, accepted": (as_sender, "/referrals/sent/?status=accepted"),
        f"call log, operator ({calls_total} calls)": (as_operator, "/hotline/"),
        f"call log, district {district}": (as_operator, f"/hotline/?district={district}"),
        "call log, at risk": (as_operator, "/hotline/?risk=yes"),
        f"call log, district {district} + at risk": (
            as_operator,
            f"/hotline/?district={district}&risk=yes",
        ),
        "call log, page 100": (as_operator, "/hotline/?page=100"),
        "API referrals received": (as_receiver, "/api/referrals/received"),
        "API referrals received, sent + emergency": (
            as_receiver,
            "/api/referrals/received?status=sent&urgency=1",
        ),
    }
    results = {}
    for label, (browser, url) in pages.items():
        try:
            results[label] = timed(lambda n, b=browser, u=url: b.get(u), requests, 200)
        except RuntimeError as error:
            print(f"  {label}: {error}, skipped", file=sys.stderr)
            results[label] = (float("nan"), float("nan"))
    return results
