"""The referral and hotline part of `make bench`: 300,000 referrals, 200,000 calls, timings.

Runs after himoya.bench_cases has filled its 30 organisations and 100,000 cases. Each
bench organisation gets one service in the directory; referrals go from the bench
cases (and from some hotline calls) to the other organisations' services, 40% of them
to one large receiver (benchcase-1), so its inbox is the worst case. A separate
hotline organisation (benchref-hotline, not under the bench_cases prefix) logs the
calls; every 25th call is referred, with an anonymous client as a real one would be.

The fill bulk-creates rows in one transaction (the few encrypted fields go through the
real field classes) and tops up to the requested numbers on later runs. Referrals still
"sent" carry a far deadline, so reused data does not expire between runs (the inbox
expires overdue referrals as it loads). Accepted and completed referrals have no
receiving case: the lists never load it, and the case count stays at what bench_cases
made.

Timings go through Django's full request stack with a signed-in session
(himoya.testing.sign_in_client), as in himoya.bench_cases.

The rows are made in himoya.bench_referrals_rows, in bulk by himoya.bench_referrals_filler.
"""

import random
import sys

from django.db import connection, transaction

from himoya.bench_cases import PREFIX as CASE_PREFIX
from himoya.bench_cases import _staff, _timed
from himoya.bench_referrals_filler import Filler
from himoya.bench_referrals_rows import BIG_RECEIVER, BIG_SENDER, HOTLINE, _hotline


def _bench_referrals():
    from himoya.referrals.models import Referral

    return Referral.objects.filter(from_organisation__slug__startswith=CASE_PREFIX) | (
        Referral.objects.filter(from_organisation__slug=HOTLINE)
    )


def fill_referrals(referrals: int, calls: int) -> tuple[int, int]:
    """Top up to `calls` hotline calls and `referrals` referrals; return what was added."""
    rng = random.Random(referrals + calls)  # noqa: S311 (synthetic data, not secrets)
    with transaction.atomic():
        filler = Filler(rng)
        added_calls = filler.calls(calls)
        missing = referrals - _bench_referrals().count()
        if missing > 0:
            filler.case_referrals(missing)
    added = max(missing, 0)
    if (added or added_calls) and connection.vendor == "postgresql":
        # What autovacuum would do soon after a bulk load: planner statistics, and the
        # visibility map that lets counts use index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return added, added_calls


def measure_referrals(requests: int) -> dict[str, tuple[float, float]]:
    from django.test import Client as Browser

    from himoya.directory.models import Organisation
    from himoya.hotline.models import Call
    from himoya.referrals.models import Referral
    from himoya.testing import sign_in_client

    big = Organisation.objects.get(slug=BIG_RECEIVER)
    sender = Organisation.objects.get(slug=BIG_SENDER)
    hotline, operators = _hotline()
    receiver_supervisor = _staff(big, 1, 0)[1]
    sender_supervisor = _staff(sender, 0, 0)[1]
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
            results[label] = _timed(lambda n, b=browser, u=url: b.get(u), requests, 200)
        except RuntimeError as error:
            print(f"  {label}: {error}, skipped", file=sys.stderr)
            results[label] = (float("nan"), float("nan"))
    return results
