"""The first-contact form: only what is needed now; everything else can wait."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from himoya.cases.models import Priority
from himoya.clients.forms import checked_birth_date, checked_phone, settle_age_group
from himoya.clients.models import CHILD_AGE_GROUPS, AgeGroup, ConsentMethod, Sex
from himoya.core.collation import NameOrderedModelChoiceField
from himoya.geo.choices import DistrictChoiceField


class IntakeForm(forms.Form):
    organisation = NameOrderedModelChoiceField(
        label=_("Organisation"), queryset=None, to_field_name="slug"
    )
    name = forms.CharField(
        label=_("Name or alias"),
        required=False,
        max_length=200,
        help_text=_("Optional. An alias is fine."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. With the name, it warns you if she is already a client."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    may_call = forms.ChoiceField(
        label=_("Is it safe to call her?"),
        choices=[("yes", _("yes")), ("no", _("no")), ("unknown", _("not asked"))],
        widget=forms.RadioSelect,
        initial="unknown",
    )
    call_times = forms.CharField(
        label=_("When is it safe to call?"), required=False, max_length=200
    )
    code_word = forms.CharField(label=_("Code word"), required=False, max_length=100)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE)
    # "Not known" until asked: a default child age group would demand caregiver consent.
    age_group = forms.ChoiceField(
        label=_("Age group"),
        choices=AgeGroup.choices,
        initial=AgeGroup.UNKNOWN,
        help_text=_("With a date of birth, it follows from the date."),
    )
    district = DistrictChoiceField(
        label=_("District"),
        to_field_name="slug",
        required=False,
        empty_label=_("not known"),
    )
    consent_services = forms.BooleanField(
        label=_("The client consents to receive services"), required=True
    )
    consent_method = forms.ChoiceField(
        label=_("Consent given"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        initial=ConsentMethod.VERBAL,
    )
    caregiver_consent = forms.ChoiceField(
        label=_("For a child: caregiver's consent"),
        choices=[
            ("", _("not a child")),
            ("given", _("given by a caregiver")),
            ("not_sought", _("not sought")),
        ],
        required=False,
    )
    caregiver_relationship = forms.CharField(
        label=_("Caregiver's relationship to the child"), required=False, max_length=100
    )
    not_sought_reason = forms.CharField(
        label=_("Why caregiver consent was not sought"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Yes, this is a different person: create a new client"), required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        slugs = [organisation.slug for organisation in organisations]
        if len(slugs) == 1:
            self.fields["organisation"].initial = slugs[0]
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_phone(self):
        return checked_phone(self.cleaned_data["phone"])

    def clean_birth_date(self):
        return checked_birth_date(self.cleaned_data["birth_date"])

    def clean(self):
        data = super().clean()
        # The age group follows the birth date (a child is never opened as an adult),
        # before the caregiver rule asks whether she is a child.
        settle_age_group(self, timezone.localdate())
        if data.get("age_group") in CHILD_AGE_GROUPS:
            choice = data.get("caregiver_consent")
            if choice not in ("given", "not_sought"):
                self.add_error(
                    "caregiver_consent",
                    _("For a child, record the caregiver's consent or why it was not sought."),
                )
            elif choice == "given" and not data.get("caregiver_relationship", "").strip():
                self.add_error("caregiver_relationship", _("Say who the caregiver is."))
            elif choice == "not_sought" and not data.get("not_sought_reason", "").strip():
                self.add_error("not_sought_reason", _("Give the reason."))
        return data

    def client_fields(self) -> dict:
        data = self.cleaned_data
        safe_contact = {"may_call": {"yes": True, "no": False}.get(data["may_call"])}
        if data["call_times"]:
            safe_contact["call_times"] = data["call_times"]
        if data["code_word"]:
            safe_contact["code_word"] = data["code_word"]
        return {
            "name": data["name"].strip(),
            "birth_date": data["birth_date"],
            "phone": data["phone"],
            "safe_contact": safe_contact,
            "sex": data["sex"],
            "age_group": data["age_group"],
            "district": data["district"],
        }

    def child_consent(self) -> dict | None:
        data = self.cleaned_data
        if data["age_group"] not in CHILD_AGE_GROUPS:
            return None
        return {
            "given": data["caregiver_consent"] == "given",
            "method": data["consent_method"],
            "relationship": data["caregiver_relationship"].strip(),
            "reason": data["not_sought_reason"].strip(),
        }
