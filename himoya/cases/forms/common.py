"""What the forms of a case's pages share: text limits, the date widget, the signed
baseline of an edit (the values the editor loaded, to name what changed meanwhile) and
choosing a member of the case's organisation."""

from django import forms
from django.core import signing

from himoya.accounts.roles import members_holding
from himoya.core.collation import NameOrderedModelChoiceField
from himoya.core.roles import Role

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
    return members_holding(organisation, roles).order_by("username")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class OrganisationChoiceField(NameOrderedModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name
