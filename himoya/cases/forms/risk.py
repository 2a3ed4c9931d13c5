"""Forms of a case's risk: the danger checklist and the safety plan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.cases import risk
from himoya.cases.forms.common import TEXT_MAX
from himoya.cases.models import RiskAssessment
from himoya.core.versioning import HiddenVersionFormMixin, version_field


class RiskAssessmentForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in risk.INDICATORS:
            self.fields[name] = forms.BooleanField(
                label=RiskAssessment._meta.get_field(name).verbose_name, required=False
            )


class SafetyPlanForm(HiddenVersionFormMixin, forms.Form):
    plan = forms.CharField(
        label=_("Safety plan"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=TEXT_MAX,
        strip=True,
    )
    version = version_field(min_value=0)
    baseline = forms.CharField(widget=forms.HiddenInput, required=False)
