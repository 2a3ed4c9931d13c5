"""A new referral from a case: the service chosen from the directory, nearest first,
and the form.

The ranking lives in himoya.referrals.nearest, shared with referrals from a call.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.directory.models import Service
from himoya.directory.search import NEEDS
from himoya.geo.choices import DistrictChoiceField
from himoya.referrals.models import NEED_KEYS, Urgency, urgency_choices
from himoya.referrals.nearest import referable_services

MESSAGE_MAX = 4000


def need_choices():
    return [(key, NEEDS[key][0]) for key in NEED_KEYS]


class ServiceFilterForm(forms.Form):
    """GET filters of the service list: a district to start from and a need."""

    district = DistrictChoiceField(
        label=_("Near"),
        to_field_name="slug",
        required=False,
        empty_label=_("the client's district"),
    )
    need = forms.ChoiceField(label=_("Need"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", _("any")), *need_choices()]


class NewReferralForm(forms.Form):
    # Rendered by hand from ranked_services(); validated against every referable service.
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        error_messages={
            "required": _("Choose a service."),
            "invalid_choice": _("Choose a service from the list."),
        },
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        coerce=int,
        choices=urgency_choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label=_("What she needs"), widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("Message to the receiving organisation"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What they need to know to help her. Nothing she did not agree to share."),
    )
    share_safe_contact = forms.BooleanField(
        label=_("Share her safe-contact instructions (she agreed to it)"), required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = referable_services(organisation)
        self.fields["needs"].choices = need_choices()
