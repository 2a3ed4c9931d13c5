"""Ids that arrive in URLs and API paths: anything but a plausible primary key is 404."""

from django.http import Http404

# Primary keys are 64-bit; a larger number would overflow SQLite's integer and answer 500.
MAX_ID = 2**62


def parse_id(value) -> int:
    """`value` as a primary key, or Http404 (never ValueError, never an overflow)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if number <= 0 or number > MAX_ID:
        raise Http404
    return number
