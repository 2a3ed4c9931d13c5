"""The report of `make bench`: the median and 95th percentile per page, against the
issue's targets for the 95th percentile."""

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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


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
