"""Refer a hotline caller: the list of services narrowed to a need, then the referral
with the caller's verbal consent (and, for a child, the caregiver's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.directory.search import NEEDS, need_choices
from himoya.hotline.forms import CaregiverMixin, caregiver_fields
from himoya.referrals.models import Urgency, urgency_choices

MESSAGE_MAX = 2000


class NeedForm(forms.Form):
    """The list of services narrowed to one need ("any" by default)."""

    need = forms.ChoiceField(label=_("What she needs"), choices=need_choices, required=False)


class ReferForm(CaregiverMixin, forms.Form):
    service = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=urgency_choices,
        coerce=int,
        widget=forms.RadioSelect,
        initial=Urgency.ROUTINE,
    )
    needs = forms.MultipleChoiceField(
        label=_("What she needs"),
        choices=[(key, label) for key, (label, _types) in NEEDS.items() if key != "any"],
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message to the organisation"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names or numbers: what she needs and when she can be reached."),
    )
    verbal_consent = forms.BooleanField(required=False)
    # The organisation the tick named when the page was shown: the consent is for it
    # alone, whatever service id comes back with the form.
    consent_organisation = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    caregiver_relationship = caregiver_fields()["caregiver_relationship"]
    not_sought_reason = caregiver_fields()["not_sought_reason"]

    def __init__(self, *args, call, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verbal_consent"].label = _(
            "The caller agreed verbally to share these details with %(organisation)s"
        ) % {"organisation": service.organisation.name}
        self.fields["consent_organisation"].initial = service.organisation.slug
        self.drop_caregiver_fields(call)

    @classmethod
    def asking_again(cls, data, *, call, service, error):
        """The posted form with the tick cleared and now naming `service`'s
        organisation, showing `error`: the consent given was for another one."""
        data = data.copy()
        data.pop("verbal_consent", None)
        data["consent_organisation"] = service.organisation.slug
        form = cls(data, call=call, service=service)
        form.is_valid()
        form.add_error("verbal_consent", error)
        return form
