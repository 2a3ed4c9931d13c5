"""When a referral must be answered: the response deadline of each urgency.

An emergency is answered within HIMOYA_REFERRAL_EMERGENCY_HOURS clock hours, day or
night. Urgent and routine referrals are answered by the end of the Nth working day
after the day they were sent (HIMOYA_REFERRAL_URGENT_WORKING_DAYS, ..._ROUTINE_...):
Monday to Friday in the site's time zone, not counting HIMOYA_PUBLIC_HOLIDAYS. The
deadline is computed once, when the referral is sent, and stored on it (respond_by),
so lists and the scheduled check compare a column instead of computing per row. It
never falls after the referral's expiry.

Urgencies are the integers of himoya.referrals.models.Urgency (1, 2, 3); this module
reads only the settings, so the model can use it.
"""

import datetime

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

EMERGENCY, URGENT, ROUTINE = 1, 2, 3
# More than a year of holidays in a row is a broken setting, not a calendar.
_MAX_DAYS_SCANNED = 400


def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    holidays = settings.HIMOYA_PUBLIC_HOLIDAYS
    return day.isoformat() not in holidays and day.isoformat()[5:] not in holidays


def working_days(urgency: int) -> int:
    if urgency == URGENT:
        return settings.HIMOYA_REFERRAL_URGENT_WORKING_DAYS
    return settings.HIMOYA_REFERRAL_ROUTINE_WORKING_DAYS


def response_deadline(urgency: int, sent_at: datetime.datetime, expires_at=None):
    """The moment by which the receiver should have answered (accepted or declined)."""
    if urgency == EMERGENCY:
        deadline = sent_at + datetime.timedelta(hours=settings.HIMOYA_REFERRAL_EMERGENCY_HOURS)
    else:
        zone = timezone.get_default_timezone()
        day = timezone.localtime(sent_at, zone).date()
        left = working_days(urgency)
        for _step in range(_MAX_DAYS_SCANNED):
            day += datetime.timedelta(days=1)
            if is_working_day(day):
                left -= 1
                if left == 0:
                    break
        # The end of that working day: midnight at its close.
        next_midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
        deadline = timezone.make_aware(next_midnight, zone)
    return min(deadline, expires_at) if expires_at is not None else deadline


def deadline_text(urgency: int) -> str:
    """How soon this urgency must be answered, in words, from the settings."""
    if urgency == EMERGENCY:
        hours = settings.HIMOYA_REFERRAL_EMERGENCY_HOURS
        return ngettext(
            "answer within %(count)d hour, day or night",
            "answer within %(count)d hours, day or night",
            hours,
        ) % {"count": hours}
    days = working_days(urgency)
    return ngettext(
        "answer within %(count)d working day",
        "answer within %(count)d working days",
        days,
    ) % {"count": days}


def deadline_label(moment: datetime.datetime | None) -> str:
    """A response deadline as people read it. A working-day deadline ends at midnight,
    and "02.12 00:00" reads as a day late: it is shown as "01.12, end of day"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    if local.time() == datetime.time.min:
        day = local.date() - datetime.timedelta(days=1)
        return _("%(date)s, end of day") % {"date": formats.date_format(day, "SHORT_DATE_FORMAT")}
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")
