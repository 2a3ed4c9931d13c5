"""Forms for sign-in, the second factor, member management and API tokens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.accounts.models import Profession
from himoya.core.roles import Role
from himoya.core.versioning import HiddenVersionFormMixin, version_field
from himoya.directory.forms import model_field
from himoya.directory.models import Organisation
from himoya.geo.choices import district_choices


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Password"), max_length=1024, strip=False, widget=forms.PasswordInput
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class OtpForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].widget.attrs.update(
            autocomplete="one-time-code", autofocus=True, spellcheck="false"
        )


class MemberCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    profession = forms.ChoiceField(
        label=_("Profession"), choices=[("", "—"), *Profession.choices], required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to generate one. It is shown once; give it to the person safely."),
    )


class MemberEditForm(HiddenVersionFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(label=_("Active in this organisation"), required=False)
    profession = forms.ChoiceField(
        label=_("Profession"), choices=[("", "—"), *Profession.choices], required=False
    )
    version = version_field()


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(
        label=_("Current password"),
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("If your admin gave you a password (a new account, or a reset), type that one."),
    )
    new_password = forms.CharField(
        label=_("New password"),
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 10 characters, not only digits, not a common password and not like "
            "your username or name."
        ),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        new, again = data.get("new_password"), data.get("new_password_again")
        if new is not None and again is not None and new != again:
            self.add_error("new_password_again", _("The two new passwords do not match."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the name of the program that uses it."),
    )


class OrganisationCreateForm(forms.Form):
    """The platform admin's form: a new organisation and its first organisation admin.

    The admin's fields carry the prefix "admin_"; the service reports its errors as
    "organisation.<field>" and "admin.<field>" (see form_field_for_error)."""

    ORGANISATION_FIELDS = (
        "name_tg",
        "name_ru",
        "name_en",
        "slug",
        "kind",
        "district",
        "code_prefix",
        "email",
        "website",
    )
    ADMIN_FIELDS = ("username", "first_name", "last_name", "email", "profession")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in ("tg", "ru", "en"):
            self.fields[f"name_{code}"] = model_field(Organisation, f"name_{code}")
        self.fields["slug"] = model_field(Organisation, "slug")
        self.fields["slug"].help_text = _(
            "Latin letters, digits and hyphens, e.g. korvoni-umed; it is part of the "
            "organisation's addresses and cannot be changed later."
        )
        self.fields["kind"] = model_field(Organisation, "kind")
        self.fields["district"] = forms.ChoiceField(
            label=_("District"), choices=district_choices(empty_label="—")
        )
        self.fields["code_prefix"] = model_field(Organisation, "code_prefix")
        self.fields["email"] = model_field(Organisation, "email")
        self.fields["website"] = model_field(Organisation, "website", assume_scheme="https")
        self.fields["admin_username"] = forms.CharField(label=_("Username"), max_length=150)
        self.fields["admin_first_name"] = forms.CharField(
            label=_("First name"), max_length=150, required=False
        )
        self.fields["admin_last_name"] = forms.CharField(
            label=_("Last name"), max_length=150, required=False
        )
        self.fields["admin_email"] = forms.EmailField(label=_("Email"), required=False)
        self.fields["admin_profession"] = forms.ChoiceField(
            label=_("Profession"), choices=[("", "—"), *Profession.choices], required=False
        )

    def organisation_fields(self):
        return [self[name] for name in self.ORGANISATION_FIELDS]

    def admin_fields(self):
        return [self[f"admin_{name}"] for name in self.ADMIN_FIELDS]

    def organisation_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ORGANISATION_FIELDS}

    def admin_data(self) -> dict:
        return {name: self.cleaned_data[f"admin_{name}"] for name in self.ADMIN_FIELDS}

    def form_field_for_error(self, key: str) -> str | None:
        """The form field that an error of the service ("admin.email", ...) belongs to."""
        part, _dot, name = key.partition(".")
        field = f"admin_{name}" if part == "admin" else name
        return field if field in self.fields else None
