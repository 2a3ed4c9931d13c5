"""Plausible dates: one rule per kind of date a person types, for every form, API schema
and service that accepts one.

- A past event of a case (a service delivered, an incident and its report, a hotline
  call, a service recorded for a referral): from 1 January 2000 to today. Nothing in this
  system happened earlier; an earlier year is a slip of the keyboard (0001 for 2001), and
  year-1 dates, which browsers and JSON allow, cannot even be stored once shifted to UTC.
- The date of an incident itself: from 1 January 1900 to today. Abuse suffered in childhood
  is often told decades later, and its real date must be recordable; its report (and
  everything the services did) stays on the 2000 rule.
- A due date (plan actions, follow-ups): within ten years of today, either way.
- A date of birth: from 1 January 1900 to today, so that older survivors are never refused.

Each rule answers with a message in the active language, or None when the date is fine.
The services that write these dates ask the rule and raise a ValidationError on the field,
which pages show beside the field and the API answers as a 422 on it. The birth-date rule
is also a form validator and an API type, as intake checks it before any service runs.
"""

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator

EARLIEST_EVENT = datetime.date(2000, 1, 1)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
EARLIEST_INCIDENT = EARLIEST_BIRTH
DUE_YEARS = 10
# A clock a little ahead of the server's is not an event in the future.
CLOCK_LEEWAY = datetime.timedelta(minutes=5)


def today() -> datetime.date:
    return timezone.localdate()


def years_after(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by whole years (29 February becomes 28 February in other years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def shown(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def event_bounds(on: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    return EARLIEST_EVENT, on or today()


def due_bounds(on: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    on = on or today()
    return years_after(on, -DUE_YEARS), years_after(on, DUE_YEARS)


def birth_bounds(on: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    return EARLIEST_BIRTH, on or today()


def event_date_error(
    value: datetime.date,
    *,
    on: datetime.date | None = None,
    since=None,
    since_message="",
    earliest: datetime.date = EARLIEST_EVENT,
) -> str | None:
    """What is wrong with `value` as the date of a past event, or None.

    `since` narrows the lower bound for an event that cannot precede another one on
    record (a service given for a referral, not before it was sent); `since_message`
    says so, with %(date)s for that day. `earliest` is EARLIEST_INCIDENT for the date of
    an incident itself.
    """
    latest = on or today()
    if value > latest:
        return _("This date is in the future.")
    if since is not None and value < since:
        return since_message % {"date": shown(since)}
    if value < earliest:
        return _("This date is before %(date)s: check the year.") % {"date": shown(earliest)}
    return None


def event_time_error(value: datetime.datetime, *, now: datetime.datetime | None = None):
    """The past-event rule for a moment (a call's start): from midnight starting
    1 January 2000 in the site's time zone to now, give or take a fast clock."""
    earliest = timezone.make_aware(datetime.datetime.combine(EARLIEST_EVENT, datetime.time.min))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > (now or timezone.now()) + CLOCK_LEEWAY:
        return _("This date is in the future.")
    if value < earliest:
        return _("This date is before %(date)s: check the year.") % {"date": shown(EARLIEST_EVENT)}
    return None


def due_date_error(value: datetime.date, *, on: datetime.date | None = None) -> str | None:
    """What is wrong with `value` as a due date, or None."""
    earliest, latest = due_bounds(on)
    if not earliest <= value <= latest:
        return _("Choose a due date within ten years of today: from %(first)s to %(last)s.") % {
            "first": shown(earliest),
            "last": shown(latest),
        }
    return None


def birth_date_error(value: datetime.date, *, on: datetime.date | None = None) -> str | None:
    """What is wrong with `value` as a date of birth, or None."""
    earliest, latest = birth_bounds(on)
    if not earliest <= value <= latest:
        return _("Type a real date of birth: not in the future, not before 1900.")
    return None


def validate_birth_date(value) -> None:
    """The birth-date rule as a Django field validator (the intake and client forms)."""
    message = value and birth_date_error(value)
    if message:
        raise ValidationError(message, code="implausible_date")


def _birth_date_for_api(value):
    message = value and birth_date_error(value)
    if message:
        # api_errors shows a ValueError's text as the field's message.
        raise ValueError(message)
    return value


# The birth-date rule as an API type: intake nests the client, so the 422 must name
# `client.birth_date`, which only the schema knows.
BirthDate = Annotated[datetime.date, AfterValidator(_birth_date_for_api)]
