"""Forms to refer a caller to a service and to open a case from a call."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.clients.models import CHILD_AGE_GROUPS
from himoya.directory.search import NEEDS, need_choices
from himoya.referrals.models import Urgency, urgency_choices

MESSAGE_MAX = 2000


class NeedForm(forms.Form):
    """The list of services narrowed to one need ("any" by default)."""

    need = forms.ChoiceField(label=_("What she needs"), choices=need_choices, required=False)


class CaregiverMixin:
    """For a child caller: who the caregiver is who agreed, or why they were not asked."""

    def drop_caregiver_fields(self, call) -> None:
        if call.age_group not in CHILD_AGE_GROUPS:
            del self.fields["caregiver_relationship"]
            del self.fields["not_sought_reason"]

    def caregiver(self) -> dict:
        data = self.cleaned_data
        return {
            "caregiver_relationship": data.get("caregiver_relationship", ""),
            "not_sought_reason": data.get("not_sought_reason", ""),
        }


def caregiver_fields():
    return {
        "caregiver_relationship": forms.CharField(
            label=_("The caller is a child: who is the caregiver who agreed?"),
            required=False,
            max_length=100,
        ),
        "not_sought_reason": forms.CharField(
            label=_("Or: why the caregiver was not asked"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("For example, the caregiver is the one she is afraid of."),
        ),
    }


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


class OpenCaseForm(CaregiverMixin, forms.Form):
    services_consent = forms.BooleanField(required=False)
    caregiver_relationship = caregiver_fields()["caregiver_relationship"]
    not_sought_reason = caregiver_fields()["not_sought_reason"]

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services_consent"].label = _(
            "The caller agreed verbally to receive services from %(organisation)s"
        ) % {"organisation": call.organisation.name}
        self.drop_caregiver_fields(call)
