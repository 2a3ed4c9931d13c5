"""The form of a service delivered to the survivor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.accounts.models import User
from himoya.cases.forms.common import (
    DATE_WIDGET,
    TEXT_MAX,
    MemberChoiceField,
    OrganisationChoiceField,
    organisation_members,
)
from himoya.directory.models import Organisation, Sector, ServiceType


class ServiceDeliveryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)
    provided_by = MemberChoiceField(
        label=_("Provided by"), queryset=User.objects.none(), required=False
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave empty for your organisation."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provided_by"].queryset = organisation_members(case.organisation)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "name_en"
        )
