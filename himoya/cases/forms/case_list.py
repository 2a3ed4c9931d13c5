"""The filters of the case list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.cases.models import CaseStatus, RiskLevel
from himoya.geo.choices import DistrictChoiceField

# A status choice for every case not closed (open, active, closure requested).
NOT_CLOSED = "not_closed"


def _blank(choices):
    return [("", _("any")), *choices]


class CaseFilterForm(forms.Form):
    """GET filters of the case list; an unknown value is a 400, not an empty list."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=_blank([(NOT_CLOSED, _("not closed")), *CaseStatus.choices]),
        required=False,
    )
    risk = forms.ChoiceField(label=_("Risk"), choices=_blank(RiskLevel.choices), required=False)
    caseworker = forms.TypedChoiceField(
        label=_("Caseworker"), coerce=int, required=False, empty_value=None
    )
    district = DistrictChoiceField(
        label=_("District"),
        to_field_name="slug",
        required=False,
        empty_label=_("any"),
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"), choices=[("", _("any")), ("1", _("overdue only"))], required=False
    )

    def __init__(self, *args, caseworkers=(), **kwargs):
        """`caseworkers`: (id, display name) pairs."""
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = [("", _("any"))] + [
            (str(pk), name) for pk, name in caseworkers
        ]
