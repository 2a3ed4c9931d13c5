"""Forms of the call log (a call, the filters, the statistics' period) and of opening a
case from a call, with the caregiver's fields that a referral of a child caller uses
too. They parse input; himoya.hotline.services holds the rules and checks them again,
so a page and the API refuse the same values with the same words."""

import hashlib
import json

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from himoya.clients.models import CHILD_AGE_GROUPS, AgeGroup, Sex
from himoya.core.collation import NameOrderedModelChoiceField, sorted_by_name
from himoya.core.versioning import OUT_OF_DATE, HiddenVersionFormMixin, version_field
from himoya.directory.models import Language
from himoya.geo.choices import districts_by_region
from himoya.hotline import services
from himoya.hotline.models import CallAction, CallerType, CallTopic
from himoya.hotline.queries import MAX_PERIOD_DAYS, period_errors
from himoya.incidents.models import LawForm

BASELINE_SALT = "himoya.hotline.call.baseline"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# With a context: other apps use "From" and "To" for a sender and a recipient, and the
# first catalog holding a msgid wins.
FROM_DAY = pgettext_lazy("first day of a period", "From")
TO_DAY = pgettext_lazy("last day of a period", "To")


def district_choices():
    """(region name, [(slug, district name), ...]) alphabetically, and the districts by
    slug: one query, names in the current language."""
    groups = []
    by_slug = {}
    for region, districts in districts_by_region():
        groups.append((region.name, [(district.slug, district.name) for district in districts]))
        by_slug.update((district.slug, district) for district in districts)
    return groups, by_slug


class DistrictField(forms.ChoiceField):
    """A select of every district grouped by region; cleans to a District (or None)."""

    def __init__(self, **kwargs):
        super().__init__(choices=(), **kwargs)
        self.districts: dict = {}

    def load(self, empty_label):
        groups, self.districts = district_choices()
        self.choices = [("", empty_label), *groups]

    def clean(self, value):
        slug = super().clean(value)
        return self.districts.get(slug) if slug else None


class OrganisationMixin:
    """An organisation select; hidden when the user has only one."""

    def clean(self):
        cleaned = super().clean()
        field = self.fields.get("organisation")
        # A hidden select has nowhere to show its error, and only a tampered or stale
        # page gets it wrong: say so above the form.
        if field is not None and field.widget.is_hidden and "organisation" in self._errors:
            del self._errors["organisation"]
            raise ValidationError(OUT_OF_DATE, code="out_of_date")
        return cleaned

    def set_organisations(self, organisations) -> None:
        field = self.fields["organisation"]
        field.queryset = organisations
        slugs = [organisation.slug for organisation in sorted_by_name(organisations)]
        if slugs:
            field.initial = slugs[0]
        if len(slugs) == 1:
            field.widget = forms.HiddenInput()


