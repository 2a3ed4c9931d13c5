"""Forms of the directory pages. They only parse input: the writes and their
validation against the model live in himoya.directory.services."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from himoya.core.collation import NameOrderedModelMultipleChoiceField
from himoya.core.versioning import HiddenVersionFormMixin, version_field
from himoya.directory.models import (
    Language,
    Location,
    Organisation,
    OrganisationKind,
    Phone,
    Service,
    ServiceType,
)
from himoya.directory.search import NEEDS, need_choices
from himoya.geo.choices import (
    RegionCheckboxes,
    district_choices,
    jamoat_choices,
    region_choices,
)
from himoya.geo.models import District, Region

LANGUAGE_NAMES = {"tg": _("Tajik"), "ru": _("Russian"), "en": _("English")}
BASELINE_SALT = "himoya.directory.baseline"


class FindHelpForm(forms.Form):
    district = forms.ChoiceField(label=_("District or city"), required=False)
    region = forms.ChoiceField(label=_("or a whole region"), required=False)
    need = forms.ChoiceField(label=_("What help do you need?"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices(_("— choose a district —"))
        self.fields["region"].choices = region_choices(_("— or a region —"))
        self.fields["need"].choices = need_choices()
        for name in self.fields:
            self.fields[name].error_messages["invalid_choice"] = {
                "district": _("We do not know this district. Please choose one from the list."),
                "region": _("We do not know this region. Please choose one from the list."),
                "need": _("We do not know this kind of help. Please choose one from the list."),
            }[name]

    def clean_need(self):
        need = self.cleaned_data.get("need") or "any"
        return need if need in NEEDS else "any"

    def clean(self):
        data = super().clean()
        if data.get("district"):
            data["district"] = District.objects.select_related("region").get(slug=data["district"])
        else:
            data["district"] = None
        data["region"] = Region.objects.get(code=data["region"]) if data.get("region") else None
        return data

    @property
    def has_place(self) -> bool:
        return bool(self.cleaned_data.get("district") or self.cleaned_data.get("region"))


class OrganisationFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(_("All regions"))
        self.fields["kind"].choices = [("", _("All kinds"))] + list(OrganisationKind.choices)
        self.fields["region"].error_messages["invalid_choice"] = _(
            "We do not know this region. Please choose one from the list."
        )
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "We do not know this kind of organisation. Please choose one from the list."
        )


def model_field(model, name, **overrides):
    """A form field built from the model field, so labels and limits stay in one place."""
    return model._meta.get_field(name).formfield(**overrides)


class VersionedForm(HiddenVersionFormMixin, forms.Form):
    """An edit form that carries the version it was loaded at and a signed copy of the values."""

    version = version_field(required=False)
    baseline = forms.CharField(widget=forms.HiddenInput, required=False)

    def baseline_values(self) -> dict:
        try:
            return signing.loads(self.cleaned_data.get("baseline") or "", salt=BASELINE_SALT)
        except signing.BadSignature:
            return {}

    @staticmethod
    def sign_baseline(values: dict) -> str:
        return signing.dumps(values, salt=BASELINE_SALT, compress=True)

    TRANSLATED: tuple[str, ...] = ()

    def translated_groups_all(self):
        """The translated fields grouped per language, for one fieldset per language."""
        return [
            (LANGUAGE_NAMES[code], [self[f"{name}_{code}"] for name in self.TRANSLATED])
            for code in ("tg", "ru", "en")
        ]


class OrganisationForm(VersionedForm):
    TRANSLATED = ("name", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.TRANSLATED:
            for code in ("tg", "ru", "en"):
                self.fields[f"{name}_{code}"] = model_field(Organisation, f"{name}_{code}")
        self.fields["district"] = forms.ChoiceField(label=_("District"), choices=district_choices())
        self.fields["email"] = model_field(Organisation, "email")
        self.fields["website"] = model_field(Organisation, "website", assume_scheme="https")

    def groups(self):
        return [
            (_("Where and how to reach you"), [self["district"], self["email"], self["website"]])
        ]


class LocationForm(VersionedForm):
    TRANSLATED = ("name", "address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"] = forms.ChoiceField(label=_("District"), choices=district_choices())
        self.fields["jamoat"] = forms.ChoiceField(
            label=_("Jamoat"),
            required=False,
            choices=jamoat_choices(empty_label="—"),
        )
        self.fields["is_confidential"] = model_field(Location, "is_confidential")
        self.fields["is_confidential"].help_text = _(
            "Shelters: the address is never shown on public pages."
        )
        for name in self.TRANSLATED:
            for code in ("tg", "ru", "en"):
                self.fields[f"{name}_{code}"] = model_field(Location, f"{name}_{code}")

    def groups(self):
        return [(_("Place"), [self["district"], self["jamoat"], self["is_confidential"]])]


class ServiceForm(VersionedForm):
    TRANSLATED = ("name", "description", "hours", "eligibility", "what_to_bring", "fees")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"] = forms.ChoiceField(
            label=_("Service type"), choices=ServiceType.choices
        )
        self.fields["districts_served"] = forms.MultipleChoiceField(
            label=_("Districts served"),
            choices=district_choices(),
            widget=RegionCheckboxes,
            help_text=_("Tick every district the service covers."),
        )
        self.fields["locations"] = NameOrderedModelMultipleChoiceField(
            label=_("Locations"),
            queryset=organisation.locations.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["languages"] = forms.MultipleChoiceField(
            label=_("Languages"),
            choices=Language.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["is_free"] = model_field(Service, "is_free")
        self.fields["capacity"] = model_field(Service, "capacity")
        self.fields["email"] = model_field(Service, "email")
        self.fields["phones"] = forms.CharField(
            label=_("Phones"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_(
                "One number a line. Add “, sms”, “, hotline” or “, messenger” for the kind "
                "and “, free” for a free call, e.g. “1313, hotline, free”."
            ),
        )
        for name in self.TRANSLATED:
            for code in ("tg", "ru", "en"):
                self.fields[f"{name}_{code}"] = model_field(Service, f"{name}_{code}")

    def groups(self):
        return [
            (
                _("What and where"),
                [
                    self[name]
                    for name in (
                        "service_type",
                        "districts_served",
                        "locations",
                        "languages",
                        "is_free",
                        "capacity",
                        "email",
                        "phones",
                    )
                ],
            )
        ]

    def clean_phones(self):
        """Parse the phone lines into dicts; the service function checks the numbers."""
        phones = []
        for line in (self.cleaned_data.get("phones") or "").splitlines():
            parts = [part.strip().lower() for part in line.split(",") if part.strip()]
            if not parts:
                continue
            number, tags = parts[0], set(parts[1:])
            kinds = tags & set(Phone.Kind.values)
            unknown = tags - kinds - {"free"}
            if unknown or len(kinds) > 1:
                raise forms.ValidationError(
                    _("Not understood: %(line)s") % {"line": line.strip()[:60]}
                )
            phones.append(
                {
                    "number": number,
                    "kind": kinds.pop() if kinds else Phone.Kind.VOICE,
                    "is_free_call": "free" in tags,
                }
            )
        return phones


def phones_as_text(phones) -> str:
    lines = []
    for phone in phones:
        parts = [phone.number]
        if phone.kind != Phone.Kind.VOICE:
            parts.append(phone.kind)
        if phone.is_free_call:
            parts.append("free")
        lines.append(", ".join(parts))
    return "\n".join(lines)
