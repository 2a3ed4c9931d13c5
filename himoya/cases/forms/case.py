"""Forms of the writes to a case itself: assign, change, closure request and decision,
reopen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.cases.models import CaseStatus, CaseStep, Priority
from himoya.cases.services.case import CLOSURE_CHECKLIST, CLOSURE_REASONS, MANUAL_STATUSES
from himoya.core.versioning import HiddenVersionFormMixin, version_field


class VersionedForm(HiddenVersionFormMixin, forms.Form):
    version = version_field()


class AssignForm(VersionedForm):
    caseworker = forms.ModelChoiceField(label=_("Caseworker"), queryset=None)
    # The assignee the editor saw, so a refusal can say what changed meanwhile.
    seen_caseworker = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers


class ChangeCaseForm(VersionedForm):
    step = forms.ChoiceField(label=_("Step"), choices=CaseStep.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)
    # The values the editor saw, so a refusal can say what changed meanwhile.
    seen_step = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    seen_priority = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    seen_status = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, current_status, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = {*MANUAL_STATUSES, current_status}
        self.fields["status"].choices = [
            (value, label) for value, label in CaseStatus.choices if value in allowed
        ]

    def baseline(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[f"seen_{name}"]
            for name in ("step", "priority", "status")
            if data.get(f"seen_{name}")
        }


class ClosureRequestForm(VersionedForm):
    reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=CLOSURE_REASONS, widget=forms.RadioSelect
    )
    checklist = forms.MultipleChoiceField(
        label=_("Checklist"),
        choices=CLOSURE_CHECKLIST,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not data.get("note", "").strip():
            self.add_error("note", _("Describe the reason."))
        return data


class ClosureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("approve: close the case")),
            ("send_back", _("send back to the caseworker")),
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
