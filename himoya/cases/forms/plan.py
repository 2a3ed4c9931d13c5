"""Forms of the case plan: an action (added or edited) and the plan's submission or
approval. They parse input; the services check it against the case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.accounts.models import User
from himoya.cases.forms.common import (
    DATE_WIDGET,
    MemberChoiceField,
    OrganisationChoiceField,
    organisation_members,
)
from himoya.cases.models import CaseAction
from himoya.core.versioning import HiddenVersionFormMixin, version_field
from himoya.directory.models import Organisation


class ActionForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), max_length=2000)
    action = forms.CharField(
        label=_("Action"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible_user = MemberChoiceField(
        label=_("Responsible person"), queryset=User.objects.none(), required=False
    )
    responsible_organisation = OrganisationChoiceField(
        label=_("or responsible organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(
        label=_("Status"), choices=CaseAction.Status.choices, initial=CaseAction.Status.PLANNED
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = organisation_members(case.organisation)
        self.fields["responsible_organisation"].queryset = Organisation.objects.filter(
            is_active=True
        ).order_by("name_en")

    def clean(self):
        data = super().clean()
        person, organisation = data.get("responsible_user"), data.get("responsible_organisation")
        if bool(person) == bool(organisation) and not self.errors:
            raise forms.ValidationError(
                _("Name one responsible: a person of your organisation or another organisation.")
            )
        return data


class ActionEditForm(HiddenVersionFormMixin, ActionForm):
    version = version_field()
    baseline = forms.CharField(widget=forms.HiddenInput, required=False)


def action_snapshot(action: CaseAction) -> dict:
    """The editable values of an action as plain JSON, for the stale-edit comparison."""
    return {
        "goal": action.goal,
        "action": action.action,
        "responsible_user": action.responsible_user_id,
        "responsible_organisation": action.responsible_organisation_id,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "status": action.status,
    }


class PlanDecisionForm(HiddenVersionFormMixin, forms.Form):
    version = version_field()
