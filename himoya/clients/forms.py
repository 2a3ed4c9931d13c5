"""Forms for consent records and client details. The services hold the rules; these
only turn posted text into values and say clearly what is missing."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from himoya.clients.models import (
    AgeGroup,
    ConsentKind,
    ConsentMethod,
    Disability,
    MaritalStatus,
    Sex,
    settled_age_group,
)
from himoya.core import dates
from himoya.core.collation import NameOrderedModelChoiceField
from himoya.core.versioning import HiddenVersionFormMixin, version_field
from himoya.directory.models import Organisation, Sector
from himoya.geo.choices import DistrictChoiceField

PHONE = re.compile(r"^\+?[0-9 ()-]{5,20}$")


def checked_phone(value: str) -> str:
    """A phone number as typed, or a form error; shared by intake and the client form."""
    phone = value.strip()
    if phone and not PHONE.match(phone):
        raise forms.ValidationError(_("Type a phone number with digits, e.g. +992 93 123 4567."))
    return phone


def checked_birth_date(birth_date):
    """A real date of birth (the birth-date rule of core.dates), or a form error."""
    dates.validate_birth_date(birth_date)
    return birth_date


def settle_age_group(form, intake_day) -> None:
    """Put the age group that the birth date gives (settled_age_group, the one rule the
    services and the API also follow) into `form`, or its refusal on the age group."""
    data = form.cleaned_data
    if "birth_date" not in data or "age_group" not in data:
        return
    try:
        data["age_group"] = settled_age_group(data["birth_date"], data["age_group"], intake_day)
    except ValidationError as error:
        for message in error.message_dict["age_group"]:
            form.add_error("age_group", message)


YES_NO_UNKNOWN = [("unknown", _("not asked")), ("yes", _("yes")), ("no", _("no"))]
TRI_STATE = {"yes": True, "no": False, "unknown": None}


def _tri(value) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent"), choices=ConsentKind.choices)
    method = forms.ChoiceField(
        label=_("How it was given"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        initial=ConsentMethod.VERBAL,
    )
    recipient_organisation = NameOrderedModelChoiceField(
        label=_("Organisation (for consent to share with an organisation)"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        required=False,
    )
    recipient_sector = forms.ChoiceField(
        label=_("Sector (for consent to share with a sector)"),
        choices=[("", "—"), *Sector.choices],
        required=False,
    )
    caregiver_relationship = forms.CharField(
        label=_("Caregiver's relationship to the child"),
        required=False,
        max_length=100,
        help_text=_("For a child: who gave the caregiver's consent."),
    )
    not_sought_reason = forms.CharField(
        label=_("Why caregiver consent was not sought"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a child, when asking a caregiver would not be in the child's interest."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisation"].queryset = Organisation.objects.filter(
            is_active=True
        ).order_by("name_en")


class WithdrawConsentForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what the client said, in a few words."),
    )


class ClientForm(HiddenVersionFormMixin, forms.Form):
    version = version_field()
    name = forms.CharField(label=_("Name or alias"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    may_call = forms.ChoiceField(
        label=_("Is it safe to call her?"), choices=YES_NO_UNKNOWN, widget=forms.RadioSelect
    )
    call_times = forms.CharField(
        label=_("When is it safe to call?"), required=False, max_length=200
    )
    code_word = forms.CharField(label=_("Code word"), required=False, max_length=100)
    may_visit = forms.ChoiceField(
        label=_("Is it safe to visit her?"), choices=YES_NO_UNKNOWN, widget=forms.RadioSelect
    )
    contact_notes = forms.CharField(
        label=_("Other safe-contact instructions"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_group = forms.ChoiceField(
        label=_("Age group at intake"),
        choices=AgeGroup.choices,
        help_text=_("With a date of birth, it follows from the date."),
    )
    district = DistrictChoiceField(
        label=_("District"),
        to_field_name="slug",
        required=False,
        empty_label=_("not known"),
    )
    disability = forms.ChoiceField(label=_("Disability"), choices=Disability.choices)
    marital_status = forms.ChoiceField(label=_("Marital status"), choices=MaritalStatus.choices)
    children_count = forms.IntegerField(
        label=_("Number of children"), required=False, min_value=0, max_value=30
    )

    def __init__(self, *args, intake_day=None, **kwargs):
        """`intake_day`: the day the client was first recorded, which the age group
        refers to (Client.intake_day); today when not given."""
        super().__init__(*args, **kwargs)
        self.intake_day = intake_day or timezone.localdate()

    @classmethod
    def initial_for(cls, client) -> dict:
        contact = client.safe_contact or {}
        return {
            "version": client.version,
            "name": client.name,
            "phone": client.phone,
            "address": client.address,
            "birth_date": client.birth_date,
            "may_call": _tri(contact.get("may_call")),
            "call_times": contact.get("call_times", ""),
            "code_word": contact.get("code_word", ""),
            "may_visit": _tri(contact.get("may_visit")),
            "contact_notes": contact.get("notes", ""),
            "sex": client.sex,
            "age_group": client.age_group,
            "district": client.district.slug if client.district_id else "",
            "disability": client.disability,
            "marital_status": client.marital_status,
            "children_count": client.children_count,
        }

    def clean_phone(self):
        return checked_phone(self.cleaned_data["phone"])

    def clean_birth_date(self):
        return checked_birth_date(self.cleaned_data["birth_date"])

    def clean(self):
        data = super().clean()
        settle_age_group(self, self.intake_day)
        return data

    def client_data(self) -> dict:
        """The services' field names and values (safe-contact answers as one object)."""
        data = self.cleaned_data
        contact = {
            "may_call": TRI_STATE[data["may_call"]],
            "may_visit": TRI_STATE[data["may_visit"]],
            "call_times": data["call_times"].strip(),
            "code_word": data["code_word"].strip(),
            "notes": data["contact_notes"].strip(),
        }
        return {
            "name": data["name"],
            "phone": data["phone"],
            "address": data["address"],
            "birth_date": data["birth_date"],
            "safe_contact": {k: v for k, v in contact.items() if v not in (None, "")},
            "sex": data["sex"],
            "age_group": data["age_group"],
            "district": data["district"],
            "disability": data["disability"],
            "marital_status": data["marital_status"],
            "children_count": data["children_count"],
        }
