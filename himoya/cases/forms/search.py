"""The search for a returning client on the case list: name and birth year, or phone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from himoya.clients.search import NAME_MAX, PHONE_MAX, checked_search

# Browsers must not remember what was typed: the office computer may be shared.
PRIVATE = {"autocomplete": "off", "spellcheck": "false"}


class ClientSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs=PRIVATE),
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        widget=forms.TextInput(attrs={**PRIVATE, "inputmode": "numeric", "maxlength": 4}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=PHONE_MAX,
        widget=forms.TextInput(attrs={**PRIVATE, "type": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        # Distinct ids: the form shares the case list page with the list's filters.
        kwargs.setdefault("auto_id", "search-%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        """The rules are the clients app's (the API applies the same ones)."""
        data = super().clean()
        if not self.errors:
            self.search = checked_search(
                data.get("name") or "", data.get("birth_year"), data.get("phone") or ""
            )
        return data
