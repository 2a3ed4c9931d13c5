"""Forms of follow-ups: planning one, and marking one done with its outcome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.accounts.models import User
from himoya.cases.forms.common import DATE_WIDGET, TEXT_MAX, MemberChoiceField, organisation_members
from himoya.core.versioning import HiddenVersionFormMixin, version_field


class FollowUpForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)
    assigned_to = MemberChoiceField(label=_("Assigned to"), queryset=User.objects.none())
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = organisation_members(case.organisation)


class FollowUpDoneForm(HiddenVersionFormMixin, forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = version_field()
