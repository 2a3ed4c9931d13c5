"""Filters for the audit log pages and API: by action, user and date."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from himoya.audit.models import AuditAction
from himoya.core import date_range

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50


def filter_entries(entries: QuerySet, action="", user="", date_from=None, date_to=None) -> QuerySet:
    if action:
        entries = entries.filter(action=action)
    if user:
        entries = entries.filter(actor_name__iexact=user.strip())
    # The days were checked with date_range.range_errors (the form, the API).
    return date_range.in_range(entries, "at", date_from, date_to)


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
        for name, message in date_range.range_errors(
            data.get("date_from"), data.get("date_to")
        ).items():
            self.add_error(name, message)
        return data

    def apply(self, entries: QuerySet) -> QuerySet:
        data = self.cleaned_data
        return filter_entries(
            entries, data["action"], data["user"], data["date_from"], data["date_to"]
        )
