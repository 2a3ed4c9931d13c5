"""The one date-range parser of every list filter (audit, call log, statistics; pages
and API alike): which days a filter may name, and the query on a datetime column.

The bounds keep the next day's local midnight inside the dates Python and the
databases can hold: 0001-01-01 and 9999-12-31 gave a 500 before they were checked.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

# No record in Himoya is older; the last day is far enough ahead for any "to" a person
# means.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def range_errors(date_from, date_to, *, max_days=None, max_days_message="") -> dict[str, str]:
    """What is wrong with a range, by field (empty when nothing), before any query."""
    errors = {}
    for name, day in (("date_from", date_from), ("date_to", date_to)):
        if day and not FIRST_DAY <= day <= LAST_DAY:
            errors[name] = _("Choose a day from 1 January 2000 to 31 December 2099.")
    if errors or not (date_from and date_to):
        return errors
    if date_to < date_from:
        errors["date_to"] = _("The end date comes before the start date.")
    elif max_days is not None and (date_to - date_from).days > max_days:
        errors["date_from"] = max_days_message
    return errors


def in_range(queryset, field: str, date_from=None, date_to=None):
    """Rows whose `field` falls on a local day from `date_from` to `date_to`.

    Compares with datetimes, not __date, so an index on `field` is used. Check the days
    with range_errors first.
    """
    if date_from:
        queryset = queryset.filter(**{f"{field}__gte": day_start(date_from)})
    if date_to:
        next_day = date_to + datetime.timedelta(days=1)
        queryset = queryset.filter(**{f"{field}__lt": day_start(next_day)})
    return queryset