class CallForm(OrganisationMixin, HiddenVersionFormMixin, forms.Form):
    """Log a call (without `version`) or edit one (with it)."""

    organisation = NameOrderedModelChoiceField(
        label=_("Organisation"), queryset=None, to_field_name="slug"
    )
    version = version_field()
    # The values as loaded, signed: names what someone else changed meanwhile.
    baseline = forms.CharField(widget=forms.HiddenInput, required=False)
    started_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=0,
        max_value=services.MAX_DURATION,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    caller_type = forms.ChoiceField(
        label=_("Who called"),
        choices=CallerType.choices,
        widget=forms.RadioSelect,
        initial=CallerType.SURVIVOR,
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.FEMALE)
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=AgeGroup.choices, initial=AgeGroup.UNKNOWN
    )
    district = DistrictField(label=_("District"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the call"), choices=Language.choices, initial=Language.TAJIK
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=CallTopic.choices, widget=forms.RadioSelect)
    forms_of_violence = forms.MultipleChoiceField(
        label=_("Forms of violence disclosed"),
        choices=LawForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    risk_flag = forms.BooleanField(
        label=_("At risk now"),
        required=False,
        help_text=_("She or a child is in danger now, or fears for her life."),
    )
    actions = forms.MultipleChoiceField(
        label=_("What was done"),
        choices=CallAction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=services.TEXT_MAX["summary"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. No names: what was asked and what was advised."),
    )
    callback_wanted = forms.BooleanField(
        label=_("Wants a call back"),
        required=False,
        help_text=_("Only then keep a name and number; they are stored encrypted."),
    )
    callback_name = forms.CharField(
        label=_("Name for the call back"),
        required=False,
        max_length=services.TEXT_MAX["callback_name"],
        help_text=_("Optional. An alias is fine."),
    )
    callback_phone = forms.CharField(
        label=_("Number for the call back"),
        required=False,
        max_length=services.TEXT_MAX["callback_phone"],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            del self.fields["version"]
            del self.fields["baseline"]
            self.set_organisations(organisations)
            self.fields["started_at"].initial = timezone.localtime().strftime(DATETIME_FORMAT)
        self.fields["district"].load(_("not known"))

    def clean(self):
        cleaned = super().clean()
        values = self.call_data(cleaned)
        try:
            services.checked_call(values)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    if name in self.fields and name not in self._errors:
                        self.add_error(name, message)
        wanted = cleaned.get("callback_wanted")
        if not wanted and (cleaned.get("callback_name") or cleaned.get("callback_phone")):
            self.add_error(
                "callback_wanted",
                _(
                    "Keep a name or number only when the caller wants a call back: tick "
                    "“wants a call back” or leave them empty."
                ),
            )
        if wanted and not cleaned.get("callback_phone") and "callback_phone" not in self._errors:
            self.add_error(
                "callback_phone",
                _("Give the number to call back, or untick “wants a call back”."),
            )
        return cleaned

    def call_data(self, cleaned=None) -> dict:
        """The services' field names and values, for the fields that cleaned."""
        cleaned = self.cleaned_data if cleaned is None else cleaned
        return {name: cleaned[name] for name in services.CALL_FIELDS if name in cleaned}


def snapshot(call) -> dict:
    """The editable values of `call` as the form shows them."""
    return {
        "started_at": timezone.localtime(call.started_at).strftime(DATETIME_FORMAT),
        "duration_minutes": call.duration_minutes,
        "caller_type": call.caller_type,
        "sex": call.sex,
        "age_group": call.age_group,
        "district": call.district.slug if call.district_id else "",
        "language": call.language,
        "topic": call.topic,
        "forms_of_violence": list(call.forms_of_violence),
        "risk_flag": call.risk_flag,
        "actions": list(call.actions),
        "summary": call.summary,
        "callback_wanted": call.callback_wanted,
        "callback_name": call.callback_name,
        "callback_phone": call.callback_phone,
    }


def _digest(value) -> str:
    # Digests, not values: the signed baseline is readable, and it must not carry the
    # caller's number or the summary in the page's hidden field.
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sign_baseline(values: dict) -> str:
    return signing.dumps(
        {name: _digest(value) for name, value in values.items()}, salt=BASELINE_SALT
    )


def changed_since(raw_baseline: str, current: dict) -> list[str]:
    """Fields whose saved value differs from the editor's baseline (all if it is lost)."""
    try:
        baseline = signing.loads(raw_baseline or "", salt=BASELINE_SALT)
    except signing.BadSignature:
        baseline = {}
    return [name for name, value in current.items() if baseline.get(name) != _digest(value)]


def initial_for(call) -> dict:
    values = snapshot(call)
    return {**values, "version": call.version, "baseline": sign_baseline(values)}


YES_NO_ANY = [("", _("any")), ("yes", _("yes")), ("no", _("no"))]


class CallFilterForm(OrganisationMixin, forms.Form):
    """The call log's filters; every field optional (the organisation: the first)."""

    organisation = NameOrderedModelChoiceField(
        label=_("Organisation"), queryset=None, to_field_name="slug", required=False
    )
    date_from = forms.DateField(label=FROM_DAY, required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=TO_DAY, required=False, widget=DATE_WIDGET)
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("any")), *CallTopic.choices], required=False
    )
    caller_type = forms.ChoiceField(
        label=_("Who called"), choices=[("", _("any")), *CallerType.choices], required=False
    )
    district = DistrictField(label=_("District"), required=False)
    risk = forms.ChoiceField(label=_("At risk now"), choices=YES_NO_ANY, required=False)
    callback = forms.ChoiceField(label=_("Wants a call back"), choices=YES_NO_ANY, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_organisations(organisations)
        self.fields["district"].load(_("any"))

    def clean(self):
        cleaned = super().clean()
        errors = period_errors(cleaned.get("date_from"), cleaned.get("date_to"))
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned


class PeriodForm(OrganisationMixin, forms.Form):
    """The statistics period: this month unless chosen."""

    organisation = NameOrderedModelChoiceField(
        label=_("Organisation"), queryset=None, to_field_name="slug", required=False
    )
    date_from = forms.DateField(label=FROM_DAY, required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=TO_DAY, required=False, widget=DATE_WIDGET)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_organisations(organisations)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        start = cleaned.get("date_from") or today.replace(day=1)
        end = cleaned.get("date_to") or today
        cleaned["date_from"], cleaned["date_to"] = start, end
        for name, message in period_errors(start, end, max_days=MAX_PERIOD_DAYS).items():
            self.add_error(name, message)
        return cleaned


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
