"""Filters for the audit log pages and API: by action, user and date."""

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from himoya.audit.models import AuditAction

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_entries(entries: QuerySet, action="", user="", date_from=None, date_to=None) -> QuerySet:
    if action:
        entries = entries.filter(action=action)
    if user:
        entries = entries.filter(actor_name__iexact=user.strip())
    # Compare with datetimes, not __date, so the index on `at` is used.
    if date_from:
        entries = entries.filter(at__gte=day_start(date_from))
    if date_to:
        entries = entries.filter(at__lt=day_start(date_to + datetime.timedelta(days=1)))
    return entries


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("any action")), *AuditAction.choices]
    )
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        required=False,
        choices=[(size, size) for size in PAGE_SIZES],
        coerce=int,
        empty_value=DEFAULT_PAGE_SIZE,
        initial=DEFAULT_PAGE_SIZE,
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def apply(self, entries: QuerySet) -> QuerySet:
        data = self.cleaned_data
        return filter_entries(
            entries, data["action"], data["user"], data["date_from"], data["date_to"]
        )
