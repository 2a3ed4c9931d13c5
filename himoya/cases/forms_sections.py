"""Forms of a case's sections. They parse input; the services check it against the case."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from himoya.accounts.models import Membership, Role, User
from himoya.cases import risk
from himoya.cases.models import CaseAction, RiskAssessment
from himoya.directory.models import Organisation, Sector, ServiceType

BASELINE_SALT = "himoya.cases.sections.baseline"
TEXT_MAX = 20000
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def sign_baseline(values: dict) -> str:
    return signing.dumps(values, salt=BASELINE_SALT, compress=True)


def read_baseline(raw: str) -> dict | None:
    try:
        return signing.loads(raw or "", salt=BASELINE_SALT)
    except signing.BadSignature:
        return None


def organisation_members(organisation, roles=(Role.CASEWORKER, Role.SUPERVISOR)):
    """People of the case's organisation who may be responsible for case work."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(
            organisation=organisation, is_active=True, role__in=roles
        ).values("user_id"),
        is_active=True,
    ).order_by("username")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RiskAssessmentForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in risk.INDICATORS:
            self.fields[name] = forms.BooleanField(
                label=RiskAssessment._meta.get_field(name).verbose_name, required=False
            )


class SafetyPlanForm(forms.Form):
    plan = forms.CharField(
        label=_("Safety plan"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=TEXT_MAX,
        strip=True,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    baseline = forms.CharField(widget=forms.HiddenInput, required=False)


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


class ActionEditForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
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


class PlanDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


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


class FollowUpForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)
    assigned_to = MemberChoiceField(label=_("Assigned to"), queryset=User.objects.none())
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = organisation_members(case.organisation)


class FollowUpDoneForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"), allow_empty_file=True)
